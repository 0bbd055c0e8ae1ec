/**
 * The update rules beyond plain gradient descent, written out entry by entry: SGD with
 * momentum, Adam and RMSprop, with the formulas and default hyperparameters of PyTorch's
 * documentation (and of @deltagrad/nn, which follows the same pages), so that both give the same
 * bits for the same gradients.
 */
import type { Gradients } from './backward';
import { describeValue, ManualError } from './errors';
import { type Matrix, matrix } from './matrix';
import type { Params } from './network';
import { assertGradientsFit, assertParamsFit, sgdStep } from './sgd';

/**
 * The name of an update rule:
 *
 * - `sgd`: θ ← θ − η g (the seed's)
 * - `momentum`: v ← μ v + g (v = g at the first step), θ ← θ − η v
 * - `adam`: m ← β₁ m + (1 − β₁) g, v ← β₂ v + (1 − β₂) g², θ ← θ − η m̂ / (√v̂ + ε) with
 *   m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)
 * - `rmsprop`: v ← α v + (1 − α) g², θ ← θ − η g / (√v + ε)
 */
export type UpdateRule = 'sgd' | 'momentum' | 'adam' | 'rmsprop';

/** Every update rule. */
export const UPDATE_RULES: readonly UpdateRule[] = Object.freeze(['sgd', 'momentum', 'adam', 'rmsprop']);

/** Hyperparameters of {@link createOptimizer}; each rule reads only its own. */
export interface OptimizerOptions {
  /** The learning rate η (finite, > 0). */
  lr: number;
  /** `momentum`: the factor μ (default 0.9). */
  momentum?: number;
  /** `adam`: the decay rates β₁ and β₂ of the two moment estimates (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** `rmsprop`: the decay rate α of the squared-gradient average (default 0.99). */
  alpha?: number;
  /** `adam` and `rmsprop`: added to the denominator (default 1e-8). */
  eps?: number;
}

/** A stateful update rule: each call of `step` is one update of every W and b. */
export interface Optimizer {
  readonly rule: UpdateRule;
  /** Updates taken so far: t, the step count Adam's bias corrections use. */
  readonly steps: number;
  /**
   * One update: returns new parameters from `params` and their gradients. `params` and `grads`
   * are not changed; the rule's own state (velocities, moments) is.
   *
   * @param into - parameters of the same shapes to write the result into and return (may be
   *   `params` itself: every rule updates entry by entry), so a training loop allocates nothing;
   *   new matrices when absent
   * @throws {@link ManualError} `SHAPE_MISMATCH` if a gradient's or `into`'s shape differs from
   * its parameter's (checked before anything is computed or any state changes).
   */
  step(params: Params, grads: Pick<Gradients, 'dW' | 'db'>, into?: Params): Params;
}

/** β^t by repeated squaring: the exact product @deltagrad/nn uses (Math.pow may round differently). */
function powInt(base: number, exponent: number): number {
  let result = 1;
  let b = base;
  let e = exponent;
  while (e > 0) {
    if (e % 2 === 1) result *= b;
    b *= b;
    e = Math.floor(e / 2);
  }
  return result;
}

/** One entry-by-entry update of a parameter θ with gradient g, given its state buffers. */
/** One rule, entry by entry: writes the updated θ into `out` (which may be θ itself). */
type EntryRule = (
  theta: Float64Array,
  g: Float64Array,
  state: Float64Array[],
  t: number,
  out: Float64Array,
) => void;

function checkRate(name: string, value: unknown, low: number, high: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < low || value >= high) {
    throw new ManualError(
      'INVALID_OPTION',
      `createOptimizer: option ${name} must be a number in [${low}, ${high}), got ${describeValue(value)}`,
    );
  }
  return value;
}

/** The rules, each a few lines beside its equation. State buffers start at zero. */
function entryRule(rule: Exclude<UpdateRule, 'sgd'>, lr: number, options: OptimizerOptions): EntryRule {
  switch (rule) {
    case 'momentum': {
      // v_t = μ v_{t−1} + g_t (v_1 = g_1), θ_t = θ_{t−1} − η v_t
      const mu = checkRate('momentum', options.momentum ?? 0.9, 0, Number.POSITIVE_INFINITY);
      return (theta, g, [v], t, out) => {
        for (let i = 0; i < theta.length; i++) {
          v![i] = t === 1 ? g[i]! : mu * v![i]! + g[i]!;
          out[i] = theta[i]! - lr * v![i]!;
        }
      };
    }
    case 'adam': {
      // m_t = β₁ m + (1 − β₁) g, v_t = β₂ v + (1 − β₂) g², θ_t = θ − η m̂ / (√v̂ + ε)
      const [b1, b2] = options.betas ?? [0.9, 0.999];
      checkRate('betas[0]', b1, 0, 1);
      checkRate('betas[1]', b2, 0, 1);
      const eps = checkRate('eps', options.eps ?? 1e-8, 0, Number.POSITIVE_INFINITY);
      return (theta, g, [m, v], t, out) => {
        const bc1 = 1 - powInt(b1, t);
        const bc2 = 1 - powInt(b2, t);
        for (let i = 0; i < theta.length; i++) {
          m![i] = b1 * m![i]! + (1 - b1) * g[i]!;
          v![i] = b2 * v![i]! + (1 - b2) * g[i]! * g[i]!;
          const mHat = m![i]! / bc1;
          const vHat = v![i]! / bc2;
          out[i] = theta[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
        }
      };
    }
    case 'rmsprop': {
      // v_t = α v + (1 − α) g², θ_t = θ − η g / (√v_t + ε)
      const alpha = checkRate('alpha', options.alpha ?? 0.99, 0, 1);
      const eps = checkRate('eps', options.eps ?? 1e-8, 0, Number.POSITIVE_INFINITY);
      return (theta, g, [v], _t, out) => {
        for (let i = 0; i < theta.length; i++) {
          v![i] = alpha * v![i]! + (1 - alpha) * g[i]! * g[i]!;
          out[i] = theta[i]! - (lr * g[i]!) / (Math.sqrt(v![i]!) + eps);
        }
      };
    }
  }
}

const BUFFERS: Record<Exclude<UpdateRule, 'sgd'>, number> = { momentum: 1, adam: 2, rmsprop: 1 };

/** Whether an optimizer's state (made at its first step) has a buffer of each parameter's size. */
function stateFits(state: readonly Float64Array[][][], params: Params): boolean {
  if (state.length !== params.W.length) return false;
  for (let l = 0; l < state.length; l++) {
    if (state[l]![0]![0]?.length !== params.W[l]!.data.length) return false;
    if (state[l]![1]![0]?.length !== params.b[l]!.data.length) return false;
  }
  return true;
}

/**
 * An optimizer applying `rule` to every W^(l) and b^(l), entry by entry. `sgd` is
 * {@link sgdStep}; the others keep their state (velocity, moment estimates) per parameter. The
 * formulas and defaults are PyTorch's (`torch.optim.SGD` with momentum, `Adam`, `RMSprop`):
 * with the same gradients, @deltagrad/nn's optimizers compute the same bits.
 *
 * @throws {@link ManualError} `INVALID_OPTION` for an unknown rule or a bad hyperparameter.
 *
 * @example
 * ```ts
 * const adam = createOptimizer('adam', { lr: 0.05 });
 * params = adam.step(params, backward(params, forward(network, params, X), Y));
 * ```
 */
export function createOptimizer(rule: UpdateRule, options: OptimizerOptions): Optimizer {
  if (!(UPDATE_RULES as readonly unknown[]).includes(rule)) {
    throw new ManualError(
      'INVALID_OPTION',
      `createOptimizer: rule must be one of ${UPDATE_RULES.join(', ')}, got ${describeValue(rule)}`,
    );
  }
  const lr = options?.lr;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
    throw new ManualError(
      'INVALID_OPTION',
      `createOptimizer: option lr must be a finite positive number, got ${describeValue(lr)}`,
    );
  }
  let steps = 0;
  if (rule === 'sgd') {
    return {
      rule,
      get steps() {
        return steps;
      },
      step(params, grads, into) {
        const next = sgdStep(params, grads, lr, into);
        steps++;
        return next;
      },
    };
  }
  const update = entryRule(rule, lr, options);
  // State per parameter, created at the first step: W^(l) at [l][0], b^(l) at [l][1].
  let state: Float64Array[][][] | null = null;
  const buffersFor = (m: Matrix) =>
    Array.from({ length: BUFFERS[rule] }, () => new Float64Array(m.data.length));
  // The names the errors give, made once (a step makes nothing it does not need).
  const where = `${rule} step`;
  const whereInto = `${rule} step (into)`;
  return {
    rule,
    get steps() {
      return steps;
    },
    step(params, grads, into) {
      assertGradientsFit(where, params, grads);
      if (into !== undefined) assertParamsFit(whereInto, params, into);
      state ??= params.W.map((W, l) => [buffersFor(W), buffersFor(params.b[l]!)]);
      if (!stateFits(state, params)) {
        throw new ManualError(
          'SHAPE_MISMATCH',
          `${rule} step: params do not have the shapes of the first step's (one optimizer per network)`,
        );
      }
      const t = steps + 1;
      const target = into ?? {
        W: params.W.map((w) => matrix(w.rows, w.cols)),
        b: params.b.map((v) => matrix(v.rows, v.cols)),
      };
      for (let l = 0; l < params.W.length; l++) {
        update(params.W[l]!.data, grads.dW[l]!.data, state[l]![0]!, t, target.W[l]!.data);
        update(params.b[l]!.data, grads.db[l]!.data, state[l]![1]!, t, target.b[l]!.data);
      }
      steps = t;
      return target;
    },
  };
}
