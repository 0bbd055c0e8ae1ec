import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlp, toModelJSON } from '@deltagrad/nn';
import { loadDigits, loadModel, saveModelFile } from '@deltagrad/nn/node';

const dir = mkdtempSync(join(tmpdir(), 'nn-smoke-'));
try {
  const model = mlp({ sizes: [2, 3, 1], activations: ['tanh', 'sigmoid'], seed: 1 });
  const path = join(dir, 'model.json');
  await saveModelFile(path, toModelJSON(model));
  const { model: back } = await loadModel(path);
  assert.deepEqual(back.stateDict()['0.W'].toArray(), model.stateDict()['0.W'].toArray());
  console.log('node entry: saveModelFile/loadModel round trip ok');
  // The digits ship in the package (data/digits.bin, read relative to dist/).
  const digits = await loadDigits();
  assert.deepEqual(
    [digits.x.shape, digits.y.shape],
    [
      [1797, 64],
      [1797, 1],
    ],
  );
  assert.deepEqual(
    [...new Set(digits.y.toArray())].sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  console.log('node entry: loadDigits reads the packed data/digits.bin');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
