import {
  CrosscheckError,
  configRecord,
  type EpochEvent,
  type ExperimentConfig,
  experimentEvents,
  formatOption,
  OPTIONS,
  parseOption,
  type ResultEvent,
  resolveConfig,
  runExperimentSync,
} from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';

describe('editing a weight of a running session', () => {
  it('sets the entry in every copy; both methods go on from it and still agree', () => {
    const run = experimentEvents({ every: 1, epochs: 200, optimizer: 'momentum', layers: [2, 3, 1] });
    for (let i = 0; i < 10; i++) run.next();
    run.setParameter({ layer: 1, kind: 'W' }, 4, 2.5);
    run.setParameter({ layer: 2, kind: 'b' }, 0, -1);
    expect(run.params().W1![1]![1]).toBe(2.5);
    expect(run.params().b2![0]![0]).toBe(-1);
    const next = run.next().value;
    expect(next.type).toBe('epoch');
    expect(run.table()!.find((r) => r.name === 'W1')!.value[4]).toBe(2.5);
    let last = next;
    for (;;) {
      const step = run.next();
      if (step.done) break;
      last = step.value;
    }
    if (last.type !== 'result') throw new Error('no result');
    expect(last.maxAbsGradDiff!).toBeLessThanOrEqual(1e-12);
    expect(last.maxParamDrift!).toBeLessThanOrEqual(1e-12);
    expect(last.params).not.toEqual(
      runExperimentSync({ epochs: 200, optimizer: 'momentum', layers: [2, 3, 1] }).params,
    );
  });

  it('takes an edit before the first epoch: the run starts from the edited weights', () => {
    const run = experimentEvents({ every: 1 });
    run.setParameter({ layer: 2, kind: 'W' }, 1, 0.25);
    run.next();
    expect(run.table()!.find((r) => r.name === 'W2')!.value[1]).toBe(0.25);
  });

  it('refuses a key, an index or a value that does not fit, and changes nothing', () => {
    const run = experimentEvents({ every: 1 });
    const before = run.params();
    expect(() => run.setParameter({ layer: 3, kind: 'W' }, 0, 1)).toThrow(CrosscheckError);
    expect(() => run.setParameter({ layer: 1, kind: 'W' }, 4, 1)).toThrow(
      /index must be an integer in \[0, 3\] \(W1 is 2×2\); got 4/,
    );
    expect(() => run.setParameter({ layer: 1, kind: 'b' }, 0, Number.NaN)).toThrow(
      /value must be a finite number; got NaN/,
    );
    expect(() => run.setParameter({ layer: 1, kind: 'x' as never }, 0, 1)).toThrow(/kind: 'W' \| 'b'/);
    expect(run.params()).toEqual(before);
  });
});

/** Doubles whose text is easy to get wrong: signed zeros, subnormals, extremes, sums that round. */
const HARD = [
  0,
  -0,
  0.1,
  0.1 + 0.2,
  -1 / 3,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  1e21,
  1e-7,
  123456789.12345679,
  2 ** 53 + 2,
  Math.PI,
];

/** `count` finite doubles from uniform random 64-bit patterns (every exponent, every mantissa). */
function randomDoubles(count: number, seed = 7): number[] {
  const view = new DataView(new ArrayBuffer(8));
  const out: number[] = [];
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  while (out.length < count) {
    view.setUint32(0, next());
    view.setUint32(4, next());
    const x = view.getFloat64(0);
    if (Number.isFinite(x)) out.push(x);
  }
  return out;
}

const bits = (x: number) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0);
};

/** Every number of a run's result, as bits (so −0 and NaN compare exactly). */
const resultBits = (r: ResultEvent) =>
  [...Object.values(r.params).flat(2), ...r.predictions, r.loss, r.maxAbsGradDiff ?? 0].map(bits);

function editsError(text: string, overrides: Partial<ExperimentConfig> = {}): CrosscheckError {
  try {
    resolveConfig({ ...overrides, edits: parseOption('edits', text) });
  } catch (error) {
    if (error instanceof CrosscheckError) return error;
    throw error;
  }
  throw new Error(`'${text}' was accepted`);
}

describe('weight edits as an option (edits, --edit, edit=)', () => {
  it('round-trips every finite double through its text, bit for bit', () => {
    for (const value of [...HARD, ...randomDoubles(2000)]) {
      const edits = [{ epoch: 3, layer: 1, kind: 'W' as const, row: 1, col: 0, value }];
      const text = formatOption('edits', edits);
      const back = parseOption('edits', text)[0]!.value;
      expect(bits(back), text).toBe(bits(value));
      // The web link carries it percent-encoded; decoding gives the same text.
      expect(decodeURIComponent(encodeURIComponent(text))).toBe(text);
    }
    expect(formatOption('edits', [{ epoch: 0, layer: 2, kind: 'b', row: 0, col: 0, value: -0 }])).toBe(
      'b2[0,0]=-0@0',
    );
  });

  it('reads a list in any order and keeps it in the order it applies (epoch, parameter, entry)', () => {
    const edits = parseOption('edits', ' b1[0,1]=2@5, W1[1,0]=-1.5e-3@5,W2[1,0]=.5@0 ');
    expect(formatOption('edits', edits)).toBe('W2[1,0]=0.5@0,W1[1,0]=-0.0015@5,b1[0,1]=2@5');
    expect(parseOption('edits', formatOption('edits', edits))).toEqual(edits);
    expect(parseOption('edits', '')).toEqual([]);
  });

  it('refuses edits that do not fit, naming the edit and what is wrong', () => {
    const flag = (k: keyof ExperimentConfig) => OPTIONS[k].flag;
    const cases: [string, RegExp][] = [
      ['W3[0,0]=1@0', /^--edit W3\[0,0\]=1@0: there is no layer 3: the network 2-2-1 has 2$/],
      ['W1[2,0]=1@0', /^--edit W1\[2,0\]=1@0: W1 is 2×2: rows 0…1, columns 0…1$/],
      ['b2[1,0]=1@0', /^--edit b2\[1,0\]=1@0: b2 is 1×1/],
      ['W1[0,0]=1@10000', /epoch 10000 never starts .*--epochs 10000 runs epochs 0…9999/],
      ['W1[0,0]=1e999@1', /^--edit: 'W1\[0,0\]=1e999@1': the value must be a finite number/],
      ['W1[0,0]=Infinity@1', /the value must be a finite number in decimal notation; got 'Infinity'/],
      ['W1[0,0]=0x10@1', /got '0x10'/],
      ['W1[0,0]=NaN@1', /got 'NaN'/],
      ['X1[0,0]=1@1', /'X1\[0,0\]=1@1' is not an edit such as W1\[0,1\]=0.5@120/],
      ['W0[0,0]=1@1', /must have a layer ≥ 1/],
      ['W1[0,0]=1@1,W1[0,0]=2@1', /^--edit sets W1\[0,0\]@1 twice \(W1\[0,0\]=1@1, W1\[0,0\]=2@1\)$/],
      ['W1[0,0]=1', /is not an edit/],
    ];
    for (const [text, message] of cases) {
      const error = editsError(text);
      expect(error.code).toBe('INVALID_CONFIG');
      expect(error.option).toBe('edits');
      expect(error.describe(flag), text).toMatch(message);
    }
    // Given as data, the list must already be in order (one spelling per run).
    expect(() =>
      resolveConfig({
        edits: [
          { epoch: 2, layer: 1, kind: 'W', row: 0, col: 0, value: 1 },
          { epoch: 1, layer: 1, kind: 'W', row: 0, col: 0, value: 1 },
        ],
      }),
    ).toThrow(/edits must list its edits by epoch/);
    expect(() =>
      resolveConfig({ edits: [{ epoch: 1, layer: 1, kind: 'W', row: 0, col: 0, value: Number.NaN }] }),
    ).toThrow(/edits\[0\] must have a finite value/);
  });

  it('applies an edit at the start of its epoch in every method, as a live setParameter there does', () => {
    const base: Partial<ExperimentConfig> = { epochs: 60, every: 1, optimizer: 'adam', layers: [2, 3, 1] };
    const edits = parseOption('edits', 'W1[1,2]=1.25@20,b2[0,0]=-0.75@20,W2[0,0]=3@41');
    const withEdits = experimentEvents({ ...base, edits }, { table: true });
    const live = experimentEvents(base, { table: true });
    for (let epoch = 0; epoch < 60; epoch++) {
      if (epoch === 20) {
        live.setParameter({ layer: 1, kind: 'W' }, 5, 1.25);
        live.setParameter({ layer: 2, kind: 'b' }, 0, -0.75);
      }
      if (epoch === 41) live.setParameter({ layer: 2, kind: 'W' }, 0, 3);
      const a = withEdits.next().value as EpochEvent;
      const b = live.next().value as EpochEvent;
      expect(a).toEqual(b);
      if (epoch === 20) expect(a.params!.find((r) => r.name === 'W1')!.value[5]).toBe(1.25);
      if (epoch === 41) expect(a.params!.find((r) => r.name === 'W2')!.value[0]).toBe(3);
    }
    const r = withEdits.next().value as ResultEvent;
    expect(resultBits(r)).toEqual(resultBits(live.next().value as ResultEvent));
    // Every method went on from the edited weights: all three still agree.
    expect(Object.keys(r.byMethod!)).toEqual(['manual', 'forward']);
    expect(r.maxAbsGradDiff!).toBeLessThanOrEqual(1e-12);
    expect(r.maxParamDrift!).toBeLessThanOrEqual(1e-12);
    expect(r.firstDisagreement).toBeNull();
    expect(r.params).not.toEqual(runExperimentSync(base).params);
  });

  it('replays bit for bit from its text: the run of a link with edits is the run that made it', () => {
    const text = `W1[0,1]=${formatOption('lr', 0.1 + 0.2)}@0,b1[0,0]=-0@3,W2[1,0]=-2.5e-7@150`;
    const config = resolveConfig({ epochs: 300, edits: parseOption('edits', text) });
    const again = resolveConfig({
      epochs: 300,
      edits: parseOption('edits', formatOption('edits', config.edits)),
    });
    expect(resultBits(runExperimentSync(again))).toEqual(resultBits(runExperimentSync(config)));
    expect(configRecord(config).edits).toEqual(config.edits);
  });
});
