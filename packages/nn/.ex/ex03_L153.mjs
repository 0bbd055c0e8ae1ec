import {
  Adam,
  accuracy,
  Dropout,
  fit,
  LayerNorm,
  Linear,
  moons,
  predict,
  ReLU,
  Sequential,
  trainTestSplit,
} from '@deltagrad/nn';

const { train, test } = trainTestSplit(moons({ n: 400, noise: 0.15, seed: 1 }), {
  testFraction: 0.25,
  seed: 2,
});
const model = new Sequential(
  new Linear(2, 32),
  new LayerNorm(32),
  new ReLU(),
  new Dropout(0.2, { seed: 3 }), // its own mask generator: the same masks on every run
  new Linear(32, 2), // one logit per class
);
const history = fit(model, train, {
  loss: 'crossEntropy',
  optimizer: new Adam(model, { lr: 0.01 }),
  epochs: 60,
  batchSize: 32,
  shuffle: true,
  validation: test, // its loss is computed in eval mode: no dropout
});
console.log(history.valLoss.at(-1) < history.valLoss[0]); // true
console.log(accuracy(predict(model, test.x), test.y)); // 0.98
