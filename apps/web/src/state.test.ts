import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATE,
  defaultState,
  LIMITS,
  parseHash,
  queryNotice,
  RUN_EPOCHS,
  sameRun,
  serializeState,
  toConfig,
} from './state';

describe('parseHash', () => {
  it('gives the defaults, silently, for an empty hash', () => {
    for (const hash of ['', '#', '#  ']) {
      const parsed = parseHash(hash);
      expect(parsed.problems).toEqual([]);
      expect(parsed.source).toBe('default');
      expect(parsed.state).toEqual(DEFAULT_STATE);
    }
  });

  it('round-trips every field', () => {
    const state = {
      ...defaultState(),
      layers: [2, 4, 3, 1],
      activation: 'tanh' as const,
      outputActivation: 'sigmoid' as const,
      loss: 'bce' as const,
      optimizer: 'adam' as const,
      lr: 0.003,
      seed: 4_294_967_295,
      init: 'xavier' as const,
      dataset: 'spiral' as const,
      datasetSize: 400,
      epoch: 1234,
      speed: 50,
    };
    const hash = serializeState(state);
    expect(hash).toBe(
      'v=1&layers=2,4,3,1&act=tanh&out=sigmoid&loss=bce&opt=adam&lr=0.003&seed=4294967295&init=xavier&data=spiral&n=400&epoch=1234&speed=50',
    );
    const parsed = parseHash(`#${hash}`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.source).toBe('url');
    expect(parsed.state).toEqual(state);
  });

  it('round-trips the defaults and odd learning rates exactly', () => {
    for (const lr of [0.1, 1e-6, 0.30000000000000004, 10, 2.5e-3]) {
      const state = { ...defaultState(), lr };
      expect(parseHash(serializeState(state)).state.lr).toBe(lr);
    }
    expect(parseHash(serializeState(defaultState())).state).toEqual(DEFAULT_STATE);
  });

  it('fills missing keys from the defaults', () => {
    const parsed = parseHash('#v=1&seed=7');
    expect(parsed.problems).toEqual([]);
    expect(parsed.state).toEqual({ ...DEFAULT_STATE, seed: 7 });
  });

  it.each([
    ['#layers=2,2,1', /version/],
    ['#v=2&seed=1', /version "2"/],
    ['#v=1&seed=-1', /seed/],
    ['#v=1&seed=1.5', /seed/],
    ['#v=1&seed=99999999999', /seed/],
    ['#v=1&seed=4294967296', /seed: 4294967296 is outside/],
    ['#v=1&lr=0', /lr/],
    ['#v=1&lr=11', /lr/],
    ['#v=1&lr=NaN', /lr/],
    ['#v=1&lr=Infinity', /lr/],
    ['#v=1&lr=0x10', /lr/],
    ['#v=1&lr=1e400', /lr/],
    ['#v=1&layers=3,2,1', /layers/],
    ['#v=1&layers=2,2,2', /layers/],
    ['#v=1&layers=2,9,1', /layers/],
    ['#v=1&layers=2,0,1', /layers/],
    ['#v=1&layers=2,,1', /layers/],
    ['#v=1&layers=2,2,2,2,2,2,1', /layers/],
    ['#v=1&layers=2', /layers/],
    ['#v=1&act=__proto__', /act/],
    ['#v=1&act=constructor', /act/],
    ['#v=1&loss=hinge', /loss/],
    ['#v=1&opt=lbfgs', /opt/],
    ['#v=1&init=zeros', /init/],
    ['#v=1&data=mnist', /data/],
    ['#v=1&n=7', /n: 7/],
    ['#v=1&epoch=10000000', /epoch: 10000000 is outside 0–9999999/],
    ['#v=1&speed=0', /speed/],
    ['#v=1&speed=10001', /speed/],
    ['#v=1&seed=1&seed=2', /twice/],
    ['#v=1&evil=1', /unknown setting "evil"/],
    ['#v=1&__proto__=1', /unknown setting/],
    ['#v=1&seed=%E0%A4%A', /URL encoding/],
    ['#v=1&loss=bce&out=tanh', /bce/],
  ])('falls back to the defaults for %s', (hash, problem) => {
    const parsed = parseHash(hash);
    expect(parsed.source).toBe('default');
    expect(parsed.state).toEqual(DEFAULT_STATE);
    expect(parsed.problems.join('; ')).toMatch(problem);
  });

  it('rejects hostile input without echoing it whole', () => {
    const script = '<img src=x onerror=alert(1)>';
    const parsed = parseHash(`#v=1&act=${encodeURIComponent(script)}`);
    expect(parsed.state).toEqual(DEFAULT_STATE);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]!.length).toBeLessThan(120);
    const long = parseHash(`#v=1&seed=${'9'.repeat(LIMITS.maxHashLength)}`);
    expect(long.problems[0]).toMatch(/characters long/);
    const value = parseHash(`#v=1&act=${'a'.repeat(LIMITS.maxValueLength + 1)}`);
    expect(value.problems[0]).toMatch(/too long/);
  });

  it('reports every problem at once', () => {
    const parsed = parseHash('#v=1&seed=x&lr=y');
    expect(parsed.problems).toHaveLength(2);
  });
});

describe('links to any epoch the page reaches', () => {
  it('loads every epoch of the run, past 100,000 too (the run stops at its last epoch)', () => {
    for (const epoch of [100_000, 100_001, 2_500_000, RUN_EPOCHS - 1]) {
      const parsed = parseHash(serializeState({ ...defaultState(), epoch }));
      expect(parsed.problems).toEqual([]);
      expect(parsed.state.epoch).toBe(epoch);
    }
    expect(toConfig(defaultState()).epochs).toBe(RUN_EPOCHS);
    expect(LIMITS.maxEpoch).toBe(RUN_EPOCHS - 1);
  });
});

describe('queryNotice', () => {
  it('is null without a query string', () => {
    expect(queryNotice('')).toBeNull();
    expect(queryNotice('?')).toBeNull();
  });

  it('names the ignored query and gives its hash when it is a valid state', () => {
    expect(queryNotice('?seed=7&act=tanh')).toEqual({
      ignored: '?seed=7&act=tanh',
      hash: serializeState({ ...defaultState(), seed: 7, activation: 'tanh' }),
    });
    expect(queryNotice('?utm_source=x')).toEqual({ ignored: '?utm_source=x', hash: null });
    expect(queryNotice(`?${'a'.repeat(100)}`)!.ignored).toHaveLength(62);
  });
});

describe('toConfig', () => {
  it('is the seed experiment for the defaults, one event per epoch', () => {
    const config = toConfig(defaultState());
    expect(config).toMatchObject({ layers: [2, 2, 1], activation: 'sigmoid', seed: 42, lr: 0.1, every: 1 });
  });
});

describe('sameRun', () => {
  it('ignores the epoch and the speed only', () => {
    const a = defaultState();
    expect(sameRun(a, { ...a, epoch: 10, speed: 1 })).toBe(true);
    expect(sameRun(a, { ...a, seed: 1 })).toBe(false);
    expect(sameRun(a, { ...a, layers: [2, 3, 1] })).toBe(false);
  });
});
