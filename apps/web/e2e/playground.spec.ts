/**
 * Playground's controls (datasets, noise, training share, features, batch size, L1/L2, and the
 * mistakes menu): each one set on the page is written to the link, and the link gives back the
 * same run — the same numbers, bit for bit.
 */
import { atEpoch, expect, readValue, ready, tableShown, test } from './fixtures';

/** Sets a number field the way a user does (type, then Enter commits it). */
async function enter(page: import('@playwright/test').Page, testId: string, value: string) {
  await page.getByTestId(testId).fill(value);
  await page.getByTestId(testId).press('Enter');
}

test.describe('Playground controls', () => {
  test('each new control round-trips through the link with bit-identical numbers', async ({
    page,
    browser,
  }) => {
    await page.goto('/');
    await ready(page);
    // XOR has no test set: one curve.
    await expect(page.locator('#loss-chart .u-legend')).toBeVisible();
    await expect(page.locator('#loss-chart .u-legend')).not.toContainText('test');
    await page.getByTestId('option-dataset').selectOption('spiral');
    await expect(page).toHaveURL(/[#&]data=spiral&/);
    await enter(page, 'option-noise', '20');
    await expect(page).toHaveURL(/[#&]noise=20&/);
    await enter(page, 'option-trainRatio', '70');
    await expect(page).toHaveURL(/[#&]train=70&/);
    await page.locator('summary', { hasText: 'Checks and outcomes' }).click();
    // One checkbox per feature, named by the option row's vocabulary.
    for (const feature of ['x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2'])
      await page.getByTestId(`choice-features-${feature}`).check();
    await expect(page).toHaveURL(/[#&]feat=x1,x2,x1Squared,x2Squared,x1x2,sinX1,sinX2&/);
    // The input layer follows the features.
    await expect(page).toHaveURL(/[#&]layers=7,/);
    await enter(page, 'option-batchSize', '10');
    await expect(page).toHaveURL(/[#&]batch=10&/);
    await page.getByTestId('option-regularization').selectOption('l2');
    await expect(page).toHaveURL(/[#&]reg=l2&/);
    await enter(page, 'option-regularizationRate', '0.003');
    await expect(page).toHaveURL(/[#&]regRate=0\.003&/);
    await page.getByTestId('option-bug').selectOption('wrongSign');
    await expect(page).toHaveURL(/[#&]bug=wrongSign&/);
    for (let k = 1; k <= 3; k++) {
      await page.getByTestId('step').click();
      await atEpoch(page, k);
    }
    // 70 % of the 200 points train; the rest are the test set, drawn and counted apart.
    await expect(page.getByTestId('accuracy')).toContainText('on the 140 training points (filled)');
    await expect(page.getByTestId('accuracy')).toContainText('on the 60 test points (hollow)');
    // The loss chart draws the test set's loss beside the training loss.
    await page.locator('.loss-panel').scrollIntoViewIfNeeded();
    await expect(page.locator('#loss-chart .u-legend')).toContainText('test');
    // The mistake is flagged at once.
    await expect(page.getByTestId('disagreement')).toHaveAttribute('data-epoch', '0');
    await expect(page).toHaveURL(/[#&]epoch=3&/);
    const link = page.url();
    const rows = await (async () => {
      await tableShown(page, 7 * 2 + 2 + 2 + 1);
      await expect(page.getByTestId('table-note')).toContainText('over all 140 training examples');
      return page.getByTestId('grad-row').count();
    })();
    const read = async (p: typeof page) => ({
      loss: await readValue(p, 'loss'),
      cells: await p
        .getByTestId('cell-value')
        .evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.value)),
      autodiff: await p
        .getByTestId('cell-autodiff')
        .evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.value)),
    });
    const here = await read(page);

    const other = await browser.newPage();
    await other.goto(link);
    await atEpoch(other, 3);
    await tableShown(other, rows);
    for (const [testId, value] of [
      ['option-dataset', 'spiral'],
      ['option-noise', '20'],
      ['option-trainRatio', '70'],
      ['option-batchSize', '10'],
      ['option-regularization', 'l2'],
      ['option-regularizationRate', '0.003'],
      ['option-bug', 'wrongSign'],
    ] as const)
      await expect(other.getByTestId(testId)).toHaveValue(value);
    await expect(other.getByTestId('option-features')).toHaveAttribute(
      'data-value',
      'x1,x2,x1Squared,x2Squared,x1x2,sinX1,sinX2',
    );
    expect(await read(other)).toEqual(here);
    expect(other.url()).toBe(link);
    await other.close();
  });
});
