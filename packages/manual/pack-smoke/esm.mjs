// An ESM consumer of the packed tarball: a 2-2-1 sigmoid network with fixed weights, one forward
// and backward pass, and ∂L/∂W^(2) checked against the chain rule worked out here by hand.
import assert from 'node:assert/strict';
import { backward, forward, fromRows } from '@deltagrad/manual';

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
const { dW } = backward(params, cache, fromRows([[1]]));

// By hand: z1 = [1·0.5 + 0.5·0.75 + 0.1, 1·(−0.25) + 0.5·1 − 0.1], a1 = σ(z1),
// z2 = 1.5·a1[0] − 2·a1[1] + 0.2, a2 = σ(z2), δ2 = (a2 − 1)·a2·(1 − a2), ∂L/∂W2 = a1ᵀ δ2.
const s = (x) => 1 / (1 + Math.exp(-x));
const a1 = [s(0.975), s(0.15)];
const a2 = s(1.5 * a1[0] - 2 * a1[1] + 0.2);
const d2 = (a2 - 1) * a2 * (1 - a2);
assert.ok(Math.abs(dW[1].data[0] - a1[0] * d2) < 1e-15);
assert.ok(Math.abs(dW[1].data[1] - a1[1] * d2) < 1e-15);
console.log(
  `esm: ∂L/∂W2 = [${dW[1].data[0].toFixed(6)}, ${dW[1].data[1].toFixed(6)}] matches the chain rule`,
);
