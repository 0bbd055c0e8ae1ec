/**
 * The catalogue of nn's losses for the shared op harness: one spec per loss and reduction,
 * each against a per-element formula, with reference values and edge points (saturated
 * logits, clamped logs, underflow).
 */
import { type NestedArray, type Tensor, tensor } from '@deltagrad/core';
import { bce, bceWithLogits, crossEntropy, halfSSE, mse, type Reduction } from '@deltagrad/nn';
import { defineSpec, fromNested, type OpSpec, TINY, type ValueCase } from '@deltagrad/testing';
import {
  logSumExpLast,
  mapDense,
  reduceDense,
  rowsOf,
  scalarDense,
  sigmoidOf,
  softplusOf,
  sumOf,
} from './oracles';

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

/** crossEntropy against the class indices `labelsFor(batch, classes)`. */
function withLabels(reduction: Reduction): (z: Tensor) => Tensor {
  return (z) => {
    const [n, c] = z.shape as [number, number];
    return crossEntropy(z, tensor(labelsFor(n, c)), { reduction });
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
    // bce reads the predictions to refuse any outside [0, 1]: one value per example under vmap.
    batching: false,
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

function crossEntropyLabelsSpec(reduction: Reduction): OpSpec {
  return defineSpec({
    op: `crossEntropy with class indices (reduction ${reduction})`,
    kind: 'composite',
    call: (z) => withLabels(reduction)(z),
    shapes: LOGIT_SHAPES.map((s) => [s]),
    secondOrder: true,
    oracle: (z) => {
      const rows = rowsOf(z);
      const lse = logSumExpLast(z).data;
      const labels = labelsFor(rows.length, z.shape[1]!);
      return reduceDense(
        { data: rows.map((r, i) => lse[i]! - r[labels[i]!]!), shape: [rows.length] },
        reduction,
      );
    },
    reference: [
      reducedCase(reduction, {
        name: 'crossEntropy([[2, 0], [0, 2]], [0, 1])',
        call: (z) => crossEntropy(z, tensor([0, 1]), { reduction }),
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
        name: 'crossEntropy with labels of shape [batch, 1]',
        call: (z) => crossEntropy(z, tensor([[3], [0]]), { reduction }),
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
        name: 'crossEntropy at logits ±1e3 (labels [0, 0])',
        call: (z) => crossEntropy(z, tensor([0, 0]), { reduction }),
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

function crossEntropyProbsSpec(reduction: Reduction): OpSpec {
  return defineSpec({
    op: `crossEntropy with probability rows (reduction ${reduction})`,
    kind: 'composite',
    call: (z, t) => crossEntropy(z, t, { reduction }),
    shapes: LOGIT_SHAPES.map((s) => [s, s]),
    // The loss is linear in the target, so the generic checks sample target rows in [0, 1)
    // without normalising them; the reference and edge cases use rows that sum to 1.
    domain: ['any', { lo: 0, hi: 1 }],
    secondOrder: true,
    oracle: (z, t) => {
      const targets = rowsOf(t);
      const lse = logSumExpLast(z).data;
      const rows = rowsOf(z).map((r, i) => sumOf(r.map((v, c) => targets[i]![c]! * (lse[i]! - v))));
      return reduceDense({ data: rows, shape: [rows.length] }, reduction);
    },
    reference: [
      reducedCase(reduction, {
        name: 'crossEntropy([[2, 0], [0, 2]], one-hot rows) as with labels [0, 1]',
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
        name: 'crossEntropy(zeros, [0.1, 0.2, 0.3, 0.4] and uniform)',
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
        name: 'crossEntropy at logits ±1e3 (one-hot rows)',
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

/** One spec per loss and reduction, plus bceWithLogits near saturation. */
export const lossSpecs: OpSpec[] = [
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
  ...REDUCTIONS.map(crossEntropyLabelsSpec),
  ...REDUCTIONS.map(crossEntropyProbsSpec),
];
