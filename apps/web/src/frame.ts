/**
 * When the page draws: at most once per animation frame, only when something asked for it (no
 * loop while idle), and each panel only while it is on screen.
 */

/**
 * Calls `draw` on the next animation frame after `request()`. `draw` returns true to be called
 * again: then it is, `retryMs` later (a view waiting for its turn or its budget), not on the very
 * next frame — a page that trains would otherwise run its whole frame pipeline (style, layout,
 * paint, commit) 60 times a second for views that are not due.
 */
export class FrameLoop {
  private requested = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly draw: (now: number) => boolean,
    private readonly retryMs = 50,
  ) {}

  request(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    if (this.requested) return;
    this.requested = true;
    requestAnimationFrame((now) => {
      this.requested = false;
      if (this.draw(now) && this.retry === undefined)
        this.retry = setTimeout(() => this.request(), this.retryMs);
    });
  }
}

/** Which elements are on screen (or within a margin of it), as an IntersectionObserver reports. */
export class Visibility {
  private readonly onScreen = new Set<Element>();
  private readonly observer: IntersectionObserver;

  /** @param onChange - called when an element comes into view (it may need drawing) */
  constructor(onChange: () => void, margin = '200px') {
    this.observer = new IntersectionObserver(
      (entries) => {
        let appeared = false;
        for (const entry of entries) {
          if (entry.isIntersecting) {
            appeared ||= !this.onScreen.has(entry.target);
            this.onScreen.add(entry.target);
          } else this.onScreen.delete(entry.target);
        }
        if (appeared) onChange();
      },
      { rootMargin: margin },
    );
  }

  watch(...elements: Element[]): void {
    for (const el of elements) this.observer.observe(el);
  }

  visible(el: Element): boolean {
    return this.onScreen.has(el);
  }
}

/** Remembers the inputs a view was last drawn from: `changed` is true when any differs. */
export class Drawn {
  private inputs: readonly unknown[] | null = null;

  changed(inputs: readonly unknown[]): boolean {
    const old = this.inputs;
    return !old || old.length !== inputs.length || inputs.some((v, i) => !Object.is(v, old[i]));
  }

  mark(inputs: readonly unknown[]): void {
    this.inputs = inputs;
  }

  reset(): void {
    this.inputs = null;
  }
}

/**
 * The frame a costly view last drew in. While training, the costly views take turns: at most
 * one of them draws in a frame, so their costs never add up into one long task (a view whose
 * turn it was not asks for the next frame).
 */
export class FrameTurns {
  private frame = Number.NaN;

  /** Whether no costly view has drawn in the frame of `now` (an animation frame's timestamp). */
  free(now: number): boolean {
    return now !== this.frame;
  }

  take(now: number): void {
    this.frame = now;
  }
}

/** The turns the page's costly views share (the grid sweep, the charts, the table, the graph). */
export const COSTLY_VIEWS = new FrameTurns();

/**
 * How often a costly view may draw while training: at most every `minInterval` ms, no more
 * often than keeps it to `share` of the main thread — a view that took 12 ms at share 0.15
 * waits 80 ms — and never in a frame where another costly view drew (`turns`). On a slow or busy
 * machine views update less often instead of stealing frames.
 */
export class Budget {
  private last = Number.NEGATIVE_INFINITY;
  private cost = 0;

  constructor(
    private readonly minInterval: number,
    private readonly share: number,
    private readonly turns: FrameTurns = COSTLY_VIEWS,
  ) {}

  /** Whether the view may draw now (always when not training). */
  due(now: number, training: boolean): boolean {
    if (!training) return true;
    return this.turns.free(now) && now - this.last >= Math.max(this.minInterval, this.cost / this.share);
  }

  /** Runs `draw`, remembering when and (smoothed) how long it took; the frame's turn is taken. */
  spend(now: number, draw: () => void): void {
    const start = performance.now();
    draw();
    this.cost = 0.7 * this.cost + 0.3 * (performance.now() - start);
    this.last = now;
    this.turns.take(now);
  }
}
