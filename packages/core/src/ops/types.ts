import type { Shape } from '../shape';
import type { Tensor } from '../tensor';

/** What an op's forward kernel returns: fresh values and their shape. */
export interface Computed {
  readonly data: Float64Array;
  readonly shape: Shape;
}

/** What a vector-Jacobian product sees of the forward pass. */
export interface VjpContext<A> {
  readonly inputs: readonly Tensor[];
  readonly out: Tensor;
  readonly attrs: A;
  /** `needsGrad[i]` is false when input i needs no gradient: return `null` for it. */
  readonly needsGrad: readonly boolean[];
}

/**
 * One primitive: its forward kernel on raw values, and its vector-Jacobian product written
 * with differentiable ops (so gradients of gradients work). The VJP may return a gradient in
 * the broadcast output shape; the engine sums it back to each input's shape.
 */
export interface OpDef<A> {
  /** Shown in errors and graph exports. */
  readonly name: string;
  /** Computes the output values. Never sees the graph; never mutates its inputs. */
  forward(inputs: readonly Tensor[], attrs: A): Computed;
  /** Given the upstream gradient `g` (shape of the output), the gradient for each input. */
  vjp(g: Tensor, ctx: VjpContext<A>): readonly (Tensor | null)[];
}
