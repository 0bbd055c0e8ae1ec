import { fileURLToPath } from 'node:url';
import { atEpoch, expect, ready, test, traced } from '../e2e/fixtures';

/**
 * The screenshot the root README shows, docs/screenshot.png. Not part of the test suite (tests never
 * write tracked files): `pnpm --filter @deltagrad/web screenshot` regenerates it.
 */
test('docs screenshot of the demo', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(
    '/#v=1&layers=2,2,1&act=sigmoid&out=sigmoid&loss=halfSSE&opt=sgd&lr=0.1&seed=42&init=numpy&data=xor&n=200&epoch=6000&speed=200',
  );
  await ready(page);
  await atEpoch(page, 6000);
  await page.getByTestId('log-scale').check();
  // The gallery: seeds 40–47 of the same network, 42 among the stuck ones.
  await page.getByTestId('sweep-start').fill('40');
  await page.getByTestId('sweep-count').selectOption('8');
  await page.getByTestId('sweep-epochs').selectOption('10000');
  await page.getByTestId('sweep').click();
  await expect(page.getByTestId('sweep-summary')).toContainText(/^8 seeds: \d+ learned/);
  await traced(page);
  for (let k = 0; k < 5; k++) await page.getByTestId('bw-next').click();
  await expect(page.getByTestId('bw-node')).toHaveAttribute('data-name', 'z2');
  await page.evaluate(() => document.fonts.ready);
  const path = fileURLToPath(new URL('../docs/screenshot.png', import.meta.url));
  await page.screenshot({ path, fullPage: true });
  await page.screenshot({ path: testInfo.outputPath('screenshot.png'), fullPage: true });
});
