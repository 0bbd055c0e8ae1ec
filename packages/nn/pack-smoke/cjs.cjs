const assert = require('node:assert/strict');
const { noGrad } = require('@deltagrad/core');
const { halfSSE, mlp, numpyRandn, SGD, xor } = require('@deltagrad/nn');
const { numpyRandom } = require('@deltagrad/random');

const model = mlp({ sizes: [2, 2, 1], activations: 'sigmoid', init: numpyRandn(numpyRandom(42)) });
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
console.log(`cjs: require(esm) works; one SGD step, ½·SSE ${loss.item()} -> ${after}`);
