import type { BinaryRun } from '../kernels/broadcast';
import type { ReplayStep } from '../kernels/call';
import type { Shape } from '../shape';
import type { Tensor } from '../tensor';

export type { KernelCall, ReplayStep } from '../kernels/call';

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

/** One tangent per input, in input order; `null` where an input's tangent is zero (JAX's symbolic `Zero`). */
export type InputTangents<In extends Inputs> = { readonly [K in keyof In]: Tensor | null };

/**
 * What a derivative rule sees of the forward pass: the VJP and the JVP of an op get this same
 * context (the VJP with {@link VjpContext.needsGrad} besides).
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
 * What a batching rule sees (under `vmap`): the op's inputs, those that are batched with the
 * batch as a new leading axis of length `size`, the others as they are. The rule returns the
 * batched output, its batch axis leading too.
 */
export interface BatchContext<In extends Inputs, A> {
  readonly inputs: In;
  /** `batched[i]` is true when input i carries the batch as its leading axis. At least one is. */
  readonly batched: readonly boolean[];
  /** The batch size: the length of every batched input's leading axis. */
  readonly size: number;
  readonly attrs: A;
}

/**
 * One primitive: its forward kernel on raw values, and its three rules, each written with
 * differentiable ops (so derivatives of derivatives work): the vector-Jacobian product (reverse
 * mode), the Jacobian-vector product (forward mode) and the batching rule (`vmap`). The VJP may
 * return a gradient in the broadcast output shape, and the JVP a tangent in an input's shape;
 * the engine sums the one back to each input's shape and broadcasts the other to the output's.
 * All three rules are required: the op table does not compile with one missing.
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
  prepare?(inputs: In, attrs: A, out: Float64Array): ReplayStep;
  /** Given the upstream gradient `g` (shape of the output), the gradient for each input. */
  vjp(g: Tensor, ctx: VjpContext<In, A>): InputGrads<In>;
  /**
   * Given one tangent per input (`null` for a zero tangent; at least one is not), the output's
   * tangent J·t, or `null` when it is zero. Two derivations of one derivative: the harness checks
   * ⟨u, J·t⟩ = ⟨Jᵀ·u, t⟩ against the VJP.
   */
  jvp(tangents: InputTangents<In>, ctx: RuleContext<In, A>): Tensor | null;
  /** The op applied to a batch at once (see {@link BatchContext}); the harness checks it bit for bit against a loop. */
  batch(ctx: BatchContext<In, A>): Tensor;
}

/**
 * An element-wise two-input primitive (see binary.ts): an {@link OpDef} that also gives its loop
 * over a run of outputs, so the engine applies it to operands of one shape, a one-element
 * operand or a repeated trailing block without the general broadcast (`applyBinary`, engine.ts).
 */
export type BinaryOpDef = OpDef<Binary> & {
  readonly run: BinaryRun;
  /** The forward `run` stands for: while `forward` is still this one, the engine may run `run` itself. */
  readonly runForward: OpDef<Binary>['forward'];
};

/**
 * The loop of an element-wise op: writes f(x[i]) into out[i] for every i (both the same
 * length). Called once per tensor, never once per element, so it stays a plain loop.
 */
export type UnaryKernel<A> = (x: Float64Array, out: Float64Array, attrs: A) => void;

/**
 * An element-wise one-input primitive (see unary.ts): an {@link OpDef} that also gives its
 * kernel, so the engine applies it without the generic forward (`applyUnary`, engine.ts).
 */
export type UnaryOpDef<A> = OpDef<Unary, A> & {
  readonly kernel: UnaryKernel<A>;
  /** The forward `kernel` stands for: while `forward` is still this one, the engine may run `kernel` itself. */
  readonly kernelForward: OpDef<Unary, A>['forward'];
};
