import type { Tensor } from '@deltagrad/core';
import { tensorOver } from '@deltagrad/core/internal';
import type { RandomGenerator } from '@deltagrad/random';
import { defaultGenerator } from '../default-generator';
import { Module } from '../module';
import { registerLayer } from '../registry';
import { checkOptionKeys, generatorOption, inRange } from '../validate';
import { sameWidth } from './fields';

/** A {@link Dropout} layer in a model file (its generator is not saved). */
export interface DropoutDescriptor {
  type: 'Dropout';
  p: number;
}

/** Options of {@link Dropout}. */
export interface DropoutOptions {
  /** Seed of the layer's own mask generator: the same seed gives the same masks, in order. */
  seed?: number;
  /** Draw masks from this generator (it advances); not with `seed`. */
  generator?: RandomGenerator;
}

/**
 * Inverted dropout (PyTorch's `nn.Dropout`): in training mode each value is zeroed with
 * probability `p` and the others are scaled by 1/(1 − p), so the expected output is the input;
 * in evaluation mode (`eval()`, `predict`) it is the identity. The gradient flows through the
 * kept values, times the same 1/(1 − p).
 *
 * Masks are drawn value by value, row-major (a value is dropped when `float() < p`), from the
 * layer's own generator (`seed` or `generator`) or, without one, from nn's default generator
 * at the time of the call (so `manualSeed` fixes them, as `torch.manual_seed` does).
 *
 * @example
 * ```ts
 * const model = new Sequential(new Linear(2, 16), new ReLU(), new Dropout(0.2, { seed: 1 }), new Linear(16, 1));
 * model.train(); // masks drawn
 * model.eval();  // identity
 * ```
 */
export class Dropout extends Module {
  readonly #rng: RandomGenerator | null;

  /**
   * @param p - the probability of zeroing each value, in [0, 1] (default 0.5)
   * @throws {@link NnError} `INVALID_OPTION` for a p outside [0, 1] or a bad option.
   */
  constructor(
    readonly p = 0.5,
    opts: DropoutOptions = {},
  ) {
    super();
    inRange('Dropout', 'p', p, 0, 1, true);
    checkOptionKeys('Dropout', opts, ['seed', 'generator']);
    const own = opts.seed !== undefined || opts.generator !== undefined;
    this.#rng = own ? generatorOption('Dropout', opts) : null;
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const rng = this.#rng ?? defaultGenerator();
    const keep = this.p === 1 ? 0 : 1 / (1 - this.p);
    const mask = new Float64Array(x.size);
    for (let k = 0; k < mask.length; k++) mask[k] = rng.float() < this.p ? 0 : keep;
    // Not exposed (no user code holds the mask), so the mul node that saves it skips the in-place checksums.
    return x.mul(tensorOver(mask, [...x.shape]));
  }

  override toString(): string {
    return `Dropout(p=${this.p})`;
  }
}

registerLayer<Dropout, Omit<DropoutDescriptor, 'type'>>({
  type: 'Dropout',
  cls: Dropout,
  fields: {
    p: {
      expected: 'a number in [0, 1]',
      test: (v) => typeof v === 'number' && v >= 0 && v <= 1,
    },
  },
  config: (m) => ({ p: m.p }),
  build: (c) => new Dropout(c.p),
  outputWidth: sameWidth,
});
