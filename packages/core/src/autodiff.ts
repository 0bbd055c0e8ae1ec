import { gradients, targetGradients } from './backward';
import { isTensor, makeTensor } from './construct';
import { isGradEnabled, setGradMode, withGradMode } from './engine';
import { DeltagradError, describeValue, fmtShape } from './errors';
import { mul, sum } from './functional';
import { sameShape } from './shape';
import type { Tensor, TensorLike } from './tensor';
import { leafOf, withoutGraph } from './transform/levels';
import { flatten, leafCount, sameTreeDef, showTreeDef, type TreeDef, unflatten } from './transform/pytree';

/** A function of tensors to a tensor: what `grad`, `valueAndGrad` and `vjp` differentiate. */
export type TensorFn<Args extends unknown[]> = (...args: Args) => Tensor;

/**
 * The gradient of an argument: a tensor of its shape for a Tensor, and the same nesting of
 * gradients for an array or plain object of tensors (a pytree).
 */
export type GradOf<T> = T extends Tensor
  ? Tensor
  : T extends readonly unknown[]
    ? { -readonly [K in keyof T]: GradOf<T[K]> }
    : T extends object
      ? { -readonly [K in keyof T]: GradOf<T[K]> }
      : never;

/** One gradient per argument, in argument order. */
export type Grads<Args extends readonly unknown[]> = { -readonly [K in keyof Args]: GradOf<Args[K]> };

/** Which arguments to differentiate: one index (its gradient alone) or several (a tuple of them). */
export type Argnums = number | readonly number[];

/** The gradients `grad` returns for `argnums` `N`: all arguments' when it is left out. */
export type GradsAt<Args extends readonly unknown[], N> = N extends number
  ? GradOf<Args[N]>
  : N extends readonly number[]
    ? { -readonly [K in keyof N]: GradOf<Args[N[K] & number]> }
    : Grads<Args>;

/** Options of {@link grad} and {@link valueAndGrad}, as JAX's. */
export interface GradOptions<N extends Argnums | undefined = Argnums | undefined> {
  /**
   * The argument (a number: its gradient is returned alone) or arguments (an array: a tuple of
   * gradients) to differentiate; negative indices count from the end. Left out: every argument,
   * as an array of gradients — the one place deltagrad differs from JAX, whose default is 0.
   */
  argnums?: N;
  /**
   * `f` returns `[value, aux]`: the value is differentiated and `aux` (anything) is passed
   * back unchanged beside the gradients.
   */
  hasAux?: boolean;
}

/** Throws unless `f` is a function. */
export function checkFunction(where: string, f: unknown): void {
  if (typeof f !== 'function') {
    throw new DeltagradError('INVALID_ARGUMENT', `${where}: f must be a function, got ${describeValue(f)}`);
  }
}

/** Throws unless what `f` returned is a Tensor. */
function checkResult(where: string, value: unknown): asserts value is Tensor {
  if (!isTensor(value)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: f must return a Tensor, got ${describeValue(value)}`,
    );
  }
}

/** Higher-order use: record the backward pass when some argument belongs to an outer graph. */
function needsCreateGraph(args: readonly Tensor[]): boolean {
  if (!isGradEnabled()) return false;
  for (let i = 0; i < args.length; i++) if (args[i]!.requiresGrad) return true;
  return false;
}

/**
 * A differentiation target per leaf: a fresh leaf for constants (keeping any tangent or batch
 * it carries), or the tensor itself when it is already part of an outer graph (so
 * `grad(grad(f))` works).
 */
function targetsOf(leaves: readonly Tensor[]): Tensor[] {
  return leaves.map((a) => (a.requiresGrad && isGradEnabled() ? a : leafOf(a)));
}

/** The argument indices `argnums` selects (validated), and whether one was asked for alone. */
export function selectArgs(
  where: string,
  argnums: unknown,
  count: number,
  fallback: 'all' | 0,
): { indices: number[]; single: boolean } {
  if (argnums === undefined) {
    return fallback === 'all'
      ? { indices: Array.from({ length: count }, (_, i) => i), single: false }
      : { indices: [0], single: true };
  }
  const single = typeof argnums === 'number';
  const list = single ? [argnums] : argnums;
  if (!Array.isArray(list) || list.length === 0) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: argnums must be an argument index or a non-empty array of them, got ${describeValue(argnums)}`,
    );
  }
  const indices = list.map((n: unknown) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < -count || n >= count) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `${where}: argnums ${describeValue(n)} is not an argument index for ${count} argument${count === 1 ? '' : 's'}`,
      );
    }
    return n < 0 ? n + count : n;
  });
  if (new Set(indices).size !== indices.length) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: argnums [${list.join(', ')}] repeats an argument`,
    );
  }
  return { indices, single };
}

/** The selected arguments' leaves and structures, and `args` with the leaves replaced by `targets`. */
export function substitute(
  where: string,
  args: readonly unknown[],
  indices: readonly number[],
): { leaves: Tensor[]; defs: TreeDef[]; rebuild: (targets: readonly Tensor[]) => unknown[] } {
  const flats = indices.map((i) => flatten(args[i], `${where}: argument ${i}`));
  const leaves = flats.flatMap((f) => f.leaves);
  const defs = flats.map((f) => f.def);
  const rebuild = (targets: readonly Tensor[]) => {
    const out = [...args];
    let at = 0;
    indices.forEach((i, k) => {
      const n = flats[k]!.leaves.length;
      out[i] = unflatten(defs[k]!, targets.slice(at, at + n));
      at += n;
    });
    return out;
  };
  return { leaves, defs, rebuild };
}

/** Splits gradients of the flattened leaves back into one tree per selected argument. */
export function regroup(
  defs: readonly TreeDef[],
  counts: readonly number[],
  grads: readonly Tensor[],
): unknown[] {
  let at = 0;
  return defs.map((def, k) => {
    const n = counts[k]!;
    const tree = unflatten(def, grads.slice(at, at + n));
    at += n;
    return tree;
  });
}

/** {@link selectArgs}' answer for every argument with none asked for alone (its indices unused). */
const PLAIN_SELECTION = { indices: [] as number[], single: false };

/** True when every argument is a Tensor (no pytrees to walk). */
function allTensors(args: readonly unknown[]): boolean {
  for (let i = 0; i < args.length; i++) if (!isTensor(args[i])) return false;
  return true;
}

/** `f(...args)` with graph recording on (without a closure per call, as `withGradMode` needs). */
function callWithGrad(f: (...args: unknown[]) => unknown, args: readonly unknown[]): unknown {
  const previous = setGradMode(true);
  try {
    return f(...args);
  } finally {
    setGradMode(previous);
  }
}

function zerosLike(t: Tensor): Tensor {
  return makeTensor(new Float64Array(t.size), t.shape);
}

function gradImpl(
  f: (...args: unknown[]) => unknown,
  opts: GradOptions,
): (...args: unknown[]) => [unknown, unknown] {
  checkFunction('grad', f);
  if (opts === null || typeof opts !== 'object') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `grad: options must be an object, got ${describeValue(opts)}`,
    );
  }
  for (const key of Object.keys(opts)) {
    // A misspelt `argnums` would otherwise differentiate every argument without a word.
    if (key !== 'argnums' && key !== 'hasAux') {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `grad: unknown option ${JSON.stringify(key)} (the options are argnums and hasAux)`,
      );
    }
  }
  const hasAux = opts.hasAux ?? false;
  if (typeof hasAux !== 'boolean') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `grad: hasAux must be a boolean, got ${describeValue(hasAux)}`,
    );
  }
  const argnums = opts.argnums;
  return (...args) => {
    // The common call, every argument a tensor and all differentiated, skips the pytree walk:
    // the leaves are the arguments and each gradient is a tree of one leaf (the same result).
    const plain = argnums === undefined && allTensors(args);
    const { indices, single } = plain ? PLAIN_SELECTION : selectArgs('grad', argnums, args.length, 'all');
    const { leaves, defs, rebuild } = plain
      ? { leaves: args as Tensor[], defs: null, rebuild: null }
      : substitute('grad', args, indices);
    const createGraph = needsCreateGraph(leaves);
    const targets = targetsOf(leaves);
    const result = callWithGrad(f, rebuild === null ? targets : rebuild(targets));
    let value: unknown = result;
    let aux: unknown;
    if (hasAux) {
      if (!Array.isArray(result) || result.length !== 2) {
        throw new DeltagradError(
          'INVALID_ARGUMENT',
          `grad: with hasAux, f must return [value, aux], got ${describeValue(result)}`,
        );
      }
      [value, aux] = result;
    }
    checkResult('grad', value);
    if (value.size !== 1) {
      throw new DeltagradError(
        'NON_SCALAR_OUTPUT',
        `grad: the function returned shape ${fmtShape(value.shape)}, not a scalar — reduce it (.sum() or .mean()) or use vjp() or jacobian()`,
      );
    }
    const flat = value.requiresGrad
      ? targetGradients(value, targets, undefined, { createGraph })
      : targets.map(zerosLike);
    const trees = defs === null ? flat : regroup(defs, defs.map(leafCount), flat);
    const grads = single ? trees[0] : trees;
    const shown = createGraph ? value : withoutGraph(value);
    return [hasAux ? [shown, aux] : shown, grads];
  };
}

/**
 * The value of `f` and its gradient with respect to its arguments, as JAX's `value_and_grad`.
 * `f` must return a one-element tensor (or `[value, aux]` with `hasAux`). Arguments may be
 * tensors or pytrees of them (arrays and plain objects, see `TensorTree`): each gradient has
 * its argument's structure. Nothing is written to `.grad`.
 *
 * @example
 * ```ts
 * const [value, [dx]] = valueAndGrad((x: Tensor) => x.mul(x).sum())(tensor([1, 2, 3]));
 * // value: 14, dx: [2, 4, 6]
 * const [[loss, predictions], dw] = valueAndGrad(
 *   (w: Tensor, x: Tensor) => { const p = x.matmul(w); return [p.square().sum(), p] as const; },
 *   { argnums: 0, hasAux: true },
 * )(w, x);
 * ```
 */
export function valueAndGrad<Args extends unknown[], Aux, const N extends Argnums | undefined = undefined>(
  f: (...args: Args) => readonly [Tensor, Aux],
  opts: GradOptions<N> & { hasAux: true },
): (...args: Args) => [[Tensor, Aux], GradsAt<Args, N>];
export function valueAndGrad<Args extends unknown[], const N extends Argnums | undefined = undefined>(
  f: TensorFn<Args>,
  opts?: GradOptions<N> & { hasAux?: false },
): (...args: Args) => [Tensor, GradsAt<Args, N>];
export function valueAndGrad(
  f: (...args: unknown[]) => unknown,
  opts: GradOptions = {},
): (...args: unknown[]) => [unknown, unknown] {
  return gradImpl(f, opts);
}

/**
 * The gradient of scalar-valued `f` with respect to its arguments, as JAX's `grad`: by default
 * every argument's (an array of gradients); `{ argnums: 1 }` gives argument 1's alone and
 * `{ argnums: [0, 2] }` a tuple; `{ hasAux: true }` lets `f` return `[value, aux]` and gives
 * `[grads, aux]`. Compose it for higher derivatives: `grad((x) => grad(f)(x)[0].sum())`.
 *
 * @example
 * ```ts
 * const [dx] = grad((x: Tensor) => x.pow(3).sum())(tensor([2])); // [12]
 * const dw = grad((w: Tensor, x: Tensor) => x.matmul(w).sum(), { argnums: 0 })(w, x);
 * const dParams = grad((p: { w: Tensor; b: Tensor }) => p.w.add(p.b).sum())({ w, b }); // [{ b, w }]
 * ```
 */
export function grad<Args extends unknown[], Aux, const N extends Argnums | undefined = undefined>(
  f: (...args: Args) => readonly [Tensor, Aux],
  opts: GradOptions<N> & { hasAux: true },
): (...args: Args) => [GradsAt<Args, N>, Aux];
export function grad<Args extends unknown[], const N extends Argnums | undefined = undefined>(
  f: TensorFn<Args>,
  opts?: GradOptions<N> & { hasAux?: false },
): (...args: Args) => GradsAt<Args, N>;
export function grad(
  f: (...args: unknown[]) => unknown,
  opts: GradOptions = {},
): (...args: unknown[]) => unknown {
  const vg = gradImpl(f, opts);
  const hasAux = opts?.hasAux === true;
  return (...args) => {
    const [value, grads] = vg(...args);
    return hasAux ? [grads, (value as [Tensor, unknown])[1]] : grads;
  };
}

/**
 * Evaluates `f` at `primals` and returns its output with a function that maps a cotangent v
 * (the output's shape; a tree of them for a tree output) to vᵀJ for each argument — JAX's
 * `vjp`. Arguments and the output may be pytrees of tensors.
 *
 * @example
 * ```ts
 * const { out, vjp: pullback } = vjp((x: Tensor) => x.mul(2), tensor([1, 2]));
 * pullback(tensor([1, 1])); // [[2, 2]]
 * ```
 */
export function vjp<Args extends unknown[], R = Tensor>(
  f: (...args: Args) => R,
  ...primals: Args
): { out: R; vjp: (cotangent: R extends Tensor ? TensorLike : R) => Grads<Args> } {
  checkFunction('vjp', f);
  const all = primals.map((_, i) => i);
  const { leaves, defs, rebuild } = substitute('vjp', primals, all);
  const createGraph = needsCreateGraph(leaves);
  const targets = targetsOf(leaves);
  const out = withGradMode(true, () => (f as (...a: unknown[]) => unknown)(...rebuild(targets)));
  const outFlat = flatten(out, 'vjp: the result of f');
  const counts = defs.map(leafCount);
  const pullback = (cotangent: unknown): Grads<Args> => {
    const live = outFlat.leaves.some((o) => o.requiresGrad);
    let flat: Tensor[];
    if (!live) flat = targets.map(zerosLike);
    else if (outFlat.def.kind === 'leaf') {
      flat = gradients(outFlat.leaves[0]!, targets, cotangent as TensorLike, {
        createGraph,
        retainGraph: true,
      });
    } else {
      // A tree output: one backward pass from Σᵢ ⟨outᵢ, vᵢ⟩, whose gradient is Σᵢ vᵢᵀJᵢ.
      const cts = flatten(cotangent, 'vjp: the cotangent');
      if (!sameTreeDef(cts.def, outFlat.def)) {
        throw new DeltagradError(
          'SHAPE_MISMATCH',
          `vjp: the cotangent has structure ${showTreeDef(cts.def)}, the output ${showTreeDef(outFlat.def)}`,
        );
      }
      let total: Tensor | null = null;
      outFlat.leaves.forEach((o, i) => {
        const v = cts.leaves[i]!;
        if (!sameShape(v.shape, o.shape)) {
          throw new DeltagradError(
            'SHAPE_MISMATCH',
            `vjp: cotangent leaf ${i} has shape ${fmtShape(v.shape)}, the output's ${fmtShape(o.shape)}`,
          );
        }
        if (!o.requiresGrad) return;
        const term = withGradMode(true, () => sum(mul(o, v)));
        total = total === null ? term : withGradMode(true, () => term.add(total!));
      });
      flat = gradients(total!, targets, undefined, { createGraph, retainGraph: true });
    }
    return regroup(defs, counts, flat) as Grads<Args>;
  };
  const shown = createGraph ? out : unflatten(outFlat.def, outFlat.leaves.map(withoutGraph));
  return { out: shown as R, vjp: pullback as (cotangent: R extends Tensor ? TensorLike : R) => Grads<Args> };
}
