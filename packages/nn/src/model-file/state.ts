/**
 * State files: the parameters and buffers of any module (its `stateDict()`), and optionally its
 * optimizer's state and metadata, without an architecture — PyTorch's
 * `torch.save(model.state_dict())`. Loading needs the module to load into, built by the
 * program as before, so custom models need no registration:
 *
 * ```json
 * {
 *   "format": "deltagrad-state",
 *   "version": 1,
 *   "parameters": { "fc1.W": { "shape": [2, 4], "data": [...] }, … },
 *   "buffers": { "norm.runningMean": { "shape": [1, 4], "data": [...] }, … },
 *   "optimizer": { … },
 *   "metadata": { … }
 * }
 * ```
 */
import { Tensor } from '@deltagrad/core';
import { fmtValue, NnError } from '../errors';
import { isPlainObject, parseJsonSafely, stringifyExact } from '../json';
import { Module } from '../module';
import { optimizerFromState } from '../optim/index';
import type { Optimizer } from '../optim/optimizer';
import type { OptimizerStateJSON } from '../optim/state';
import { fail, MODEL_FORMAT_VERSION, type ParameterJSON } from './format';
import { checkHeader, checkOptimizerAndMetadata, checkParameterEntry } from './validate';
import { encodeMetadata, encodeOptimizer, encodeParameters } from './write';

/** The `format` field of every state file. */
export const STATE_FORMAT = 'deltagrad-state';

/** A state file's content: parameters by dotted name, in the module's order. */
export interface StateJSON {
  format: typeof STATE_FORMAT;
  version: number;
  /** Every parameter by dotted name, as `namedParameters()` names them. */
  parameters: Record<string, ParameterJSON>;
  /** Every buffer by dotted name, as `namedBuffers()` names them (present when the module has any). */
  buffers?: Record<string, ParameterJSON>;
  /** The optimizer's state, over the module's parameters in order. */
  optimizer?: OptimizerStateJSON;
  /** Free-form JSON for the caller; not interpreted. */
  metadata?: Record<string, unknown>;
}

/** What loading a state file into a module gives besides the loaded parameters. */
export interface RestoredState {
  /** The saved optimizer, rebuilt over the module's parameters, or null. */
  optimizer: Optimizer | null;
  /** The saved metadata, or undefined. */
  metadata: Record<string, unknown> | undefined;
}

const FIELDS: readonly string[] = ['format', 'version', 'parameters', 'buffers', 'optimizer', 'metadata'];

/**
 * The state-file form of `module`'s parameters (and of `optimizer`'s state, which must be
 * over exactly the module's parameters in order). Works for any module, registered or not.
 *
 * @throws {@link NnError} `INVALID_OPTION` for a non-module or an optimizer over other
 *   parameters; `NON_FINITE` naming the first NaN or infinite value.
 *
 * @example
 * ```ts
 * const text = stringifyState(toStateJSON(net, optimizer, { epoch: 10 }));
 * ```
 */
export function toStateJSON(
  module: Module,
  optimizer?: Optimizer,
  metadata?: Record<string, unknown>,
): StateJSON {
  if (!(module instanceof Module)) {
    throw new NnError('INVALID_OPTION', `toStateJSON: expected a Module, got ${fmtValue(module)}`);
  }
  const named = module.namedParameters();
  const json: StateJSON = {
    format: STATE_FORMAT,
    version: MODEL_FORMAT_VERSION,
    parameters: encodeParameters('toStateJSON', named),
  };
  const buffers = module.namedBuffers();
  if (buffers.length > 0) json.buffers = encodeParameters('toStateJSON', buffers);
  if (optimizer !== undefined) json.optimizer = encodeOptimizer('toStateJSON', named, optimizer);
  if (metadata !== undefined) json.metadata = encodeMetadata('toStateJSON', metadata);
  return json;
}

/**
 * Checks a state file's content and returns it typed: the layout, every parameter's shape
 * and values, the optimizer state against the parameters in file order, the metadata.
 *
 * @throws {@link NnError} `MODEL_FORMAT`, `SHAPE_MISMATCH`, `NON_FINITE` or `NEWER_FORMAT`,
 *   naming the field at fault.
 */
export function validateStateJSON(value: unknown): StateJSON {
  checkHeader(value, STATE_FORMAT, FIELDS);
  const params = value.parameters;
  if (!isPlainObject(params)) fail('parameters', `expected an object, got ${fmtValue(params)}`);
  const shapes = Object.keys(params).map((name) => checkParameterEntry(name, params[name], null));
  const buffers = value.buffers;
  if (buffers !== undefined) {
    if (!isPlainObject(buffers)) fail('buffers', `expected an object, got ${fmtValue(buffers)}`);
    for (const name of Object.keys(buffers)) {
      if (Object.hasOwn(params, name)) fail('buffers', `'${name}' is also a parameter`);
      checkParameterEntry(name, buffers[name], null, 'buffers');
    }
  }
  checkOptimizerAndMetadata(value, shapes);
  return value as unknown as StateJSON;
}

/** State file text: checked first, then written with every float64 exact (−0 included). */
export function stringifyState(json: StateJSON): string {
  validateStateJSON(json);
  return `${stringifyExact(json, 'state')}\n`;
}

/** Parses and checks state file text, as {@link validateStateJSON} (a leading BOM is ignored). */
export function parseState(text: string): StateJSON {
  return validateStateJSON(parseJsonSafely(text, 'state file'));
}

/**
 * Loads a state file's content into `module`: its parameters (by name; with `strict`, the
 * default, exactly the module's) and, if saved, a new optimizer over the module's parameters.
 * Everything is checked before anything changes, so a failed load leaves the module as it was.
 *
 * @throws {@link NnError} as {@link validateStateJSON}, and `SHAPE_MISMATCH` or
 *   `INVALID_OPTION` naming a parameter that does not fit the module.
 *
 * @example
 * ```ts
 * const net = new Net(); // the same class as the saved one
 * const { optimizer, metadata } = restoreState(net, parseState(text));
 * ```
 */
export function restoreState(module: Module, value: unknown, opts: { strict?: boolean } = {}): RestoredState {
  if (!(module instanceof Module)) {
    throw new NnError('INVALID_OPTION', `restoreState: expected a Module, got ${fmtValue(module)}`);
  }
  const json = validateStateJSON(value);
  const tensors: Record<string, Tensor> = Object.create(null);
  for (const [name, { shape, data }] of [
    ...Object.entries(json.parameters),
    ...Object.entries(json.buffers ?? {}),
  ]) {
    tensors[name] = new Tensor(Float64Array.from(data), shape);
  }
  let optimizer: Optimizer | null = null;
  if (json.optimizer !== undefined) {
    try {
      optimizer = optimizerFromState(module, json.optimizer);
    } catch (error) {
      if (error instanceof NnError && error.code === 'INVALID_OPTION') {
        throw new NnError('MODEL_FORMAT', `optimizer: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
  // loadStateDict checks every entry before applying any; the optimizer above changed nothing.
  module.loadStateDict(tensors, opts);
  return { optimizer, metadata: json.metadata };
}
