/**
 * The training worker. It owns the experiment — one `experimentEvents` generator of
 * @deltagrad/crosscheck, one event per epoch — so the page never stutters, and it paces training
 * by the clock (epochs per second), not by animation frames: epochs run in short slices and at
 * most 20 updates a second are posted, each with the history since the previous one. Every
 * epoch goes into a store of snapshots (src/snapshots.ts), so the page can scrub back through the
 * run; training on from an earlier epoch, or an edit, replays the run to it (same seed, same
 * numbers) from the nearest kept checkpoint before it (crosscheck's `RunCheckpoint`, where the run
 * offers one: plain SGD on full batches), else from epoch 0. The per-epoch table is read through
 * the run's live view (`tableView()`) and copied only into the store and into what is posted.
 */
import {
  CrosscheckError,
  configRecord,
  datasetOf,
  type EpochEvent,
  type ExperimentConfig,
  type ExperimentEvent,
  type ExperimentRun,
  epochRecord,
  experimentEvents,
  finiteDifferenceGradients,
  formatEdit,
  fromTable,
  type GradientMethod,
  modelFileOf,
  type ResultEvent,
  type RunCheckpoint,
  resolveConfig,
  resultRecord,
  runSweepSeed,
  type SeedOutcome,
  summarize,
  toNamedRows,
  traceStep,
  trainCount,
  withOptions,
} from '@deltagrad/crosscheck';
import { domainOf } from './numerics';
import type { FromWorker, SweepOutcome, ToWorker } from './protocol';
import { type Snapshot, SnapshotStore } from './snapshots';
import { nextTask, TaskTimer } from './tasks';

/** The worker's global scope, typed with only what is used here (the DOM lib has no worker types). */
const scope = globalThis as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

const POST_INTERVAL_MS = 50;
const SLICE_MS = 20;
/** At most this much backlog (in seconds of training) is caught up after a stall; the rest is dropped. */
const MAX_BACKLOG_S = 0.25;

interface Run {
  gen: number;
  config: ExperimentConfig;
  events: ExperimentRun;
  x: Float64Array;
  y: Float64Array;
  latest: EpochEvent | null;
  latestLoss: number;
  /** The methods compared with the reference (every method of the run but the first). */
  compared: GradientMethod[];
  history: MutableChunk;
  /** The next post starts the page's history again (the run was replayed)… */
  resetHistory: boolean;
  /** …after its epochs up to this one (−1: none), which the replay went on from unchanged. */
  historyKeptTo: number;
  stopped: string | null;
  /** Where the methods first parted (an injected mistake), or null while they agree. */
  firstDisagreement: { epoch: number; params: string[] } | null;
  /** Past epochs, for scrubbing back. */
  store: SnapshotStore;
  /** The earlier epoch shown, or null when the latest is. */
  cursor: Snapshot | null;
}

let run: Run | null = null;
/** The newest generation asked for: a replay of an older one stops at its next slice. */
let wantedGen = -1;
let playing = false;
let speed = 100;
let anchor = 0;
let doneSinceAnchor = 0;
let lastPost = 0;
let dirty = false;
/** The next slice of training (a task of its own: messages from the page get in between). */
const timer = new TaskTimer();
let queue: Promise<void> = Promise.resolve();

const post = (message: FromWorker): void => scope.postMessage(message);

/** A history chunk being filled, epoch by epoch. */
interface MutableChunk {
  epoch: number[];
  loss: number[];
  test: number[];
  mismatch: Partial<Record<GradientMethod, number[]>>;
}

/** An empty chunk with a mismatch series for each compared method. */
function emptyChunk(compared: readonly GradientMethod[]): MutableChunk {
  return {
    epoch: [],
    loss: [],
    test: [],
    mismatch: Object.fromEntries(compared.map((m) => [m, []])),
  };
}

/**
 * Run `gen` of `config`, from epoch 0 or from checkpoint `from` (with the store of the run it was
 * taken from, holding that run's epochs before it).
 */
function newRun(
  gen: number,
  config: ExperimentConfig,
  from: { checkpoint: RunCheckpoint; store: SnapshotStore } | null = null,
): Run {
  const data = datasetOf(config);
  const compared = config.method.slice(1);
  const parted = from?.checkpoint.stats.firstDisagreement ?? null;
  return {
    gen,
    config,
    compared,
    events: experimentEvents(config, from ? { from: from.checkpoint } : {}),
    x: data.x.data,
    y: data.y.data,
    latest: null,
    latestLoss: Number.NaN,
    history: emptyChunk(compared),
    resetHistory: true,
    historyKeptTo: from ? from.checkpoint.epoch - 1 : -1,
    stopped: null,
    firstDisagreement: parted && { epoch: parted.epoch, params: [...parted.params] },
    store: from?.store ?? new SnapshotStore(),
    cursor: null,
  };
}

/**
 * The latest checkpoint of `r` that a run of `config` can go on from to reach `epoch`: one taken
 * before any epoch where the two differ (only their edits may), or null.
 */
function resumable(r: Run, config: ExperimentConfig, epoch: number): RunCheckpoint | null {
  if (JSON.stringify({ ...r.config, edits: [] }) !== JSON.stringify({ ...config, edits: [] })) return null;
  // Edits are kept in order (by epoch first): they agree before the first place they differ.
  const [a, b] = [r.config.edits, config.edits];
  let i = 0;
  while (i < a.length && i < b.length && formatEdit(a[i]!) === formatEdit(b[i]!)) i++;
  const differ = Math.min(a[i]?.epoch ?? Number.POSITIVE_INFINITY, b[i]?.epoch ?? Number.POSITIVE_INFINITY);
  return r.store.checkpointAtOrBefore(Math.min(differ, epoch));
}

/** The latest epoch's numbers (its table apart). */
function latestNumbers(r: Run, e: EpochEvent) {
  return {
    epoch: e.epoch,
    loss: r.latestLoss,
    halfSSE: e.loss,
    mse: e.mse,
    maxAbsGradDiff: e.maxAbsGradDiff,
    maxRelGradDiff: e.maxRelGradDiff,
  };
}

/** The latest epoch as a snapshot: its table copied (`table()`), to be posted or read. */
function latestSnapshot(r: Run): Snapshot | null {
  const e = r.latest;
  return e && { ...latestNumbers(r, e), params: r.events.table()! };
}

/** The epoch shown: the earlier one scrubbed to, else the latest. */
const shown = (r: Run): Snapshot | null => r.cursor ?? latestSnapshot(r);

/** One more epoch: the next event of the generator. False when training cannot go on. */
function advance(r: Run): boolean {
  if (r.stopped) return false;
  let next: IteratorResult<ExperimentEvent, ResultEvent>;
  try {
    next = r.events.next();
  } catch (error) {
    // The run stops at its last finite epoch; the message says what to change.
    if (!(error instanceof CrosscheckError && error.code === 'DIVERGED')) throw error;
    r.stopped = error.message;
    dirty = true;
    return false;
  }
  if (next.done || next.value.type === 'result') {
    r.stopped = 'the run reached its last epoch';
    return false;
  }
  const e = next.value;
  r.latest = e;
  r.latestLoss = e.objective;
  r.history.epoch.push(e.epoch);
  r.history.loss.push(r.latestLoss);
  r.history.test.push(e.test?.objective ?? Number.NaN);
  for (const m of r.compared) r.history.mismatch[m]!.push(e.maxAbsGradDiffByMethod?.[m] ?? Number.NaN);
  if (!r.firstDisagreement && e.disagreeing.length > 0)
    r.firstDisagreement = { epoch: e.epoch, params: [...e.disagreeing] };
  // Copied into the store from the run's live table, with the run's checkpoint after the epoch.
  r.store.add({ ...latestNumbers(r, e), params: r.events.tableView()! }, (into) => r.events.checkpoint(into));
  dirty = true;
  if (!Number.isFinite(r.latestLoss)) {
    r.stopped = `the loss became ${r.latestLoss} at epoch ${e.epoch} (diverged: try a smaller learning rate)`;
    return false;
  }
  return true;
}

function postState(r: Run): void {
  const s = shown(r);
  if (!s || !r.latest) return;
  post({
    type: 'state',
    gen: r.gen,
    ...s,
    head: r.latest.epoch,
    kept: { count: r.store.count, bytes: r.store.bytes },
    playing,
    history: r.history,
    resetHistory: r.resetHistory,
    historyKeptTo: r.historyKeptTo,
    // Training from an earlier epoch shown goes on from there, so it has not stopped.
    stopped: r.cursor ? null : r.stopped,
    firstDisagreement: r.firstDisagreement,
  });
  r.history = emptyChunk(r.compared);
  r.resetHistory = false;
  lastPost = performance.now();
  dirty = false;
}

/**
 * Trains `r` from its start to `epoch` in slices (posting progress): false when a newer run was
 * asked for meanwhile.
 */
async function replayTo(r: Run, epoch: number): Promise<boolean> {
  advance(r);
  let sliceStart = performance.now();
  while (r.latest && r.latest.epoch < epoch && !r.stopped) {
    advance(r);
    if (performance.now() - sliceStart > 50) {
      post({ type: 'replay', gen: r.gen, done: r.latest.epoch, total: epoch });
      await nextTask();
      if (wantedGen !== r.gen) return false;
      sliceStart = performance.now();
    }
  }
  return true;
}

/**
 * Starts run `gen` and replays it to `epoch`, unless a newer one is asked for; with `resume`,
 * from the run on screen's latest checkpoint before where the two differ (its store keeps the
 * epochs before it).
 */
async function configure(
  gen: number,
  config: ExperimentConfig,
  epoch: number,
  resume: boolean,
): Promise<void> {
  stop();
  const old = run;
  const checkpoint = resume && old ? resumable(old, config, epoch) : null;
  if (checkpoint) old!.store.forgetAfter(checkpoint.epoch - 1);
  const r = newRun(gen, config, checkpoint && { checkpoint, store: old!.store });
  run = r;
  post({ type: 'data', gen, x: r.x, y: r.y, train: trainCount(config) });
  if (await replayTo(r, epoch)) postState(r);
}

/**
 * Training on from an earlier epoch: the run is replayed to `epoch` from its latest kept
 * checkpoint at or before it, else from its start (the same numbers; the later epochs are
 * trained again), and its history starts again after the checkpoint's epoch.
 */
async function rewind(r: Run, epoch: number): Promise<boolean> {
  const checkpoint = r.store.checkpointAtOrBefore(epoch);
  const parted = checkpoint?.stats.firstDisagreement ?? null;
  r.events = experimentEvents(r.config, checkpoint ? { from: checkpoint } : {});
  r.latest = null;
  r.stopped = null;
  r.firstDisagreement = parted && { epoch: parted.epoch, params: [...parted.params] };
  r.cursor = null;
  if (checkpoint) r.store.forgetAfter(checkpoint.epoch - 1);
  else r.store.clear();
  r.history = emptyChunk(r.compared);
  r.resetHistory = true;
  r.historyKeptTo = checkpoint ? checkpoint.epoch - 1 : -1;
  return replayTo(r, epoch);
}

/**
 * Shows epoch `epoch`, or where it is not kept the nearest kept one in the direction of travel
 * (so a scrubber moving forward through thinned-out epochs moves on); the latest epoch for any
 * epoch from it on.
 */
function show(r: Run, epoch: number): void {
  const head = r.latest?.epoch ?? 0;
  const from = shown(r)?.epoch ?? head;
  let kept: number | null = null;
  if (epoch < head) {
    if (r.store.has(epoch)) kept = epoch;
    else kept = epoch > from ? r.store.after(epoch) : r.store.atOrBefore(epoch);
  }
  r.cursor = kept === null || kept >= head ? null : r.store.read(kept);
  postState(r);
}

/**
 * The run trained to `epoch` as `deltagrad xor --json --epochs <epoch> --every <e>` prints it:
 * the config line, an epoch line every `e` epochs (at most about 1,000 lines) and the result —
 * θ after `epoch` updates, the state the page shows. Replayed from the start: same seed, same bits.
 */
function runLines(config: ExperimentConfig, epoch: number): string {
  const every = Math.max(1, Math.ceil(epoch / 1000));
  const run = resolveConfig(withOptions(config, { epochs: epoch, every }));
  const lines = [JSON.stringify(configRecord(run))];
  for (const event of experimentEvents(run)) {
    if (event.type === 'result') lines.push(JSON.stringify(resultRecord(event)));
    else if (event.epoch % every === 0) lines.push(JSON.stringify(epochRecord(event)));
  }
  return `${lines.join('\n')}\n`;
}

/** `n` epochs on from the epoch shown: kept ones are shown, else the run trains (or replays) to it. */
async function stepOn(r: Run, n: number): Promise<void> {
  const from = shown(r)?.epoch ?? 0;
  const head = r.latest?.epoch ?? 0;
  if (r.cursor) {
    const target = from + n;
    if (target >= head || r.store.has(target)) {
      show(r, target);
      return;
    }
    if (!(await rewind(r, target))) return;
    postState(r);
    return;
  }
  for (let i = 0; i < n && advance(r); i++);
  postState(r);
}

function stop(): void {
  playing = false;
  timer.cancel();
}

function tick(): void {
  const r = run;
  if (!playing || !r) return;
  const now = performance.now();
  let due = Math.floor(((now - anchor) * speed) / 1000) - doneSinceAnchor;
  const maxBacklog = Math.max(1, Math.ceil(speed * MAX_BACKLOG_S));
  if (due > maxBacklog) {
    // Fell behind (a slow machine or a stalled tab): drop the backlog instead of racing to catch up.
    anchor = now - ((maxBacklog - 1) * 1000) / speed;
    doneSinceAnchor = 0;
    due = maxBacklog;
  }
  while (due > 0) {
    if (!advance(r)) {
      playing = false;
      break;
    }
    due--;
    doneSinceAnchor++;
    if (performance.now() - now > SLICE_MS) break;
  }
  if (dirty && (!playing || performance.now() - lastPost >= POST_INTERVAL_MS)) postState(r);
  if (!playing) return;
  const nextDue = anchor + ((doneSinceAnchor + 1) * 1000) / speed;
  const delay = due > 0 ? 0 : Math.min(POST_INTERVAL_MS, Math.max(0, nextDue - performance.now()));
  timer.schedule(tick, delay);
}

async function play(epochsPerSecond: number): Promise<void> {
  if (run?.cursor && !(await rewind(run, run.cursor.epoch))) return;
  if (!run || run.stopped) {
    if (run) postState(run);
    return;
  }
  speed = epochsPerSecond;
  playing = true;
  anchor = performance.now();
  doneSinceAnchor = 0;
  timer.schedule(tick, 0);
}

async function sweep(id: number, config: ExperimentConfig, seeds: number[]): Promise<void> {
  const domain = domainOf(config.dataset, datasetOf(config).x.data);
  const outcomes: SeedOutcome[] = [];
  for (let k = 0; k < seeds.length; k++) {
    const result = runSweepSeed({ ...config, finiteDifferenceEvery: 0 }, seeds[k]!);
    outcomes.push(result);
    const outcome: SweepOutcome = { ...result, domain };
    post({ type: 'sweepProgress', id, outcome, done: k + 1, total: seeds.length });
    await nextTask();
  }
  const { seeds: count, counts, bySeed } = summarize(outcomes);
  post({ type: 'sweepDone', id, summary: { seeds: count, counts, bySeed } });
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'configure':
      if (message.gen !== wantedGen) return;
      await configure(message.gen, message.config, message.epoch, message.resume ?? false);
      return;
    case 'play':
      await play(message.epochsPerSecond);
      return;
    case 'speed':
      speed = message.epochsPerSecond;
      anchor = performance.now();
      doneSinceAnchor = 0;
      return;
    case 'pause':
      stop();
      if (run) postState(run);
      return;
    case 'step':
      stop();
      if (run) await stepOn(run, message.n);
      return;
    case 'show':
      stop();
      if (run) show(run, message.epoch);
      return;
    case 'finiteDifferences': {
      const r = run;
      const s = r && shown(r);
      if (!r || !s) return;
      post({
        type: 'fd',
        gen: r.gen,
        epoch: s.epoch,
        values: finiteDifferenceGradients(r.config, fromTable(r.config.layers, s.params)),
      });
      return;
    }
    case 'trace': {
      const r = run;
      const s = r && shown(r);
      if (!r || !s) return;
      const trace = traceStep(r.config, fromTable(r.config.layers, s.params));
      post({ type: 'trace', gen: r.gen, epoch: s.epoch, trace });
      return;
    }
    case 'export': {
      const r = run;
      const s = r && shown(r);
      // A run of 0 epochs is no run: the page offers the run's export from epoch 1.
      if (!r || !s || (message.what === 'run' && s.epoch === 0)) return;
      const text =
        message.what === 'run'
          ? runLines(r.config, s.epoch)
          : modelFileOf(r.config, toNamedRows(fromTable(r.config.layers, s.params)));
      post({ type: 'export', gen: r.gen, epoch: s.epoch, what: message.what, text });
      return;
    }
    case 'sweep':
      await sweep(message.id, message.config, message.seeds);
      return;
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'configure') {
    wantedGen = message.gen;
    stop();
  }
  if (message.type === 'pause' || message.type === 'show') stop();
  queue = queue
    .then(() => handle(message))
    .catch((error: unknown) => {
      stop();
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    });
};
