/**
 * The δ side's backward pass, with an injected mistake when a run asks for one (option `bug`).
 * Each mistake is one classic slip in the equations of @deltagrad/manual's `backward`; the rest
 * of the pass is manual's own functions, so only the named step differs. The autodiff side never
 * goes through here: it stays right, and the comparison shows which gradients part from it.
 */
import {
  backward,
  biasGradient,
  type ForwardCache,
  type Gradients,
  hiddenDelta,
  lossGradient,
  lossOf,
  type Matrix,
  outputDelta,
  type Params,
  weightGradient,
} from '@deltagrad/manual';
import type { BugName } from './types';

/** Every entry times `k`, in place. */
function scale(m: Matrix, k: number): Matrix {
  for (let i = 0; i < m.data.length; i++) m.data[i] = k * m.data[i]!;
  return m;
}

/**
 * W (in×out) reshaped, not transposed: the in×out matrix M whose transpose (the out×in matrix
 * the δ recursion multiplies by) holds W's numbers in W's own row-major order, as
 * `W.reshape(out, in)` gives where `W.T` belongs.
 */
function reshapedForTranspose(W: Matrix): Matrix {
  const { rows: inputs, cols: outputs } = W;
  const data = new Float64Array(W.data.length);
  for (let j = 0; j < inputs; j++)
    for (let k = 0; k < outputs; k++) data[j * outputs + k] = W.data[k * inputs + j]!;
  return { rows: inputs, cols: outputs, data };
}

/** δ^(L) with the output-side mistakes (drop f′, sum instead of mean, wrong sign). */
function outputDeltaWith(bug: BugName, cache: ForwardCache, Y: Matrix): Matrix {
  const { network } = cache;
  const L1 = network.sizes.length - 2;
  const yHat = cache.a[L1]!;
  // ∂L/∂ŷ alone: the ⊙ f′(z^(L)) step left out.
  const loss = lossOf(network);
  if (bug === 'dropActivationDerivative') return lossGradient(loss, yHat, Y);
  const delta = outputDelta(loss, network.activations[L1]!, cache.z[L1]!, yHat, Y);
  if (bug === 'wrongSign') return scale(delta, -1);
  if (bug === 'sumNotMean') return scale(delta, Y.rows);
  return delta;
}

/**
 * The gradients of the δ equations at `params`, with `bug` injected (see `BUG_INFO`); with
 * `none`, @deltagrad/manual's `backward` itself (writing into `into` when given).
 *
 * @param cache - the forward pass at `params` (@deltagrad/manual's `forward`)
 * @param Y - the targets of the batch
 */
export function backwardWithBug(
  bug: BugName,
  params: Params,
  cache: ForwardCache,
  Y: Matrix,
  into?: Gradients,
): Gradients {
  if (bug === 'none') return backward(params, cache, Y, into);
  const { network } = cache;
  const L = params.W.length;
  const delta: Matrix[] = new Array(L);
  delta[L - 1] = outputDeltaWith(bug, cache, Y);
  for (let l = L - 2; l >= 0; l--) {
    const W = params.W[l + 1]!;
    delta[l] =
      bug === 'dropActivationDerivative'
        ? // f′ ≡ 1: the product δ^(l+1)·W^(l+1)ᵀ alone.
          hiddenDelta(delta[l + 1]!, W, cache.z[l]!, 'identity')
        : hiddenDelta(
            delta[l + 1]!,
            bug === 'untransposedWeights' ? reshapedForTranspose(W) : W,
            cache.z[l]!,
            network.activations[l]!,
          );
  }
  const dW = delta.map((d, l) => {
    const aPrev = l === 0 ? cache.X : cache.a[l - 1]!;
    if (bug !== 'untransposedWeights') return weightGradient(aPrev, d);
    // δᵀA (out×in) where Aᵀδ (in×out) belongs, its numbers kept in their order.
    const wrong = weightGradient(d, aPrev);
    return { rows: aPrev.cols, cols: d.cols, data: wrong.data };
  });
  const db = delta.map((d) =>
    bug === 'forgetBiasGradient'
      ? { rows: 1, cols: d.cols, data: new Float64Array(d.cols) }
      : biasGradient(d),
  );
  return { delta, dW, db };
}
