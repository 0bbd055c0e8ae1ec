import { createRandom } from '@deltagrad/random';
import { defaultGenerator } from './default-generator';
import { fmtValue, NnError } from './errors';
import { checkInitializer, type Initializer, pytorchDefault } from './init';
import { ACTIVATION_NAMES, type ActivationName, activation } from './layers/activations';
import { Linear } from './layers/linear';
import { Sequential } from './layers/sequential';
import type { Module } from './module';
import { checkOptionKeys, finite, given, integer, oneOf, seedOption } from './validate';

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Layer widths from input to output, e.g. `[2, 4, 1]`: at least two. */
  sizes: readonly number[];
  /**
   * The activation after each dense layer: one name for all of them, or one per dense layer
   * (`sizes.length − 1` names; use `'identity'` for a linear output).
   */
  activations: ActivationName | readonly ActivationName[];
  /**
   * Initial values, asked for W then b of each layer in order (default
   * `pytorchDefault(createRandom(seed))` with `seed`, else `pytorchDefault(defaultGenerator())`).
   */
  init?: Initializer;
  /**
   * Seed of the default initialiser: its own generator, independent of nn's default one.
   * Left out: draws come from nn's default generator (see `manualSeed`). Ignored when `init`
   * is given.
   */
  seed?: number;
  /** Negative slope of `'leakyRelu'` activations (default 0.01). */
  slope?: number;
  /** Give the dense layers biases (default true). */
  bias?: boolean;
}

/**
 * A multilayer perceptron: `Linear, activation, Linear, activation, …` as a {@link Sequential}.
 * Its parameters are named `'0.W'`, `'0.b'`, `'2.W'`, `'2.b'`, … (dense layers sit at even indices).
 *
 * @throws {@link NnError} `INVALID_OPTION` naming the option at fault.
 *
 * @example
 * ```ts
 * // The seed network: 2-2-1, sigmoid everywhere, NumPy's randn weights for seed 42.
 * const model = mlp({ sizes: [2, 2, 1], activations: 'sigmoid', init: numpyRandn(numpyRandom(42)) });
 * // XOR with a tanh hidden layer and a sigmoid output.
 * const net = mlp({ sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], seed: 3 });
 * ```
 */
export function mlp(opts: MlpOptions): Sequential {
  checkOptionKeys('mlp', opts, ['sizes', 'activations', 'init', 'seed', 'slope', 'bias']);
  if (opts === undefined)
    throw new NnError('INVALID_OPTION', 'mlp: options { sizes, activations } are required');
  const { sizes } = opts;
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new NnError(
      'INVALID_OPTION',
      `mlp: option sizes must list at least two layer widths (input and output), got ${fmtValue(sizes)}`,
    );
  }
  sizes.forEach((n, i) => {
    integer('mlp', `sizes[${i}]`, n, 1);
  });
  const layers = sizes.length - 1;
  const acts: readonly unknown[] =
    typeof opts.activations === 'string' ? new Array(layers).fill(opts.activations) : opts.activations;
  if (!Array.isArray(acts) || acts.length !== layers) {
    throw new NnError(
      'INVALID_OPTION',
      `mlp: option activations must be one name or ${layers} names (one per dense layer), got ${fmtValue(opts.activations)}`,
    );
  }
  acts.forEach((a, i) => {
    oneOf('mlp', `activations[${i}]`, a, ACTIVATION_NAMES);
  });
  const slope = finite('mlp', 'slope', given(opts.slope, 0.01));
  const init =
    opts.init !== undefined
      ? checkInitializer('mlp', opts.init)
      : opts.seed !== undefined
        ? pytorchDefault(createRandom(seedOption('mlp', 'seed', opts.seed)))
        : pytorchDefault(defaultGenerator());
  const modules: Module[] = [];
  for (let i = 0; i < layers; i++) {
    modules.push(new Linear(sizes[i]!, sizes[i + 1]!, { init, bias: given(opts.bias, true) }));
    modules.push(activation(acts[i] as ActivationName, slope));
  }
  return new Sequential(modules);
}
