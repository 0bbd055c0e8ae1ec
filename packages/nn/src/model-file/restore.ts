/** Building a model (and its optimizer) back from a model file's checked content. */
import { tensorOver } from '@deltagrad/core/internal';
import { withScratchGenerator } from '../default-generator';
import { fmtShape, NnError } from '../errors';
import { Sequential } from '../layers/sequential';
import type { Module } from '../module';
import { optimizerFromState } from '../optim/index';
import type { Optimizer } from '../optim/optimizer';
import { layerDefinition } from '../registry';
import type { RestoredModel } from './format';
import { checkModelJSON, configOf, type DeclaredParameter } from './validate';

/**
 * Builds the module a checked descriptor describes (its children first, for a container).
 * A registered `build` that throws is reported as the file's fault, naming the layer.
 */
function buildLayer(desc: Record<string, unknown>, at: string): Module {
  const definition = layerDefinition(desc.type as string)!;
  const field = definition.children?.field;
  const children =
    field === undefined
      ? []
      : (desc[field] as Record<string, unknown>[]).map((child, i) =>
          buildLayer(child, `${at}.${field}[${i}]`),
        );
  let module: unknown;
  try {
    module = definition.build(configOf(definition, desc), children);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NnError('MODEL_FORMAT', `${at} (${definition.type}): ${reason}`, { cause: error });
  }
  if (!(module instanceof definition.cls)) {
    throw new NnError(
      'INVALID_OPTION',
      `${at} (${definition.type}): the registered build did not return a ${definition.cls.name}`,
    );
  }
  return module as Module;
}

/** Throws unless the built model has exactly the parameters (or buffers) its file declares (a registered definition's promise). */
function checkBuilt(
  what: 'parameters' | 'buffers',
  built: readonly [string, { shape: readonly number[] }][],
  declared: readonly DeclaredParameter[],
): void {
  const same =
    built.length === declared.length &&
    built.every(
      ([name, p], i) =>
        name === declared[i]!.name &&
        p.shape.length === declared[i]!.shape.length &&
        p.shape.every((d, k) => d === declared[i]!.shape[k]),
    );
  if (!same) {
    const list = (pairs: [string, readonly number[]][]) =>
      pairs.map(([n, s]) => `${n} ${fmtShape(s)}`).join(', ');
    throw new NnError(
      'INVALID_OPTION',
      `the built model has ${what} ${list(built.map(([n, p]) => [n, p.shape])) || 'none'}, but its layers' registered definitions declare ${list(declared.map((d) => [d.name, d.shape])) || 'none'}`,
    );
  }
}

/**
 * Reads a model file's content (a parsed object) back into a model and, if saved, its
 * optimizer. Everything is checked first, as {@link validateModelJSON} does, so a bad file
 * builds nothing and throws the same typed errors. Building does not draw from nn's default
 * generator (layers get the file's values).
 *
 * @example
 * ```ts
 * const { model, optimizer } = restoreModel(JSON.parse(text)); // or parseModel(text)
 * ```
 */
export function restoreModel(value: unknown): RestoredModel {
  const { json, parameters, buffers } = checkModelJSON(value);
  const architecture = json.architecture as unknown as Record<string, unknown>[];
  const model = withScratchGenerator(
    () => new Sequential(architecture.map((desc, i) => buildLayer(desc, `architecture[${i}]`))),
  );
  checkBuilt('parameters', model.namedParameters(), parameters);
  checkBuilt('buffers', model.namedBuffers(), buffers);
  for (const [name, p] of model.namedParameters()) {
    p.value = tensorOver(Float64Array.from(json.parameters[name]!.data), p.shape, true);
  }
  for (const [name, b] of model.namedBuffers()) {
    b.value = tensorOver(Float64Array.from(json.buffers![name]!.data), b.shape);
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
