import { fmtValue, NnError } from '../errors';
import { boolean, checkOptionKeys, given, inRange, nonNegative, positive } from '../validate';
import { BaseOptimizer, type ParamsInput, powInt, type SlotState, zerosBuffer } from './optimizer';
import type { SavedStateRules } from './state';

/** Options of {@link Adam} and {@link AdamW} (PyTorch's names and defaults). */
export interface AdamOptions {
  /** Learning rate γ (default 1e-3). */
  lr?: number;
  /** Decay rates (β1, β2) of the moment estimates, each in [0, 1) (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  eps?: number;
  /** Weight decay λ (Adam: L2 added to the gradient, default 0; AdamW: decoupled, default 1e-2). */
  weightDecay?: number;
  /** Use the AMSGrad variant (default false). */
  amsgrad?: boolean;
}

/** {@link AdamOptions} with every field resolved. */
export interface ResolvedAdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
}

/** `saved`: options from a saved state, where lr 0 (a schedule's end) is allowed. */
function resolveAdam(where: string, opts: unknown, defaultDecay: number, saved = false): ResolvedAdamOptions {
  checkOptionKeys(where, opts, ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad']);
  const o = (opts ?? {}) as AdamOptions;
  const betas = given(o.betas, [0.9, 0.999]);
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new NnError(
      'INVALID_OPTION',
      `${where}: option betas must be a pair [beta1, beta2] of numbers in [0, 1), got ${fmtValue(betas)}`,
    );
  }
  return {
    lr: (saved ? nonNegative : positive)(where, 'lr', given(o.lr, 1e-3)),
    betas: [inRange(where, 'betas[0]', betas[0], 0, 1), inRange(where, 'betas[1]', betas[1], 0, 1)],
    eps: nonNegative(where, 'eps', given(o.eps, 1e-8)),
    weightDecay: nonNegative(where, 'weightDecay', given(o.weightDecay, defaultDecay)),
    amsgrad: boolean(where, 'amsgrad', given(o.amsgrad, false)),
  };
}

function adamRequiredBuffers(opts: ResolvedAdamOptions): readonly string[] {
  return opts.amsgrad ? ['expAvg', 'expAvgSq', 'maxExpAvgSq'] : ['expAvg', 'expAvgSq'];
}

/** @internal How a saved Adam state is read (see `SavedStateRules`). */
export const ADAM_STATE: SavedStateRules<ResolvedAdamOptions> = {
  options: (saved) => resolveAdam('Adam', saved, 0, true),
  requiredBuffers: adamRequiredBuffers,
};

/** @internal How a saved AdamW state is read (see `SavedStateRules`). */
export const ADAMW_STATE: SavedStateRules<ResolvedAdamOptions> = {
  options: (saved) => resolveAdam('AdamW', saved, 1e-2, true),
  requiredBuffers: adamRequiredBuffers,
};

/** The moment updates and the step shared by Adam and AdamW (PyTorch's documented form). */
function adamStep(
  opts: ResolvedAdamOptions,
  theta: Float64Array,
  g: Float64Array,
  slot: SlotState,
  out: Float64Array,
): void {
  const { lr, eps, amsgrad } = opts;
  const [b1, b2] = opts.betas;
  const n = theta.length;
  const m = zerosBuffer(slot, 'expAvg', n);
  const v = zerosBuffer(slot, 'expAvgSq', n);
  const vmax = amsgrad ? zerosBuffer(slot, 'maxExpAvgSq', n) : null;
  const bc1 = 1 - powInt(b1, slot.step);
  const bc2 = 1 - powInt(b2, slot.step);
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    m[i] = b1 * m[i]! + (1 - b1) * gi;
    v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
    const mHat = m[i]! / bc1;
    let vHat: number;
    if (vmax) {
      vmax[i] = Math.max(vmax[i]!, v[i]!);
      vHat = vmax[i]! / bc2;
    } else {
      vHat = v[i]! / bc2;
    }
    out[i] = theta[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
  }
}

/**
 * Adam, following the algorithm in PyTorch's `torch.optim.Adam` documentation
 * (https://pytorch.org/docs/stable/generated/torch.optim.Adam.html):
 *
 * ```text
 * g_t ← ∇θ f(θ_{t−1});  if λ ≠ 0: g_t ← g_t + λ θ_{t−1}
 * m_t ← β1 m_{t−1} + (1 − β1) g_t
 * v_t ← β2 v_{t−1} + (1 − β2) g_t²
 * m̂_t ← m_t / (1 − β1^t)
 * if amsgrad: v_t^max ← max(v_{t−1}^max, v_t);  v̂_t ← v_t^max / (1 − β2^t)
 * else:       v̂_t ← v_t / (1 − β2^t)
 * θ_t ← θ_{t−1} − γ m̂_t / (√v̂_t + ε)
 * ```
 *
 * @example
 * ```ts
 * const opt = new Adam(model, { lr: 0.05 });
 * ```
 */
export class Adam extends BaseOptimizer<ResolvedAdamOptions> {
  readonly type = 'Adam' as const;

  /** @throws {@link NnError} `INVALID_OPTION` naming the option at fault. */
  constructor(params: ParamsInput, opts: AdamOptions = {}) {
    super('Adam', params, resolveAdam('Adam', opts, 0));
  }

  protected readonly savedState = ADAM_STATE;

  protected update(theta: Float64Array, grad: Float64Array, slot: SlotState, out: Float64Array): void {
    const { weightDecay } = this.opts;
    let g = grad;
    if (weightDecay !== 0) {
      g = new Float64Array(grad);
      for (let i = 0; i < g.length; i++) g[i] = g[i]! + weightDecay * theta[i]!;
    }
    adamStep(this.opts, theta, g, slot, out);
  }
}

/**
 * AdamW: Adam with decoupled weight decay, following the algorithm in PyTorch's
 * `torch.optim.AdamW` documentation
 * (https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html): first
 * θ_t ← θ_{t−1} − γ λ θ_{t−1}, then Adam's moment updates and step from θ_t with the plain
 * gradient. Default weight decay 1e-2.
 *
 * @example
 * ```ts
 * const opt = new AdamW(model, { lr: 1e-3, weightDecay: 1e-2 });
 * ```
 */
export class AdamW extends BaseOptimizer<ResolvedAdamOptions> {
  readonly type = 'AdamW' as const;

  /** @throws {@link NnError} `INVALID_OPTION` naming the option at fault. */
  constructor(params: ParamsInput, opts: AdamOptions = {}) {
    super('AdamW', params, resolveAdam('AdamW', opts, 1e-2));
  }

  protected readonly savedState = ADAMW_STATE;

  protected update(theta: Float64Array, grad: Float64Array, slot: SlotState, out: Float64Array): void {
    const { lr, weightDecay } = this.opts;
    let decayed = theta;
    if (weightDecay !== 0) {
      decayed = new Float64Array(theta.length);
      for (let i = 0; i < theta.length; i++) decayed[i] = theta[i]! - lr * weightDecay * theta[i]!;
    }
    adamStep(this.opts, decayed, grad, slot, out);
  }
}
