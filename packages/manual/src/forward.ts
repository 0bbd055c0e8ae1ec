/**
 * The forward pass: z^(l) = W^(l) a^(l−1) + b^(l), a^(l) = f^(l)(z^(l)), layer after layer,
 * keeping every z and a for the backward pass.
 */
import { type Activation, applyActivation } from './activations';
import { ManualError } from './errors';
import { matmulAddRow, outputArray } from './linalg';
import { assertMatrix, type Matrix, shapeOf } from './matrix';
import { type Network, type Params, validateParams } from './network';

/**
 * What the forward pass keeps for the backward pass. Arrays are 0-based: `z[l − 1]` and
 * `a[l − 1]` are z^(l) and a^(l) of layer l; the input X is a^(0). Every matrix has one row
 * per example.
 */
export interface ForwardCache {
  /** The network the pass ran (the backward pass reads its activations and loss). */
  readonly network: Network;
  /** The input batch, a^(0): examples × `sizes[0]`. */
  readonly X: Matrix;
  /** Pre-activations: `z[l − 1]` is z^(l), examples × `sizes[l]`. */
  readonly z: readonly Matrix[];
  /** Activations: `a[l − 1]` is a^(l) = f(z^(l)); the last one is the output ŷ. */
  readonly a: readonly Matrix[];
}

/**
 * One layer's pre-activation for a batch of rows: Z = A W + b.
 *
 * Equation: z^(l) = W^(l) a^(l−1) + b^(l) (column vectors, W^(l) out × in). In code each
 * example is a row and W is stored transposed (in × out), so for the batch A = a^(l−1)
 * (examples × in) the same equation reads Z^(l) = A^(l−1) W^(l) + b^(l), with b^(l) (1 × out)
 * added to every row. Computed as the seed's `X @ W1 + b1`: the product, then the bias.
 *
 * @param into - where z goes (an n×out matrix, overwritten), so a loop can reuse it; a new matrix when absent
 * @throws {@link ManualError} `SHAPE_MISMATCH` if A's columns differ from W's rows or b is not
 * 1 × W's columns.
 *
 * @example
 * ```ts
 * linear(fromRows([[1, 1]]), fromRows([[0.5], [0.25]]), fromRows([[0.1]])); // [[0.85]]
 * ```
 */
export function linear(aPrev: Matrix, W: Matrix, b: Matrix, into?: Matrix): Matrix {
  assertMatrix(aPrev, 'linear: aPrev');
  assertMatrix(W, 'linear: W');
  assertMatrix(b, 'linear: b');
  if (aPrev.cols !== W.rows) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `linear: aPrev has shape ${shapeOf(aPrev)} but W has shape ${shapeOf(W)} (aPrev needs ${W.rows} columns, one per row of W)`,
    );
  }
  if (b.rows !== 1 || b.cols !== W.cols) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `linear: b has shape ${shapeOf(b)} but W has shape ${shapeOf(W)} (b must be 1×${W.cols})`,
    );
  }
  // A W, then + b row by row in the same array.
  return affine(aPrev, W, b, into);
}

/** {@link linear} for matrices already checked to chain: Z = A W + b, into `into` (or new). */
function affine(aPrev: Matrix, W: Matrix, b: Matrix, into?: Matrix): Matrix {
  return matmulAddRow(aPrev, W, b, into);
}

/** `activate` for an activation name validated with the network: a = f(z), into `into` (or new). */
function activated(activation: Activation, z: Matrix, into?: Matrix): Matrix {
  const out = outputArray(into, z.rows, z.cols);
  applyActivation(activation, z.data, out);
  return into ?? { rows: z.rows, cols: z.cols, data: out };
}

/**
 * The forward pass of a batch: for l = 1 … L, Z^(l) = A^(l−1) W^(l) + b^(l) and
 * A^(l) = f^(l)(Z^(l)), starting from A^(0) = X. Returns every z^(l) and a^(l).
 *
 * Equations: z^(l) = W^(l) a^(l−1) + b^(l), a^(l) = f^(l)(z^(l)) (column vectors); in the
 * row-batch layout of the code, Z^(l) = A^(l−1) W^(l) + b^(l) with W^(l) in × out.
 *
 * @param X - the inputs, one example per row: examples × `sizes[0]`
 * @param into - a cache of the same network and batch shape from an earlier call: z and a are written
 *   into its matrices (the returned cache shares them) instead of new ones, so a training loop allocates nothing
 * @throws {@link ManualError} as {@link validateParams}; `SHAPE_MISMATCH` if X does not have
 * `sizes[0]` columns.
 *
 * @example
 * ```ts
 * const { X } = xorData();
 * const cache = forward(seedNetwork, params, X);
 * cache.a[1]; // ŷ = a^(2), 4×1
 * ```
 */
export function forward(network: Network, params: Params, X: Matrix, into?: ForwardCache): ForwardCache {
  validateParams(network, params);
  assertMatrix(X, 'forward: X');
  const L = params.W.length;
  if (X.cols !== network.sizes[0] || (into !== undefined && (into.z.length !== L || into.a.length !== L)))
    forwardMisfit(network, X, L, into);
  // validateParams checked every W and b against network.sizes and X against sizes[0] above,
  // so the layers chain: the steps below check only the shapes of `into`'s matrices.
  if (into !== undefined) {
    let aPrev = X;
    for (let l = 0; l < L; l++)
      aPrev = activated(
        network.activations[l]!,
        affine(aPrev, params.W[l]!, params.b[l]!, into.z[l]),
        into.a[l],
      );
    // The same network and input: the cache itself is the result (its matrices hold the values).
    return into.network === network && into.X === X ? into : { network, X, z: into.z, a: into.a };
  }
  const z: Matrix[] = [];
  const a: Matrix[] = [];
  let aPrev = X;
  for (let l = 0; l < L; l++) {
    const zl = affine(aPrev, params.W[l]!, params.b[l]!);
    const al = activated(network.activations[l]!, zl);
    z.push(zl);
    a.push(al);
    aPrev = al;
  }
  return { network, X, z, a };
}

/** Throws the error of {@link forward}'s first input that does not fit: X, then `into`. */
function forwardMisfit(network: Network, X: Matrix, L: number, into: ForwardCache | undefined): void {
  if (X.cols !== network.sizes[0]) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `forward: X has shape ${shapeOf(X)} but network.sizes[0] is ${network.sizes[0]} (X must be examples×${network.sizes[0]}, one column per input)`,
    );
  }
  if (into !== undefined && (into.z.length !== L || into.a.length !== L)) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `forward: into holds ${into.z.length} z and ${into.a.length} a matrices but the network has ${L} layers (pass a cache of this network)`,
    );
  }
}

/**
 * The network's output ŷ = a^(L) in a forward cache (its last activation).
 *
 * @example
 * ```ts
 * output(forward(seedNetwork, params, X)); // 4×1 predictions
 * ```
 */
export function output(cache: ForwardCache): Matrix {
  return cache.a[cache.a.length - 1]!;
}
