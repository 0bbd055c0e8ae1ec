const assert = require('node:assert/strict');
const { tensor, randn } = require('@deltagrad/core');
const { numpyRandom } = require('@deltagrad/random');

const w = randn([2, 2], numpyRandom(42), { requiresGrad: true });
const loss = tensor([[1, 1]])
  .matmul(w)
  .tanh()
  .sum();
loss.backward();
assert.equal(w.grad.shape.join('x'), '2x2');
assert.ok(w.grad.toArray().every(Number.isFinite));
console.log('cjs: require(esm) works; gradient of a tanh layer computed');
