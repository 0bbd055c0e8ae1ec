/**
 * Forward mode's column: off by default on the page (crosscheck's web default), one tick of the
 * `method` option's own control beside the table adds it, and the link carries it bit for bit.
 */
import type { Page } from '@playwright/test';
import { atEpoch, expect, readValue, ready, tableShown, test } from './fixtures';

/** The table at `epoch`: θ and each method's gradients, as full-precision text. */
async function table(page: Page, epoch: number) {
  await tableShown(page, 9);
  await expect(page.getByTestId('table-note')).toContainText(`Epoch ${epoch}:`);
  const column = (testId: string) =>
    page.getByTestId(testId).evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.value));
  return {
    loss: await readValue(page, 'loss'),
    theta: await column('cell-value'),
    autodiff: await column('cell-autodiff'),
    manual: await column('cell-manual'),
    forward: await column('cell-forward'),
  };
}

test.describe('the forward-mode column', () => {
  test('comes and goes with its toggle, agrees, and round-trips through the link bit for bit', async ({
    page,
  }) => {
    await page.goto('/');
    await ready(page);
    await expect(page).toHaveURL(/[#&]method=autodiff,manual&/);
    await tableShown(page, 9);
    await expect(page.getByTestId('cell-forward')).toHaveCount(0);
    await expect(page.locator('#grad-table thead th')).toHaveText([
      'Parameter',
      'Value θ',
      'autodiff ∂L/∂θ',
      'δ equations ∂L/∂θ',
      '|Δ|',
      'Relative error',
      'Agree?',
      'Finite difference',
      '|FD − gradient|',
    ]);

    // The toggle is the method option's own checkbox, beside the table.
    const toggle = page.locator('.table-panel').getByTestId('choice-method-forward');
    await expect(toggle).not.toBeChecked();
    await toggle.check();
    await expect(page).toHaveURL(/[#&]method=all&/);
    for (let k = 1; k <= 3; k++) {
      await page.getByTestId('step').click();
      await atEpoch(page, k);
    }
    const three = await table(page, 3);
    expect(three.forward).toHaveLength(9);
    expect(three.forward.every((v) => v !== '' && Number.isFinite(Number(v)))).toBe(true);
    await expect(page.getByTestId('table-note')).toContainText('All three methods differentiate');
    await expect(page.locator('#mismatch-what')).toHaveText(
      'max |autodiff − δ equations| and |autodiff − forward mode|',
    );
    expect(await readValue(page, 'max-grad-diff')).toBeLessThanOrEqual(1e-12);
    const link = page.url();

    await page.reload();
    await atEpoch(page, 3);
    expect(await table(page, 3)).toEqual(three);
    expect(page.url()).toBe(link);
    await expect(toggle).toBeChecked();

    // Off again: the column goes, the numbers of the other two stay the run's.
    await toggle.uncheck();
    await expect(page).toHaveURL(/[#&]method=autodiff,manual&/);
    await atEpoch(page, 0);
    await tableShown(page, 9);
    await expect(page.getByTestId('cell-forward')).toHaveCount(0);
    await expect(page.locator('#table-ways')).toHaveText('two ways');
  });

  test('the mismatch chart draws a line per method: a mistake lifts the δ equations from the flagged epoch, forward mode stays at rounding level', async ({
    page,
  }) => {
    await page.goto(
      '/#v=2&layers=2,3,3,1&act=sigmoid&out=sigmoid&loss=mse&seed=42&lr=0.1&data=xor&method=all&bug=wrongSign&epoch=6',
    );
    await atEpoch(page, 6);
    const flag = page.getByTestId('mismatch-flag');
    await expect(flag).toHaveAttribute('data-epoch', '0');
    await page.locator('.mismatch-panel').scrollIntoViewIfNeeded();
    const lines = page.getByTestId('mismatch-lines').locator('li');
    await expect(lines).toHaveCount(2);
    const manual = lines.and(page.locator('[data-method="manual"]'));
    const forward = lines.and(page.locator('[data-method="forward"]'));
    await expect(manual).toHaveAttribute('data-parted-at', (await flag.getAttribute('data-epoch'))!);
    await expect(manual).toContainText('δ equations (vermillion, solid): parts from autodiff at epoch 0');
    expect(Number(await manual.getAttribute('data-largest'))).toBeGreaterThan(1e-6);
    await expect(forward).toHaveAttribute('data-parted-at', '');
    await expect(forward).toContainText('forward mode (blue, dashed): agrees with autodiff');
    expect(Number(await forward.getAttribute('data-largest'))).toBeLessThanOrEqual(1e-12);
    // The chart's own legend and its accessible name say the same lines.
    await expect(page.locator('#mismatch-chart .u-legend .u-series .u-label')).toHaveText([
      'epoch',
      '|autodiff − δ equations|',
      '|autodiff − forward mode|',
      'tolerance',
    ]);
    await expect(page.locator('#mismatch-chart')).toHaveAttribute(
      'aria-label',
      'Largest difference from autodiff per epoch, one line each: δ equations (vermillion), forward mode (blue)',
    );

    // Forward mode off: one line left, the δ equations'.
    await page.locator('.table-panel').getByTestId('choice-method-forward').uncheck();
    await atEpoch(page, 0);
    await page.locator('.mismatch-panel').scrollIntoViewIfNeeded();
    await expect(lines).toHaveCount(1);
    await expect(lines.first()).toHaveAttribute('data-method', 'manual');
  });
});
