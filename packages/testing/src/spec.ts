import type { NestedArray, Tensor } from '@deltagrad/core';
import type { Dense } from './dense';
import { checkSpec } from './validate';

/**
 * Where the harness samples an input's values: `'any'` is [−2, 2], `'positive'` is [0.25, 2],
 * `'nonzero'` is ±[0.25, 2], and `{ lo, hi }` is [lo, hi).
 */
export type Domain = 'any' | 'positive' | 'nonzero' | { readonly lo: number; readonly hi: number };

/**
 * Values the sampler must not draw (kinks, where finite differences straddle two pieces): a
 * predicate that is true for a value to avoid, or points with a margin on either side.
 */
export type Avoid =
  | ((x: number) => boolean)
  | { readonly points: readonly number[]; readonly margin: number };

/** One setting for every input, or one per input (`undefined` entries take the default). */
export type PerInput<T> = T | readonly (T | undefined)[];

/** Absolute and relative tolerance of a value comparison: |actual − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance {
  readonly atol?: number;
  readonly rtol?: number;
}

/** Step and tolerances of a finite-difference check (core's `gradcheck` defaults when left out). */
export interface GradTolerance extends Tolerance {
  readonly eps?: number;
}

/** Tolerance overrides of one spec, per kind of check. */
export interface SpecTolerances {
  /** Forward against `scalar`, `oracle` and `reference` (default atol 1e-12, rtol 1e-12). */
  readonly forward?: Tolerance;
  /** Edge points (default atol 0, rtol 1e-12: zeros, infinities and NaN must match exactly). */
  readonly edge?: Tolerance;
  /**
   * The VJP against the closed-form derivative (default atol 0, rtol 1e-12, relative to the sum
   * of the |terms| each gradient element adds up).
   */
  readonly derivative?: Tolerance;
  /** gradcheck (default eps 1e-6, atol 1e-5, rtol 1e-3). */
  readonly gradcheck?: GradTolerance;
  /** gradgradcheck (same defaults as gradcheck). */
  readonly gradgradcheck?: GradTolerance;
}

/**
 * A point the op is evaluated at, with the output and (optionally) the gradients it must give.
 * Used both for reference values and for edge points.
 */
export interface ValueCase {
  /** Shown in reports (for example `'sigmoid(-1e3)'`); the inputs are shown when absent. */
  readonly name?: string;
  /**
   * Applies the op in another way for this case only: other attributes (`powScalar(x, 0.5)`)
   * or a small composition (`where(greater(x, 0), sqrt(x), 0)`).
   */
  readonly call?: (...inputs: Tensor[]) => Tensor;
  /** One nested array (or number, for a 0-d tensor) per input. */
  readonly inputs: readonly NestedArray[];
  /** The output; its nesting gives the expected shape. */
  readonly expected: NestedArray;
  /**
   * The gradient of each input for the upstream gradient `upstream`; `null` skips an input.
   * Left out: gradients are not checked.
   */
  readonly grads?: readonly (NestedArray | null)[];
  /** The upstream gradient (the v in vᵀJ); all ones of the output's shape by default. */
  readonly upstream?: NestedArray;
  /** Overrides the spec's tolerance for this case. */
  readonly tolerance?: Tolerance;
}

/**
 * Everything the harness needs to check one op: how to call it, on which shapes and values,
 * and what it must give. One spec per primitive of core's op table, and one per composite.
 *
 * @example
 * ```ts
 * export const expSpec = defineSpec({
 *   op: 'exp',
 *   kind: 'primitive',
 *   call: (x) => exp(x),
 *   shapes: [[[]], [[3]], [[2, 3]]],
 *   secondOrder: true,
 *   scalar: Math.exp,
 *   edge: [{ name: 'exp(1e3)', inputs: [1e3], expected: Infinity, grads: [Infinity] }],
 * });
 * ```
 */
export interface OpSpec {
  /** The primitive's name in core's `opTable`, or the name of a composite function (`'softmax'`). */
  readonly op: string;
  /** A primitive of the op table, or a composite built from primitives. */
  readonly kind: 'primitive' | 'composite';
  /** Applies the op (with fixed attributes) to tensors. */
  readonly call: (...inputs: Tensor[]) => Tensor;
  /**
   * Input shape lists the generic checks run on: one shape per input. Include same shapes,
   * broadcast pairs (`[[2, 3], [3]]`, `[[2, 1], [1, 3]]`) and 0-d (`[[], []]`) where they apply.
   */
  readonly shapes: readonly (readonly (readonly number[])[])[];
  /** Where inputs are sampled (default `'any'`). */
  readonly domain?: PerInput<Domain>;
  /** Values the sampler skips (kinks). */
  readonly avoid?: PerInput<Avoid>;
  /** False for ops with no gradient (comparisons): gradcheck is replaced by a zero-gradient check. */
  readonly differentiable?: boolean;
  /**
   * False for a composite that reads its inputs' values (a validation, such as bce's check that
   * predictions are probabilities): under `vmap` there is one value per example, so it cannot
   * be batched (as under JAX's), and the `vmap` checks are skipped. Primitives are always batched.
   */
  readonly batching?: boolean;
  /** Run gradgradcheck on every shape (true for ops whose VJP is itself differentiable). */
  readonly secondOrder: boolean;
  /**
   * An independent scalar implementation of an element-wise op: the harness checks the forward
   * against it on every shape, broadcasting the inputs itself.
   */
  readonly scalar?: (...xs: number[]) => number;
  /**
   * An independent implementation of a non-element-wise op on plain arrays (a naive matmul, a
   * loop-based reduction): the harness checks the forward against it on every shape.
   */
  readonly oracle?: (...inputs: Dense[]) => Dense;
  /**
   * The closed-form partial derivatives of an element-wise op at a point: `derivative(...xs)[i]`
   * is ∂f/∂xᵢ (0 for an input without a gradient). The harness builds each input's gradient from
   * them for a random upstream gradient (broadcasting and summing back itself) and compares the
   * engine's VJP at 1e-12 relative, tight enough to catch a derivative off by 1.0001, which the
   * finite-difference gradcheck (the second opinion) accepts.
   */
  readonly derivative?: (...xs: number[]) => readonly number[];
  /**
   * The closed-form VJP of an op that is not element-wise, on plain arrays: each input's
   * gradient for the upstream gradient `upstream` (of the output's shape). Compared as
   * `derivative` is, relative to each gradient's largest element.
   */
  readonly vjpOracle?: (upstream: Dense, ...inputs: Dense[]) => readonly Dense[];
  /**
   * For an op linear in its inputs, whose forward `oracle` (or `scalar`) is then its own
   * closed-form derivative: `'joint'` when f is linear in all inputs together (sum, reshape,
   * concat), `'each'` when linear in each input with the others fixed (matmul). The harness
   * gets every Jacobian column exactly, by applying the oracle to a basis vector.
   */
  readonly linear?: 'joint' | 'each';
  /** Hand-computed or NumPy-checked values, compared with the forward tolerance. */
  readonly reference?: readonly ValueCase[];
  /** Values at 0, ±1e3, tiny (1e-300) and other extremes, compared NaN-aware and near-exactly. */
  readonly edge?: readonly ValueCase[];
  /** Tolerance overrides. */
  readonly tolerance?: SpecTolerances;
}

/**
 * Returns `spec` unchanged after checking it (a malformed spec, or a misspelt field, is a
 * `DeltagradError` naming the op and the field); gives the object literal its type (and
 * contextual types for the `call`, `scalar` and `oracle` parameters).
 */
export function defineSpec(spec: OpSpec): OpSpec {
  checkSpec('defineSpec', spec);
  return spec;
}
