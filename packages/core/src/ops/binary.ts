import { type BinaryRun, broadcastBinary, prepareBinary } from '../kernels/index';
import type { Tensor } from '../tensor';
import { broadcastingBatch } from './rules';
import type { Binary, BinaryOpDef, InputGrads, InputTangents, OpDef, RuleContext, VjpContext } from './types';

/**
 * An element-wise two-input primitive from its name, the loop over one run of outputs (see
 * {@link BinaryRun}) and its VJP and JVP: the forward broadcasts the inputs by NumPy's rules, a
 * compiled step replays the same runs with the broadcast worked out once, and the batching rule
 * is the op on the whole batch (its inputs aligned).
 *
 * @example
 * ```ts
 * export const add = binaryOp({
 *   name: 'add',
 *   run: (out, o, a, ia, sa, b, ib, sb, n) => {
 *     for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! + b[ib + i * sb]!;
 *   },
 *   vjp: (g) => [g, g],
 *   jvp: ([ta, tb]) => sumOf(ta, tb),
 * });
 * ```
 */
export function binaryOp(def: {
  readonly name: string;
  readonly run: BinaryRun;
  readonly vjp: (g: Tensor, ctx: VjpContext<Binary, undefined>) => InputGrads<Binary>;
  readonly jvp: (tangents: InputTangents<Binary>, ctx: RuleContext<Binary, undefined>) => Tensor | null;
}): BinaryOpDef {
  const { name, run, vjp, jvp } = def;
  const forward: OpDef<Binary>['forward'] = ([a, b], _attrs, into) => broadcastBinary(name, a, b, run, into);
  const op: BinaryOpDef = {
    name,
    run,
    runForward: forward,
    forward,
    prepare: ([a, b], _attrs, out) => prepareBinary(name, a, b, run, out),
    vjp,
    jvp,
    batch: broadcastingBatch(() => op),
  };
  return op;
}
