import { Tensor } from '@deltagrad/core';
import { tensorOver } from '@deltagrad/core/internal';
import { fmtShape, NnError } from './errors';

let swap: (p: Parameter, value: Tensor) => Tensor;

/**
 * A trainable value of a {@link Module}: a holder of a leaf tensor that requires grad.
 *
 * Training never writes into a tensor's data (a tensor saved for a backward pass must keep
 * its values): an optimizer builds the new values and assigns a fresh leaf to `value` (carrying the current
 * `.grad` over, as PyTorch keeps `.grad` across `step()`). Holders stay the same objects for
 * the life of a module, so optimizers, schedules and user code may keep references to them.
 *
 * @example
 * ```ts
 * const w = new Parameter(tensor([[1, 2]]), 'w');
 * w.value.mul(3).sum().backward();
 * w.grad?.toNested(); // [[3, 3]]
 * ```
 */
export class Parameter {
  #value: Tensor;

  static {
    swap = (p, value) => {
      const previous = p.#value;
      p.#value = value;
      return previous;
    };
  }

  /**
   * @param value - the initial values; stored as a leaf that requires grad (a tensor that is
   *   not such a leaf is detached first, sharing its values)
   * @param name - the parameter's name inside its module (`'W'`, `'b'`)
   */
  constructor(
    value: Tensor,
    readonly name = '',
  ) {
    this.#value = asLeaf(value);
  }

  /** The current values: a leaf tensor with `requiresGrad` true. */
  get value(): Tensor {
    return this.#value;
  }

  /**
   * Replaces the values. The new tensor must have the same shape; a tensor that is not a leaf
   * requiring grad is detached (sharing its values) and marked.
   *
   * @throws {@link NnError} `SHAPE_MISMATCH` naming the parameter and both shapes.
   */
  set value(next: Tensor) {
    if (!(next instanceof Tensor)) {
      throw new NnError('INVALID_OPTION', `Parameter ${this.label}: value must be a Tensor`);
    }
    if (!sameShape(next.shape, this.#value.shape)) {
      throw new NnError(
        'SHAPE_MISMATCH',
        `Parameter ${this.label}: new value has shape ${fmtShape(next.shape)}, expected ${fmtShape(this.#value.shape)}`,
      );
    }
    this.#value = asLeaf(next);
  }

  /** The gradient accumulated by `backward()` since the last `zeroGrad()`, or null. */
  get grad(): Tensor | null {
    return this.#value.grad;
  }

  set grad(g: Tensor | null) {
    this.#value.grad = g;
  }

  /** The shape of the values. */
  get shape(): readonly number[] {
    return this.#value.shape;
  }

  /** The number of values. */
  get size(): number {
    return this.#value.size;
  }

  /** Clears the gradient (sets it to null, as PyTorch's `zero_grad(set_to_none=True)`). */
  zeroGrad(): void {
    this.#value.grad = null;
  }

  private get label(): string {
    return this.name ? `'${this.name}'` : `of shape ${fmtShape(this.#value.shape)}`;
  }
}

function asLeaf(t: Tensor): Tensor {
  if (t.requiresGrad && t.isLeaf) return t;
  // A leaf over the same values that shares their exposure (guard): reading `.data` here would
  // expose them for nothing, and a fresh `new Tensor` over them would not share it.
  return t.detach().requireGrad();
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * @internal Sets a parameter's value to `value` as is (no leaf conversion, no checks) and
 * returns the previous one; used by {@link functionalCall} to run a module on other tensors.
 */
export function swapValue(p: Parameter, value: Tensor): Tensor {
  return swap(p, value);
}

/**
 * @internal A new leaf with the given values and `grad` carried over: what optimizers assign.
 * `data` is the optimizer's own new array, which no user code holds, so the leaf is made through
 * core's internal entry and is not *exposed*: graph nodes that record it skip the in-place
 * guard's checksums until user code reads its `.data`.
 */
export function replaceValues(p: Parameter, data: Float64Array): void {
  const grad = p.grad;
  const next = tensorOver(data, p.shape, true);
  next.grad = grad;
  swap(p, next);
}
