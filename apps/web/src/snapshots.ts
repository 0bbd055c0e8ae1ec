/**
 * The worker's store of past epochs, for scrubbing back through a run: every epoch's numbers (the
 * loss, the worst mismatch, each parameter's value and every method's gradient) copied into one
 * preallocated Float64Array, so keeping them allocates nothing per epoch.
 *
 * Two parts share the array:
 * - a ring of the last `recent` epochs, every one of them (step back epoch by epoch);
 * - `spread` epochs over the whole run: every `stride`-th epoch, the stride doubling (and every
 *   other kept epoch dropped) whenever they fill up, so epoch 0 and the run's whole shape stay.
 *
 * A slot holds 6 numbers of the epoch, then per parameter tensor its value and each method's
 * gradient, then per tensor its largest absolute and relative difference. Beside each slot the
 * store can keep the run's checkpoint after that epoch's update (crosscheck's `RunCheckpoint`,
 * written into the slot's own arrays), so an edit at a late epoch goes on from the nearest kept
 * epoch instead of training the run from epoch 0 again.
 */
import {
  GRADIENT_METHOD_NAMES,
  type GradientMethod,
  type ParamComparison,
  type ParamKind,
  type RunCheckpoint,
} from '@deltagrad/crosscheck';

/** One epoch as the page shows it: θ after `epoch` updates, the loss and the gradients there. */
export interface Snapshot {
  epoch: number;
  /** The configured loss. */
  loss: number;
  halfSSE: number;
  mse: number;
  maxAbsGradDiff: number | null;
  maxRelGradDiff: number | null;
  params: ParamComparison[];
}

/**
 * An epoch as the store reads it when keeping it: a {@link Snapshot}, or the run's live table
 * (crosscheck's `ParamView` rows, its own arrays): either is copied into the slot.
 */
export interface SnapshotSource extends Omit<Snapshot, 'params'> {
  params: readonly {
    readonly layer: number;
    readonly kind: ParamKind;
    readonly name: string;
    readonly shape: readonly [number, number];
    readonly value: ArrayLike<number>;
    readonly gradients: Readonly<Record<GradientMethod, ArrayLike<number> | null>>;
    readonly maxAbsDiff: number;
    readonly maxRelDiff: number;
  }[];
}

/** The parameter tensors of a run and the methods that ran: what each slot holds, in order. */
interface Layout {
  tensors: { layer: number; kind: ParamKind; name: string; shape: [number, number]; size: number }[];
  methods: GradientMethod[];
  /** Numbers in one slot. */
  slot: number;
}

const HEAD = 6;

function layoutOf(params: SnapshotSource['params']): Layout {
  const methods = GRADIENT_METHOD_NAMES.filter((m) => params[0]?.gradients[m] != null);
  const tensors = params.map((p) => ({
    layer: p.layer,
    kind: p.kind,
    name: p.name,
    shape: [p.shape[0], p.shape[1]] as [number, number],
    size: p.value.length,
  }));
  const numbers = tensors.reduce((n, t) => n + t.size * (1 + methods.length) + 2, 0);
  return { tensors, methods, slot: HEAD + numbers };
}

/** null (one method: nothing compared) is stored as −∞, which no difference can be (NaN can). */
const NULL_MARK = Number.NEGATIVE_INFINITY;
const toStored = (v: number | null): number => (v === null ? NULL_MARK : v);
const fromStored = (v: number): number | null => (v === NULL_MARK ? null : v);

export class SnapshotStore {
  private layout: Layout | null = null;
  private data = new Float64Array(0);
  /** The epoch in each slot (−1: empty): ring slots first, then the spread slots. */
  private epochs = new Float64Array(0);
  /** The run's checkpoint after each slot's epoch (null: none kept), its arrays reused. */
  private checkpoints: (RunCheckpoint | null)[] = [];
  private next = 0;
  private spreadCount = 0;
  private stride = 1;

  /**
   * @param recent - how many of the latest epochs are kept, every one
   * @param spread - how many epochs over the whole run are kept, at a doubling stride
   */
  constructor(
    readonly recent = 256,
    readonly spread = 256,
  ) {}

  /** Bytes the store holds (its one array, allocated at the first epoch). */
  get bytes(): number {
    return this.data.byteLength + this.epochs.byteLength;
  }

  /**
   * Keeps `s` (copied): in the ring always, among the spread epochs when it falls on the stride;
   * with `checkpoint`, also the run's checkpoint after the epoch's update (asked into the slot's
   * earlier checkpoint, so its arrays are reused).
   */
  add(s: SnapshotSource, checkpoint?: (into?: RunCheckpoint) => RunCheckpoint | null): void {
    if (!this.layout) this.allocate(layoutOf(s.params));
    this.write(this.next, s, checkpoint);
    this.next = (this.next + 1) % this.recent;
    if (s.epoch % this.stride !== 0) return;
    if (this.spreadCount === this.spread) this.thin();
    if (s.epoch % this.stride !== 0) return;
    this.write(this.recent + this.spreadCount++, s, checkpoint);
  }

  /**
   * The kept checkpoint to go on from that lies latest at or before epoch `epoch` (the run goes
   * on with `checkpoint.epoch` ≤ `epoch`), or null when none is kept.
   */
  checkpointAtOrBefore(epoch: number): RunCheckpoint | null {
    let best: RunCheckpoint | null = null;
    for (let k = 0; k < this.checkpoints.length; k++) {
      const c = this.checkpoints[k];
      // Only one taken after the slot's own epoch (a slot reused for another keeps an old one).
      if (!c || c.epoch !== this.epochs[k]! + 1 || c.epoch > epoch) continue;
      if (!best || c.epoch > best.epoch) best = c;
    }
    return best;
  }

  /** Forgets every epoch after `epoch` (the run goes on from there again, differently). */
  forgetAfter(epoch: number): void {
    for (let k = 0; k < this.epochs.length; k++) if (this.epochs[k]! > epoch) this.epochs[k] = -1;
    let kept = 0;
    while (kept < this.spreadCount && this.epochs[this.recent + kept]! >= 0) kept++;
    this.spreadCount = kept;
  }

  /** Whether epoch `epoch` is kept. */
  has(epoch: number): boolean {
    return this.epochs.includes(epoch);
  }

  /** The latest kept epoch at or before `epoch`, or null when none is. */
  atOrBefore(epoch: number): number | null {
    let best = -1;
    for (const e of this.epochs) if (e <= epoch && e > best) best = e;
    return best < 0 ? null : best;
  }

  /** The earliest kept epoch after `epoch`, or null. */
  after(epoch: number): number | null {
    let best = Number.POSITIVE_INFINITY;
    for (const e of this.epochs) if (e > epoch && e < best) best = e;
    return best === Number.POSITIVE_INFINITY ? null : best;
  }

  /** How many epochs are kept. */
  get count(): number {
    let n = 0;
    for (const e of this.epochs) if (e >= 0) n++;
    // An epoch in both parts (the latest ones on the stride) counts once.
    for (let k = 0; k < this.spreadCount; k++) {
      const e = this.epochs[this.recent + k]!;
      if (this.epochs.subarray(0, this.recent).includes(e)) n--;
    }
    return n;
  }

  /** Every kept epoch, in order. */
  kept(): number[] {
    return [...new Set(Array.from(this.epochs).filter((e) => e >= 0))].sort((a, b) => a - b);
  }

  /** The kept epoch `epoch` (a fresh copy), or null when it is not kept. */
  read(epoch: number): Snapshot | null {
    const k = this.epochs.indexOf(epoch);
    return k < 0 || !this.layout ? null : this.decode(k);
  }

  /** Forgets every epoch (the run is replayed from its start), keeping the array. */
  clear(): void {
    this.epochs.fill(-1);
    this.next = 0;
    this.spreadCount = 0;
    this.stride = 1;
  }

  private allocate(layout: Layout): void {
    this.layout = layout;
    this.data = new Float64Array((this.recent + this.spread) * layout.slot);
    this.epochs = new Float64Array(this.recent + this.spread).fill(-1);
    this.checkpoints = new Array(this.recent + this.spread).fill(null);
  }

  /** Keeps every other spread epoch (those on the doubled stride). */
  private thin(): void {
    const { slot } = this.layout!;
    this.stride *= 2;
    let kept = 0;
    for (let k = 0; k < this.spreadCount; k++) {
      const from = this.recent + k;
      if (this.epochs[from]! % this.stride !== 0) continue;
      const to = this.recent + kept++;
      this.epochs[to] = this.epochs[from]!;
      this.data.copyWithin(to * slot, from * slot, (from + 1) * slot);
      // The checkpoints swap places, so the dropped slot's arrays are reused later.
      [this.checkpoints[to], this.checkpoints[from]] = [this.checkpoints[from]!, this.checkpoints[to]!];
    }
    for (let k = kept; k < this.spreadCount; k++) this.epochs[this.recent + k] = -1;
    this.spreadCount = kept;
  }

  private write(
    k: number,
    s: SnapshotSource,
    checkpoint?: (into?: RunCheckpoint) => RunCheckpoint | null,
  ): void {
    const { slot, methods } = this.layout!;
    const d = this.data;
    let i = k * slot;
    this.epochs[k] = s.epoch;
    if (checkpoint) this.checkpoints[k] = checkpoint(this.checkpoints[k] ?? undefined);
    d[i++] = s.epoch;
    d[i++] = s.loss;
    d[i++] = s.halfSSE;
    d[i++] = s.mse;
    d[i++] = toStored(s.maxAbsGradDiff);
    d[i++] = toStored(s.maxRelGradDiff);
    for (const p of s.params) {
      d.set(p.value, i);
      i += p.value.length;
      for (const m of methods) {
        d.set(p.gradients[m]!, i);
        i += p.value.length;
      }
      d[i++] = p.maxAbsDiff;
      d[i++] = p.maxRelDiff;
    }
  }

  private decode(k: number): Snapshot {
    const { slot, tensors, methods } = this.layout!;
    const d = this.data;
    let i = k * slot;
    const head = Array.from(d.subarray(i, i + HEAD));
    i += HEAD;
    const take = (n: number) => {
      const values = Array.from(d.subarray(i, i + n));
      i += n;
      return values;
    };
    const params = tensors.map((t): ParamComparison => {
      const value = take(t.size);
      const gradients = Object.fromEntries(GRADIENT_METHOD_NAMES.map((m) => [m, null])) as Record<
        GradientMethod,
        number[] | null
      >;
      for (const m of methods) gradients[m] = take(t.size);
      const [maxAbsDiff, maxRelDiff] = take(2) as [number, number];
      return {
        layer: t.layer,
        kind: t.kind,
        name: t.name,
        shape: [t.shape[0], t.shape[1]],
        value,
        gradients,
        finiteDifference: null,
        maxAbsDiff,
        maxRelDiff,
      };
    });
    return {
      epoch: head[0]!,
      loss: head[1]!,
      halfSSE: head[2]!,
      mse: head[3]!,
      maxAbsGradDiff: fromStored(head[4]!),
      maxRelGradDiff: fromStored(head[5]!),
      params,
    };
  }
}
