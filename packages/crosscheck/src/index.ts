/**
 * @deltagrad/crosscheck: one experiment, two methods. The same initial weights go into the
 * hand-derived δ equations (@deltagrad/manual) and into an @deltagrad/nn model on the autodiff
 * engine; each epoch both compute the loss and every gradient, the gradients are compared, and
 * the same update is applied to both copies. Platform-neutral (Node, browsers, Web Workers);
 * the multi-core seed sweep is in `@deltagrad/crosscheck/node`.
 *
 * @packageDocumentation
 */

export { type Agreement, agreement, difference } from './compare';
export {
  ACTIVATIONS,
  DATASETS,
  INITS,
  LOSSES,
  METHODS,
  OPTIMIZERS,
  resolveConfig,
  SEED_EXPERIMENT,
} from './config';
export { datasetOf } from './dataset';
export { type Evaluation, type GradientEngine, type LayerParams, networkOf } from './engines';
export { CrosscheckError, type CrosscheckErrorCode } from './errors';
export { experimentEvents, type RunOptions, runExperiment, runExperimentSync } from './experiment';
export { finiteDifferenceGradients } from './finite-differences';
export { formatEpochLine, formatPredictions } from './format';
export { xorGraph } from './graph';
export { initialParams } from './init';
export {
  histogram,
  MSE_BINS,
  runSeed,
  runSweepSync,
  type SeedOutcome,
  type SweepSummary,
  summarize,
} from './sweep';
export { type LayerTrace, type StepTrace, traceStep } from './trace';
export type {
  ActivationName,
  DatasetName,
  EpochEvent,
  ExperimentConfig,
  ExperimentEvent,
  InitName,
  LossName,
  MethodName,
  OptimizerName,
  ParamComparison,
  ResultEvent,
} from './types';
