/**
 * Export round-trips: the run's JSON lines load back (crosscheck's parseRunRecord) and replay to
 * the same weights the page shows; the model file loads in @deltagrad/nn and computes what
 * those weights compute; the loss chart's PNG is a PNG and its SVG carries the curve shown.
 */
import { readFile } from 'node:fs/promises';
import { tensor } from '@deltagrad/core';
import { modelFileOf, parseRunRecord, runExperimentSync } from '@deltagrad/crosscheck';
import { modelFromJSON, parseModel } from '@deltagrad/nn';
import type { Page } from '@playwright/test';
import { atEpoch, expect, readValue, tableShown, test } from './fixtures';

async function downloaded(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

const XOR = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

test.describe('export', () => {
  test('run JSON, model file and loss chart round-trip', async ({ page }) => {
    await page.goto('/#v=2&layers=2,3,1&loss=mse&opt=adam&lr=0.03&epoch=40');
    await atEpoch(page, 40);
    await tableShown(page, 13);
    // Every parameter entry the table shows, by name (W1[j,k], b1[k], 1-based), at full precision.
    const shown = Object.fromEntries(
      await page
        .getByTestId('grad-row')
        .evaluateAll((rows) =>
          rows.map((r) => [
            (r as HTMLElement).dataset.param!,
            Number((r.querySelector('[data-testid="cell-value"]') as HTMLElement).dataset.value),
          ]),
        ),
    ) as Record<string, number>;

    const run = await downloaded(page, 'export-run');
    expect(run.name).toBe('deltagrad-run-epoch-40.jsonl');
    const record = parseRunRecord(run.bytes.toString('utf8'));
    expect(record.config).toMatchObject({
      layers: [2, 3, 1],
      loss: 'mse',
      optimizer: 'adam',
      lr: 0.03,
      epochs: 40,
    });
    expect(record.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const params = record.result!.params;
    // θ after 40 updates: the weights the table shows, bit for bit.
    for (const [name, value] of Object.entries(shown)) {
      // W2[j,k] (row j, column k) or b2[k] (the bias's one row).
      const [, tensorName, first, second] = name.match(/^(\w+)\[(\d+)(?:,(\d+))?\]$/)!;
      const [j, k] = second === undefined ? [1, Number(first)] : [Number(first), Number(second)];
      expect(params[tensorName!]![j - 1]![k - 1]).toBe(value);
    }
    // The file's config replays to the same result.
    expect(runExperimentSync(record.config).params).toEqual(params);

    const model = await downloaded(page, 'export-model');
    expect(model.name).toBe('deltagrad-model-epoch-40.json');
    const loaded = modelFromJSON(parseModel(model.bytes.toString('utf8')));
    const reference = modelFromJSON(parseModel(modelFileOf(record.config, params)));
    expect(Array.from(loaded.forward(tensor(XOR)).data)).toEqual(
      Array.from(reference.forward(tensor(XOR)).data),
    );

    await page.locator('.loss-panel').scrollIntoViewIfNeeded();
    const png = await downloaded(page, 'export-png');
    expect(png.name).toBe('deltagrad-loss.png');
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const svg = (await downloaded(page, 'export-svg')).bytes.toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const points = svg
      .match(/data-points="([^"]*)"/)![1]!
      .split(';')
      .map((p) => p.split(' ').map(Number));
    // The curve ends at the epoch shown with the loss the read-out shows.
    expect(points.at(-1)).toEqual([40, await readValue(page, 'loss')]);
  });
});
