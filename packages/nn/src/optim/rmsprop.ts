import { boolean, checkOptionKeys, given, inRange, nonNegative, positive } from '../validate';
import { BaseOptimizer, type ParamsInput, type SlotState, zerosBuffer } from './optimizer';
import type { SavedStateRules } from './state';

/** Options of {@link RMSprop} (PyTorch's names and defaults). */
export interface RMSpropOptions {
  /** Learning rate γ (default 1e-2). */
  lr?: number;
  /** Smoothing constant α in [0, 1] (default 0.99). */
  alpha?: number;
  /** Added to the denominator for stability (default 1e-8). */
  eps?: number;
  /** Momentum factor μ (default 0). */
  momentum?: number;
  /** Normalise by an estimate of the gradient's variance (default false). */
  centered?: boolean;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
}

/** `saved`: options from a saved state, where lr 0 (a schedule's end) is allowed. */
function resolveRMSprop(opts: unknown, saved = false): Required<RMSpropOptions> {
  checkOptionKeys('RMSprop', opts, ['lr', 'alpha', 'eps', 'momentum', 'centered', 'weightDecay']);
  const o = (opts ?? {}) as RMSpropOptions;
  return {
    lr: (saved ? nonNegative : positive)('RMSprop', 'lr', given(o.lr, 1e-2)),
    alpha: inRange('RMSprop', 'alpha', given(o.alpha, 0.99), 0, 1, true),
    eps: nonNegative('RMSprop', 'eps', given(o.eps, 1e-8)),
    momentum: nonNegative('RMSprop', 'momentum', given(o.momentum, 0)),
    centered: boolean('RMSprop', 'centered', given(o.centered, false)),
    weightDecay: nonNegative('RMSprop', 'weightDecay', given(o.weightDecay, 0)),
  };
}

/** @internal How a saved RMSprop state is read (see `SavedStateRules`). */
export const RMSPROP_STATE: SavedStateRules<Required<RMSpropOptions>> = {
  options: (saved) => resolveRMSprop(saved, true),
  requiredBuffers(opts) {
    const names = ['squareAvg'];
    if (opts.centered) names.push('gradAvg');
    if (opts.momentum > 0) names.push('momentumBuffer');
    return names;
  },
};

/**
 * RMSprop, following the algorithm in PyTorch's `torch.optim.RMSprop` documentation
 * (https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html):
 *
 * ```text
 * g_t ← ∇θ f(θ_{t−1});  if λ ≠ 0: g_t ← g_t + λ θ_{t−1}
 * v_t ← α v_{t−1} + (1 − α) g_t²;  ṽ_t ← v_t
 * if centered: g^ave_t ← α g^ave_{t−1} + (1 − α) g_t;  ṽ_t ← ṽ_t − (g^ave_t)²
 * if μ > 0: b_t ← μ b_{t−1} + g_t / (√ṽ_t + ε);  θ_t ← θ_{t−1} − γ b_t
 * else:     θ_t ← θ_{t−1} − γ g_t / (√ṽ_t + ε)
 * ```
 *
 * @example
 * ```ts
 * const opt = new RMSprop(model, { lr: 0.01, centered: true, momentum: 0.9 });
 * ```
 */
export class RMSprop extends BaseOptimizer<Required<RMSpropOptions>> {
  readonly type = 'RMSprop' as const;

  /** @throws {@link NnError} `INVALID_OPTION` naming the option at fault. */
  constructor(params: ParamsInput, opts: RMSpropOptions = {}) {
    super('RMSprop', params, resolveRMSprop(opts));
  }

  protected readonly savedState = RMSPROP_STATE;

  protected update(theta: Float64Array, grad: Float64Array, slot: SlotState, out: Float64Array): void {
    const { lr, alpha, eps, momentum, centered, weightDecay } = this.opts;
    const n = theta.length;
    const v = zerosBuffer(slot, 'squareAvg', n);
    const gAve = centered ? zerosBuffer(slot, 'gradAvg', n) : null;
    const b = momentum > 0 ? zerosBuffer(slot, 'momentumBuffer', n) : null;
    for (let i = 0; i < n; i++) {
      const gi = weightDecay !== 0 ? grad[i]! + weightDecay * theta[i]! : grad[i]!;
      v[i] = alpha * v[i]! + (1 - alpha) * gi * gi;
      let vt = v[i]!;
      if (gAve) {
        gAve[i] = alpha * gAve[i]! + (1 - alpha) * gi;
        vt = vt - gAve[i]! * gAve[i]!;
      }
      if (b) {
        b[i] = momentum * b[i]! + gi / (Math.sqrt(vt) + eps);
        out[i] = theta[i]! - lr * b[i]!;
      } else {
        out[i] = theta[i]! - (lr * gi) / (Math.sqrt(vt) + eps);
      }
    }
  }
}
