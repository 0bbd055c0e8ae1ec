/**
 * Forward mode: `jvp(f, primals, tangents)` pushes tangents through `f` alongside the values,
 * one JVP rule per op (each op file's `jvp`), so J·t costs about one more evaluation of `f`
 * and no graph is kept for a backward pass.
 */
import { checkFunction } from '../autodiff';
import { makeTensor } from '../construct';
import { apply } from '../engine';
import { DeltagradError, describeValue, fmtShape } from '../errors';
import { opTable } from '../ops/index';
import { sameShape } from '../shape';
import type { Tensor } from '../tensor';
import { openTransform } from './apply';
import { addEntry, closeLevel, entryAt, type Level, pruneClosed } from './levels';
import { flatten, sameTreeDef, showTreeDef, type TensorTree, unflatten } from './pytree';

/**
 * `x` as the primal of a dual number at `level` with tangent `t`: a new tensor sharing x's
 * values and still connected to x's graph (through an identity reshape), so reverse mode
 * through a `jvp` works.
 */
function dual(x: Tensor, t: Tensor | null, level: Level): Tensor {
  const d = apply(opTable.reshape, [x], { shape: [...x.shape] });
  return t === null ? d : addEntry(d, { level: level.id, kind: 'tangent', value: t });
}

/** The tangent `out` carries at `level`, or zeros of its shape when it does not depend on the inputs. */
function tangentOf(out: Tensor, level: Level): Tensor {
  return entryAt(out, level.id)?.value ?? makeTensor(new Float64Array(out.size), out.shape);
}

/**
 * Forward mode on flat lists of tensors: the outputs of `f` at `primals` and their tangents
 * for input tangents `tangents` (`null` for a zero tangent). What `jvp`, `jacfwd` and the
 * harness build on.
 */
export function jvpFlat(
  f: (primals: Tensor[]) => Tensor[],
  primals: readonly Tensor[],
  tangents: readonly (Tensor | null)[],
): [Tensor[], Tensor[]] {
  const level = openTransform('tangent', 'jvp');
  let outs: Tensor[];
  let outTangents: Tensor[];
  try {
    outs = f(primals.map((x, i) => dual(x, tangents[i] ?? null, level)));
    outTangents = outs.map((o) => tangentOf(o, level));
  } finally {
    closeLevel(level);
  }
  // The level's tangents are dead now; dropping them keeps later ops on the plain path.
  for (const o of outs) pruneClosed(o);
  return [outs, outTangents];
}

/**
 * `primals` and `tangents` of a forward-mode call checked and flattened: arrays of one entry per
 * argument of f, each tangent of its primal's structure and shapes; errors name `where`.
 */
export function checkPrimalsAndTangents(
  where: string,
  primals: unknown,
  tangents: unknown,
): { args: ReturnType<typeof flatten>[]; tans: ReturnType<typeof flatten>[] } {
  for (const [name, list] of [
    ['primals', primals],
    ['tangents', tangents],
  ] as const) {
    if (!Array.isArray(list)) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `${where}: ${name} must be an array with one entry per argument of f, got ${describeValue(list)}`,
      );
    }
  }
  const ps = primals as unknown[];
  const ts = tangents as unknown[];
  if (ps.length !== ts.length) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: ${ps.length} primals but ${ts.length} tangents (one per argument of f)`,
    );
  }
  const args = ps.map((p, i) => flatten(p, `${where}: primals[${i}]`));
  const tans = ts.map((t, i) => flatten(t, `${where}: tangents[${i}]`));
  args.forEach((a, i) => {
    const t = tans[i]!;
    if (!sameTreeDef(a.def, t.def)) {
      throw new DeltagradError(
        'SHAPE_MISMATCH',
        `${where}: tangents[${i}] has structure ${showTreeDef(t.def)}, its primal ${showTreeDef(a.def)}`,
      );
    }
    a.leaves.forEach((x, k) => {
      const tk = t.leaves[k]!;
      if (!sameShape(x.shape, tk.shape)) {
        throw new DeltagradError(
          'SHAPE_MISMATCH',
          `${where}: tangents[${i}] leaf ${k} has shape ${fmtShape(tk.shape)}, its primal ${fmtShape(x.shape)}`,
        );
      }
    });
  });
  return { args, tans };
}

/**
 * Forward-mode differentiation, as JAX's `jvp`: evaluates `f` at `primals` and, in the same
 * pass, the Jacobian-vector product J·t for `tangents`. `primals` and `tangents` are arrays
 * with one entry per argument of `f`, each a tensor or a pytree of tensors (arrays and plain
 * objects), the tangent of the same structure and shapes as its primal. Returns the outputs and
 * their tangents, in the output's structure.
 *
 * Every op's JVP is written with differentiable ops, so `jvp` composes with reverse mode: the
 * Hessian-vector product is `jvp` of `grad` (see `hvp`), and `grad` of a `jvp` works too.
 *
 * @example
 * ```ts
 * const [y, dy] = jvp((x: Tensor) => x.mul(x).sum(), [tensor([1, 2])], [tensor([1, 0])]);
 * // y = 5, dy = 2·1·1 + 2·2·0 = 2
 * ```
 */
export function jvp<Args extends TensorTree[], R extends TensorTree>(
  f: (...args: Args) => R,
  primals: Args,
  tangents: Args,
): [R, R] {
  checkFunction('jvp', f);
  const { args, tans } = checkPrimalsAndTangents('jvp', primals, tangents);
  let outDef: ReturnType<typeof flatten>['def'] | null = null;
  const [outs, outTangents] = jvpFlat(
    (duals) => {
      let at = 0;
      const rebuilt = args.map((a) => {
        const n = a.leaves.length;
        const tree = unflatten(a.def, duals.slice(at, at + n));
        at += n;
        return tree;
      });
      const out = flatten((f as (...xs: unknown[]) => unknown)(...rebuilt), 'jvp: the result of f');
      outDef = out.def;
      return out.leaves;
    },
    args.flatMap((a) => a.leaves),
    tans.flatMap((t) => t.leaves),
  );
  return [unflatten(outDef!, outs) as R, unflatten(outDef!, outTangents) as R];
}
