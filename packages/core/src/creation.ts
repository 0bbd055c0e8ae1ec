import type { RandomGenerator } from '@deltagrad/random';
import { makeTensor } from './construct';
import { DeltagradError, describeValue, fmtShape } from './errors';
import { assertShape, assertWithinBudget, MAX_RANK, sizeOf } from './shape';
import { type NestedArray, Tensor } from './tensor';

/** Options of the creation functions. */
export interface TensorOptions {
  /** Make the new tensor a leaf whose `.grad` backward fills. */
  requiresGrad?: boolean;
}

/**
 * A tensor from a number (0-d), nested arrays (rectangular), or a Float64Array with a shape.
 * As NumPy refuses `np.array([[1, 2], 3])`, a ragged nested array is an error naming the first
 * entry that does not fit, and so is any entry that is not a number (a string, `null`, a hole).
 *
 * A Float64Array is used as it is, not copied: the tensor and the caller share it (see the
 * README on `.data` and in-place changes).
 *
 * @throws {@link DeltagradError} `INVALID_SHAPE` for ragged arrays, more than 64 axes or a
 *   `shape` that does not fit the values; `INVALID_ARGUMENT` for entries that are not numbers;
 *   `TOO_LARGE` past the element budget.
 *
 * @example
 * ```ts
 * tensor(3);                          // shape []
 * tensor([[0, 0], [0, 1]]);           // shape [2, 2]
 * tensor(new Float64Array(6), { shape: [2, 3] });
 * tensor([[1, 2], 3]);                // DeltagradError INVALID_SHAPE: ragged nested array at [1]
 * ```
 */
export function tensor(
  values: NestedArray | Float64Array | readonly number[],
  opts: TensorOptions & { shape?: readonly number[] } = {},
): Tensor {
  const requiresGrad = requiresGradOf(opts, 'tensor');
  if (values instanceof Float64Array) {
    const shape = opts.shape ?? [values.length];
    assertShape(shape, 'tensor');
    assertFits(shape, values.length);
    return new Tensor(values, [...shape], requiresGrad);
  }
  let shape: number[];
  let data: Float64Array;
  if (typeof values === 'number') {
    shape = [];
    data = Float64Array.of(values);
  } else if (Array.isArray(values)) {
    shape = inferShape(values);
    assertWithinBudget('tensor', shape);
    data = new Float64Array(sizeOf(shape));
    fill(values, shape, data);
  } else {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `tensor: expected a number, nested arrays of numbers or a Float64Array, got ${describeValue(values)}`,
    );
  }
  if (opts.shape !== undefined) {
    assertShape(opts.shape, 'tensor');
    assertFits(opts.shape, data.length);
    shape = [...opts.shape];
  }
  return makeTensor(data, shape, requiresGrad);
}

function assertFits(shape: readonly number[], values: number): void {
  if (sizeOf(shape) !== values) {
    throw new DeltagradError(
      'INVALID_SHAPE',
      `tensor: shape ${fmtShape(shape)} needs ${sizeOf(shape)} values, got ${values} values`,
    );
  }
}

/** The shape the first entries give: lengths along [0][0]…, stopping at an empty array. */
function inferShape(values: readonly unknown[]): number[] {
  const shape: number[] = [];
  let v: unknown = values;
  while (Array.isArray(v)) {
    if (shape.length === MAX_RANK) {
      throw new DeltagradError(
        'INVALID_SHAPE',
        `tensor: the nested arrays have more than ${MAX_RANK} axes (the most a tensor may have)`,
      );
    }
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  return shape;
}

/** `[1][0]`: how messages name an entry of the nested input. */
function pathOf(index: readonly number[], depth: number): string {
  return index
    .slice(0, depth + 1)
    .map((i) => `[${i}]`)
    .join('');
}

/**
 * Walks the nested arrays (iteratively: any depth the shape allows) and writes the numbers
 * into `data`, row-major, checking that every array has the length `shape` says and that
 * every entry at the last level is a number.
 */
function fill(values: readonly unknown[], shape: readonly number[], data: Float64Array): void {
  const rank = shape.length;
  const arrays: (readonly unknown[])[] = [values];
  const index: number[] = [0];
  let depth = 0;
  let out = 0;
  while (depth >= 0) {
    const array = arrays[depth]!;
    const i = index[depth]!;
    if (i === array.length) {
      depth--;
      if (depth >= 0) index[depth]!++;
      continue;
    }
    const item = array[i];
    if (depth === rank - 1) {
      if (typeof item !== 'number') {
        if (Array.isArray(item)) throw ragged(shape, index, depth, 'a number', item);
        throw new DeltagradError(
          'INVALID_ARGUMENT',
          `tensor: ${pathOf(index, depth)} is ${describeValue(item)}, not a number`,
        );
      }
      data[out++] = item;
      index[depth] = i + 1;
      continue;
    }
    const expected = shape[depth + 1]!;
    if (!Array.isArray(item) || item.length !== expected) {
      if (!Array.isArray(item) && typeof item !== 'number') {
        throw new DeltagradError(
          'INVALID_ARGUMENT',
          `tensor: ${pathOf(index, depth)} is ${describeValue(item)}, not a number or an array`,
        );
      }
      throw ragged(shape, index, depth, `an array of ${expected}`, item);
    }
    depth++;
    arrays[depth] = item;
    index[depth] = 0;
  }
}

function ragged(
  shape: readonly number[],
  index: readonly number[],
  depth: number,
  expected: string,
  found: unknown,
): DeltagradError {
  const what = Array.isArray(found) ? `an array of ${found.length}` : describeValue(found);
  return new DeltagradError(
    'INVALID_SHAPE',
    `tensor: ragged nested array at ${pathOf(index, depth)}: expected ${expected} (the first entries give shape ${fmtShape(shape)}), found ${what}`,
  );
}

function requiresGradOf(opts: TensorOptions | undefined, where: string): boolean {
  if (opts === null || typeof opts !== 'object') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: options must be an object, got ${describeValue(opts)}`,
    );
  }
  const flag = opts.requiresGrad ?? false;
  if (typeof flag !== 'boolean') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: requiresGrad must be a boolean, got ${describeValue(flag)}`,
    );
  }
  return flag;
}

function assertNumber(value: unknown, where: string, what: string): asserts value is number {
  if (typeof value !== 'number') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: ${what} must be a number, got ${describeValue(value)}`,
    );
  }
}

/** A tensor of `shape` with every value `value`. */
export function full(shape: readonly number[], value: number, opts: TensorOptions = {}): Tensor {
  assertShape(shape, 'full');
  assertNumber(value, 'full', 'value');
  const requiresGrad = requiresGradOf(opts, 'full');
  return makeTensor(new Float64Array(sizeOf(shape)).fill(value), [...shape], requiresGrad);
}
/** A tensor of zeros. */
export function zeros(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  assertShape(shape, 'zeros');
  return full(shape, 0, opts);
}
/** A tensor of ones. */
export function ones(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  assertShape(shape, 'ones');
  return full(shape, 1, opts);
}
/** A 0-d tensor holding `value`. */
export function scalar(value: number, opts: TensorOptions = {}): Tensor {
  assertNumber(value, 'scalar', 'value');
  return makeTensor(Float64Array.of(value), [], requiresGradOf(opts, 'scalar'));
}

/** Evenly spaced values in [start, stop) with `step`, as NumPy's arange; `arange(n)` is 0…n−1. */
export function arange(start: number, stop?: number, step = 1, opts: TensorOptions = {}): Tensor {
  const from = stop === undefined ? 0 : start;
  const to = stop === undefined ? start : stop;
  if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isFinite(step) || step === 0) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `arange: need finite start/stop and a non-zero step, got ${describeValue(from)}, ${describeValue(to)}, ${describeValue(step)}`,
    );
  }
  const n = Math.max(0, Math.ceil((to - from) / step));
  assertWithinBudget('arange', [n], n);
  const requiresGrad = requiresGradOf(opts, 'arange');
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = from + i * step;
  return makeTensor(data, [n], requiresGrad);
}

function assertGenerator(
  rng: unknown,
  where: string,
  method: 'float' | 'normal',
): asserts rng is RandomGenerator {
  if (
    rng === null ||
    typeof rng !== 'object' ||
    typeof (rng as Record<string, unknown>)[method] !== 'function'
  ) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: rng must be a generator of @deltagrad/random (with a ${method}() method), got ${describeValue(rng)}`,
    );
  }
}

/** Uniform values in [0, 1) drawn from `rng`, row-major (as NumPy's rand with a seeded MT19937). */
export function rand(shape: readonly number[], rng: RandomGenerator, opts: TensorOptions = {}): Tensor {
  assertShape(shape, 'rand');
  assertGenerator(rng, 'rand', 'float');
  const requiresGrad = requiresGradOf(opts, 'rand');
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.float();
  return makeTensor(data, [...shape], requiresGrad);
}

/**
 * Standard normal values drawn from `rng`, row-major: with `numpyRandom(42)`, equal to
 * `np.random.seed(42); np.random.randn(*shape)`.
 */
export function randn(shape: readonly number[], rng: RandomGenerator, opts: TensorOptions = {}): Tensor {
  assertShape(shape, 'randn');
  assertGenerator(rng, 'randn', 'normal');
  const requiresGrad = requiresGradOf(opts, 'randn');
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return makeTensor(data, [...shape], requiresGrad);
}
