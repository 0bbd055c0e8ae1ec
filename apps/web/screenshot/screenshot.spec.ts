import { fileURLToPath } from 'node:url';
import { atEpoch, expect, ready, test, traced } from '../e2e/fixtures';

/**
 * The screenshot the root README shows, docs/screenshot.png. Not part of the test suite (tests never
 * write tracked files): `pnpm --filter @deltagrad/web screenshot` regenerates it.
 */
test('docs screenshot of the demo', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  // A Playground dataset (a noisy circle) next to the cross-check, trained a while.
  await page.goto(
    '/#v=2&layers=2,4,1&act=tanh&out=sigmoid&loss=bce&init=numpy&seed=42&opt=adam&lr=0.03&data=circle&n=200&noise=10&train=70&dseed=42&epoch=600&speed=200',
  );
  await ready(page);
  await atEpoch(page, 600);
  await page.getByTestId('log-scale').check();
  // The gallery: seeds 40–47 of the same network and data.
  await page.getByTestId('sweep-start').fill('40');
  await page.getByTestId('sweep-count').selectOption('8');
  await page.getByTestId('sweep-epochs').selectOption('1000');
  await page.getByTestId('sweep').click();
  await expect(page.getByTestId('sweep-summary')).toContainText(/^8 seeds: \d+ learned/);
  await traced(page);
  // Step back from the loss to the output layer's pre-activation: δ beside the adjoint.
  for (let k = 0; k < 20; k++) {
    if ((await page.getByTestId('bw-node').getAttribute('data-name')) === 'z2') break;
    await page.getByTestId('bw-next').click();
  }
  await expect(page.getByTestId('bw-node')).toHaveAttribute('data-name', 'z2');
  await page.evaluate(() => document.fonts.ready);
  // From the top: the sticky settings column is drawn where the page was scrolled to.
  await page.evaluate(() => window.scrollTo(0, 0));
  const path = fileURLToPath(new URL('../docs/screenshot.png', import.meta.url));
  await page.screenshot({ path, fullPage: true });
  await page.screenshot({ path: testInfo.outputPath('screenshot.png'), fullPage: true });
});
