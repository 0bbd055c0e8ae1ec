/** One step of gradient descent on every parameter. */
import type { Gradients } from './backward';
import { describeValue, ManualError } from './errors';
import { type Matrix, shapeOf } from './matrix';
import type { Params } from './network';

/** θ − lr·g, entry by entry, computed as the seed's `W1 -= lr * dW1` (the product, then the difference). */
function step(theta: Matrix, g: Matrix, lr: number, into?: Matrix): Matrix {
  const t = theta.data;
  const d = g.data;
  const out = into ? into.data : new Float64Array(t.length);
  for (let i = 0; i < out.length; i++) out[i] = t[i]! - lr * d[i]!;
  return into ?? { rows: theta.rows, cols: theta.cols, data: out };
}

/**
 * @internal Throws `SHAPE_MISMATCH` unless `grads` hold one gradient of its parameter's shape
 * for every W and b of `params`; `where` goes in the message.
 */
export function assertGradientsFit(where: string, params: Params, grads: Pick<Gradients, 'dW' | 'db'>): void {
  fit(where, 'W', params.W, grads.dW);
  fit(where, 'b', params.b, grads.db);
}

/** @internal Throws `SHAPE_MISMATCH` unless `into` has the shapes of `params` (a destination for an update). */
export function assertParamsFit(where: string, params: Params, into: Params): void {
  fit(where, 'W', params.W, into.W);
  fit(where, 'b', params.b, into.b);
}

/** Plain loops, the message built only on failure: this runs every step of a training loop. */
function fit(where: string, name: 'W' | 'b', ps: readonly Matrix[], gs: readonly Matrix[]): void {
  if (!sameShapes(ps, gs)) misfit(where, name, ps, gs);
}

/** Whether two lists of matrices have the same length and shapes. */
function sameShapes(ps: readonly Matrix[], gs: readonly Matrix[]): boolean {
  if (ps.length !== gs.length) return false;
  for (let l = 0; l < ps.length; l++) {
    if (ps[l]!.rows !== gs[l]!.rows || ps[l]!.cols !== gs[l]!.cols) return false;
  }
  return true;
}

/** The error of {@link fit}. */
function misfit(where: string, name: 'W' | 'b', ps: readonly Matrix[], gs: readonly Matrix[]): void {
  if (ps.length !== gs.length) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `${where}: params.${name} has ${ps.length} matrices but grads.d${name} has ${gs.length}`,
    );
  }
  for (let l = 0; l < ps.length; l++) {
    const p = ps[l]!;
    const g = gs[l]!;
    if (p.rows !== g.rows || p.cols !== g.cols) {
      throw new ManualError(
        'SHAPE_MISMATCH',
        `${where}: grads.d${name}[${l}] has shape ${shapeOf(g)} but params.${name}[${l}] has shape ${shapeOf(p)}`,
      );
    }
  }
}

/** The error of a learning rate {@link sgdStep} cannot use. */
function badRate(lr: unknown): never {
  throw new ManualError('INVALID_OPTION', `sgdStep: lr must be a finite number, got ${describeValue(lr)}`);
}

/**
 * One step of (full-batch) gradient descent, returning new parameters; `params` is not changed.
 *
 * Equations: W^(l) ← W^(l) − η ∂L/∂W^(l), b^(l) ← b^(l) − η ∂L/∂b^(l) (η = `lr`). The same in
 * both layouts, since each gradient has its parameter's shape.
 *
 * @param into - parameters of the same shapes to write the result into (may be `params` itself: the
 *   update is entry by entry), and then the value returned; new matrices when absent
 * @throws {@link ManualError} `INVALID_OPTION` if `lr` is not a finite number;
 * `SHAPE_MISMATCH` if a gradient's shape differs from its parameter's (checked before anything
 * is computed).
 *
 * @example
 * ```ts
 * const next = sgdStep(params, backward(params, cache, Y), 0.1);
 * ```
 */
export function sgdStep(
  params: Params,
  grads: Pick<Gradients, 'dW' | 'db'>,
  lr: number,
  into?: Params,
): Params {
  if (typeof lr !== 'number' || !Number.isFinite(lr)) badRate(lr);
  assertGradientsFit('sgdStep', params, grads);
  if (into !== undefined) {
    // Updating in place (into = params, a training loop's step) needs no second check.
    if (into !== params) assertParamsFit('sgdStep (into)', params, into);
    for (let l = 0; l < params.W.length; l++) {
      step(params.W[l]!, grads.dW[l]!, lr, into.W[l]);
      step(params.b[l]!, grads.db[l]!, lr, into.b[l]);
    }
    return into;
  }
  return {
    W: params.W.map((W, l) => step(W, grads.dW[l]!, lr)),
    b: params.b.map((b, l) => step(b, grads.db[l]!, lr)),
  };
}
