/**
 * The settings form. Native controls only (selects, a number input, a range slider, buttons),
 * each with a visible label; every change produces a new, validated state.
 */
import {
  ACTIVATIONS,
  type ActivationName,
  DATASETS,
  type DatasetName,
  INITS,
  type InitName,
  LOSSES,
  type LossName,
  OPTIMIZERS,
  type OptimizerName,
} from '@deltagrad/crosscheck';
import { byId, h, setText } from '../dom';
import { type AppState, LIMITS } from '../state';

export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];
export const LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 1, 3, 10];

export const ACTIVATION_LABELS: Record<ActivationName, string> = {
  sigmoid: 'sigmoid σ',
  tanh: 'tanh',
  relu: 'ReLU',
  leakyRelu: 'leaky ReLU',
  softplus: 'softplus',
  identity: 'identity (linear)',
};
export const LOSS_LABELS: Record<LossName, string> = {
  halfSSE: '½·SSE (seed)',
  mse: 'MSE',
  bce: 'BCE (cross-entropy)',
};
/** Each loss as a formula, for the notes beside the numbers. */
export const LOSS_FORMULAS: Record<LossName, string> = {
  halfSSE: 'L = ½·Σ(y − ŷ)²',
  mse: 'L = (1/N)·Σ(y − ŷ)²',
  bce: 'L = −(1/N)·Σ[y·ln ŷ + (1 − y)·ln(1 − ŷ)]',
};
const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  sgd: 'SGD',
  momentum: 'SGD + momentum',
  adam: 'Adam',
  rmsprop: 'RMSprop',
};
const INIT_LABELS: Record<InitName, string> = {
  numpy: 'NumPy randn',
  xavier: 'Xavier uniform',
  he: 'He normal',
};
const DATASET_LABELS: Record<DatasetName, string> = {
  xor: 'XOR truth table',
  xorQuadrants: 'XOR quadrants',
  circle: 'Circle',
  gaussians: 'Two Gaussians',
  spiral: 'Spiral',
};

export function speedIndex(speed: number): number {
  let best = 0;
  SPEEDS.forEach((s, i) => {
    if (Math.abs(Math.log(s / speed)) < Math.abs(Math.log(SPEEDS[best]! / speed))) best = i;
  });
  return best;
}

function options<T extends string>(
  select: HTMLSelectElement,
  values: readonly T[],
  labels: Record<T, string>,
): void {
  select.replaceChildren(...values.map((v) => h('option', { value: v }, labels[v])));
}

/** A settings change, as a function of the state current when it applies. */
export type SettingsPatch = (state: AppState) => Partial<AppState>;

/**
 * The settings form, rendered from the state: it holds no copy of it. Each change reports a
 * patch; the page applies it to its current state and renders the result back here.
 */
export class Controls {
  private drawn = '';
  private layersDrawn = '';
  private readonly act = byId<HTMLSelectElement>('act');
  private readonly out = byId<HTMLSelectElement>('out');
  private readonly loss = byId<HTMLSelectElement>('loss-select');
  private readonly opt = byId<HTMLSelectElement>('opt');
  private readonly lr = byId<HTMLSelectElement>('lr');
  private readonly seed = byId<HTMLInputElement>('seed');
  private readonly init = byId<HTMLSelectElement>('init');
  private readonly data = byId<HTMLSelectElement>('data');
  private readonly n = byId<HTMLSelectElement>('n');
  private readonly nLabel = byId('n-label');
  private readonly hidden = byId('hidden-layers');
  private readonly addLayer = byId<HTMLButtonElement>('add-layer');
  private readonly arch = byId('arch');
  private readonly speed = byId<HTMLInputElement>('speed');
  private readonly speedOut = byId<HTMLOutputElement>('speed-out');

  constructor(
    private readonly onChange: (patch: SettingsPatch) => void,
    onSpeed: (speed: number) => void,
  ) {
    options(this.act, ACTIVATIONS, ACTIVATION_LABELS);
    options(this.out, ACTIVATIONS, ACTIVATION_LABELS);
    options(this.loss, LOSSES, LOSS_LABELS);
    options(this.opt, OPTIMIZERS, OPTIMIZER_LABELS);
    options(this.init, INITS, INIT_LABELS);
    options(this.data, DATASETS, DATASET_LABELS);
    this.n.replaceChildren(...LIMITS.datasetSizes.map((v) => h('option', { value: v }, v)));
    this.speed.max = String(SPEEDS.length - 1);

    const on = (el: HTMLElement, patch: SettingsPatch) =>
      el.addEventListener('change', () => onChange(patch));
    on(this.act, () => ({ activation: this.act.value as ActivationName }));
    on(this.out, () => ({ outputActivation: this.out.value as ActivationName }));
    on(this.loss, () => {
      const loss = this.loss.value as LossName;
      // Cross-entropy needs outputs in (0, 1): a sigmoid output.
      return loss === 'bce' ? { loss, outputActivation: 'sigmoid' } : { loss };
    });
    on(this.opt, () => ({ optimizer: this.opt.value as OptimizerName }));
    on(this.lr, () => ({ lr: Number(this.lr.value) }));
    on(this.init, () => ({ init: this.init.value as InitName }));
    on(this.data, () => ({ dataset: this.data.value as DatasetName }));
    on(this.n, () => ({ datasetSize: Number(this.n.value) }));
    this.seed.addEventListener('change', () => {
      const value = this.seed.value.trim();
      const seed = Number(value);
      if (!/^\d{1,10}$/.test(value) || seed > LIMITS.maxSeed) {
        this.seed.setCustomValidity('A seed is a whole number from 0 to 4294967295');
        this.seed.reportValidity();
        return;
      }
      this.seed.setCustomValidity('');
      onChange(() => ({ seed }));
    });
    this.addLayer.addEventListener('click', () =>
      onChange((s) => ({ layers: [...s.layers.slice(0, -1), 2, 1] })),
    );
    this.speed.addEventListener('input', () => onSpeed(SPEEDS[Number(this.speed.value)]!));
  }

  /** Shows `state` (cheap when nothing but the epoch changed). */
  render(state: AppState): void {
    const key = JSON.stringify({ ...state, epoch: 0 });
    if (key === this.drawn) return;
    this.drawn = key;
    this.act.value = state.activation;
    this.out.value = state.outputActivation;
    for (const option of this.out.options)
      option.disabled = state.loss === 'bce' && option.value !== 'sigmoid';
    this.loss.value = state.loss;
    this.opt.value = state.optimizer;
    const rates = LEARNING_RATES.includes(state.lr)
      ? LEARNING_RATES
      : [...LEARNING_RATES, state.lr].sort((a, b) => a - b);
    this.lr.replaceChildren(...rates.map((v) => h('option', { value: v }, v)));
    this.lr.value = String(state.lr);
    if (document.activeElement !== this.seed) this.seed.value = String(state.seed);
    this.init.value = state.init;
    this.data.value = state.dataset;
    this.n.value = String(state.datasetSize);
    this.nLabel.hidden = state.dataset === 'xor';
    this.speed.value = String(speedIndex(state.speed));
    setText(this.speedOut, `${state.speed.toLocaleString('en-US')} epochs/s`);
    setText(this.arch, state.layers.join('–'));
    const layers = state.layers.join(',');
    if (layers !== this.layersDrawn) {
      this.layersDrawn = layers;
      this.renderHidden(state.layers);
    }
  }

  private renderHidden(layers: readonly number[]): void {
    const hidden = layers.slice(1, -1);
    const rows = hidden.map((units, k) => {
      const select = h(
        'select',
        { 'data-testid': `hidden-units-${k + 1}` },
        ...Array.from({ length: LIMITS.maxUnits }, (_, u) =>
          h('option', { value: u + 1 }, `${u + 1} unit${u ? 's' : ''}`),
        ),
      );
      select.value = String(units);
      select.addEventListener('change', () =>
        this.onChange((s) => {
          const next = [...s.layers];
          next[k + 1] = Number(select.value);
          return { layers: next };
        }),
      );
      const remove = h(
        'button',
        { type: 'button', class: 'small', 'aria-label': `Remove hidden layer ${k + 1}` },
        '✕',
      );
      remove.addEventListener('click', () =>
        this.onChange((s) => ({ layers: s.layers.filter((_, i) => i !== k + 1) })),
      );
      return h('div', { class: 'hidden-layer' }, h('label', {}, `Hidden layer ${k + 1}`, select), remove);
    });
    this.hidden.replaceChildren(...rows);
    this.addLayer.disabled = hidden.length >= LIMITS.maxHiddenLayers;
  }
}
