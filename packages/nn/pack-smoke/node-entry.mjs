import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlp, toModelJSON } from '@deltagrad/nn';
import { loadModel, saveModelFile } from '@deltagrad/nn/node';

const dir = mkdtempSync(join(tmpdir(), 'nn-smoke-'));
try {
  const model = mlp({ sizes: [2, 3, 1], activations: ['tanh', 'sigmoid'], seed: 1 });
  const path = join(dir, 'model.json');
  await saveModelFile(path, toModelJSON(model));
  const { model: back } = await loadModel(path);
  assert.deepEqual(back.stateDict()['0.W'].toArray(), model.stateDict()['0.W'].toArray());
  console.log('node entry: saveModelFile/loadModel round trip ok');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
