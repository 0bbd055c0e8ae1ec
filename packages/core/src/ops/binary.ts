import { type BinaryRun, broadcastBinary, prepareBinary } from '../kernels/index';
import type { Tensor } from '../tensor';
import type { Binary, InputGrads, OpDef, VjpContext } from './types';

/**
 * An element-wise two-input primitive from its name, the loop over one run of outputs (see
 * {@link BinaryRun}) and its VJP: the forward broadcasts the inputs by NumPy's rules, and a
 * compiled step replays the same runs with the broadcast worked out once.
 *
 * @example
 * ```ts
 * export const add = binaryOp({
 *   name: 'add',
 *   run: (out, o, a, ia, sa, b, ib, sb, n) => {
 *     for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! + b[ib + i * sb]!;
 *   },
 *   vjp: (g) => [g, g],
 * });
 * ```
 */
export function binaryOp(def: {
  readonly name: string;
  readonly run: BinaryRun;
  readonly vjp: (g: Tensor, ctx: VjpContext<Binary, undefined>) => InputGrads<Binary>;
}): OpDef<Binary> {
  const { name, run, vjp } = def;
  return {
    name,
    forward: ([a, b], _attrs, into) => broadcastBinary(name, a, b, run, into),
    prepare: ([a, b], _attrs, out) => prepareBinary(name, a, b, run, out),
    vjp,
  };
}
