// A first look at @deltagrad/core: one step of backpropagation through the seed's XOR network
// (2-2-1, sigmoid, NumPy's seed-42 weights), with the gradient checked by finite differences.
import { numpyRandom } from '@deltagrad/random';
import { gradcheck, randn, tensor, zeros } from '../dist/index.js';

const rng = numpyRandom(42);
const X = tensor([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
const Y = tensor([[0], [1], [1], [0]]);
const W1 = randn([2, 2], rng, { requiresGrad: true }).named('W1');
const W2 = randn([2, 1], rng, { requiresGrad: true }).named('W2');
const b1 = zeros([1, 2], { requiresGrad: true }).named('b1');
const b2 = zeros([1, 1], { requiresGrad: true }).named('b2');

const forward = (w1, c1, w2, c2) => X.matmul(w1).add(c1).sigmoid().matmul(w2).add(c2).sigmoid();
const halfSSE = (w1, c1, w2, c2) =>
  Y.sub(forward(w1, c1, w2, c2))
    .square()
    .sum()
    .mul(0.5);

const loss = halfSSE(W1, b1, W2, b2);
loss.backward();
console.log(`L = ½·Σ(y − ŷ)² = ${loss.item().toFixed(6)}`);
for (const p of [W1, b1, W2, b2]) console.log(`∂L/∂${p.name} =`, p.grad.toString());
const check = gradcheck(halfSSE, [W1, b1, W2, b2]);
console.log(
  `gradcheck: ${check.ok ? 'ok' : 'FAILED'} (${check.compared} derivatives, max |Δ| ${check.maxAbsError.toExponential(2)})`,
);
