/**
 * `linearize(f, ...primals)`, as JAX's: `f` is evaluated once, in forward mode, with tangents
 * that record the graph of everything computed from them. That graph is the linear part of `f`
 * at the primals (the JVP rules' ops, their primal-side operands kept as constants); the
 * returned `fJvp` replays it on new tangents, op for op, so it never runs `f` again and gives
 * the bits `jvp(f, primals, tangents)` gives.
 */
import { checkFunction } from '../autodiff';
import { makeTensor } from '../construct';
import { apply, isGradEnabled, withGradMode } from '../engine';
import { DeltagradError, fmtShape } from '../errors';
import type { Inputs, OpDef } from '../ops/types';
import { sameShape } from '../shape';
import type { Tensor } from '../tensor';
import { jvpFlat } from './forward';
import { withoutGraph } from './levels';
import { flatten, sameTreeDef, showTreeDef, type TensorTree, type TreeDef, unflatten } from './pytree';

/** One op of the linear part: applied to the replayed values of the tangent-side inputs. */
interface LinearOp {
  readonly def: OpDef<Inputs, unknown>;
  readonly inputs: Inputs;
  readonly attrs: unknown;
  /** The tensor it produced while `f` ran, standing for its value in a replay. */
  readonly out: Tensor;
  /** Which inputs are on the tangent side (depend on the tangents); the others are primal constants. */
  readonly tangentSide: readonly boolean[];
}

/**
 * The ops that lead from `seeds` to `roots`, inputs before outputs. Only tensors created after
 * the seeds (id ≥ `firstId`) can depend on them, so the walk never enters an outer graph.
 */
function linearPart(roots: readonly Tensor[], seeds: readonly Tensor[], firstId: number): LinearOp[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative depth-first search (post-order): deep chains must not overflow the stack.
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack: [Tensor, number][] = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [t, next] = top;
      const inputs = t.node?.inputs ?? [];
      if (next < inputs.length) {
        top[1] = next + 1;
        const child = inputs[next]!;
        if (!seen.has(child) && child.id >= firstId && child.node !== null) {
          seen.add(child);
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        order.push(t);
      }
    }
  }
  const dependent = new Set<Tensor>(seeds);
  const ops: LinearOp[] = [];
  for (const t of order) {
    const node = t.node;
    if (node === null || !node.inputs.some((x) => dependent.has(x))) continue;
    dependent.add(t);
    const tangentSide = node.inputs.map((x) => dependent.has(x));
    ops.push({ def: node.def, inputs: node.inputs, attrs: node.attrs, out: t, tangentSide });
  }
  return ops;
}

/** The tangents `fJvp` takes: one per argument, of its structure, or `null` for a zero tangent. */
export type TangentsOf<Args extends readonly unknown[]> = { [K in keyof Args]: Args[K] | null };

function zerosOf(t: Tensor): Tensor {
  return makeTensor(new Float64Array(t.size), t.shape);
}

/**
 * One op of the linear part on the replayed tangents. Where every tangent-side input is a
 * symbolic zero the op is skipped (it is linear in them: its output is zero too); where one
 * term of a sum is, the sum is the other term, as the JVP rules' `sumOf` gives; otherwise a
 * zero is made for the missing input.
 */
function replay(op: LinearOp, value: ReadonlyMap<Tensor, Tensor | null>): Tensor | null {
  const inputs: (Tensor | null)[] = op.inputs.map((x, i) => (op.tangentSide[i] ? value.get(x)! : x));
  if (inputs.every((x, i) => x === null || !op.tangentSide[i])) return null;
  if (inputs.includes(null)) {
    if (op.def.name === 'add' && inputs.length === 2) {
      const other = (inputs[0] ?? inputs[1])!;
      if (sameShape(other.shape, op.out.shape)) return other;
    }
    return apply(op.def, inputs.map((x, i) => x ?? zerosOf(op.inputs[i]!)) as unknown as Inputs, op.attrs);
  }
  return apply(op.def, inputs as unknown as Inputs, op.attrs);
}

/**
 * Evaluates `f` at `primals` and returns its outputs with its linearization there, as JAX's
 * `linearize`: `fJvp(...tangents)` gives the same output tangents as
 * `jvp(f, primals, tangents)[1]`, bit for bit, without evaluating `f` again — the JVP rules'
 * ops on the tangents were recorded while `f` ran, and `fJvp` replays only those (their
 * primal-side operands are kept). Worth it when J·t is wanted for many tangents at one point.
 *
 * `primals` are the arguments of `f`, each a tensor or a pytree of tensors; `fJvp` takes one
 * tangent per argument, of its primal's structure and shapes, and returns the output tangents
 * in the structure of the outputs. A tangent may be `null`: a symbolic zero (JAX's `Zero`),
 * so the ops only it feeds are skipped — the derivative along one argument, the others held
 * fixed, for the cost of that argument's part (forward mode over a network's parameters, one
 * parameter tensor at a time). The result is the output tangent for a zero tangent there,
 * without the products with zero (no 0·∞ = NaN, and a −0 term stays −0, as in `jvp`'s rules). `fJvp` is made of ops, so it can be differentiated (its
 * gradient with respect to the tangents is the transposed linear map) and used inside `vmap`.
 *
 * @example
 * ```ts
 * const [y, fJvp] = linearize((x: Tensor) => x.mul(x).sum(), tensor([1, 2])); // y = 5
 * fJvp(tensor([1, 0])); // 2x·t = 2
 * fJvp(tensor([0, 1])); // 4, without evaluating f again
 * ```
 */
export function linearize<Args extends TensorTree[], R extends TensorTree>(
  f: (...args: Args) => R,
  ...primals: Args
): [R, (...tangents: TangentsOf<Args>) => R] {
  checkFunction('linearize', f);
  const args = primals.map((p, i) => flatten(p, `linearize: primals[${i}]`));
  const leaves = args.flatMap((a) => a.leaves);
  // Zero tangents that record: everything computed from them is the linear part.
  const seeds = leaves.map((x) => makeTensor(new Float64Array(x.size), x.shape, true));
  const firstId = seeds[0]?.id ?? Number.POSITIVE_INFINITY;
  const gradOn = isGradEnabled();
  let outDef: TreeDef | null = null;
  const [outs, outTangents] = withGradMode(true, () =>
    jvpFlat(
      (duals) => {
        let at = 0;
        const rebuilt = args.map((a) => {
          const n = a.leaves.length;
          const tree = unflatten(a.def, duals.slice(at, at + n));
          at += n;
          return tree;
        });
        const out = flatten((f as (...xs: unknown[]) => unknown)(...rebuilt), 'linearize: the result of f');
        outDef = out.def;
        return out.leaves;
      },
      leaves,
      seeds,
    ),
  );
  const ops = linearPart(outTangents, seeds, firstId);
  const def: TreeDef = outDef!;
  // Outside a gradient's scope the outputs carry no graph, as `f`'s own would not.
  const outputs = unflatten(def, gradOn ? outs : outs.map(withoutGraph)) as R;

  const fJvp = (...tangents: TangentsOf<Args>): R => {
    if (tangents.length !== args.length) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `linearize: fJvp takes ${args.length} tangent${args.length === 1 ? '' : 's'} (one per primal), got ${tangents.length}`,
      );
    }
    const flat: (Tensor | null)[] = [];
    tangents.forEach((t, i) => {
      const primal = args[i]!;
      if (t === null) {
        // A symbolic zero, as the JVP rules' own null: the ops it alone feeds are skipped.
        for (let k = 0; k < primal.leaves.length; k++) flat.push(null);
        return;
      }
      const tree = flatten(t, `linearize: tangents[${i}]`);
      if (!sameTreeDef(primal.def, tree.def)) {
        throw new DeltagradError(
          'SHAPE_MISMATCH',
          `linearize: tangents[${i}] has structure ${showTreeDef(tree.def)}, its primal ${showTreeDef(primal.def)}`,
        );
      }
      tree.leaves.forEach((leaf, k) => {
        const x = primal.leaves[k]!;
        if (!sameShape(leaf.shape, x.shape)) {
          throw new DeltagradError(
            'SHAPE_MISMATCH',
            `linearize: tangents[${i}]${primal.leaves.length > 1 ? ` leaf ${k}` : ''} has shape ${fmtShape(leaf.shape)}, its primal ${fmtShape(x.shape)}`,
          );
        }
        flat.push(leaf);
      });
    });
    // The replayed value of each tangent-side tensor; null for a symbolic zero.
    const value = new Map<Tensor, Tensor | null>();
    seeds.forEach((s, k) => {
      value.set(s, flat[k]!);
    });
    for (const op of ops) value.set(op.out, replay(op, value));
    // An output tangent that does not depend on the tangents is a constant (the zero jvp gives).
    return unflatten(
      def,
      outTangents.map((t) => {
        const v = value.get(t);
        return v === undefined ? t : (v ?? zerosOf(t));
      }),
    ) as R;
  };
  return [outputs, fJvp];
}
