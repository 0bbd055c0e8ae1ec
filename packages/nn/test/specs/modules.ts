/**
 * The catalogue of nn's modules for the shared op harness. A module's spec takes its input
 * and then every parameter as inputs, applied through `functionalCall`, so gradcheck
 * differentiates with respect to the input AND the parameters. The forward oracles of modules
 * with parameters read the sampled parameters, so a `functionalCall` that ignored them would
 * fail the forward check (not only gradcheck, which would see a zero gradient on both sides).
 */
import type { Tensor } from '@deltagrad/core';
import {
  BatchNorm1d,
  Dropout,
  functionalCall,
  Identity,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  type Module,
  mlp,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from '@deltagrad/nn';
import { createRandom } from '@deltagrad/random';
import {
  defineSpec,
  KINK_AT_ZERO,
  type OpSpec,
  specFor,
  TINY,
  UNARY_SHAPES,
  type ValueCase,
} from '@deltagrad/testing';
import {
  affine,
  batchNormColumns,
  layerNormRows,
  logSoftmaxLast,
  mapDense,
  moduleOracle,
  softmaxLast,
} from './oracles';

/**
 * `module` as a function of its input and then every parameter (in `namedParameters` order),
 * through `functionalCall`: gradients flow into the input and the parameters.
 */
function withParams(module: Module): (x: Tensor, ...params: Tensor[]) => Tensor {
  const names = module.namedParameters().map(([name]) => name);
  return (x, ...params) => {
    if (params.length !== names.length) {
      throw new Error(
        `${module}: takes ${names.length} parameters (${names.join(', ')}), got ${params.length}`,
      );
    }
    return functionalCall(module, Object.fromEntries(names.map((name, i) => [name, params[i]!])), x);
  };
}

/** The shapes of `module`'s parameters, in `namedParameters` order. */
function paramShapes(module: Module): number[][] {
  return module.namedParameters().map(([, p]) => [...p.shape]);
}

/** Input shape lists of a module with fixed parameters: each input shape, then the parameters' shapes. */
function moduleShapes(module: Module, inputShapes: readonly number[][]): number[][][] {
  return inputShapes.map((shape) => [shape, ...paramShapes(module)]);
}

const linears = new Map<string, Linear>();
/** One Linear per size and bias (its parameters are replaced on every call anyway). */
function linearOf(inFeatures: number, outFeatures: number, bias: boolean): Linear {
  const key = `${inFeatures} ${outFeatures} ${bias}`;
  let layer = linears.get(key);
  if (layer === undefined) {
    layer = new Linear(inFeatures, outFeatures, { bias });
    linears.set(key, layer);
  }
  return layer;
}

/** A Linear of the size W gives, applied to x with W (and b) through functionalCall. */
function linearCall(bias: boolean): (x: Tensor, ...params: Tensor[]) => Tensor {
  return (x, ...params) => {
    const [inFeatures, outFeatures] = params[0]!.shape as [number, number];
    return withParams(linearOf(inFeatures, outFeatures, bias))(x, ...params);
  };
}

/** A parameterless activation module: element-wise, with an independent scalar formula. */
function activationSpec(
  module: Module,
  rest: Omit<OpSpec, 'op' | 'kind' | 'call' | 'shapes' | 'secondOrder'> & { secondOrder?: boolean },
): OpSpec {
  return defineSpec({
    op: module.toString(),
    kind: 'composite',
    call: withParams(module),
    shapes: UNARY_SHAPES,
    secondOrder: true,
    ...rest,
  });
}

/**
 * An activation module checked against the spec of the core op it applies: the same formula,
 * reference values, edge points and kinks, called through the module. (Cases that call
 * another function than the op itself are left out.)
 */
function wrapsOp(module: Module, op: string): OpSpec {
  const core = specFor(op);
  if (!core) throw new Error(`no core spec named '${op}'`);
  const throughModule = (cases: readonly ValueCase[] = []) =>
    cases.filter((c) => c.call === undefined).map((c) => ({ ...c, name: c.name?.replace(op, `${module}`) }));
  return activationSpec(module, {
    scalar: core.scalar,
    avoid: core.avoid,
    tolerance: core.tolerance,
    reference: throughModule(core.reference),
    edge: throughModule(core.edge),
  });
}

const SOFTMAX_SHAPES: number[][][] = [[[3]], [[2, 3]], [[2, 3, 4]], [[3, 1]]];

const twoLayer = mlp({ sizes: [4, 5, 2], activations: ['tanh', 'sigmoid'], seed: 1 });
const everyActivation = mlp({
  sizes: [4, 5, 4, 3, 3, 2, 2, 1],
  activations: ['tanh', 'sigmoid', 'softplus', 'leakyRelu', 'relu', 'identity', 'sigmoid'],
  seed: 5,
});
const nested = new Sequential(new Sequential(new Linear(4, 3), new Tanh()), new Linear(3, 2), new Sigmoid());
/** 1 → 1 → 1, tanh then sigmoid: small enough for hand-computed cases. */
const tinyMlp = mlp({ sizes: [1, 1, 1], activations: ['tanh', 'sigmoid'] });

/**
 * Dropout(p) in training mode with a seeded generator, made afresh on every call, so every
 * call draws the same mask (gradcheck evaluates the function many times).
 */
const dropoutCall = (p: number, seed: number) => (x: Tensor) => new Dropout(p, { seed }).forward(x);
/** The mask that Dropout(p, { seed }) draws for n values: 0 with probability p, else 1/(1 − p). */
function dropoutMask(p: number, seed: number, n: number): number[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => (rng.float() < p ? 0 : 1 / (1 - p)));
}

const layerNorm = (features: number) => new LayerNorm(features);
/** A BatchNorm1d in evaluation mode with running statistics set to given values. */
const RUNNING = { mean: [0.5, -1, 2], variance: [4, 0.25, 1] };
const batchNormEval = new BatchNorm1d(3).eval();
batchNormEval.loadStateDict(
  { runningMean: RUNNING.mean, runningVar: RUNNING.variance, batchesTracked: 0 },
  { strict: false },
);
const withNorms = new Sequential(
  new Linear(4, 5),
  new LayerNorm(5),
  new Tanh(),
  new Dropout(0.5).eval(),
  new Linear(5, 3),
  new BatchNorm1d(3),
  new Sigmoid(),
);

/** One spec per module: every activation, Linear with and without bias, the norms and dropout, mlps and nested Sequentials. */
export const moduleSpecs: OpSpec[] = [
  activationSpec(new Identity(), {
    scalar: (x) => x,
    reference: [{ inputs: [[-1, 0.5, 2]], expected: [-1, 0.5, 2], grads: [[1, 1, 1]] }],
    edge: [
      { inputs: [1e3], expected: 1e3, grads: [1] },
      { inputs: [-1e3], expected: -1e3, grads: [1] },
      { inputs: [TINY], expected: TINY, grads: [1] },
    ],
  }),
  wrapsOp(new Sigmoid(), 'sigmoid'),
  wrapsOp(new Tanh(), 'tanh'),
  wrapsOp(new ReLU(), 'relu'),
  activationSpec(new LeakyReLU(0.1), {
    avoid: KINK_AT_ZERO,
    scalar: (x) => (x > 0 ? x : 0.1 * x),
    reference: [
      { inputs: [[-1, 0.5, 2]], expected: [-0.1, 0.5, 2], grads: [[0.1, 1, 1]] },
      {
        name: 'LeakyReLU() has slope 0.01',
        call: withParams(new LeakyReLU()),
        inputs: [[-2, 3]],
        expected: [-0.02, 3],
        grads: [[0.01, 1]],
      },
    ],
    edge: [
      { name: 'LeakyReLU at the kink: gradient = slope', inputs: [0], expected: 0, grads: [0.1] },
      { inputs: [1e3], expected: 1e3, grads: [1] },
      { inputs: [-1e3], expected: -100, grads: [0.1] },
    ],
  }),
  wrapsOp(new Softplus(), 'softplus'),
  defineSpec({
    op: new Softmax().toString(),
    kind: 'composite',
    call: withParams(new Softmax()),
    shapes: SOFTMAX_SHAPES,
    secondOrder: true,
    oracle: softmaxLast,
    reference: [
      {
        name: 'Softmax([1, 2, 3]) (NumPy)',
        inputs: [[1, 2, 3]],
        expected: [0.09003057317038046, 0.24472847105479764, 0.6652409557748218],
        upstream: [1, 0, 0],
        grads: [[0.08192506906499324, -0.022033044520174298, -0.059892024544818935]],
      },
      {
        name: 'Softmax(axis 0) over the rows',
        call: withParams(new Softmax(0)),
        inputs: [[[0], [Math.LN2]]],
        expected: [[1 / 3], [2 / 3]],
        upstream: [[1], [0]],
        grads: [[[2 / 9], [-2 / 9]]],
      },
    ],
    edge: [
      {
        name: 'Softmax([1000, 1001]) is stable',
        inputs: [[1000, 1001]],
        expected: [0.2689414213699951, 0.7310585786300049],
        upstream: [1, 0],
        grads: [[0.19661193324148185, -0.19661193324148185]],
      },
      { inputs: [[-1e3, 1e3]], expected: [0, 1], upstream: [1, 0], grads: [[0, 0]] },
    ],
  }),
  defineSpec({
    op: new LogSoftmax().toString(),
    kind: 'composite',
    call: withParams(new LogSoftmax()),
    shapes: SOFTMAX_SHAPES,
    secondOrder: true,
    oracle: logSoftmaxLast,
    tolerance: { forward: { atol: 1e-14, rtol: 1e-12 } },
    reference: [
      {
        name: 'LogSoftmax([1, 2, 3]) (NumPy)',
        inputs: [[1, 2, 3]],
        expected: [-2.40760596444438, -1.4076059644443801, -0.40760596444438013],
        grads: [[0.7299082804888586, 0.265814586835607, -0.9957228673244658]],
      },
      {
        name: 'LogSoftmax(axis 0) over the rows',
        call: withParams(new LogSoftmax(0)),
        inputs: [[[0], [Math.LN2]]],
        expected: [[-Math.log(3)], [Math.log(2 / 3)]],
      },
    ],
    edge: [
      {
        name: 'LogSoftmax([1000, 1001]) is stable',
        inputs: [[1000, 1001]],
        expected: [-1.3132616875182228, -0.31326168751822286],
        grads: [[0.4621171572600098, -0.4621171572600098]],
        // x − lse loses ≈ ulp(1001) ≈ 1e-13 to rounding.
        tolerance: { atol: 1e-13 },
      },
      { inputs: [[-1e3, 1e3]], expected: [-2e3, 0], grads: [[1, -1]] },
    ],
  }),
  defineSpec({
    op: 'Linear (x, W, b)',
    kind: 'composite',
    call: linearCall(true),
    shapes: [
      [
        [3, 4],
        [4, 3],
        [1, 3],
      ],
      [
        [1, 1],
        [1, 1],
        [1, 1],
      ],
      [
        [5, 2],
        [2, 1],
        [1, 1],
      ],
      [
        [2, 3, 4],
        [4, 2],
        [1, 2],
      ],
    ],
    secondOrder: true,
    oracle: (x, W, b) => affine(x, W, b),
    reference: [
      {
        name: 'Linear: [[1, 2]]·[[1, 0, -1], [2, 1, 0]] + [[0.5, 0, -0.5]]',
        inputs: [
          [[1, 2]],
          [
            [1, 0, -1],
            [2, 1, 0],
          ],
          [[0.5, 0, -0.5]],
        ],
        expected: [[5.5, 2, -1.5]],
        grads: [
          [[0, 3]],
          [
            [1, 1, 1],
            [2, 2, 2],
          ],
          [[1, 1, 1]],
        ],
      },
      {
        name: 'Linear: the bias is summed over the batch',
        inputs: [[[1], [2], [3]], [[2]], [[-1]]],
        expected: [[1], [3], [5]],
        upstream: [[1], [10], [100]],
        grads: [[[2], [20], [200]], [[321]], [[111]]],
      },
    ],
    edge: [
      {
        name: 'Linear: cancellation 1e3·1e3 − 1e6',
        inputs: [[[1e3]], [[1e3]], [[-1e6]]],
        expected: [[0]],
        grads: [[[1e3]], [[1e3]], [[1]]],
      },
      {
        name: 'Linear: 1e-300·1e-300 underflows to 0',
        inputs: [[[TINY]], [[TINY]], [[0]]],
        expected: [[0]],
        grads: [[[TINY]], [[TINY]], [[1]]],
      },
    ],
  }),
  defineSpec({
    op: 'Linear without bias (x, W)',
    kind: 'composite',
    call: linearCall(false),
    shapes: [
      [
        [3, 4],
        [4, 2],
      ],
      [
        [2, 3, 4],
        [4, 1],
      ],
    ],
    secondOrder: true,
    oracle: (x, W) => affine(x, W, null),
    reference: [
      {
        inputs: [
          [
            [1, 2],
            [3, 4],
          ],
          [
            [5, 6],
            [7, 8],
          ],
        ],
        expected: [
          [19, 22],
          [43, 50],
        ],
        grads: [
          [
            [11, 15],
            [11, 15],
          ],
          [
            [4, 4],
            [6, 6],
          ],
        ],
      },
    ],
  }),
  defineSpec({
    op: `mlp [4, 5, 2] (tanh, sigmoid): ${twoLayer.namedParameters().length} parameters`,
    kind: 'composite',
    call: withParams(twoLayer),
    shapes: moduleShapes(twoLayer, [
      [3, 4],
      [1, 4],
      [2, 3, 4],
    ]),
    secondOrder: true,
    oracle: moduleOracle(twoLayer),
    reference: [
      {
        // sigmoid(2·tanh(x·w + b) + c) at x = 0.5, w = 2, b = -1 (tanh(0) = 0), W2 = 2, c = 0.
        name: 'mlp [1, 1, 1] at a zero pre-activation: σ(0) = 1/2',
        call: withParams(tinyMlp),
        inputs: [[[0.5]], [[2]], [[-1]], [[2]], [[0]]],
        expected: [[0.5]],
        // σ' = 1/4 and tanh' = 1 there: x ← 1/4·2·1·w = 1, w ← 1/2·x, b ← 1/2, W2 ← 1/4·tanh(0) = 0, c ← 1/4.
        grads: [[[1]], [[0.25]], [[0.5]], [[0]], [[0.25]]],
      },
    ],
    edge: [
      {
        name: 'mlp [1, 1, 1] with a saturated tanh: no gradient below it, not NaN',
        call: withParams(tinyMlp),
        inputs: [[[1e3]], [[1]], [[0]], [[2]], [[-2]]],
        expected: [[0.5]],
        grads: [[[0]], [[0]], [[0]], [[0.25]], [[0.25]]],
      },
    ],
  }),
  defineSpec({
    op: `mlp [4, 5, 4, 3, 3, 2, 2, 1] with every activation: ${everyActivation.namedParameters().length} parameters`,
    kind: 'composite',
    call: withParams(everyActivation),
    shapes: moduleShapes(everyActivation, [[3, 4]]),
    secondOrder: true,
    oracle: moduleOracle(everyActivation),
  }),
  defineSpec({
    op: 'nested Sequential(Sequential(Linear, Tanh), Linear, Sigmoid)',
    kind: 'composite',
    call: withParams(nested),
    shapes: moduleShapes(nested, [
      [3, 4],
      [1, 4],
    ]),
    secondOrder: true,
    oracle: moduleOracle(nested),
  }),
  defineSpec({
    op: 'Dropout(p=0.5) in training mode (seeded mask)',
    kind: 'composite',
    call: dropoutCall(0.5, 7),
    shapes: UNARY_SHAPES,
    secondOrder: true,
    oracle: (x) => {
      const mask = dropoutMask(0.5, 7, x.data.length);
      return mapDense(x, (v, k) => v * mask[k]!);
    },
    reference: [
      {
        name: 'Dropout(p=0.25, seed 3): kept values scaled by 4/3, dropped ones 0, gradient the mask',
        call: dropoutCall(0.25, 3),
        inputs: [[3, 3, 3, 3, 3, 3]],
        expected: dropoutMask(0.25, 3, 6).map((m) => 3 * m),
        grads: [dropoutMask(0.25, 3, 6)],
      },
      {
        name: 'Dropout(p=1) zeroes everything',
        call: dropoutCall(1, 0),
        inputs: [[1, -2]],
        expected: [0, 0],
        grads: [[0, 0]],
      },
    ],
  }),
  defineSpec({
    op: 'Dropout(p=0.5) in evaluation mode: the identity',
    kind: 'composite',
    call: withParams(new Dropout(0.5).eval()),
    shapes: UNARY_SHAPES,
    secondOrder: true,
    scalar: (x) => x,
    reference: [{ inputs: [[-1, 0.5, 2]], expected: [-1, 0.5, 2], grads: [[1, 1, 1]] }],
  }),
  defineSpec({
    op: 'LayerNorm (x, gamma, beta)',
    kind: 'composite',
    call: (x, gamma, beta) => withParams(layerNorm(gamma!.shape[0]!))(x, gamma!, beta!),
    shapes: [
      [[3, 4], [4], [4]],
      [[2, 3, 5], [5], [5]],
      [[1, 2], [2], [2]],
    ],
    secondOrder: true,
    oracle: (x, gamma, beta) => layerNormRows(x, 1e-5, gamma!, beta!),
    reference: [
      {
        name: 'LayerNorm([1, 2, 3]): (x − 2)/√(2/3 + 1e-5)',
        inputs: [[[1, 2, 3]], [1, 1, 1], [0, 0, 0]],
        expected: [[-1 / Math.sqrt(2 / 3 + 1e-5), 0, 1 / Math.sqrt(2 / 3 + 1e-5)]],
        // The output is invariant to shifting the row, and the upstream gradient is all ones: dx = 0.
        grads: [[[0, 0, 0]], [-1 / Math.sqrt(2 / 3 + 1e-5), 0, 1 / Math.sqrt(2 / 3 + 1e-5)], [1, 1, 1]],
      },
    ],
    edge: [
      {
        name: 'LayerNorm of a constant row is β (no division by zero: eps)',
        inputs: [[[5, 5]], [2, 3], [0.5, -0.5]],
        expected: [[0.5, -0.5]],
      },
    ],
  }),
  defineSpec({
    op: 'LayerNorm without affine',
    kind: 'composite',
    call: (x) => new LayerNorm(x.shape.at(-1)!, { affine: false }).forward(x),
    shapes: [[[3, 4]], [[2, 2, 3]]],
    secondOrder: true,
    oracle: (x) => layerNormRows(x, 1e-5, null, null),
  }),
  defineSpec({
    op: 'BatchNorm1d (x, gamma, beta) in training mode',
    kind: 'composite',
    call: (x, gamma, beta) => withParams(new BatchNorm1d(gamma!.shape[0]!))(x, gamma!, beta!),
    // Training mode writes the batch's statistics into its running buffers, reading their values:
    // one value per example under vmap (functorch refuses it too).
    batching: false,
    shapes: [
      [[4, 3], [3], [3]],
      [[2, 1], [1], [1]],
      [[5, 2], [2], [2]],
    ],
    secondOrder: true,
    oracle: (x, gamma, beta) => batchNormColumns(x, 1e-5, gamma!, beta!),
    reference: [
      {
        name: 'BatchNorm1d of the column [1, 3]: ±1/√(1 + 1e-5)',
        inputs: [[[1], [3]], [2], [0.5]],
        expected: [[0.5 - 2 / Math.sqrt(1 + 1e-5)], [0.5 + 2 / Math.sqrt(1 + 1e-5)]],
        grads: [[[0], [0]], [0], [2]],
      },
    ],
  }),
  defineSpec({
    op: 'BatchNorm1d (x, gamma, beta) in evaluation mode (running statistics)',
    kind: 'composite',
    call: withParams(batchNormEval),
    shapes: [
      [[4, 3], [3], [3]],
      [[1, 3], [3], [3]],
    ],
    secondOrder: true,
    oracle: (x, gamma, beta) => batchNormColumns(x, 1e-5, gamma!, beta!, RUNNING),
  }),
  defineSpec({
    op: `Sequential(Linear, LayerNorm, Tanh, Dropout (eval), Linear, BatchNorm1d, Sigmoid): ${withNorms.namedParameters().length} parameters`,
    kind: 'composite',
    call: withParams(withNorms),
    // Its BatchNorm1d trains, updating running statistics from values (see above): no vmap.
    batching: false,
    shapes: moduleShapes(withNorms, [[4, 4]]),
    secondOrder: true,
    oracle: moduleOracle(withNorms),
  }),
];
