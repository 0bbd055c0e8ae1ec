// A CommonJS consumer of the packed tarball (require(esm)): the same 2-2-1 check as esm.mjs,
// with ∂L/∂b^(1) checked against the chain rule worked out here by hand.
const assert = require('node:assert/strict');
const { backward, forward, fromRows, ManualError } = require('@deltagrad/manual');

const network = { sizes: [2, 2, 1], activations: ['sigmoid', 'sigmoid'], loss: 'halfSSE' };
const params = {
  W: [
    fromRows([
      [0.5, -0.25],
      [0.75, 1],
    ]),
    fromRows([[1.5], [-2]]),
  ],
  b: [fromRows([[0.1, -0.1]]), fromRows([[0.2]])],
};
const cache = forward(network, params, fromRows([[1, 0.5]]));
const { db } = backward(params, cache, fromRows([[1]]));

// By hand: δ1 = (δ2 · W2ᵀ) ⊙ σ′(z1), and ∂L/∂b1 = δ1 for one example.
const s = (x) => 1 / (1 + Math.exp(-x));
const a1 = [s(0.975), s(0.15)];
const a2 = s(1.5 * a1[0] - 2 * a1[1] + 0.2);
const d2 = (a2 - 1) * a2 * (1 - a2);
const d1 = [d2 * 1.5 * a1[0] * (1 - a1[0]), d2 * -2 * a1[1] * (1 - a1[1])];
assert.ok(Math.abs(db[0].data[0] - d1[0]) < 1e-15);
assert.ok(Math.abs(db[0].data[1] - d1[1]) < 1e-15);
assert.throws(() => forward(network, params, fromRows([[1, 2, 3]])), ManualError);
console.log(
  `cjs: ∂L/∂b1 = [${db[0].data[0].toFixed(6)}, ${db[0].data[1].toFixed(6)}] matches the chain rule`,
);
