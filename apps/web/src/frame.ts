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
