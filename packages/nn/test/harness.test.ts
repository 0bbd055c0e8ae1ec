/**
 * Gradients of every module and loss of @deltagrad/nn through the shared op harness
 * (@deltagrad/testing), the way core's ops are checked: one OpSpec per module and per loss
 * (per reduction), one Vitest test per planned check (forward against an independent
 * implementation, reference values, gradcheck and gradgradcheck on several shapes, gradient
 * shapes, zero upstream gradients, NaN-aware edge points).
 *
 * A module's spec takes its input and then every parameter as inputs, applied through
 * `functionalCall`, so gradcheck differentiates with respect to the input AND the parameters.
 * The forward oracles of modules with parameters read the sampled parameters, so a
 * `functionalCall` that ignored them would fail the forward check (not only gradcheck, which
 * would see a zero gradient on both sides).
 */
import type { NestedArray, Tensor } from '@deltagrad/core';
import { tensor } from '@deltagrad/core';
import {
  bce,
  bceWithLogits,
  functionalCall,
  halfSSE,
  Identity,
  type LayerDescriptor,
  LeakyReLU,
  Linear,
  LogSoftmax,
  type Module,
  mlp,
  mse,
  type Reduction,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Softplus,
  softmaxCrossEntropy,
  Tanh,
} from '@deltagrad/nn';
import {
  type Dense,
  defineSpec,
  fromNested,
  KINK_AT_ZERO,
  type OpSpec,
  specFor,
  TINY,
  UNARY_SHAPES,
  type ValueCase,
} from '@deltagrad/testing';
import { runSpecSuite } from '@deltagrad/testing/vitest';

// ---------------------------------------------------------------------------------------------
// Independent scalar formulas and plain-array oracles (no core kernels)
// ---------------------------------------------------------------------------------------------

const sigmoidOf = (x: number): number => 1 / (1 + Math.exp(-x));
/** ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|). */
const softplusOf = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

function scalarDense(v: number): Dense {
  return { data: [v], shape: [] };
}

function mapDense(x: Dense, f: (v: number, k: number) => number): Dense {
  return { data: Array.from(x.data, f), shape: x.shape };
}

function sumOf(values: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < values.length; k++) total += values[k]!;
  return total;
}

/** The rows of `x` along its last axis. */
function rowsOf(x: Dense): number[][] {
  const width = x.shape.at(-1) ?? 1;
  const rows: number[][] = [];
  for (let start = 0; start < x.data.length; start += width) {
    rows.push(Array.from({ length: width }, (_, j) => x.data[start + j]!));
  }
  return rows;
}

/** log Σ exp(row), shifted by the row's maximum. */
function logSumExpOf(row: readonly number[]): number {
  const m = Math.max(...row);
  return m + Math.log(sumOf(row.map((v) => Math.exp(v - m))));
}

function logSoftmaxLast(x: Dense): Dense {
  return { data: rowsOf(x).flatMap((row) => row.map((v) => v - logSumExpOf(row))), shape: x.shape };
}

function softmaxLast(x: Dense): Dense {
  return mapDense(logSoftmaxLast(x), Math.exp);
}

/** x·W (+ b) by loops, for x of shape [..., in], W [in, out], b [1, out]. */
function affine(x: Dense, W: Dense, b: Dense | null): Dense {
  const [k, m] = W.shape as [number, number];
  const rows = x.data.length / k;
  const data = new Array<number>(rows * m);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += x.data[r * k + p]! * W.data[p * m + j]!;
      data[r * m + j] = b ? s + b.data[j]! : s;
    }
  }
  return { data, shape: [...x.shape.slice(0, -1), m] };
}

/**
 * An interpreter of layer descriptors on plain arrays: the oracle of a module with its
 * parameters given in `namedParameters` order (own first, then each child's in order).
 */
function runDescriptor(d: LayerDescriptor, x: Dense, params: Dense[]): Dense {
  switch (d.type) {
    case 'Linear': {
      const W = params.shift()!;
      return affine(x, W, d.bias ? params.shift()! : null);
    }
    case 'Identity':
      return x;
    case 'Sigmoid':
      return mapDense(x, sigmoidOf);
    case 'Tanh':
      return mapDense(x, Math.tanh);
    case 'ReLU':
      return mapDense(x, (v) => Math.max(v, 0));
    case 'LeakyReLU':
      return mapDense(x, (v) => (v > 0 ? v : d.slope * v));
    case 'Softplus':
      return mapDense(x, softplusOf);
    case 'Softmax':
    case 'LogSoftmax':
      if (d.axis !== -1 && d.axis !== x.shape.length - 1) throw new Error('oracle: last axis only');
      return d.type === 'Softmax' ? softmaxLast(x) : logSoftmaxLast(x);
    case 'Sequential':
      return d.layers.reduce((out, layer) => runDescriptor(layer, out, params), x);
  }
}

/** The oracle of `module`: its descriptor run on the input and the given parameters. */
function moduleOracle(module: Module): (x: Dense, ...params: Dense[]) => Dense {
  return (x, ...params) => runDescriptor(module.describe(), x, [...params]);
}

function reduceDense(perElement: Dense, reduction: Reduction): Dense {
  if (reduction === 'none') return perElement;
  const total = sumOf(perElement.data);
  return scalarDense(reduction === 'sum' ? total : total / perElement.data.length);
}

// ---------------------------------------------------------------------------------------------
// Modules through functionalCall
// ---------------------------------------------------------------------------------------------

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

const moduleSpecs: OpSpec[] = [
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
];

// ---------------------------------------------------------------------------------------------
// Losses
// ---------------------------------------------------------------------------------------------

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** Prediction and target of the same shape: a matrix, a vector, 0-d, and 3-d with a size-1 axis. */
const PAIR_SHAPES: number[][][] = [
  [
    [3, 2],
    [3, 2],
  ],
  [[4], [4]],
  [[], []],
  [
    [2, 1, 3],
    [2, 1, 3],
  ],
];

const LOGIT_SHAPES: number[][] = [
  [3, 4],
  [1, 2],
  [5, 3],
];

function mapNested(v: NestedArray, f: (x: number) => number): NestedArray {
  return Array.isArray(v) ? v.map((w) => mapNested(w, f)) : f(v);
}

/**
 * A case given by its per-element (or per-row) losses and the gradients of their sum: reduced
 * as `reduction` does (`'mean'` also divides the gradients by the number of terms).
 */
function reducedCase(
  reduction: Reduction,
  c: Omit<ValueCase, 'expected' | 'grads' | 'upstream'> & {
    readonly terms: NestedArray;
    readonly grads: readonly NestedArray[];
  },
): ValueCase {
  const { terms, grads, ...rest } = c;
  const flat = fromNested(terms).data;
  const n = reduction === 'mean' ? flat.length : 1;
  return {
    ...rest,
    name: `${c.name} (${reduction})`,
    expected: reduction === 'none' ? terms : sumOf(flat) / n,
    grads: grads.map((g) => mapNested(g, (x) => x / n)),
  };
}

/** Class labels for a batch of `n` rows over `c` classes: (2i + 1) mod c. */
function labelsFor(n: number, c: number): number[] {
  return Array.from({ length: n }, (_, i) => (2 * i + 1) % c);
}

/** softmaxCrossEntropy against the class indices `labelsFor(batch, classes)`. */
function withLabels(reduction: Reduction): (z: Tensor) => Tensor {
  return (z) => {
    const [n, c] = z.shape as [number, number];
    return softmaxCrossEntropy(z, tensor(labelsFor(n, c)), { reduction });
  };
}

const bceTerm = (p: number, y: number): number =>
  -(y * Math.max(Math.log(p), -100) + (1 - y) * Math.max(Math.log(1 - p), -100));
const bceWithLogitsTerm = (z: number, y: number): number => softplusOf(z) - z * y;

/** The z·y terms of bceWithLogits at z = ±1e3 are exact, so these must be too. */
const EXACT = { atol: 0, rtol: 0 };
const saturatedLogits = [
  [1e3, -1e3],
  [-1e3, 1e3],
];
const saturatedTargets = [
  [1, 0],
  [1, 0],
];

function bceWithLogitsSpec(reduction: Reduction): OpSpec {
  const z = [0, 2, -1];
  const y = [1, 0, 0.5];
  return defineSpec({
    op: `bceWithLogits (reduction ${reduction})`,
    kind: 'composite',
    call: (p, t) => bceWithLogits(p, t, { reduction }),
    shapes: PAIR_SHAPES,
    domain: ['any', { lo: 0, hi: 1 }],
    secondOrder: true,
    oracle: (p, t) =>
      reduceDense(
        mapDense(p, (v, k) => bceWithLogitsTerm(v, t.data[k]!)),
        reduction,
      ),
    reference: [
      reducedCase(reduction, {
        name: 'bceWithLogits([0, 2, -1], [1, 0, 0.5])',
        inputs: [z, y],
        terms: [Math.LN2, 2.1269280110429727, 0.31326168751822286 + 0.5],
        grads: [z.map((v, i) => sigmoidOf(v) - y[i]!), z.map((v) => -v)],
      }),
    ],
    edge: [
      reducedCase(reduction, {
        name: 'bceWithLogits at logits ±1e3: finite, gradient σ(z) − y exactly',
        inputs: [saturatedLogits, saturatedTargets],
        terms: [
          [0, 0],
          [1e3, 1e3],
        ],
        grads: [
          saturatedLogits.map((row, i) => row.map((v, j) => sigmoidOf(v) - saturatedTargets[i]![j]!)),
          mapNested(saturatedLogits, (v) => -v),
        ],
        tolerance: EXACT,
      }),
      reducedCase(reduction, {
        name: 'bceWithLogits at logits ±1e3 with soft targets',
        inputs: [
          [1e3, -1e3],
          [0.3, 0.8],
        ],
        terms: [bceWithLogitsTerm(1e3, 0.3), bceWithLogitsTerm(-1e3, 0.8)],
        grads: [
          [sigmoidOf(1e3) - 0.3, sigmoidOf(-1e3) - 0.8],
          [-1e3, 1e3],
        ],
      }),
      reducedCase(reduction, {
        name: 'bceWithLogits of a NaN logit is NaN',
        inputs: [[NaN], [0]],
        terms: [NaN],
        grads: [[NaN], [NaN]],
      }),
    ],
  });
}

/** gradcheck near ±1e3 (not only the edge values): logits sampled in [999, 1001) or its negative. */
function saturatedBceWithLogitsSpec(sign: 1 | -1): OpSpec {
  const [lo, hi] = sign > 0 ? [999, 1001] : [-1001, -999];
  return defineSpec({
    op: `bceWithLogits (reduction sum) at logits in [${lo}, ${hi})`,
    kind: 'composite',
    call: (p, t) => bceWithLogits(p, t, { reduction: 'sum' }),
    shapes: [
      [
        [3, 2],
        [3, 2],
      ],
      [[], []],
    ],
    domain: [
      { lo, hi },
      { lo: 0, hi: 1 },
    ],
    secondOrder: true,
    oracle: (p, t) =>
      reduceDense(
        mapDense(p, (v, k) => bceWithLogitsTerm(v, t.data[k]!)),
        'sum',
      ),
    reference: [
      {
        name: `bceWithLogits([${sign * 999.5}], [0.3])`,
        inputs: [[sign * 999.5], [0.3]],
        expected: bceWithLogitsTerm(sign * 999.5, 0.3),
        grads: [[sigmoidOf(sign * 999.5) - 0.3], [-sign * 999.5]],
      },
    ],
  });
}

function bceSpec(reduction: Reduction): OpSpec {
  const p = [0.2, 0.7];
  const y = [0, 1];
  return defineSpec({
    op: `bce (reduction ${reduction})`,
    kind: 'composite',
    call: (q, t) => bce(q, t, { reduction }),
    shapes: PAIR_SHAPES,
    // Predictions are probabilities, kept 0.02 away from 0 and 1 (where the logs are clamped).
    domain: [
      { lo: 0.02, hi: 0.98 },
      { lo: 0, hi: 1 },
    ],
    secondOrder: true,
    oracle: (q, t) =>
      reduceDense(
        mapDense(q, (v, k) => bceTerm(v, t.data[k]!)),
        reduction,
      ),
    reference: [
      reducedCase(reduction, {
        name: 'bce([0.2, 0.7], [0, 1])',
        inputs: [p, y],
        terms: [-Math.log(0.8), -Math.log(0.7)],
        // ∂/∂p = (p − y) / (p(1 − p)); ∂/∂y = −ln(p / (1 − p)).
        grads: [p.map((v, i) => (v - y[i]!) / (v * (1 - v))), p.map((v) => -Math.log(v / (1 - v)))],
      }),
    ],
    edge: [
      reducedCase(reduction, {
        // Each log is max(ln, −100) and has no gradient where it is clamped; never NaN or Infinity.
        name: 'bce at p ∈ {0, 1}: logs clamped at −100, finite gradients',
        inputs: [
          [0, 1, 0, 1],
          [1, 0, 0, 1],
        ],
        terms: [100, 100, 0, 0],
        grads: [
          [0, 0, 1, -1],
          [100, -100, 100, -100],
        ],
      }),
    ],
  });
}

function mseSpec(reduction: Reduction): OpSpec {
  return defineSpec({
    op: `mse (reduction ${reduction})`,
    kind: 'composite',
    call: (p, t) => mse(p, t, { reduction }),
    shapes: PAIR_SHAPES,
    secondOrder: true,
    oracle: (p, t) =>
      reduceDense(
        mapDense(p, (v, k) => (v - t.data[k]!) ** 2),
        reduction,
      ),
    reference: [
      reducedCase(reduction, {
        name: 'mse([1, 2, 3], [1, 0, 0])',
        inputs: [
          [1, 2, 3],
          [1, 0, 0],
        ],
        terms: [0, 4, 9],
        grads: [
          [0, 4, 6],
          [0, -4, -6],
        ],
      }),
    ],
    edge: [
      reducedCase(reduction, {
        name: 'mse(1e3, -1e3)',
        inputs: [[1e3], [-1e3]],
        terms: [4e6],
        grads: [[4e3], [-4e3]],
      }),
      reducedCase(reduction, {
        name: 'mse(1e-300, 0) underflows to 0, its gradient does not',
        inputs: [[TINY], [0]],
        terms: [0],
        grads: [[2 * TINY], [-2 * TINY]],
      }),
    ],
  });
}

function softmaxCrossEntropyLabelsSpec(reduction: Reduction): OpSpec {
  return defineSpec({
    op: `softmaxCrossEntropy with class indices (reduction ${reduction})`,
    kind: 'composite',
    call: (z) => withLabels(reduction)(z),
    shapes: LOGIT_SHAPES.map((s) => [s]),
    secondOrder: true,
    oracle: (z) => {
      const rows = rowsOf(z);
      const labels = labelsFor(rows.length, z.shape[1]!);
      return reduceDense(
        { data: rows.map((r, i) => logSumExpOf(r) - r[labels[i]!]!), shape: [rows.length] },
        reduction,
      );
    },
    reference: [
      reducedCase(reduction, {
        name: 'softmaxCrossEntropy([[2, 0], [0, 2]], [0, 1])',
        call: (z) => softmaxCrossEntropy(z, tensor([0, 1]), { reduction }),
        inputs: [
          [
            [2, 0],
            [0, 2],
          ],
        ],
        terms: [softplusOf(-2), softplusOf(-2)],
        grads: [
          [
            [sigmoidOf(2) - 1, sigmoidOf(-2)],
            [sigmoidOf(-2), sigmoidOf(2) - 1],
          ],
        ],
      }),
      reducedCase(reduction, {
        name: 'softmaxCrossEntropy with labels of shape [batch, 1]',
        call: (z) => softmaxCrossEntropy(z, tensor([[3], [0]]), { reduction }),
        inputs: [
          [
            [0, 0, 0, 0],
            [Math.LN2, 0, 0, 0],
          ],
        ],
        terms: [Math.log(4), Math.log(5 / 2)],
        grads: [
          [
            [0.25, 0.25, 0.25, -0.75],
            [0.4 - 1, 0.2, 0.2, 0.2],
          ],
        ],
        tolerance: { atol: 1e-15, rtol: 1e-12 },
      }),
    ],
    edge: [
      reducedCase(reduction, {
        name: 'softmaxCrossEntropy at logits ±1e3 (labels [0, 0])',
        call: (z) => softmaxCrossEntropy(z, tensor([0, 0]), { reduction }),
        inputs: [saturatedLogits],
        terms: [0, 2e3],
        grads: [
          [
            [0, 0],
            [-1, 1],
          ],
        ],
      }),
    ],
  });
}

function softmaxCrossEntropyProbsSpec(reduction: Reduction): OpSpec {
  return defineSpec({
    op: `softmaxCrossEntropy with probability rows (reduction ${reduction})`,
    kind: 'composite',
    call: (z, t) => softmaxCrossEntropy(z, t, { reduction }),
    shapes: LOGIT_SHAPES.map((s) => [s, s]),
    // The loss is linear in the target, so the generic checks sample target rows in [0, 1)
    // without normalising them; the reference and edge cases use rows that sum to 1.
    domain: ['any', { lo: 0, hi: 1 }],
    secondOrder: true,
    oracle: (z, t) => {
      const targets = rowsOf(t);
      const rows = rowsOf(z).map((r, i) => {
        const lse = logSumExpOf(r);
        return sumOf(r.map((v, c) => targets[i]![c]! * (lse - v)));
      });
      return reduceDense({ data: rows, shape: [rows.length] }, reduction);
    },
    reference: [
      reducedCase(reduction, {
        name: 'softmaxCrossEntropy([[2, 0], [0, 2]], one-hot rows) as with labels [0, 1]',
        inputs: [
          [
            [2, 0],
            [0, 2],
          ],
          [
            [1, 0],
            [0, 1],
          ],
        ],
        terms: [softplusOf(-2), softplusOf(-2)],
        grads: [
          [
            [sigmoidOf(2) - 1, sigmoidOf(-2)],
            [sigmoidOf(-2), sigmoidOf(2) - 1],
          ],
          [
            [softplusOf(-2), softplusOf(2)],
            [softplusOf(2), softplusOf(-2)],
          ],
        ],
      }),
      reducedCase(reduction, {
        name: 'softmaxCrossEntropy(zeros, [0.1, 0.2, 0.3, 0.4] and uniform)',
        inputs: [
          [
            [0, 0, 0, 0],
            [0, 0, 0, 0],
          ],
          [
            [0.1, 0.2, 0.3, 0.4],
            [0.25, 0.25, 0.25, 0.25],
          ],
        ],
        terms: [Math.log(4), Math.log(4)],
        grads: [
          [
            [0.15, 0.05, -0.05, -0.15],
            [0, 0, 0, 0],
          ],
          [
            [Math.log(4), Math.log(4), Math.log(4), Math.log(4)],
            [Math.log(4), Math.log(4), Math.log(4), Math.log(4)],
          ],
        ],
        tolerance: { atol: 1e-15, rtol: 1e-12 },
      }),
    ],
    edge: [
      reducedCase(reduction, {
        name: 'softmaxCrossEntropy at logits ±1e3 (one-hot rows)',
        inputs: [saturatedLogits, saturatedTargets],
        terms: [0, 2e3],
        grads: [
          [
            [0, 0],
            [-1, 1],
          ],
          [
            [0, 2e3],
            [2e3, 0],
          ],
        ],
      }),
    ],
  });
}

const lossSpecs: OpSpec[] = [
  defineSpec({
    op: 'halfSSE',
    kind: 'composite',
    call: (p, t) => halfSSE(p, t),
    shapes: PAIR_SHAPES,
    secondOrder: true,
    oracle: (p, t) => scalarDense(0.5 * sumOf(Array.from(p.data, (v, k) => (t.data[k]! - v) ** 2))),
    reference: [
      {
        name: 'halfSSE([[0.5]], [[1]]) = 1/8',
        inputs: [[[0.5]], [[1]]],
        expected: 0.125,
        grads: [[[-0.5]], [[0.5]]],
      },
      {
        name: 'halfSSE([1, 2, 3], [1, 0, 0]): gradient ŷ − y',
        inputs: [
          [1, 2, 3],
          [1, 0, 0],
        ],
        expected: 6.5,
        grads: [
          [0, 2, 3],
          [0, -2, -3],
        ],
      },
    ],
    edge: [
      { inputs: [[1e3], [-1e3]], expected: 2e6, grads: [[2e3], [-2e3]] },
      {
        name: 'halfSSE(1e-300, 0) underflows to 0, its gradient does not',
        inputs: [[TINY], [0]],
        expected: 0,
        grads: [[TINY], [-TINY]],
      },
    ],
  }),
  ...REDUCTIONS.map(mseSpec),
  ...REDUCTIONS.map(bceSpec),
  ...REDUCTIONS.map(bceWithLogitsSpec),
  saturatedBceWithLogitsSpec(1),
  saturatedBceWithLogitsSpec(-1),
  ...REDUCTIONS.map(softmaxCrossEntropyLabelsSpec),
  ...REDUCTIONS.map(softmaxCrossEntropyProbsSpec),
];

runSpecSuite('nn harness', { module: moduleSpecs, loss: lossSpecs }, { seed: 0 });
