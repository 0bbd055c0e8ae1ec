import { formatEdit } from './edits';
import { configError, type OptionNamer } from './errors';
import { checkOption, defaultOf, OPTION_KEYS, type OptionKey, type Surface } from './options';
import type { ExperimentConfig } from './types';

/** Configs that passed {@link resolveConfig} (frozen, so they stay valid): not checked again. */
const validated = new WeakSet<object>();

/** Copies of the array options (and of each edit), so the frozen config shares nothing with the caller. */
function ownArrays(c: ExperimentConfig): ExperimentConfig {
  return {
    ...c,
    layers: [...c.layers],
    features: [...c.features],
    method: [...c.method],
    edits: c.edits.map((e) => Object.freeze({ ...e })),
  };
}

function freeze(config: ExperimentConfig): ExperimentConfig {
  Object.freeze(config.layers);
  Object.freeze(config.features);
  Object.freeze(config.method);
  Object.freeze(config.edits);
  validated.add(Object.freeze(config));
  return config;
}

/** Every option's default on `surface`, as a fresh (unvalidated) config. */
function defaultsOn(surface: Surface): ExperimentConfig {
  return ownArrays(
    Object.fromEntries(
      OPTION_KEYS.map((key) => [key, defaultOf(key, surface)]),
    ) as unknown as ExperimentConfig,
  );
}

/**
 * The seed experiment: the source document's 2-2-1 sigmoid network on XOR, NumPy's randn
 * weights for seed 42 (biases zero), SGD with lr 0.1 for 10,000 epochs on the gradients of
 * ½·Σ(y−ŷ)², reporting every 1000 epochs. Every value is the default of its {@link OPTIONS} row.
 */
export const SEED_EXPERIMENT: Readonly<ExperimentConfig> = freeze(defaultsOn('cli'));

const WEB_DEFAULTS: Readonly<ExperimentConfig> = freeze(defaultsOn('web'));

/**
 * The config every option of which is its default on `surface` (see the rows' `surfaceDefaults`):
 * on the CLI the seed experiment itself; on the web the same but for the methods (autodiff and
 * the δ equations; the page's toggle adds forward mode). Frozen and validated.
 *
 * @example
 * ```ts
 * defaultConfig('web').method; // ['autodiff', 'manual']
 * ```
 */
export function defaultConfig(surface: Surface): Readonly<ExperimentConfig> {
  return surface === 'web' ? WEB_DEFAULTS : SEED_EXPERIMENT;
}

/** The rules that join options, checked after each option alone. */
function checkCombination(c: ExperimentConfig): void {
  if (c.layers[0] !== c.features.length) {
    throw configError(
      'layers',
      (name) =>
        `${name('layers')} must start with ${c.features.length} (one input per feature: ${c.features.join(', ')}); got [${c.layers.join(', ')}]`,
    );
  }
  if (c.loss === 'bce' && c.outputActivation !== 'sigmoid') {
    throw configError(
      'loss',
      (name) =>
        `${name('loss')} bce needs ${name('outputActivation')} sigmoid (outputs in (0, 1)); got ${c.outputActivation}`,
    );
  }
  checkEditsFit(c);
}

/** Each edit names an entry of the network and an epoch the run starts. */
function checkEditsFit(c: ExperimentConfig): void {
  const layers = c.layers.length - 1;
  for (const edit of c.edits) {
    const bad = (why: (name: OptionNamer) => string): never => {
      throw configError('edits', (name) => `${name('edits')} ${formatEdit(edit)}: ${why(name)}`);
    };
    if (edit.epoch >= c.epochs)
      bad(
        (name) =>
          `epoch ${edit.epoch} never starts (an edit applies at the start of an epoch; ${name('epochs')} ${c.epochs} runs epochs 0…${c.epochs - 1})`,
      );
    if (edit.layer > layers)
      bad(() => `there is no layer ${edit.layer}: the network ${c.layers.join('-')} has ${layers}`);
    const rows = edit.kind === 'W' ? c.layers[edit.layer - 1]! : 1;
    const cols = c.layers[edit.layer]!;
    if (edit.row >= rows || edit.col >= cols)
      bad(() => `${edit.kind}${edit.layer} is ${rows}×${cols}: rows 0…${rows - 1}, columns 0…${cols - 1}`);
  }
}

function resolve(base: ExperimentConfig, overrides: object, keys: readonly OptionKey[]): ExperimentConfig {
  const known = new Set<string>(OPTION_KEYS);
  for (const key of Object.keys(overrides)) {
    if (!known.has(key))
      throw configError(null, () => `unknown option '${key}'; known: ${OPTION_KEYS.join(', ')}`);
  }
  const c = { ...base, ...overrides } as ExperimentConfig;
  // The input layer follows the features, unless the layers are given too (then they must fit).
  if (
    'features' in overrides &&
    !('layers' in overrides) &&
    Array.isArray(c.features) &&
    Array.isArray(c.layers)
  )
    c.layers = [c.features.length, ...c.layers.slice(1)];
  for (const key of keys) checkOption(key, c[key]);
  checkCombination(c);
  return freeze(ownArrays(c));
}

/**
 * The seed experiment with `overrides` applied, validated: every option is checked against its
 * {@link OPTIONS} row, then the rules that join options (the input layer has one unit per
 * feature: given `features` without `layers`, the first size follows them), and a bad one throws a
 * {@link CrosscheckError} `INVALID_CONFIG` whose `option` names it. The result is frozen, and
 * passing it again (to `runExperiment`, `traceStep`, …) returns it without checking it again.
 *
 * @example
 * ```ts
 * const config = resolveConfig({ layers: [2, 4, 1], activation: 'tanh', seed: 3 });
 * ```
 */
export function resolveConfig(overrides: Partial<ExperimentConfig> = {}): ExperimentConfig {
  if (validated.has(overrides)) return overrides as ExperimentConfig;
  return resolve(SEED_EXPERIMENT, overrides, OPTION_KEYS);
}

/**
 * A validated config with some options changed: only those, and the rules that join options,
 * are checked again (a sweep changes the seed thousands of times).
 */
export function withOptions(base: ExperimentConfig, changes: Partial<ExperimentConfig>): ExperimentConfig {
  const config = resolveConfig(base);
  return resolve(config, changes, Object.keys(changes) as OptionKey[]);
}
