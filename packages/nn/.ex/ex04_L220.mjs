import {
  Adam,
  accuracy,
  confusionMatrix,
  fit,
  formatConfusionMatrix,
  mlp,
  predict,
  spirals,
  trainTestSplit,
} from '@deltagrad/nn';

const { train, test } = trainTestSplit(spirals({ n: 600, classes: 3, seed: 0 }), {
  testFraction: 0.25,
  seed: 1,
});
const model = mlp({ sizes: [2, 32, 32, 3], activations: ['relu', 'relu', 'identity'], seed: 0 });
fit(model, train, {
  loss: 'crossEntropy', // labels as class indices
  optimizer: new Adam(model, { lr: 0.01 }),
  epochs: 40,
  batchSize: 32,
  shuffle: true,
});
const probs = predict(model, test.x, { output: 'softmax' });
console.log(accuracy(probs, test.y)); // 1
console.log(formatConfusionMatrix(confusionMatrix(probs, test.y)));
//           predicted
// true          0    1    2   recall
//         0    50    0    0   100.0%
//         1     0   48    0   100.0%
//         2     0    0   52   100.0%
// precision  100% 100% 100%
