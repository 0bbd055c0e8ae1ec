/**
 * The settings form, built from crosscheck's option table: one native, labelled control per
 * option (a select for a choice, a number field for a number, the layer editor for the sizes),
 * checked by the option's own row and by `resolveConfig`, in its group's fieldset. A new row of
 * the table gets a control with no edit here; the tables below only place, label and narrow
 * what reads better another way. The form holds no copy of the state: it is drawn from it, and
 * each change reports a patch.
 */
import {
  CrosscheckError,
  formatOption,
  OPTIONS,
  type OptionGroup,
  type OptionKey,
  type OptionSpec,
  parseOption,
  type SubsetOption,
} from '@deltagrad/crosscheck/options';
import { h, setText } from '../dom';
import { type AppState, LINK_OPTIONS, toConfig, WEB_LIMITS } from '../state';

export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

type FieldsetId = OptionGroup | 'weights' | 'lesson';

/**
 * The groups of controls, in order. `report` (checks, outcome thresholds, features, batches,
 * penalty) starts folded; `lesson` is not in the settings form but beside the gradient table,
 * where a learner sees what it does (the page gives its place).
 */
const FIELDSETS: readonly { id: FieldsetId; legend: string; folded?: boolean; outside?: boolean }[] = [
  { id: 'network', legend: 'Network' },
  { id: 'training', legend: 'Training' },
  { id: 'weights', legend: 'Initial weights' },
  { id: 'data', legend: 'Data' },
  { id: 'report', legend: 'Checks and outcomes, features, batches, penalty', folded: true },
  { id: 'lesson', legend: 'Beside the gradient table', outside: true },
];

/** Options placed away from their group's fieldset. */
const PLACE: Partial<Record<OptionKey, FieldsetId>> = {
  seed: 'weights',
  init: 'weights',
  edits: 'weights',
  features: 'report',
  batchSize: 'report',
  regularization: 'report',
  regularizationRate: 'report',
  method: 'lesson',
  bug: 'lesson',
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

/** An option's label, as its row of the table gives it (`Learning rate`). */
export function labelOf(key: OptionKey): string {
  return OPTIONS[key].label;
}

/** A group of controls as the page shows them: its legend and its options, in order. */
export interface ControlGroup {
  legend: string;
  keys: OptionKey[];
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

/** A control of one option: how to show a state in it (or hide it: a classroom link's choice). */
interface Control {
  key: OptionKey;
  row: HTMLElement;
  show(state: AppState, hidden: boolean): void;
}

/** Why `state` is not a valid experiment, or null when it is. */
function conflictOf(state: AppState): string | null {
  try {
    toConfig(state);
    return null;
  } catch (error) {
    return error instanceof CrosscheckError ? error.describe(labelOf) : String(error);
  }
}

/** Why `state` with `key` set to `value` is not a valid experiment, or null when it is. */
function conflict(state: AppState, key: OptionKey, value: unknown): string | null {
  return conflictOf({ ...state, [key]: value });
}

/** A control: its row, shown unless hidden (a classroom link) or irrelevant to the state. */
function shownWhen(key: OptionKey, row: HTMLElement, show: (state: AppState) => void): Control {
  const when = SHOWN_WHEN[key];
  return {
    key,
    row,
    show: (state, hidden) => {
      row.hidden = hidden || (when ? !when(state) : false);
      show(state);
    },
  };
}

export class Controls {
  private drawn = '';
  private layersDrawn = '';
  private readonly controls: Control[] = [];
  private readonly hidden = h('div', { class: 'hidden-layers' });
  private readonly addLayer = h('button', { type: 'button', class: 'small' }, 'Add hidden layer');
  private readonly arch = h('span', { class: 'arch', 'data-testid': 'architecture' });
  /** Each group's box on the page (hidden when a classroom link hides all it holds). */
  private readonly boxes: { box: HTMLElement; keys: OptionKey[] }[] = [];
  /** The groups of controls, as shown: what a classroom link can hide, grouped the same way. */
  readonly groups: readonly ControlGroup[];

  /**
   * @param form - the settings form: every group but `lesson` becomes a fieldset in it
   * @param lesson - where the `lesson` group's controls go (beside the gradient table)
   */
  constructor(
    form: HTMLFormElement,
    lesson: HTMLElement,
    private readonly speed: { input: HTMLInputElement; output: HTMLOutputElement },
    private readonly onChange: (patch: SettingsPatch) => void,
    onSpeed: (speed: number) => void,
  ) {
    const hosts = new Map<FieldsetId, HTMLElement>();
    const groups: (ControlGroup & { box: HTMLElement })[] = [];
    for (const f of FIELDSETS) {
      let host: HTMLElement;
      let box: HTMLElement;
      if (f.outside) {
        host = lesson;
        box = lesson;
      } else {
        const legend = h('legend', {}, f.legend);
        host = h('fieldset', {}, legend);
        if (f.id === 'network') legend.append(' ', this.arch);
        box = f.folded ? h('details', { class: 'more-options' }, h('summary', {}, f.legend), host) : host;
        form.append(box);
      }
      hosts.set(f.id, host);
      groups.push({ legend: f.legend, keys: [], box });
    }
    hosts.get('network')!.append(this.hidden, this.addLayer);
    groups[0]!.keys.push('layers');
    for (const key of LINK_OPTIONS) {
      if (key === 'layers') continue;
      const control = this.control(key, OPTIONS[key]);
      const id = PLACE[key] ?? OPTIONS[key].group;
      hosts.get(id)!.append(control.row);
      groups[FIELDSETS.findIndex((f) => f.id === id)]!.keys.push(key);
      this.controls.push(control);
    }
    // A group no option landed in is not shown.
    for (const group of groups) {
      if (group.keys.length === 0) group.box.remove();
      else this.boxes.push({ box: group.box, keys: group.keys });
    }
    this.groups = groups.filter((g) => g.keys.length > 0).map(({ legend, keys }) => ({ legend, keys }));
    this.addLayer.addEventListener('click', () =>
      onChange((s) => ({ layers: [...s.layers.slice(0, -1), 2, 1] })),
    );
    speed.input.max = String(SPEEDS.length - 1);
    speed.input.addEventListener('input', () => onSpeed(SPEEDS[Number(speed.input.value)]!));
  }

  /** The control of one option, by its row's type. */
  private control(key: OptionKey, spec: OptionSpec): Control {
    if (spec.type === 'subset') return this.subsetControl(key, spec);
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
      this.onChange(() => ({ [key]: value }));
    };
    let field: HTMLInputElement | HTMLSelectElement;
    let show: (state: AppState) => void;
    const presets = PRESETS[key];
    if (spec.type === 'choice') {
      const info: Readonly<Record<string, { label: string; description: string }>> = spec.info;
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
    } else if (spec.type === 'sizes' || spec.type === 'edits') {
      // A list, comma-separated as in a link.
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
    return shownWhen(key, h('label', { title: OPTIONS[key].help }, labelOf(key), field), show);
  }

  /**
   * A set of names (a subset row): one checkbox per choice, named by the row's vocabulary, in a
   * fieldset labelled by the row. A set the row or a rule joining options refuses (none ticked,
   * say) is not applied: the box springs back and says why.
   */
  private subsetControl(key: OptionKey, spec: SubsetOption): Control {
    const boxes = spec.choices.map((c) =>
      h('input', { type: 'checkbox', value: c, 'data-testid': `choice-${key}-${c}` }),
    );
    const row = h(
      'fieldset',
      { class: 'subset', title: spec.help, 'data-testid': `option-${key}` },
      h('legend', {}, labelOf(key)),
      ...boxes.map((box, i) =>
        h(
          'label',
          { class: 'check', title: spec.info[spec.choices[i]!]?.description },
          box,
          ` ${spec.info[spec.choices[i]!]?.label ?? spec.choices[i]}`,
        ),
      ),
    );
    let shown: AppState | null = null;
    const show = (state: AppState) => {
      shown = state;
      const value = new Set(state[key] as readonly string[]);
      for (const box of boxes) box.checked = value.has(box.value);
      row.dataset.value = formatOption(key, state[key]);
    };
    for (const box of boxes) {
      box.addEventListener('change', () => {
        const picked = boxes.filter((b) => b.checked).map((b) => b.value);
        let patch: SettingsPatch | null = null;
        let why: string | null = null;
        try {
          const value = parseOption(key, picked.join(','));
          // The input layer has one unit per feature: it follows them.
          patch =
            key === 'features'
              ? (s) => ({
                  features: value as AppState['features'],
                  layers: [picked.length, ...s.layers.slice(1)],
                })
              : () => ({ [key]: value });
          if (shown) why = conflictOf({ ...shown, ...patch(shown) });
        } catch (error) {
          why = error instanceof CrosscheckError ? error.describe(labelOf) : String(error);
        }
        if (why !== null || !patch) {
          box.checked = !box.checked;
          box.setCustomValidity(why ?? '');
          box.reportValidity();
          return;
        }
        box.setCustomValidity('');
        this.onChange(patch);
      });
    }
    return shownWhen(key, row, show);
  }

  /**
   * Shows `state` (cheap when nothing but the epoch changed). The options a classroom link hides
   * have no control on the page, and a group left with none is not shown.
   */
  render(state: AppState): void {
    const key = JSON.stringify({ ...state, epoch: 0 });
    if (key === this.drawn) return;
    this.drawn = key;
    const hide = new Set<OptionKey>(state.hide);
    for (const control of this.controls) control.show(state, hide.has(control.key));
    this.hidden.hidden = hide.has('layers');
    this.addLayer.hidden = hide.has('layers');
    for (const { box, keys } of this.boxes) box.hidden = keys.every((k) => hide.has(k));
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
