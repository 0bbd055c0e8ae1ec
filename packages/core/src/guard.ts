/**
 * Detecting values changed in place between forward and backward (PyTorch's "a tensor needed
 * for gradient computation was modified by an inplace operation").
 *
 * Ops never write into their inputs, so only user code can change a tensor's values, and only
 * through an array it holds: `.data`, or the Float64Array it passed to `tensor()` or
 * `new Tensor()`. Such a tensor is *exposed*. Internal code reads the private `values` and
 * marks nothing, so tensors nobody exposed cost nothing here (no O(n) work per op).
 *
 * For exposed tensors the engine keeps a checksum of the values a graph node saw:
 * - taken when the node is recorded, for tensors exposed already (`recordChecksums`);
 * - taken when a tensor some node already recorded is first exposed (`lateChecksum`): until
 *   then nobody could have changed it, so its values are still those the node saw.
 * Before a node's VJP runs, backward recomputes the checksums of its inputs and output and
 * throws `MODIFIED_IN_PLACE` on a difference (`verifyUnchanged`). Tensors that share values
 * (a detached copy, a reshape) share their owner's state (`ownerOf`).
 */
import { DeltagradError, fmtShape } from './errors';
import { markExposed } from './pool';
import type { Tensor } from './tensor';

/** `flags` bit: user code may hold the values array. */
export const EXPOSED = 1;
/** `flags` bit: a graph node recorded this tensor (as an input or its output). */
export const SAVED = 2;

/** The tensor whose flags describe `t`'s values: the owner of an array shared by views. */
export function ownerOf(t: Tensor): Tensor {
  return t.base ?? t;
}

/** Checksums taken when an already-recorded tensor was first exposed (rare, so kept aside). */
const lateChecksums = new WeakMap<Tensor, number>();

/**
 * A 53-bit hash of the values' bits (two 32-bit FNV-style lanes over the words), so any change
 * of any element, its sign or NaN payload included, shows with probability 1 − 2⁻⁵³.
 */
export function checksum(values: Float64Array): number {
  return hashWords(new Int32Array(values.buffer, values.byteOffset, values.length * 2), values.length);
}

/**
 * {@link checksum} of an exposed owner's values, through a view of their words kept on the owner:
 * an exposed tensor (the data of a training loop) is summed at every op that records it and again
 * in backward, and creating the view each time cost more than summing a small array.
 */
function ownerChecksum(owner: Tensor): number {
  const values = owner.values;
  owner.words ??= new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  return hashWords(owner.words, values.length);
}

/** The hash of {@link checksum} over the words of `length` float64 values. */
function hashWords(words: Int32Array, length: number): number {
  let h1 = 0x811c9dc5 ^ length;
  let h2 = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    h1 = Math.imul(h1 ^ w, 0x01000193);
    h2 = Math.imul(h2 + w, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) >>> 11);
}

/**
 * Marks `t`'s values as reachable by user code (called by the `data` accessor). If a graph
 * node already recorded them, their checksum is taken now, before the caller can change them.
 */
export function expose(t: Tensor): void {
  const owner = ownerOf(t);
  if (owner.flags & EXPOSED) return;
  owner.flags |= EXPOSED;
  markExposed(owner.values);
  if (owner.flags & SAVED) lateChecksums.set(owner, ownerChecksum(owner));
}

/**
 * Called when a graph node records `inputs` and `out`: marks their owners saved and, if any
 * owner is exposed, returns the checksum of each exposed one (NaN for the others); else null.
 */
export function recordChecksums(inputs: readonly Tensor[], out: Tensor): number[] | null {
  let exposed = false;
  for (let i = 0; i < inputs.length; i++) {
    const owner = ownerOf(inputs[i]!);
    owner.flags |= SAVED;
    if (owner.flags & EXPOSED) exposed = true;
  }
  const outOwner = ownerOf(out);
  outOwner.flags |= SAVED;
  if (!exposed && !(outOwner.flags & EXPOSED)) return null;
  // A plain array: a node holds one or two of these, and a small typed array costs ~300 bytes.
  const sums = new Array<number>(inputs.length + 1);
  for (let i = 0; i <= inputs.length; i++) {
    const owner = ownerOf(i < inputs.length ? inputs[i]! : out);
    sums[i] = owner.flags & EXPOSED ? ownerChecksum(owner) : Number.NaN;
  }
  return sums;
}

/** True when a node's check has anything to do: some input or the output is exposed. */
export function needsVerification(
  inputs: readonly Tensor[],
  out: Tensor,
  sums: readonly number[] | null,
): boolean {
  if (sums !== null || ownerOf(out).flags & EXPOSED) return true;
  for (let i = 0; i < inputs.length; i++) if (ownerOf(inputs[i]!).flags & EXPOSED) return true;
  return false;
}

/**
 * Throws `MODIFIED_IN_PLACE` when an exposed input or the output of node `op` no longer has the
 * values the node recorded.
 */
export function verifyUnchanged(
  op: string,
  inputs: readonly Tensor[],
  out: Tensor,
  sums: readonly number[] | null,
): void {
  for (let i = 0; i <= inputs.length; i++) {
    const t = i < inputs.length ? inputs[i]! : out;
    const owner = ownerOf(t);
    if (!(owner.flags & EXPOSED)) continue;
    const recorded = sums !== null && !Number.isNaN(sums[i]!) ? sums[i]! : lateChecksums.get(owner);
    if (recorded === undefined || ownerChecksum(owner) === recorded) continue;
    const which = i < inputs.length ? `input ${i}` : 'its output';
    const name = t.name === undefined ? '' : ` "${t.name}"`;
    throw new DeltagradError(
      'MODIFIED_IN_PLACE',
      `backward of ${op}: ${which} (tensor #${t.id}${name}, shape ${fmtShape(t.shape)}) changed after the forward pass recorded it: a tensor needed for gradient computation was modified in place (through .data, or the array it was made from). Change values only after backward(), or change a copy (new Float64Array(t.data))`,
    );
  }
}
