import { configError } from './errors';
import { checkOption, OPTION_KEYS, OPTIONS, type OptionKey } from './options';
import type { ExperimentConfig } from './types';

/** Configs that passed {@link resolveConfig} (frozen, so they stay valid): not checked again. */
const validated = new WeakSet<object>();

function freeze(config: ExperimentConfig): ExperimentConfig {
  Object.freeze(config.layers);
  Object.freeze(config.features);
  validated.add(Object.freeze(config));
  return config;
}

/**
 * The seed experiment: the source document's 2-2-1 sigmoid network on XOR, NumPy's randn
 * weights for seed 42 (biases zero), SGD with lr 0.1 for 10,000 epochs on the gradients of
 * ½·Σ(y−ŷ)², reporting every 1000 epochs. Every value is the default of its {@link OPTIONS} row.
 */
export const SEED_EXPERIMENT: Readonly<ExperimentConfig> = freeze(
  Object.fromEntries(
    OPTION_KEYS.map((key) => {
      const value = OPTIONS[key].default;
      return [key, Array.isArray(value) ? [...value] : value];
    }),
  ) as unknown as ExperimentConfig,
);

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
  return freeze({ ...c, layers: [...c.layers], features: [...c.features] });
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
