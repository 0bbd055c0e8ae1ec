import type { ParamComparison, RunCheckpoint } from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';
import { type Snapshot, SnapshotStore } from './snapshots';

/** A snapshot of a 2-1 net whose every number encodes its epoch, so a mixed-up slot shows. */
function snap(epoch: number, oneMethod = false): Snapshot {
  const param = (kind: 'W' | 'b', size: number): ParamComparison => ({
    layer: 1,
    kind,
    name: `${kind}1`,
    shape: kind === 'W' ? [2, 1] : [1, 1],
    value: Array.from({ length: size }, (_, i) => epoch + i / 10),
    gradients: {
      autodiff: Array.from({ length: size }, (_, i) => -epoch - i / 10),
      manual: oneMethod ? null : Array.from({ length: size }, (_, i) => -epoch - i / 10 + 1e-17),
      forward: null,
    },
    finiteDifference: null,
    maxAbsDiff: epoch / 1e3,
    maxRelDiff: Number.NaN,
  });
  return {
    epoch,
    loss: 1 / (epoch + 1),
    halfSSE: 2 / (epoch + 1),
    mse: 3 / (epoch + 1),
    maxAbsGradDiff: oneMethod ? null : epoch * 1e-18,
    maxRelGradDiff: oneMethod ? null : Number.NaN,
    params: [param('W', 2), param('b', 1)],
  };
}

describe('SnapshotStore', () => {
  it('gives back exactly what it kept (values, every method’s gradient, null and NaN)', () => {
    const store = new SnapshotStore(4, 4);
    for (let e = 0; e < 3; e++) store.add(snap(e));
    expect(store.read(2)).toEqual(snap(2));
    const single = new SnapshotStore(4, 4);
    single.add(snap(0, true));
    expect(single.read(0)).toEqual(snap(0, true));
  });

  it('keeps the last `recent` epochs, every one, and epochs over the whole run at a doubling stride', () => {
    const store = new SnapshotStore(4, 4);
    for (let e = 0; e < 20; e++) store.add(snap(e));
    // Ring: 16–19. Spread: 4 slots over 0–19 → stride 8 after two doublings: 0, 8, 16.
    expect(store.kept()).toEqual([0, 8, 16, 17, 18, 19]);
    expect(store.count).toBe(6);
    expect(store.read(8)).toEqual(snap(8));
    expect(store.read(7)).toBeNull();
    expect(store.atOrBefore(15)).toBe(8);
    expect(store.after(8)).toBe(16);
    expect(store.after(19)).toBeNull();
    expect(store.atOrBefore(-1)).toBeNull();
  });

  it('allocates once: its size depends on the network, not on how long the run is', () => {
    const store = new SnapshotStore(4, 4);
    store.add(snap(0));
    const bytes = store.bytes;
    // 8 slots of 6 + (2 + 1)·3 + 2·2 = 19 numbers, and the slots' epochs.
    expect(bytes).toBe(8 * 19 * 8 + 8 * 8);
    for (let e = 1; e < 1000; e++) store.add(snap(e));
    expect(store.bytes).toBe(bytes);
  });

  it('forgets every epoch when cleared, and keeps the same epochs again when the run is replayed', () => {
    const store = new SnapshotStore(4, 4);
    for (let e = 0; e < 20; e++) store.add(snap(e));
    const kept = store.kept();
    store.clear();
    expect(store.kept()).toEqual([]);
    expect(store.read(0)).toBeNull();
    for (let e = 0; e < 20; e++) store.add(snap(e));
    expect(store.kept()).toEqual(kept);
    expect(store.read(19)).toEqual(snap(19));
  });

  it('keeps a checkpoint beside each epoch, reusing its arrays, and offers the latest valid one', () => {
    const store = new SnapshotStore(4, 4);
    const taken: (RunCheckpoint | undefined)[] = [];
    const checkpointAfter =
      (epoch: number) =>
      (into?: RunCheckpoint): RunCheckpoint => {
        taken.push(into);
        const params = into?.params ?? [
          [{ W: new Float64Array(2), b: new Float64Array(1), inputs: 2, outputs: 1 }],
        ];
        params[0]![0]!.W.fill(epoch);
        return { epoch: epoch + 1, params, stats: {} as RunCheckpoint['stats'] };
      };
    for (let e = 0; e < 6; e++) store.add(snap(e), checkpointAfter(e));
    // The ring holds epochs 2…5, the spread 0, 2, 4: the latest checkpoint at or before 4 is after epoch 3.
    expect(store.checkpointAtOrBefore(4)?.epoch).toBe(4);
    expect(store.checkpointAtOrBefore(4)!.params[0]![0]!.W).toEqual(new Float64Array([3, 3]));
    expect(store.checkpointAtOrBefore(1)?.epoch).toBe(1);
    expect(store.checkpointAtOrBefore(0)).toBeNull();
    // Ring slots written again were handed their earlier checkpoint to write into.
    expect(taken.filter((c) => c !== undefined).length).toBeGreaterThan(0);
    // Going on from after epoch 2: later epochs and their checkpoints are forgotten.
    store.forgetAfter(2);
    expect(store.kept()).toEqual([0, 2]);
    expect(store.checkpointAtOrBefore(10)?.epoch).toBe(3);
    store.add(snap(3), checkpointAfter(3));
    expect(store.checkpointAtOrBefore(10)?.epoch).toBe(4);
    expect(store.read(3)).toEqual(snap(3));
  });
});
