/** Building a model (and its optimizer) back from a model file's checked content. */
import { Tensor } from '@deltagrad/core';
import { NnError } from '../errors';
import { Sequential } from '../layers/sequential';
import type { Module } from '../module';
import { optimizerFromState } from '../optim/index';
import type { Optimizer } from '../optim/optimizer';
import { layerDefinition } from '../registry';
import type { RestoredModel } from './format';
import { checkModelJSON, configOf } from './validate';

/** Builds the module a checked descriptor describes (its children first, for a container). */
function buildLayer(desc: Record<string, unknown>): Module {
  const definition = layerDefinition(desc.type as string)!;
  const field = definition.children?.field;
  const children = field === undefined ? [] : (desc[field] as Record<string, unknown>[]).map(buildLayer);
  return definition.build(configOf(definition, desc), children);
}

/**
 * Reads a model file's content (a parsed object) back into a model and, if saved, its
 * optimizer. Everything is checked first, as {@link validateModelJSON} does, so a bad file
 * builds nothing and throws the same typed errors.
 *
 * @example
 * ```ts
 * const { model, optimizer } = restoreModel(JSON.parse(text)); // or parseModel(text)
 * ```
 */
export function restoreModel(value: unknown): RestoredModel {
  const { json } = checkModelJSON(value);
  const model = new Sequential(
    ...(json.architecture as unknown as Record<string, unknown>[]).map(buildLayer),
  );
  for (const [name, p] of model.namedParameters()) {
    p.value = new Tensor(Float64Array.from(json.parameters[name]!.data), p.shape, true);
  }
  let optimizer: Optimizer | null = null;
  if (json.optimizer !== undefined) {
    try {
      optimizer = optimizerFromState(model, json.optimizer);
    } catch (error) {
      if (error instanceof NnError && error.code === 'INVALID_OPTION') {
        throw new NnError('MODEL_FORMAT', `optimizer.options: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
  return { model, optimizer };
}

/** The model of a model file's content (its optimizer state, if any, is checked but not returned). */
export function modelFromJSON(value: unknown): Sequential {
  return restoreModel(value).model;
}
