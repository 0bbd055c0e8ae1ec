/**
 * `@deltagrad/crosscheck/options`: the experiment's vocabulary without its engines — the option
 * table and its text codec, the validated config, the names and descriptions of everything a
 * control or a label shows, the agreement tolerance and the outcome classes. Nothing here loads
 * @deltagrad/nn or @deltagrad/core, so a page's first view can build its controls and read its
 * URL from this entry alone (about 4.5 KB gzipped) and load the experiment later. The main entry
 * re-exports all of it.
 *
 * @packageDocumentation
 */

export { defaultConfig, resolveConfig, SEED_EXPERIMENT, withOptions } from './config';
export { compareEdits, editTarget, exactNumber, formatEdit, type ParamEdit } from './edits';
export {
  CrosscheckError,
  type CrosscheckErrorCode,
  type CrosscheckErrorDetails,
  type OptionNamer,
} from './errors';
export { featuresOf } from './features';
export { estimateMemory, type MemoryEstimate } from './memory';
export {
  GRADIENT_METHOD_INFO,
  GRADIENT_METHOD_NAMES,
  type GradientMethod,
  METHOD_INFO,
  METHODS,
  methodsOf,
} from './method-names';
export {
  type ChoiceOption,
  checkOption,
  defaultOf,
  describeRange,
  type EditsOption,
  formatOption,
  type IntegerOption,
  type NumberOption,
  OPTION_KEYS,
  OPTIONS,
  type OptionGroup,
  type OptionKey,
  type OptionSpec,
  parseOption,
  type SizesOption,
  type SubsetAlias,
  type SubsetOption,
  type Surface,
} from './options';
export {
  classifyOutcome,
  countWrong,
  OUTCOME_NAMES,
  OUTCOMES,
  type OutcomeEvidence,
  type OutcomeName,
} from './outcome';
export type {
  ActivationName,
  BugName,
  DatasetName,
  ExperimentConfig,
  FeatureName,
  InitName,
  LossName,
  OptimizerName,
  RegularizationName,
} from './types';
export {
  ACTIVATION_INFO,
  ACTIVATIONS,
  AGREEMENT_TOLERANCE,
  BUG_INFO,
  BUGS,
  DATASET_INFO,
  DATASETS,
  type Description,
  FEATURE_INFO,
  FEATURES,
  INIT_INFO,
  INITS,
  LOSS_INFO,
  LOSSES,
  OPTIMIZER_INFO,
  OPTIMIZERS,
  REGULARIZATION_INFO,
  REGULARIZATIONS,
} from './vocabulary';
