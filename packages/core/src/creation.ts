import type { RandomGenerator } from '@deltagrad/random';
import { DeltagradError, fmtShape } from './errors';
import { assertShape, sizeOf } from './shape';
import { type NestedArray, Tensor } from './tensor';

/** Options of the creation functions. */
export interface TensorOptions {
  /** Make the new tensor a leaf whose `.grad` backward fills. */
  requiresGrad?: boolean;
}

/**
 * A tensor from a number (0-d), nested arrays (rectangular), or a Float64Array with a shape.
 *
 * @example
 * ```ts
 * tensor(3);                          // shape []
 * tensor([[0, 0], [0, 1]]);           // shape [2, 2]
 * tensor(new Float64Array(6), { shape: [2, 3] });
 * ```
 */
export function tensor(
  values: NestedArray | Float64Array | readonly number[],
  opts: TensorOptions & { shape?: readonly number[] } = {},
): Tensor {
  if (values instanceof Float64Array) {
    const shape = opts.shape ?? [values.length];
    assertShape(shape, 'tensor');
    return new Tensor(values, [...shape], opts.requiresGrad ?? false);
  }
  const shape = inferShape(values);
  const data = new Float64Array(sizeOf(shape));
  let i = 0;
  const fill = (v: NestedArray | readonly number[], depth: number, path: string): void => {
    if (typeof v === 'number') {
      data[i++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new DeltagradError(
        'INVALID_SHAPE',
        `tensor: ragged nested array at ${path || 'the top level'} (expected ${shape[depth]} entries to match shape ${fmtShape(shape)})`,
      );
    }
    v.forEach((item: NestedArray, k: number) => {
      fill(item, depth + 1, `${path}[${k}]`);
    });
  };
  fill(values as NestedArray, 0, '');
  const result = new Tensor(data, opts.shape ? [...opts.shape] : shape, opts.requiresGrad ?? false);
  return result;
}

function inferShape(values: NestedArray | readonly number[]): number[] {
  const shape: number[] = [];
  let v: unknown = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  if (typeof v !== 'number' && !(shape.length > 0 && shape[shape.length - 1] === 0)) {
    throw new DeltagradError('INVALID_ARGUMENT', `tensor: expected numbers, found ${typeof v}`);
  }
  return shape;
}

/** A tensor of `shape` with every value `value`. */
export function full(shape: readonly number[], value: number, opts: TensorOptions = {}): Tensor {
  assertShape(shape, 'full');
  return new Tensor(new Float64Array(sizeOf(shape)).fill(value), [...shape], opts.requiresGrad ?? false);
}
/** A tensor of zeros. */
export function zeros(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return full(shape, 0, opts);
}
/** A tensor of ones. */
export function ones(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return full(shape, 1, opts);
}
/** A 0-d tensor holding `value`. */
export function scalar(value: number, opts: TensorOptions = {}): Tensor {
  return new Tensor(Float64Array.of(value), [], opts.requiresGrad ?? false);
}

/** Evenly spaced values in [start, stop) with `step`, as NumPy's arange; `arange(n)` is 0…n−1. */
export function arange(start: number, stop?: number, step = 1, opts: TensorOptions = {}): Tensor {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(step) || step === 0) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `arange: need finite start/stop and a non-zero step, got ${lo}, ${hi}, ${step}`,
    );
  }
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return new Tensor(data, [n], opts.requiresGrad ?? false);
}

/** Uniform values in [0, 1) drawn from `rng`, row-major (as NumPy's rand with a seeded MT19937). */
export function rand(shape: readonly number[], rng: RandomGenerator, opts: TensorOptions = {}): Tensor {
  assertShape(shape, 'rand');
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.float();
  return new Tensor(data, [...shape], opts.requiresGrad ?? false);
}

/**
 * Standard normal values drawn from `rng`, row-major: with `numpyRandom(42)`, equal to
 * `np.random.seed(42); np.random.randn(*shape)`.
 */
export function randn(shape: readonly number[], rng: RandomGenerator, opts: TensorOptions = {}): Tensor {
  assertShape(shape, 'randn');
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return new Tensor(data, [...shape], opts.requiresGrad ?? false);
}
