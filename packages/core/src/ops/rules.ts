/**
 * Helpers shared by the op files' forward-mode and batching rules: summing the tangent terms of
 * a multi-input op (a `null` term is a zero tangent, JAX's symbolic Zero), and the batching rule
 * of every op that broadcasts its inputs (element-wise ops, the matrix products).
 */
import { makeTensor } from '../construct';
import { apply } from '../engine';
import * as F from '../functional';
import { sizeOf } from '../shape';
import type { Tensor } from '../tensor';
import type { BatchContext, Inputs, OpDef } from './types';

/** The sum of the non-null terms, or `null` when all are null (a zero tangent stays symbolic). */
export function sumOf(...terms: (Tensor | null)[]): Tensor | null {
  let total: Tensor | null = null;
  for (const t of terms) if (t !== null) total = total === null ? t : F.add(total, t);
  return total;
}

/** The shape `[size, 1, …, 1, ...rest]` with `ones` 1s. */
function padded(shape: readonly number[], ones: number): number[] {
  return [shape[0]!, ...new Array<number>(ones).fill(1), ...shape.slice(1)];
}

/**
 * Lines the batched inputs of a broadcasting op up with each other: NumPy's rule aligns
 * trailing axes, so a batched input [B, ...s] whose op-level shape s has fewer axes than the
 * op's widest input gets 1s after its batch axis ([B, 1, …, 1, ...s]); the batch axis then leads
 * the broadcast result. Unbatched inputs stay as they are: they broadcast over the batch.
 */
export function alignBatched<In extends Inputs>({ inputs, batched }: BatchContext<In, unknown>): In {
  let rank = 0;
  inputs.forEach((t, i) => {
    rank = Math.max(rank, batched[i] ? t.rank - 1 : t.rank);
  });
  return inputs.map((t, i) =>
    batched[i] && t.rank - 1 < rank ? F.reshape(t, padded(t.shape, rank - (t.rank - 1))) : t,
  ) as unknown as In;
}

/**
 * The batching rule of an op that broadcasts its inputs: align them ({@link alignBatched}) and
 * apply the op itself once to the whole batch. Per example it runs the same loop on the same
 * values as unbatched, so the result is bit-identical to a loop over the batch.
 */
export function broadcastingBatch<In extends Inputs, A>(
  def: () => OpDef<In, A>,
): (ctx: BatchContext<In, A>) => Tensor {
  return (ctx) => apply(def(), alignBatched(ctx), ctx.attrs);
}

/** Zeros in `like`'s shape: the tangent an input without one contributes to concat. */
export function zerosLike(like: Tensor): Tensor {
  return makeTensor(new Float64Array(sizeOf(like.shape)), like.shape);
}
