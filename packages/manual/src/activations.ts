/**
 * The activation functions f and their closed-form derivatives f′, as scalar functions of z.
 * A layer applies f to every entry of z^(l) (a^(l) = f(z^(l))), and the backward pass
 * multiplies by f′(z^(l)) entry by entry.
 */
import { describeValue, ManualError } from './errors';
import { outputArray } from './linalg';
import type { Matrix } from './matrix';

/** The name of an activation function: one per layer in {@link Network.activations}. */
export type Activation = 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'softplus';

/** Every activation, in the order the README lists them. */
export const ACTIVATIONS: readonly Activation[] = Object.freeze([
  'identity',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'softplus',
]);

/** The slope of `leakyRelu` for z ≤ 0 (0.01, as PyTorch's default). */
export const LEAKY_RELU_SLOPE = 0.01;

/**
 * σ(x) = 1 / (1 + e^(−x)), computed exactly as the seed's `1 / (1 + np.exp(-x))`.
 *
 * @example
 * ```ts
 * sigmoid(0); // 0.5
 * ```
 */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * σ′(x) = σ(x)·(1 − σ(x)), recomputed from x as the seed's `sigmoid_derivative(x)` does.
 *
 * @example
 * ```ts
 * sigmoidDerivative(0); // 0.25
 * ```
 */
export function sigmoidDerivative(x: number): number {
  return sigmoid(x) * (1 - sigmoid(x));
}

/** A scalar activation f and its derivative f′, both as functions of the pre-activation z. */
interface ScalarActivation {
  f(z: number): number;
  df(z: number): number;
}

/**
 * The table: each activation's f beside its f′.
 *
 * - identity: f(z) = z, f′(z) = 1
 * - sigmoid: f(z) = σ(z) = 1/(1 + e^(−z)), f′(z) = σ(z)(1 − σ(z))
 * - tanh: f(z) = tanh z, f′(z) = 1 − tanh² z
 * - relu: f(z) = max(z, 0), f′(z) = 1 if z > 0 else 0 (0 at the kink)
 * - leakyRelu: f(z) = z if z > 0 else 0.01·z, f′(z) = 1 if z > 0 else 0.01 (0.01 at the kink)
 * - softplus: f(z) = ln(1 + e^z) = max(z, 0) + ln(1 + e^(−|z|)) (no overflow), f′(z) = σ(z)
 *
 * @internal The reference the per-activation loops below (applyActivation, multiplyDerivativeAt,
 * multiplySlope) are tested against bit for bit; they repeat its formulas inline because a call
 * through the table per entry costs more than the entry's arithmetic.
 */
export const TABLE: Readonly<Record<Activation, ScalarActivation>> = {
  identity: { f: (z) => z, df: () => 1 },
  sigmoid: { f: sigmoid, df: sigmoidDerivative },
  tanh: {
    f: Math.tanh,
    df: (z) => {
      const t = Math.tanh(z);
      return 1 - t * t;
    },
  },
  relu: { f: (z) => Math.max(z, 0), df: (z) => (z > 0 ? 1 : 0) },
  leakyRelu: { f: (z) => (z > 0 ? z : LEAKY_RELU_SLOPE * z), df: (z) => (z > 0 ? 1 : LEAKY_RELU_SLOPE) },
  softplus: { f: (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))), df: sigmoid },
};

/**
 * Throws `INVALID_ACTIVATION` unless `name` is one of {@link ACTIVATIONS}; `where` (e.g.
 * `'network.activations[1]'`) goes in the message.
 */
export function assertActivation(name: unknown, where: string): asserts name is Activation {
  if (typeof name !== 'string' || !Object.hasOwn(TABLE, name)) {
    throw new ManualError(
      'INVALID_ACTIVATION',
      `${where} must be one of ${ACTIVATIONS.join(', ')}, got ${describeValue(name)}`,
    );
  }
}

/**
 * a = f(z), entry by entry: the activation of a layer.
 *
 * Equation: a^(l) = f^(l)(z^(l)). The same in the column-vector and row-batch forms, since f
 * acts on each entry.
 *
 * @throws {@link ManualError} `INVALID_ACTIVATION` for an unknown name.
 *
 * @example
 * ```ts
 * activate('relu', fromRows([[-1, 2]])); // [[0, 2]]
 * ```
 */
export function activate(activation: Activation, z: Matrix, into?: Matrix): Matrix {
  assertActivation(activation, 'activate: activation');
  const out = outputArray(into, z.rows, z.cols);
  applyActivation(activation, z.data, out);
  return into ?? { rows: z.rows, cols: z.cols, data: out };
}

/**
 * @internal out ← f(x), entry by entry, for an activation name already checked (the forward
 * pass validated the network once). One loop per activation: a call through the table per entry
 * costs more than the entry's arithmetic on small layers. Same formulas as TABLE's f, so the
 * same bits.
 */
export function applyActivation(activation: Activation, x: Float64Array, out: Float64Array): void {
  const n = out.length;
  switch (activation) {
    case 'identity':
      for (let i = 0; i < n; i++) out[i] = x[i]!;
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!));
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
      return;
    case 'relu':
      for (let i = 0; i < n; i++) out[i] = Math.max(x[i]!, 0);
      return;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? x[i]! : LEAKY_RELU_SLOPE * x[i]!;
      return;
    case 'softplus': {
      const f = TABLE.softplus.f;
      for (let i = 0; i < n; i++) out[i] = f(x[i]!);
    }
  }
}

/**
 * f′(z), entry by entry: the derivative of the activation at the pre-activation z, the factor
 * ∂a^(l)/∂z^(l) of the chain rule (a diagonal Jacobian, so it multiplies entry by entry).
 *
 * Equation: ∂a^(l)/∂z^(l) = diag(f′(z^(l))).
 *
 * @throws {@link ManualError} `INVALID_ACTIVATION` for an unknown name.
 *
 * @example
 * ```ts
 * activationDerivative('sigmoid', fromRows([[0]])); // [[0.25]]
 * ```
 */
export function activationDerivative(activation: Activation, z: Matrix, into?: Matrix): Matrix {
  assertActivation(activation, 'activationDerivative: activation');
  const out = outputArray(into, z.rows, z.cols);
  // 1·f′(z) is f′(z) exactly: the δ loop below, started from ones.
  for (let i = 0; i < out.length; i++) out[i] = 1;
  multiplyDerivativeAt(activation, out, z.data);
  return into ?? { rows: z.rows, cols: z.cols, data: out };
}

/**
 * @internal d ← d ⊙ f′(z), entry by entry, in place, with f′ evaluated at z as TABLE's df does
 * (σ′ computes σ(z) twice, as `sigmoidDerivative`): a plain loop per activation instead of a
 * call through the table per entry, the same operations, so the same bits as d·df(z).
 */
export function multiplyDerivativeAt(activation: Activation, d: Float64Array, z: Float64Array): void {
  const n = d.length;
  switch (activation) {
    case 'identity':
      for (let i = 0; i < n; i++) d[i] = d[i]! * 1;
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const s = 1 / (1 + Math.exp(-z[i]!));
        d[i] = d[i]! * (s * (1 - s));
      }
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const t = Math.tanh(z[i]!);
        d[i] = d[i]! * (1 - t * t);
      }
      return;
    case 'relu':
      for (let i = 0; i < n; i++) d[i] = d[i]! * (z[i]! > 0 ? 1 : 0);
      return;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) d[i] = d[i]! * (z[i]! > 0 ? 1 : LEAKY_RELU_SLOPE);
      return;
    case 'softplus':
      for (let i = 0; i < n; i++) d[i] = d[i]! * (1 / (1 + Math.exp(-z[i]!)));
  }
}

/**
 * @internal d ← d ⊙ f′(z), entry by entry, in place: the backward pass's δ ⊙ f′(z^(l)).
 *
 * Where f′ is a function of the layer's output a = f(z), it is read from `a` instead of
 * evaluating f again: σ′ = a(1 − a), tanh′ = 1 − a², relu′ = [a > 0], leakyRelu′ = 1 if a > 0
 * else 0.01 (a > 0 exactly when z > 0). These are the very operations `df(z)` performs after
 * computing f(z), so the bits are those of `multiplyDerivativeAt(activation, d, z)`. softplus′ = σ(z) needs z.
 * One loop per activation keeps each call site monomorphic.
 */
export function multiplySlope(
  activation: Activation,
  g: Float64Array,
  x: Float64Array,
  y: Float64Array,
): void {
  const n = g.length;
  switch (activation) {
    case 'identity':
      return; // δ·1 = δ, bit for bit.
    case 'sigmoid':
      for (let i = 0; i < n; i++) g[i] = g[i]! * (y[i]! * (1 - y[i]!));
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) g[i] = g[i]! * (1 - y[i]! * y[i]!);
      return;
    case 'relu':
      for (let i = 0; i < n; i++) g[i] = g[i]! * (y[i]! > 0 ? 1 : 0);
      return;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) g[i] = g[i]! * (y[i]! > 0 ? 1 : LEAKY_RELU_SLOPE);
      return;
    case 'softplus':
      for (let i = 0; i < n; i++) g[i] = g[i]! * sigmoid(x[i]!);
  }
}
