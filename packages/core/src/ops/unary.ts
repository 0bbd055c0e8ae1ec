import * as F from '../functional';
import { kernelCall } from '../kernels/call';
import { allocate } from '../pool';
import type { Tensor } from '../tensor';
import { broadcastingBatch } from './rules';
import type { InputTangents, OpDef, RuleContext, Unary, UnaryKernel, UnaryOpDef, VjpContext } from './types';

export type { UnaryKernel } from './types';

/** How an element-wise op states its derivative: one of the two. */
export type UnaryRule<A> =
  | {
      /**
       * ∂out/∂x as a tensor of x's shape, written with differentiable ops (a mask from
       * comparisons where it is piecewise constant). The VJP is `mulNoNan(derivative, g)` and the
       * JVP `mulNoNan(derivative, t)`: exactly 0 where either factor is 0, so a zero upstream
       * gradient stays 0 where the derivative is infinite or NaN, and a zero derivative (a mask's
       * zeros) selects 0 even for an infinite or NaN upstream gradient.
       */
      readonly derivative: (ctx: RuleContext<Unary, A>) => Tensor;
    }
  | {
      /** A VJP written out in full, for ops whose gradient is not a product with g (neg). */
      readonly vjp: (g: Tensor, ctx: VjpContext<Unary, A>) => [Tensor | null];
      /** Its JVP, written out too: the tangent t (x's shape) ↦ J·t. */
      readonly jvp: (tangents: InputTangents<Unary>, ctx: RuleContext<Unary, A>) => Tensor | null;
    };

/**
 * An element-wise one-input primitive from its name, kernel and derivative (JAX's
 * `standard_unop`): the forward allocates the output, runs the kernel once and keeps x's shape.
 * The Jacobian is diagonal, so a `derivative` gives both products (VJP `mulNoNan(derivative, g)`,
 * JVP `mulNoNan(derivative, t)`), and the batching rule is the op on the whole batch.
 *
 * @example
 * ```ts
 * export const exp = unaryOp<undefined>({
 *   name: 'exp',
 *   kernel: (x, out) => {
 *     for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]!);
 *   },
 *   derivative: ({ out }) => out,
 * });
 * ```
 */
export function unaryOp<A>(
  def: { readonly name: string; readonly kernel: UnaryKernel<A> } & UnaryRule<A>,
): UnaryOpDef<A> {
  const { name, kernel } = def;
  const vjp =
    'vjp' in def
      ? def.vjp
      : (g: Tensor, ctx: VjpContext<Unary, A>): [Tensor | null] => [F.mulNoNan(def.derivative(ctx), g)];
  const jvp =
    'jvp' in def
      ? def.jvp
      : ([t]: InputTangents<Unary>, ctx: RuleContext<Unary, A>) =>
          t === null ? null : F.mulNoNan(def.derivative(ctx), t);
  const forward: OpDef<Unary, A>['forward'] = ([x], attrs, into) => {
    const out = into ?? allocate(x.size);
    kernel(x.values, out, attrs);
    return { data: out, shape: x.shape };
  };
  const op: UnaryOpDef<A> = {
    name,
    kernel,
    kernelForward: forward,
    forward,
    prepare: ([x], attrs, out) => kernelCall(kernel, x.values, out, attrs),
    vjp,
    jvp,
    batch: broadcastingBatch(() => op),
  };
  return op;
}
