/**
 * Model files: a model (a {@link Sequential} of built-in layers), its parameters and
 * optionally its optimizer's state as versioned JSON, and the validation that reads them back.
 *
 * Format (version 1):
 *
 * ```json
 * {
 *   "format": "deltagrad-model",
 *   "version": 1,
 *   "architecture": [{ "type": "Linear", "inFeatures": 2, "outFeatures": 2, "bias": true }, { "type": "Sigmoid" }],
 *   "parameters": { "0.W": { "shape": [2, 2], "data": [0.49, -0.13, 0.64, 1.52] }, "0.b": { "shape": [1, 2], "data": [0, 0] } },
 *   "optimizer": { "type": "SGD", "options": { "lr": 0.1, … }, "params": [{ "name": "0.W", "shape": [2, 2], "step": 3, "buffers": {} }, …] },
 *   "metadata": { "any": "JSON" }
 * }
 * ```
 *
 * `optimizer` and `metadata` are optional. Numbers are float64 and round-trip exactly:
 * {@link stringifyModel} writes the shortest text that parses back to the same double, and
 * writes −0 as `-0` (plain `JSON.stringify` would write `0`).
 */
import { Tensor } from '@deltagrad/core';
import type { LayerDescriptor, LayerType } from './descriptors';
import { LAYER_TYPES } from './descriptors';
import { fmtShape, fmtValue, NnError } from './errors';
import { zerosInit } from './init';
import { assertSafeTree, checkJsonNumbers, isPlainObject, parseJsonSafely, stringifyExact } from './json';
import {
  Identity,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from './layers/activations';
import { Linear } from './layers/linear';
import { Sequential } from './layers/sequential';
import type { Module } from './module';
import { optimizerFromState } from './optim/index';
import type { Optimizer } from './optim/optimizer';
import { type OptimizerStateJSON, validateOptimizerState } from './optim/state';

/** The `format` field of every model file. */
export const MODEL_FORMAT = 'deltagrad-model';
/** The newest format version this library writes and reads. */
export const MODEL_FORMAT_VERSION = 1;
/** How deeply `Sequential`s may nest in a file (deeper input is rejected, not recursed into). */
const MAX_DEPTH = 32;

/** One parameter in a model file: its shape and its values, row-major. */
export interface ParameterJSON {
  shape: number[];
  data: number[];
}

/** A model file's content (see the module documentation for the layout). */
export interface ModelJSON {
  format: typeof MODEL_FORMAT;
  version: number;
  /** The layers of the top-level `Sequential`, in order. */
  architecture: LayerDescriptor[];
  /** Every parameter by dotted name (`'0.W'`, `'0.b'`, …). */
  parameters: Record<string, ParameterJSON>;
  /** The optimizer's state, over the model's parameters in order. */
  optimizer?: OptimizerStateJSON;
  /** Free-form JSON for the caller (e.g. epoch, dataset); not interpreted. */
  metadata?: Record<string, unknown>;
}

/** A model read back from a file, with its optimizer if the file has one. */
export interface RestoredModel {
  model: Sequential;
  optimizer: Optimizer | null;
}

function fail(path: string, what: string): never {
  throw new NnError('MODEL_FORMAT', `${path}: ${what}`);
}

/**
 * The JSON form of `model` (and of `optimizer`'s state, which must be over exactly the
 * model's parameters in order). Fails rather than produce a file that could not be loaded.
 *
 * @throws {@link NnError} `INVALID_OPTION` if the model is not a `Sequential` or the optimizer
 *   is over other parameters; `UNKNOWN_LAYER` for a custom layer; `NON_FINITE` naming the
 *   first NaN or infinite parameter value.
 *
 * @example
 * ```ts
 * const text = stringifyModel(toModelJSON(model, optimizer, { epoch: 100 }));
 * ```
 */
export function toModelJSON(
  model: Sequential,
  optimizer?: Optimizer,
  metadata?: Record<string, unknown>,
): ModelJSON {
  if (!(model instanceof Sequential)) {
    throw new NnError(
      'INVALID_OPTION',
      `toModelJSON: the model must be a Sequential (wrap a single layer: new Sequential(layer)), got ${fmtValue(model)}`,
    );
  }
  const architecture = model.describe().layers;
  const parameters: Record<string, ParameterJSON> = {};
  const named = model.namedParameters();
  for (const [name, p] of named) {
    const data = p.value.data;
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i]!)) {
        throw new NnError('NON_FINITE', `toModelJSON: parameter '${name}' has ${data[i]} at flat index ${i}`);
      }
    }
    parameters[name] = { shape: [...p.shape], data: Array.from(data) };
  }
  const json: ModelJSON = { format: MODEL_FORMAT, version: MODEL_FORMAT_VERSION, architecture, parameters };
  if (optimizer !== undefined) {
    const own = named.map(([, p]) => p);
    const same = optimizer.params.length === own.length && optimizer.params.every((p, i) => p === own[i]);
    if (!same) {
      throw new NnError(
        'INVALID_OPTION',
        "toModelJSON: the optimizer must be over exactly the model's parameters, in order (new Adam(model))",
      );
    }
    json.optimizer = optimizer.state();
  }
  if (metadata !== undefined) {
    if (!isPlainObject(metadata))
      throw new NnError('INVALID_OPTION', 'toModelJSON: metadata must be a plain object');
    assertSafeTree(metadata, 'metadata');
    // A JSON-only copy: functions and undefined are dropped, NaN and Infinity refused.
    json.metadata = JSON.parse(stringifyExact(metadata, 'metadata'));
  }
  return json;
}

interface Shaped {
  name: string;
  shape: number[];
}

/** Checks one descriptor (recursively for Sequential) and lists its parameters' names and shapes. */
function checkLayers(
  list: unknown,
  path: string,
  prefix: string,
  depth: number,
  width: { value: number | null },
  out: Shaped[],
): LayerDescriptor[] {
  if (!Array.isArray(list)) fail(path, `expected an array of layers, got ${fmtValue(list)}`);
  if (depth > MAX_DEPTH) fail(path, `Sequential layers nested more than ${MAX_DEPTH} deep`);
  list.forEach((desc: unknown, i: number) => {
    const at = `${path}[${i}]`;
    if (!isPlainObject(desc)) fail(at, `expected a layer object, got ${fmtValue(desc)}`);
    const type = desc.type;
    if (typeof type !== 'string' || !(LAYER_TYPES as readonly string[]).includes(type)) {
      throw new NnError(
        'UNKNOWN_LAYER',
        `unknown layer ${typeof type === 'string' ? `'${type}'` : fmtValue(type)} at ${at} (known layers: ${LAYER_TYPES.join(', ')})`,
      );
    }
    const fields: Record<LayerType, readonly string[]> = {
      Linear: ['inFeatures', 'outFeatures', 'bias'],
      Identity: [],
      Sigmoid: [],
      Tanh: [],
      ReLU: [],
      Softplus: [],
      LeakyReLU: ['slope'],
      Softmax: ['axis'],
      LogSoftmax: ['axis'],
      Sequential: ['layers'],
    };
    const allowed = fields[type as LayerType];
    for (const key of Object.keys(desc)) {
      if (key !== 'type' && !allowed.includes(key))
        fail(at, `unknown field ${JSON.stringify(key)} for ${type}`);
    }
    for (const key of allowed)
      if (!Object.hasOwn(desc, key)) fail(at, `${type} needs field ${JSON.stringify(key)}`);
    const local = `${prefix}${i}.`;
    switch (type as LayerType) {
      case 'Linear': {
        for (const key of ['inFeatures', 'outFeatures']) {
          const v = desc[key];
          if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
            fail(`${at}.${key}`, `expected an integer >= 1, got ${fmtValue(v)}`);
          }
        }
        if (typeof desc.bias !== 'boolean')
          fail(`${at}.bias`, `expected true or false, got ${fmtValue(desc.bias)}`);
        const inF = desc.inFeatures as number;
        const outF = desc.outFeatures as number;
        if (width.value !== null && width.value !== inF) {
          throw new NnError(
            'SHAPE_MISMATCH',
            `${at}: Linear takes ${inF} inputs but the layers before it give ${width.value}`,
          );
        }
        width.value = outF;
        out.push({ name: `${local}W`, shape: [inF, outF] });
        if (desc.bias) out.push({ name: `${local}b`, shape: [1, outF] });
        break;
      }
      case 'LeakyReLU':
        if (typeof desc.slope !== 'number' || !Number.isFinite(desc.slope)) {
          fail(`${at}.slope`, `expected a finite number, got ${fmtValue(desc.slope)}`);
        }
        break;
      case 'Softmax':
      case 'LogSoftmax':
        if (typeof desc.axis !== 'number' || !Number.isSafeInteger(desc.axis)) {
          fail(`${at}.axis`, `expected an integer, got ${fmtValue(desc.axis)}`);
        }
        break;
      case 'Sequential':
        checkLayers(desc.layers, `${at}.layers`, local, depth + 1, width, out);
        break;
      default:
        break;
    }
  });
  return list as LayerDescriptor[];
}

/** Builds a module from a descriptor already checked by `checkLayers`. */
function build(desc: LayerDescriptor): Module {
  switch (desc.type) {
    case 'Linear':
      return new Linear(desc.inFeatures, desc.outFeatures, { bias: desc.bias, init: zerosInit() });
    case 'Identity':
      return new Identity();
    case 'Sigmoid':
      return new Sigmoid();
    case 'Tanh':
      return new Tanh();
    case 'ReLU':
      return new ReLU();
    case 'Softplus':
      return new Softplus();
    case 'LeakyReLU':
      return new LeakyReLU(desc.slope);
    case 'Softmax':
      return new Softmax(desc.axis);
    case 'LogSoftmax':
      return new LogSoftmax(desc.axis);
    case 'Sequential':
      return new Sequential(...desc.layers.map(build));
  }
}

/**
 * Reads a model file's content (a parsed object) back into a model and, if saved, its
 * optimizer. Every field is checked before anything is built, and the error says exactly
 * what is wrong and where, e.g.:
 *
 * - `UNKNOWN_LAYER`: "unknown layer 'Conv2d' at architecture[1] (known layers: …)"
 * - `SHAPE_MISMATCH`: "parameter '0.W' has shape [2, 3], expected [2, 2]"
 * - `NON_FINITE`: "non-finite value at parameters['0.W'].data[3] (null: …)"
 * - `NEWER_FORMAT`: "format version 2 is newer than this library supports (1)"
 * - `MODEL_FORMAT`: anything else (missing or unknown fields, wrong types, forbidden keys
 *   such as `__proto__`)
 *
 * @example
 * ```ts
 * const { model, optimizer } = restoreModel(JSON.parse(text)); // or parseModel(text)
 * ```
 */
export function restoreModel(value: unknown): RestoredModel {
  assertSafeTree(value, 'model');
  if (!isPlainObject(value)) fail('model', `expected an object, got ${fmtValue(value)}`);
  if (value.format !== MODEL_FORMAT) {
    fail(
      'format',
      `expected ${JSON.stringify(MODEL_FORMAT)}, got ${fmtValue(value.format)} (not a deltagrad model file)`,
    );
  }
  const version = value.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    fail('version', `expected an integer >= 1, got ${fmtValue(version)}`);
  }
  if (version > MODEL_FORMAT_VERSION) {
    throw new NnError(
      'NEWER_FORMAT',
      `format version ${version} is newer than this library supports (${MODEL_FORMAT_VERSION}); upgrade @deltagrad/nn to read it`,
    );
  }
  for (const key of Object.keys(value)) {
    if (!['format', 'version', 'architecture', 'parameters', 'optimizer', 'metadata'].includes(key)) {
      fail('model', `unknown field ${JSON.stringify(key)}`);
    }
  }
  const expected: Shaped[] = [];
  const architecture = checkLayers(value.architecture, 'architecture', '', 0, { value: null }, expected);
  const params = value.parameters;
  if (!isPlainObject(params)) fail('parameters', `expected an object, got ${fmtValue(params)}`);
  const expectedNames = new Set(expected.map((e) => e.name));
  for (const name of Object.keys(params)) {
    if (!expectedNames.has(name)) {
      fail(
        'parameters',
        `unexpected parameter '${name}' (the architecture has ${[...expectedNames].map((n) => `'${n}'`).join(', ') || 'none'})`,
      );
    }
  }
  const values = new Map<string, Float64Array>();
  for (const { name, shape } of expected) {
    const at = `parameters['${name}']`;
    if (!Object.hasOwn(params, name)) fail('parameters', `missing parameter '${name}'`);
    const entry = params[name];
    if (!isPlainObject(entry)) fail(at, `expected { shape, data }, got ${fmtValue(entry)}`);
    for (const key of Object.keys(entry)) {
      if (key !== 'shape' && key !== 'data') fail(at, `unknown field ${JSON.stringify(key)}`);
    }
    const s = entry.shape;
    if (!Array.isArray(s) || !s.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
      fail(`${at}.shape`, `expected an array of non-negative integers, got ${fmtValue(s)}`);
    }
    if (s.length !== shape.length || s.some((d: number, k: number) => d !== shape[k])) {
      throw new NnError(
        'SHAPE_MISMATCH',
        `parameter '${name}' has shape ${fmtShape(s)}, expected ${fmtShape(shape)}`,
      );
    }
    const data = entry.data;
    if (!Array.isArray(data)) fail(`${at}.data`, `expected an array of numbers, got ${fmtValue(data)}`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new NnError(
        'SHAPE_MISMATCH',
        `${at}.data has ${data.length} values, but shape ${fmtShape(shape)} needs ${size}`,
      );
    }
    checkJsonNumbers(data, `${at}.data`);
    values.set(name, Float64Array.from(data as number[]));
  }
  if (value.optimizer !== undefined) {
    validateOptimizerState(
      value.optimizer,
      'optimizer',
      expected.map((e) => e.shape),
    );
  }
  if (value.metadata !== undefined && !isPlainObject(value.metadata)) {
    fail('metadata', `expected an object, got ${fmtValue(value.metadata)}`);
  }

  const model = new Sequential(...architecture.map(build));
  for (const [name, p] of model.namedParameters()) {
    p.value = new Tensor(values.get(name)!, p.shape, true);
  }
  let optimizer: Optimizer | null = null;
  if (value.optimizer !== undefined) {
    try {
      optimizer = optimizerFromState(model, value.optimizer as OptimizerStateJSON);
    } catch (error) {
      if (error instanceof NnError && error.code === 'INVALID_OPTION') {
        throw new NnError('MODEL_FORMAT', `optimizer.options: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
  return { model, optimizer };
}

/**
 * Checks a model file's content and returns it typed; throws as {@link restoreModel} does.
 */
export function validateModelJSON(value: unknown): ModelJSON {
  restoreModel(value);
  return value as ModelJSON;
}

/** The model of a model file's content (its optimizer state, if any, is checked but not returned). */
export function modelFromJSON(value: unknown): Sequential {
  return restoreModel(value).model;
}

/**
 * Model file text: the content checked first (so nothing unloadable is ever written), then
 * written with every float64 exact (−0 included).
 *
 * @throws {@link NnError} as {@link restoreModel}.
 */
export function stringifyModel(json: ModelJSON): string {
  validateModelJSON(json);
  return `${stringifyExact(json, 'model')}\n`;
}

/**
 * Parses and checks model file text: rejects text that is not JSON (e.g. truncated) and
 * forbidden keys (`__proto__`, `constructor`, `prototype`) with `MODEL_FORMAT`, then checks
 * the content as {@link restoreModel} does.
 *
 * @example
 * ```ts
 * const { model, optimizer } = restoreModel(parseModel(text));
 * ```
 */
export function parseModel(text: string): ModelJSON {
  return validateModelJSON(parseJsonSafely(text, 'model file'));
}
