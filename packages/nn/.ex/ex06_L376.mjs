import {
  Adam,
  accuracy,
  confusionMatrix,
  fit,
  formatConfusionMatrix,
  mlp,
  predict,
  progressBar,
  standardize,
  trainTestSplit,
} from '@deltagrad/nn';
import { loadDigits } from '@deltagrad/nn/node';

const { train, test } = trainTestSplit(await loadDigits(), { testFraction: 0.2, seed: 0 });
const scaler = standardize(train.x); // per-pixel statistics of the training images
const model = mlp({ sizes: [64, 32, 10], activations: ['relu', 'identity'], seed: 0 });
fit(
  model,
  { x: scaler.transform(train.x), y: train.y },
  {
    loss: 'crossEntropy',
    optimizer: new Adam(model, { lr: 0.01 }),
    epochs: 10,
    batchSize: 32,
    shuffle: true,
    callbacks: [progressBar({ stream: process.stderr })], // a bar on a terminal
  },
);
const probs = predict(model, scaler.transform(test.x), { output: 'softmax' });
console.log(`test accuracy ${(100 * accuracy(probs, test.y)).toFixed(2)} %`); // test accuracy 97.77 %
console.log(formatConfusionMatrix(confusionMatrix(probs, test.y)));
//           predicted
// true          0    1    2    3    4    5    6    7    8    9   recall
//         0    33    0    0    0    0    0    0    0    0    0   100.0%
//         1     0   44    0    0    0    0    0    0    0    0   100.0%
//         2     0    1   29    0    0    0    0    0    0    0    96.7%
//         3     0    0    0   36    0    0    0    0    0    0   100.0%
//         4     0    0    0    0   31    0    0    0    0    0   100.0%
//         5     0    0    0    0    1   29    1    0    0    0    93.5%
//         6     0    0    0    0    0    0   37    0    1    0    97.4%
//         7     0    0    0    0    0    0    0   40    0    0   100.0%
//         8     0    0    0    0    0    1    0    0   40    1    95.2%
//         9     0    0    0    2    0    0    0    0    0   32    94.1%
// precision  100%  98% 100%  95%  97%  97%  97% 100%  98%  97%
