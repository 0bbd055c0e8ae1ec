// The digits epoch: one pass over the 1,438 training images of the 8×8 digits (80 % of 1,797,
// standardised with the training statistics) in shuffled batches of 32 (45 batches), training a
// 64-32-10 ReLU network with cross-entropy on the class labels and Adam (lr 0.01). Every peer
// starts from the same weights (mlp's for seed 0) and visits the same batches (batches()'s
// Fisher–Yates shuffle with createRandom(seed), the order reshuffled each epoch).
import { mlp, standardize, trainTestSplit } from '@deltagrad/nn';
import { loadDigits } from '@deltagrad/nn/node';

export const DIGITS = {
  sizes: [64, 32, 10],
  batch: 32,
  lr: 0.01,
  seed: 0,
  /** Epochs run before timing, and epochs timed (their mean is one measurement). */
  warmup: 2,
  epochs: 5,
};

/** The model (mlp's initial weights for the seed) and the standardised training set. */
export async function digitsSetup() {
  const { train } = trainTestSplit(await loadDigits(), { testFraction: 0.2, seed: DIGITS.seed });
  const data = { x: standardize(train.x).transform(train.x), y: train.y };
  const model = mlp({ sizes: DIGITS.sizes, activations: ['relu', 'identity'], seed: DIGITS.seed });
  return { data, model };
}
