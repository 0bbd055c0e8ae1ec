/**
 * The backward pass: the error terms δ^(l) = ∂L/∂z^(l) from the output layer down, and from
 * them the gradients of the loss with respect to every W^(l) and b^(l).
 */
import { type Activation, assertActivation, multiplyDerivativeAt, multiplySlope } from './activations';
import { describeValue, ManualError } from './errors';
import type { ForwardCache } from './forward';
import { columnSums, matmulTransA, matmulTransAColumnSums, matmulTransB, outputArray } from './linalg';
import { assertLoss, assertSameShape, type Loss, writeLossGradient } from './losses';
import { assertMatrix, isMatrix, type Matrix, shapeOf } from './matrix';
import { lossOf, type Network, type Params, validateParams } from './network';

/**
 * What the backward pass returns. Arrays are 0-based: index l − 1 holds layer l's values.
 */
export interface Gradients {
  /** Error terms: `delta[l − 1]` is δ^(l) = ∂L/∂z^(l), one row per example (examples × out). */
  readonly delta: readonly Matrix[];
  /** `dW[l − 1]` is ∂L/∂W^(l), the shape of W^(l) (in × out). */
  readonly dW: readonly Matrix[];
  /** `db[l − 1]` is ∂L/∂b^(l), the shape of b^(l) (1 × out). */
  readonly db: readonly Matrix[];
}

/**
 * The output layer's error term δ^(L) = ∂L/∂z^(L), one row per example.
 *
 * Equation: δ^(L) = ∂L/∂a^(L) ⊙ f′(z^(L)) (the chain rule through the diagonal Jacobian of
 * f), with ∂L/∂a^(L) from {@link lossGradient}:
 *
 * - halfSSE: δ^(L) = (ŷ − y) ⊙ f′(z^(L)), computed as the seed's
 *   `d_z2 = -(y - a2) * sigmoid_derivative(z2)`
 * - mse: δ^(L) = (2/N)(ŷ − y) ⊙ f′(z^(L))
 * - bce with a sigmoid output: δ^(L) = (ŷ − y)/N. The general form would be
 *   (1/N)(ŷ − y)/(ŷ(1 − ŷ)) ⊙ σ′(z), and σ′(z) = ŷ(1 − ŷ) cancels the denominator.
 *
 * The same entry by entry in the column-vector and the row-batch forms. Where f′ is a function
 * of f(z) (σ′ = a(1 − a), tanh′ = 1 − a², relu′ and leakyRelu′ from the sign of a) it is read
 * from `a` rather than evaluating f again: the same bits as f′(z) when a = f(z).
 *
 * @param z - z^(L), examples × outputs
 * @param a - a^(L) = f(z^(L)) = ŷ, the same shape
 * @param Y - the targets, the same shape
 * @param into - where δ^(L) goes (overwritten); a new matrix when absent
 * @throws {@link ManualError} `INVALID_LOSS` for an unknown loss or `bce` with an activation
 * other than sigmoid; `INVALID_ACTIVATION`; `SHAPE_MISMATCH` if z, a and Y differ in shape.
 *
 * @example
 * ```ts
 * const z = fromRows([[0]]);
 * outputDelta('halfSSE', 'sigmoid', z, activate('sigmoid', z), fromRows([[1]])); // [[-0.125]]
 * ```
 */
export function outputDelta(
  loss: Loss,
  activation: Activation,
  z: Matrix,
  a: Matrix,
  Y: Matrix,
  into?: Matrix,
): Matrix {
  assertLoss(loss, 'outputDelta: loss');
  assertActivation(activation, 'outputDelta: activation');
  assertSameShape('outputDelta', a, Y);
  assertSameShape('outputDelta', z, Y);
  if (loss === 'bce' && activation !== 'sigmoid') {
    throw new ManualError(
      'INVALID_LOSS',
      `outputDelta: loss 'bce' needs a sigmoid output activation, got ${describeValue(activation)}`,
    );
  }
  return deltaAtOutput(loss, activation, z, a, Y, into);
}

/**
 * {@link outputDelta} for arguments already checked (`backward` validated the network, the
 * cache and Y once): only `into`'s shape is checked here.
 */
function deltaAtOutput(
  loss: Loss,
  activation: Activation,
  z: Matrix,
  a: Matrix,
  Y: Matrix,
  into?: Matrix,
): Matrix {
  const d = outputArray(into, Y.rows, Y.cols);
  if (loss === 'bce') {
    // σ′ cancels the denominator of ∂L/∂a: δ = (a − y)/n.
    const n = d.length;
    for (let i = 0; i < n; i++) d[i] = (a.data[i]! - Y.data[i]!) / n;
  } else if (loss === 'halfSSE' && activation === 'sigmoid') {
    // The seed's output layer in one loop: −(y − ŷ), then times σ′ = ŷ(1 − ŷ), the operations
    // of the two loops below for these names, so the same bits.
    const p = a.data;
    const y = Y.data;
    for (let i = 0; i < d.length; i++) d[i] = -(y[i]! - p[i]!) * (p[i]! * (1 - p[i]!));
  } else {
    // ∂L/∂a, then ⊙ f′(z) entry by entry in the same array (f′ read from a where it can be).
    writeLossGradient(loss, a.data, Y.data, d);
    multiplySlope(activation, d, z.data, a.data);
  }
  return into ?? { rows: Y.rows, cols: Y.cols, data: d };
}

/**
 * A hidden layer's error term from the next layer's: the δ recursion.
 *
 * Equation (column vectors, W^(l+1) out × in): δ^(l) = (W^(l+1))ᵀ δ^(l+1) ⊙ f′(z^(l)).
 * In code W^(l+1) is stored in × out (the transpose) and each example's δ is a row, so for
 * the batch the same equation reads Δ^(l) = (Δ^(l+1) (W^(l+1))ᵀ) ⊙ f′(Z^(l)): the seed's
 * `d_a1 = d_z2 @ W2.T` then `d_z1 = d_a1 * sigmoid_derivative(z1)`.
 *
 * @param deltaNext - δ^(l+1), examples × `sizes[l+1]`
 * @param WNext - W^(l+1), `sizes[l] × sizes[l+1]`
 * @param z - z^(l), examples × `sizes[l]`
 * @param activation - f^(l), the activation of layer l
 * @param into - where δ^(l) goes (overwritten); a new matrix when absent
 * @throws {@link ManualError} `SHAPE_MISMATCH` if the shapes do not chain;
 * `INVALID_ACTIVATION`.
 *
 * @example
 * ```ts
 * hiddenDelta(fromRows([[0.5]]), fromRows([[2], [4]]), fromRows([[0, 0]]), 'sigmoid'); // [[0.25, 0.5]]
 * ```
 */
export function hiddenDelta(
  deltaNext: Matrix,
  WNext: Matrix,
  z: Matrix,
  activation: Activation,
  into?: Matrix,
): Matrix {
  assertMatrix(deltaNext, 'hiddenDelta: deltaNext');
  assertMatrix(WNext, 'hiddenDelta: WNext');
  assertMatrix(z, 'hiddenDelta: z');
  if (deltaNext.cols !== WNext.cols || z.cols !== WNext.rows || z.rows !== deltaNext.rows) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `hiddenDelta: deltaNext ${shapeOf(deltaNext)}, WNext ${shapeOf(WNext)} and z ${shapeOf(z)} do not chain (need deltaNext n×out, WNext in×out, z n×in)`,
    );
  }
  // Δ^(l+1) (W^(l+1))ᵀ, then ⊙ f′(Z^(l)) entry by entry in the same array.
  assertActivation(activation, 'hiddenDelta: activation');
  const d = matmulTransB(deltaNext, WNext, into);
  multiplyDerivativeAt(activation, d.data, z.data);
  return d;
}

/**
 * The gradient of the loss with respect to a layer's weights.
 *
 * Equation (column vectors, one example): ∂L/∂W^(l) = δ^(l) (a^(l−1))ᵀ, out × in, summed over
 * the examples. In the row-batch layout (W in × out) the sum over examples is a product:
 * ∂L/∂W^(l) = (A^(l−1))ᵀ Δ^(l), in × out — the seed's `dW2 = a1.T @ d_z2`.
 *
 * @param aPrev - a^(l−1) (X for the first layer), examples × in
 * @param delta - δ^(l), examples × out
 * @param into - where ∂L/∂W goes (overwritten); a new matrix when absent
 * @throws {@link ManualError} `SHAPE_MISMATCH` if the numbers of examples differ.
 *
 * @example
 * ```ts
 * weightGradient(fromRows([[1, 2]]), fromRows([[0.5]])); // [[0.5], [1]]
 * ```
 */
export function weightGradient(aPrev: Matrix, delta: Matrix, into?: Matrix): Matrix {
  assertMatrix(aPrev, 'weightGradient: aPrev');
  assertMatrix(delta, 'weightGradient: delta');
  if (aPrev.rows !== delta.rows) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `weightGradient: aPrev has shape ${shapeOf(aPrev)} but delta has shape ${shapeOf(delta)} (both need one row per example)`,
    );
  }
  return matmulTransA(aPrev, delta, into);
}

/**
 * The gradient of the loss with respect to a layer's bias.
 *
 * Equation (column vectors): ∂L/∂b^(l) = δ^(l), summed over the examples. In the row-batch
 * layout: ∂L/∂b^(l) = 1ᵀ Δ^(l), the column sums (1 × out) — the seed's
 * `db2 = np.sum(d_z2, axis=0, keepdims=True)`, summed in the same order.
 *
 * @param delta - δ^(l), examples × out
 *
 * @param into - where ∂L/∂b goes (overwritten); a new matrix when absent
 * @example
 * ```ts
 * biasGradient(fromRows([[0.5, 1], [0.25, -1]])); // [[0.75, 0]]
 * ```
 */
export function biasGradient(delta: Matrix, into?: Matrix): Matrix {
  assertMatrix(delta, 'biasGradient: delta');
  return columnSums(delta, into);
}

/**
 * Whether {@link backward}'s cache, targets and `into` fit a network of L layers whose
 * parameters were validated: every step of a training loop passes here with comparisons only.
 */
function backwardFits(
  network: Network,
  cache: ForwardCache,
  Y: Matrix,
  L: number,
  into: Gradients | undefined,
): boolean {
  if (cache.z.length !== L || cache.a.length !== L) return false;
  const rows = cache.X.rows;
  for (let l = 0; l < L; l++) {
    const cols = network.sizes[l + 1]!;
    const z = cache.z[l]!;
    const a = cache.a[l]!;
    if (z.rows !== rows || z.cols !== cols || a.rows !== rows || a.cols !== cols) return false;
  }
  const yHat = cache.a[L - 1]!;
  if (!isMatrix(Y) || Y.rows !== yHat.rows || Y.cols !== yHat.cols) return false;
  if (lossOf(network) === 'bce') {
    for (let i = 0; i < Y.data.length; i++) if (!(Y.data[i]! >= 0 && Y.data[i]! <= 1)) return false;
  }
  return into === undefined || (into.delta.length === L && into.dW.length === L && into.db.length === L);
}

/** Throws the error of {@link backward}'s first input that does not fit, in the order of its checks. */
function backwardMisfit(
  network: Network,
  cache: ForwardCache,
  Y: Matrix,
  L: number,
  into: Gradients | undefined,
): void {
  if (cache.z.length !== L || cache.a.length !== L) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `backward: the cache holds ${cache.z.length} z and ${cache.a.length} a matrices but the network has ${L} layers (pass the cache forward returned)`,
    );
  }
  for (let l = 0; l < L; l++) {
    const rows = cache.X.rows;
    const cols = network.sizes[l + 1]!;
    const z = cache.z[l]!;
    const a = cache.a[l]!;
    if (z.rows !== rows || z.cols !== cols || a.rows !== rows || a.cols !== cols) {
      throw new ManualError(
        'SHAPE_MISMATCH',
        `backward: cache z[${l}] ${shapeOf(z)} / a[${l}] ${shapeOf(a)} should be ${rows}×${cols} (pass the cache forward returned)`,
      );
    }
  }
  const yHat = cache.a[L - 1]!;
  assertMatrix(Y, 'backward: Y');
  if (Y.rows !== yHat.rows || Y.cols !== yHat.cols) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `backward: Y has shape ${shapeOf(Y)} but the output a^(${L}) has shape ${shapeOf(yHat)} (one row of targets per example, one column per output unit)`,
    );
  }
  if (lossOf(network) === 'bce') {
    let i = 0;
    while (i < Y.data.length && Y.data[i]! >= 0 && Y.data[i]! <= 1) i++;
    if (i < Y.data.length) {
      throw new ManualError(
        'INVALID_LOSS',
        `backward: loss 'bce' needs targets in [0, 1], got Y[${Math.floor(i / Y.cols)}][${i % Y.cols}] = ${Y.data[i]}`,
      );
    }
  }

  if (into !== undefined && (into.delta.length !== L || into.dW.length !== L || into.db.length !== L)) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `backward: into holds ${into.delta.length}/${into.dW.length}/${into.db.length} delta/dW/db matrices but the network has ${L} layers (pass gradients of this network)`,
    );
  }
}

/**
 * The backward pass: δ^(L) from the loss, then δ^(l) for l = L − 1 … 1 by the recursion, and
 * each layer's ∂L/∂W^(l) and ∂L/∂b^(l). The loss and the activations are the cache's network's.
 *
 * Equations (column vectors → row batch):
 *
 * - δ^(L) = ∂L/∂a^(L) ⊙ f′(z^(L)) (see {@link outputDelta})
 * - δ^(l) = (W^(l+1))ᵀ δ^(l+1) ⊙ f′(z^(l)) → Δ^(l) = Δ^(l+1) (W^(l+1))ᵀ ⊙ f′(Z^(l))
 * - ∂L/∂W^(l) = δ^(l) (a^(l−1))ᵀ → (A^(l−1))ᵀ Δ^(l)
 * - ∂L/∂b^(l) = δ^(l) → 1ᵀ Δ^(l)
 *
 * @param params - the parameters the forward pass used
 * @param cache - the forward pass's z^(l) and a^(l), from {@link forward}
 * @param Y - the targets, the shape of the output a^(L) (examples × outputs)
 * @param into - gradients of the same network and batch shape from an earlier call: every δ, dW and db
 *   is written into its matrices and `into` is returned, so a training loop allocates nothing
 * @throws {@link ManualError} as {@link validateParams}; `SHAPE_MISMATCH` if Y or the cache do
 * not fit; `INVALID_LOSS` for `bce` targets outside [0, 1].
 *
 * @example
 * ```ts
 * const cache = forward(seedNetwork, params, X);
 * const { delta, dW, db } = backward(params, cache, Y);
 * ```
 */
export function backward(params: Params, cache: ForwardCache, Y: Matrix, into?: Gradients): Gradients {
  const { network } = cache;
  validateParams(network, params);
  const L = params.W.length;
  if (!backwardFits(network, cache, Y, L, into)) backwardMisfit(network, cache, Y, L, into);
  const yHat = cache.a[L - 1]!;
  const loss = lossOf(network);
  // Layer by layer from the output down: layer l's gradients from δ^(l), then δ^(l−1) from δ^(l).
  // Each result is computed from the same inputs as in any other order (the same bits). With
  // `into` every matrix is its own and nothing else is made: a training step allocates nothing.
  const made: { delta: Matrix[]; dW: Matrix[]; db: Matrix[] } | null =
    into === undefined ? { delta: new Array(L), dW: new Array(L), db: new Array(L) } : null;
  let d = deltaAtOutput(loss, network.activations[L - 1]!, cache.z[L - 1]!, yHat, Y, into?.delta[L - 1]);
  for (let l = L - 1; ; l--) {
    const aPrev = l === 0 ? cache.X : cache.a[l - 1]!;
    // weightGradient and biasGradient in one pass over δ, without re-checking the matrices
    // validated above.
    const gW = into?.dW[l] ?? { rows: aPrev.cols, cols: d.cols, data: new Float64Array(aPrev.cols * d.cols) };
    const gb = into?.db[l] ?? { rows: 1, cols: d.cols, data: new Float64Array(d.cols) };
    matmulTransAColumnSums(aPrev, d, gW, gb);
    if (made !== null) {
      made.delta[l] = d;
      made.dW[l] = gW;
      made.db[l] = gb;
    }
    if (l === 0) break;
    // hiddenDelta's Δ^(l) (W^(l))ᵀ ⊙ f′(Z^(l−1)), with f′ read from A^(l−1) = f(Z^(l−1)) where
    // it can be (same bits, f not evaluated again); every shape was checked above.
    const next = matmulTransB(d, params.W[l]!, into?.delta[l - 1]);
    multiplySlope(network.activations[l - 1]!, next.data, cache.z[l - 1]!.data, cache.a[l - 1]!.data);
    d = next;
  }
  return into ?? made!;
}
