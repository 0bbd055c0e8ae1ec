/**
 * The functional API: one function per op, validating its arguments, applying the primitive
 * through the engine, and the composite ops (mean, transpose, softmax, …) built from them.
 */
import { apply, toTensor } from './engine';
import { DeltagradError, fmtShape } from './errors';
import { type Comparison, opTable as op } from './ops/index';
import { broadcastShapes, normalizeAxes, sameShape, sizeOf } from './shape';
import type { Tensor, TensorLike } from './tensor';

const SWAP_2D = [1, 0];

/** a + b, broadcast by NumPy's rules. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return apply(op.add, [toTensor(a), toTensor(b)], undefined);
}
/** a − b, broadcast. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return apply(op.sub, [toTensor(a), toTensor(b)], undefined);
}
/** a ⊙ b (element-wise), broadcast. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return apply(op.mul, [toTensor(a), toTensor(b)], undefined);
}
/** a / b (element-wise), broadcast. */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return apply(op.div, [toTensor(a), toTensor(b)], undefined);
}
/** x ⊙ y, but 0 wherever y is 0 even if x is infinite or NaN (TensorFlow's multiply_no_nan). */
export function mulNoNan(x: TensorLike, y: TensorLike): Tensor {
  return apply(op.mulNoNan, [toTensor(x), toTensor(y)], undefined);
}
/** −x. */
export function neg(x: Tensor): Tensor {
  return apply(op.neg, [x], undefined);
}
/** xᵖ: a number exponent uses the cheaper constant-exponent primitive. */
export function pow(x: TensorLike, exponent: TensorLike): Tensor {
  if (typeof exponent === 'number') return powScalar(toTensor(x), exponent);
  return apply(op.pow, [toTensor(x), exponent], undefined);
}
/** xᵖ for a constant exponent p. */
export function powScalar(x: Tensor, exponent: number): Tensor {
  return apply(op.powScalar, [x], { exponent });
}
/** x². */
export function square(x: Tensor): Tensor {
  return powScalar(x, 2);
}
/** eˣ. */
export function exp(x: Tensor): Tensor {
  return apply(op.exp, [x], undefined);
}
/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  return apply(op.log, [x], undefined);
}
/** √x. */
export function sqrt(x: Tensor): Tensor {
  return apply(op.sqrt, [x], undefined);
}
/** |x|. */
export function abs(x: Tensor): Tensor {
  return apply(op.abs, [x], undefined);
}
/** The logistic sigmoid 1 / (1 + e⁻ˣ). */
export function sigmoid(x: Tensor): Tensor {
  return apply(op.sigmoid, [x], undefined);
}
/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  return apply(op.tanh, [x], undefined);
}
/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  return apply(op.relu, [x], undefined);
}
/** x for x > 0, else slope·x (default slope 0.01). */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  if (!Number.isFinite(slope))
    throw new DeltagradError('INVALID_ARGUMENT', `leakyRelu: slope must be finite, got ${slope}`);
  return apply(op.leakyRelu, [x], { slope });
}
/** ln(1 + eˣ), computed stably. */
export function softplus(x: Tensor): Tensor {
  return apply(op.softplus, [x], undefined);
}
/** Element-wise maximum, broadcast; ties split the gradient evenly. */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return apply(op.maximum, [toTensor(a), toTensor(b)], undefined);
}
/** Element-wise minimum, broadcast; ties split the gradient evenly. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return apply(op.minimum, [toTensor(a), toTensor(b)], undefined);
}
/** 1 where the comparison holds, else 0 (no gradient flows through it). */
export function compare(a: TensorLike, b: TensorLike, kind: Comparison): Tensor {
  return apply(op.compare, [toTensor(a), toTensor(b)], { kind });
}
/** 1 where a > b, else 0. */
export function greater(a: TensorLike, b: TensorLike): Tensor {
  return compare(a, b, 'gt');
}
/** 1 where a < b, else 0. */
export function less(a: TensorLike, b: TensorLike): Tensor {
  return compare(a, b, 'lt');
}
/** 1 where a === b, else 0. */
export function equal(a: TensorLike, b: TensorLike): Tensor {
  return compare(a, b, 'eq');
}
/** cond ? a : b element-wise (broadcast); no NaN from the untaken branch reaches a gradient. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  return apply(op.where, [cond, toTensor(a), toTensor(b)], undefined);
}
/** Limits x to [lo, hi]. */
export function clamp(x: Tensor, lo: number, hi: number): Tensor {
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
    throw new DeltagradError('INVALID_ARGUMENT', `clamp: need lo <= hi, got lo=${lo}, hi=${hi}`);
  }
  return apply(op.clamp, [x], { lo, hi });
}
/** Options of {@link matmul}: read an operand transposed (its last two axes swapped) in place. */
export interface MatmulOptions {
  /** Multiply by aᵀ (a: [..., k, m]) instead of a. */
  transposeA?: boolean;
  /** Multiply by bᵀ (b: [..., n, k]) instead of b. */
  transposeB?: boolean;
}

/**
 * Matrix product over the last two axes, batch axes broadcast. `transposeA`/`transposeB` read
 * an operand transposed without copying it (the a·bᵀ and aᵀ·b of backprop, as tfjs's matMul).
 *
 * @example
 * ```ts
 * matmul(x, w);                          // x·w
 * matmul(g, w, { transposeB: true });    // g·wᵀ, w not copied
 * ```
 */
export function matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
  const { transposeA = false, transposeB = false } = opts;
  if (!transposeA) return apply(transposeB ? op.matmulNT : op.matmul, [a, b], undefined);
  if (!transposeB) return apply(op.matmulTN, [a, b], undefined);
  return apply(op.matmulTN, [a, transpose(b)], undefined);
}
/** The sigmoid's VJP fused: (y·(1 − y))·g for the sigmoid's output y, 0 where g is 0. */
export function sigmoidBackward(y: TensorLike, g: TensorLike): Tensor {
  return apply(op.sigmoidBackward, [toTensor(y), toTensor(g)], undefined);
}
/** The tanh's VJP fused: (1 − y²)·g for tanh's output y, 0 where g is 0. */
export function tanhBackward(y: TensorLike, g: TensorLike): Tensor {
  return apply(op.tanhBackward, [toTensor(y), toTensor(g)], undefined);
}
/** The relu's VJP fused: g where x > 0, else 0 (selected, so an infinite g never gives NaN). */
export function reluBackward(x: TensorLike, g: TensorLike): Tensor {
  return apply(op.reluBackward, [toTensor(x), toTensor(g)], undefined);
}

/** Σ over `axes` (all axes by default), optionally keeping them as size 1. */
export function sum(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  return apply(op.sum, [x], { axes: normalizeAxes('sum', axes, x.rank), keepdims });
}
/** Mean over `axes` (all by default). */
export function mean(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const list = normalizeAxes('mean', axes, x.rank);
  const count = list.reduce((n, a) => n * x.shape[a]!, 1);
  // Divide (as np.mean does) rather than multiply by 1/n: bit-identical to NumPy.
  return div(sum(x, list, keepdims), count);
}
/** Maximum over `axes` (all by default); tied maxima share the gradient evenly. */
export function max(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const list = normalizeAxes('max', axes, x.rank);
  for (const a of list) {
    if (x.shape[a] === 0)
      throw new DeltagradError('INVALID_SHAPE', `max: axis ${a} of ${fmtShape(x.shape)} is empty`);
  }
  return apply(op.max, [x], { axes: list, keepdims });
}

/** The same values in a new shape; one dimension may be -1 (inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = [...shape];
  const infer = target.indexOf(-1);
  if (infer >= 0 && target.indexOf(-1, infer + 1) >= 0) {
    throw new DeltagradError(
      'INVALID_SHAPE',
      `reshape: only one dimension can be -1, got ${fmtShape(shape)}`,
    );
  }
  if (infer >= 0) {
    const known = target.reduce((n, d, i) => (i === infer ? n : n * d), 1);
    target[infer] = known === 0 ? 0 : x.size / known;
  }
  if (target.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(target) !== x.size) {
    throw new DeltagradError(
      'SHAPE_MISMATCH',
      `reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} values) to ${fmtShape(shape)}`,
    );
  }
  if (sameShape(target, x.shape)) return x;
  return apply(op.reshape, [x], { shape: target });
}
/** Reorders axes: output axis i is input axis `axes[i]` (negative axes count from the end). */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  if (axes.length !== x.rank) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `permute: need ${x.rank} axes for a tensor of shape ${fmtShape(x.shape)}, got [${axes.join(', ')}]`,
    );
  }
  const normalized = axes.map((a) => (a < 0 ? a + x.rank : a));
  if (
    new Set(normalized).size !== x.rank ||
    normalized.some((a) => !Number.isInteger(a) || a < 0 || a >= x.rank)
  ) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `permute: [${axes.join(', ')}] is not a permutation of ${x.rank} axes`,
    );
  }
  return apply(op.permute, [x], { axes: normalized });
}
/** Swaps two axes (the last two by default): the matrix transpose for 2-D tensors. */
export function transpose(x: Tensor, axis1 = -2, axis2 = -1): Tensor {
  if (x.rank < 2) {
    throw new DeltagradError('INVALID_SHAPE', `transpose: needs at least 2 axes, got ${fmtShape(x.shape)}`);
  }
  if (x.rank === 2 && axis1 === -2 && axis2 === -1) return apply(op.permute, [x], { axes: SWAP_2D });
  const axes = Array.from({ length: x.rank }, (_, i) => i);
  const [i, j] = normalizeAxes('transpose', [axis1, axis2], x.rank);
  if (i === undefined || j === undefined) return x;
  axes[i] = j;
  axes[j] = i;
  return permute(x, axes);
}
/** Repeats x to `shape` by NumPy's broadcasting rules. */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const target = [...shape];
  const result = broadcastShapes('broadcastTo', x.shape, target);
  if (!sameShape(result, target)) {
    throw new DeltagradError(
      'SHAPE_MISMATCH',
      `broadcastTo: cannot broadcast ${fmtShape(x.shape)} to ${fmtShape(shape)}`,
    );
  }
  if (sameShape(x.shape, target)) return x;
  return apply(op.broadcastTo, [x], { shape: target });
}
/**
 * The box `begin[i] ≤ index < end[i]` on each axis. Missing trailing axes are taken whole;
 * negative bounds count from the end of the axis.
 */
export function slice(x: Tensor, begin: readonly number[], end?: readonly number[]): Tensor {
  const b: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < x.rank; i++) {
    const d = x.shape[i]!;
    const bi = begin[i] ?? 0;
    const ei = end?.[i] ?? d;
    const lo = bi < 0 ? bi + d : bi;
    const hi = ei < 0 ? ei + d : ei;
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi > d || lo > hi) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `slice: bounds [${bi}, ${ei}) are out of range for axis ${i} of size ${d} (shape ${fmtShape(x.shape)})`,
      );
    }
    b.push(lo);
    e.push(hi);
  }
  if (begin.length > x.rank) {
    throw new DeltagradError('INVALID_ARGUMENT', `slice: ${begin.length} bounds for a ${x.rank}-d tensor`);
  }
  return apply(op.slice, [x], { begin: b, end: e });
}
/** Zero padding: `before[i]` zeros before and `after[i]` after the values on axis i. */
export function pad(x: Tensor, before: readonly number[], after: readonly number[]): Tensor {
  const ok = (p: readonly number[]) => p.length === x.rank && p.every((n) => Number.isInteger(n) && n >= 0);
  if (!ok(before) || !ok(after)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `pad: need ${x.rank} non-negative integers before and after, got [${before.join(', ')}] and [${after.join(', ')}]`,
    );
  }
  return apply(op.pad, [x], { before: [...before], after: [...after] });
}
/** Joins tensors along `axis`; their shapes must agree on every other axis. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  const first = tensors[0];
  if (first === undefined) throw new DeltagradError('INVALID_ARGUMENT', 'concat: needs at least one tensor');
  const [a] = normalizeAxes('concat', axis, first.rank);
  for (const t of tensors) {
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new DeltagradError(
        'SHAPE_MISMATCH',
        `concat: shapes ${tensors.map((x) => fmtShape(x.shape)).join(', ')} differ outside axis ${axis}`,
      );
    }
  }
  return apply(op.concat, tensors, { axis: a! });
}

/** Stops gradients: the same values as a constant (JAX's stop_gradient). */
export function stopGradient(x: Tensor): Tensor {
  return x.detach();
}

/** log Σ exp(x) over `axes`, stable for large inputs (the max is subtracted first). */
export function logSumExp(x: Tensor, axes: number | readonly number[] = -1, keepdims = false): Tensor {
  const list = normalizeAxes('logSumExp', axes, x.rank);
  const m = finiteOrZero(max(x, list, true).detach());
  const lse = add(log(sum(exp(sub(x, m)), list, true)), m);
  return keepdims
    ? lse
    : reshape(
        lse,
        lse.shape.filter((_, i) => !list.includes(i)),
      );
}
/** log softmax along `axis`: x − logSumExp(x), stable. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return sub(x, logSumExp(x, axis, true));
}
/** softmax along `axis`: exp(x − max) / Σ exp(x − max), stable. */
export function softmax(x: Tensor, axis = -1): Tensor {
  const [a] = normalizeAxes('softmax', axis, x.rank);
  const e = exp(sub(x, finiteOrZero(max(x, a, true).detach())));
  return div(e, sum(e, a, true));
}

/**
 * Replaces ±Infinity and NaN by 0 in a constant (the shift of the stable reductions). Written
 * with ops rather than a branch on the values, so a compiled step replays it.
 */
function finiteOrZero(t: Tensor): Tensor {
  return where(compare(abs(t), Number.POSITIVE_INFINITY, 'lt'), t, 0);
}
