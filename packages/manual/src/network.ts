/**
 * The network: its shape (a {@link Network} spec) and its numbers (the {@link Params}),
 * with the checks every other function runs before it computes.
 */
import { type Activation, assertActivation } from './activations';
import { describeValue, ManualError } from './errors';
import { assertLoss, type Loss } from './losses';
import { assertMatrix, cloneMatrix, isMatrix, type Matrix, matrix, shapeOf } from './matrix';

/**
 * A dense network of L = `sizes.length − 1` layers. Layer l (1-based in the equations, index
 * l − 1 in the arrays) maps `sizes[l − 1]` inputs to `sizes[l]` outputs and applies
 * `activations[l − 1]`.
 *
 * @example
 * ```ts
 * // The seed's 2 → 2 → 1 sigmoid network, trained on ½·Σ(y − ŷ)²
 * const network: Network = { sizes: [2, 2, 1], activations: ['sigmoid', 'sigmoid'], loss: 'halfSSE' };
 * ```
 */
export interface Network {
  /** Units per layer, input first: `[2, 2, 1]` is 2 inputs, 2 hidden units, 1 output. */
  readonly sizes: readonly number[];
  /** One activation per layer (`sizes.length − 1` of them), the output layer's last. */
  readonly activations: readonly Activation[];
  /** The loss that `backward` differentiates. Default `'halfSSE'`, the seed's. */
  readonly loss?: Loss;
}

/**
 * The parameters in the seed's layout: `W[l − 1]` is W^(l), of shape in × out
 * (`sizes[l − 1] × sizes[l]`), and `b[l − 1]` is b^(l), of shape 1 × out. (The column-vector
 * equations use the transpose, W of shape out × in.)
 *
 * @example
 * ```ts
 * const params: Params = {
 *   W: [fromRows([[0.5, -0.1], [0.6, 1.5]]), fromRows([[-0.2], [-0.2]])],
 *   b: [matrix(1, 2), matrix(1, 1)],
 * };
 * ```
 */
export interface Params {
  /** Weights: `W[l − 1]` is W^(l), in × out. */
  readonly W: readonly Matrix[];
  /** Biases: `b[l − 1]` is b^(l), 1 × out. */
  readonly b: readonly Matrix[];
}

/**
 * The loss a network trains on: its `loss`, or `'halfSSE'` when none is given.
 *
 * @example
 * ```ts
 * lossOf({ sizes: [2, 1], activations: ['sigmoid'] }); // 'halfSSE'
 * ```
 */
export function lossOf(network: Network): Loss {
  return network.loss ?? 'halfSSE';
}

/**
 * Checks a network spec: at least two sizes, all positive integers; one known activation per
 * layer; a known loss; and, for `bce`, a sigmoid output layer (the only activation here whose
 * outputs lie in (0, 1), where ln ŷ and ln(1 − ŷ) are defined).
 *
 * A network that passed is remembered with the sizes, activations and loss it had, so a
 * training loop that passes the same spec every step checks it once; a spec changed since is
 * checked again.
 *
 * @throws {@link ManualError} `INVALID_SIZES`, `INVALID_ACTIVATION` or `INVALID_LOSS`, naming
 * the field at fault.
 *
 * @example
 * ```ts
 * validateNetwork({ sizes: [2, 1], activations: ['relu'], loss: 'bce' });
 * // ManualError INVALID_LOSS: network.loss 'bce' needs a sigmoid output layer, but network.activations[0] is 'relu' …
 * ```
 */
export function validateNetwork(network: Network): void {
  // The network of the last call first: a training loop passes the same one every step, and a
  // comparison costs less than the WeakMap's lookup.
  if (network === lastNetwork && sameSpec(network, lastSpec!)) return;
  const seen = validated.get(network);
  if (seen !== undefined && sameSpec(network, seen)) {
    lastNetwork = network;
    lastSpec = seen;
    return;
  }
  checkNetwork(network);
  const spec: CheckedSpec = {
    sizes: network.sizes,
    activations: network.activations,
    loss: network.loss,
    values: [...network.sizes, ...network.activations],
  };
  validated.set(network, spec);
  lastNetwork = network;
  lastSpec = spec;
}

/** A network spec as it was when it passed {@link validateNetwork}. */
interface CheckedSpec {
  readonly sizes: readonly number[];
  readonly activations: readonly Activation[];
  readonly loss: Loss | undefined;
  /** The sizes, then the activations, copied: the arrays may be changed in place later. */
  readonly values: readonly (number | Activation)[];
}

const validated = new WeakMap<Network, CheckedSpec>();
/** The network {@link validateNetwork} last passed, and its spec as checked (held strongly: one). */
let lastNetwork: Network | undefined;
let lastSpec: CheckedSpec | undefined;

function sameSpec(network: Network, seen: CheckedSpec): boolean {
  const { sizes, activations } = network;
  if (sizes !== seen.sizes || activations !== seen.activations || network.loss !== seen.loss) return false;
  const values = seen.values;
  if (sizes.length + activations.length !== values.length) return false;
  for (let i = 0; i < sizes.length; i++) if (sizes[i] !== values[i]) return false;
  for (let i = 0; i < activations.length; i++) if (activations[i] !== values[sizes.length + i]) return false;
  return true;
}

function checkNetwork(network: Network): void {
  if (network === null || typeof network !== 'object') {
    throw new ManualError(
      'INVALID_SIZES',
      `network must be an object { sizes, activations, loss? }, got ${describeValue(network)}`,
    );
  }
  const { sizes, activations } = network;
  if (
    !Array.isArray(sizes) ||
    sizes.length < 2 ||
    !sizes.every((n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1)
  ) {
    throw new ManualError(
      'INVALID_SIZES',
      `network.sizes must be an array of at least 2 positive integers (inputs, …, outputs), got ${describeValue(sizes)}`,
    );
  }
  const layers = sizes.length - 1;
  if (!Array.isArray(activations) || activations.length !== layers) {
    throw new ManualError(
      'INVALID_ACTIVATION',
      `network.activations must have one activation per layer: sizes ${describeValue(sizes)} has ${layers} layer${layers === 1 ? '' : 's'}, got ${describeValue(activations)}`,
    );
  }
  activations.forEach((a, l) => {
    assertActivation(a, `network.activations[${l}]`);
  });
  const loss = lossOf(network);
  assertLoss(loss, 'network.loss');
  const output = activations[layers - 1];
  if (loss === 'bce' && output !== 'sigmoid') {
    throw new ManualError(
      'INVALID_LOSS',
      `network.loss 'bce' needs a sigmoid output layer, but network.activations[${layers - 1}] is ${describeValue(output)} (binary cross-entropy takes ln ŷ and ln(1 − ŷ), so ŷ must lie in (0, 1))`,
    );
  }
}

/**
 * Checks that `params` fit `network`: one W and one b per layer, W^(l) of shape
 * `sizes[l − 1] × sizes[l]` and b^(l) of shape `1 × sizes[l]`, each a well-formed matrix.
 * Validates the network first.
 *
 * @throws {@link ManualError} as {@link validateNetwork}; `INVALID_MATRIX` for a malformed
 * matrix; `SHAPE_MISMATCH` naming the parameter and both shapes.
 *
 * @example
 * ```ts
 * validateParams({ sizes: [2, 1], activations: ['sigmoid'] }, { W: [matrix(3, 1)], b: [matrix(1, 1)] });
 * // ManualError SHAPE_MISMATCH: params.W[0] (W^(1)) has shape 3×1 but network.sizes [2, 1] needs 2×1 (in × out)
 * ```
 */
export function validateParams(network: Network, params: Params): void {
  validateNetwork(network);
  if (!paramsFit(network, params)) paramsMisfit(network, params);
}

/**
 * Whether `params` fit a validated network: one W and one b per layer, each a matrix of its
 * layer's shape. Every step of a training loop passes here with a few comparisons.
 */
function paramsFit(network: Network, params: Params): boolean {
  if (params === null || typeof params !== 'object') return false;
  const { W, b } = params;
  const sizes = network.sizes;
  const layers = sizes.length - 1;
  if (!Array.isArray(W) || !Array.isArray(b) || W.length !== layers || b.length !== layers) return false;
  for (let l = 0; l < layers; l++) {
    // Sizes are integers, so rows and cols equal to them are too.
    if (!fits(W[l], sizes[l]!, sizes[l + 1]!) || !fits(b[l], 1, sizes[l + 1]!)) return false;
  }
  return true;
}

/** Throws the error naming the first parameter that does not fit (see {@link validateParams}). */
function paramsMisfit(network: Network, params: Params): void {
  const layers = network.sizes.length - 1;
  if (params === null || typeof params !== 'object' || !Array.isArray(params.W) || !Array.isArray(params.b)) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `params must be an object { W: Matrix[], b: Matrix[] }, got ${describeValue(params)}`,
    );
  }
  // W first, then b, as the message names them; the loop runs only to report.
  if (params.W.length !== layers || params.b.length !== layers) {
    for (const key of ['W', 'b'] as const) {
      if (params[key].length === layers) continue;
      throw new ManualError(
        'SHAPE_MISMATCH',
        `params.${key} has ${params[key].length} matrices but network.sizes ${describeValue(network.sizes)} has ${layers} layer${layers === 1 ? '' : 's'}`,
      );
    }
  }
  for (let l = 0; l < layers; l++) {
    const fanIn = network.sizes[l]!;
    const fanOut = network.sizes[l + 1]!;
    const W = params.W[l];
    const b = params.b[l];
    if (fits(W, fanIn, fanOut) && fits(b, 1, fanOut)) continue;
    if (!isMatrix(W)) assertMatrix(W, `params.W[${l}]`);
    if (!isMatrix(b)) assertMatrix(b, `params.b[${l}]`);
    if (W.rows !== fanIn || W.cols !== fanOut) {
      throw new ManualError(
        'SHAPE_MISMATCH',
        `params.W[${l}] (W^(${l + 1})) has shape ${shapeOf(W)} but network.sizes ${describeValue(network.sizes)} needs ${fanIn}×${fanOut} (in × out)`,
      );
    }
    if (b.rows !== 1 || b.cols !== fanOut) {
      throw new ManualError(
        'SHAPE_MISMATCH',
        `params.b[${l}] (b^(${l + 1})) has shape ${shapeOf(b)} but network.sizes ${describeValue(network.sizes)} needs 1×${fanOut}`,
      );
    }
  }
}

/** True when `m` is a rows×cols matrix over a Float64Array of that size. */
function fits(m: Matrix | undefined, rows: number, cols: number): boolean {
  return (
    typeof m === 'object' &&
    m !== null &&
    m.rows === rows &&
    m.cols === cols &&
    m.data instanceof Float64Array &&
    m.data.length === rows * cols
  );
}

/**
 * Parameters drawn as the seed draws them: each W^(l) filled row by row with successive
 * `normal()` draws, layer after layer, and every bias zero. With `numpyRandom(42)` from
 * `@deltagrad/random` this is `W1 = np.random.randn(2, 2)` then `W2 = np.random.randn(2, 1)`.
 *
 * @param normal - a source of standard normal draws (this package has no generator of its own)
 * @throws {@link ManualError} as {@link validateNetwork}.
 *
 * @example
 * ```ts
 * import { numpyRandom } from '@deltagrad/random';
 * const rng = numpyRandom(42);
 * const params = initParams(seedNetwork, () => rng.normal());
 * params.W[0]!.data[0]; // 0.4967141530112327
 * ```
 */
export function initParams(network: Network, normal: () => number): Params {
  validateNetwork(network);
  const W: Matrix[] = [];
  const b: Matrix[] = [];
  for (let l = 0; l + 1 < network.sizes.length; l++) {
    const w = matrix(network.sizes[l]!, network.sizes[l + 1]!);
    for (let i = 0; i < w.data.length; i++) w.data[i] = normal();
    W.push(w);
    b.push(matrix(1, network.sizes[l + 1]!));
  }
  return { W, b };
}

/**
 * A deep copy of the parameters.
 *
 * @example
 * ```ts
 * const before = cloneParams(params);
 * ```
 */
export function cloneParams(params: Params): Params {
  return { W: params.W.map(cloneMatrix), b: params.b.map(cloneMatrix) };
}
