/**
 * `@deltagrad/core/internal`: what deltagrad's own packages (`@deltagrad/nn`, …) use to read and
 * replace tensor values without *exposing* them. **Not public API**: no semver promise, may
 * change in any release; user code reads values through `.data`, `item()` or `toArray()`.
 *
 * Why it exists: reading `.data` marks a tensor exposed (user code may now write into its
 * array), and from then on every graph node that records it checksums its values when recorded
 * and again before its backward (guard.ts), O(size) each. An optimizer that reads each
 * parameter's values to compute the update, or a loss that checks its input's range, hands
 * the array to no one; through `.data` it would still make every parameter pay those checksums
 * twice per step. The guard's promise to user code is unchanged: whatever user code can reach
 * through `.data` or the array it made a tensor from is still checked.
 *
 * The contract for callers: never write into an array read with {@link peekValues}, and never
 * hand it (or an array given to {@link tensorOver}) to user code.
 *
 * @packageDocumentation
 */
import { makeTensor } from './construct';
import { DeltagradError, describeValue, fmtShape } from './errors';
import { EXPOSED, ownerOf } from './guard';
import { type Shape, sizeOf } from './shape';
import type { Tensor } from './tensor';

/**
 * The values of `t`, read-only by contract, without marking `t` exposed (`t.data` would). Not
 * public API (see the module comment).
 */
export function peekValues(t: Tensor): Float64Array {
  return t.values;
}

/**
 * A new tensor over `data`, used as is, that is not exposed: the caller made `data` and keeps
 * it from user code (an optimizer's freshly computed values). `new Tensor(data, …)` would mark
 * it exposed, since a user who calls the constructor still holds the array. Not public API.
 */
export function tensorOver(data: Float64Array, shape: Shape, requiresGrad = false): Tensor {
  if (!(data instanceof Float64Array) || data.length !== sizeOf(shape)) {
    throw new DeltagradError(
      'INVALID_SHAPE',
      `tensorOver: shape ${fmtShape(shape)} needs ${sizeOf(shape)} values, got ${describeValue(data)}`,
    );
  }
  return makeTensor(data, shape, requiresGrad);
}

/**
 * True when user code may hold `t`'s values array (it read `.data`, or made the tensor from an
 * array): what the in-place guard checksums. For sibling packages' tests. Not public API.
 */
export function isExposed(t: Tensor): boolean {
  return (ownerOf(t).flags & EXPOSED) !== 0;
}
