/**
 * The JSON form of an optimizer's state, and its validation (shared by `loadState` and by
 * model files, so both reject the same mistakes with the same messages).
 */
import { fmtShape, fmtValue, NnError } from '../errors';
import { checkJsonNumbers, isPlainObject } from '../json';

/** The optimizers of this package. */
export type OptimizerType = 'SGD' | 'Adam' | 'AdamW' | 'RMSprop';

/** Every {@link OptimizerType}. */
export const OPTIMIZER_TYPES: readonly OptimizerType[] = ['SGD', 'Adam', 'AdamW', 'RMSprop'];

/** The per-parameter buffers each optimizer keeps (as PyTorch names them, camel-cased). */
export const BUFFER_NAMES: Readonly<Record<OptimizerType, readonly string[]>> = {
  SGD: ['momentumBuffer'],
  Adam: ['expAvg', 'expAvgSq', 'maxExpAvgSq'],
  AdamW: ['expAvg', 'expAvgSq', 'maxExpAvgSq'],
  RMSprop: ['squareAvg', 'gradAvg', 'momentumBuffer'],
};

/** The saved state of one parameter. */
export interface ParamStateJSON {
  /** The parameter's name (informational; matching is by position). */
  name: string;
  /** The parameter's shape; must match on load. */
  shape: number[];
  /** How many updates this parameter has had (PyTorch's per-parameter `step`). */
  step: number;
  /** The optimizer's buffers for this parameter, row-major; absent before the first step. */
  buffers: Record<string, number[]>;
}

/**
 * An optimizer's whole state as plain JSON: its type, its hyperparameters (with the current
 * learning rate) and, per parameter in order, the step count and buffers.
 */
export interface OptimizerStateJSON {
  type: OptimizerType;
  options: Record<string, number | boolean | number[]>;
  params: ParamStateJSON[];
}

function bad(path: string, what: string): never {
  throw new NnError('MODEL_FORMAT', `${path}: ${what}`);
}

/**
 * Checks that `value` is an {@link OptimizerStateJSON} for parameters of `shapes` (in order),
 * of type `type` if given. Option values are checked by the optimizer itself.
 *
 * @throws {@link NnError} `MODEL_FORMAT`, `SHAPE_MISMATCH` or `NON_FINITE`, naming the path.
 */
export function validateOptimizerState(
  value: unknown,
  path: string,
  shapes: readonly (readonly number[])[],
  type?: OptimizerType,
): OptimizerStateJSON {
  if (!isPlainObject(value)) bad(path, `expected an object, got ${fmtValue(value)}`);
  for (const key of Object.keys(value)) {
    if (!['type', 'options', 'params'].includes(key)) bad(path, `unknown field ${JSON.stringify(key)}`);
  }
  const t = value.type;
  if (typeof t !== 'string' || !(OPTIMIZER_TYPES as readonly string[]).includes(t)) {
    bad(`${path}.type`, `unknown optimizer ${fmtValue(t)} (known: ${OPTIMIZER_TYPES.join(', ')})`);
  }
  if (type !== undefined && t !== type) bad(`${path}.type`, `the state is for ${t}, not ${type}`);
  if (!isPlainObject(value.options))
    bad(`${path}.options`, `expected an object, got ${fmtValue(value.options)}`);
  const params = value.params;
  if (!Array.isArray(params)) bad(`${path}.params`, `expected an array, got ${fmtValue(params)}`);
  if (params.length !== shapes.length) {
    bad(`${path}.params`, `has state for ${params.length} parameters, the model has ${shapes.length}`);
  }
  const known = BUFFER_NAMES[t as OptimizerType];
  params.forEach((entry: unknown, i: number) => {
    const at = `${path}.params[${i}]`;
    if (!isPlainObject(entry)) bad(at, `expected an object, got ${fmtValue(entry)}`);
    for (const key of Object.keys(entry)) {
      if (!['name', 'shape', 'step', 'buffers'].includes(key))
        bad(at, `unknown field ${JSON.stringify(key)}`);
    }
    if (typeof entry.name !== 'string') bad(`${at}.name`, `expected a string, got ${fmtValue(entry.name)}`);
    const expected = shapes[i]!;
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      bad(`${at}.shape`, `expected an array of non-negative integers, got ${fmtValue(shape)}`);
    }
    if (shape.length !== expected.length || shape.some((d: number, k: number) => d !== expected[k])) {
      throw new NnError(
        'SHAPE_MISMATCH',
        `${at}: optimizer state for parameter '${entry.name}' has shape ${fmtShape(shape)}, expected ${fmtShape(expected)}`,
      );
    }
    if (typeof entry.step !== 'number' || !Number.isSafeInteger(entry.step) || entry.step < 0) {
      bad(`${at}.step`, `expected an integer >= 0, got ${fmtValue(entry.step)}`);
    }
    const buffers = entry.buffers;
    if (!isPlainObject(buffers)) bad(`${at}.buffers`, `expected an object, got ${fmtValue(buffers)}`);
    const size = expected.reduce((a, b) => a * b, 1);
    for (const key of Object.keys(buffers)) {
      if (!known.includes(key)) {
        bad(`${at}.buffers`, `unknown buffer ${JSON.stringify(key)} for ${t} (known: ${known.join(', ')})`);
      }
      const data = buffers[key];
      if (!Array.isArray(data))
        bad(`${at}.buffers.${key}`, `expected an array of numbers, got ${fmtValue(data)}`);
      if (data.length !== size) {
        throw new NnError(
          'SHAPE_MISMATCH',
          `${at}.buffers.${key}: has ${data.length} values, parameter shape ${fmtShape(expected)} needs ${size}`,
        );
      }
      checkJsonNumbers(data, `${at}.buffers.${key}`);
    }
  });
  return value as unknown as OptimizerStateJSON;
}

/**
 * @internal How one optimizer type reads a saved state: its options (where lr 0, a schedule's
 * end, is allowed) and the buffers a parameter must have once it has stepped.
 */
export interface SavedStateRules<O> {
  options(saved: unknown): O;
  requiredBuffers(options: O): readonly string[];
}

/**
 * @internal Throws `MODEL_FORMAT` if a parameter that has stepped lacks one of `required`
 * buffers (the message starts with `where`).
 */
export function checkSteppedBuffers(
  params: readonly ParamStateJSON[],
  required: readonly string[],
  where: string,
): void {
  params.forEach((entry, i) => {
    for (const name of required) {
      if (entry.step > 0 && !Object.hasOwn(entry.buffers, name)) {
        throw new NnError(
          'MODEL_FORMAT',
          `${where}: params[${i}] has stepped ${entry.step} times but has no buffer '${name}'`,
        );
      }
    }
  });
}
