/**
 * Initialisers: where a layer's first weights and biases come from. An {@link Initializer}
 * is asked for each layer's weight and then its bias, in layer order, so an initialiser that
 * holds one generator draws a reproducible stream across the whole network.
 *
 * Scales follow PyTorch's `torch.nn.init` formulas, with fans computed for this library's
 * weight layout W: in×out (so fan_in = in, fan_out = out).
 */
import type { Tensor } from '@deltagrad/core';
import { tensorOver } from '@deltagrad/core/internal';
import type { RandomGenerator } from '@deltagrad/random';
import { fmtValue, NnError } from './errors';
import { checkOptionKeys, finite, given, nonNegative, oneOf } from './validate';

/**
 * The source of a dense layer's initial values.
 *
 * @example
 * ```ts
 * const init = xavierUniform(createRandom(0));
 * const W = init.weight(2, 4); // shape [2, 4]
 * const b = init.bias(2, 4);   // shape [1, 4], zeros
 * ```
 */
export interface Initializer {
  /** A short name for messages, e.g. `'xavierUniform'`. */
  readonly name: string;
  /** The weight of a layer with `fanIn` inputs and `fanOut` outputs: shape [fanIn, fanOut]. */
  weight(fanIn: number, fanOut: number): Tensor;
  /** The bias of the same layer: shape [1, fanOut]. */
  bias(fanIn: number, fanOut: number): Tensor;
}

/** Non-linearities known to {@link calculateGain} (PyTorch's names, camel-cased). */
export type GainNonlinearity = 'linear' | 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu';

const GAINS: readonly GainNonlinearity[] = ['linear', 'identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu'];

/**
 * The recommended gain for a non-linearity, as `torch.nn.init.calculate_gain`: 1 for linear,
 * identity and sigmoid, 5/3 for tanh, √2 for relu, √(2 / (1 + slope²)) for leakyRelu
 * (default slope 0.01).
 *
 * @example
 * ```ts
 * calculateGain('tanh'); // 1.6666666666666667
 * ```
 */
export function calculateGain(nonlinearity: GainNonlinearity, slope = 0.01): number {
  oneOf('calculateGain', 'nonlinearity', nonlinearity, GAINS);
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu':
      finite('calculateGain', 'slope', slope);
      return Math.sqrt(2 / (1 + slope * slope));
    default:
      return 1;
  }
}

function checkFans(where: string, fanIn: number, fanOut: number): void {
  for (const [name, v] of [
    ['fanIn', fanIn],
    ['fanOut', fanOut],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 1) {
      throw new NnError('INVALID_OPTION', `${where}: ${name} must be an integer >= 1, got ${fmtValue(v)}`);
    }
  }
}

function filledWith(shape: readonly number[], draw: () => number): Tensor {
  let n = 1;
  for (const d of shape) n *= d;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = draw();
  // tensorOver, not `new Tensor`: no user code holds `data`, so the parameter starts unexposed.
  return tensorOver(data, [...shape]);
}

function zeroBias(_fanIn: number, fanOut: number): Tensor {
  return tensorOver(new Float64Array(fanOut), [1, fanOut]);
}

/** Builds an initialiser whose weights come from `draw(fanIn, fanOut)` and biases are zero. */
function weightsFrom(name: string, draw: (fanIn: number, fanOut: number) => () => number): Initializer {
  return {
    name,
    weight(fanIn, fanOut) {
      checkFans(name, fanIn, fanOut);
      return filledWith([fanIn, fanOut], draw(fanIn, fanOut));
    },
    bias(fanIn, fanOut) {
      checkFans(name, fanIn, fanOut);
      return zeroBias(fanIn, fanOut);
    },
  };
}

/**
 * All weights and biases zero (`torch.nn.init.zeros_`). A network started here cannot break
 * symmetry; useful for tests and for loading values afterwards.
 */
export function zerosInit(): Initializer {
  return weightsFrom('zerosInit', () => () => 0);
}

/**
 * Weights from N(mean, std²) (`torch.nn.init.normal_`), drawn row-major from `rng`; zero biases.
 *
 * @example
 * ```ts
 * const init = normalInit(createRandom(1), { std: 0.1 });
 * ```
 */
export function normalInit(rng: RandomGenerator, opts: { mean?: number; std?: number } = {}): Initializer {
  checkOptionKeys('normalInit', opts, ['mean', 'std']);
  const mean = finite('normalInit', 'mean', given(opts.mean, 0));
  const std = nonNegative('normalInit', 'std', given(opts.std, 1));
  return weightsFrom('normalInit', () => () => mean + std * rng.normal());
}

/**
 * Weights from U(low, high) (`torch.nn.init.uniform_`, default [0, 1)), drawn row-major from
 * `rng`; zero biases.
 */
export function uniformInit(rng: RandomGenerator, opts: { low?: number; high?: number } = {}): Initializer {
  checkOptionKeys('uniformInit', opts, ['low', 'high']);
  const low = finite('uniformInit', 'low', given(opts.low, 0));
  const high = finite('uniformInit', 'high', given(opts.high, 1));
  if (high < low) {
    throw new NnError('INVALID_OPTION', `uniformInit: option high (${high}) must be >= low (${low})`);
  }
  return weightsFrom('uniformInit', () => () => rng.uniform(low, high));
}

/**
 * Xavier/Glorot uniform (`torch.nn.init.xavier_uniform_`): U(−a, a) with
 * a = gain·√(6 / (fan_in + fan_out)); zero biases.
 */
export function xavierUniform(rng: RandomGenerator, opts: { gain?: number } = {}): Initializer {
  checkOptionKeys('xavierUniform', opts, ['gain']);
  const gain = nonNegative('xavierUniform', 'gain', given(opts.gain, 1));
  return weightsFrom('xavierUniform', (fanIn, fanOut) => {
    const a = gain * Math.sqrt(6 / (fanIn + fanOut));
    return () => rng.uniform(-a, a);
  });
}

/**
 * Xavier/Glorot normal (`torch.nn.init.xavier_normal_`): N(0, std²) with
 * std = gain·√(2 / (fan_in + fan_out)); zero biases.
 */
export function xavierNormal(rng: RandomGenerator, opts: { gain?: number } = {}): Initializer {
  checkOptionKeys('xavierNormal', opts, ['gain']);
  const gain = nonNegative('xavierNormal', 'gain', given(opts.gain, 1));
  return weightsFrom('xavierNormal', (fanIn, fanOut) => {
    const std = gain * Math.sqrt(2 / (fanIn + fanOut));
    return () => std * rng.normal();
  });
}

/** Options of {@link kaimingUniform} and {@link kaimingNormal} (PyTorch's defaults). */
export interface KaimingOptions {
  /** Negative slope of the leaky ReLU that follows (default 0: plain ReLU gain √2). */
  a?: number;
  /** Preserve the variance of the forward pass (`'fanIn'`, default) or of the backward pass. */
  mode?: 'fanIn' | 'fanOut';
  /** The non-linearity that follows (default `'leakyRelu'`, as PyTorch). */
  nonlinearity?: GainNonlinearity;
}

function kaimingStd(where: string, opts: KaimingOptions): (fanIn: number, fanOut: number) => number {
  checkOptionKeys(where, opts, ['a', 'mode', 'nonlinearity']);
  const a = finite(where, 'a', given(opts.a, 0));
  const mode = oneOf(where, 'mode', given(opts.mode, 'fanIn'), ['fanIn', 'fanOut'] as const);
  const gain = calculateGain(oneOf(where, 'nonlinearity', given(opts.nonlinearity, 'leakyRelu'), GAINS), a);
  return (fanIn, fanOut) => gain / Math.sqrt(mode === 'fanIn' ? fanIn : fanOut);
}

/**
 * He/Kaiming uniform (`torch.nn.init.kaiming_uniform_`): U(−bound, bound) with
 * bound = √3·gain/√fan; zero biases.
 */
export function kaimingUniform(rng: RandomGenerator, opts: KaimingOptions = {}): Initializer {
  const std = kaimingStd('kaimingUniform', opts);
  return weightsFrom('kaimingUniform', (fanIn, fanOut) => {
    const bound = Math.sqrt(3) * std(fanIn, fanOut);
    return () => rng.uniform(-bound, bound);
  });
}

/** He/Kaiming normal (`torch.nn.init.kaiming_normal_`): N(0, std²) with std = gain/√fan; zero biases. */
export function kaimingNormal(rng: RandomGenerator, opts: KaimingOptions = {}): Initializer {
  const std = kaimingStd('kaimingNormal', opts);
  return weightsFrom('kaimingNormal', (fanIn, fanOut) => {
    const s = std(fanIn, fanOut);
    return () => s * rng.normal();
  });
}

/**
 * The seed script's initialisation: each weight is `np.random.randn(in, out)` — standard
 * normal draws from `rng`, row-major — and each bias is zero, layer after layer (W1, then W2, …).
 * With `numpyRandom(seed)` from `@deltagrad/random` this reproduces NumPy bit for bit:
 * for seed 42 and sizes [2, 2, 1],
 * W1 = [[0.4967141530112327, −0.13826430117118466], [0.6476885381006925, 1.5230298564080254]]
 * and W2 = [[−0.23415337472333597], [−0.23413695694918055]].
 *
 * @example
 * ```ts
 * const model = mlp({ sizes: [2, 2, 1], activations: 'sigmoid', init: numpyRandn(numpyRandom(42)) });
 * ```
 */
export function numpyRandn(rng: RandomGenerator): Initializer {
  return weightsFrom('numpyRandn', () => () => rng.normal());
}

/**
 * PyTorch's default for `nn.Linear` (`reset_parameters`): weights from kaiming_uniform with
 * a = √5, which is U(−1/√fan_in, 1/√fan_in), and biases from the same U(−1/√fan_in, 1/√fan_in).
 * Weights are drawn before biases.
 */
export function pytorchDefault(rng: RandomGenerator): Initializer {
  return {
    name: 'pytorchDefault',
    weight(fanIn, fanOut) {
      checkFans('pytorchDefault', fanIn, fanOut);
      const bound = 1 / Math.sqrt(fanIn);
      return filledWith([fanIn, fanOut], () => rng.uniform(-bound, bound));
    },
    bias(fanIn, fanOut) {
      checkFans('pytorchDefault', fanIn, fanOut);
      const bound = 1 / Math.sqrt(fanIn);
      return filledWith([1, fanOut], () => rng.uniform(-bound, bound));
    },
  };
}

/** @internal Throws unless `init` looks like an {@link Initializer}. */
export function checkInitializer(where: string, init: unknown): Initializer {
  const ok =
    typeof init === 'object' &&
    init !== null &&
    typeof (init as Initializer).weight === 'function' &&
    typeof (init as Initializer).bias === 'function';
  if (!ok) {
    throw new NnError(
      'INVALID_OPTION',
      `${where}: option init must be an Initializer (e.g. xavierUniform(rng)), got ${fmtValue(init)}`,
    );
  }
  return init as Initializer;
}
