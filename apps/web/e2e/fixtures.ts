import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

/** Every test fails if the page logs a console error or throws. */
export const test = base.extend<{ errors: string[] }>({
  errors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      await use(errors);
      expect(errors, 'console errors and uncaught exceptions').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** A read-out's full-precision value (its data-value attribute). */
export async function readValue(page: Page, testId: string): Promise<number> {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  if (raw === null) throw new Error(`${testId} has no data-value`);
  return Number(raw);
}

/** Waits until the worker has posted the first state of the run. */
export async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId('epoch')).toHaveAttribute('data-value', /^\d+$/);
  await expect(page.getByTestId('loss')).toHaveAttribute('data-value', /\d/);
}

/**
 * Brings the backward pass into view (its code loads, and the step is traced, only then) and
 * waits until its graph is drawn.
 */
export async function traced(page: Page): Promise<void> {
  await page.locator('.backward').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('graph-node').first()).toBeVisible();
  await expect(page.getByTestId('bw-step')).toContainText(/node \d+ of \d+/);
}

/**
 * Brings the gradient table into view (panels are drawn only while on screen) and waits until
 * it has `rows` rows.
 */
export async function tableShown(page: Page, rows: number): Promise<void> {
  await page.locator('.table-panel').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('grad-row')).toHaveCount(rows);
}

/** Waits until the epoch read-out shows `epoch`. */
export async function atEpoch(page: Page, epoch: number): Promise<void> {
  await expect(page.getByTestId('epoch')).toHaveAttribute('data-value', String(epoch));
}

/** axe-core's WCAG 2.x A/AA rules and its best practices on the page as it is; every result is reported. */
export async function violations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}
