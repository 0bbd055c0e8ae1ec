import { BaseGenerator } from './base';
import { assertSeed } from './errors';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/**
 * A snapshot of an {@link MT19937}, laid out like NumPy's `RandomState.get_state()` tuple
 * `('MT19937', key, pos, has_gauss, cached_gaussian)`, so the two can be compared directly.
 */
export interface MT19937State {
  /** The 624-word state vector (a copy). */
  key: Uint32Array;
  /** Index of the next word to temper; 624 means the next draw twists first. */
  pos: number;
  /** Whether a Gaussian is cached for the next `normal()`. */
  hasGauss: boolean;
  /** The cached Gaussian, or 0 when there is none (as NumPy reports it). */
  cachedGaussian: number;
}

/**
 * The Mersenne Twister MT19937 (Matsumoto & Nishimura, 1998), seeded with `init_genrand`
 * exactly as NumPy's legacy `np.random.seed(s)` does for an integer seed. With it,
 * `float()` equals `np.random.random_sample()` / `rand()`, `normal()` equals
 * `np.random.randn()` (polar method, spare cached between calls) and `uniform(lo, hi)` equals
 * `np.random.uniform(lo, hi)`, bit for bit. `integer`, `shuffle` and `fork` are deltagrad's
 * own and do not match NumPy's `randint`/`shuffle`.
 *
 * @example
 * ```ts
 * const rng = new MT19937(42);
 * rng.normal(); // 0.4967141530112327, as np.random.seed(42); np.random.randn()
 * ```
 */
export class MT19937 extends BaseGenerator {
  private readonly mt = new Uint32Array(N);
  private index = N;

  /**
   * @param seed - an integer in [0, 2^32), as accepted by `np.random.seed`
   * @throws {@link RandomError} `INVALID_SEED` if `seed` is not an integer in [0, 2^32).
   */
  constructor(seed: number) {
    super();
    assertSeed(seed, 'MT19937');
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      // 1812433253 * prev mod 2^32, split to stay exact in doubles.
      mt[i] =
        (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i) >>> 0;
    }
  }

  /** The next raw 32-bit output (`genrand_int32`; NumPy's `random_raw`). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A copy of the state, comparable field by field with NumPy's `RandomState.get_state()`. */
  getState(): MT19937State {
    return {
      key: this.mt.slice(),
      pos: this.index,
      hasGauss: this.spare !== undefined,
      cachedGaussian: this.spare ?? 0,
    };
  }

  private twist(): void {
    const mt = this.mt;
    for (let k = 0; k < N; k++) {
      const y = (mt[k]! & UPPER_MASK) | (mt[(k + 1) % N]! & LOWER_MASK);
      mt[k] = mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }
}
