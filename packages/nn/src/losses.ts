/**
 * Loss functions: each takes the prediction and the target and returns a tensor built from
 * `@deltagrad/core` ops, so `backward()` differentiates it. Shapes must match exactly (no
 * silent broadcasting between prediction and target).
 */
import { greater, type Tensor, tensor, where } from '@deltagrad/core';
import { peekValues } from '@deltagrad/core/internal';
import { fmtShape, fmtValue, NnError } from './errors';
import { checkOptionKeys, given, oneOf } from './validate';

/** How per-element losses are combined: their mean (default), their sum, or none (the element-wise tensor). */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options of the losses that take a reduction. */
export interface LossOptions {
  /** Default `'mean'`. */
  reduction?: Reduction;
}

/** A loss: a function of prediction and target returning a tensor (a scalar unless reduction is `'none'`). */
export type LossFn = (pred: Tensor, target: Tensor) => Tensor;

/** The names of the built-in losses, as {@link fit} accepts them. */
export type LossName = 'halfSSE' | 'mse' | 'bce' | 'bceWithLogits' | 'crossEntropy';

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

function reductionOf(where: string, opts: LossOptions | undefined): Reduction {
  checkOptionKeys(where, opts, ['reduction']);
  return oneOf(where, 'reduction', given(opts?.reduction, 'mean'), REDUCTIONS);
}

function reduce(t: Tensor, reduction: Reduction): Tensor {
  return reduction === 'none' ? t : reduction === 'sum' ? t.sum() : t.mean();
}

function sameShapes(where: string, pred: Tensor, target: Tensor): void {
  const a = pred.shape;
  const b = target.shape;
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new NnError(
      'SHAPE_MISMATCH',
      `${where}: prediction shape ${fmtShape(a)} and target shape ${fmtShape(b)} differ`,
    );
  }
}

/**
 * L = ½ Σ (y − ŷ)²: the loss of the seed's equations, whose gradient with respect to ŷ is
 * exactly the seed's `d_a2 = -(y - a2)`. (The seed prints the mean squared error, which is
 * {@link mse}; the gradient it uses is this one's.)
 *
 * @example
 * ```ts
 * halfSSE(tensor([[0.5]]), tensor([[1]])).item(); // 0.125
 * ```
 */
export function halfSSE(pred: Tensor, target: Tensor): Tensor {
  sameShapes('halfSSE', pred, target);
  return target.sub(pred).square().sum().mul(0.5);
}

/** Mean squared error (ŷ − y)², reduced (default mean, as `torch.nn.functional.mse_loss`). */
export function mse(pred: Tensor, target: Tensor, opts?: LossOptions): Tensor {
  const reduction = reductionOf('mse', opts);
  sameShapes('mse', pred, target);
  return reduce(pred.sub(target).square(), reduction);
}

const LOG_FLOOR = -100;
const P_FLOOR = Math.exp(LOG_FLOOR);

/** max(log p, −100) with a gradient that is never NaN: log is taken only where p > e⁻¹⁰⁰. */
function clampedLog(p: Tensor): Tensor {
  const ok = greater(p, P_FLOOR);
  return where(ok, where(ok, p, 1).log(), LOG_FLOOR);
}

/**
 * Throws unless every prediction is a probability in [0, 1]: outside it the formula gives a
 * wrong loss without a word (−0.405 at 1.5), and NaN would be hidden by the clamped logs.
 */
function checkProbabilities(where: string, pred: Tensor): void {
  const data = peekValues(pred);
  for (let k = 0; k < data.length; k++) {
    const p = data[k]!;
    if (p >= 0 && p <= 1) continue;
    const index: number[] = [];
    for (let rest = k, axis = pred.rank - 1; axis >= 0; axis--) {
      index.unshift(rest % pred.shape[axis]!);
      rest = Math.floor(rest / pred.shape[axis]!);
    }
    throw new NnError(
      'INVALID_OPTION',
      `${where}: prediction[${index.join(', ')}] = ${fmtValue(p)} is not in [0, 1] (${where} takes probabilities: apply sigmoid first, or use bceWithLogits on the logits)`,
    );
  }
}

/**
 * Binary cross-entropy of probabilities p against targets y in [0, 1]:
 * −[y·log p + (1 − y)·log(1 − p)], with each log clamped at −100 as PyTorch's
 * `binary_cross_entropy` does (so p = 0 or 1 gives a finite loss). Prefer
 * {@link bceWithLogits} on the pre-sigmoid values: it is stable for any logit.
 *
 * @throws {@link NnError} `INVALID_OPTION` naming the first prediction outside [0, 1] (or NaN)
 *   and its index, as PyTorch refuses them; `SHAPE_MISMATCH` if the shapes differ.
 */
export function bce(pred: Tensor, target: Tensor, opts?: LossOptions): Tensor {
  const reduction = reductionOf('bce', opts);
  sameShapes('bce', pred, target);
  checkProbabilities('bce', pred);
  const one = tensor(1);
  const loss = target
    .mul(clampedLog(pred))
    .add(one.sub(target).mul(clampedLog(one.sub(pred))))
    .neg();
  return reduce(loss, reduction);
}

/**
 * Binary cross-entropy on logits z (the input of a sigmoid) against targets y in [0, 1],
 * computed stably as softplus(z) − z·y = max(z, 0) − z·y + log(1 + e^−|z|) (PyTorch's
 * `binary_cross_entropy_with_logits`). Finite for any finite z, including ±1e3; its gradient
 * is σ(z) − y.
 *
 * @example
 * ```ts
 * bceWithLogits(tensor([[1000]]), tensor([[0]])).item(); // 1000
 * ```
 */
export function bceWithLogits(pred: Tensor, target: Tensor, opts?: LossOptions): Tensor {
  const reduction = reductionOf('bceWithLogits', opts);
  sameShapes('bceWithLogits', pred, target);
  return reduce(pred.softplus().sub(pred.mul(target)), reduction);
}

/**
 * Cross-entropy of softmax(logits) along the last axis (PyTorch's `cross_entropy`): the loss of
 * a classifier whose last layer outputs one raw score (logit) per class. Give the labels as
 * they are — class indices, no one-hot needed. Computed through a stable log-softmax
 * (z − max z − log Σ e^(z − max z)), so any finite logits give a finite loss.
 * `logits` has shape [batch, classes]. `target` is either
 *
 * - class indices: shape [batch] (or [batch, 1]) of integers in [0, classes), or
 * - class probabilities (e.g. one-hot rows): the same shape as `logits`, rows summing to 1.
 *
 * The per-row loss is −Σ_c t_c · log softmax(z)_c; the reduction (default mean) is over rows.
 *
 * @throws {@link NnError} `SHAPE_MISMATCH` for other target shapes and for logits of fewer
 *   than 2 classes (softmax over one class is constant: use {@link bceWithLogits});
 *   `INVALID_OPTION` for a class index that is not an integer in range.
 *
 * @example
 * ```ts
 * crossEntropy(tensor([[2, 0], [0, 2]]), tensor([0, 1]));      // labels
 * crossEntropy(tensor([[2, 0], [0, 2]]), tensor([[1, 0], [0, 1]])); // one-hot, same value
 * ```
 */
export function crossEntropy(logits: Tensor, target: Tensor, opts?: LossOptions): Tensor {
  const reduction = reductionOf('crossEntropy', opts);
  if (logits.rank !== 2) {
    throw new NnError(
      'SHAPE_MISMATCH',
      `crossEntropy: logits must have shape [batch, classes], got ${fmtShape(logits.shape)}`,
    );
  }
  const [n, c] = logits.shape as [number, number];
  if (c < 2) {
    // Softmax over one class is 1 whatever the logit: the loss would be 0 and nothing would learn.
    throw new NnError(
      'SHAPE_MISMATCH',
      `crossEntropy: logits of shape ${fmtShape(logits.shape)} have ${c} class${c === 1 ? '' : 'es'}, so the loss is always 0; give one logit per class (at least 2), or train a one-output binary classifier with bceWithLogits`,
    );
  }
  const ts = target.shape;
  let probs: Tensor;
  if (ts.length === 2 && ts[0] === n && ts[1] === c) {
    probs = target;
  } else if ((ts.length === 1 && ts[0] === n) || (ts.length === 2 && ts[0] === n && ts[1] === 1)) {
    checkClassIndices(target, c);
    const onehot = new Float64Array(n * c);
    const labels = peekValues(target);
    for (let i = 0; i < n; i++) onehot[i * c + labels[i]!] = 1;
    probs = tensor(onehot, { shape: [n, c] });
  } else {
    throw new NnError(
      'SHAPE_MISMATCH',
      `crossEntropy: target shape ${fmtShape(ts)} fits neither class indices [${n}] nor class probabilities [${n}, ${c}] for logits ${fmtShape(logits.shape)}`,
    );
  }
  const perRow = logits.logSoftmax(-1).mul(probs).sum(-1).neg();
  return reduce(perRow, reduction);
}

/**
 * Refuses, as {@link crossEntropy} does, the first label that is not a class index: an integer
 * in [0, classes). (fit checks each batch's labels with it when its compiled step turns them
 * into one-hot rows.)
 */
export function checkClassIndices(target: Tensor, classes: number): void {
  const data = peekValues(target);
  for (let i = 0; i < data.length; i++) {
    const k = data[i]!;
    if (!Number.isInteger(k) || k < 0 || k >= classes) {
      throw new NnError(
        'INVALID_OPTION',
        `crossEntropy: target[${i}] = ${fmtValue(k)} is not a class index in [0, ${classes})`,
      );
    }
  }
}

/** The built-in losses by name (the ones with a reduction use their default, mean). */
export const LOSSES: Readonly<Record<LossName, LossFn>> = Object.freeze({
  halfSSE,
  mse: (p: Tensor, t: Tensor) => mse(p, t),
  bce: (p: Tensor, t: Tensor) => bce(p, t),
  bceWithLogits: (p: Tensor, t: Tensor) => bceWithLogits(p, t),
  crossEntropy: (p: Tensor, t: Tensor) => crossEntropy(p, t),
});

/** @internal A loss function from a name or a function. */
export function resolveLoss(where: string, loss: unknown): LossFn {
  if (typeof loss === 'function') return loss as LossFn;
  if (typeof loss === 'string' && Object.hasOwn(LOSSES, loss)) return LOSSES[loss as LossName];
  throw new NnError(
    'INVALID_OPTION',
    `${where}: option loss must be a function or one of ${Object.keys(LOSSES).join(', ')}, got ${fmtValue(loss)}`,
  );
}
