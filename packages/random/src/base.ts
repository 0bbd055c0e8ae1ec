import { RandomError } from './errors';
import type { RandomGenerator } from './types';

/**
 * Everything a generator needs beyond its two primitives, `float()` and `nextUint32()`.
 * `normal()` is the polar method with a cached spare (NumPy's legacy gauss), so MT19937
 * subclasses match `np.random.randn` bit for bit.
 */
export abstract class BaseGenerator implements RandomGenerator {
  private spare: number | undefined = undefined;

  /** The next 32 random bits as an unsigned integer. */
  abstract nextUint32(): number;

  /** A double in [0, 1) from 53 bits: (a·2^26 + b) / 2^53 with a = 27 bits, b = 26 bits. */
  float(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  normal(): number {
    if (this.spare !== undefined) {
      const cached = this.spare;
      this.spare = undefined;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.float() - 1;
      x2 = 2 * this.float() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.spare = f * x1;
    return f * x2;
  }

  uniform(lo: number, hi: number): number {
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) {
      throw new RandomError('INVALID_RANGE', `uniform(lo, hi): need finite lo <= hi, got lo=${lo}, hi=${hi}`);
    }
    return lo + (hi - lo) * this.float();
  }

  integer(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi <= lo || hi - lo > 0x100000000) {
      throw new RandomError(
        'INVALID_RANGE',
        `integer(lo, hi): need integers lo < hi with hi - lo <= 2^32, got lo=${lo}, hi=${hi}`,
      );
    }
    const span = hi - lo;
    if (span === 0x100000000) return lo + this.nextUint32();
    // Rejection sampling: discard the top partial block so every value is equally likely.
    const limit = 0x100000000 - (0x100000000 % span);
    let r = this.nextUint32();
    while (r >= limit) r = this.nextUint32();
    return lo + (r % span);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(0, i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  fork(): RandomGenerator {
    // Seeded from four fresh words of this stream through SplitMix64-style mixing in SFC32.
    return new Sfc32(this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32());
  }
}

/**
 * SFC32 (Chris Doty-Humphrey's Small Fast Chaotic generator): 128 bits of state, passes
 * PractRand, and is several times faster than MT19937 in JavaScript.
 */
export class Sfc32 extends BaseGenerator {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    super();
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0 || 1;
    // Warm up so that related seeds diverge.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }
}
