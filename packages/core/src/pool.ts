/**
 * The buffer pool: ops take their output arrays from here, and the backward pass gives back the
 * arrays of its temporaries (the δ's and partial products no caller can see) when it finishes,
 * so a training loop reuses them instead of allocating new ones every step. Browsers make
 * allocating mid-size typed arrays far costlier than Node, and every allocation feeds the GC.
 *
 * Only arrays the engine allocated during a backward pass and handed to nobody are given back:
 * gradients it returns or stores in `.grad`, and anything a hook sees or makes, are never
 * pooled. Forward values (which the caller may keep) are left to the garbage collector.
 */

/** Arrays kept per length; past it, returned arrays are left to the garbage collector. */
const PER_LENGTH = 16;
const free = new Map<number, Float64Array[]>();
/** While a backward pass runs: every array allocated, to give back what did not escape. */
let tracked: Float64Array[] | null = null;

let created = 0;

/** @internal How many arrays {@link allocate} has created rather than reused (for tests and benchmarks). */
export function arraysCreated(): number {
  return created;
}

/**
 * Arrays up to this length are never pooled: V8 keeps typed arrays of up to 64 bytes inside its
 * young generation, where creating one costs less than the pool's bookkeeping (a map lookup, the
 * tracking, the give-back) and collecting it costs nothing once it is dead.
 */
const UNPOOLED = 8;

/** An array of `n` float64s with arbitrary contents (from the pool, or new): the caller writes every element. */
export function allocate(n: number): Float64Array {
  if (n <= UNPOOLED) {
    created++;
    return new Float64Array(n);
  }
  const list = free.get(n);
  let out: Float64Array;
  if (list !== undefined && list.length > 0) out = list.pop()!;
  else {
    out = new Float64Array(n);
    created++;
  }
  if (tracked !== null) tracked.push(out);
  return out;
}

/**
 * Starts recording the arrays {@link allocate} hands out (returns the previous record, to be
 * restored by {@link endTracking}); `null` pauses recording (while a hook runs).
 */
export function startTracking(record: Float64Array[] | null): Float64Array[] | null {
  const previous = tracked;
  tracked = record;
  return previous;
}

/** Restores the recording that {@link startTracking} replaced. */
export function endTracking(previous: Float64Array[] | null): void {
  tracked = previous;
}

/** Arrays user code may hold (read through `.data`): never given back, whatever a pass recorded. */
const exposed = new WeakSet<Float64Array>();

/** Marks an array as reachable by user code, so the pool never recycles it. */
export function markExposed(buf: Float64Array): void {
  exposed.add(buf);
}

/** Gives back every recorded array except those in `keep` and those user code may hold. */
export function releaseExcept(record: readonly Float64Array[], keep: ReadonlySet<Float64Array>): void {
  for (const buf of record) {
    if (keep.has(buf) || exposed.has(buf)) continue;
    let list = free.get(buf.length);
    if (list === undefined) {
      list = [];
      free.set(buf.length, list);
    }
    if (list.length < PER_LENGTH && !list.includes(buf)) list.push(buf);
  }
}
