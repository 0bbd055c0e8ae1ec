import { NnError } from '../errors';
import { boolean, checkOptionKeys, finite, given, nonNegative, positive } from '../validate';
import { BaseOptimizer, type ParamsInput, type SlotState } from './optimizer';
import type { SavedStateRules } from './state';

/** Options of {@link SGD} (PyTorch's names and defaults). */
export interface SGDOptions {
  /** Learning rate γ (default 1e-3). */
  lr?: number;
  /** Momentum factor μ (default 0). */
  momentum?: number;
  /** Dampening τ for momentum (default 0). */
  dampening?: number;
  /** Use Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
}

const SGD_KEYS = ['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay'] as const;

/** `saved`: options from a saved state, where lr 0 (a schedule's end) is allowed. */
function resolveSGD(opts: unknown, saved = false): Required<SGDOptions> {
  checkOptionKeys('SGD', opts, SGD_KEYS);
  const o = (opts ?? {}) as SGDOptions;
  const resolved = {
    lr: (saved ? nonNegative : positive)('SGD', 'lr', given(o.lr, 1e-3)),
    momentum: nonNegative('SGD', 'momentum', given(o.momentum, 0)),
    dampening: finite('SGD', 'dampening', given(o.dampening, 0)),
    nesterov: boolean('SGD', 'nesterov', given(o.nesterov, false)),
    weightDecay: nonNegative('SGD', 'weightDecay', given(o.weightDecay, 0)),
  };
  if (resolved.nesterov && (resolved.momentum <= 0 || resolved.dampening !== 0)) {
    throw new NnError(
      'INVALID_OPTION',
      `SGD: option nesterov needs momentum > 0 and dampening 0, got momentum ${resolved.momentum}, dampening ${resolved.dampening}`,
    );
  }
  return resolved;
}

/** @internal How a saved SGD state is read (see `SavedStateRules`). */
export const SGD_STATE: SavedStateRules<Required<SGDOptions>> = {
  options: (saved) => resolveSGD(saved, true),
  requiredBuffers: (opts) => (opts.momentum !== 0 ? ['momentumBuffer'] : []),
};

/**
 * Stochastic gradient descent, following the algorithm in PyTorch's `torch.optim.SGD`
 * documentation (https://pytorch.org/docs/stable/generated/torch.optim.SGD.html):
 *
 * ```text
 * g_t ← ∇θ f(θ_{t−1})
 * if λ ≠ 0: g_t ← g_t + λ θ_{t−1}
 * if μ ≠ 0:
 *   if t > 1: b_t ← μ b_{t−1} + (1 − τ) g_t   else: b_t ← g_t
 *   if nesterov: g_t ← g_t + μ b_t            else: g_t ← b_t
 * θ_t ← θ_{t−1} − γ g_t
 * ```
 *
 * With no momentum and no weight decay this is the seed's update `W -= lr * dW`, exactly.
 *
 * @example
 * ```ts
 * const opt = new SGD(model, { lr: 0.1, momentum: 0.9, nesterov: true });
 * ```
 */
export class SGD extends BaseOptimizer<Required<SGDOptions>> {
  readonly type = 'SGD' as const;

  /** @throws {@link NnError} `INVALID_OPTION` naming the option at fault. */
  constructor(params: ParamsInput, opts: SGDOptions = {}) {
    super('SGD', params, resolveSGD(opts));
  }

  protected readonly savedState = SGD_STATE;

  protected update(theta: Float64Array, grad: Float64Array, slot: SlotState, out: Float64Array): void {
    const { lr, momentum, dampening, nesterov, weightDecay } = this.opts;
    const n = theta.length;
    const g = new Float64Array(grad);
    if (weightDecay !== 0) for (let i = 0; i < n; i++) g[i] = g[i]! + weightDecay * theta[i]!;
    if (momentum !== 0) {
      let b = slot.buffers.get('momentumBuffer');
      if (b === undefined) {
        b = new Float64Array(g);
        slot.buffers.set('momentumBuffer', b);
      } else {
        for (let i = 0; i < n; i++) b[i] = momentum * b[i]! + (1 - dampening) * g[i]!;
      }
      if (nesterov) for (let i = 0; i < n; i++) g[i] = g[i]! + momentum * b[i]!;
      else g.set(b);
    }
    for (let i = 0; i < n; i++) out[i] = theta[i]! - lr * g[i]!;
  }
}
