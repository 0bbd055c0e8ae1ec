/**
 * Jacobians and Hessians from the two modes, as JAX builds them: `jacfwd` is `vmap` of `jvp`
 * over the basis of each input (column k = J·e_k), `jacrev` is `vmap` of one backward pass over
 * the basis of each output (row p = e_pᵀ·J), `jacobian` picks whichever evaluates less, and
 * `hessian` is `jacfwd(jacrev(f))`. Every column (row) has the bits of one `jvp` (backward pass)
 * along its basis direction, since batching rules equal a loop bit for bit; the loop is only
 * done once instead of once per element. Built from ops, so they compose with every transform
 * (`vmap(jacobian(f))`, `grad` of a `jacobian`).
 */
import {
  type Argnums,
  checkFunction,
  type Grads,
  type GradsAt,
  grad,
  regroup,
  selectArgs,
  substitute,
} from '../autodiff';
import { gradients } from '../backward';
import { isTensor, makeTensor } from '../construct';
import { isGradEnabled, withGradMode } from '../engine';
import { DeltagradError, describeValue, fmtShape } from '../errors';
import * as F from '../functional';
import type { Tensor } from '../tensor';
import { checkPrimalsAndTangents, jvp, jvpFlat } from './forward';
import { leafOf } from './levels';
import { flatten, leafCount, type TensorTree, type TreeDef, unflatten } from './pytree';
import { vmap } from './vmap';

/** Options of the Jacobian transforms: which arguments (default 0, as JAX). */
export interface JacobianOptions<N extends Argnums | undefined = Argnums | undefined> {
  /** The argument (its Jacobian alone) or arguments (a tuple of Jacobians) to differentiate; default 0. */
  argnums?: N;
}

/**
 * The Jacobian of a result `R` with respect to arguments whose gradient type is `G`: the
 * result's structure, each output tensor replaced by `G`, whose tensors have the output's
 * shape followed by the input's (`J[i..., j...] = ∂out[i...]/∂in[j...]`).
 */
export type Jacobian<R, G> = R extends Tensor
  ? G
  : R extends readonly unknown[]
    ? { -readonly [K in keyof R]: Jacobian<R[K], G> }
    : R extends object
      ? { -readonly [K in keyof R]: Jacobian<R[K], G> }
      : never;

/** The gradients' type for the Jacobian transforms' `argnums` (default 0). */
export type JacobianArgs<Args extends readonly unknown[], N> = GradsAt<Args, N extends undefined ? 0 : N>;

type Mode = 'forward' | 'reverse' | 'auto';

/**
 * The standard basis of tensors of `shape`, stacked: shape [n, ...shape] with n = size, basis
 * direction k (1 at flat index k, 0 elsewhere) at index k. What the Jacobian transforms `vmap` over.
 */
function basisStack(shape: readonly number[], size: number): Tensor {
  const data = new Float64Array(size * size);
  for (let k = 0; k < size; k++) data[k * size + k] = 1;
  return makeTensor(data, [size, ...shape]);
}

/** Zeros of shape `shape`: the block of an output that does not depend on an input, or an empty block. */
function zeros(shape: readonly number[]): Tensor {
  return makeTensor(new Float64Array(shape.reduce((n, d) => n * d, 1)), shape);
}

function checkOptions(where: string, opts: unknown): JacobianOptions {
  if (opts === null || typeof opts !== 'object') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: options must be an object, got ${describeValue(opts)}`,
    );
  }
  for (const key of Object.keys(opts)) {
    // A misspelt `argnums` would otherwise differentiate argument 0 without a word.
    if (key !== 'argnums') {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `${where}: unknown option ${JSON.stringify(key)} (the one option is argnums)`,
      );
    }
  }
  return opts as JacobianOptions;
}

/**
 * The Jacobian blocks of flat function `flat` at `ins` by forward mode: blocks[o][i] has shape
 * out[o].shape ++ ins[i].shape. Per input, one `jvp` mapped by `vmap` over the basis of that
 * input's tangents (JAX's `jacfwd`): column k is J·e_k, each column computed by the same
 * kernels as one `jvp` with tangent e_k (the batching rules are bit-identical to a loop), in
 * one pass instead of one per element. The other inputs' tangents stay symbolic zeros (`null`),
 * as in a single `jvp`, so no 0·∞ appears that a loop would not have.
 */
function blocksForward(flat: (xs: Tensor[]) => Tensor[], ins: readonly Tensor[]): Tensor[][] {
  let outs: Tensor[] | null = null;
  const columns = ins.map((x, i) => {
    if (x.size === 0) return null;
    const pushforward = (t: Tensor): Tensor[] => {
      const [o, tangents] = jvpFlat(
        flat,
        ins,
        ins.map((_, j) => (j === i ? t : null)),
      );
      // The primal outputs do not depend on the mapped tangents: unbatched, safe to keep.
      outs = o;
      return tangents;
    };
    // columns[o]: [n, ...out[o].shape], column k = J·e_k. One direction needs no vmap.
    const directions = basisStack(x.shape, x.size);
    if (x.size === 1)
      return pushforward(F.reshape(directions, x.shape)).map((c) => F.reshape(c, [1, ...c.shape]));
    return vmap(pushforward)(directions);
  });
  const primal: Tensor[] = outs ?? flat([...ins]);
  return primal.map((o, oi) =>
    ins.map((x, i) => {
      const cols = columns[i];
      if (cols === null || cols === undefined) return zeros([...o.shape, ...x.shape]);
      // [n, ...out] → [...out, n] → [...out, ...in].
      const c = cols[oi]!;
      const moved = c.rank > 1 ? F.permute(c, [...o.shape.map((_, d) => d + 1), 0]) : c;
      return F.reshape(moved, [...o.shape, ...x.shape]);
    }),
  );
}

/**
 * The Jacobian blocks by reverse mode: the function is recorded once, then per output one
 * backward pass mapped by `vmap` over the basis of that output's cotangents (JAX's `jacrev`):
 * row p is e_pᵀ·J, computed by the same kernels as one backward pass seeded with e_p.
 */
function blocksReverse(flat: (xs: Tensor[]) => Tensor[], ins: readonly Tensor[]): Tensor[][] {
  const createGraph = isGradEnabled() && ins.some((x) => x.requiresGrad);
  const targets = ins.map((x) => (x.requiresGrad && isGradEnabled() ? x : leafOf(x)));
  const outs = withGradMode(true, () => flat(targets));
  return outs.map((o) => {
    if (!o.requiresGrad || o.size === 0) return ins.map((x) => zeros([...o.shape, ...x.shape]));
    const pullback = (seed: Tensor): Tensor[] =>
      gradients(o, targets, seed, { createGraph, retainGraph: true });
    // rows[i]: [m, ...ins[i].shape], row p = e_pᵀ·J.
    const seeds = basisStack(o.shape, o.size);
    // One output element (a gradient, the inner pass of hessian) needs no vmap.
    const rows = o.size === 1 ? pullback(F.reshape(seeds, o.shape)) : vmap(pullback)(seeds);
    return ins.map((x, i) => F.reshape(rows[i]!, [...o.shape, ...x.shape]));
  });
}

function jacobianOf(where: string, f: (...args: unknown[]) => unknown, opts: JacobianOptions, mode: Mode) {
  checkFunction(where, f);
  checkOptions(where, opts);
  return (...args: unknown[]): unknown => {
    const { indices, single } = selectArgs(where, opts.argnums, args.length, 0);
    const { leaves, defs, rebuild } = substitute(where, args, indices);
    let outDef: TreeDef | null = null;
    const flat = (xs: Tensor[]): Tensor[] => {
      const out = flatten(f(...rebuild(xs)), `${where}: the result of f`);
      outDef = out.def;
      return out.leaves;
    };
    let chosen = mode;
    if (chosen === 'auto') {
      // Forward mode needs one pass per input element, reverse one per output element.
      const outSize = withGradMode(false, () => flat([...leaves])).reduce((n, o) => n + o.size, 0);
      const inSize = leaves.reduce((n, x) => n + x.size, 0);
      chosen = inSize <= outSize ? 'forward' : 'reverse';
    }
    const blocks = chosen === 'forward' ? blocksForward(flat, leaves) : blocksReverse(flat, leaves);
    const counts = defs.map(leafCount);
    const perOutput = blocks.map((row) => {
      const trees = regroup(defs, counts, row);
      return single ? trees[0] : trees;
    });
    return unflatten(outDef!, perOutput);
  };
}

type JacobianFn<Args extends unknown[], R, N> = (...args: Args) => Jacobian<R, JacobianArgs<Args, N>>;

/**
 * The Jacobian of `f` by forward mode (JAX's `jacfwd`): per differentiated tensor, one `jvp`
 * mapped by `vmap` over the basis of its tangents, so `f` runs once per input tensor, not once
 * per element; column k is bit for bit the tangent of one `jvp` along e_k. Cheaper than
 * {@link jacrev} when inputs are smaller than outputs. For an output of shape [m…] and an
 * argument of shape [n…] the Jacobian has shape [m…, n…]; pytree results and arguments give
 * the nesting described at {@link Jacobian}.
 *
 * @example
 * ```ts
 * jacfwd((x: Tensor) => x.mul(x))(tensor([1, 2])); // [[2, 0], [0, 4]]
 * ```
 */
export function jacfwd<
  Args extends unknown[],
  R extends TensorTree,
  const N extends Argnums | undefined = undefined,
>(f: (...args: Args) => R, opts: JacobianOptions<N> = {}): JacobianFn<Args, R, N> {
  return jacobianOf('jacfwd', f as (...args: unknown[]) => unknown, opts, 'forward') as JacobianFn<
    Args,
    R,
    N
  >;
}

/**
 * The Jacobian of `f` by reverse mode (JAX's `jacrev`): `f` is recorded once, then per output
 * tensor one backward pass mapped by `vmap` over the basis of its cotangents; row p is bit for
 * bit the gradient of one backward pass seeded with e_p. Cheaper than {@link jacfwd} when
 * outputs are smaller than inputs. Shapes as {@link jacfwd}.
 *
 * @example
 * ```ts
 * jacrev((x: Tensor) => x.sum(0))(tensor([[1, 2], [3, 4]])); // shape [2, 2, 2]
 * ```
 */
export function jacrev<
  Args extends unknown[],
  R extends TensorTree,
  const N extends Argnums | undefined = undefined,
>(f: (...args: Args) => R, opts: JacobianOptions<N> = {}): JacobianFn<Args, R, N> {
  return jacobianOf('jacrev', f as (...args: unknown[]) => unknown, opts, 'reverse') as JacobianFn<
    Args,
    R,
    N
  >;
}

/**
 * The Jacobian of `f`, by whichever mode maps over fewer basis directions for these shapes:
 * forward mode when the differentiated arguments have at most as many elements as the result,
 * reverse mode otherwise (one extra evaluation of `f`, without a graph, decides). Shapes as {@link jacfwd}.
 *
 * @example
 * ```ts
 * const J = jacobian((w: Tensor) => x.matmul(w).tanh())(w); // shape [4, 1, 3, 1] for x [4, 3], w [3, 1]
 * ```
 */
export function jacobian<
  Args extends unknown[],
  R extends TensorTree,
  const N extends Argnums | undefined = undefined,
>(f: (...args: Args) => R, opts: JacobianOptions<N> = {}): JacobianFn<Args, R, N> {
  return jacobianOf('jacobian', f as (...args: unknown[]) => unknown, opts, 'auto') as JacobianFn<Args, R, N>;
}

/**
 * `f` with its result checked to be one value (any shape of size 1), returned as a 0-d tensor;
 * errors name `where`, and `instead` says what to take for a vector-valued `f`.
 */
function scalarValued(where: string, f: (...args: unknown[]) => unknown, instead: string) {
  return (...args: unknown[]): Tensor => {
    const value: unknown = f(...args);
    if (!isTensor(value)) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `${where}: f must return a Tensor, got ${describeValue(value)}`,
      );
    }
    if (value.size !== 1) {
      throw new DeltagradError(
        'NON_SCALAR_OUTPUT',
        `${where}: the function returned shape ${fmtShape(value.shape)}, not a scalar — reduce it (.sum() or .mean()), or take ${instead}`,
      );
    }
    return value.rank === 0 ? value : F.reshape(value, []);
  };
}

/**
 * The Hessian of scalar-valued `f`, forward over reverse: `jacfwd(jacrev(f))`, as JAX's
 * `hessian` (a one-element result needs no `vmap` inside: `jacrev` of it is one backward pass),
 * so it costs one `jvp` of the gradient per input tensor, mapped over its basis. For an argument of shape [n…] it has
 * shape [n…, n…]; with several `argnums` or pytree arguments, blocks nested as {@link Jacobian}.
 *
 * @example
 * ```ts
 * // f(x) = x₀²·x₁: H = [[2x₁, 2x₀], [2x₀, 0]]
 * hessian((x: Tensor) => x.slice([0], [1]).square().mul(x.slice([1], [2])).sum())(tensor([1, 3]));
 * // [[6, 2], [2, 0]]
 * ```
 */
export function hessian<Args extends unknown[], const N extends Argnums | undefined = undefined>(
  f: (...args: Args) => Tensor,
  opts: JacobianOptions<N> = {},
): (...args: Args) => Jacobian<JacobianArgs<Args, N>, JacobianArgs<Args, N>> {
  checkFunction('hessian', f);
  const { argnums = 0 } = checkOptions('hessian', opts);
  const scalar = scalarValued(
    'hessian',
    f as (...args: unknown[]) => unknown,
    'jacfwd(jacrev(f)) for the second derivatives of every output',
  );
  const gradient = jacobianOf('hessian', scalar, { argnums }, 'reverse');
  return jacobianOf('hessian', gradient, { argnums }, 'forward') as (
    ...args: Args
  ) => Jacobian<JacobianArgs<Args, N>, JacobianArgs<Args, N>>;
}

/**
 * The Hessian-vector product H·v of scalar-valued `f` at `primals` for `tangents` (one per
 * argument, each of its argument's structure), forward over reverse: one `jvp` of `grad`, so
 * it costs a small multiple of one gradient and never forms H.
 *
 * @example
 * ```ts
 * const [hv] = hvp((x: Tensor) => x.pow(3).sum(), [tensor([1, 2])], [tensor([1, 1])]); // 6x·v = [6, 12]
 * ```
 */
export function hvp<Args extends TensorTree[]>(
  f: (...args: Args) => Tensor,
  primals: Args,
  tangents: Args,
): Grads<Args> {
  checkFunction('hvp', f);
  checkPrimalsAndTangents('hvp', primals, tangents);
  const scalar = scalarValued(
    'hvp',
    f as (...args: unknown[]) => unknown,
    "jvp(jacrev(f), primals, tangents) for the product of every output's Hessian",
  );
  const gradient = grad(scalar) as unknown as (...args: Args) => TensorTree;
  return jvp(gradient, primals, tangents)[1] as unknown as Grads<Args>;
}
