/**
 * Macrotasks for the training worker without setTimeout's clamp. Browsers delay a timer nested
 * more than four deep by at least 4 ms, so a worker that trains in 20 ms slices chained with
 * `setTimeout(tick, 0)` sat idle a sixth of the time. A message to itself is a task with no such
 * delay, and the messages from the page (pause, a new run) still get their turn between two.
 */

const waiting: (() => void)[] = [];
let channel: MessageChannel | null = null;

/** Resolves in a task of its own, after the tasks already queued (messages from the page). */
export function nextTask(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}

/** One pending callback at a time: scheduling replaces what was scheduled, `cancel` drops it. */
export class TaskTimer {
  private token = 0;
  private timeout: ReturnType<typeof setTimeout> | undefined;

  /** Runs `callback` after `ms` milliseconds, or with `ms` ≤ 0 in the next task. */
  schedule(callback: () => void, ms: number): void {
    this.cancel();
    if (ms > 0) {
      this.timeout = setTimeout(callback, ms);
      return;
    }
    const token = this.token;
    void nextTask().then(() => {
      if (token === this.token) callback();
    });
  }

  cancel(): void {
    this.token++;
    clearTimeout(this.timeout);
    this.timeout = undefined;
  }
}
