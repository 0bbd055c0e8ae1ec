import assert from 'node:assert/strict';
import { noGrad } from '@deltagrad/core';
import { halfSSE, mlp, numpyRandn, SGD, xor } from '@deltagrad/nn';
import { numpyRandom } from '@deltagrad/random';

const model = mlp({ sizes: [2, 2, 1], activations: 'sigmoid', init: numpyRandn(numpyRandom(42)) });
assert.equal(model.stateDict()['0.W'].toArray()[0], 0.4967141530112327);
const { x, y } = xor();
const optimizer = new SGD(model, { lr: 0.1 });
const loss = halfSSE(model.forward(x), y);
loss.backward();
optimizer.step();
const after = noGrad(() => halfSSE(model.forward(x), y).item());
assert.ok(
  Number.isFinite(loss.item()) && after < loss.item(),
  `loss should decrease: ${loss.item()} -> ${after}`,
);
console.log(`esm: one SGD step on the seed network, ½·SSE ${loss.item()} -> ${after}`);
