import { type BackwardOptions, backpropagate } from './backward';
import { provideTensorClass, shareValues } from './construct';
import { assertNotTraced, type GraphNode } from './engine';
import { DeltagradError, describeValue, fmtShape } from './errors';
import { formatTensor } from './format';
import * as F from './functional';
import { EXPOSED, expose } from './guard';
import { MAX_RANK, type Shape } from './shape';
import { assertNotBatched, detachTransformed, type TransformEntry } from './transform/levels';

/** A gradient hook: may return a replacement gradient. */
export type GradHook = (grad: Tensor) => Tensor | undefined;

/** Returned by {@link Tensor.registerHook}; `remove()` unregisters the hook. */
export interface HookHandle {
  remove(): void;
}

/** A number, or a tensor: binary ops accept either for their second operand. */
export type TensorLike = Tensor | number;

/** Nested arrays of numbers, as `tensor()` takes them and `toNested()` returns them. */
export type NestedArray = number | NestedArray[];

let nextId = 0;

/**
 * Set around {@link makeTrustedTensor}'s construction: the engine made `data` for `shape` itself,
 * so the public constructor's argument checks (a Float64Array, a valid shape of that size) are
 * skipped, the largest part of a tiny op's fixed cost after the kernel.
 */
let trusted = false;

/**
 * The number of elements of `shape`, checking that it is a shape at all (an array of at most
 * 64 non-negative integers): the constructor is public, so it cannot trust its arguments. One
 * loop, as cheap as the product alone.
 */
function checkedSize(shape: Shape): number {
  if (!Array.isArray(shape) || shape.length > MAX_RANK) {
    throw new DeltagradError(
      'INVALID_SHAPE',
      `Tensor: shape must be an array of at most ${MAX_RANK} non-negative integers, got ${Array.isArray(shape) ? `${shape.length} axes` : describeValue(shape)}`,
    );
  }
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!(d >= 0) || d !== Math.floor(d) || typeof d !== 'number') {
      throw new DeltagradError('INVALID_SHAPE', `Tensor: invalid shape ${fmtShape(shape)}`);
    }
    n *= d;
  }
  return n;
}

/** @internal The id the next tensor will get: tensors with an id at least this are newer. */
export function peekNextTensorId(): number {
  return nextId;
}
const NO_INPUTS: readonly Tensor[] = [];

/**
 * An n-dimensional array of float64 values in row-major order, and a node of the autodiff graph.
 *
 * Tensors are immutable: every op returns a new tensor. A tensor created with
 * `requiresGrad: true` is a leaf whose `.grad` is filled by {@link Tensor.backward}.
 *
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const loss = x.mul(x).sum();
 * loss.backward();
 * x.grad?.toNested(); // [[2, 4], [6, 8]]
 * ```
 */
export class Tensor {
  /** A unique, increasing id (stable names in graph exports). */
  readonly id = nextId++;
  readonly size: number;
  /** Accumulated gradient of a leaf after `backward()`, or of a tensor that called `retainGrad()`. */
  grad: Tensor | null = null;
  /** @internal The op that produced this tensor, while the graph is alive. */
  node: GraphNode | null = null;
  /** @internal The op name once backward released this tensor's part of the graph. */
  released: string | false = false;
  /** @internal Set by `retainGrad()`: keep `.grad` on a non-leaf. */
  retainsGrad = false;
  /** An optional label shown in graph exports and errors (set with {@link Tensor.named}). */
  name: string | undefined = undefined;
  /** @internal Stamp of the last graph traversal (backward or export) that visited this tensor. */
  visit = 0;
  /** @internal Gradient accumulated so far during a backward pass. */
  pendingGrad: Tensor | null = null;
  /** @internal Gradient hooks, run in order when this tensor's gradient is complete. */
  hooks: GradHook[] | null = null;
  /**
   * @internal The values, row-major. The engine, the ops and the kernels read this; reading it
   * marks nothing (the public {@link data} marks the tensor exposed, see guard.ts).
   */
  readonly values: Float64Array;
  /** @internal The tensor owning `values` when this one shares them (detach, reshape), else null. */
  base: Tensor | null = null;
  /** @internal `EXPOSED` and `SAVED` bits (guard.ts); meaningful on the owner of the values. */
  flags = EXPOSED;
  /** @internal The owner's values as 32-bit words, for the in-place guard's checksums (guard.ts). */
  words: Int32Array | null = null;
  /** @internal Its tangents (under `jvp`) and batch (under `vmap`), one entry per level. */
  transforms: TransformEntry[] | null = null;

  /**
   * A tensor over `data` (used as it is, not copied: the caller keeps access to it, so a change
   * to it before `backward()` is detected as an in-place modification).
   */
  constructor(
    data: Float64Array,
    readonly shape: Shape,
    public requiresGrad = false,
  ) {
    this.values = data;
    if (trusted) {
      this.size = data.length;
      return;
    }
    if (!(data instanceof Float64Array)) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `Tensor: data must be a Float64Array, got ${describeValue(data)}`,
      );
    }
    this.size = data.length;
    const size = checkedSize(shape);
    if (size !== data.length) {
      throw new DeltagradError(
        'INVALID_SHAPE',
        `Tensor: shape ${fmtShape(shape)} needs ${size} values, got ${data.length}`,
      );
    }
  }

  /**
   * The values as a Float64Array, row-major: the tensor's own array, not a copy. Writing into it
   * between a forward pass and its `backward()` changes values the gradient needs, and backward
   * throws `MODIFIED_IN_PLACE` (as PyTorch's version counter); writing after backward is fine.
   * To only read values, `item()`, `toArray()` and `toNested()` are as good and copy.
   * Inside `vmap`, reading it from a batched argument throws `UNSUPPORTED`, as `item()` does.
   */
  get data(): Float64Array {
    // Inside vmap a batched tensor stands for one value per example: it has no single array.
    if (this.transforms !== null) assertNotBatched(this, '.data');
    if (!((this.base ?? this).flags & EXPOSED)) expose(this);
    return this.values;
  }

  /** Number of axes (0 for a scalar). */
  get rank(): number {
    return this.shape.length;
  }

  /**
   * The name of the primitive that produced this tensor (`'matmul'`, `'sigmoid'`, …), or `null`
   * for a leaf, a constant, or once `backward()` has released the graph. With {@link inputs}
   * this is the read-only view of the graph that `toGraphJSON` and `toDot` walk.
   */
  get op(): string | null {
    return this.node === null ? null : this.node.def.name;
  }

  /** The tensors the producing op was applied to, in order (empty when {@link op} is `null`). */
  get inputs(): readonly Tensor[] {
    return this.node === null ? NO_INPUTS : this.node.inputs;
  }

  /** True if this tensor has no producing op (created directly, or detached). */
  get isLeaf(): boolean {
    return this.node === null && !this.released;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    assertNotTraced(this, 'item()');
    if (this.size !== 1) {
      throw new DeltagradError(
        'INVALID_SHAPE',
        `item(): tensor of shape ${fmtShape(this.shape)} has ${this.size} values, not 1`,
      );
    }
    return this.values[0]!;
  }

  /** The values as a flat array, row-major. */
  toArray(): number[] {
    assertNotTraced(this, 'toArray()');
    return Array.from(this.values);
  }

  /** The values as nested arrays of the tensor's shape (a number for a scalar). */
  toNested(): NestedArray {
    assertNotTraced(this, 'toNested()');
    if (this.rank === 0) return this.values[0]!;
    let offset = 0;
    const build = (axis: number): NestedArray[] => {
      const out: NestedArray[] = [];
      const n = this.shape[axis]!;
      for (let i = 0; i < n; i++) out.push(axis === this.rank - 1 ? this.values[offset++]! : build(axis + 1));
      return out;
    };
    return build(0);
  }

  /** A new leaf sharing this tensor's values, cut from the graph (no gradient flows back). */
  detach(): Tensor {
    if (this.transforms !== null) return detachTransformed(this, (t) => t.detach());
    return shareValues(this, this.shape, false);
  }

  /** Marks a leaf as requiring grad (in place) and returns it. */
  requireGrad(flag = true): this {
    if (!this.isLeaf) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `requireGrad(): only leaves can be marked; use detach() first`,
      );
    }
    this.requiresGrad = flag;
    return this;
  }

  /** Keeps `.grad` on this non-leaf tensor after backward (leaves always keep it). */
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /** Sets a label shown by `toDot` and `toGraphJSON`, and returns this tensor. */
  named(name: string): this {
    this.name = name;
    return this;
  }

  /** Clears `.grad`. */
  zeroGrad(): void {
    this.grad = null;
  }

  /**
   * Registers `hook(grad)`, called once this tensor's gradient is fully accumulated during a
   * backward pass; returning a tensor replaces the gradient passed on.
   */
  registerHook(hook: GradHook): HookHandle {
    if (typeof hook !== 'function') {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `registerHook(): hook must be a function, got ${describeValue(hook)}`,
      );
    }
    if (!this.requiresGrad) {
      throw new DeltagradError('NO_GRAD', `registerHook(): tensor #${this.id} does not require grad`);
    }
    this.hooks ??= [];
    this.hooks.push(hook);
    return {
      remove: () => {
        const i = this.hooks?.indexOf(hook) ?? -1;
        if (i >= 0) this.hooks!.splice(i, 1);
      },
    };
  }

  /**
   * Backpropagates from this tensor, accumulating into `.grad` of every leaf that requires
   * grad. A non-scalar tensor needs an explicit `seed` of its shape (the vector in vᵀJ).
   */
  backward(seed?: TensorLike, opts: BackwardOptions = {}): void {
    backpropagate(this, seed, opts);
  }

  add(other: TensorLike): Tensor {
    return F.add(this, other);
  }
  sub(other: TensorLike): Tensor {
    return F.sub(this, other);
  }
  mul(other: TensorLike): Tensor {
    return F.mul(this, other);
  }
  div(other: TensorLike): Tensor {
    return F.div(this, other);
  }
  pow(exponent: TensorLike): Tensor {
    return F.pow(this, exponent);
  }
  maximum(other: TensorLike): Tensor {
    return F.maximum(this, other);
  }
  minimum(other: TensorLike): Tensor {
    return F.minimum(this, other);
  }
  /** Matrix product; `opts` reads either operand transposed in place (see {@link F.matmul}). */
  matmul(other: Tensor, opts?: F.MatmulOptions): Tensor {
    return F.matmul(this, other, opts);
  }
  neg(): Tensor {
    return F.neg(this);
  }
  exp(): Tensor {
    return F.exp(this);
  }
  log(): Tensor {
    return F.log(this);
  }
  sqrt(): Tensor {
    return F.sqrt(this);
  }
  abs(): Tensor {
    return F.abs(this);
  }
  square(): Tensor {
    return F.square(this);
  }
  sigmoid(): Tensor {
    return F.sigmoid(this);
  }
  tanh(): Tensor {
    return F.tanh(this);
  }
  relu(): Tensor {
    return F.relu(this);
  }
  leakyRelu(slope = 0.01): Tensor {
    return F.leakyRelu(this, slope);
  }
  softplus(): Tensor {
    return F.softplus(this);
  }
  clamp(lo: number, hi: number): Tensor {
    return F.clamp(this, lo, hi);
  }
  sum(axes?: number | readonly number[], keepdims = false): Tensor {
    return F.sum(this, axes, keepdims);
  }
  mean(axes?: number | readonly number[], keepdims = false): Tensor {
    return F.mean(this, axes, keepdims);
  }
  max(axes?: number | readonly number[], keepdims = false): Tensor {
    return F.max(this, axes, keepdims);
  }
  reshape(shape: readonly number[]): Tensor {
    return F.reshape(this, shape);
  }
  permute(axes: readonly number[]): Tensor {
    return F.permute(this, axes);
  }
  /** Swaps two axes (the last two by default). */
  transpose(axis1 = -2, axis2 = -1): Tensor {
    return F.transpose(this, axis1, axis2);
  }
  /** The transpose of a 2-D tensor. */
  get T(): Tensor {
    return F.transpose(this);
  }
  broadcastTo(shape: readonly number[]): Tensor {
    return F.broadcastTo(this, shape);
  }
  slice(begin: readonly number[], end?: readonly number[]): Tensor {
    return F.slice(this, begin, end);
  }
  softmax(axis = -1): Tensor {
    return F.softmax(this, axis);
  }
  logSoftmax(axis = -1): Tensor {
    return F.logSoftmax(this, axis);
  }
  logSumExp(axes: number | readonly number[] = -1, keepdims = false): Tensor {
    return F.logSumExp(this, axes, keepdims);
  }

  /** A readable rendering: values with the shape, and the op or `requiresGrad` if any. */
  toString(): string {
    return formatTensor(this);
  }

  /** What `console.log(t)` and `util.inspect(t)` show in Node: the same text as `toString()`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }
}

/** A tensor over `data` of `shape` (sizes already agreeing), without the constructor's checks. */
function makeTrustedTensor(data: Float64Array, shape: Shape, requiresGrad: boolean): Tensor {
  trusted = true;
  const t = new Tensor(data, shape, requiresGrad);
  trusted = false;
  return t;
}

provideTensorClass(Tensor, makeTrustedTensor);
