/** Writing model files: a model's architecture, parameters, optimizer state and metadata. */
import { fmtValue, NnError } from '../errors';
import { assertSafeTree, isPlainObject, stringifyExact } from '../json';
import { Sequential } from '../layers/sequential';
import type { Optimizer } from '../optim/optimizer';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelJSON, type ParameterJSON } from './format';
import { validateModelJSON } from './validate';

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
  const architecture = (model.describe() as { layers: ModelJSON['architecture'] }).layers;
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
