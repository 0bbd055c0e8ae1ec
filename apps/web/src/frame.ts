/**
 * When the page draws: at most once per animation frame, only when something asked for it (no
 * loop while idle), and each panel only while it is on screen.
 */

/** Calls `draw` on the next animation frame after `request()`; `draw` returns true to be called again. */
export class FrameLoop {
  private requested = false;

  constructor(private readonly draw: (now: number) => boolean) {}

  request(): void {
    if (this.requested) return;
    this.requested = true;
    window.requestAnimationFrame((now) => {
      this.requested = false;
      if (this.draw(now)) this.request();
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
 * How often a costly view may draw while training: at most every `minInterval` ms, and no more
 * often than keeps it to `share` of the main thread — a view that took 12 ms at share 0.15
 * waits 80 ms. On a slow or busy machine views update less often instead of stealing frames.
 */
export class Budget {
  private last = Number.NEGATIVE_INFINITY;
  private cost = 0;

  constructor(
    private readonly minInterval: number,
    private readonly share: number,
  ) {}

  /** Whether the view may draw now (always when not training). */
  due(now: number, training: boolean): boolean {
    return !training || now - this.last >= Math.max(this.minInterval, this.cost / this.share);
  }

  /** Runs `draw`, remembering when and (smoothed) how long it took. */
  spend(now: number, draw: () => void): void {
    const start = performance.now();
    draw();
    this.cost = 0.7 * this.cost + 0.3 * (performance.now() - start);
    this.last = now;
  }
}
