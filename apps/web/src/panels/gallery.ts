/**
 * The seed gallery: trains many seeds of the current settings in a second worker (so
 * training in the first one goes on), shows each seed's final decision boundary and whether it
 * learned or got stuck, and loads any of them with a click.
 */
import { fromNamedRows, OUTCOME_NAMES, OUTCOMES } from '@deltagrad/crosscheck';
import { h, setText } from '../dom';
import { sig } from '../format';
import type { FromWorker, SweepOutcome, ToWorker } from '../protocol';
import { type AppState, sameRun, toConfig } from '../state';
import { paint, predictionScale, sweepGrid } from './heatmap';

export const SWEEP_COUNTS = [8, 16, 32, 64];
export const SWEEP_EPOCHS = [1000, 2000, 5000, 10_000];

export interface GalleryElements {
  form: HTMLFormElement;
  start: HTMLInputElement;
  count: HTMLSelectElement;
  epochs: HTMLSelectElement;
  button: HTMLButtonElement;
  progress: HTMLProgressElement;
  summary: HTMLElement;
  list: HTMLOListElement;
}

export class Gallery {
  private worker: Worker | null = null;
  private id = 0;
  /** The settings swept, at the epoch each seed was trained to. */
  private swept: AppState | null = null;
  private current: AppState | null = null;

  constructor(
    private readonly els: GalleryElements,
    private readonly getState: () => AppState,
    private readonly load: (state: AppState) => void,
  ) {
    els.count.replaceChildren(...SWEEP_COUNTS.map((n) => h('option', { value: n }, n)));
    els.count.value = '16';
    els.epochs.replaceChildren(
      ...SWEEP_EPOCHS.map((n) => h('option', { value: n }, n.toLocaleString('en-US'))),
    );
    els.epochs.value = '5000';
    els.form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.worker) this.cancel();
      else this.start();
    });
  }

  private start(): void {
    const first = Number(this.els.start.value);
    if (!Number.isSafeInteger(first) || first < 0 || first > 0xffffffff) {
      setText(this.els.summary, 'The first seed must be a whole number from 0 to 4294967295.');
      return;
    }
    const count = Number(this.els.count.value);
    const epochs = Number(this.els.epochs.value);
    const current = this.getState();
    // A card loads at the epoch it shows, which its run must reach.
    const state = { ...current, epoch: epochs, epochs: Math.max(current.epochs, epochs + 1) };
    const config = toConfig(state, { epochs, every: epochs });
    const seeds = Array.from({ length: count }, (_, k) => first + k).filter((s) => s <= 0xffffffff);
    this.swept = state;
    this.id++;
    const id = this.id;
    this.els.list.replaceChildren();
    this.els.progress.hidden = false;
    this.els.progress.max = seeds.length;
    this.els.progress.value = 0;
    setText(this.els.button, 'Cancel sweep');
    const what = `${config.layers.join('-')} ${config.activation}, ${config.loss}, ${config.optimizer} lr ${config.lr}, ${epochs} epochs`;
    setText(this.els.summary, `Training seeds ${seeds[0]}–${seeds.at(-1)} of the ${what}…`);
    const worker = new Worker(new URL('../worker.ts', import.meta.url), {
      type: 'module',
      name: 'deltagrad-sweep',
    });
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === 'sweepProgress' && message.id === id) {
        this.els.progress.value = message.done;
        this.els.list.append(this.card(message.outcome, config));
        setText(this.els.summary, `Trained ${message.done} of ${message.total} seeds of the ${what}…`);
      } else if (message.type === 'sweepDone' && message.id === id) {
        this.finish();
        const { seeds: total, counts, bySeed } = message.summary;
        // Every outcome class, in crosscheck's order; the seeds of the ones that did not learn.
        const parts = OUTCOME_NAMES.map((name) => {
          const seedsOf = name === 'learned' || counts[name] === 0 ? '' : ` (${bySeed[name].join(', ')})`;
          return `${counts[name]} ${OUTCOMES[name].label}${seedsOf}`;
        });
        setText(
          this.els.summary,
          `${total} seeds: ${parts.join(', ')}. Learned: final MSE < ${config.convergedBelow}. ${what}.`,
        );
      } else if (message.type === 'error') {
        this.finish();
        setText(this.els.summary, `The sweep failed: ${message.message}`);
      }
    };
    const request: ToWorker = { type: 'sweep', id, config, seeds };
    worker.postMessage(request);
  }

  private finish(): void {
    this.worker?.terminate();
    this.worker = null;
    this.els.progress.hidden = true;
    setText(this.els.button, 'Sweep seeds');
  }

  cancel(): void {
    this.finish();
    setText(this.els.summary, `Sweep cancelled after ${this.els.list.children.length} seeds.`);
  }

  /** Marks the card of the run being shown, if the gallery has it. */
  markCurrent(state: AppState): void {
    this.current = state;
    for (const button of this.els.list.querySelectorAll<HTMLButtonElement>('button[data-seed]')) {
      const seed = Number(button.dataset.seed);
      button.setAttribute('aria-current', String(this.isCurrent(seed)));
    }
  }

  private isCurrent(seed: number): boolean {
    const { current, swept } = this;
    if (!current || !swept) return false;
    // The swept settings with this seed describe the run on screen.
    return sameRun(current, { ...swept, seed });
  }

  private card(outcome: SweepOutcome, config: ReturnType<typeof toConfig>): HTMLLIElement {
    const canvas = h('canvas', { width: 28, height: 28, 'aria-hidden': 'true' });
    const layers = fromNamedRows(config.layers, outcome.params);
    const sweep = sweepGrid(config, layers, outcome.domain, 28);
    paint(canvas, sweep.layers.at(-1)!.data, 28, predictionScale);
    const { label, description } = OUTCOMES[outcome.outcome];
    // The visible text is the accessible name (a hidden "Load" in front): what is read is what is shown.
    const button = h(
      'button',
      {
        type: 'button',
        'data-testid': 'gallery-seed',
        'data-seed': outcome.seed,
        'aria-current': String(this.isCurrent(outcome.seed)),
      },
      canvas,
      h('span', { class: 'visually-hidden' }, 'Load '),
      h('span', { class: 'seed' }, `seed ${outcome.seed}`),
      h('span', {}, outcome.diverged ? 'loss → ∞' : `MSE ${sig(outcome.mse, 3)}`),
      h(
        'span',
        { class: `badge ${outcome.outcome}`, title: description },
        `${outcome.outcome === 'learned' ? '✓' : outcome.outcome === 'slow' ? '…' : '✗'} ${label}`,
      ),
    );
    // The trained state the card shows: θ after the sweep's epochs, replayed.
    button.addEventListener('click', () => {
      if (this.swept) this.load({ ...this.swept, seed: outcome.seed, speed: this.getState().speed });
    });
    return h('li', {}, button);
  }
}
