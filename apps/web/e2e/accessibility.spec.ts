import { expect, ready, test, traced, violations } from './fixtures';

test.describe('accessibility (axe-core)', () => {
  test('zero violations: on load, in the backward pass, and with a seed gallery', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    expect(await violations(page)).toEqual([]);

    // The backward pass with its equations typeset (KaTeX loads as the panel comes into view).
    await traced(page);
    await page.getByTestId('bw-next').click();
    await page.getByTestId('bw-next').click();
    await expect(page.getByTestId('all-equations').locator('.katex').first()).toBeVisible();
    expect(await violations(page)).toEqual([]);

    await page.getByTestId('sweep-count').selectOption('8');
    await page.getByTestId('sweep-epochs').selectOption('1000');
    await page.getByTestId('sweep').click();
    await expect(page.getByTestId('gallery-seed')).toHaveCount(8);
    expect(await violations(page)).toEqual([]);
  });

  test('zero violations with an injected mistake flagged and the scrubber back in time', async ({ page }) => {
    await page.goto('/#v=2&layers=2,3,1&loss=mse&bug=wrongSign&epoch=5');
    await expect(page.getByTestId('epoch')).toHaveAttribute('data-value', '5');
    await page.getByTestId('step-back').click();
    await expect(page.getByTestId('epoch')).toHaveAttribute('data-value', '4');
    await traced(page);
    await expect(page.getByTestId('bw-parting')).toBeVisible();
    await expect(page.getByTestId('disagreement')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test('zero violations at phone width', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    await ready(page);
    expect(await violations(page)).toEqual([]);
  });
});
