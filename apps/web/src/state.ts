/**
 * The demo's whole state as a typed, validated, versioned URL hash, e.g.
 * `#v=1&layers=2,2,1&act=sigmoid&out=sigmoid&loss=halfSSE&opt=sgd&lr=0.1&seed=42&init=numpy&data=xor&n=200&epoch=0&speed=100`.
 *
 * Parsing is strict: a fixed set of keys, whitelisted names, integers and decimals by pattern
 * and range, length limits, no duplicates, and the combination checked by crosscheck's
 * `resolveConfig`. Any problem gives the defaults plus a list of what was wrong (shown to the
 * user); nothing from the URL is ever evaluated or inserted as HTML.
 */
import {
  ACTIVATIONS,
  type ActivationName,
  DATASETS,
  type DatasetName,
  type ExperimentConfig,
  INITS,
  type InitName,
  LOSSES,
  type LossName,
  OPTIMIZERS,
  type OptimizerName,
  resolveConfig,
  SEED_EXPERIMENT,
} from '@deltagrad/crosscheck';

/** The version written in every hash (`v=1`); a link with another version falls back to defaults. */
export const STATE_VERSION = 1;

/** Everything a shared link carries: the run's configuration and how far it was trained. */
export interface AppState {
  /** Layer sizes from input to output: always 2, then 0–4 hidden layers of 1–8 units, then 1. */
  layers: number[];
  activation: ActivationName;
  outputActivation: ActivationName;
  loss: LossName;
  optimizer: OptimizerName;
  lr: number;
  seed: number;
  init: InitName;
  dataset: DatasetName;
  /** Points of a generated dataset (ignored for the XOR truth table). */
  datasetSize: number;
  /** Epochs trained: opening the link replays the run up to here. */
  epoch: number;
  /** Training speed in epochs per second (does not change the numbers). */
  speed: number;
}

/**
 * The epochs of the run the page trains (crosscheck's largest `epochs`): training stops at its
 * last epoch, RUN_EPOCHS − 1, so every epoch the page can reach is one a link can carry.
 */
export const RUN_EPOCHS = 10_000_000;

export const LIMITS = {
  maxHiddenLayers: 4,
  maxUnits: 8,
  maxEpoch: RUN_EPOCHS - 1,
  minLr: 1e-6,
  maxLr: 10,
  maxSeed: 0xffffffff,
  datasetSizes: [50, 100, 200, 400] as readonly number[],
  minSpeed: 1,
  maxSpeed: 10_000,
  maxHashLength: 600,
  maxValueLength: 40,
} as const;

/** The seed experiment of the source document: 2-2-1 sigmoid, ½·SSE, SGD lr 0.1, NumPy seed 42, XOR. */
export const DEFAULT_STATE: Readonly<AppState> = Object.freeze({
  layers: SEED_EXPERIMENT.layers,
  activation: SEED_EXPERIMENT.activation,
  outputActivation: SEED_EXPERIMENT.outputActivation,
  loss: SEED_EXPERIMENT.loss,
  optimizer: SEED_EXPERIMENT.optimizer,
  lr: SEED_EXPERIMENT.lr,
  seed: SEED_EXPERIMENT.seed,
  init: SEED_EXPERIMENT.init,
  dataset: SEED_EXPERIMENT.dataset,
  datasetSize: SEED_EXPERIMENT.datasetSize,
  epoch: 0,
  speed: 200,
});

export function defaultState(): AppState {
  return { ...DEFAULT_STATE, layers: [...DEFAULT_STATE.layers] };
}

/** The keys of the hash, in the order they are written. */
const KEYS = [
  'v',
  'layers',
  'act',
  'out',
  'loss',
  'opt',
  'lr',
  'seed',
  'init',
  'data',
  'n',
  'epoch',
  'speed',
] as const;
type Key = (typeof KEYS)[number];

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

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?$/;
const INTEGER = /^\d{1,10}$/;

function parseInteger(
  key: Key,
  raw: string,
  min: number,
  max: number,
  problems: string[],
): number | undefined {
  if (!INTEGER.test(raw)) {
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

function parseChoice<T extends string>(
  key: Key,
  raw: string,
  choices: readonly T[],
  problems: string[],
): T | undefined {
  const found = choices.find((c) => c === raw);
  if (found === undefined) problems.push(`${key}: ${quote(raw)} is not one of ${choices.join(', ')}`);
  return found;
}

function parseLayers(raw: string, problems: string[]): number[] | undefined {
  const parts = raw.split(',');
  if (parts.length < 2 || parts.length > LIMITS.maxHiddenLayers + 2) {
    problems.push(`layers: ${quote(raw)} must list 2 to ${LIMITS.maxHiddenLayers + 2} sizes`);
    return undefined;
  }
  const sizes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,2}$/.test(part)) {
      problems.push(`layers: ${quote(part)} is not a layer size`);
      return undefined;
    }
    sizes.push(Number(part));
  }
  if (sizes[0] !== 2 || sizes.at(-1) !== 1) {
    problems.push(`layers: ${quote(raw)} must start with 2 inputs and end with 1 output`);
    return undefined;
  }
  if (sizes.slice(1, -1).some((s) => s < 1 || s > LIMITS.maxUnits)) {
    problems.push(`layers: hidden layers need 1–${LIMITS.maxUnits} units`);
    return undefined;
  }
  return sizes;
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
  if (text.length > LIMITS.maxHashLength) {
    return fallback([`the link's state is ${text.length} characters long (at most ${LIMITS.maxHashLength})`]);
  }

  const problems: string[] = [];
  const values = new Map<Key, string>();
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
    const known = KEYS.find((k) => k === key);
    if (known === undefined) {
      problems.push(`unknown setting ${quote(key)}`);
      continue;
    }
    if (values.has(known)) {
      problems.push(`${known} is given twice`);
      continue;
    }
    if (value.length > LIMITS.maxValueLength) {
      problems.push(`${known}: the value is too long`);
      continue;
    }
    values.set(known, value);
  }
  if (problems.length > 0) return fallback(problems);

  const version = values.get('v');
  if (version === undefined) return fallback(['the version (v=1) is missing']);
  if (version !== String(STATE_VERSION))
    return fallback([`version ${quote(version)} is not supported (this demo reads v=1)`]);

  const state = defaultState();
  const get = (key: Key): string | undefined => values.get(key);
  const raw = {
    layers: get('layers'),
    act: get('act'),
    out: get('out'),
    loss: get('loss'),
    opt: get('opt'),
    lr: get('lr'),
    seed: get('seed'),
    init: get('init'),
    data: get('data'),
    n: get('n'),
    epoch: get('epoch'),
    speed: get('speed'),
  };
  if (raw.layers !== undefined) state.layers = parseLayers(raw.layers, problems) ?? state.layers;
  if (raw.act !== undefined)
    state.activation = parseChoice('act', raw.act, ACTIVATIONS, problems) ?? state.activation;
  if (raw.out !== undefined) {
    state.outputActivation = parseChoice('out', raw.out, ACTIVATIONS, problems) ?? state.outputActivation;
  }
  if (raw.loss !== undefined) state.loss = parseChoice('loss', raw.loss, LOSSES, problems) ?? state.loss;
  if (raw.opt !== undefined)
    state.optimizer = parseChoice('opt', raw.opt, OPTIMIZERS, problems) ?? state.optimizer;
  if (raw.init !== undefined) state.init = parseChoice('init', raw.init, INITS, problems) ?? state.init;
  if (raw.data !== undefined)
    state.dataset = parseChoice('data', raw.data, DATASETS, problems) ?? state.dataset;
  if (raw.lr !== undefined) {
    if (!DECIMAL.test(raw.lr)) problems.push(`lr: ${quote(raw.lr)} is not a decimal number`);
    else {
      const lr = Number(raw.lr);
      if (!(lr >= LIMITS.minLr && lr <= LIMITS.maxLr))
        problems.push(`lr: ${lr} is outside ${LIMITS.minLr}–${LIMITS.maxLr}`);
      else state.lr = lr;
    }
  }
  if (raw.seed !== undefined)
    state.seed = parseInteger('seed', raw.seed, 0, LIMITS.maxSeed, problems) ?? state.seed;
  if (raw.n !== undefined) {
    const n = parseInteger('n', raw.n, 0, 100_000, problems);
    if (n !== undefined && !LIMITS.datasetSizes.includes(n)) {
      problems.push(`n: ${n} is not one of ${LIMITS.datasetSizes.join(', ')}`);
    } else if (n !== undefined) state.datasetSize = n;
  }
  if (raw.epoch !== undefined)
    state.epoch = parseInteger('epoch', raw.epoch, 0, LIMITS.maxEpoch, problems) ?? state.epoch;
  if (raw.speed !== undefined) {
    state.speed = parseInteger('speed', raw.speed, LIMITS.minSpeed, LIMITS.maxSpeed, problems) ?? state.speed;
  }
  if (problems.length === 0) {
    try {
      toConfig(state);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
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

/** The hash for `state` (without the `#`): every key, always in the same order. */
export function serializeState(state: AppState): string {
  const entries: [Key, string][] = [
    ['v', String(STATE_VERSION)],
    ['layers', state.layers.join(',')],
    ['act', state.activation],
    ['out', state.outputActivation],
    ['loss', state.loss],
    ['opt', state.optimizer],
    ['lr', String(state.lr)],
    ['seed', String(state.seed)],
    ['init', state.init],
    ['data', state.dataset],
    ['n', String(state.datasetSize)],
    ['epoch', String(state.epoch)],
    ['speed', String(state.speed)],
  ];
  return entries.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&');
}

/** The experiment both engines run for `state`: one event per epoch, practically unbounded. */
export function toConfig(state: AppState, overrides: Partial<ExperimentConfig> = {}): ExperimentConfig {
  return resolveConfig({
    layers: [...state.layers],
    activation: state.activation,
    outputActivation: state.outputActivation,
    loss: state.loss,
    optimizer: state.optimizer,
    lr: state.lr,
    seed: state.seed,
    init: state.init,
    dataset: state.dataset,
    datasetSize: state.datasetSize,
    epochs: RUN_EPOCHS,
    every: 1,
    ...overrides,
  });
}

/** Whether two states describe the same run (everything but the epoch and the speed). */
export function sameRun(a: AppState, b: AppState): boolean {
  return (
    a.layers.join(',') === b.layers.join(',') &&
    a.activation === b.activation &&
    a.outputActivation === b.outputActivation &&
    a.loss === b.loss &&
    a.optimizer === b.optimizer &&
    a.lr === b.lr &&
    a.seed === b.seed &&
    a.init === b.init &&
    a.dataset === b.dataset &&
    a.datasetSize === b.datasetSize
  );
}
