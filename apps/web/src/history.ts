/**
 * The loss and worst-mismatch history for the charts, bounded: past `capacity` points it keeps
 * every other point (the mismatch keeps the larger of each pair, so spikes are never lost) and
 * from then on takes one epoch in `stride`, folding the skipped epochs' worst mismatch into it.
 */
export class History {
  epoch: number[] = [];
  loss: number[] = [];
  mismatch: number[] = [];
  stride = 1;
  /** The worst mismatch of the run so far (NaN counts as worst). */
  worst = 0;
  private skippedWorst = 0;
  /** The newest point, always drawn even when the stride skips it. */
  last: { epoch: number; loss: number; mismatch: number } | null = null;

  constructor(readonly capacity = 4000) {}

  clear(): void {
    this.epoch = [];
    this.loss = [];
    this.mismatch = [];
    this.stride = 1;
    this.worst = 0;
    this.skippedWorst = 0;
    this.last = null;
  }

  push(epoch: number, loss: number, mismatch: number): void {
    this.last = { epoch, loss, mismatch };
    this.worst = worse(this.worst, mismatch);
    if (epoch % this.stride !== 0) {
      this.skippedWorst = worse(this.skippedWorst, mismatch);
      return;
    }
    this.epoch.push(epoch);
    this.loss.push(loss);
    this.mismatch.push(worse(mismatch, this.skippedWorst));
    this.skippedWorst = 0;
    if (this.epoch.length > this.capacity) this.halve();
  }

  private halve(): void {
    const keep = (_: number, i: number) => i % 2 === 0;
    const mismatch = this.mismatch.filter(keep).map((m, i) => worse(m, this.mismatch[2 * i + 1] ?? 0));
    this.epoch = this.epoch.filter(keep);
    this.loss = this.loss.filter(keep);
    this.mismatch = mismatch;
    this.stride *= 2;
    // Keep the first kept epoch of each new stride aligned: drop points off the new grid.
    while (this.epoch.length > 0 && this.epoch.at(-1)! % this.stride !== 0) {
      this.skippedWorst = worse(this.skippedWorst, this.mismatch.pop()!);
      this.epoch.pop();
      this.loss.pop();
    }
  }

  /** Arrays for the charts, the newest point included. */
  series(): { epoch: number[]; loss: number[]; mismatch: number[] } {
    const { last } = this;
    if (!last || this.epoch.at(-1) === last.epoch)
      return { epoch: this.epoch, loss: this.loss, mismatch: this.mismatch };
    return {
      epoch: [...this.epoch, last.epoch],
      loss: [...this.loss, last.loss],
      mismatch: [...this.mismatch, worse(last.mismatch, this.skippedWorst)],
    };
  }
}

function worse(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b);
}
