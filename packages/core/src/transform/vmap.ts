/**
 * `vmap(f, inAxes, outAxes)`: `f` written for one example, run on a whole batch at once. Inside,
 * each batched argument is a tensor of one example's shape standing for the batch; every op
 * applied to it runs its batching rule once on the batched values (element-wise ops
 * broadcast, matmul is batched already, reductions and shape ops shift their axes by one), so
 * the result equals a loop over the examples bit for bit, without the loop.
 */
import { checkFunction } from '../autodiff';
import { DeltagradError, describeValue, fmtShape } from '../errors';
import * as F from '../functional';
import type { Tensor } from '../tensor';
import { openTransform } from './apply';
import { batchedTensor, closeLevel, entryAt } from './levels';
import { flatten, type TensorTree, unflatten } from './pytree';

/**
 * Where each argument's batch axis is: one axis for every argument, or one per argument, `null`
 * for an argument that is not batched (passed whole to every example). An axis applies to
 * every tensor of its argument's tree; negative axes count from the end.
 */
export type InAxes = number | null | readonly (number | null)[];

/** Where the batch axis goes in each output: one axis for all, or one per output tensor (in flattening order). */
export type OutAxes = number | readonly number[];

/** `axis` normalised (negative counts from the end), or a typed error naming `where`, `what` and its shape. */
function axisArg(where: string, axis: unknown, what: string, shape: readonly number[]): number {
  const rank = shape.length;
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `vmap: ${where} is ${describeValue(axis)}, not an axis of ${what} (shape ${fmtShape(shape)}: an integer in [${-rank}, ${rank - 1}])`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** `x` with axis `axis` moved to the front (the others in order). */
function moveToFront(x: Tensor, axis: number): Tensor {
  if (axis === 0) return x;
  const order = [axis, ...x.shape.map((_, i) => i).filter((i) => i !== axis)];
  return F.permute(x, order);
}

/** `x` with its leading axis moved to `axis`. */
function moveFromFront(x: Tensor, axis: number): Tensor {
  if (axis === 0) return x;
  const order = x.shape.map((_, i) => i).slice(1);
  order.splice(axis, 0, 0);
  return F.permute(x, order);
}

/**
 * Vectorizes `f` over a batch axis of its arguments, as JAX's `vmap`: `vmap(f)(xs)` equals
 * stacking `f(x)` for every slice `x` of `xs` along axis 0, bit for bit, computed with one
 * op per op of `f` on the whole batch. `inAxes` says where each argument's batch axis is (or
 * `null`: the argument is shared by every example); `outAxes` where the batch axis goes in the
 * result. Arguments and results may be pytrees of tensors.
 *
 * Inside `f`, a batched argument has one example's shape; reading its values (`item()`,
 * `toArray()`) is an error, since there is one value per example. Composes with the other
 * transforms: per-example gradients are `vmap(grad(loss), [null, 0, 0])(w, xs, ys)`.
 *
 * @example
 * ```ts
 * const loss = (w: Tensor, x: Tensor, y: Tensor) => x.matmul(w).sub(y).square().sum();
 * const perExample = vmap(grad(loss, { argnums: 0 }), [null, 0, 0]);
 * perExample(w, X, Y); // shape [batch, ...w.shape]: the gradient of each example's loss
 * ```
 */
export function vmap<Args extends TensorTree[], R extends TensorTree>(
  f: (...args: Args) => R,
  inAxes: InAxes = 0,
  outAxes: OutAxes = 0,
): (...args: Args) => R {
  checkFunction('vmap', f);
  return (...args: Args): R => {
    const axes = Array.isArray(inAxes) ? inAxes : args.map(() => inAxes);
    if (axes.length !== args.length) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `vmap: inAxes has ${axes.length} entries for ${args.length} argument${args.length === 1 ? '' : 's'} (one per argument)`,
      );
    }
    const flats = args.map((a, i) => flatten(a, `vmap: argument ${i}`));
    let size = -1;
    let sizeFrom = '';
    const plans = flats.map((flat, i) =>
      flat.leaves.map((x, k) => {
        const requested = axes[i];
        if (requested === null) return null;
        const here = `argument ${i}${flat.leaves.length > 1 ? ` (tensor ${k})` : ''}`;
        const axis = axisArg(Array.isArray(inAxes) ? `inAxes[${i}]` : 'inAxes', requested, here, x.shape);
        const n = x.shape[axis]!;
        if (size >= 0 && n !== size) {
          throw new DeltagradError(
            'SHAPE_MISMATCH',
            `vmap: ${here} has ${n} examples along axis ${axis} (shape ${fmtShape(x.shape)}), ${sizeFrom} has ${size}`,
          );
        }
        size = n;
        sizeFrom = here;
        return axis;
      }),
    );
    if (size < 0) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        'vmap: no argument is batched (every inAxes entry is null)',
      );
    }
    const level = openTransform('batch', 'vmap', size);
    let leaves: Tensor[];
    let def: ReturnType<typeof flatten>['def'];
    try {
      const rebuilt = flats.map((flat, i) =>
        unflatten(
          flat.def,
          flat.leaves.map((x, k) => {
            const axis = plans[i]![k];
            if (axis === null || axis === undefined) return x;
            const shape = x.shape.filter((_, d) => d !== axis);
            return batchedTensor(moveToFront(x, axis), level.id, shape);
          }),
        ),
      );
      const out = flatten((f as (...xs: unknown[]) => unknown)(...rebuilt), 'vmap: the result of f');
      def = out.def;
      // An output that does not depend on a batched argument is the same for every example.
      leaves = out.leaves.map((o) => entryAt(o, level.id)?.value ?? F.broadcastTo(o, [size, ...o.shape]));
    } finally {
      closeLevel(level);
    }
    if (Array.isArray(outAxes) && outAxes.length !== leaves.length) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `vmap: outAxes has ${outAxes.length} entr${outAxes.length === 1 ? 'y' : 'ies'} for ${leaves.length} output tensor${leaves.length === 1 ? '' : 's'} (one per output tensor, in flattening order)`,
      );
    }
    const outs = leaves.map((value, i) => {
      const requested = Array.isArray(outAxes) ? outAxes[i] : outAxes;
      const where = Array.isArray(outAxes) ? `outAxes[${i}]` : 'outAxes';
      return moveFromFront(value, axisArg(where, requested, `output ${i} with its batch axis`, value.shape));
    });
    return unflatten(def, outs) as R;
  };
}
