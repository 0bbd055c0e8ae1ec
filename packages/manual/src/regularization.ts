/**
 * Weight penalties: the regularized loss L + λ·R(W) adds λ·R′(W) to every weight gradient and
 * leaves every δ alone (R does not depend on any z). Biases are not penalized, as in
 * TensorFlow Playground.
 */
import { describeValue, ManualError } from './errors';
import type { Matrix } from './matrix';

/**
 * The name of a weight penalty R, summed over every weight w of every layer:
 *
 * - `none`: R = 0
 * - `l1`: R = Σ |w|, R′(w) = sign(w) (0 at w = 0, the subgradient PyTorch's `abs` takes)
 * - `l2`: R = ½ Σ w², R′(w) = w
 */
export type Regularization = 'none' | 'l1' | 'l2';

/** Every weight penalty. */
export const REGULARIZATIONS: readonly Regularization[] = Object.freeze(['none', 'l1', 'l2']);

/** @internal Throws `INVALID_OPTION` for an unknown penalty or a rate that is not finite and ≥ 0. */
function check(where: string, kind: unknown, rate: unknown): asserts kind is Regularization {
  if (
    !(REGULARIZATIONS as readonly unknown[]).includes(kind) ||
    typeof rate !== 'number' ||
    !Number.isFinite(rate) ||
    rate < 0
  )
    badPenalty(where, kind, rate);
}

/** The error of {@link check}. */
function badPenalty(where: string, kind: unknown, rate: unknown): void {
  if (!(REGULARIZATIONS as readonly unknown[]).includes(kind)) {
    throw new ManualError(
      'INVALID_OPTION',
      `${where}: regularization must be one of ${REGULARIZATIONS.join(', ')}, got ${describeValue(kind)}`,
    );
  }
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
    throw new ManualError(
      'INVALID_OPTION',
      `${where}: rate must be a finite number ≥ 0, got ${describeValue(rate)}`,
    );
  }
}

/**
 * The penalty λ·R(W) of the weights (the biases are not penalized): λ·Σ_l Σ |w| for `l1`,
 * λ·½·Σ_l Σ w² for `l2`, 0 for `none`. Summed layer by layer, each matrix's entries in index
 * order, then multiplied by λ (and ½).
 *
 * @param W - every layer's weights, W^(1) first
 * @throws {@link ManualError} `INVALID_OPTION` for an unknown penalty or a rate that is not a
 * finite number ≥ 0.
 *
 * @example
 * ```ts
 * penalty('l2', 0.1, [fromRows([[3], [4]])]); // 0.1 · ½ · (9 + 16) = 1.25
 * ```
 */
export function penalty(kind: Regularization, rate: number, W: readonly Matrix[]): number {
  check('penalty', kind, rate);
  if (kind === 'none') return 0;
  let s = 0;
  for (const w of W) {
    for (let i = 0; i < w.data.length; i++) {
      const v = w.data[i]!;
      s += kind === 'l1' ? Math.abs(v) : v * v;
    }
  }
  return kind === 'l1' ? rate * s : rate * (0.5 * s);
}

/**
 * Adds the penalty's gradient to the weight gradients of the data loss, in place:
 *
 * ∂(L + λR)/∂W^(l) = ∂L/∂W^(l) + λ·R′(W^(l)), entry by entry:
 *
 * - `l2`: dw ← dw + λ·w
 * - `l1`: dw ← dw + λ·sign(w) (sign 0 = 0)
 *
 * The bias gradients and every δ are those of L alone. Each entry is one product and one sum,
 * `dw + λ·R′(w)`: the bits an autodiff engine gives when it adds the two paths into w.
 *
 * @param W - the weights the gradients were computed at, W^(1) first
 * @param dW - ∂L/∂W^(l) of the data loss (from {@link backward}), updated in place and returned
 * @throws {@link ManualError} `INVALID_OPTION` for a bad penalty or rate; `SHAPE_MISMATCH` if
 * a gradient's shape differs from its weight's.
 *
 * @example
 * ```ts
 * const grads = backward(params, forward(network, params, X), Y);
 * addPenaltyGradient('l2', 0.01, params.W, grads.dW); // now ∂(L + 0.01·½Σw²)/∂W
 * ```
 */
export function addPenaltyGradient(
  kind: Regularization,
  rate: number,
  W: readonly Matrix[],
  dW: readonly Matrix[],
): readonly Matrix[] {
  check('addPenaltyGradient', kind, rate);
  if (!sameShapes(W, dW)) gradientsMisfit(W, dW);
  if (kind === 'none') return dW;
  for (let l = 0; l < W.length; l++) {
    const w = W[l]!.data;
    const g = dW[l]!.data;
    for (let i = 0; i < g.length; i++) g[i] = g[i]! + rate * (kind === 'l1' ? Math.sign(w[i]!) : w[i]!);
  }
  return dW;
}

/** Whether two lists of matrices have the same length and shapes. */
function sameShapes(W: readonly Matrix[], dW: readonly Matrix[]): boolean {
  if (W.length !== dW.length) return false;
  for (let l = 0; l < W.length; l++)
    if (W[l]!.rows !== dW[l]!.rows || W[l]!.cols !== dW[l]!.cols) return false;
  return true;
}

/** The error of {@link addPenaltyGradient}'s shapes. */
function gradientsMisfit(W: readonly Matrix[], dW: readonly Matrix[]): never {
  throw new ManualError(
    'SHAPE_MISMATCH',
    `addPenaltyGradient: dW (${dW.map((m) => `${m.rows}×${m.cols}`).join(', ')}) must have the shapes of W (${W.map((m) => `${m.rows}×${m.cols}`).join(', ')})`,
  );
}
