/**
 * @deltagrad/manual — backpropagation by hand: the δ equations of the source document for dense
 * networks of any depth, in plain `Float64Array` arithmetic, with no dependencies.
 *
 * Layout: a batch of rows, as in the seed's code. Z^(l) = A^(l−1) W^(l) + b^(l) with W^(l) of
 * shape in × out and b^(l) of shape 1 × out; arrays are 0-based (`W[0]` is W^(1)).
 *
 * @packageDocumentation
 */
export {
  ACTIVATIONS,
  type Activation,
  activate,
  activationDerivative,
  LEAKY_RELU_SLOPE,
  sigmoid,
  sigmoidDerivative,
} from './activations';
export { backward, biasGradient, type Gradients, hiddenDelta, outputDelta, weightGradient } from './backward';
export { ManualError, type ManualErrorCode } from './errors';
export { formatFixed, formatNumpyRounded, numpyRound } from './format';
export { type ForwardCache, forward, linear, output } from './forward';
export { LOSSES, type Loss, lossGradient, lossValue, meanSquaredError } from './losses';
export { cloneMatrix, fromRows, type Matrix, matrix, toRows } from './matrix';
export {
  cloneParams,
  initParams,
  lossOf,
  type Network,
  type Params,
  validateNetwork,
  validateParams,
} from './network';
export {
  createOptimizer,
  type Optimizer,
  type OptimizerOptions,
  UPDATE_RULES,
  type UpdateRule,
} from './optimizers';
export {
  addPenaltyGradient,
  penalty,
  REGULARIZATIONS,
  type Regularization,
} from './regularization';
export {
  formatEpochLine,
  PREDICTIONS_HEADING,
  runSeed,
  SEED_SETTINGS,
  type SeedRun,
  seedNetwork,
  xorData,
} from './seed';
export { sgdStep } from './sgd';
export { type EpochEvent, type TrainOptions, type TrainResult, train } from './train';
