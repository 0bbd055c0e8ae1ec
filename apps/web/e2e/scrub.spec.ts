/** Scrubbing back through past epochs: the worker keeps them, and training goes on from any of them. */
import { atEpoch, expect, readValue, tableShown, test } from './fixtures';

const RUN =
  'v=2&layers=2,2,1&act=sigmoid&out=sigmoid&loss=halfSSE&init=numpy&seed=42&opt=sgd&lr=0.1&epochs=10000000&data=xor&n=200&method=both&fd=0&bar=0.01&dseed=42&vanish=0.01';

test.describe('looking back', () => {
  test('Back and the scrubber show earlier epochs with the same numbers a link to them gives', async ({
    page,
    browser,
  }) => {
    await page.goto(`/#${RUN}&epoch=300&speed=200`);
    await atEpoch(page, 300);
    await expect(page.getByTestId('scrub-note')).toContainText(
      /^\d+ epochs kept to look back at \(\d+ KB\)\.$/,
    );
    await page.getByTestId('step-back').click();
    await atEpoch(page, 299);
    await expect(page.getByTestId('run-status')).toHaveText(
      'Looking back at epoch 299 of 300: Play trains on from here.',
    );
    await expect(page).toHaveURL(/[#&]epoch=299&/);
    await page.getByTestId('scrub').fill('100');
    await atEpoch(page, 100);
    await tableShown(page, 9);
    await expect(page.getByTestId('scrub-out')).toHaveText('100 of 300');
    const shown = {
      loss: await page.getByTestId('loss').getAttribute('data-value'),
      cells: await page
        .getByTestId('cell-autodiff')
        .evaluateAll((cells) => cells.map((c) => c.dataset.value)),
    };
    // Step from there shows the next kept epoch (no training: the latest is still 300).
    await page.getByTestId('step').click();
    await atEpoch(page, 101);
    await expect(page.getByTestId('scrub-out')).toHaveText('101 of 300');
    await page.keyboard.press('ArrowLeft');
    await atEpoch(page, 100);

    // A link to epoch 100 replays the run to it: the same bits.
    const other = await browser.newPage();
    await other.goto(`/#${RUN}&epoch=100&speed=200`);
    await atEpoch(other, 100);
    await tableShown(other, 9);
    expect(await other.getByTestId('loss').getAttribute('data-value')).toBe(shown.loss);
    expect(
      await other.getByTestId('cell-autodiff').evaluateAll((cells) => cells.map((c) => c.dataset.value)),
    ).toEqual(shown.cells);
    await other.close();

    // Play trains on from the epoch shown: the later epochs are trained again.
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveAttribute('data-state', 'playing');
    await expect.poll(() => readValue(page, 'epoch')).toBeGreaterThan(110);
    await page.getByTestId('play').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-worker', 'idle');
    await expect(page.getByTestId('run-status')).toContainText('Paused at epoch');
    const epoch = await readValue(page, 'epoch');
    await expect(page.getByTestId('scrub-out')).toHaveText(
      `${epoch.toLocaleString('en-US')} of ${epoch.toLocaleString('en-US')}`,
    );
  });
});
