import { describe, expect, it } from 'vitest';
import type { FromWorker, TrainingState } from './protocol';
import {
  changeSettings,
  editRun,
  pause,
  play,
  receive,
  requestFiniteDifferences,
  requestTrace,
  reset,
  type Session,
  scrubbed,
  setSpeed,
  showEpoch,
  startRun,
  statusOf,
  step,
  stepBack,
  traceWanted,
} from './session';
import { defaultState } from './state';

function stateMessage(s: Session, epoch: number, extra: Partial<TrainingState> = {}): TrainingState {
  return {
    type: 'state',
    gen: s.gen,
    epoch,
    head: epoch,
    kept: { count: epoch + 1, bytes: 1000 },
    playing: s.playing,
    loss: 0.5 - epoch * 1e-3,
    halfSSE: 0.5,
    mse: 0.25,
    maxAbsGradDiff: 0,
    maxRelGradDiff: 0,
    params: [],
    history: { epoch: [epoch], loss: [0.5 - epoch * 1e-3], test: [Number.NaN], mismatch: { manual: [0] } },
    resetHistory: false,
    historyKeptTo: -1,
    stopped: null,
    firstDisagreement: null,
    ...extra,
  };
}

/** A started run that has reported epoch `epoch`. */
function running(epoch = 0): Session {
  const { session } = startRun(null, defaultState());
  return receive(session, stateMessage(session, epoch));
}

/** Freezes a value deeply, so a reducer that mutates it throws. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('receive (the reducer for worker messages)', () => {
  it('takes the state of the current run: view, epoch, history; the replay is over', () => {
    const { session } = startRun(null, { ...defaultState(), epoch: 30 });
    expect(session.replay).toEqual({ done: 0, total: 30 });
    const replaying = receive(session, { type: 'replay', gen: session.gen, done: 12, total: 30 });
    expect(replaying.replay).toEqual({ done: 12, total: 30 });
    const next = receive(replaying, stateMessage(session, 30));
    expect(next.view?.epoch).toBe(30);
    expect(next.state.epoch).toBe(30);
    expect(next.replay).toBeNull();
    expect(next.history.epoch).toEqual([30]);
    expect(next.view).not.toHaveProperty('history');
    expect(next.view).not.toHaveProperty('resetHistory');
  });

  it('shows an earlier epoch kept by the worker: the link carries it, the history stays', () => {
    const s = running(40);
    const back = receive(
      s,
      stateMessage(s, 12, { head: 40, history: { epoch: [], loss: [], test: [], mismatch: {} } }),
    );
    expect(back.state.epoch).toBe(12);
    expect(back.view?.head).toBe(40);
    expect(scrubbed(back)).toBe(true);
    expect(back.history).toBe(s.history);
    expect(statusOf(back).text).toBe('Looking back at epoch 12 of 40: Play trains on from here.');
    // Training on from there replays the run: its history starts again.
    const replayed = receive(back, stateMessage(s, 12, { resetHistory: true }));
    expect(replayed.history.epoch).toEqual([12]);
    expect(scrubbed(replayed)).toBe(false);
  });

  it('takes the run’s data from the worker, with the square the heatmap covers', () => {
    const { session } = startRun(null, defaultState());
    expect(session.data).toBeNull();
    const x = Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]);
    const y = Float64Array.from([0, 1, 1, 0]);
    const next = receive(session, { type: 'data', gen: session.gen, x, y, train: 4 });
    expect(next.data).toEqual({ x, y, train: 4, domain: { min: -0.5, max: 1.5 } });
    expect(receive(session, { type: 'data', gen: session.gen - 1, x, y, train: 4 })).toBe(session);
  });

  it('drops every message of an older run', () => {
    const old = running(5);
    const { session } = reset(old);
    const stale: FromWorker[] = [
      stateMessage(old, 6),
      { type: 'replay', gen: old.gen, done: 1, total: 2 },
      { type: 'fd', gen: old.gen, epoch: 6, values: [] },
      { type: 'trace', gen: old.gen, epoch: 6, trace: {} as never },
    ];
    for (const message of stale) expect(receive(session, message)).toBe(session);
  });

  it('never changes the session it is given (pure)', () => {
    const s = deepFreeze(running(3));
    const messages: FromWorker[] = [
      stateMessage(s, 4),
      { type: 'replay', gen: s.gen, done: 1, total: 2 },
      { type: 'fd', gen: s.gen, epoch: 3, values: [{ W: Float64Array.of(1), b: Float64Array.of(2) }] },
      { type: 'error', message: 'boom' },
    ];
    for (const message of messages) expect(() => receive(s, message)).not.toThrow();
    expect(s.view?.epoch).toBe(3);
    expect(s.history.epoch).toEqual([3]);
  });

  it('stops playing when the worker reports the run stopped', () => {
    const s = play(running(3)).session;
    expect(s.playing).toBe(true);
    const next = receive(s, stateMessage(s, 9, { stopped: 'diverged', playing: false }));
    expect(next.playing).toBe(false);
    expect(statusOf(next)).toEqual({ text: 'Stopped: diverged.', bad: true });
    expect(play(next).send).toEqual([]);
    expect(step(next).send).toEqual([]);
  });

  it('keeps finite differences only for their epoch', () => {
    const s = running(3);
    const values = [{ W: Float64Array.of(1, 2), b: Float64Array.of(3) }];
    const withFd = receive(s, { type: 'fd', gen: s.gen, epoch: 3, values });
    expect(withFd.fd).toEqual({ epoch: 3, values });
    expect(receive(withFd, stateMessage(s, 3)).fd).toEqual(withFd.fd);
    expect(receive(withFd, stateMessage(s, 4)).fd).toBeNull();
    // Differences for an epoch no longer shown are dropped.
    expect(receive(s, { type: 'fd', gen: s.gen, epoch: 2, values: [] }).fd).toBeNull();
  });

  it('records a worker error and stops playing', () => {
    const s = play(running()).session;
    const next = receive(s, { type: 'error', message: 'out of memory' });
    expect(next.playing).toBe(false);
    expect(statusOf(next)).toEqual({ text: 'Error: out of memory', bad: true });
  });
});

describe('commands', () => {
  it('an edit keeps the history up to where the worker goes on from; a settings change does not', () => {
    let s = running(0);
    for (let e = 1; e <= 9; e++) s = receive(s, stateMessage(s, e));
    expect(s.history.epoch).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const edited = editRun(s, { ...s.state, epoch: 9 });
    expect(edited.send).toEqual([expect.objectContaining({ type: 'configure', epoch: 9, resume: true })]);
    expect(edited.session.history).toBe(s.history);
    // The worker went on from its checkpoint after epoch 6: epochs 7… are the edited run's.
    const next = receive(
      edited.session,
      stateMessage(edited.session, 9, {
        resetHistory: true,
        historyKeptTo: 6,
        history: { epoch: [7, 8, 9], loss: [1, 1, 1], test: [1, 1, 1], mismatch: { manual: [0, 0, 0] } },
      }),
    );
    expect(next.history.epoch).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(next.history.loss.slice(6)).toEqual([0.5 - 6e-3, 1, 1, 1]);
    // No checkpoint: the history starts again.
    const fresh = receive(
      edited.session,
      stateMessage(edited.session, 9, { resetHistory: true, historyKeptTo: -1 }),
    );
    expect(fresh.history.epoch).toEqual([9]);
    const changed = changeSettings(s, () => ({ lr: 0.5 }));
    expect(changed.session.history.epoch).toEqual([]);
    expect(changed.send[0]).toMatchObject({ type: 'configure', resume: false });
  });

  it('Reset is a fresh run: it clears the error, the replay, the history and the trace', () => {
    let s = running(7);
    s = receive(s, { type: 'error', message: 'boom' });
    s = { ...s, replay: { done: 1, total: 2 } };
    const { session, send } = reset(s);
    expect(session.gen).toBe(s.gen + 1);
    expect(session.error).toBeNull();
    expect(session.replay).toBeNull();
    expect(session.view).toBeNull();
    expect(session.trace).toBeNull();
    expect(session.history.epoch).toEqual([]);
    expect(session.state).toEqual({ ...s.state, epoch: 0 });
    expect(send).toEqual([
      { type: 'configure', gen: session.gen, config: session.config, epoch: 0, resume: false },
    ]);
  });

  it('a settings change keeps the speed (it used to snap back to 200)', () => {
    const fast = setSpeed(running(), 5000).session;
    const { session } = changeSettings(fast, () => ({ seed: 7 }));
    expect(session.state.speed).toBe(5000);
    expect(session.state.seed).toBe(7);
    expect(session.state.epoch).toBe(0);
    // The patch sees the current state, not a copy taken earlier.
    const deeper = changeSettings(session, (state) => ({ layers: [...state.layers.slice(0, -1), 3, 1] }));
    expect(deeper.session.state.layers).toEqual([2, 2, 3, 1]);
    expect(deeper.session.state.seed).toBe(7);
  });

  it('speed changes reach the worker only while playing', () => {
    expect(setSpeed(running(), 50).send).toEqual([]);
    const playing = play(running()).session;
    expect(setSpeed(playing, 50).send).toEqual([{ type: 'speed', epochsPerSecond: 50 }]);
  });

  it('play, pause and step send what the worker needs, and only when they mean something', () => {
    const { session: starting } = startRun(null, defaultState());
    expect(play(starting).send).toEqual([]);
    expect(step(starting).send).toEqual([]);
    const s = running();
    const playing = play(s);
    expect(playing.send).toEqual([{ type: 'play', epochsPerSecond: 200 }]);
    expect(play(playing.session).send).toEqual([]);
    expect(pause(playing.session).send).toEqual([{ type: 'pause' }]);
    expect(pause(s).send).toEqual([]);
    expect(step(playing.session)).toEqual({
      session: { ...playing.session, playing: false },
      send: [{ type: 'step', n: 1 }],
    });
    expect(requestFiniteDifferences(playing.session).send).toEqual([
      { type: 'pause' },
      { type: 'finiteDifferences' },
    ]);
  });

  it('step back and scrubbing ask the worker for an earlier epoch, within the run', () => {
    const s = running(40);
    expect(stepBack(s).send).toEqual([{ type: 'show', epoch: 39 }]);
    expect(showEpoch(s, 7.4).send).toEqual([{ type: 'show', epoch: 7 }]);
    expect(showEpoch(s, 99).send).toEqual([]);
    expect(showEpoch(s, -3).send).toEqual([{ type: 'show', epoch: 0 }]);
    expect(stepBack(running(0)).send).toEqual([]);
    const playing = play(s).session;
    expect(stepBack(playing)).toEqual({
      session: { ...playing, playing: false },
      send: [{ type: 'show', epoch: 39 }],
    });
  });

  it('asks for one trace per epoch shown', () => {
    const s = running(2);
    expect(traceWanted(s)).toBe(true);
    const asked = requestTrace(s);
    expect(asked.send).toEqual([{ type: 'trace' }]);
    expect(requestTrace(asked.session).send).toEqual([]);
    const traced = receive(asked.session, { type: 'trace', gen: s.gen, epoch: 2, trace: {} as never });
    expect(traceWanted(traced)).toBe(false);
    expect(traceWanted(receive(traced, stateMessage(s, 3)))).toBe(true);
  });

  it('a rejected link is not written back until the user acts', () => {
    const { session } = startRun(null, defaultState(), false);
    expect(session.writesUrl).toBe(false);
    const s = receive(session, stateMessage(session, 0));
    expect(s.writesUrl).toBe(false);
    expect(play(s).session.writesUrl).toBe(true);
    expect(step(s).session.writesUrl).toBe(true);
    expect(setSpeed(s, 20).session.writesUrl).toBe(true);
    expect(changeSettings(s, () => ({})).session.writesUrl).toBe(true);
  });
});
