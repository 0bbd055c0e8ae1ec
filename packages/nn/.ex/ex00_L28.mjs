import { noGrad } from '@deltagrad/core';
import { Adam, fit, halfSSE, mlp, numpyRandn, SGD, xor } from '@deltagrad/nn';
import { numpyRandom } from '@deltagrad/random';

const data = xor(); // x: [[0,0],[0,1],[1,0],[1,1]], y: [[0],[1],[1],[0]]

// A 2-4-1 network, tanh hidden layer, sigmoid output, seeded initial weights.
const model = mlp({ sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], seed: 1 });
const history = fit(model, data, {
  loss: 'halfSSE', // ½·Σ(y − ŷ)²
  optimizer: new Adam(model, { lr: 0.05 }),
  epochs: 2000,
  targetLoss: 1e-3, // stop once the epoch's loss is below this
  onEpoch: ({ epoch, loss }) => {
    if (epoch % 100 === 0) console.log(`epoch ${epoch}: ½·SSE ${loss.toFixed(6)}`);
  },
});
console.log(`stopped after ${history.epochs} epochs (${history.stopReason})`);
console.log(noGrad(() => model.forward(data.x)).toNested()); // ≈ [[0], [1], [1], [0]]

// The seed script itself: NumPy's randn weights for seed 42, plain SGD, ½·SSE.
const seed = mlp({ sizes: [2, 2, 1], activations: 'sigmoid', init: numpyRandn(numpyRandom(42)) });
const run = fit(seed, data, { loss: halfSSE, optimizer: new SGD(seed, { lr: 0.1 }), epochs: 10_000 });
// The seed prints the mean squared error, which is ½·SSE / 2 for 4 rows.
console.log(`seed network, final MSE ${(run.loss.at(-1) / 2).toFixed(4)}`); // seed network, final MSE 0.1282 — a local minimum
// …continuing the example above
const opt = new SGD(model, { lr: 0.1 });
for (let epoch = 0; epoch < 1000; epoch++) {
  opt.zeroGrad();
  const loss = halfSSE(model.forward(data.x), data.y);
  loss.backward();
  opt.step();
}
