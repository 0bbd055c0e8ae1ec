/**
 * Bug injection: each classic backprop mistake put into the δ equations is flagged at once — the
 * table, the mismatch chart and the step-through name where the methods part.
 */
import { BUG_INFO } from '@deltagrad/crosscheck';
import { atEpoch, expect, ready, tableShown, test, traced } from './fixtures';

// 2-3-3-1 with MSE: no one-unit hidden layer to hide a transpose, and a mean to break. Each
// mistake's first disagreeing parameter (crosscheck's order: output layer first, W before b) and
// the first node of the backward pass where the wrong gradient shows.
const RUN =
  'v=2&layers=2,3,3,1&act=sigmoid&out=sigmoid&loss=mse&init=numpy&seed=42&opt=sgd&lr=0.1&epochs=10000000&data=xor&n=200&method=both&fd=0&bar=0.01&dseed=42&vanish=0.01';
const CASES = [
  { bug: 'dropActivationDerivative', param: 'W3', node: 'z3' },
  { bug: 'forgetBiasGradient', param: 'b3', node: 'b3' },
  { bug: 'untransposedWeights', param: 'W2', node: 'W2' },
  { bug: 'sumNotMean', param: 'W3', node: 'z3' },
  { bug: 'wrongSign', param: 'W3', node: 'z3' },
] as const;
/** Parameters in the order backpropagation computes their gradients. */
const BACKWARD = ['W3', 'b3', 'W2', 'b2', 'W1', 'b1'];

test.describe('an injected mistake', () => {
  for (const { bug, param, node } of CASES) {
    test(`"${BUG_INFO[bug].label}" is flagged at epoch 0, first at ${param} (node ${node})`, async ({
      page,
    }) => {
      await page.goto('/');
      await ready(page);
      await expect(page.getByTestId('disagreement')).toBeHidden();
      await page.goto(`/#${RUN}&bug=${bug}&epoch=0&speed=200`);
      await page.reload();
      await atEpoch(page, 0);
      // The menu shows the mistake, and the table and the mismatch chart name where they part.
      await expect(page.getByTestId('option-bug')).toHaveValue(bug);
      for (const flag of ['disagreement', 'mismatch-flag']) {
        const p = page.getByTestId(flag);
        await expect(p).toBeVisible();
        await expect(p).toHaveAttribute('data-epoch', '0');
        await expect(p).toHaveAttribute('data-first', param);
        await expect(p).toContainText(`first at ${param}`);
        await expect(p).toContainText(BUG_INFO[bug].label);
      }
      // The table: some entry of that parameter disagrees, none computed before it does.
      await tableShown(page, 25);
      const agree = (name: string) =>
        page.locator(`[data-testid="grad-row"][data-param^="${name}["] [data-testid="cell-agree"]`);
      await expect(agree(param).filter({ hasText: '✗ no' }).first()).toBeVisible();
      for (const before of BACKWARD.slice(0, BACKWARD.indexOf(param))) {
        const cells = await agree(before).allTextContents();
        expect(cells.length).toBeGreaterThan(0);
        expect(cells.every((t) => t === '✓ yes')).toBe(true);
      }
      // The step-through names the node where the wrong gradient first appears, and goes there.
      await traced(page);
      const parting = page.getByTestId('bw-parting');
      await expect(parting).toBeVisible();
      await expect(parting).toHaveAttribute('data-node', node);
      await page.getByTestId('bw-parting-go').click();
      await expect(page.locator('[data-testid="graph-node"][aria-current="step"]')).toHaveAttribute(
        'data-name',
        node,
      );
      await expect(page.getByTestId('bw-node')).toHaveAttribute('data-name', node);
      if (node.startsWith('z')) await expect(page.getByTestId('bw-verdict')).toContainText('✗');
    });
  }

  test('without one, nothing is flagged and the step-through says nothing of a parting', async ({ page }) => {
    await page.goto(`/#${RUN}&epoch=3&speed=200`);
    await atEpoch(page, 3);
    await expect(page.getByTestId('option-bug')).toHaveValue('none');
    await traced(page);
    await expect(page.getByTestId('disagreement')).toBeHidden();
    await expect(page.getByTestId('mismatch-flag')).toBeHidden();
    await expect(page.getByTestId('bw-parting')).toBeHidden();
  });

  test('the menu sits beside the gradient table, in view without unfolding anything', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    await page.locator('.table-panel').scrollIntoViewIfNeeded();
    const menu = page.locator('.table-panel').getByTestId('option-bug');
    await expect(menu).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Inject a mistake' })).toBeVisible();
    await menu.selectOption('forgetBiasGradient');
    await atEpoch(page, 0);
    await expect(page.getByTestId('disagreement')).toHaveAttribute('data-first', 'b2');
  });
});
