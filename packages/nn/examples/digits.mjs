// Trains a 64-32-10 classifier on the 8×8 handwritten digits that ship with @deltagrad/nn
// (1,797 images, UCI's "Optical Recognition of Handwritten Digits" test set via scikit-learn;
// see data/README.md), then prints its test accuracy, the confusion matrix and each digit's
// precision and recall. Training shows a progress bar on a terminal, plain lines otherwise.
//
//   pnpm --filter @deltagrad/nn example:digits            # builds what it needs, then runs
//   node examples/digits.mjs [epochs] [seed]               # against the built package (dist/)
import {
  Adam,
  accuracy,
  confusionMatrix,
  fit,
  formatConfusionMatrix,
  mlp,
  precisionRecall,
  predict,
  progressBar,
  standardize,
  trainTestSplit,
} from '@deltagrad/nn';
import { loadDigits } from '@deltagrad/nn/node';

const epochs = Number(process.argv[2] ?? 10);
const seed = Number(process.argv[3] ?? 0);

const digits = await loadDigits();
const { train, test } = trainTestSplit(digits, { testFraction: 0.2, seed });
const scaler = standardize(train.x); // the training pixels' statistics, applied to both parts
const trainSet = { x: scaler.transform(train.x), y: train.y };
const testX = scaler.transform(test.x);
console.log(
  `digits: ${train.x.shape[0]} training and ${test.x.shape[0]} test images of 8×8 pixels, 10 classes`,
);

// 64 pixels → 32 ReLU units → 10 logits; crossEntropy takes the labels as they are.
const model = mlp({ sizes: [64, 32, 10], activations: ['relu', 'identity'], seed });
const started = performance.now();
const history = fit(model, trainSet, {
  loss: 'crossEntropy',
  optimizer: new Adam(model, { lr: 0.01 }),
  epochs,
  batchSize: 32,
  shuffle: true,
  seed,
  validation: { x: testX, y: test.y },
  callbacks: [progressBar({ stream: process.stderr })],
});
const seconds = (performance.now() - started) / 1000;

const probs = predict(model, testX, { output: 'softmax' });
const matrix = confusionMatrix(probs, test.y, { classes: 10 });
console.log(
  `\n${history.epochs} epochs in ${seconds.toFixed(1)} s (${((1000 * seconds) / history.epochs).toFixed(0)} ms per epoch of ${Math.ceil(train.x.shape[0] / 32)} batches)`,
);
console.log(
  `training loss ${history.loss.at(-1).toFixed(4)}, test loss ${history.valLoss.at(-1).toFixed(4)}`,
);
console.log(`test accuracy ${(100 * accuracy(probs, test.y)).toFixed(2)} %\n`);
console.log(formatConfusionMatrix(matrix));
const { precision, recall, f1, support } = precisionRecall(matrix);
console.log(`\ndigit  ${['precision', 'recall', 'F1'].map((h) => h.padStart(9)).join(' ')}  support`);
for (let d = 0; d < 10; d++) {
  const pct = (v) => `${(100 * v).toFixed(1)}%`.padStart(9);
  console.log(
    `${String(d).padStart(5)}  ${pct(precision[d])} ${pct(recall[d])} ${pct(f1[d])}  ${String(support[d]).padStart(7)}`,
  );
}
