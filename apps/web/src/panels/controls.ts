/**
 * The settings form, built from crosscheck's option table: one native, labelled control per
 * option (a select for a choice, a number field for a number, the layer editor for the sizes),
 * checked by the option's own row and by `resolveConfig`, in its group's fieldset. A new row of
 * the table gets a control with no edit here; the tables below only place, label and narrow
 * what reads better another way. The form holds no copy of the state: it is drawn from it, and
 * each change reports a patch.
 */
import {
  ACTIVATION_INFO,
  CrosscheckError,
  DATASET_INFO,
  type Description,
  formatOption,
  INIT_INFO,
  LOSS_INFO,
  METHOD_INFO,
  OPTIMIZER_INFO,
  OPTIONS,
  type OptionGroup,
  type OptionKey,
  type OptionSpec,
  parseOption,
} from '@deltagrad/crosscheck';
import { h, setText } from '../dom';
import { type AppState, LINK_OPTIONS, toConfig, WEB_LIMITS } from '../state';

export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

type FieldsetId = OptionGroup | 'weights';

/** The fieldsets, in order; `report` (checks and outcome thresholds) starts folded. */
const FIELDSETS: readonly { id: FieldsetId; legend: string; folded?: boolean }[] = [
  { id: 'network', legend: 'Network' },
  { id: 'training', legend: 'Training' },
  { id: 'weights', legend: 'Initial weights' },
  { id: 'data', legend: 'Data' },
  { id: 'report', legend: 'Checks and outcomes, features, batches, penalty, mistakes', folded: true },
];

/** Options placed away from their group's fieldset. */
const PLACE: Partial<Record<OptionKey, FieldsetId>> = {
  seed: 'weights',
  init: 'weights',
  features: 'report',
  batchSize: 'report',
  regularization: 'report',
  regularizationRate: 'report',
  bug: 'report',
};

/** Labels where the option's key does not read well as one (else the key, in words). */
const LABELS: Partial<Record<OptionKey, string>> = {
  activation: 'Hidden activation',
  lr: 'Learning rate',
  epochs: 'Epochs to train',
  datasetSize: 'Points',
  method: 'Gradients by',
  finiteDifferenceEvery: 'Finite differences every',
  convergedBelow: 'Learned below MSE',
  vanishingGradient: 'Stuck below |∂L/∂θ|/L',
};

/** Where crosscheck's vocabulary names a choice option's values. */
const VOCABULARY: Partial<Record<OptionKey, Readonly<Record<string, Description>>>> = {
  activation: ACTIVATION_INFO,
  outputActivation: ACTIVATION_INFO,
  loss: LOSS_INFO,
  optimizer: OPTIMIZER_INFO,
  init: INIT_INFO,
  dataset: DATASET_INFO,
  method: METHOD_INFO,
};

/** Numbers offered as a list (another value the state holds is added to it). */
const PRESETS: Partial<Record<OptionKey, readonly number[]>> = {
  lr: [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 1, 3, 10],
  datasetSize: [50, 100, 200, 400],
};

/** Options that matter only for some states (a generated dataset's size and seed). */
const SHOWN_WHEN: Partial<Record<OptionKey, (state: AppState) => boolean>> = {
  datasetSize: (s) => s.dataset !== 'xor',
  dataSeed: (s) => s.dataset !== 'xor',
  noise: (s) => s.dataset !== 'xor',
  trainRatio: (s) => s.dataset !== 'xor',
  regularizationRate: (s) => s.regularization !== 'none',
};

/** An option's label: the table above, else its key in words (`dataSeed` → `Data seed`). */
export function labelOf(key: OptionKey): string {
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return LABELS[key] ?? words.charAt(0).toUpperCase() + words.slice(1);
}

export function speedIndex(speed: number): number {
  let best = 0;
  SPEEDS.forEach((s, i) => {
    if (Math.abs(Math.log(s / speed)) < Math.abs(Math.log(SPEEDS[best]! / speed))) best = i;
  });
  return best;
}

/** A settings change, as a function of the state current when it applies. */
export type SettingsPatch = (state: AppState) => Partial<AppState>;

/** A control of one option: how to show a state in it. */
interface Control {
  key: OptionKey;
  row: HTMLElement;
  show(state: AppState): void;
}

/** Why `state` with `key` set to `value` is not a valid experiment, or null when it is. */
function conflict(state: AppState, key: OptionKey, value: unknown): string | null {
  try {
    toConfig({ ...state, [key]: value });
    return null;
  } catch (error) {
    return error instanceof CrosscheckError ? error.describe(labelOf) : String(error);
  }
}

export class Controls {
  private drawn = '';
  private layersDrawn = '';
  private readonly controls: Control[] = [];
  private readonly hidden = h('div', { class: 'hidden-layers' });
  private readonly addLayer = h('button', { type: 'button', class: 'small' }, 'Add hidden layer');
  private readonly arch = h('span', { class: 'arch', 'data-testid': 'architecture' });

  constructor(
    form: HTMLFormElement,
    private readonly speed: { input: HTMLInputElement; output: HTMLOutputElement },
    private readonly onChange: (patch: SettingsPatch) => void,
    onSpeed: (speed: number) => void,
  ) {
    const fieldsets = new Map<FieldsetId, HTMLElement>();
    for (const f of FIELDSETS) {
      const legend = h('legend', {}, f.legend);
      const set = h('fieldset', {}, legend);
      if (f.id === 'network') legend.append(' ', this.arch);
      fieldsets.set(f.id, set);
      form.append(f.folded ? h('details', { class: 'more-options' }, h('summary', {}, f.legend), set) : set);
    }
    fieldsets.get('network')!.append(this.hidden, this.addLayer);
    for (const key of LINK_OPTIONS) {
      if (key === 'layers') continue;
      const control = this.control(key, OPTIONS[key]);
      fieldsets.get(PLACE[key] ?? OPTIONS[key].group)!.append(control.row);
      this.controls.push(control);
    }
    // A fieldset no option landed in is not shown.
    for (const set of fieldsets.values()) {
      if (set.children.length > 1) continue;
      (set.parentElement?.matches('details') ? set.parentElement : set).remove();
    }
    this.addLayer.addEventListener('click', () =>
      onChange((s) => ({ layers: [...s.layers.slice(0, -1), 2, 1] })),
    );
    speed.input.max = String(SPEEDS.length - 1);
    speed.input.addEventListener('input', () => onSpeed(SPEEDS[Number(speed.input.value)]!));
  }

  /** The control of one option, by its row's type. */
  private control(key: OptionKey, spec: OptionSpec): Control {
    const testid = `option-${key}`;
    const report = (field: HTMLInputElement | HTMLSelectElement, text: string) => {
      let value: unknown;
      try {
        value = parseOption(key, text);
      } catch (error) {
        field.setCustomValidity(error instanceof CrosscheckError ? error.describe(labelOf) : String(error));
        field.reportValidity();
        return;
      }
      field.setCustomValidity('');
      // The input layer has one unit per feature: it follows them.
      if (key === 'features')
        this.onChange((s) => ({
          features: value as AppState['features'],
          layers: [(value as string[]).length, ...s.layers.slice(1)],
        }));
      else this.onChange(() => ({ [key]: value }));
    };
    let field: HTMLInputElement | HTMLSelectElement;
    let show: (state: AppState) => void;
    const presets = PRESETS[key];
    if (spec.type === 'choice') {
      const info = VOCABULARY[key] ?? spec.info;
      const select = h(
        'select',
        { 'data-testid': testid },
        ...spec.choices.map((c) =>
          h('option', { value: c, title: info?.[c]?.description }, info?.[c]?.label ?? c),
        ),
      );
      show = (state) => {
        select.value = String(state[key]);
        // Choices that break a rule joining options (bce needs a sigmoid output) are offered disabled.
        for (const option of select.options) {
          const why = option.value === select.value ? null : conflict(state, key, option.value);
          option.disabled = why !== null;
          option.title = why ?? info?.[option.value]?.description ?? '';
        }
      };
      field = select;
    } else if (presets) {
      const select = h('select', { 'data-testid': testid });
      show = (state) => {
        const value = state[key] as number;
        const values = presets.includes(value) ? presets : [...presets, value].sort((a, b) => a - b);
        select.replaceChildren(...values.map((v) => h('option', { value: v }, v)));
        select.value = String(value);
      };
      field = select;
    } else if (spec.type === 'subset' || spec.type === 'sizes') {
      // A list of names, comma-separated as in a link.
      const input = h('input', { type: 'text', 'data-testid': testid });
      show = (state) => {
        if (document.activeElement !== input) input.value = formatOption(key, state[key]);
      };
      field = input;
    } else {
      const input = h('input', {
        type: 'number',
        inputmode: spec.type === 'integer' ? 'numeric' : 'decimal',
        min: spec.type === 'integer' ? spec.min : undefined,
        max: spec.type === 'integer' || spec.max !== Number.POSITIVE_INFINITY ? spec.max : undefined,
        step: spec.type === 'integer' ? 1 : 'any',
        'data-testid': testid,
      });
      show = (state) => {
        if (document.activeElement !== input) input.value = String(state[key]);
      };
      field = input;
    }
    field.addEventListener('change', () => report(field, field.value));
    const row = h('label', { title: OPTIONS[key].help }, labelOf(key), field);
    const when = SHOWN_WHEN[key];
    return {
      key,
      row,
      show: (state) => {
        row.hidden = when ? !when(state) : false;
        show(state);
      },
    };
  }

  /** Shows `state` (cheap when nothing but the epoch changed). */
  render(state: AppState): void {
    const key = JSON.stringify({ ...state, epoch: 0 });
    if (key === this.drawn) return;
    this.drawn = key;
    for (const control of this.controls) control.show(state);
    this.speed.input.value = String(speedIndex(state.speed));
    setText(this.speed.output, `${state.speed.toLocaleString('en-US')} epochs/s`);
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
        ...Array.from({ length: WEB_LIMITS.maxUnits }, (_, u) =>
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
    this.addLayer.disabled = hidden.length >= WEB_LIMITS.maxHiddenLayers;
  }
}
