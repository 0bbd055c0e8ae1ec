import type { Shape } from '../shape';
import type { Tensor } from '../tensor';

/** What an op's forward kernel returns: fresh values and their shape. */
export interface Computed {
  readonly data: Float64Array;
  readonly shape: Shape;
}

/** The inputs of an op: a fixed tuple (`Unary`, `Binary`, …) or, for a variadic op (concat), an array. */
export type Inputs = readonly Tensor[];
/** The inputs of a one-input op. */
export type Unary = readonly [x: Tensor];
/** The inputs of a two-input op. */
export type Binary = readonly [a: Tensor, b: Tensor];
/** The inputs of a three-input op. */
export type Ternary = readonly [a: Tensor, b: Tensor, c: Tensor];

/** One gradient per input, in input order; `null` where an input needs none or has none. */
export type InputGrads<In extends Inputs> = { -readonly [K in keyof In]: Tensor | null };

/**
 * What a derivative rule sees of the forward pass. Every rule of an op (its VJP today; a JVP or
 * a batching rule would be one more field of {@link OpDef}) gets this same context.
 */
export interface RuleContext<In extends Inputs, A> {
  readonly inputs: In;
  readonly out: Tensor;
  readonly attrs: A;
}

/** What a vector-Jacobian product sees of the forward pass. */
export interface VjpContext<In extends Inputs, A> extends RuleContext<In, A> {
  /** `needsGrad[i]` is false when input i needs no gradient: return `null` for it. */
  readonly needsGrad: readonly boolean[];
}

/**
 * One primitive: its forward kernel on raw values, and its vector-Jacobian product written
 * with differentiable ops (so gradients of gradients work). The VJP may return a gradient in
 * the broadcast output shape; the engine sums it back to each input's shape.
 *
 * `In` types the inputs as a tuple (`Unary`, `Binary`, `Ternary`), so rules destructure them
 * without non-null assertions and must return one gradient per input; `A` is the attributes.
 */
export interface OpDef<In extends Inputs = Unary, A = undefined> {
  /** Shown in errors and graph exports; equal to the op's key in the op table. */
  readonly name: string;
  /**
   * Computes the output values. Never sees the graph; never mutates its inputs. With `out`
   * (an array of the output's size, as a compiled step passes) it writes every output value
   * there and returns it as `data`; without, it allocates. Ops whose output shares its input's
   * values (reshape) return the input's array either way.
   */
  forward(inputs: In, attrs: A, out?: Float64Array): Computed;
  /**
   * Optional, for compiled steps: the forward for these very inputs (shapes and arrays fixed)
   * writing into `out`, its shape work done once. A compiled step calls the returned function
   * on every replay; an op without it is replayed through `forward`. Same loops, same bits.
   */
  prepare?(inputs: In, attrs: A, out: Float64Array): () => void;
  /** Given the upstream gradient `g` (shape of the output), the gradient for each input. */
  vjp(g: Tensor, ctx: VjpContext<In, A>): InputGrads<In>;
}
