import {
  type ExperimentConfig,
  FEATURES,
  OPTIONS,
  type OptionKey,
  type OptionSpec,
  resolveConfig,
} from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';
import {
  type AppState,
  DEFAULT_STATE,
  defaultState,
  keepHidden,
  LINK_OPTIONS,
  PINNED_KEYS,
  parseHash,
  queryNotice,
  sameRun,
  serializeState,
  toConfig,
  WEB_LIMITS,
  withEdit,
} from './state';

/** A valid value of an option other than its default, read from its row alone. */
function another(spec: OptionSpec): unknown {
  switch (spec.type) {
    case 'choice':
      return spec.choices.find((c) => c !== spec.default);
    case 'integer':
      return spec.default === spec.max ? spec.max - 1 : spec.default + 1;
    case 'number':
      return spec.default * 2;
    case 'sizes':
      return [2, 3, 1];
    case 'subset':
      return spec.choices.slice(0, 1);
    case 'edits':
      return [{ epoch: 0, layer: 1, kind: 'W', row: 0, col: 1, value: -0.1 }];
  }
}

describe('parseHash', () => {
  it('gives the defaults, silently, for an empty hash', () => {
    for (const hash of ['', '#', '#  ']) {
      const parsed = parseHash(hash);
      expect(parsed.problems).toEqual([]);
      expect(parsed.source).toBe('default');
      expect(parsed.state).toEqual(DEFAULT_STATE);
    }
  });

  it('carries every option of crosscheck’s table under its URL key, and round-trips each', () => {
    const hash = serializeState(defaultState());
    const keys = hash.split('&').map((pair) => pair.split('=')[0]);
    expect(keys).toEqual(['v', ...LINK_OPTIONS.map((k) => OPTIONS[k].url), 'epoch', 'speed']);
    for (const key of LINK_OPTIONS) {
      const state = { ...defaultState(), [key]: another(OPTIONS[key]) } as AppState;
      // The input layer has one unit per feature.
      if (key === 'features') state.layers = [state.features.length, 2, 1];
      expect(() => resolveConfig({ [key]: state[key] } as Partial<ExperimentConfig>)).not.toThrow();
      const parsed = parseHash(serializeState(state));
      expect(parsed.problems, key).toEqual([]);
      expect(parsed.state[key], key).toEqual(state[key]);
    }
  });

  it('round-trips a whole state', () => {
    const state: AppState = {
      ...defaultState(),
      layers: [2, 4, 3, 1],
      activation: 'tanh',
      outputActivation: 'sigmoid',
      loss: 'bce',
      optimizer: 'adam',
      lr: 0.003,
      seed: 4_294_967_295,
      init: 'xavier',
      dataset: 'spiral',
      datasetSize: 400,
      dataSeed: 7,
      epoch: 1234,
      speed: 50,
    };
    const hash = serializeState(state);
    expect(hash).toBe(
      'v=2&layers=2,4,3,1&act=tanh&out=sigmoid&loss=bce&init=xavier&seed=4294967295&opt=adam&lr=0.003&epochs=10000000&data=spiral&n=400&method=autodiff,manual&fd=0&bar=0.01&dseed=7&vanish=0.01&noise=0&train=50&feat=x1,x2&batch=0&reg=none&regRate=0.001&bug=none&edit=&epoch=1234&speed=50',
    );
    const parsed = parseHash(`#${hash}`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.source).toBe('url');
    expect(parsed.state).toEqual(state);
  });

  it('round-trips odd learning rates exactly', () => {
    for (const lr of [0.1, 1e-6, 0.30000000000000004, 10, 2.5e-3]) {
      const state = { ...defaultState(), lr };
      expect(parseHash(serializeState(state)).state.lr).toBe(lr);
    }
  });

  it('fills missing keys from the defaults', () => {
    const parsed = parseHash('#v=2&seed=7');
    expect(parsed.problems).toEqual([]);
    expect(parsed.state).toEqual({ ...DEFAULT_STATE, seed: 7 });
  });

  it('reads v=1 links as they were made: their generated data came from the weights’ seed', () => {
    const old = parseHash('#v=1&layers=2,2,1&seed=7&data=circle&n=100&epoch=25&speed=50');
    expect(old.problems).toEqual([]);
    expect(old.state).toMatchObject({ seed: 7, dataSeed: 7, dataset: 'circle', datasetSize: 100, epoch: 25 });
    expect(parseHash('#v=2&seed=7&data=circle').state.dataSeed).toBe(OPTIONS.dataSeed.default);
  });

  it('leaves the pinned options out of the link', () => {
    for (const key of PINNED_KEYS) {
      expect(serializeState(defaultState())).not.toMatch(new RegExp(`[&]${OPTIONS[key].url}=`));
      expect(parseHash(`#v=2&${OPTIONS[key].url}=5`).problems.join()).toMatch(/unknown setting/);
    }
    expect(toConfig(defaultState()).every).toBe(1);
  });

  it.each([
    ['#layers=2,2,1', /version/],
    ['#v=3&seed=1', /version "3"/],
    ['#v=2&seed=-1', /seed/],
    ['#v=2&seed=1.5', /seed/],
    ['#v=2&seed=99999999999', /seed/],
    ['#v=2&seed=4294967296', /seed must be an integer in \[0, 4294967295\]/],
    ['#v=2&lr=0', /lr/],
    ['#v=2&lr=-1', /lr/],
    ['#v=2&lr=NaN', /lr/],
    ['#v=2&lr=Infinity', /lr/],
    ['#v=2&lr=1e400', /lr/],
    ['#v=2&layers=3,2,1', /layers/],
    ['#v=2&layers=2,2,2', /layers/],
    ['#v=2&layers=2,9,1', /at most 8 units/],
    ['#v=2&layers=2,0,1', /layers/],
    ['#v=2&layers=2,,1', /layers/],
    ['#v=2&layers=2,2,2,2,2,2,1', /at most 4 hidden layers/],
    ['#v=2&layers=2', /layers/],
    ['#v=2&act=__proto__', /act/],
    ['#v=2&act=constructor', /act/],
    ['#v=2&loss=hinge', /loss/],
    ['#v=2&opt=lbfgs', /opt/],
    ['#v=2&init=zeros', /init/],
    ['#v=2&data=mnist', /data/],
    ['#v=2&n=2', /n must be/],
    ['#v=2&n=401', /at most 400 points/],
    ['#v=2&epoch=10000000', /epoch: 10000000 is outside 0–9999999/],
    ['#v=2&epochs=50&epoch=50', /past the run's last epoch \(49\)/],
    ['#v=2&speed=0', /speed/],
    ['#v=2&speed=10001', /speed/],
    ['#v=2&seed=1&seed=2', /twice/],
    ['#v=2&evil=1', /unknown setting "evil"/],
    ['#v=2&__proto__=1', /unknown setting/],
    ['#v=2&seed=%E0%A4%A', /URL encoding/],
    ['#v=2&loss=bce&out=tanh', /loss bce needs out sigmoid/],
    ['#v=2&hide=lr,evil', /hide: "evil" is not a setting/],
    ['#v=2&hide=lr,lr', /hide: lr is given twice/],
    ['#v=2&hide=speed', /hide: "speed" is not a setting/],
  ])('falls back to the defaults for %s', (hash, problem) => {
    const parsed = parseHash(hash);
    expect(parsed.source).toBe('default');
    expect(parsed.state).toEqual(DEFAULT_STATE);
    expect(parsed.problems.join('; ')).toMatch(problem);
  });

  it('rejects hostile input without echoing it whole', () => {
    const script = '<img src=x onerror=alert(1)>';
    const parsed = parseHash(`#v=2&act=${encodeURIComponent(script)}`);
    expect(parsed.state).toEqual(DEFAULT_STATE);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]!.length).toBeLessThan(120);
    expect(parsed.problems[0]).not.toContain(script);
    const long = parseHash(`#v=2&seed=${'9'.repeat(WEB_LIMITS.maxHashLength)}`);
    expect(long.problems[0]).toMatch(/characters long/);
    const value = parseHash(`#v=2&act=${'a'.repeat(WEB_LIMITS.maxValueLength + 1)}`);
    expect(value.problems[0]).toMatch(/too long/);
  });

  it('carries every input feature at once (the longest value a control can set)', () => {
    const features = [...FEATURES];
    const state = { ...defaultState(), features, layers: [features.length, 2, 1] };
    const parsed = parseHash(serializeState(state));
    expect(parsed.problems).toEqual([]);
    expect(parsed.state.features).toEqual(features);
  });

  it('reports every problem at once', () => {
    const parsed = parseHash('#v=2&seed=x&lr=y');
    expect(parsed.problems).toHaveLength(2);
  });
});

describe('classroom links', () => {
  it('carry the hidden options by URL key, in the table’s order, and only when some are hidden', () => {
    expect(serializeState(defaultState())).not.toMatch(/hide=/);
    const parsed = parseHash(`#${serializeState(defaultState())}&hide=seed,lr,act`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.state.hide).toEqual(['activation', 'seed', 'lr']);
    expect(serializeState(parsed.state)).toMatch(/&hide=act,seed,lr&epoch=0&/);
    expect(parseHash(serializeState(parsed.state)).state).toEqual(parsed.state);
  });

  it('can hide every control (the longest such link still loads)', () => {
    const state = { ...defaultState(), hide: [...LINK_OPTIONS] };
    const parsed = parseHash(serializeState(state));
    expect(parsed.problems).toEqual([]);
    expect(parsed.state.hide).toEqual(LINK_OPTIONS);
  });

  it('keep a hidden option’s value whatever the page asks, and only a hidden one’s', () => {
    const prev = { ...defaultState(), hide: ['lr', 'layers'] as AppState['hide'] };
    const next = keepHidden(prev, { ...prev, lr: 3, seed: 7, layers: [2, 5, 1], hide: [] });
    expect(next.lr).toBe(prev.lr);
    expect(next.layers).toEqual(prev.layers);
    expect(next.seed).toBe(7);
    expect(next.hide).toEqual(['lr', 'layers']);
    // The input layer follows the features even when the sizes are fixed.
    expect(keepHidden(prev, { ...prev, features: ['x1', 'x2', 'x1x2'] }).layers).toEqual([3, 2, 1]);
    const full = defaultState();
    const changed = { ...full, lr: 3 };
    expect(keepHidden(full, changed)).toBe(changed);
  });
});

describe('weight edits', () => {
  it('default to none, and autodiff and the δ equations compared (forward mode off)', () => {
    expect(DEFAULT_STATE.edits).toEqual([]);
    expect(DEFAULT_STATE.method).toEqual(['autodiff', 'manual']);
    expect(serializeState(defaultState())).toMatch(/&method=autodiff,manual&/);
  });

  it('are made at the epoch shown, replace an edit of the same entry there, and drop later ones', () => {
    const w = { layer: 1, kind: 'W' as const, row: 0, col: 1 };
    let state: AppState = { ...defaultState(), epoch: 30 };
    state = withEdit(state, { ...w, value: 0.5 });
    state = withEdit({ ...state, epoch: 50 }, { layer: 2, kind: 'W', row: 1, col: 0, value: -2 });
    expect(state.edits.map((e) => `${e.kind}${e.layer}[${e.row},${e.col}]@${e.epoch}`)).toEqual([
      'W1[0,1]@30',
      'W2[1,0]@50',
    ]);
    // Back at epoch 30: the same entry is edited again, and the edit at 50 belonged to the old run.
    const again = withEdit({ ...state, epoch: 30 }, { ...w, value: 0.25 });
    expect(again.edits).toEqual([{ ...w, value: 0.25, epoch: 30 }]);
  });

  it('round-trip through the link bit for bit, some 40 of them', () => {
    let state: AppState = { ...defaultState(), epoch: 0 };
    const values = [0.1 + 0.2, -0, 5e-324, -1.7976931348623157e308, 1 / 3];
    for (let k = 0; k < 40; k++) {
      state = withEdit(
        { ...state, epoch: k * 1000 },
        {
          layer: 1 + (k % 2),
          kind: 'W',
          row: k % 2,
          col: 0,
          value: values[k % values.length]!,
        },
      );
    }
    state = { ...state, epoch: 39_000 };
    const parsed = parseHash(serializeState(state));
    expect(parsed.problems).toEqual([]);
    expect(parsed.state.edits).toHaveLength(40);
    // Object.is: −0 stays −0, every value keeps its bits.
    expect(parsed.state.edits.every((e, i) => Object.is(e.value, state.edits[i]!.value))).toBe(true);
  });
});

describe('links to any epoch the page reaches', () => {
  it('loads every epoch of the run, past 100,000 too (the run stops at its last epoch)', () => {
    for (const epoch of [100_000, 100_001, 2_500_000, OPTIONS.epochs.max - 1]) {
      const parsed = parseHash(serializeState({ ...defaultState(), epoch }));
      expect(parsed.problems).toEqual([]);
      expect(parsed.state.epoch).toBe(epoch);
    }
    expect(toConfig(defaultState()).epochs).toBe(OPTIONS.epochs.max);
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
  it('is the seed experiment for the defaults, one event per epoch, for as long as the table allows', () => {
    const config = toConfig(defaultState());
    expect(config).toMatchObject({ layers: [2, 2, 1], activation: 'sigmoid', seed: 42, lr: 0.1, every: 1 });
    expect(config.epochs).toBe(OPTIONS.epochs.max);
  });
});

describe('sameRun', () => {
  it('compares every option, not the epoch or the speed', () => {
    const a = defaultState();
    expect(sameRun(a, { ...a, epoch: 10, speed: 1 })).toBe(true);
    for (const key of LINK_OPTIONS) {
      expect(sameRun(a, { ...a, [key]: another(OPTIONS[key as OptionKey]) } as AppState), key).toBe(false);
    }
  });
});
