/** The settings come from crosscheck's option table: every option of the link has a control. */
import { atEpoch, expect, ready, tableShown, test } from './fixtures';

test.describe('options from crosscheck’s table', () => {
  test('every option the link carries has a control (the layers have their editor)', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    await expect(page).toHaveURL(/#v=2&/);
    const keys = new URL(page.url()).hash
      .slice(1)
      .split('&')
      .map((pair) => pair.split('=')[0]!)
      .filter((k) => !['v', 'layers', 'epoch', 'speed'].includes(k));
    expect(keys.length).toBeGreaterThanOrEqual(15);
    // Each control is labelled, and its label's title is the option's help (the mistakes menu
    // sits beside the gradient table, the others in the settings form).
    const controls = page.locator(
      '#config [data-testid^="option-"], #lesson-controls [data-testid^="option-"]',
    );
    await expect(controls).toHaveCount(keys.length);
    for (const control of await controls.all()) {
      expect(
        await control.evaluate((el) => (el.closest('[title]')?.getAttribute('title') ?? '').length),
      ).toBeGreaterThan(10);
    }
  });

  test('options beyond the first ones round-trip through the link and a reload', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    await page.getByTestId('option-dataset').selectOption('circle');
    await expect(page).toHaveURL(/[#&]data=circle&/);
    await page.getByTestId('option-dataSeed').fill('5');
    await page.getByTestId('option-dataSeed').press('Enter');
    await expect(page).toHaveURL(/[#&]dseed=5&/);
    await page.locator('summary', { hasText: 'Checks and outcomes' }).click();
    await page.getByTestId('option-convergedBelow').fill('0.02');
    await page.getByTestId('option-convergedBelow').press('Enter');
    await expect(page).toHaveURL(/[#&]bar=0.02&/);
    await page.getByTestId('choice-method-forward').uncheck();
    await page.getByTestId('choice-method-manual').uncheck();
    await expect(page).toHaveURL(/[#&]method=autodiff&/);
    await page.getByTestId('step').click();
    await atEpoch(page, 1);
    // One method: its column alone, nothing to compare, and the table says so rather than showing a number.
    await tableShown(page, 9);
    await expect(page.getByTestId('cell-autodiff')).toHaveCount(9);
    await expect(page.getByTestId('cell-manual')).toHaveCount(0);
    await expect(page.getByTestId('cell-abs-diff').first()).toHaveText('—');
    await page.reload();
    await ready(page);
    await expect(page.getByTestId('option-dataSeed')).toHaveValue('5');
    await expect(page.getByTestId('option-method')).toHaveAttribute('data-value', 'autodiff');
    await expect(page.getByTestId('choice-method-manual')).not.toBeChecked();
    await expect(page.getByTestId('option-convergedBelow')).toHaveValue('0.02');
  });

  test('a choice that breaks a rule joining options is offered disabled, with the reason', async ({
    page,
  }) => {
    await page.goto('/');
    await ready(page);
    await page.getByTestId('option-outputActivation').selectOption('tanh');
    await expect(page).toHaveURL(/[#&]out=tanh&/);
    const bce = page.getByTestId('option-loss').locator('option[value="bce"]');
    await expect(bce).toBeDisabled();
    await expect(bce).toHaveAttribute('title', /bce needs Output activation sigmoid/);
  });
});
