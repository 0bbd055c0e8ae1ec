/**
 * Plain-array oracles of nn's modules and losses. The ops they apply are computed by the op
 * specs' own reference implementations (from @deltagrad/testing); what is nn's own is here: a
 * stable softplus, reductions, and an interpreter of layer descriptors.
 */
import type { LayerDescriptor, Module, Reduction } from '@deltagrad/nn';
import {
  type Dense,
  elementwise,
  logSoftmaxLast,
  matmulDense,
  sigmoidOf,
  softmaxLast,
} from '@deltagrad/testing';

export { logSoftmaxLast, logSumExpLast, sigmoidOf, softmaxLast } from '@deltagrad/testing';

/**
 * ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|): finite for any x (the softplus spec's reference is
 * the naive formula, which overflows past x ≈ 709, and the losses are checked at ±1e3).
 */
export const softplusOf = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

/** A 0-d dense array. */
export function scalarDense(v: number): Dense {
  return { data: [v], shape: [] };
}

/** `f` applied to every value (with its flat index). */
export function mapDense(x: Dense, f: (v: number, k: number) => number): Dense {
  return { data: Array.from(x.data, f), shape: x.shape };
}

/** The sum, left to right. */
export function sumOf(values: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < values.length; k++) total += values[k]!;
  return total;
}

/** The rows of `x` along its last axis. */
export function rowsOf(x: Dense): number[][] {
  const width = x.shape.at(-1) ?? 1;
  const rows: number[][] = [];
  for (let start = 0; start < x.data.length; start += width) {
    rows.push(Array.from({ length: width }, (_, j) => x.data[start + j]!));
  }
  return rows;
}

/** x·W (+ b) for x of shape [..., in], W [in, out], b [1, out]. */
export function affine(x: Dense, W: Dense, b: Dense | null): Dense {
  const product = matmulDense(x, W);
  return b ? elementwise((v, bias) => v + bias, [product, b]) : product;
}

/**
 * LayerNorm on plain arrays: each row (last axis) to (x − mean)/√(var + eps), var biased, then
 * · gamma + beta when given (shape [features]).
 */
export function layerNormRows(x: Dense, eps: number, gamma: Dense | null, beta: Dense | null): Dense {
  const out = rowsOf(x).flatMap((row) => {
    const mean = sumOf(row) / row.length;
    const variance = sumOf(row.map((v) => (v - mean) ** 2)) / row.length;
    return row.map((v, j) => {
      const y = (v - mean) / Math.sqrt(variance + eps);
      return gamma && beta ? y * gamma.data[j]! + beta.data[j]! : y;
    });
  });
  return { data: out, shape: x.shape };
}

/**
 * BatchNorm1d on plain arrays, x of shape [n, features]: each column to
 * (x − mean)/√(var + eps) with the column's (training) or the given running (evaluation)
 * statistics, then · gamma + beta when given.
 */
export function batchNormColumns(
  x: Dense,
  eps: number,
  gamma: Dense | null,
  beta: Dense | null,
  running: { mean: readonly number[]; variance: readonly number[] } | null = null,
): Dense {
  const [n, f] = x.shape as [number, number];
  const column = (j: number) => Array.from({ length: n }, (_, i) => x.data[i * f + j]!);
  const stats = Array.from({ length: f }, (_, j) => {
    if (running) return { mean: running.mean[j]!, variance: running.variance[j]! };
    const col = column(j);
    const mean = sumOf(col) / n;
    return { mean, variance: sumOf(col.map((v) => (v - mean) ** 2)) / n };
  });
  const out = Array.from(x.data, (v, k) => {
    const j = k % f;
    const y = (v - stats[j]!.mean) / Math.sqrt(stats[j]!.variance + eps);
    return gamma && beta ? y * gamma.data[j]! + beta.data[j]! : y;
  });
  return { data: out, shape: x.shape };
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
    case 'Dropout':
      // Only ever interpreted for modules in evaluation mode: dropout is then the identity.
      return x;
    case 'LayerNorm':
      return d.affine
        ? layerNormRows(x, d.eps, params.shift()!, params.shift()!)
        : layerNormRows(x, d.eps, null, null);
    case 'BatchNorm1d':
      // Training mode: the batch's statistics.
      return d.affine
        ? batchNormColumns(x, d.eps, params.shift()!, params.shift()!)
        : batchNormColumns(x, d.eps, null, null);
    case 'Sequential':
      return d.layers.reduce((out, layer) => runDescriptor(layer, out, params), x);
  }
}

/** The oracle of `module`: its descriptor run on the input and the given parameters. */
export function moduleOracle(module: Module): (x: Dense, ...params: Dense[]) => Dense {
  return (x, ...params) => runDescriptor(module.describe(), x, [...params]);
}

/** Per-element losses reduced as `reduction` says. */
export function reduceDense(perElement: Dense, reduction: Reduction): Dense {
  if (reduction === 'none') return perElement;
  const total = sumOf(perElement.data);
  return scalarDense(reduction === 'sum' ? total : total / perElement.data.length);
}
