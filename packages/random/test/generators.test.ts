import {
  BaseGenerator,
  createRandom,
  MT19937,
  numpyRandom,
  RandomError,
  type RandomErrorCode,
  type RandomGenerator,
  Sfc32,
} from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { chiSquareUniform, take } from './helpers';

/** Runs `fn`, expecting a RandomError with `code` whose message matches `message`. */
function expectRandomError(fn: () => unknown, code: RandomErrorCode, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(RandomError);
  const error = caught as RandomError;
  expect(error.name).toBe('RandomError');
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

/** Both kinds of generator, freshly seeded each time `make` is called. */
const generators: [string, (seed: number) => RandomGenerator][] = [
  ['numpyRandom (MT19937)', numpyRandom],
  ['createRandom (SFC32)', createRandom],
];

// Chi-square critical values at p = 0.001; the seeds are fixed, so these tests are deterministic.
const CHI2_CRIT = { 2: 13.816, 5: 20.515, 9: 27.877 } as const;

describe.each(generators)('%s', (_name, make) => {
  it('is deterministic: the same seed gives the same stream', () => {
    const a = make(123);
    const b = make(123);
    expect(take(50, () => a.float())).toEqual(take(50, () => b.float()));
    expect(take(50, () => a.normal())).toEqual(take(50, () => b.normal()));
  });

  it('float() is in [0, 1) with mean near 1/2', () => {
    const rng = make(5);
    const xs = take(100000, () => rng.float());
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
  });

  it('normal() has mean near 0 and variance near 1', () => {
    const rng = make(6);
    const xs = take(100000, () => rng.normal());
    expect(xs.every(Number.isFinite)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.015);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });

  describe('uniform(lo, hi)', () => {
    it('stays in [lo, hi)', () => {
      const rng = make(7);
      for (const [lo, hi] of [
        [0, 1],
        [-3, 5],
        [-1e-300, 1e-300],
        [1e15, 1e15 + 4],
        [-Number.MAX_VALUE / 2, Number.MAX_VALUE / 2],
      ] as const) {
        for (const x of take(2000, () => rng.uniform(lo, hi))) {
          expect(x >= lo && x < hi, `uniform(${lo}, ${hi}) gave ${x}`).toBe(true);
        }
      }
    });

    it('never returns hi, even where lo + (hi - lo)·u rounds up to it', () => {
      const lo = 1;
      const hi = 1 + 2 ** -52; // the next double after 1
      const probe = make(8);
      const naive = take(1000, () => lo + (hi - lo) * probe.float());
      expect(naive.some((x) => x === hi)).toBe(true); // the hazard is real
      const rng = make(8);
      expect(take(1000, () => rng.uniform(lo, hi)).every((x) => x === lo)).toBe(true);
    });

    it('returns lo when lo === hi', () => {
      expect(make(9).uniform(2.5, 2.5)).toBe(2.5);
    });

    it('rejects bad bounds with INVALID_RANGE naming the argument', () => {
      const rng = make(10);
      expectRandomError(
        () => rng.uniform(Number.NaN, 1),
        'INVALID_RANGE',
        /uniform\(lo, hi\): lo must be .*NaN/,
      );
      expectRandomError(
        () => rng.uniform(0, Infinity),
        'INVALID_RANGE',
        /hi must be a finite number, got Infinity/,
      );
      expectRandomError(() => rng.uniform(2, 1), 'INVALID_RANGE', /hi must be >= lo, got lo=2, hi=1/);
      expectRandomError(
        () => rng.uniform(-Number.MAX_VALUE, Number.MAX_VALUE),
        'INVALID_RANGE',
        /hi - lo must be finite/,
      );
    });
  });

  describe('integer(lo, hi)', () => {
    it('returns integers in [lo, hi) and reaches both ends', () => {
      const rng = make(11);
      for (const [lo, hi] of [
        [0, 2],
        [-5, 5],
        [1000, 1007],
        [-(2 ** 31), 2 ** 31],
        [Number.MAX_SAFE_INTEGER - 10, Number.MAX_SAFE_INTEGER],
      ] as const) {
        const xs = take(3000, () => rng.integer(lo, hi));
        expect(xs.every((x) => Number.isInteger(x) && x >= lo && x < hi)).toBe(true);
        if (hi - lo <= 10) {
          expect(Math.min(...xs)).toBe(lo);
          expect(Math.max(...xs)).toBe(hi - 1);
        }
      }
    });

    it('integer(lo, lo + 1) is always lo', () => {
      const rng = make(12);
      expect(new Set(take(100, () => rng.integer(-3, -2)))).toEqual(new Set([-3]));
    });

    it('integer(0, 2^32) is the raw 32-bit stream', () => {
      const a = numpyRandom(13);
      const b = new MT19937(13);
      expect(take(20, () => a.integer(0, 2 ** 32))).toEqual(take(20, () => b.nextUint32()));
    });

    it('is uniform over 10 values (chi-square, fixed seed)', () => {
      const rng = make(2024);
      const counts = new Array<number>(10).fill(0);
      for (let i = 0; i < 100000; i++) counts[rng.integer(0, 10)]!++;
      expect(chiSquareUniform(counts)).toBeLessThan(CHI2_CRIT[9]);
    });

    it('has no modulo bias where a plain `% span` would (span = 3·2^30)', () => {
      // Without rejection, r % (3·2^30) would hit [0, 2^30) twice as often as the other two
      // thirds: expected counts 2:1:1, a chi-square in the thousands here.
      const rng = make(2025);
      const span = 3 * 2 ** 30;
      const counts = [0, 0, 0];
      for (let i = 0; i < 30000; i++) counts[Math.floor(rng.integer(0, span) / 2 ** 30)]!++;
      expect(chiSquareUniform(counts)).toBeLessThan(CHI2_CRIT[2]);
    });

    it('rejects bad bounds with INVALID_RANGE naming the argument', () => {
      const rng = make(14);
      expectRandomError(
        () => rng.integer(0.5, 3),
        'INVALID_RANGE',
        /integer\(lo, hi\): lo must be a safe integer, got 0.5/,
      );
      expectRandomError(
        () => rng.integer(0, 2 ** 53),
        'INVALID_RANGE',
        /hi must be a safe integer, got 9007199254740992/,
      );
      expectRandomError(
        () => rng.integer(0, Number.NaN),
        'INVALID_RANGE',
        /hi must be a safe integer, got NaN/,
      );
      expectRandomError(() => rng.integer(3, 3), 'INVALID_RANGE', /hi must be greater than lo .*lo=3, hi=3/);
      expectRandomError(() => rng.integer(0, 2 ** 32 + 1), 'INVALID_RANGE', /hi - lo must be at most 2\^32/);
    });
  });

  describe('shuffle', () => {
    it('returns the same array, holding a permutation of its items', () => {
      const rng = make(15);
      const items = Array.from({ length: 100 }, (_, i) => i);
      const result = rng.shuffle(items);
      expect(result).toBe(items);
      expect([...result].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(result).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    });

    it('is deterministic for a seed', () => {
      const items = () => ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
      expect(make(16).shuffle(items())).toEqual(make(16).shuffle(items()));
    });

    it('handles empty and one-item arrays', () => {
      const rng = make(17);
      expect(rng.shuffle([])).toEqual([]);
      expect(rng.shuffle(['x'])).toEqual(['x']);
    });

    it('makes all 6 orders of 3 items equally likely (chi-square, fixed seed)', () => {
      const rng = make(18);
      const counts = new Map<string, number>();
      for (let i = 0; i < 60000; i++) {
        const key = rng.shuffle([1, 2, 3]).join('');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      expect(counts.size).toBe(6);
      expect(chiSquareUniform([...counts.values()])).toBeLessThan(CHI2_CRIT[5]);
    });
  });

  describe('fork', () => {
    it('is deterministic: the same parent state gives the same child', () => {
      const a = make(19).fork();
      const b = make(19).fork();
      expect(take(100, () => a.float())).toEqual(take(100, () => b.float()));
    });

    it('successive forks, and the parent, give different streams', () => {
      const parent = make(20);
      const c1 = parent.fork();
      const c2 = parent.fork();
      const s1 = take(20, () => c1.float());
      const s2 = take(20, () => c2.float());
      const sp = take(20, () => parent.float());
      expect(s1).not.toEqual(s2);
      expect(s1).not.toEqual(sp);
      expect(s2).not.toEqual(sp);
      expect(new Set([...s1, ...s2, ...sp]).size).toBe(60);
    });

    it('children are usable generators and can fork again', () => {
      const child = make(21).fork();
      const grandchild = child.fork();
      const xs = take(10000, () => grandchild.float());
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
      expect(grandchild.integer(0, 3)).toBeLessThan(3);
    });

    it('advances the parent by four 32-bit words and keeps its cached Gaussian', () => {
      const parent = new MT19937(22);
      const reference = new MT19937(22);
      parent.normal();
      reference.normal();
      parent.fork();
      for (let i = 0; i < 4; i++) reference.nextUint32();
      expect(parent.normal()).toBe(reference.normal()); // the spare, untouched by fork
      expect(parent.nextUint32()).toBe(reference.nextUint32());
    });
  });
});

describe('createRandom', () => {
  it('gives unrelated streams for nearby seeds', () => {
    const firsts = new Set<number>();
    for (let seed = 0; seed < 1000; seed++) firsts.add(createRandom(seed).float());
    expect(firsts.size).toBe(1000);
    const a = take(10, () => createRandom(1).float());
    const b = take(10, () => createRandom(2).float());
    expect(a).not.toEqual(b);
  });

  it('differs from numpyRandom for the same seed', () => {
    expect(createRandom(42).float()).not.toBe(numpyRandom(42).float());
  });
});

describe('Sfc32', () => {
  /** SFC32 written out independently (Doty-Humphrey's reference, in signed 32-bit JS ops). */
  function referenceSfc32(a: number, b: number, c: number, d: number): () => number {
    const next = (): number => {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      return t >>> 0;
    };
    for (let i = 0; i < 12; i++) next();
    return next;
  }

  it('matches an independent SFC32 after the 12-step warm-up', () => {
    const seeds: [number, number, number, number][] = [
      [0, 0, 0, 0],
      [1, 2, 3, 4],
      [0xffffffff, 0x9e3779b9, 0x12345678, 0xdeadbeef],
    ];
    for (const seed of seeds) {
      const rng = new Sfc32(...seed);
      const ref = referenceSfc32(...seed);
      expect(take(1000, () => rng.nextUint32())).toEqual(take(1000, ref));
    }
  });

  it('gives different streams for seeds differing only in the counter word (0 vs 1)', () => {
    expect(new Sfc32(5, 6, 7, 0).nextUint32()).not.toBe(new Sfc32(5, 6, 7, 1).nextUint32());
  });

  it('rejects a state word outside [0, 2^32), naming it', () => {
    expectRandomError(
      () => new Sfc32(1, -1, 0, 0),
      'INVALID_SEED',
      /Sfc32: b must be an integer in \[0, 2\^32\), got -1/,
    );
    expectRandomError(() => new Sfc32(1, 2, 3, 2 ** 32), 'INVALID_SEED', /Sfc32: d must be/);
  });
});

describe('BaseGenerator', () => {
  it('builds every method on a subclass’s nextUint32()', () => {
    class Counter extends BaseGenerator {
      private n = 0;
      nextUint32(): number {
        this.n = (this.n + 0x9e3779b9) >>> 0;
        return this.n;
      }
    }
    const rng = new Counter();
    expect(rng.float()).toBeGreaterThanOrEqual(0);
    expect(rng.integer(0, 10)).toBeLessThan(10);
    expect(Number.isFinite(rng.normal())).toBe(true);
  });
});

describe('seed validation', () => {
  const makers: [string, (seed: number) => unknown][] = [
    ['numpyRandom', numpyRandom],
    ['createRandom', createRandom],
    ['MT19937', (seed) => new MT19937(seed)],
  ];

  it.each(makers)('%s rejects negative, non-integer, too large and non-finite seeds', (name, make) => {
    for (const bad of [-1, 1.5, 2 ** 32, 2 ** 53, Number.NaN, Infinity, -Infinity]) {
      expectRandomError(
        () => make(bad),
        'INVALID_SEED',
        new RegExp(
          `^${name}: seed must be an integer in \\[0, 2\\^32\\), got ${String(bad).replace('.', '\\.')}$`,
        ),
      );
    }
  });

  it.each(makers)('%s rejects a non-number seed from untyped callers', (_name, make) => {
    expectRandomError(() => make('42' as unknown as number), 'INVALID_SEED', /got 42/);
  });

  it.each(makers)('%s accepts 0 and 2^32 - 1', (_name, make) => {
    expect(() => make(0)).not.toThrow();
    expect(() => make(2 ** 32 - 1)).not.toThrow();
  });
});
