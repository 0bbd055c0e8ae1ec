/** Writing model files: a model's architecture, parameters, optimizer state and metadata. */
import { peekValues } from '@deltagrad/core/internal';
import { ModuleBuffer } from '../buffer';
import { fmtValue, NnError } from '../errors';
import { assertSafeTree, isPlainObject, stringifyExact } from '../json';
import { Sequential } from '../layers/sequential';
import type { Optimizer } from '../optim/optimizer';
import type { OptimizerStateJSON } from '../optim/state';
import type { Parameter } from '../parameter';
import { describeLayer } from '../registry';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelJSON, type ParameterJSON } from './format';
import { validateModelJSON } from './validate';

/** @internal Parameters (or buffers) as a file holds them; refuses NaN and ±Infinity, naming the first. */
export function encodeParameters(
  where: string,
  named: readonly [string, Parameter | ModuleBuffer][],
): Record<string, ParameterJSON> {
  const parameters: Record<string, ParameterJSON> = {};
  for (const [name, p] of named) {
    const data = peekValues(p.value);
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i]!)) {
        const what = p instanceof ModuleBuffer ? 'buffer' : 'parameter';
        throw new NnError('NON_FINITE', `${where}: ${what} '${name}' has ${data[i]} at flat index ${i}`);
      }
    }
    parameters[name] = { shape: [...p.shape], data: Array.from(data) };
  }
  return parameters;
}

/** @internal The state of `optimizer`, which must be over exactly `named`'s parameters, in order. */
export function encodeOptimizer(
  where: string,
  named: readonly [string, Parameter][],
  optimizer: Optimizer,
): OptimizerStateJSON {
  const same =
    optimizer.params.length === named.length && optimizer.params.every((p, i) => p === named[i]![1]);
  if (!same) {
    throw new NnError(
      'INVALID_OPTION',
      `${where}: the optimizer must be over exactly the model's parameters, in order (new Adam(model))`,
    );
  }
  return optimizer.state();
}

/** @internal A JSON-only copy of `metadata`: functions and undefined dropped, NaN, Infinity and deep nesting refused. */
export function encodeMetadata(where: string, metadata: unknown): Record<string, unknown> {
  if (!isPlainObject(metadata))
    throw new NnError('INVALID_OPTION', `${where}: metadata must be a plain object`);
  // Level 2: inside the file's top-level object, as the loader counts.
  assertSafeTree(metadata, 'metadata', 2);
  return JSON.parse(stringifyExact(metadata, 'metadata'));
}

/**
 * The JSON form of `model` (and of `optimizer`'s state, which must be over exactly the
 * model's parameters in order). Fails rather than produce a file that could not be loaded.
 *
 * @throws {@link NnError} `INVALID_OPTION` if the model is not a `Sequential`, the optimizer
 *   is over other parameters or a layer's parameters are not those its registered definition
 *   declares; `UNKNOWN_LAYER` naming the class of a layer (or of the model, for a subclass of
 *   `Sequential`) that is not registered, subclasses of built-in layers included;
 *   `NON_FINITE` naming the first NaN or infinite parameter value; `MODEL_FORMAT` for
 *   metadata nested more than 100 deep.
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
  if (model.constructor !== Sequential) {
    const name = model.constructor.name || 'an anonymous class';
    throw new NnError(
      'UNKNOWN_LAYER',
      `toModelJSON: the model is a ${name}, a subclass of Sequential, but a model file holds the layers of a plain Sequential and would load as one: save new Sequential([model]) with ${name} registered (registerLayer), or save its parameters with toStateJSON`,
    );
  }
  const architecture = model.layers.map((layer, i) =>
    describeLayer(layer, `architecture[${i}]`),
  ) as ModelJSON['architecture'];
  const named = model.namedParameters();
  const json: ModelJSON = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    architecture,
    parameters: encodeParameters('toModelJSON', named),
  };
  const buffers = model.namedBuffers();
  if (buffers.length > 0) json.buffers = encodeParameters('toModelJSON', buffers);
  if (optimizer !== undefined) json.optimizer = encodeOptimizer('toModelJSON', named, optimizer);
  if (metadata !== undefined) json.metadata = encodeMetadata('toModelJSON', metadata);
  return json;
}

/**
 * Model file text: the content checked first (so nothing unloadable is ever written; nothing
 * is built to check it), then written with every float64 exact (−0 included).
 *
 * @throws {@link NnError} as {@link validateModelJSON}.
 */
export function stringifyModel(json: ModelJSON): string {
  validateModelJSON(json);
  return `${stringifyExact(json, 'model')}\n`;
}
