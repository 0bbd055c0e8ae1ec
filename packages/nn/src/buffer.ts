import { Tensor } from '@deltagrad/core';
import { fmtShape, NnError } from './errors';

/**
 * A value a module keeps that is not trained: BatchNorm's running mean and variance (PyTorch's
 * `register_buffer`). Buffers are saved and loaded with the parameters (`stateDict()`, model,
 * state and safetensors files) but optimizers never see them and they carry no gradient.
 *
 * A module updates a buffer by assigning a new tensor to `value`, never by writing into the
 * current one's data (an earlier forward pass's graph may still hold it).
 *
 * @example
 * ```ts
 * class Counter extends Module {
 *   count = new ModuleBuffer(tensor(0)); // registered as 'count', like a Parameter field
 *   forward(x: Tensor): Tensor {
 *     if (this.training) this.count.value = tensor(this.count.value.item() + 1);
 *     return x;
 *   }
 * }
 * ```
 */
export class ModuleBuffer {
  #value: Tensor;

  /**
   * @param value - the initial value (stored without a graph: a tensor that requires grad is
   *   detached, sharing its values)
   * @param name - the buffer's name inside its module
   */
  constructor(
    value: Tensor,
    readonly name = '',
  ) {
    this.#value = constant(value, name);
  }

  /** The current value: a tensor that does not require grad. */
  get value(): Tensor {
    return this.#value;
  }

  /**
   * Replaces the value; the new tensor must have the same shape.
   *
   * @throws {@link NnError} `SHAPE_MISMATCH` naming the buffer and both shapes.
   */
  set value(next: Tensor) {
    const t = constant(next, this.name);
    if (t.shape.length !== this.#value.shape.length || t.shape.some((d, i) => d !== this.#value.shape[i])) {
      throw new NnError(
        'SHAPE_MISMATCH',
        `ModuleBuffer ${this.name ? `'${this.name}'` : `of shape ${fmtShape(this.#value.shape)}`}: new value has shape ${fmtShape(t.shape)}, expected ${fmtShape(this.#value.shape)}`,
      );
    }
    this.#value = t;
  }

  /** The shape of the value. */
  get shape(): readonly number[] {
    return this.#value.shape;
  }

  /** The number of values. */
  get size(): number {
    return this.#value.size;
  }
}

function constant(t: unknown, name: string): Tensor {
  if (!(t instanceof Tensor)) {
    throw new NnError('INVALID_OPTION', `ModuleBuffer${name ? ` '${name}'` : ''}: value must be a Tensor`);
  }
  return t.requiresGrad ? t.detach() : t;
}
