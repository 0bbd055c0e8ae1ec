/**
 * The loss (training and test) and mismatch history for the charts, bounded and immutable:
 * appending gives a new history (the old one is untouched, so a session record holding it can be
 * replaced whole). The mismatch is kept per compared method (its max |Δ| from the reference), so
 * the chart draws one line per method and shows which one parts.
 * Past `capacity` points it keeps every other point (each method's mismatch keeps the larger of
 * each pair, so spikes are never lost) and from then on takes one epoch in `stride`, folding the
 * skipped epochs' worst mismatch of each method into it. Copying ≤ 2000 points per series per
 * worker update (≤ 20 a second) costs far less than a frame.
 */
import { AGREEMENT_TOLERANCE, type GradientMethod } from '@deltagrad/crosscheck';

/** Per compared method (not the reference), one number each. */
export type ByMethod<T> = Partial<Record<GradientMethod, T>>;

export interface History {
  readonly epoch: readonly number[];
  readonly loss: readonly number[];
  /** The held-out test set's loss at the same parameters (NaN where there is none: XOR). */
  readonly test: readonly number[];
  /** Each compared method's max |Δgrad| from the reference, one per kept epoch. */
  readonly mismatch: Readonly<ByMethod<readonly number[]>>;
  readonly stride: number;
  /** The worst mismatch of the run so far, over every method (NaN counts as worst). */
  readonly worst: number;
  /**
   * Each method's first epoch whose mismatch is above the agreement tolerance (or NaN), null while
   * it agrees: exact, whatever points thinning dropped.
   */
  readonly partedAt: Readonly<ByMethod<number | null>>;
  /** Each method's worst mismatch of the epochs skipped since the last kept point. */
  readonly skippedWorst: Readonly<ByMethod<number>>;
  /** The newest point, always drawn even when the stride skips it. */
  readonly last: {
    epoch: number;
    loss: number;
    test: number;
    mismatch: Readonly<ByMethod<number>>;
  } | null;
  readonly capacity: number;
}

/** A chunk of epochs in order, as the worker posts them. */
export interface HistoryChunk {
  epoch: readonly number[];
  loss: readonly number[];
  test: readonly number[];
  /** Each compared method's max |Δgrad| from the reference, one per epoch (NaN: not computed). */
  mismatch: ByMethod<readonly number[]>;
}

export function emptyHistory(capacity = 2000): History {
  return {
    epoch: [],
    loss: [],
    test: [],
    mismatch: {},
    stride: 1,
    worst: 0,
    partedAt: {},
    skippedWorst: {},
    last: null,
    capacity,
  };
}

/** The methods a history or chunk holds a mismatch series for, in insertion (the run's) order. */
const methodsOf = (m: ByMethod<unknown>): GradientMethod[] => Object.keys(m) as GradientMethod[];

/** `history` with the epochs of `chunk` appended. */
export function appendHistory(history: History, chunk: HistoryChunk): History {
  if (chunk.epoch.length === 0) return history;
  const epoch = [...history.epoch];
  const loss = [...history.loss];
  const test = [...history.test];
  // A run's methods never change within it: its first chunk names them.
  const methods = methodsOf(history.last ? history.mismatch : chunk.mismatch);
  const mismatch: ByMethod<number[]> = {};
  const skipped: ByMethod<number> = {};
  const partedAt: ByMethod<number | null> = {};
  for (const m of methods) {
    mismatch[m] = [...(history.mismatch[m] ?? [])];
    skipped[m] = history.skippedWorst[m] ?? 0;
    partedAt[m] = history.partedAt[m] ?? null;
  }
  let { stride, worst } = history;
  let last = history.last;
  for (let k = 0; k < chunk.epoch.length; k++) {
    const e = chunk.epoch[k]!;
    const point: ByMethod<number> = {};
    for (const m of methods) {
      const v = chunk.mismatch[m]?.[k] ?? Number.NaN;
      point[m] = v;
      worst = worse(worst, v);
      if (partedAt[m] === null && !(v <= AGREEMENT_TOLERANCE)) partedAt[m] = e;
    }
    last = { epoch: e, loss: chunk.loss[k]!, test: chunk.test[k] ?? Number.NaN, mismatch: point };
    if (e % stride !== 0) {
      for (const m of methods) skipped[m] = worse(skipped[m]!, point[m]!);
      continue;
    }
    epoch.push(e);
    loss.push(last.loss);
    test.push(last.test);
    for (const m of methods) {
      mismatch[m]!.push(worse(point[m]!, skipped[m]!));
      skipped[m] = 0;
    }
    if (epoch.length > history.capacity) {
      // Halve: keep every other point, each method's larger mismatch of each pair.
      const keep = (_: number, i: number) => i % 2 === 0;
      for (const m of methods) {
        const pairs = mismatch[m]!;
        mismatch[m] = pairs.filter(keep).map((x, i) => worse(x, pairs[2 * i + 1] ?? 0));
      }
      const kept = { epoch: epoch.filter(keep), loss: loss.filter(keep), test: test.filter(keep) };
      epoch.length = 0;
      epoch.push(...kept.epoch);
      loss.length = 0;
      loss.push(...kept.loss);
      test.length = 0;
      test.push(...kept.test);
      stride *= 2;
      // Keep the first kept epoch of each new stride aligned: drop points off the new grid.
      while (epoch.length > 0 && epoch.at(-1)! % stride !== 0) {
        for (const m of methods) skipped[m] = worse(skipped[m]!, mismatch[m]!.pop()!);
        epoch.pop();
        loss.pop();
        test.pop();
      }
    }
  }
  return {
    epoch,
    loss,
    test,
    mismatch,
    stride,
    worst,
    partedAt,
    skippedWorst: skipped,
    last,
    capacity: history.capacity,
  };
}

/**
 * `history` up to epoch `epoch` (its later points dropped; −1: none kept), for a run that goes on
 * from there differently (an edit, training on from an earlier epoch). The worst mismatch is that
 * of the points kept; a method's parting epoch stays when it is kept.
 */
export function historyUpTo(history: History, epoch: number): History {
  const n = history.epoch.findIndex((e) => e > epoch);
  if (n < 0 && (history.last === null || history.last.epoch <= epoch)) return history;
  if (epoch < 0 || n === 0) return emptyHistory(history.capacity);
  const keep = n < 0 ? history.epoch.length : n;
  const methods = methodsOf(history.mismatch);
  const mismatch: ByMethod<number[]> = {};
  const partedAt: ByMethod<number | null> = {};
  const skippedWorst: ByMethod<number> = {};
  const point: ByMethod<number> = {};
  let worst = 0;
  for (const m of methods) {
    mismatch[m] = history.mismatch[m]!.slice(0, keep);
    for (const v of mismatch[m]!) worst = worse(worst, v);
    const parted = history.partedAt[m] ?? null;
    partedAt[m] = parted !== null && parted <= epoch ? parted : null;
    skippedWorst[m] = 0;
    point[m] = mismatch[m]!.at(-1)!;
  }
  const last = keep - 1;
  return {
    epoch: history.epoch.slice(0, keep),
    loss: history.loss.slice(0, keep),
    test: history.test.slice(0, keep),
    mismatch,
    stride: history.stride,
    worst,
    partedAt,
    skippedWorst,
    last: {
      epoch: history.epoch[last]!,
      loss: history.loss[last]!,
      test: history.test[last]!,
      mismatch: point,
    },
    capacity: history.capacity,
  };
}

/** Arrays for the charts, the newest point included. */
export function historySeries(h: History): {
  epoch: number[];
  loss: number[];
  test: number[];
  mismatch: ByMethod<number[]>;
} {
  const { last } = h;
  const methods = methodsOf(h.mismatch);
  const mismatch: ByMethod<number[]> = {};
  for (const m of methods) mismatch[m] = [...h.mismatch[m]!];
  if (!last || h.epoch.at(-1) === last.epoch)
    return { epoch: [...h.epoch], loss: [...h.loss], test: [...h.test], mismatch };
  for (const m of methods) mismatch[m]!.push(worse(last.mismatch[m] ?? Number.NaN, h.skippedWorst[m] ?? 0));
  return {
    epoch: [...h.epoch, last.epoch],
    loss: [...h.loss, last.loss],
    test: [...h.test, last.test],
    mismatch,
  };
}

function worse(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b);
}
