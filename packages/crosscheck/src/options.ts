/**
 * The option table: every experiment option once, with its type, range, default, CLI flag, URL
 * key and help. The config's validation, the CLI's flags, parsing and help, and the web demo's
 * URL state and controls all derive from it. Adding an option is one row here (and its use).
 */
import { compareEdits, editTarget, formatEdit, type ParamEdit, readEdits } from './edits';
import { configError, type OptionNamer } from './errors';
import { GRADIENT_METHOD_NAMES, METHOD_INFO, METHODS } from './method-names';
import type { ExperimentConfig } from './types';
import {
  ACTIVATION_INFO,
  ACTIVATIONS,
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

/** The key of an experiment option: a row of {@link OPTIONS}, a field of {@link ExperimentConfig}. */
export type OptionKey = keyof typeof OPTIONS;

/** Which part of a run an option sets (the CLI's `graph` takes `network` and `data` options). */
export type OptionGroup = 'network' | 'data' | 'training' | 'report';

/**
 * Where an option is set: the command line or the web demo. A row's `default` holds on every
 * surface unless its `surfaceDefaults` names another for one (see {@link defaultOf}).
 */
export type Surface = 'cli' | 'web';

interface OptionBase<K extends string> {
  readonly key: K;
  /** A few words naming the option on a control, e.g. `Learning rate`. */
  readonly label: string;
  /** The CLI flag, e.g. `--fd-every`. */
  readonly flag: `--${string}`;
  /** The placeholder of the flag's value in help, e.g. `n` in `--epochs <n>`. */
  readonly arg: string;
  /** The key in the web demo's URL hash, e.g. `fd`. */
  readonly url: string;
  /** One line: what the option does. */
  readonly help: string;
  readonly group: OptionGroup;
  /**
   * A different default on some surface, e.g. the web demo's `method` leaves forward mode out
   * (a toggle adds it) while the CLI compares all three. Checked like `default` (at compile time
   * and by `test/options.test.ts`); read through {@link defaultOf}.
   */
  readonly surfaceDefaults?: Readonly<Partial<Record<Surface, unknown>>>;
}

/** An integer in [min, max]. */
export interface IntegerOption<K extends string = string> extends OptionBase<K> {
  readonly type: 'integer';
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/** A finite number in (min, max]: min is exclusive (every such option is a positive number). */
export interface NumberOption<K extends string = string> extends OptionBase<K> {
  readonly type: 'number';
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/** One of a list of names. */
export interface ChoiceOption<K extends string = string, C extends string = string> extends OptionBase<K> {
  readonly type: 'choice';
  readonly choices: readonly C[];
  /** Each choice's label and description: the vocabulary record it comes from (`ACTIVATION_INFO`, …). */
  readonly info: Readonly<Record<C, Description>>;
  readonly default: C;
}

/**
 * Layer sizes: at least two integers in [min, max], the last `last`. The first is the input
 * width, one per input feature: a rule joining `layers` and `features` (see `resolveConfig`).
 */
export interface SizesOption<K extends string = string> extends OptionBase<K> {
  readonly type: 'sizes';
  readonly min: number;
  readonly max: number;
  readonly last: number;
  readonly default: readonly number[];
}

/**
 * Some names of a list, at least `min` of them, each once and in the list's order (so one set
 * has one spelling): as text, comma-separated in any order.
 */
export interface SubsetOption<K extends string = string, C extends string = string> extends OptionBase<K> {
  readonly type: 'subset';
  readonly choices: readonly C[];
  /** Each choice's label and description: the vocabulary record it comes from. */
  readonly info: Readonly<Record<C, Description>>;
  readonly min: number;
  readonly default: readonly C[];
  /**
   * Words read in place of a list, each standing for a set (`all`). {@link formatOption} writes
   * the first one whose set is the value; a `deprecated` one is still read (old links and
   * scripts) but never written.
   */
  readonly aliases?: readonly SubsetAlias<C>[];
}

/** A word standing for a set of a subset option's choices, e.g. `all`. */
export interface SubsetAlias<C extends string = string> {
  readonly name: string;
  readonly value: readonly C[];
  /** Why the word is kept though no longer written, e.g. `both`: the name from when there were two methods. */
  readonly deprecated?: string;
}

/**
 * Weight edits ({@link ParamEdit}), in the order they apply (by epoch, then parameter, then
 * entry), each target at most once an epoch; as text, comma-separated in any order, each
 * `W1[0,1]=0.5@120` (parameter[row,col]=value@epoch). That each names an entry of the network
 * and an epoch of the run is a rule joining options (see `resolveConfig`).
 */
export interface EditsOption<K extends string = string> extends OptionBase<K> {
  readonly type: 'edits';
  /** The largest epoch an edit may name (the run's own length bounds it further). */
  readonly maxEpoch: number;
  readonly default: readonly ParamEdit[];
}

/** One row of {@link OPTIONS}. */
export type OptionSpec<K extends string = string> =
  | IntegerOption<K>
  | NumberOption<K>
  | ChoiceOption<K>
  | SizesOption<K>
  | SubsetOption<K>
  | EditsOption<K>;

const SEED_MAX = 0xffffffff;
const EPOCHS_MAX = 10_000_000;

/**
 * The table, keyed by option. {@link ExperimentConfig} is derived from it (a row is a field,
 * typed by the row), the compile-time checks below fail for a row whose `key` or `default` does
 * not fit, and `test/options.test.ts` fails for a row without a flag, a URL key or help.
 */
export const OPTIONS = Object.freeze({
  layers: {
    key: 'layers',
    label: 'Layers',
    type: 'sizes',
    min: 1,
    max: 4096,
    last: 1,
    flag: '--layers',
    arg: 'sizes',
    url: 'layers',
    group: 'network',
    default: [2, 2, 1],
    help: 'layer sizes from input to output, e.g. 2,4,1 (first: one input per feature, 2 for x1,x2, and it follows --features; last 1: one output)',
  },
  activation: {
    key: 'activation',
    label: 'Hidden activation',
    type: 'choice',
    choices: ACTIVATIONS,
    info: ACTIVATION_INFO,
    flag: '--activation',
    arg: 'name',
    url: 'act',
    group: 'network',
    default: 'sigmoid',
    help: 'activation of every hidden layer',
  },
  outputActivation: {
    key: 'outputActivation',
    label: 'Output activation',
    type: 'choice',
    choices: ACTIVATIONS,
    info: ACTIVATION_INFO,
    flag: '--output-activation',
    arg: 'name',
    url: 'out',
    group: 'network',
    default: 'sigmoid',
    help: 'activation of the output layer (bce needs sigmoid)',
  },
  loss: {
    key: 'loss',
    label: 'Loss',
    type: 'choice',
    choices: LOSSES,
    info: LOSS_INFO,
    flag: '--loss',
    arg: 'name',
    url: 'loss',
    group: 'network',
    default: 'halfSSE',
    help: "the loss whose gradients are compared and minimised (halfSSE: ½·Σ(y − ŷ)², the seed's)",
  },
  init: {
    key: 'init',
    label: 'Initial weights',
    type: 'choice',
    choices: INITS,
    info: INIT_INFO,
    flag: '--init',
    arg: 'name',
    url: 'init',
    group: 'network',
    default: 'numpy',
    help: "how the initial weights are drawn (numpy: the seed's np.random.randn); biases start at 0",
  },
  seed: {
    key: 'seed',
    label: 'Weight seed',
    type: 'integer',
    min: 0,
    max: SEED_MAX,
    flag: '--seed',
    arg: 'n',
    url: 'seed',
    group: 'network',
    default: 42,
    help: 'seed of the initial weights',
  },
  optimizer: {
    key: 'optimizer',
    label: 'Optimizer',
    type: 'choice',
    choices: OPTIMIZERS,
    info: OPTIMIZER_INFO,
    flag: '--optimizer',
    arg: 'name',
    url: 'opt',
    group: 'training',
    default: 'sgd',
    help: 'the update rule, applied to every copy of the parameters',
  },
  lr: {
    key: 'lr',
    label: 'Learning rate',
    type: 'number',
    min: 0,
    max: Number.POSITIVE_INFINITY,
    flag: '--lr',
    arg: 'rate',
    url: 'lr',
    group: 'training',
    default: 0.1,
    help: 'learning rate',
  },
  epochs: {
    key: 'epochs',
    label: 'Epochs to train',
    type: 'integer',
    min: 1,
    max: EPOCHS_MAX,
    flag: '--epochs',
    arg: 'n',
    url: 'epochs',
    group: 'training',
    default: 10_000,
    help: 'epochs to train (passes over the training set)',
  },
  dataset: {
    key: 'dataset',
    label: 'Dataset',
    type: 'choice',
    choices: DATASETS,
    info: DATASET_INFO,
    flag: '--dataset',
    arg: 'name',
    url: 'data',
    group: 'data',
    default: 'xor',
    help: 'training data: the XOR truth table or a generated 2-D set',
  },
  datasetSize: {
    key: 'datasetSize',
    label: 'Points',
    type: 'integer',
    min: 4,
    max: 100_000,
    flag: '--dataset-size',
    arg: 'n',
    url: 'n',
    group: 'data',
    default: 200,
    help: 'points of a generated dataset (xor has its 4)',
  },
  method: {
    key: 'method',
    label: 'Gradients by',
    type: 'subset',
    choices: METHODS,
    info: METHOD_INFO,
    min: 1,
    aliases: [
      { name: 'all', value: GRADIENT_METHOD_NAMES },
      {
        name: 'both',
        value: GRADIENT_METHOD_NAMES,
        deprecated: 'the name from when there were two methods; it means all',
      },
    ],
    flag: '--method',
    arg: 'names',
    url: 'method',
    group: 'training',
    default: GRADIENT_METHOD_NAMES,
    // The page shows forward mode's column behind a toggle: it is not computed unless asked for.
    surfaceDefaults: { web: ['autodiff', 'manual'] },
    help: 'gradient methods to run and compare every epoch, comma-separated (e.g. autodiff,manual), or all; the first in the order autodiff, manual, forward is the reference (both: a deprecated alias of all)',
  },
  every: {
    key: 'every',
    label: 'Report every',
    type: 'integer',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    flag: '--every',
    arg: 'n',
    url: 'every',
    group: 'report',
    default: 1000,
    help: 'report every n epochs (and the last); the comparison covers every epoch',
  },
  finiteDifferenceEvery: {
    key: 'finiteDifferenceEvery',
    label: 'Finite differences every',
    type: 'integer',
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    flag: '--fd-every',
    arg: 'n',
    url: 'fd',
    group: 'report',
    default: 0,
    help: 'also compare with central finite differences every n epochs (0: never)',
  },
  convergedBelow: {
    key: 'convergedBelow',
    label: 'Learned below MSE',
    type: 'number',
    min: 0,
    max: Number.POSITIVE_INFINITY,
    flag: '--converged-below',
    arg: 'mse',
    url: 'bar',
    group: 'report',
    default: 0.01,
    help: 'final MSE under which a run has learned',
  },
  dataSeed: {
    key: 'dataSeed',
    label: 'Data seed',
    type: 'integer',
    min: 0,
    max: SEED_MAX,
    flag: '--data-seed',
    arg: 'n',
    url: 'dseed',
    group: 'data',
    default: 42,
    help: 'seed of a generated dataset, independent of --seed (changing the weights keeps the data)',
  },
  vanishingGradient: {
    key: 'vanishingGradient',
    label: 'Stuck below |∂L/∂θ|/L',
    type: 'number',
    min: 0,
    max: Number.POSITIVE_INFINITY,
    flag: '--vanishing',
    arg: 'ratio',
    url: 'vanish',
    group: 'report',
    default: 0.01,
    help: 'a run with a point still wrong is stuck when max |∂L/∂θ| ≤ ratio·L at the end (else slow)',
  },
  noise: {
    key: 'noise',
    label: 'Noise',
    type: 'integer',
    min: 0,
    max: 50,
    flag: '--noise',
    arg: 'percent',
    url: 'noise',
    group: 'data',
    default: 0,
    help: "noise of a generated dataset in percent, Playground's 0 to 50 (xor has none)",
  },
  trainRatio: {
    key: 'trainRatio',
    label: 'Training share',
    type: 'integer',
    min: 10,
    max: 90,
    flag: '--train-ratio',
    arg: 'percent',
    url: 'train',
    group: 'data',
    default: 50,
    help: 'percent of a generated dataset the methods train on; the rest is the test set (xor trains on its 4 points)',
  },
  features: {
    key: 'features',
    label: 'Input features',
    type: 'subset',
    choices: FEATURES,
    info: FEATURE_INFO,
    min: 1,
    flag: '--features',
    arg: 'names',
    url: 'feat',
    group: 'data',
    default: ['x1', 'x2'],
    help: 'the network inputs computed from each point, comma-separated; the input layer has one unit per feature',
  },
  batchSize: {
    key: 'batchSize',
    label: 'Batch size',
    type: 'integer',
    min: 0,
    max: 100_000,
    flag: '--batch-size',
    arg: 'n',
    url: 'batch',
    group: 'training',
    default: 0,
    help: 'examples per update, in an order reshuffled every epoch from the data seed (0: the whole training set, one update an epoch)',
  },
  regularization: {
    key: 'regularization',
    label: 'Regularization',
    type: 'choice',
    choices: REGULARIZATIONS,
    info: REGULARIZATION_INFO,
    flag: '--regularization',
    arg: 'name',
    url: 'reg',
    group: 'training',
    default: 'none',
    help: 'a penalty λ·R(W) on the weights added to the loss (biases are not penalized)',
  },
  regularizationRate: {
    key: 'regularizationRate',
    label: 'Regularization rate',
    type: 'number',
    min: 0,
    max: 10,
    flag: '--regularization-rate',
    arg: 'rate',
    url: 'regRate',
    group: 'training',
    default: 0.001,
    help: 'the rate λ of the penalty (used with l1 or l2)',
  },
  bug: {
    key: 'bug',
    label: 'Inject a mistake',
    type: 'choice',
    choices: BUGS,
    info: BUG_INFO,
    flag: '--bug',
    arg: 'name',
    url: 'bug',
    group: 'training',
    default: 'none',
    help: 'a classic backprop mistake put into the δ equations only (autodiff stays right): the comparison shows which gradients part',
  },
  edits: {
    key: 'edits',
    label: 'Weight edits',
    type: 'edits',
    maxEpoch: EPOCHS_MAX - 1,
    flag: '--edit',
    arg: 'edit',
    url: 'edit',
    group: 'training',
    default: [],
    help: "set a weight at the start of an epoch in every method's copy, e.g. W1[0,1]=0.5@120 (W1 row 0 column 1 to 0.5 before epoch 120; b is 1×out); repeat the flag or separate edits by commas",
  },
} as const satisfies Record<string, OptionSpec>);

// Compile-time checks of the table: each row's key is its property name, its default is a value
// of the option's type, and a choice row's vocabulary record describes every choice. One row that does not fit turns a check into `boolean`, and its
// line fails to compile.
type KeysMatch = { [K in OptionKey]: (typeof OPTIONS)[K]['key'] extends K ? true : false }[OptionKey];
type DefaultsFit = {
  [K in OptionKey]: (typeof OPTIONS)[K]['default'] extends Readonly<ExperimentConfig[K]>
    ? (typeof OPTIONS)[K] extends { surfaceDefaults: infer D }
      ? D[keyof D] extends Readonly<ExperimentConfig[K]>
        ? true
        : false
      : true
    : false;
}[OptionKey];
type InfoCovers = {
  [K in OptionKey]: (typeof OPTIONS)[K] extends { choices: readonly (infer C)[]; info: infer I }
    ? C extends keyof I
      ? true
      : false
    : true;
}[OptionKey];
export const TABLE_CHECKS: readonly [true, true, true] = [
  true as KeysMatch,
  true as DefaultsFit,
  true as InfoCovers,
];

/** Every option key, in the table's order (the order of help texts and of JSON config lines). */
export const OPTION_KEYS: readonly OptionKey[] = Object.freeze(Object.keys(OPTIONS) as OptionKey[]);

/** What an option accepts, in words: `an integer in [0, 4294967295]`, `one of sgd, adam, …`. */
export function describeRange(spec: OptionSpec): string {
  switch (spec.type) {
    case 'integer':
      return `an integer in [${spec.min}, ${spec.max}]`;
    case 'number':
      return spec.min === 0 && spec.max === Number.POSITIVE_INFINITY
        ? 'a finite positive number'
        : `a finite number in (${spec.min}, ${spec.max}]`;
    case 'choice':
      return `one of ${spec.choices.join(', ')}`;
    case 'sizes':
      return `comma-separated positive integers (at most ${spec.max}) such as 2,4,1`;
    case 'subset': {
      const words = (spec.aliases ?? []).filter((a) => !a.deprecated).map((a) => `, or ${a.name}`);
      return `${spec.min === 1 ? 'one or more' : `at least ${spec.min}`} of ${spec.choices.join(', ')}, comma-separated${words.join('')}`;
    }
    case 'edits':
      return 'edits such as W1[0,1]=0.5@120 (parameter[row,col]=value@epoch), comma-separated';
  }
}

/**
 * An option's default on a surface: the row's `surfaceDefaults` entry for it, else its `default`.
 *
 * @example
 * ```ts
 * defaultOf('method', 'cli'); // ['autodiff', 'manual', 'forward']
 * defaultOf('method', 'web'); // ['autodiff', 'manual']: the page's toggle adds forward mode
 * ```
 */
export function defaultOf<K extends OptionKey>(key: K, surface: Surface): Readonly<ExperimentConfig[K]> {
  const spec: OptionSpec = OPTIONS[key];
  const value = spec.surfaceDefaults?.[surface] ?? spec.default;
  return value as Readonly<ExperimentConfig[K]>;
}

/**
 * Checks one option's value (not the rules that join options: see `resolveConfig`).
 *
 * @throws {@link CrosscheckError} `INVALID_CONFIG` with `option` set, naming what is accepted.
 */
export function checkOption<K extends OptionKey>(key: K, value: unknown): ExperimentConfig[K] {
  const spec: OptionSpec = OPTIONS[key];
  const got = JSON.stringify(value) ?? String(value);
  const fail = (explain: (name: OptionNamer) => string): never => {
    throw configError(key, explain);
  };
  switch (spec.type) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < spec.min || value > spec.max)
        fail((name) => `${name(key)} must be ${describeRange(spec)}; got ${got}`);
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= spec.min || value > spec.max)
        fail((name) => `${name(key)} must be ${describeRange(spec)}; got ${got}`);
      break;
    case 'choice':
      if (!(spec.choices as readonly unknown[]).includes(value))
        fail((name) => `${name(key)} must be ${describeRange(spec)}; got ${got}`);
      break;
    case 'sizes': {
      if (!Array.isArray(value) || value.length < 2)
        fail((name) => `${name(key)} must list at least two sizes, e.g. [2, 2, 1]; got ${got}`);
      const sizes = value as unknown[];
      sizes.forEach((n, i) => {
        if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < spec.min || n > spec.max)
          fail(
            (name) =>
              `${name(key)}[${i}] must be an integer in [${spec.min}, ${spec.max}]; got ${JSON.stringify(n)}`,
          );
      });
      const shown = `[${sizes.join(', ')}]`;
      if (sizes.at(-1) !== spec.last)
        fail((name) => `${name(key)} must end with ${spec.last} (one output: the label); got ${shown}`);
      break;
    }
    case 'subset': {
      const order = spec.choices as readonly unknown[];
      const at = Array.isArray(value) ? value.map((c) => order.indexOf(c)) : [];
      if (
        !Array.isArray(value) ||
        value.length < spec.min ||
        at.some((i, k) => i < 0 || (k > 0 && i <= at[k - 1]!))
      )
        fail(
          (name) =>
            `${name(key)} must list ${spec.min === 1 ? 'one or more' : `at least ${spec.min}`} of ${spec.choices.join(', ')}, each once and in that order; got ${got}`,
        );
      break;
    }
    case 'edits':
      checkEdits(key, spec, value);
      break;
  }
  return value as ExperimentConfig[K];
}

/** Checks a list of edits alone (each naming an entry of the network is checked by `resolveConfig`). */
function checkEdits(key: OptionKey, spec: EditsOption, value: unknown): void {
  if (!Array.isArray(value))
    throw configError(
      key,
      (name) => `${name(key)} must be a list of edits; got ${JSON.stringify(value) ?? String(value)}`,
    );
  const whole = (n: unknown, max = Number.MAX_SAFE_INTEGER) =>
    typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= max;
  value.forEach((e: Partial<ParamEdit> | null, i) => {
    const bad = (why: string): never => {
      throw configError(key, (name) => `${name(key)}[${i}] ${why}; got ${JSON.stringify(e) ?? String(e)}`);
    };
    if (typeof e !== 'object' || e === null) bad('must be an edit { epoch, layer, kind, row, col, value }');
    const edit = e as Partial<ParamEdit>;
    if (!whole(edit.epoch, spec.maxEpoch)) bad(`must have an epoch in [0, ${spec.maxEpoch}]`);
    if (!whole(edit.layer) || edit.layer! < 1) bad('must have a layer ≥ 1');
    if (edit.kind !== 'W' && edit.kind !== 'b') bad("must have kind 'W' or 'b'");
    if (!whole(edit.row) || !whole(edit.col)) bad('must have a row and a column ≥ 0');
    if (typeof edit.value !== 'number' || !Number.isFinite(edit.value)) bad('must have a finite value');
    if (i > 0) {
      const before = value[i - 1] as ParamEdit;
      const order = compareEdits(before, edit as ParamEdit);
      if (order === 0)
        throw configError(
          key,
          (name) =>
            `${name(key)} sets ${editTarget(edit as ParamEdit)} twice (${formatEdit(before)}, ${formatEdit(edit as ParamEdit)})`,
        );
      if (order > 0)
        throw configError(
          key,
          (name) =>
            `${name(key)} must list its edits by epoch, then parameter, then entry; ${formatEdit(edit as ParamEdit)} comes after ${formatEdit(before)}`,
        );
    }
  });
}

/**
 * A number in decimal notation, as `formatOption` writes one (`0.1`, `1e-7`, `1.5e+21`): digits
 * with an optional fraction and exponent. `Number` alone would also read hexadecimal, binary,
 * octal and `Infinity`, which no link or flag should carry.
 */
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * An option's value from text (a CLI argument, a URL value): integers as digits, numbers in
 * decimal notation (`0.05`, `.5`, `1e-3`; not `0x10`, `0b1`, `Infinity` or `1_000`, which
 * JavaScript's `Number` would read), names case-insensitively, sizes comma-separated, subsets
 * comma-separated in any order (the value lists them in the table's order). The value is
 * checked as {@link checkOption} does.
 *
 * @throws {@link CrosscheckError} `INVALID_CONFIG` with `option` set, quoting the text.
 *
 * @example
 * ```ts
 * parseOption('layers', '2,4,1'); // [2, 4, 1]
 * parseOption('lr', 'abc'); // throws: lr must be a finite positive number; got 'abc'
 * ```
 */
export function parseOption<K extends OptionKey>(key: K, text: string): ExperimentConfig[K] {
  const spec: OptionSpec = OPTIONS[key];
  const fail = (what: string): never => {
    throw configError(key, (name) => `${name(key)} must be ${what}; got '${text}'`);
  };
  const trimmed = text.trim();
  switch (spec.type) {
    case 'integer': {
      // Digits only: '1.5', '1e3', '-1' and '' are not what a count or a seed looks like.
      if (!/^\d+$/.test(trimmed) || (spec.min >= 1 && Number(trimmed) === 0))
        fail(spec.min >= 1 ? 'a positive integer' : 'a non-negative integer');
      return checkOption(key, Number(trimmed));
    }
    case 'number': {
      const n = Number(trimmed);
      if (!DECIMAL.test(trimmed) || !Number.isFinite(n) || n <= spec.min || n > spec.max)
        fail(describeRange(spec));
      return checkOption(key, n);
    }
    case 'choice': {
      const found = spec.choices.find((c) => String(c).toLowerCase() === trimmed.toLowerCase());
      if (found === undefined) fail(describeRange(spec));
      return checkOption(key, found);
    }
    case 'sizes': {
      const parts = trimmed.split(',').map((s) => s.trim());
      const ok = parts.length >= 2 && parts.every((p) => /^\d+$/.test(p) && +p >= spec.min && +p <= spec.max);
      if (!ok) fail(describeRange(spec));
      return checkOption(key, parts.map(Number));
    }
    case 'subset': {
      // A word for a set (`all`, or a deprecated one such as `both`) stands alone.
      const alias = spec.aliases?.find((a) => a.name.toLowerCase() === trimmed.toLowerCase());
      if (alias) return checkOption(key, [...alias.value]);
      // Any order and case in text; the value lists them in the table's order.
      const found = trimmed
        .split(',')
        .map((s) => spec.choices.find((c) => c.toLowerCase() === s.trim().toLowerCase()));
      if (
        found.some((c) => c === undefined) ||
        new Set(found).size !== found.length ||
        found.length < spec.min
      )
        fail(`${describeRange(spec)}, each once`);
      const order = (c: string) => spec.choices.indexOf(c);
      return checkOption(
        key,
        (found as string[]).sort((a, b) => order(a) - order(b)),
      );
    }
    case 'edits': {
      // Any order in text; the value lists them in the order they apply.
      const edits = readEdits(trimmed);
      if (typeof edits === 'string') throw configError(key, (name) => `${name(key)}: ${edits}`);
      return checkOption(key, edits.sort(compareEdits));
    }
  }
}

/**
 * An option's value as text, the inverse of {@link parseOption}: `parseOption(key,
 * formatOption(key, v))` gives `v` back, bit for bit (numbers in JavaScript's shortest
 * round-trip form).
 *
 * @example
 * ```ts
 * formatOption('layers', [2, 4, 1]); // '2,4,1'
 * ```
 */
export function formatOption<K extends OptionKey>(key: K, value: Readonly<ExperimentConfig[K]>): string {
  const spec: OptionSpec = OPTIONS[key];
  if (spec.type === 'edits') return (value as unknown as readonly ParamEdit[]).map(formatEdit).join(',');
  if (spec.type === 'subset') {
    const list = value as unknown as readonly string[];
    const alias = spec.aliases?.find(
      (a) => !a.deprecated && a.value.length === list.length && a.value.every((c, i) => c === list[i]),
    );
    if (alias) return alias.name;
  }
  return Array.isArray(value) ? value.join(',') : String(value);
}
