/**
 * The training worker. It owns the experiment — one `experimentEvents` generator of
 * @deltagrad/crosscheck, one event per epoch — so the page never stutters, and it paces training
 * by the clock (epochs per second), not by animation frames: epochs run in short slices and at
 * most ~30 updates a second are posted, each with the history since the previous one.
 */
import {
  CrosscheckError,
  datasetOf,
  type EpochEvent,
  type ExperimentConfig,
  type ExperimentEvent,
  experimentEvents,
  finiteDifferenceGradients,
  fromTable,
  type ResultEvent,
  runSweepSeed,
  type SeedOutcome,
  summarize,
  traceStep,
} from '@deltagrad/crosscheck';
import { domainOf } from './numerics';
import type { FromWorker, SweepOutcome, ToWorker } from './protocol';

/** The worker's global scope, typed with only what is used here (the DOM lib has no worker types). */
const scope = globalThis as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

const POST_INTERVAL_MS = 33;
const SLICE_MS = 20;
/** At most this much backlog (in seconds of training) is caught up after a stall; the rest is dropped. */
const MAX_BACKLOG_S = 0.25;

interface Run {
  gen: number;
  config: ExperimentConfig;
  events: Generator<ExperimentEvent, ResultEvent>;
  x: Float64Array;
  y: Float64Array;
  latest: EpochEvent | null;
  latestLoss: number;
  history: { epoch: number[]; loss: number[]; mismatch: number[] };
  stopped: string | null;
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
let timer: ReturnType<typeof setTimeout> | undefined;
let queue: Promise<void> = Promise.resolve();

const post = (message: FromWorker): void => scope.postMessage(message);
const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function newRun(gen: number, config: ExperimentConfig): Run {
  const data = datasetOf(config);
  return {
    gen,
    config,
    events: experimentEvents(config, { table: true }),
    x: data.x.data,
    y: data.y.data,
    latest: null,
    latestLoss: Number.NaN,
    history: { epoch: [], loss: [], mismatch: [] },
    stopped: null,
  };
}

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
  r.history.mismatch.push(e.maxAbsGradDiff ?? Number.NaN);
  dirty = true;
  if (!Number.isFinite(r.latestLoss)) {
    r.stopped = `the loss became ${r.latestLoss} at epoch ${e.epoch} (diverged: try a smaller learning rate)`;
    return false;
  }
  return true;
}

function postState(r: Run): void {
  const e = r.latest;
  if (!e) return;
  post({
    type: 'state',
    gen: r.gen,
    epoch: e.epoch,
    playing,
    loss: r.latestLoss,
    halfSSE: e.loss,
    mse: e.mse,
    maxAbsGradDiff: e.maxAbsGradDiff,
    maxRelGradDiff: e.maxRelGradDiff,
    params: e.params!,
    history: r.history,
    stopped: r.stopped,
  });
  r.history = { epoch: [], loss: [], mismatch: [] };
  lastPost = performance.now();
  dirty = false;
}

/** Starts run `gen` and replays it to `epoch` in slices (posting progress), unless a newer one is asked for. */
async function configure(gen: number, config: ExperimentConfig, epoch: number): Promise<void> {
  stop();
  const r = newRun(gen, config);
  run = r;
  post({ type: 'data', gen, x: r.x, y: r.y });
  advance(r);
  let sliceStart = performance.now();
  while (r.latest && r.latest.epoch < epoch && !r.stopped) {
    advance(r);
    if (performance.now() - sliceStart > 50) {
      post({ type: 'replay', gen, done: r.latest.epoch, total: epoch });
      await nextTurn();
      if (wantedGen !== gen) return;
      sliceStart = performance.now();
    }
  }
  postState(r);
}

function stop(): void {
  playing = false;
  clearTimeout(timer);
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
  timer = setTimeout(tick, delay);
}

function play(epochsPerSecond: number): void {
  if (!run || run.stopped) {
    if (run) postState(run);
    return;
  }
  speed = epochsPerSecond;
  playing = true;
  anchor = performance.now();
  doneSinceAnchor = 0;
  clearTimeout(timer);
  timer = setTimeout(tick, 0);
}

async function sweep(id: number, config: ExperimentConfig, seeds: number[]): Promise<void> {
  const domain = domainOf(config.dataset, datasetOf(config).x.data);
  const outcomes: SeedOutcome[] = [];
  for (let k = 0; k < seeds.length; k++) {
    const result = runSweepSeed({ ...config, finiteDifferenceEvery: 0 }, seeds[k]!);
    outcomes.push(result);
    const outcome: SweepOutcome = { ...result, domain };
    post({ type: 'sweepProgress', id, outcome, done: k + 1, total: seeds.length });
    await nextTurn();
  }
  const { seeds: count, counts, bySeed } = summarize(outcomes);
  post({ type: 'sweepDone', id, summary: { seeds: count, counts, bySeed } });
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'configure':
      if (message.gen !== wantedGen) return;
      await configure(message.gen, message.config, message.epoch);
      return;
    case 'play':
      play(message.epochsPerSecond);
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
    case 'step': {
      stop();
      if (!run) return;
      for (let i = 0; i < message.n && advance(run); i++);
      postState(run);
      return;
    }
    case 'finiteDifferences': {
      const r = run;
      if (!r?.latest) return;
      post({
        type: 'fd',
        gen: r.gen,
        epoch: r.latest.epoch,
        values: finiteDifferenceGradients(r.config, fromTable(r.config.layers, r.latest.params!)),
      });
      return;
    }
    case 'trace': {
      const r = run;
      if (!r?.latest) return;
      const trace = traceStep(r.config, fromTable(r.config.layers, r.latest.params!));
      post({ type: 'trace', gen: r.gen, epoch: r.latest.epoch, trace });
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
  if (message.type === 'pause') stop();
  queue = queue
    .then(() => handle(message))
    .catch((error: unknown) => {
      stop();
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    });
};
