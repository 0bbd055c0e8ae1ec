/**
 * Every δ equation of the selected example, output layer first (up to four units a layer), the
 * current layer's marked. Rebuilt only when the trace, the example or the loss changes.
 */
import type { StepTrace } from '@deltagrad/crosscheck';
import { deltaEquation } from '../equations';
import { texBlock } from '../tex';

export class EquationList {
  private key = '';
  private trace: StepTrace | null = null;

  constructor(private readonly el: HTMLElement) {}

  clear(): void {
    this.key = '';
    this.trace = null;
    this.el.replaceChildren();
  }

  /** Shows the equations of `trace` for example `example`, layer `currentLayer` (1-based; 0: none) marked. */
  show(trace: StepTrace, example: number, y: readonly number[], currentLayer: number): void {
    const key = `${example}`;
    if (trace !== this.trace || key !== this.key) {
      this.trace = trace;
      this.key = key;
      const blocks: HTMLElement[] = [];
      for (let l = trace.layers.length - 1; l >= 0; l--) {
        const count = Math.min(trace.layers[l]!.z[0]!.length, 4);
        for (let j = 0; j < count; j++) {
          const el = texBlock(deltaEquation(trace.layers, trace.lossName, l, example, j, y).tex);
          el.dataset.layer = String(l + 1);
          blocks.push(el);
        }
      }
      this.el.replaceChildren(...blocks);
    }
    for (const el of this.el.children) {
      (el as HTMLElement).classList.toggle(
        'current',
        Number((el as HTMLElement).dataset.layer) === currentLayer,
      );
    }
  }
}
