import type { Description } from './vocabulary';

/**
 * How a run ended:
 *
 * - `learned`: the final MSE is below the bar (`convergedBelow`).
 * - `slow`: not below the bar, but still on its way: every point on the right side of 0.5, or
 *   the gradient still clearly non-zero. More epochs should finish it.
 * - `stuck`: a point on the wrong side and the gradient vanishing (max |∂L/∂θ| ≤
 *   `vanishingGradient` · L): a local minimum or a plateau. More epochs will not help much.
 * - `diverged`: the loss or a gradient stopped being finite.
 */
export type OutcomeName = 'learned' | 'slow' | 'stuck' | 'diverged';

/** Each outcome described, with what to try next. */
export const OUTCOMES: Readonly<Record<OutcomeName, Description & { readonly advice: string }>> =
  Object.freeze({
    learned: { label: 'learned', description: 'the final MSE is below the bar', advice: '' },
    slow: {
      label: 'slow',
      description:
        'not below the bar yet, but every point is on the right side or the gradient is still large',
      advice: 'try more --epochs',
    },
    stuck: {
      label: 'stuck',
      description: 'a point on the wrong side and the gradient vanishing: a local minimum or a plateau',
      advice: 'try another --seed',
    },
    diverged: {
      label: 'diverged',
      description: 'the loss or a gradient stopped being finite',
      advice: 'try a smaller learning rate',
    },
  });

/** Every outcome, in the order summaries count them. */
export const OUTCOME_NAMES: readonly OutcomeName[] = Object.freeze(Object.keys(OUTCOMES) as OutcomeName[]);

/** What decides a finite run's outcome. */
export interface OutcomeEvidence {
  /** The final MSE (of the last forward pass). */
  mse: number;
  /** The configured loss L of the same pass. */
  objective: number;
  /** Examples whose prediction is 0.5 or more away from their 0/1 label. */
  wrongPoints: number;
  /** max |∂L/∂θ| over every parameter at the last epoch. */
  maxAbsGrad: number;
  /** `convergedBelow` and `vanishingGradient` of the config. */
  convergedBelow: number;
  vanishingGradient: number;
}

/**
 * The outcome of a run that stayed finite (`diverged` is decided where it happens).
 *
 * @example
 * ```ts
 * classifyOutcome({ mse: 0.0101, objective: 0.0202, wrongPoints: 0, maxAbsGrad: 6e-3,
 *   convergedBelow: 0.01, vanishingGradient: 0.01 }); // 'slow'
 * ```
 */
export function classifyOutcome(e: OutcomeEvidence): Exclude<OutcomeName, 'diverged'> {
  if (e.mse < e.convergedBelow) return 'learned';
  if (e.wrongPoints > 0 && e.maxAbsGrad <= e.vanishingGradient * Math.abs(e.objective)) return 'stuck';
  return 'slow';
}

/** Examples whose prediction is 0.5 or more away from their 0/1 target (NaN counts as wrong). */
export function countWrong(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  let wrong = 0;
  for (let i = 0; i < targets.length; i++) if (!(Math.abs(predictions[i]! - targets[i]!) < 0.5)) wrong++;
  return wrong;
}
