/**
 * The demo's whole state as a typed, validated, versioned URL hash, derived from crosscheck's
 * option table: every experiment option is written under its row's URL key, parsed and checked
 * by the row (`parseOption`), and the combination by `resolveConfig`; the page adds only what
 * is not an experiment option (the epoch shown, the speed). A new option in the table is a new
 * key in the hash, with no edit here.
 *
 * Parsing is strict: known keys only, each once, length limits, and where the page can draw
 * less than the table allows, narrower ranges (`WEB_LIMITS`). Any problem gives the defaults plus
 * a list of what was wrong (shown to the user); nothing from the URL is ever evaluated or
 * inserted as HTML.
 */
import {
  CrosscheckError,
  compareEdits,
  defaultConfig,
  type ExperimentConfig,
  editTarget,
  formatOption,
  OPTION_KEYS,
  OPTIONS,
  type OptionKey,
  type ParamEdit,
  parseOption,
  resolveConfig,
} from '@deltagrad/crosscheck';

/** The version written in every hash; v=1 links (before the data seed) still load. */
export const STATE_VERSION = 2;

/**
 * Options the page sets itself: it reports every epoch (the worker posts each one's numbers).
 * They are not in the hash.
 */
export const PINNED = Object.freeze({ every: 1 }) satisfies Partial<ExperimentConfig>;
type PinnedKey = keyof typeof PINNED;

/** The options a link carries: every row of the table but the pinned ones, in the table's order. */
export const LINK_OPTIONS: readonly OptionKey[] = OPTION_KEYS.filter((k) => !(k in PINNED));

/** Everything a shared link carries: the experiment's options, how far it was trained, how fast. */
export type AppState = ExperimentConfig & {
  /** Epochs trained: opening the link replays the run up to here (at most `epochs` − 1). */
  epoch: number;
  /** Training speed in epochs per second (does not change the numbers). */
  speed: number;
  /**
   * The options a classroom link hides: the page shows no control for them, so they keep the
   * link's values (in the table's order; empty on the full page).
   */
  hide: readonly OptionKey[];
};

/**
 * Where the page accepts less than the option table: what it can draw and train at a
 * comfortable speed (up to 4 hidden layers of 8 units, 400 points).
 */
/**
 * The longest value a link carries: 40 characters, or a subset row's every choice listed
 * (`feat=x1,x2,x1Squared,…`, 44), so every state the page can reach, a link can carry.
 */
const LONGEST_VALUE = Math.max(
  40,
  ...Object.values(OPTIONS).map((spec) => (spec.type === 'subset' ? spec.choices.join(',').length : 0)),
  // A classroom link hiding every control.
  LINK_OPTIONS.map((k) => OPTIONS[k].url).join(',').length,
);

export const WEB_LIMITS = {
  maxHiddenLayers: 4,
  maxUnits: 8,
  maxDatasetSize: 400,
  minSpeed: 1,
  maxSpeed: 10_000,
  maxHashLength: 2000,
  maxValueLength: LONGEST_VALUE,
  /** The weight edits' list (`edit=W1[0,1]=0.5@120,…`, about 30 characters an edit): some 40 edits. */
  maxEditsLength: 1200,
} as const;

/** The web's defaults of the option table: the seed experiment, autodiff and δ equations compared. */
const WEB_DEFAULTS = defaultConfig('web');

/**
 * The demo's defaults: the seed experiment (on the web: forward mode's column off until asked
 * for), trained for as long as the table allows (training stops at the run's last epoch,
 * `epochs` − 1: any epoch the page reaches, a link can carry).
 */
export const DEFAULT_STATE: Readonly<AppState> = Object.freeze({
  ...WEB_DEFAULTS,
  ...PINNED,
  layers: [...WEB_DEFAULTS.layers],
  epochs: OPTIONS.epochs.max,
  epoch: 0,
  speed: 200,
  hide: Object.freeze([]),
});

export function defaultState(): AppState {
  return { ...DEFAULT_STATE, layers: [...DEFAULT_STATE.layers], hide: [] };
}

/** The hash keys the page adds to the table's: the version, the epoch, the speed, what a classroom link hides. */
const PAGE_KEYS = ['v', 'epoch', 'speed', 'hide'] as const;
const OPTION_BY_URL = new Map<string, OptionKey>(LINK_OPTIONS.map((k) => [OPTIONS[k].url, k]));

/** An option's URL key, for messages about the link (`act`, `lr`, …). */
const urlName = (key: OptionKey): string => OPTIONS[key].url;

export interface ParsedState {
  state: AppState;
  /** What was wrong with the hash (empty when it was used, or absent). */
  problems: string[];
  /** Where the state came from: the link, or the defaults (no hash, or a bad one). */
  source: 'url' | 'default';
}

/** A value from the URL, quoted and shortened for a message (it is shown as text, never as HTML). */
function quote(value: string): string {
  const shown = value.length > 24 ? `${value.slice(0, 24)}…` : value;
  return JSON.stringify(shown);
}

/** The message of a crosscheck error about the link, its options named by their URL keys. */
function explain(error: unknown): string {
  if (error instanceof CrosscheckError)
    return error.describe(urlName).replace(/got '(.*)'$/, (_, v) => `got ${quote(v)}`);
  return error instanceof Error ? error.message : String(error);
}

function pageInteger(key: 'epoch' | 'speed', raw: string, min: number, max: number, problems: string[]) {
  if (!/^\d{1,10}$/.test(raw)) {
    problems.push(`${key}: ${quote(raw)} is not a whole number`);
    return undefined;
  }
  const n = Number(raw);
  if (n < min || n > max) {
    problems.push(`${key}: ${n} is outside ${min}–${max}`);
    return undefined;
  }
  return n;
}

/**
 * A classroom link's hidden options: their URL keys, comma-separated, each once. The set is
 * kept in the table's order, so one set has one spelling.
 */
function parseHide(raw: string, problems: string[]): OptionKey[] {
  const keys = new Set<OptionKey>();
  for (const url of raw === '' ? [] : raw.split(',')) {
    const key = OPTION_BY_URL.get(url);
    if (key === undefined) problems.push(`hide: ${quote(url)} is not a setting`);
    else if (keys.has(key)) problems.push(`hide: ${url} is given twice`);
    else keys.add(key);
  }
  return LINK_OPTIONS.filter((k) => keys.has(k));
}

/** Where a parsed option asks for more than the page draws: a problem, or null. */
function beyondPage(key: OptionKey, value: unknown): string | null {
  if (key === 'layers') {
    const hidden = (value as number[]).slice(1, -1);
    if (hidden.length > WEB_LIMITS.maxHiddenLayers)
      return `layers: this page draws at most ${WEB_LIMITS.maxHiddenLayers} hidden layers`;
    if (hidden.some((u) => u > WEB_LIMITS.maxUnits))
      return `layers: this page draws at most ${WEB_LIMITS.maxUnits} units a layer`;
  }
  if (key === 'datasetSize' && (value as number) > WEB_LIMITS.maxDatasetSize)
    return `n: this page trains at most ${WEB_LIMITS.maxDatasetSize} points`;
  return null;
}

/**
 * Parses a location hash (with or without the leading `#`). An empty hash gives the defaults
 * with no problems; any problem gives the defaults and the list of problems.
 */
export function parseHash(hash: string): ParsedState {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.trim() === '') return { state: defaultState(), problems: [], source: 'default' };
  const fallback = (problems: string[]): ParsedState => ({
    state: defaultState(),
    problems,
    source: 'default',
  });
  if (text.length > WEB_LIMITS.maxHashLength) {
    return fallback([
      `the link's state is ${text.length} characters long (at most ${WEB_LIMITS.maxHashLength})`,
    ]);
  }

  const problems: string[] = [];
  const values = new Map<string, string>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(eq === -1 ? pair : pair.slice(0, eq));
      value = eq === -1 ? '' : decodeURIComponent(pair.slice(eq + 1));
    } catch {
      problems.push(`${quote(pair)} is not valid URL encoding`);
      continue;
    }
    if (!OPTION_BY_URL.has(key) && !(PAGE_KEYS as readonly string[]).includes(key)) {
      problems.push(`unknown setting ${quote(key)}`);
      continue;
    }
    if (values.has(key)) {
      problems.push(`${key} is given twice`);
      continue;
    }
    const limit = key === OPTIONS.edits.url ? WEB_LIMITS.maxEditsLength : WEB_LIMITS.maxValueLength;
    if (value.length > limit) {
      problems.push(`${key}: the value is too long`);
      continue;
    }
    values.set(key, value);
  }
  if (problems.length > 0) return fallback(problems);

  const version = values.get('v');
  if (version === undefined) return fallback([`the version (v=${STATE_VERSION}) is missing`]);
  if (version !== '1' && version !== String(STATE_VERSION))
    return fallback([
      `version ${quote(version)} is not supported (this demo reads v=1 and v=${STATE_VERSION})`,
    ]);

  const state = defaultState();
  const set = state as Record<OptionKey, unknown>;
  for (const [url, key] of OPTION_BY_URL) {
    const raw = values.get(url);
    if (raw === undefined) continue;
    try {
      const value = parseOption(key, raw);
      const beyond = beyondPage(key, value);
      if (beyond) problems.push(beyond);
      else set[key] = value;
    } catch (error) {
      problems.push(explain(error));
    }
  }
  // Before v=2 a generated dataset was drawn from the weights' seed: such a link keeps its data.
  if (version === '1' && !values.has(OPTIONS.dataSeed.url)) state.dataSeed = state.seed;
  const epoch = values.get('epoch');
  if (epoch !== undefined)
    state.epoch = pageInteger('epoch', epoch, 0, OPTIONS.epochs.max - 1, problems) ?? state.epoch;
  const speed = values.get('speed');
  if (speed !== undefined)
    state.speed =
      pageInteger('speed', speed, WEB_LIMITS.minSpeed, WEB_LIMITS.maxSpeed, problems) ?? state.speed;
  const hide = values.get('hide');
  if (hide !== undefined) state.hide = parseHide(hide, problems);
  if (problems.length === 0 && state.epoch >= state.epochs)
    problems.push(`epoch: ${state.epoch} is past the run's last epoch (${state.epochs - 1})`);
  if (problems.length === 0) {
    try {
      toConfig(state);
    } catch (error) {
      problems.push(explain(error));
    }
  }
  if (problems.length > 0) return fallback(problems);
  return { state, problems: [], source: 'url' };
}

/**
 * The notice for settings put in the query string (`?seed=7`), which the page does not read:
 * null when there is none. When the query would be a valid state, the notice gives its hash.
 */
export function queryNotice(search: string): { ignored: string; hash: string | null } | null {
  const text = search.startsWith('?') ? search.slice(1) : search;
  if (text.trim() === '') return null;
  const shown = text.length > 60 ? `?${text.slice(0, 60)}…` : `?${text}`;
  const withVersion = /(^|&)v=/.test(text) ? text : `v=${STATE_VERSION}&${text}`;
  const parsed = parseHash(withVersion);
  return { ignored: shown, hash: parsed.source === 'url' ? serializeState(parsed.state) : null };
}

/** Characters a fragment may hold as they are, written so (a list's commas, an edit's `W1[0,1]=0.5@120`). */
const READABLE: Record<string, string> = { '%2C': ',', '%5B': '[', '%5D': ']', '%3D': '=', '%40': '@' };
const readable = (encoded: string): string => encoded.replace(/%(2C|5B|5D|3D|40)/g, (m) => READABLE[m]!);

/**
 * The hash for `state` (without the `#`): the version, every option of the table in its order,
 * what a classroom link hides (only when it hides something), epoch, speed.
 */
export function serializeState(state: AppState): string {
  const entries: [string, string][] = [
    ['v', String(STATE_VERSION)],
    ...LINK_OPTIONS.map((key): [string, string] => [OPTIONS[key].url, formatOption(key, state[key])]),
    ...(state.hide.length > 0 ? [['hide', state.hide.map(urlName).join(',')] as [string, string]] : []),
    ['epoch', String(state.epoch)],
    ['speed', String(state.speed)],
  ];
  return entries.map(([k, v]) => `${k}=${readable(encodeURIComponent(v))}`).join('&');
}

/** The experiment both engines run for `state` (validated): every option, the pinned ones pinned. */
export function toConfig(state: AppState, overrides: Partial<ExperimentConfig> = {}): ExperimentConfig {
  const options = Object.fromEntries(OPTION_KEYS.map((k) => [k, state[k]])) as ExperimentConfig;
  return resolveConfig({ ...options, layers: [...state.layers], ...PINNED, ...overrides });
}

/**
 * `next` with the options `prev` hides put back to `prev`'s values: on a classroom link, nothing
 * on the page changes a hidden option. (The input layer still follows the features: it has one
 * unit per feature; the hidden layers stay.)
 */
export function keepHidden(prev: AppState, next: AppState): AppState {
  if (prev.hide.length === 0) return next;
  const kept: AppState = { ...next, hide: prev.hide };
  const set = kept as Record<OptionKey, unknown>;
  for (const key of prev.hide) set[key] = prev[key];
  if (prev.hide.includes('layers')) kept.layers = [kept.features.length, ...prev.layers.slice(1)];
  return kept;
}

/**
 * `state` with one more weight edit, made at the epoch shown: it applies at the start of that
 * epoch, replacing an edit of the same entry there, and the edits of later epochs go (they
 * belonged to the run as it was). The state shows that epoch again, now with the edit.
 */
export function withEdit(state: AppState, edit: Omit<ParamEdit, 'epoch'>): AppState {
  const made: ParamEdit = { ...edit, epoch: state.epoch };
  const target = editTarget(made);
  const kept = state.edits.filter((e) => e.epoch <= made.epoch && editTarget(e) !== target);
  return { ...state, edits: [...kept, made].sort(compareEdits) };
}

/** Whether two states describe the same run (every option; not the epoch, not the speed). */
export function sameRun(a: AppState, b: AppState): boolean {
  return OPTION_KEYS.every((k) => formatOption(k, a[k]) === formatOption(k, b[k]));
}

/** The pinned options' keys (not in the hash, no control). */
export const PINNED_KEYS: readonly PinnedKey[] = Object.keys(PINNED) as PinnedKey[];
