/**
 * The page's whole state: one immutable Session record, replaced whole on every change. Worker
 * messages go through one pure reducer (`receive`); user commands are pure functions that
 * return the next session and the messages to send to the worker. A new run (new settings, a
 * link, Reset) is a fresh record: nothing of the old run can survive into it by being forgotten.
 */
import type { ExperimentConfig, LayerGrads, StepTrace } from '@deltagrad/crosscheck';
import { appendHistory, emptyHistory, type History, historyUpTo } from './history';
import { type Domain, domainOf } from './numerics';
import type { FromWorker, ToWorker, TrainingState } from './protocol';
import { type AppState, toConfig } from './state';

/** The run as the worker last reported it (its history chunk goes into `Session.history`). */
export type RunView = Omit<TrainingState, 'type' | 'history' | 'resetHistory' | 'historyKeptTo'>;

export interface Session {
  /** Generation of the run on screen: messages of older runs are dropped. */
  readonly gen: number;
  /** The settings and the epoch on screen: what the URL carries. */
  readonly state: AppState;
  /** The experiment the state describes. */
  readonly config: ExperimentConfig;
  /** Its training data, as the worker generated it (null until it has). */
  readonly data: {
    readonly x: Float64Array;
    readonly y: Float64Array;
    /** The first `train` points are the training set; the rest, the test set. */
    readonly train: number;
    readonly domain: Domain;
  } | null;
  /** Whether the user asked for continuous training. */
  readonly playing: boolean;
  /** The latest state the worker posted for this run (null until the first). */
  readonly view: RunView | null;
  readonly history: History;
  /** Progress of replaying a link's run to its epoch. */
  readonly replay: { readonly done: number; readonly total: number } | null;
  /** What the worker reported as failed. */
  readonly error: string | null;
  /** Finite differences (layer by layer), for the epoch they were computed at. */
  readonly fd: { readonly epoch: number; readonly values: readonly LayerGrads[] } | null;
  /** The traced backward pass, for the epoch it was traced at. */
  readonly trace: { readonly epoch: number; readonly trace: StepTrace } | null;
  readonly traceInFlight: boolean;
  /**
   * Whether the page writes its state into the address bar. False after a rejected link, until
   * the user does something: the link they opened stays there for them to fix.
   */
  readonly writesUrl: boolean;
}

/** A command's result: the next session and what to tell the worker. */
export interface Transition {
  session: Session;
  send: ToWorker[];
}

const same = (session: Session): Transition => ({ session, send: [] });

/**
 * A new run of `state` (a new generation), replayed to `state.epoch` by the worker. With `resume`
 * (the run on screen with an edit) the worker may go on from a kept epoch of the run on screen,
 * and the history keeps that run's epochs before it.
 */
export function startRun(
  prev: Session | null,
  state: AppState,
  writesUrl = true,
  resume = false,
): Transition {
  const gen = (prev?.gen ?? 0) + 1;
  const config = toConfig(state);
  const session: Session = {
    gen,
    state,
    config,
    data: null,
    playing: false,
    view: null,
    history: resume && prev ? prev.history : emptyHistory(),
    replay: state.epoch > 0 ? { done: 0, total: state.epoch } : null,
    error: null,
    fd: null,
    trace: null,
    traceInFlight: false,
    writesUrl,
  };
  return { session, send: [{ type: 'configure', gen, config, epoch: state.epoch, resume }] };
}

/** The run on screen with its edits changed (`state`): it goes on from before the change. */
export function editRun(s: Session, state: AppState): Transition {
  return startRun(s, state, true, true);
}

/** New settings (from the controls): a new run from epoch 0, at the same speed. */
export function changeSettings(s: Session, patch: (state: AppState) => Partial<AppState>): Transition {
  return startRun(s, { ...s.state, ...patch(s.state), epoch: 0, speed: s.state.speed });
}

/** Back to epoch 0 of the same run: the same initial weights. */
export function reset(s: Session): Transition {
  return startRun(s, { ...s.state, epoch: 0 });
}

export function play(s: Session): Transition {
  if (!s.view || s.view.stopped || s.playing) return same(s);
  return {
    session: { ...s, playing: true, writesUrl: true },
    send: [{ type: 'play', epochsPerSecond: s.state.speed }],
  };
}

export function pause(s: Session): Transition {
  if (!s.playing) return same(s);
  return { session: { ...s, playing: false, writesUrl: true }, send: [{ type: 'pause' }] };
}

export function togglePlay(s: Session): Transition {
  return s.playing ? pause(s) : play(s);
}

/** One epoch, from a pause (or pausing first). */
export function step(s: Session): Transition {
  if (!s.view || s.view.stopped) return same(s);
  return { session: { ...s, playing: false, writesUrl: true }, send: [{ type: 'step', n: 1 }] };
}

/** Whether the epoch shown is an earlier one than the latest trained (scrubbed back). */
export function scrubbed(s: Session): boolean {
  return s.view !== null && s.view.epoch < s.view.head;
}

/** Shows an earlier epoch of the run (or the latest again), pausing first. */
export function showEpoch(s: Session, epoch: number): Transition {
  if (!s.view) return same(s);
  const target = Math.max(0, Math.min(s.view.head, Math.round(epoch)));
  if (target === s.view.epoch && !s.playing) return same(s);
  return { session: { ...s, playing: false, writesUrl: true }, send: [{ type: 'show', epoch: target }] };
}

/** One epoch back (the latest kept one before the epoch shown). */
export function stepBack(s: Session): Transition {
  if (!s.view || s.view.epoch === 0) return same(s);
  return showEpoch(s, s.view.epoch - 1);
}

export function setSpeed(s: Session, speed: number): Transition {
  return {
    session: { ...s, state: { ...s.state, speed }, writesUrl: true },
    send: s.playing ? [{ type: 'speed', epochsPerSecond: speed }] : [],
  };
}

/** Whether the trace on screen is not of the epoch shown (and none is on its way). */
export function traceWanted(s: Session): boolean {
  return s.view !== null && !s.traceInFlight && s.trace?.epoch !== s.view.epoch;
}

export function requestTrace(s: Session): Transition {
  if (!traceWanted(s)) return same(s);
  return { session: { ...s, traceInFlight: true }, send: [{ type: 'trace' }] };
}

/** Finite differences at the epoch shown (training pauses first, so they stay for that epoch). */
export function requestFiniteDifferences(s: Session): Transition {
  if (!s.view) return same(s);
  const paused = pause(s);
  return { session: paused.session, send: [...paused.send, { type: 'finiteDifferences' }] };
}

/** The worker itself failed (an error event, not a message). */
export function workerFailed(s: Session, message: string): Session {
  return { ...s, error: message, playing: false };
}

/** The reducer: the session after a message from the training worker. */
export function receive(s: Session, message: FromWorker): Session {
  switch (message.type) {
    case 'state': {
      if (message.gen !== s.gen) return s;
      const { type: _type, history, resetHistory, historyKeptTo, ...view } = message;
      return {
        ...s,
        view,
        state: { ...s.state, epoch: message.epoch },
        playing: s.playing && !message.stopped,
        history: appendHistory(resetHistory ? historyUpTo(s.history, historyKeptTo) : s.history, history),
        replay: null,
        fd: s.fd && s.fd.epoch !== message.epoch ? null : s.fd,
      };
    }
    case 'data':
      if (message.gen !== s.gen) return s;
      return {
        ...s,
        data: {
          x: message.x,
          y: message.y,
          train: message.train,
          domain: domainOf(s.config.dataset, message.x),
        },
      };
    case 'replay':
      if (message.gen !== s.gen) return s;
      return { ...s, replay: { done: message.done, total: message.total } };
    case 'trace':
      if (message.gen !== s.gen) return s;
      return { ...s, traceInFlight: false, trace: { epoch: message.epoch, trace: message.trace } };
    case 'fd':
      if (message.gen !== s.gen || message.epoch !== s.view?.epoch) return s;
      return { ...s, fd: { epoch: message.epoch, values: message.values } };
    case 'error':
      return workerFailed(s, message.message);
    default:
      // Sweep messages come from the gallery's own worker.
      return s;
  }
}

/** The one-line status of the run, and whether it reports a problem. */
export function statusOf(s: Session): { text: string; bad: boolean } {
  if (s.error) return { text: `Error: ${s.error}`, bad: true };
  if (s.replay) {
    const percent = Math.round((100 * s.replay.done) / s.replay.total);
    return { text: `Replaying the run to epoch ${s.replay.total}… ${percent} %`, bad: false };
  }
  if (!s.view) return { text: 'Starting…', bad: false };
  if (s.view.stopped) return { text: `Stopped: ${s.view.stopped}.`, bad: true };
  if (s.playing)
    return { text: `Training at ${s.state.speed.toLocaleString('en-US')} epochs/s.`, bad: false };
  if (scrubbed(s))
    return {
      text: `Looking back at epoch ${s.view.epoch} of ${s.view.head}: Play trains on from here.`,
      bad: false,
    };
  return {
    text: s.view.epoch === 0 ? 'Ready: the initial weights.' : `Paused at epoch ${s.view.epoch}.`,
    bad: false,
  };
}
