import { Adam, fit, mlp, progressBar, xor } from '@deltagrad/nn';

const model = mlp({ sizes: [2, 8, 1], activations: ['tanh', 'sigmoid'], seed: 1 });
fit(model, xor(), {
  loss: 'bce',
  optimizer: new Adam(model, { lr: 0.05 }),
  epochs: 300,
  callbacks: [progressBar({ stream: process.stderr, every: 100 })],
});
