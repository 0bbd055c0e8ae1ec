/**
 * Normalisation layers: LayerNorm (each row over its features) and BatchNorm1d (each feature
 * over the batch, with running statistics for evaluation). Both are built from core ops, so
 * their gradients (and gradients of gradients) come from the engine.
 */
import type { Tensor } from '@deltagrad/core';
import { peekValues, tensorOver } from '@deltagrad/core/internal';
import type { ModuleBuffer } from '../buffer';
import { fmtShape, NnError } from '../errors';
import { Module } from '../module';
import type { Parameter } from '../parameter';
import { registerLayer } from '../registry';
import { boolean, checkOptionKeys, given, inRange, integer, positive } from '../validate';
import { booleanField, integerField } from './fields';

/** A {@link LayerNorm} in a model file. */
export interface LayerNormDescriptor {
  type: 'LayerNorm';
  features: number;
  eps: number;
  affine: boolean;
}

/** A {@link BatchNorm1d} in a model file. */
export interface BatchNorm1dDescriptor {
  type: 'BatchNorm1d';
  features: number;
  eps: number;
  /** null: a cumulative average (PyTorch's `momentum=None`). */
  momentum: number | null;
  affine: boolean;
  trackRunningStats: boolean;
}

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn a per-feature scale `gamma` (ones) and shift `beta` (zeros) (default true). */
  affine?: boolean;
}

/** Options of {@link BatchNorm1d}. */
export interface BatchNorm1dOptions extends LayerNormOptions {
  /**
   * The weight of each new batch in the running statistics, in [0, 1] (default 0.1); null for
   * their plain average over every batch so far.
   */
  momentum?: number | null;
  /** Keep running statistics and use them in evaluation mode (default true). */
  trackRunningStats?: boolean;
}

function checkInput(layer: Module, x: Tensor, features: number, rank: 'any' | 2): void {
  const ok = (rank === 2 ? x.rank === 2 : x.rank >= 1) && x.shape[x.rank - 1] === features;
  if (!ok) {
    throw new NnError(
      'SHAPE_MISMATCH',
      `${layer}: input of shape ${fmtShape(x.shape)} should have shape ${rank === 2 ? `[batch, ${features}]` : `[..., ${features}]`}`,
    );
  }
}

/** (x − mean) / √(var + eps), then · gamma + beta when given. */
function normalise(centred: Tensor, variance: Tensor, eps: number, gamma?: Tensor, beta?: Tensor): Tensor {
  const y = centred.div(variance.add(eps).sqrt());
  return gamma && beta ? y.mul(gamma).add(beta) : y;
}

/**
 * Layer normalisation (PyTorch's `nn.LayerNorm` over the last axis): each row is shifted and
 * scaled to mean 0 and variance 1 over its `features` values, y = (x − μ)/√(σ² + eps) · γ + β,
 * with σ² the biased variance (divided by the number of features). The same in training and
 * evaluation. Parameters `gamma` and `beta`, shape [features] (unless `affine: false`).
 *
 * @example
 * ```ts
 * const norm = new LayerNorm(16);
 * norm.forward(x); // x of shape [batch, 16]
 * ```
 */
export class LayerNorm extends Module {
  readonly eps: number;
  /** The per-feature scale γ (ones at first), or null without `affine`. */
  readonly gamma: Parameter | null;
  /** The per-feature shift β (zeros at first), or null without `affine`. */
  readonly beta: Parameter | null;

  /** @throws {@link NnError} `INVALID_OPTION` for a size or option out of range. */
  constructor(
    readonly features: number,
    opts: LayerNormOptions = {},
  ) {
    super();
    integer('LayerNorm', 'features', features, 1);
    checkOptionKeys('LayerNorm', opts, ['eps', 'affine']);
    this.eps = positive('LayerNorm', 'eps', given(opts.eps, 1e-5));
    const affine = boolean('LayerNorm', 'affine', given(opts.affine, true));
    this.gamma = affine ? this.registerParameter('gamma', filled(features, 1)) : null;
    this.beta = affine ? this.registerParameter('beta', filled(features, 0)) : null;
  }

  /**
   * Normalises each row of x (shape [..., features]) over its last axis.
   *
   * @throws {@link NnError} `SHAPE_MISMATCH` if x does not end in `features` values.
   */
  forward(x: Tensor): Tensor {
    checkInput(this, x, this.features, 'any');
    const centred = x.sub(x.mean(-1, true));
    const variance = centred.square().mean(-1, true);
    return normalise(centred, variance, this.eps, this.gamma?.value, this.beta?.value);
  }

  override toString(): string {
    return `LayerNorm(${this.features})`;
  }
}

/**
 * Batch normalisation over a batch of rows (PyTorch's `nn.BatchNorm1d` for [batch, features]
 * input). In training mode each feature is normalised with the batch's mean and biased
 * variance, y = (x − μ_B)/√(σ²_B + eps) · γ + β, and the running statistics are updated:
 * running = (1 − momentum) · running + momentum · batch value, with the unbiased variance
 * (σ²_B · n/(n − 1)) for `runningVar`, as PyTorch does. In evaluation mode the running mean and
 * variance are used instead, so predictions do not depend on the batch.
 *
 * Parameters `gamma`, `beta` (shape [features]); buffers `runningMean` (zeros), `runningVar`
 * (ones) and `batchesTracked` (a 0-d count), saved in model and state files but not trained.
 *
 * @example
 * ```ts
 * const model = new Sequential(new Linear(4, 8), new BatchNorm1d(8), new ReLU(), new Linear(8, 3));
 * ```
 */
export class BatchNorm1d extends Module {
  readonly eps: number;
  readonly momentum: number | null;
  /** The per-feature scale γ (ones at first), or null without `affine`. */
  readonly gamma: Parameter | null;
  /** The per-feature shift β (zeros at first), or null without `affine`. */
  readonly beta: Parameter | null;
  /** The running mean, shape [features] (null without `trackRunningStats`). */
  readonly runningMean: ModuleBuffer | null;
  /** The running (unbiased) variance, shape [features] (null without `trackRunningStats`). */
  readonly runningVar: ModuleBuffer | null;
  /** The number of training batches seen, a 0-d tensor (null without `trackRunningStats`). */
  readonly batchesTracked: ModuleBuffer | null;

  /** @throws {@link NnError} `INVALID_OPTION` for a size or option out of range. */
  constructor(
    readonly features: number,
    opts: BatchNorm1dOptions = {},
  ) {
    super();
    integer('BatchNorm1d', 'features', features, 1);
    checkOptionKeys('BatchNorm1d', opts, ['eps', 'momentum', 'affine', 'trackRunningStats']);
    this.eps = positive('BatchNorm1d', 'eps', given(opts.eps, 1e-5));
    const momentum = given(opts.momentum, 0.1);
    this.momentum = momentum === null ? null : inRange('BatchNorm1d', 'momentum', momentum, 0, 1, true);
    const affine = boolean('BatchNorm1d', 'affine', given(opts.affine, true));
    const track = boolean('BatchNorm1d', 'trackRunningStats', given(opts.trackRunningStats, true));
    this.gamma = affine ? this.registerParameter('gamma', filled(features, 1)) : null;
    this.beta = affine ? this.registerParameter('beta', filled(features, 0)) : null;
    this.runningMean = track ? this.registerBuffer('runningMean', filled(features, 0)) : null;
    this.runningVar = track ? this.registerBuffer('runningVar', filled(features, 1)) : null;
    this.batchesTracked = track
      ? this.registerBuffer('batchesTracked', tensorOver(Float64Array.of(0), []))
      : null;
  }

  /**
   * Normalises each feature of x (shape [batch, features]): with the batch's statistics in
   * training mode (and updates the running ones), with the running ones in evaluation mode.
   *
   * @throws {@link NnError} `SHAPE_MISMATCH` for another shape, or a batch of one row in
   *   training mode (its variance is 0: nothing to normalise by, as PyTorch refuses too).
   */
  forward(x: Tensor): Tensor {
    checkInput(this, x, this.features, 2);
    const gamma = this.gamma?.value;
    const beta = this.beta?.value;
    if (!this.training && this.runningMean && this.runningVar) {
      return normalise(x.sub(this.runningMean.value), this.runningVar.value, this.eps, gamma, beta);
    }
    const n = x.shape[0]!;
    if (n < 2) {
      throw new NnError(
        'SHAPE_MISMATCH',
        `${this}: a training batch needs at least 2 rows to have a variance, got shape ${fmtShape(x.shape)} (use eval() to predict one row)`,
      );
    }
    const mean = x.mean(0, true);
    const centred = x.sub(mean);
    const variance = centred.square().mean(0, true);
    if (this.training && this.runningMean && this.runningVar && this.batchesTracked) {
      this.#track(peekValues(mean), peekValues(variance), n);
    }
    return normalise(centred, variance, this.eps, gamma, beta);
  }

  /** running ← (1 − m)·running + m·batch (m = 1/count without momentum), the variance unbiased. */
  #track(mean: Float64Array, variance: Float64Array, n: number): void {
    const count = this.batchesTracked!.value.item() + 1;
    const m = this.momentum ?? 1 / count;
    const runMean = peekValues(this.runningMean!.value);
    const runVar = peekValues(this.runningVar!.value);
    const nextMean = new Float64Array(this.features);
    const nextVar = new Float64Array(this.features);
    for (let j = 0; j < this.features; j++) {
      nextMean[j] = (1 - m) * runMean[j]! + m * mean[j]!;
      nextVar[j] = (1 - m) * runVar[j]! + m * ((variance[j]! * n) / (n - 1));
    }
    this.runningMean!.value = tensorOver(nextMean, [this.features]);
    this.runningVar!.value = tensorOver(nextVar, [this.features]);
    this.batchesTracked!.value = tensorOver(Float64Array.of(count), []);
  }

  override toString(): string {
    return `BatchNorm1d(${this.features})`;
  }
}

function filled(n: number, value: number): Tensor {
  return tensorOver(new Float64Array(n).fill(value), [n]);
}

const epsField = {
  expected: 'a finite number > 0',
  test: (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0,
};

/** A norm layer keeps its input's width, which must be `features`. */
function featuresWidth(type: string) {
  return (c: { features: number }, inputWidth: number | null, at: string): number => {
    if (inputWidth !== null && inputWidth !== c.features) {
      throw new NnError(
        'SHAPE_MISMATCH',
        `${at}: ${type} normalises ${c.features} features but the layers before it give ${inputWidth}`,
      );
    }
    return c.features;
  };
}

const affineShapes = (c: { features: number; affine: boolean }) =>
  c.affine
    ? ([
        ['gamma', [c.features]],
        ['beta', [c.features]],
      ] as const)
    : [];

registerLayer<LayerNorm, Omit<LayerNormDescriptor, 'type'>>({
  type: 'LayerNorm',
  cls: LayerNorm,
  fields: { features: integerField(1), eps: epsField, affine: booleanField },
  config: (m) => ({ features: m.features, eps: m.eps, affine: m.gamma !== null }),
  build: (c) => new LayerNorm(c.features, { eps: c.eps, affine: c.affine }),
  parameters: affineShapes,
  pytorch: { names: { gamma: 'weight', beta: 'bias' } },
  outputWidth: featuresWidth('LayerNorm'),
});

registerLayer<BatchNorm1d, Omit<BatchNorm1dDescriptor, 'type'>>({
  type: 'BatchNorm1d',
  cls: BatchNorm1d,
  fields: {
    features: integerField(1),
    eps: epsField,
    momentum: {
      expected: 'a number in [0, 1] or null',
      test: (v) => v === null || (typeof v === 'number' && v >= 0 && v <= 1),
    },
    affine: booleanField,
    trackRunningStats: booleanField,
  },
  config: (m) => ({
    features: m.features,
    eps: m.eps,
    momentum: m.momentum,
    affine: m.gamma !== null,
    trackRunningStats: m.runningMean !== null,
  }),
  build: (c) =>
    new BatchNorm1d(c.features, {
      eps: c.eps,
      momentum: c.momentum,
      affine: c.affine,
      trackRunningStats: c.trackRunningStats,
    }),
  parameters: affineShapes,
  buffers: (c) =>
    c.trackRunningStats
      ? [
          ['runningMean', [c.features]],
          ['runningVar', [c.features]],
          ['batchesTracked', []],
        ]
      : [],
  pytorch: {
    names: {
      gamma: 'weight',
      beta: 'bias',
      runningMean: 'running_mean',
      runningVar: 'running_var',
      batchesTracked: 'num_batches_tracked',
    },
    int64: ['batchesTracked'],
  },
  outputWidth: featuresWidth('BatchNorm1d'),
});
