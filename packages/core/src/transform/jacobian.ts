/**
 * Jacobians and Hessians from the two modes: `jacfwd` builds J one column per input element
 * (a `jvp` each), `jacrev` one row per output element (a backward pass each), `jacobian` picks
 * whichever needs fewer passes, and `hessian` is forward over reverse (`jacfwd` of `grad`). The
 * blocks are assembled with ops, so these compose with every transform (`vmap(jacobian(f))`,
 * `grad` of a `jacobian`).
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
import { makeTensor } from '../construct';
import { isGradEnabled, withGradMode } from '../engine';
import { DeltagradError, describeValue } from '../errors';
import * as F from '../functional';
import type { Tensor } from '../tensor';
import { jvp, jvpFlat } from './forward';
import { leafOf } from './levels';
import { flatten, leafCount, type TensorTree, type TreeDef, unflatten } from './pytree';

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

/** A basis tensor of `shape`: 1 at flat index `k`, 0 elsewhere. */
function basis(shape: readonly number[], size: number, k: number): Tensor {
  const data = new Float64Array(size);
  data[k] = 1;
  return makeTensor(data, shape);
}

function checkOptions(where: string, opts: unknown): JacobianOptions {
  if (opts === null || typeof opts !== 'object') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: options must be an object, got ${describeValue(opts)}`,
    );
  }
  return opts as JacobianOptions;
}

/**
 * The Jacobian blocks of flat function `flat` at `ins`: blocks[o][i] has shape
 * out[o].shape ++ ins[i].shape.
 */
function blocksForward(flat: (xs: Tensor[]) => Tensor[], ins: readonly Tensor[]): Tensor[][] {
  // One column per input element: J·e_k, from one jvp with a basis tangent.
  const columns: Tensor[][][] = ins.map(() => []); // columns[i][k][o]
  let outs: Tensor[] = [];
  ins.forEach((x, i) => {
    for (let k = 0; k < x.size; k++) {
      const tangents = ins.map((_, j) => (j === i ? basis(x.shape, x.size, k) : null));
      const [o, t] = jvpFlat(flat, ins, tangents);
      outs = o;
      columns[i]!.push(t);
    }
  });
  if (ins.every((x) => x.size === 0)) outs = flat([...ins]);
  return outs.map((o, oi) =>
    ins.map((x, i) => {
      const cols = columns[i]!.map((c) => F.reshape(c[oi]!, [o.size, 1]));
      const block = cols.length > 0 ? F.concat(cols, 1) : makeTensor(new Float64Array(0), [o.size, 0]);
      return F.reshape(block, [...o.shape, ...x.shape]);
    }),
  );
}

function blocksReverse(flat: (xs: Tensor[]) => Tensor[], ins: readonly Tensor[]): Tensor[][] {
  const createGraph = isGradEnabled() && ins.some((x) => x.requiresGrad);
  const targets = ins.map((x) => (x.requiresGrad && isGradEnabled() ? x : leafOf(x)));
  const outs = withGradMode(true, () => flat(targets));
  return outs.map((o) => {
    // One row per output element: e_pᵀ·J, from one backward pass with a basis seed.
    const rows: Tensor[][] = []; // rows[p][i]
    for (let p = 0; p < o.size; p++) {
      rows.push(
        o.requiresGrad
          ? gradients(o, targets, basis(o.shape, o.size, p), { createGraph, retainGraph: true })
          : ins.map((x) => makeTensor(new Float64Array(x.size), x.shape)),
      );
    }
    return ins.map((x, i) => {
      const parts = rows.map((r) => F.reshape(r[i]!, [1, x.size]));
      const block = parts.length > 0 ? F.concat(parts, 0) : makeTensor(new Float64Array(0), [0, x.size]);
      return F.reshape(block, [...o.shape, ...x.shape]);
    });
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
 * The Jacobian of `f` by forward mode, one `jvp` per input element (JAX's `jacfwd`): cheaper
 * than {@link jacrev} when inputs are smaller than outputs. For an output of shape [m…] and an
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
 * The Jacobian of `f` by reverse mode, one backward pass per output element through one
 * recorded graph (JAX's `jacrev`): cheaper than {@link jacfwd} when outputs are smaller than
 * inputs. Shapes as {@link jacfwd}.
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
 * The Jacobian of `f`, by whichever mode needs fewer passes for these shapes: forward mode
 * when the differentiated arguments have at most as many elements as the result, reverse mode
 * otherwise (one extra evaluation of `f`, without a graph, decides). Shapes as {@link jacfwd}.
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
 * The Hessian of scalar-valued `f`, forward over reverse (`jacfwd` of `grad`, as JAX's
 * `hessian`): one `jvp` of the gradient per input element. For an argument of shape [n…] it has
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
  const gradient = grad(f as (...args: unknown[]) => Tensor, { argnums }) as (
    ...args: unknown[]
  ) => TensorTree;
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
  const gradient = grad(f as (...args: unknown[]) => Tensor) as unknown as (...args: Args) => TensorTree;
  return jvp(gradient, primals, tangents)[1] as unknown as Grads<Args>;
}
