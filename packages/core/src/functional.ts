/**
 * The functional API: one function per op, validating its arguments, applying the primitive
 * through the engine, and the composite ops (mean, transpose, softmax, …) built from them.
 */
import { booleanArg, integersArg, numberArg, tensorArg, tensorLikeArg } from './arguments';
import { apply, applyBinary, applyUnary } from './engine';
import { DeltagradError, describeValue, fmtShape } from './errors';
import { type Comparison, opTable as op } from './ops/index';
import { assertShape, assertWithinBudget, broadcastShapes, normalizeAxes, sameShape, sizeOf } from './shape';
import type { Tensor, TensorLike } from './tensor';

const SWAP_2D = [1, 0];
const COMPARISONS: readonly Comparison[] = ['gt', 'ge', 'lt', 'le', 'eq'];

/** a + b, broadcast by NumPy's rules. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(op.add, tensorLikeArg(a, 'add', 'a'), tensorLikeArg(b, 'add', 'b'));
}
/** a − b, broadcast. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(op.sub, tensorLikeArg(a, 'sub', 'a'), tensorLikeArg(b, 'sub', 'b'));
}
/** a ⊙ b (element-wise), broadcast. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(op.mul, tensorLikeArg(a, 'mul', 'a'), tensorLikeArg(b, 'mul', 'b'));
}
/** a / b (element-wise), broadcast. */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(op.div, tensorLikeArg(a, 'div', 'a'), tensorLikeArg(b, 'div', 'b'));
}
/** x ⊙ y, but 0 wherever y is 0 even if x is infinite or NaN (TensorFlow's multiply_no_nan). */
export function mulNoNan(x: TensorLike, y: TensorLike): Tensor {
  return applyBinary(op.mulNoNan, tensorLikeArg(x, 'mulNoNan', 'x'), tensorLikeArg(y, 'mulNoNan', 'y'));
}
/** −x. */
export function neg(x: Tensor): Tensor {
  return applyUnary(op.neg, tensorArg(x, 'neg', 'x'), undefined);
}
/** xᵖ: a number exponent uses the cheaper constant-exponent primitive. */
export function pow(x: TensorLike, exponent: TensorLike): Tensor {
  const base = tensorLikeArg(x, 'pow', 'x');
  if (typeof exponent === 'number') return powScalar(base, exponent);
  return apply(op.pow, [base, tensorArg(exponent, 'pow', 'exponent')], undefined);
}
/** xᵖ for a constant exponent p. */
export function powScalar(x: Tensor, exponent: number): Tensor {
  return applyUnary(op.powScalar, tensorArg(x, 'powScalar', 'x'), {
    exponent: numberArg(exponent, 'powScalar', 'exponent'),
  });
}
/** x². */
export function square(x: Tensor): Tensor {
  return powScalar(tensorArg(x, 'square', 'x'), 2);
}
/** eˣ. */
export function exp(x: Tensor): Tensor {
  return applyUnary(op.exp, tensorArg(x, 'exp', 'x'), undefined);
}
/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  return applyUnary(op.log, tensorArg(x, 'log', 'x'), undefined);
}
/** √x. */
export function sqrt(x: Tensor): Tensor {
  return applyUnary(op.sqrt, tensorArg(x, 'sqrt', 'x'), undefined);
}
/** |x|. */
export function abs(x: Tensor): Tensor {
  return applyUnary(op.abs, tensorArg(x, 'abs', 'x'), undefined);
}
/** The logistic sigmoid 1 / (1 + e⁻ˣ). */
export function sigmoid(x: Tensor): Tensor {
  return applyUnary(op.sigmoid, tensorArg(x, 'sigmoid', 'x'), undefined);
}
/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  return applyUnary(op.tanh, tensorArg(x, 'tanh', 'x'), undefined);
}
/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  return applyUnary(op.relu, tensorArg(x, 'relu', 'x'), undefined);
}
/** x for x > 0, else slope·x (default slope 0.01). */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  if (typeof slope !== 'number' || !Number.isFinite(slope))
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `leakyRelu: slope must be finite, got ${describeValue(slope)}`,
    );
  return applyUnary(op.leakyRelu, tensorArg(x, 'leakyRelu', 'x'), { slope });
}
/** ln(1 + eˣ), computed stably. */
export function softplus(x: Tensor): Tensor {
  return applyUnary(op.softplus, tensorArg(x, 'softplus', 'x'), undefined);
}
/** Element-wise maximum, broadcast; ties split the gradient evenly. */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return apply(op.maximum, [tensorLikeArg(a, 'maximum', 'a'), tensorLikeArg(b, 'maximum', 'b')], undefined);
}
/** Element-wise minimum, broadcast; ties split the gradient evenly. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return apply(op.minimum, [tensorLikeArg(a, 'minimum', 'a'), tensorLikeArg(b, 'minimum', 'b')], undefined);
}
/** 1 where the comparison holds, else 0 (no gradient flows through it). */
export function compare(a: TensorLike, b: TensorLike, kind: Comparison): Tensor {
  if (!COMPARISONS.includes(kind)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `compare: kind must be one of ${COMPARISONS.join(', ')}, got ${describeValue(kind)}`,
    );
  }
  return apply(op.compare, [tensorLikeArg(a, 'compare', 'a'), tensorLikeArg(b, 'compare', 'b')], { kind });
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
  return apply(
    op.where,
    [tensorArg(cond, 'where', 'cond'), tensorLikeArg(a, 'where', 'a'), tensorLikeArg(b, 'where', 'b')],
    undefined,
  );
}
/** Limits x to [lo, hi]. */
export function clamp(x: Tensor, lo: number, hi: number): Tensor {
  numberArg(lo, 'clamp', 'lo');
  numberArg(hi, 'clamp', 'hi');
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
    throw new DeltagradError('INVALID_ARGUMENT', `clamp: need lo <= hi, got lo=${lo}, hi=${hi}`);
  }
  return applyUnary(op.clamp, tensorArg(x, 'clamp', 'x'), { lo, hi });
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
export function matmul(a: Tensor, b: Tensor, opts?: MatmulOptions): Tensor {
  tensorArg(a, 'matmul', 'a');
  tensorArg(b, 'matmul', 'b');
  if (opts === undefined) return op.matmul.applyTo(a, b);
  if (opts === null || typeof opts !== 'object') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `matmul: options must be an object, got ${describeValue(opts)}`,
    );
  }
  const transposeA = booleanArg(opts.transposeA, 'matmul', 'transposeA', false);
  const transposeB = booleanArg(opts.transposeB, 'matmul', 'transposeB', false);
  if (!transposeA) return (transposeB ? op.matmulNT : op.matmul).applyTo(a, b);
  if (!transposeB) return op.matmulTN.applyTo(a, b);
  return apply(op.matmulTN, [a, transpose(b)], undefined);
}
/** The sigmoid's VJP fused: (y·(1 − y))·g for the sigmoid's output y, 0 where g is 0. */
export function sigmoidBackward(y: TensorLike, g: TensorLike): Tensor {
  return applyBinary(
    op.sigmoidBackward,
    tensorLikeArg(y, 'sigmoidBackward', 'y'),
    tensorLikeArg(g, 'sigmoidBackward', 'g'),
  );
}
/** The tanh's VJP fused: (1 − y²)·g for tanh's output y, 0 where g is 0. */
export function tanhBackward(y: TensorLike, g: TensorLike): Tensor {
  return applyBinary(
    op.tanhBackward,
    tensorLikeArg(y, 'tanhBackward', 'y'),
    tensorLikeArg(g, 'tanhBackward', 'g'),
  );
}
/** The relu's VJP fused: g where x > 0, else 0 (selected, so an infinite g never gives NaN). */
export function reluBackward(x: TensorLike, g: TensorLike): Tensor {
  return applyBinary(
    op.reluBackward,
    tensorLikeArg(x, 'reluBackward', 'x'),
    tensorLikeArg(g, 'reluBackward', 'g'),
  );
}

/** Σ over `axes` (all axes by default), optionally keeping them as size 1. */
export function sum(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  tensorArg(x, 'sum', 'x');
  const list = normalizeAxes('sum', axes, x.rank);
  return apply(op.sum, [x], { axes: list, keepdims: booleanArg(keepdims, 'sum', 'keepdims', false) });
}
/** Mean over `axes` (all by default). */
export function mean(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  tensorArg(x, 'mean', 'x');
  const list = normalizeAxes('mean', axes, x.rank);
  const count = list.reduce((n, a) => n * x.shape[a]!, 1);
  // Divide (as np.mean does) rather than multiply by 1/n: bit-identical to NumPy.
  return div(sum(x, list, keepdims), count);
}
/** Maximum over `axes` (all by default); tied maxima share the gradient evenly. */
export function max(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  tensorArg(x, 'max', 'x');
  const list = normalizeAxes('max', axes, x.rank);
  for (const a of list) {
    if (x.shape[a] === 0)
      throw new DeltagradError('INVALID_SHAPE', `max: axis ${a} of ${fmtShape(x.shape)} is empty`);
  }
  return apply(op.max, [x], { axes: list, keepdims: booleanArg(keepdims, 'max', 'keepdims', false) });
}

/** The same values in a new shape; one dimension may be -1 (inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  tensorArg(x, 'reshape', 'x');
  const target = [...integersArg(shape, 'reshape', 'shape')];
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
  assertShape(target, 'reshape');
  if (sameShape(target, x.shape)) return x;
  return apply(op.reshape, [x], { shape: target });
}
/** Reorders axes: output axis i is input axis `axes[i]` (negative axes count from the end). */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  tensorArg(x, 'permute', 'x');
  integersArg(axes, 'permute', 'axes');
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
  tensorArg(x, 'transpose', 'x');
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
  tensorArg(x, 'broadcastTo', 'x');
  assertShape(shape, 'broadcastTo');
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
  tensorArg(x, 'slice', 'x');
  integersArg(begin, 'slice', 'begin');
  if (end !== undefined) integersArg(end, 'slice', 'end');
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
  tensorArg(x, 'pad', 'x');
  integersArg(before, 'pad', 'before');
  integersArg(after, 'pad', 'after');
  const ok = (p: readonly number[]) => p.length === x.rank && p.every((n) => Number.isInteger(n) && n >= 0);
  if (!ok(before) || !ok(after)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `pad: need ${x.rank} non-negative integers before and after, got [${before.join(', ')}] and [${after.join(', ')}]`,
    );
  }
  assertWithinBudget(
    'pad',
    x.shape.map((d, i) => before[i]! + d + after[i]!),
  );
  return apply(op.pad, [x], { before: [...before], after: [...after] });
}
/** Joins tensors along `axis`; their shapes must agree on every other axis. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors as unknown)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `concat: tensors must be an array of Tensors, got ${describeValue(tensors)}`,
    );
  }
  for (const [i, t] of tensors.entries()) tensorArg(t, 'concat', `tensors[${i}]`);
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
  const joined = [...first.shape];
  joined[a!] = tensors.reduce((n, t) => n + t.shape[a!]!, 0);
  assertWithinBudget('concat', joined);
  return apply(op.concat, tensors, { axis: a! });
}

/** Stops gradients: the same values as a constant (JAX's stop_gradient). */
export function stopGradient(x: Tensor): Tensor {
  return tensorArg(x, 'stopGradient', 'x').detach();
}

/** log Σ exp(x) over `axes`, stable for large inputs (the max is subtracted first). */
export function logSumExp(x: Tensor, axes: number | readonly number[] = -1, keepdims = false): Tensor {
  tensorArg(x, 'logSumExp', 'x');
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
  tensorArg(x, 'logSoftmax', 'x');
  normalizeAxes('logSoftmax', axis, x.rank);
  return sub(x, logSumExp(x, axis, true));
}
/** softmax along `axis`: exp(x − max) / Σ exp(x − max), stable. */
export function softmax(x: Tensor, axis = -1): Tensor {
  tensorArg(x, 'softmax', 'x');
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
