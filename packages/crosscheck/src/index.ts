/**
 * @deltagrad/crosscheck: one experiment, every gradient method. The same initial weights go
 * into the hand-derived δ equations (@deltagrad/manual) and into an @deltagrad/nn model on the
 * autodiff engine; each epoch every method computes the loss and every gradient, the gradients
 * are compared, and each method applies the same update rule to its copy. The package also owns
 * the experiment's vocabulary — the option table, the agreement tolerance, the descriptions of
 * losses, activations and optimizers, the outcome classes — which both apps derive theirs from.
 * Platform-neutral (Node, browsers, Web Workers); the multi-core seed sweep is in
 * `@deltagrad/crosscheck/node`.
 *
 * @packageDocumentation
 */

export { trainingBatch } from './batches';
export { type Agreement, agreement, difference } from './compare';
export { datasetOf, type ExperimentData, splitOf, trainCount } from './dataset';
export type { Batch, EngineContext, Evaluation, GradientEngine } from './engine';
export {
  type EventOptions,
  type ExperimentRun,
  experimentEvents,
  type RunCheckpoint,
  type RunOptions,
  runExperiment,
  runExperimentSync,
} from './experiment';
export {
  type ConfigRecord,
  configRecord,
  type EpochRecord,
  epochRecord,
  modelFileOf,
  parseRunRecord,
  type ResultRecord,
  type RunRecord,
  resultRecord,
} from './export';
export { finiteDifferenceGradients } from './finite-differences';
export { formatEpochLine, formatPredictions, PREDICTIONS_HEADING } from './format';
export { type NodeRole, type RoledGraphJSON, type RoledGraphNode, xorGraph, xorGraphJSON } from './graph';
export { initialParams } from './init';
export { GRADIENT_METHODS, type MethodEntry } from './methods';
export { activationOf, networkOf } from './network';
// The vocabulary (option table, config, errors, names, tolerance, outcome classes) is the
// options entry's: re-exported whole, so the two entries cannot drift apart.
export * from './options-entry';
export {
  cloneParamSet,
  entryOf,
  fromManualParams,
  fromNamedRows,
  fromTable,
  type LayerGrads,
  type LayerParams,
  type ParamKey,
  type ParamKind,
  type ParamSet,
  paramKeys,
  paramName,
  shapeOf,
  toManualParams,
  toNamedRows,
} from './params';
export {
  histogram,
  MSE_BINS,
  runSweepSeed,
  runSweepSync,
  type SeedOutcome,
  type SweepSummary,
  summarize,
} from './sweep';
export { type LayerTrace, type StepTrace, traceStep } from './trace';
export type {
  ActivationName,
  BugName,
  DatasetName,
  Disagreement,
  EpochEvent,
  ExperimentConfig,
  ExperimentEvent,
  FeatureName,
  InitName,
  LossName,
  LossReport,
  MethodAgreement,
  OptimizerName,
  ParamComparison,
  ParamView,
  RegularizationName,
  ResultEvent,
} from './types';
