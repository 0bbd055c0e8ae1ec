/**
 * The loss (training and test) and worst-mismatch history for the charts, bounded and immutable: appending gives a
 * new history (the old one is untouched, so a session record holding it can be replaced whole).
 * Past `capacity` points it keeps every other point (the mismatch keeps the larger of each pair,
 * so spikes are never lost) and from then on takes one epoch in `stride`, folding the skipped
 * epochs' worst mismatch into it. Copying ≤ 2000 points per worker update (≤ 20 a second) costs
 * far less than a frame.
 */
export interface History {
  readonly epoch: readonly number[];
  readonly loss: readonly number[];
  /** The held-out test set's loss at the same parameters (NaN where there is none: XOR). */
  readonly test: readonly number[];
  readonly mismatch: readonly number[];
  readonly stride: number;
  /** The worst mismatch of the run so far (NaN counts as worst). */
  readonly worst: number;
  /** The worst mismatch of the epochs skipped since the last kept point. */
  readonly skippedWorst: number;
  /** The newest point, always drawn even when the stride skips it. */
  readonly last: { epoch: number; loss: number; test: number; mismatch: number } | null;
  readonly capacity: number;
}

/** A chunk of epochs in order, as the worker posts them. */
export interface HistoryChunk {
  epoch: readonly number[];
  loss: readonly number[];
  test: readonly number[];
  mismatch: readonly number[];
}

export function emptyHistory(capacity = 2000): History {
  return {
    epoch: [],
    loss: [],
    test: [],
    mismatch: [],
    stride: 1,
    worst: 0,
    skippedWorst: 0,
    last: null,
    capacity,
  };
}

/** `history` with the epochs of `chunk` appended. */
export function appendHistory(history: History, chunk: HistoryChunk): History {
  if (chunk.epoch.length === 0) return history;
  const epoch = [...history.epoch];
  const loss = [...history.loss];
  const test = [...history.test];
  let mismatch = [...history.mismatch];
  let { stride, worst, skippedWorst } = history;
  let last = history.last;
  for (let k = 0; k < chunk.epoch.length; k++) {
    const e = chunk.epoch[k]!;
    const m = chunk.mismatch[k]!;
    last = { epoch: e, loss: chunk.loss[k]!, test: chunk.test[k] ?? Number.NaN, mismatch: m };
    worst = worse(worst, m);
    if (e % stride !== 0) {
      skippedWorst = worse(skippedWorst, m);
      continue;
    }
    epoch.push(e);
    loss.push(last.loss);
    test.push(last.test);
    mismatch.push(worse(m, skippedWorst));
    skippedWorst = 0;
    if (epoch.length > history.capacity) {
      // Halve: keep every other point, the larger mismatch of each pair.
      const keep = (_: number, i: number) => i % 2 === 0;
      const pairs = mismatch;
      mismatch = pairs.filter(keep).map((x, i) => worse(x, pairs[2 * i + 1] ?? 0));
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
        skippedWorst = worse(skippedWorst, mismatch.pop()!);
        epoch.pop();
        loss.pop();
        test.pop();
      }
    }
  }
  return { epoch, loss, test, mismatch, stride, worst, skippedWorst, last, capacity: history.capacity };
}

/** Arrays for the charts, the newest point included. */
export function historySeries(h: History): {
  epoch: number[];
  loss: number[];
  test: number[];
  mismatch: number[];
} {
  const { last } = h;
  if (!last || h.epoch.at(-1) === last.epoch)
    return { epoch: [...h.epoch], loss: [...h.loss], test: [...h.test], mismatch: [...h.mismatch] };
  return {
    epoch: [...h.epoch, last.epoch],
    loss: [...h.loss, last.loss],
    test: [...h.test, last.test],
    mismatch: [...h.mismatch, worse(last.mismatch, h.skippedWorst)],
  };
}

function worse(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b);
}
