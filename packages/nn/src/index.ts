/**
 * @deltagrad/nn: layers, losses, optimizers, initialisers, datasets, training and model files
 * on the `@deltagrad/core` autodiff engine. Platform-neutral (browsers, Web Workers, Node);
 * file-system helpers live in `@deltagrad/nn/node`.
 *
 * @packageDocumentation
 */

export { ModuleBuffer } from './buffer';
export { argmax, oneHot } from './classes';
export { type ClipTarget, clipGradNorm, clipGradValue } from './clip';
export { type Batch, type BatchLoader, type BatchOptions, batches } from './data/batches';
export {
  type BlobsOptions,
  blobs,
  moons,
  type SpiralsOptions,
  type SyntheticOptions,
  spirals,
} from './data/classification';
export { type Dataset, takeRows } from './data/dataset';
export {
  circle,
  gaussians,
  type PlaygroundOptions,
  spiral,
  xor,
  xorQuadrants,
} from './data/playground';
export { type PlaneOptions, plane, sine } from './data/regression';
export { type SplitOptions, trainTestSplit } from './data/split';
export { type Standardizer, standardize } from './data/standardize';
export { defaultGenerator, initialSeed, manualSeed } from './default-generator';
export type {
  ActivationDescriptor,
  BatchNorm1dDescriptor,
  DropoutDescriptor,
  LayerDescriptor,
  LayerNormDescriptor,
  LayerType,
  LeakyReLUDescriptor,
  LinearDescriptor,
  SequentialDescriptor,
  SoftmaxDescriptor,
} from './descriptors';
export { NnError, type NnErrorCode } from './errors';
export {
  type BatchInfo,
  type EarlyStoppingOptions,
  type EpochInfo,
  type FitCallbacks,
  type FitHistory,
  type FitOptions,
  fit,
  type StopReason,
} from './fit';
export {
  calculateGain,
  type GainNonlinearity,
  type Initializer,
  type KaimingOptions,
  kaimingNormal,
  kaimingUniform,
  normalInit,
  numpyRandn,
  pytorchDefault,
  uniformInit,
  xavierNormal,
  xavierUniform,
  zerosInit,
} from './init';
export {
  ACTIVATION_NAMES,
  type ActivationName,
  activation,
  Identity,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from './layers/activations';
export { Dropout, type DropoutOptions } from './layers/dropout';
export { LAYER_TYPES } from './layers/index';
export { Linear, type LinearOptions } from './layers/linear';
export {
  BatchNorm1d,
  type BatchNorm1dOptions,
  LayerNorm,
  type LayerNormOptions,
} from './layers/norm';
export { Sequential } from './layers/sequential';
export {
  bce,
  bceWithLogits,
  crossEntropy,
  halfSSE,
  LOSSES,
  type LossFn,
  type LossName,
  type LossOptions,
  mse,
  type Reduction,
} from './losses';
export {
  accuracy,
  type ClassMetrics,
  confusionMatrix,
  formatConfusionMatrix,
  precisionRecall,
} from './metrics';
export { type MlpOptions, mlp } from './mlp';
export {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelJSON,
  type ParameterJSON,
  type RestoredModel,
} from './model-file/format';
export { modelFromJSON, restoreModel } from './model-file/restore';
export {
  parseState,
  type RestoredState,
  restoreState,
  STATE_FORMAT,
  type StateJSON,
  stringifyState,
  toStateJSON,
  validateStateJSON,
} from './model-file/state';
export { parseModel, validateModelJSON } from './model-file/validate';
export { stringifyModel, toModelJSON } from './model-file/write';
export { functionalCall, Module } from './module';
export { Adam, type AdamOptions, AdamW, type ResolvedAdamOptions } from './optim/adam';
export { optimizerFromState } from './optim/index';
export { BaseOptimizer, type Optimizer, type ParamsInput, type SlotState } from './optim/optimizer';
export { RMSprop, type RMSpropOptions } from './optim/rmsprop';
export { SGD, type SGDOptions } from './optim/sgd';
export {
  OPTIMIZER_TYPES,
  type OptimizerStateJSON,
  type OptimizerType,
  type ParamStateJSON,
  validateOptimizerState,
} from './optim/state';
export { Parameter } from './parameter';
export { type PredictOptions, type PredictOutput, predict } from './predict';
export { type ProgressOptions, type ProgressStream, progressBar } from './progress';
export {
  type FieldRule,
  type LayerClass,
  type LayerConfig,
  type LayerDefinition,
  type ParameterShapes,
  type PytorchLayout,
  registeredLayerTypes,
  registerLayer,
} from './registry';
export {
  decodeSafetensors,
  encodeSafetensors,
  MAX_HEADER_BYTES,
  type SafetensorsContent,
  type SafetensorsDtype,
  type SafetensorsEntry,
} from './safetensors/format';
export {
  type FromSafetensorsOptions,
  fromSafetensors,
  type SafetensorsLayout,
  type ToSafetensorsOptions,
  toSafetensors,
} from './safetensors/module';
export {
  cosineAnnealing,
  exponentialLR,
  type LRScheduler,
  linearWarmup,
  type OneCycleOptions,
  oneCycle,
  type PlateauOptions,
  reduceOnPlateau,
  stepLR,
} from './schedules';
