/**
 * Editing a weight or a bias on the network diagram: an edge (or its value) or a bias label
 * opens an editor from the mouse or the keyboard; Escape cancels, a value that is no number is
 * refused with the reason.
 */
import type { Page } from '@playwright/test';
import { atEpoch, expect, readValue, ready, tableShown, test, violations } from './fixtures';

/** The table at `epoch` (waited for): every θ and both methods' gradients, as full-precision text. */
async function table(page: Page, epoch: number, rows = 9) {
  await tableShown(page, rows);
  await expect(page.getByTestId('table-note')).toContainText(`Epoch ${epoch}:`);
  const column = (testId: string) =>
    page.getByTestId(testId).evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.value));
  return {
    loss: await readValue(page, 'loss'),
    theta: await column('cell-value'),
    autodiff: await column('cell-autodiff'),
    manual: await column('cell-manual'),
  };
}

async function stepTo(page: Page, from: number, to: number): Promise<void> {
  for (let k = from + 1; k <= to; k++) {
    await page.getByTestId('step').click();
    await atEpoch(page, k);
  }
}

test.describe('the weight editor', () => {
  test('opens from a click or Enter on an edge, cancels on Escape, and says why a value is refused', async ({
    page,
  }) => {
    await page.goto('/');
    await ready(page);
    const edges = page.getByTestId('edge');
    // 2-2-1: four weights into the hidden layer, two out of it.
    await expect(edges).toHaveCount(6);
    await expect(edges.first()).toHaveAttribute('aria-label', /^Edit weight W1\[1,1\] = 0\.4967/);
    const editor = page.getByTestId('weight-editor');
    const input = page.getByTestId('weight-input');

    // On its value label (W1[1,2] and W1[2,1] cross halfway, so their lines share a middle).
    await edges.nth(1).locator('rect').click();
    await expect(editor).toBeVisible();
    await expect(page.locator('#weight-label')).toHaveText('W1[1,2] =');
    await expect(input).toBeFocused();
    await expect(input).toHaveValue(/^-0\.138264/);
    await input.press('Escape');
    await expect(editor).toBeHidden();
    await expect(edges.nth(1)).toBeFocused();

    // The keyboard: one tab stop for the edges, arrow keys move, Enter opens.
    await page.keyboard.press('ArrowRight');
    await expect(edges.nth(2)).toBeFocused();
    await expect(edges.nth(2)).toHaveAttribute('tabindex', '0');
    await expect(edges.nth(1)).toHaveAttribute('tabindex', '-1');
    await page.keyboard.press('Enter');
    await expect(editor).toBeVisible();
    await expect(page.locator('#weight-label')).toHaveText('W1[2,1] =');
    expect(await violations(page)).toEqual([]);

    for (const [text, why] of [
      ['abc', '“abc” is not a decimal number'],
      ['0x10', '“0x10” is not a decimal number'],
      ['1e400', 'must be a finite number'],
      ['', 'Type a number'],
    ] as const) {
      await input.fill(text);
      await input.press('Enter');
      await expect(page.getByTestId('weight-error')).toContainText(why);
      await expect(input).toHaveAttribute('aria-invalid', 'true');
      await expect(editor).toBeVisible();
    }
    await input.press('Escape');
    await expect(editor).toBeHidden();
    // Nothing was applied: the run is where it was.
    await expect(page.getByTestId('epoch')).toHaveAttribute('data-value', '0');
    expect(page.url()).not.toMatch(/edit=W/);
  });

  test('an edit applies from the epoch shown, keeps the methods agreeing, and replays bit for bit', async ({
    page,
  }) => {
    await page.goto('/');
    await ready(page);
    await stepTo(page, 0, 3);
    // W1[1,2] (x₁ to h¹₂) set to 0.75 at epoch 3.
    await page.getByTestId('edge').nth(1).locator('rect').click();
    await page.getByTestId('weight-input').fill('0.75');
    await page.getByTestId('weight-input').press('Enter');
    await expect(page).toHaveURL(/[#&]edit=W1\[0,1\]=0\.75@3&epoch=3&/);
    await atEpoch(page, 3);
    const edited = await table(page, 3);
    expect(edited.theta[1]).toBe('0.75');
    await expect(page.getByTestId('edge').nth(1)).toHaveAttribute('aria-label', /= 0\.75:/);
    // The methods keep agreeing on the edited weights.
    expect(await readValue(page, 'max-grad-diff')).toBeLessThanOrEqual(1e-12);
    await stepTo(page, 3, 6);
    const after = await table(page, 6);
    expect(await readValue(page, 'max-grad-diff')).toBeLessThanOrEqual(1e-12);
    const link = page.url();

    // The link, opened again, replays the edit: the same θ, loss and gradients, bit for bit.
    await page.reload();
    await atEpoch(page, 6);
    expect(await table(page, 6)).toEqual(after);
    expect(page.url()).toBe(link);
    // Scrubbing back shows the epoch of the edit as it was.
    await page.getByTestId('scrub').fill('3');
    await atEpoch(page, 3);
    expect(await table(page, 3)).toEqual(edited);
    // Reset starts again from the same initial weights; the edit comes back at its epoch.
    await page.getByTestId('reset').click();
    await atEpoch(page, 0);
    await stepTo(page, 0, 6);
    expect(await table(page, 6)).toEqual(after);
  });

  test('a bias edits as a weight does: keyboard, refusals, and a link that replays it bit for bit', async ({
    page,
  }) => {
    await page.goto('/');
    await ready(page);
    const edges = page.getByTestId('edge');
    const biases = page.getByTestId('bias');
    // 2-2-1: b1 has two entries, b2 one; their buttons follow the edges' in arrow-key order.
    await expect(biases).toHaveCount(3);
    await expect(biases.first()).toHaveAttribute('aria-label', /^Edit bias b1\[1\] = 0: of h¹₁$/);
    await stepTo(page, 0, 2);
    await edges.nth(5).focus();
    await page.keyboard.press('ArrowRight');
    await expect(biases.first()).toBeFocused();
    await page.keyboard.press('End');
    await expect(biases.nth(2)).toBeFocused();
    await expect(biases.nth(2)).toHaveAttribute('tabindex', '0');
    await page.keyboard.press('Enter');
    const editor = page.getByTestId('weight-editor');
    const input = page.getByTestId('weight-input');
    await expect(editor).toBeVisible();
    await expect(page.locator('#weight-label')).toHaveText('b2[1] =');
    const before = await table(page, 2);
    expect(await input.inputValue()).toBe(before.theta[8]);
    expect(await violations(page)).toEqual([]);
    await input.fill('1e999');
    await input.press('Enter');
    await expect(page.getByTestId('weight-error')).toContainText('a weight or bias must be a finite number');
    await input.press('Escape');
    await expect(biases.nth(2)).toBeFocused();
    expect(page.url()).toMatch(/[#&]edit=&/);

    // A value with all its digits: the link carries it exactly, the table shows those bits.
    await biases.nth(2).click();
    await input.fill('0.30000000000000004');
    await input.press('Enter');
    await expect(page).toHaveURL(/[#&]edit=b2\[0,0\]=0\.30000000000000004@2&epoch=2&/);
    await atEpoch(page, 2);
    const edited = await table(page, 2);
    expect(edited.theta[8]).toBe(String(0.1 + 0.2));
    expect(edited.theta.slice(0, 8)).toEqual(before.theta.slice(0, 8));
    await expect(biases.nth(2)).toHaveAttribute('aria-label', /^Edit bias b2\[1\] = 0\.3: of ŷ$/);
    expect(await readValue(page, 'max-grad-diff')).toBeLessThanOrEqual(1e-12);
    await stepTo(page, 2, 4);
    const after = await table(page, 4);
    await page.reload();
    await atEpoch(page, 4);
    expect(await table(page, 4)).toEqual(after);
  });

  test('an edit at a late epoch goes on from the kept epoch before it, to the bits of a replay from epoch 0', async ({
    page,
  }) => {
    await page.goto('/#v=2&layers=2,3,1&act=tanh&seed=7&lr=0.3&data=xor&epoch=400');
    await atEpoch(page, 400);
    await page.getByTestId('scrub').fill('300');
    await atEpoch(page, 300);
    await page.getByTestId('bias').nth(1).click();
    await page.getByTestId('weight-input').fill('-0.5');
    await page.getByTestId('weight-input').press('Enter');
    await expect(page).toHaveURL(/[#&]edit=b1\[0,1\]=-0\.5@300&epoch=300&/);
    await atEpoch(page, 300);
    await stepTo(page, 300, 302);
    const edited = await table(page, 302, 13);
    expect(edited.theta[10]).not.toBe('-0.5');
    expect(await readValue(page, 'max-grad-diff')).toBeLessThanOrEqual(1e-12);
    // The chart kept the run's epochs before the edit.
    await page.locator('.mismatch-panel').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('mismatch-lines').locator('li')).toHaveAttribute('data-parted-at', '');
    // Opened afresh, the link replays from epoch 0: the same θ and gradients, bit for bit.
    await page.reload();
    await atEpoch(page, 302);
    expect(await table(page, 302, 13)).toEqual(edited);
  });
});
