/**
 * Gradient clipping, between `backward()` and `step()` (PyTorch's `clip_grad_norm_` and
 * `clip_grad_value_`). Gradients are replaced by new tensors, never written into.
 */
import type { Tensor } from '@deltagrad/core';
import { peekValues, tensorOver } from '@deltagrad/core/internal';
import { fmtValue, NnError } from './errors';
import { Module } from './module';
import { Parameter } from './parameter';
import { checkOptionKeys, given, positive } from './validate';

/** What the clipping functions take: a module (all its parameters) or parameters. */
export type ClipTarget = Module | Iterable<Parameter>;

/** The parameters of a {@link ClipTarget} that have a gradient, checked to be finite. */
function gradients(where: string, target: ClipTarget): [string, Parameter, Tensor][] {
  let named: [string, Parameter][];
  if (target instanceof Module) named = target.namedParameters();
  else if (target !== null && typeof target === 'object' && Symbol.iterator in target) {
    named = [...target].map((p, i) => {
      if (!(p instanceof Parameter)) {
        throw new NnError('INVALID_OPTION', `${where}: params[${i}] is not a Parameter, got ${fmtValue(p)}`);
      }
      return [p.name || `params[${i}]`, p];
    });
  } else {
    throw new NnError(
      'INVALID_OPTION',
      `${where}: expected a Module or an iterable of Parameters, got ${fmtValue(target)}`,
    );
  }
  const out: [string, Parameter, Tensor][] = [];
  for (const [name, p] of named) {
    const g = p.grad;
    if (g === null) continue;
    const values = peekValues(g);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new NnError(
        'NON_FINITE',
        `${where}: the gradient of '${name}' is ${values[bad]} at flat index ${bad}; nothing was clipped`,
      );
    }
    out.push([name, p, g]);
  }
  return out;
}

/**
 * Scales every gradient by the same factor so that their total norm is at most `maxNorm`
 * (PyTorch's `clip_grad_norm_`): the norm of all gradient values taken together (L2 by
 * default: √Σ g², summed parameter by parameter in order, value by value; `normType: 'inf'`
 * takes the largest |g|). If it exceeds maxNorm, each gradient is multiplied by
 * maxNorm / (norm + 1e-6), as PyTorch does. Parameters without a gradient are skipped.
 *
 * @returns the total norm before clipping
 * @throws {@link NnError} `INVALID_OPTION` for a bad maxNorm or option; `NON_FINITE` naming a
 *   gradient with a NaN or infinite value (nothing is changed).
 *
 * @example
 * ```ts
 * loss.backward();
 * const norm = clipGradNorm(model, 1.0);
 * optimizer.step();
 * ```
 */
export function clipGradNorm(
  target: ClipTarget,
  maxNorm: number,
  opts: { normType?: 2 | 'inf' } = {},
): number {
  const max = positive('clipGradNorm', 'maxNorm', maxNorm);
  checkOptionKeys('clipGradNorm', opts, ['normType']);
  const normType = given(opts.normType, 2);
  if (normType !== 2 && normType !== 'inf') {
    throw new NnError(
      'INVALID_OPTION',
      `clipGradNorm: option normType must be 2 or 'inf', got ${fmtValue(normType)}`,
    );
  }
  const grads = gradients('clipGradNorm', target);
  let total = 0;
  for (const [, , g] of grads) {
    for (const v of peekValues(g)) total = normType === 2 ? total + v * v : Math.max(total, Math.abs(v));
  }
  if (normType === 2) total = Math.sqrt(total);
  const coef = max / (total + 1e-6);
  if (coef < 1) {
    for (const [, p, g] of grads)
      p.grad = tensorOver(
        peekValues(g).map((v) => v * coef),
        [...g.shape],
      );
  }
  return total;
}

/**
 * Clamps every gradient value into [−clipValue, clipValue] (PyTorch's `clip_grad_value_`).
 * Parameters without a gradient are skipped.
 *
 * @throws {@link NnError} `INVALID_OPTION` for a bad clipValue; `NON_FINITE` naming a
 *   gradient with a NaN or infinite value (nothing is changed).
 *
 * @example
 * ```ts
 * loss.backward();
 * clipGradValue(model, 0.5);
 * optimizer.step();
 * ```
 */
export function clipGradValue(target: ClipTarget, clipValue: number): void {
  const c = positive('clipGradValue', 'clipValue', clipValue);
  for (const [, p, g] of gradients('clipGradValue', target)) {
    p.grad = tensorOver(
      peekValues(g).map((v) => Math.min(Math.max(v, -c), c)),
      [...g.shape],
    );
  }
}
