/**
 * The classroom link: a teacher hides chosen controls; the link opens the run with only the
 * others, the hidden settings fixed at the link's values, a notice, and a way out.
 */
import { atEpoch, expect, ready, test, violations } from './fixtures';

test.describe('a classroom link', () => {
  test('hides the ticked controls, keeps their values, round-trips, and leads back to the full page', async ({
    page,
  }) => {
    await page.goto('/');
    await ready(page);
    // The teacher's run: a learning rate of 0.3 and a tanh hidden layer.
    await page.getByTestId('option-lr').selectOption('0.3');
    await expect(page).toHaveURL(/[#&]lr=0\.3&/);
    await page.getByTestId('step').click();
    await atEpoch(page, 1);

    // The checklist is grouped as the controls are, one box per control.
    await page.locator('#classroom > summary').click();
    const groups = page.locator('#classroom-groups fieldset');
    await expect(groups.locator('legend')).toHaveText([
      'Network',
      'Training',
      'Initial weights',
      'Data',
      'Checks and outcomes, features, batches, penalty',
      'Beside the gradient table',
    ]);
    await expect(groups.first().locator('input')).toHaveCount(await groups.first().locator('label').count());
    for (const key of ['lr', 'seed', 'layers', 'bug']) await page.getByTestId(`hide-${key}`).check();
    await expect(page.getByTestId('classroom-count')).toHaveText('The link hides 4 settings.');
    const link = await page.getByTestId('classroom-link').getAttribute('href');
    expect(link).toMatch(/&lr=0\.3&.*&hide=layers,seed,lr,bug&epoch=1&/);

    // A student opens it.
    await page.goto(`/${link}`);
    await page.reload();
    await atEpoch(page, 1);
    const notice = page.getByTestId('classroom-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('Classroom mode');
    await expect(notice).toContainText('Learning rate');
    for (const hidden of ['option-lr', 'option-seed', 'option-bug', 'hidden-units-1'])
      await expect(page.getByTestId(hidden)).toBeHidden();
    await expect(page.getByRole('button', { name: 'Add hidden layer' })).toBeHidden();
    // Beside the table the mistakes menu goes; the methods' toggle, not hidden, stays.
    await expect(page.locator('.table-panel').getByTestId('option-method')).toBeVisible();
    // The seed is fixed, so the gallery (which loads other seeds) is not offered; nor the picker.
    await expect(page.locator('.gallery')).toBeHidden();
    await expect(page.getByTestId('classroom')).toBeHidden();
    await expect(page.getByTestId('option-activation')).toBeVisible();
    // The page writes back exactly the link it was given.
    await expect.poll(() => new URL(page.url()).hash).toBe(link);
    expect(await violations(page)).toEqual([]);

    // A visible setting changes; the hidden ones keep the link's values, and the link its list.
    await page.getByTestId('option-activation').selectOption('tanh');
    await expect(page).toHaveURL(/[#&]act=tanh&/);
    expect(page.url()).toMatch(/&lr=0\.3&.*&hide=layers,seed,lr,bug&epoch=0&/);
    await page.reload();
    await ready(page);
    await expect(page.getByTestId('option-activation')).toHaveValue('tanh');
    await expect(page.getByTestId('option-lr')).toBeHidden();

    // The way out: the same run with every control.
    await page.getByTestId('classroom-full').click();
    await expect(notice).toBeHidden();
    await expect(page.getByTestId('option-lr')).toBeVisible();
    await expect(page.getByTestId('option-lr')).toHaveValue('0.3');
    await expect(page.getByTestId('option-bug')).toBeVisible();
    expect(page.url()).not.toMatch(/hide=/);
    expect(page.url()).toMatch(/[#&]act=tanh&/);
  });

  test('that fixes the weight edits offers no edge to edit', async ({ page }) => {
    await page.goto('/#v=2&edit=W1[0,1]=0.75@0&hide=edit');
    await ready(page);
    await expect(page.getByTestId('classroom-notice')).toContainText('Weight edits');
    await expect(page.getByTestId('edge')).toHaveCount(6);
    await expect(page.getByTestId('edge').first()).toBeHidden();
    await expect(page.getByTestId('option-edits')).toBeHidden();
    // The link's edit still applies.
    await expect(page.getByTestId('network')).toContainText('0.75');
    expect(await violations(page)).toEqual([]);
  });
});
