/**
 * Checking a model file's content without building anything: the layout, each layer's
 * descriptor against its registered rules, the parameters and buffers the architecture declares
 * (names, shapes, finite values), the optimizer state and the metadata.
 */
import { fmtShape, fmtValue, NnError } from '../errors';
import { assertSafeTree, checkJsonNumbers, isPlainObject, parseJsonSafely } from '../json';
import { knownLayerTypes } from '../layers/index';
import { checkSavedOptimizer } from '../optim/index';
import { type FieldRule, type LayerDefinition, layerDefinition } from '../registry';
import { fail, MAX_DEPTH, MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelJSON } from './format';

/** A parameter (or buffer) an architecture declares: its dotted name and its shape. */
export interface DeclaredParameter {
  name: string;
  shape: readonly number[];
}

/** What an architecture declares: its parameters and its buffers, each in module order. */
interface Declared {
  parameters: DeclaredParameter[];
  buffers: DeclaredParameter[];
}

/** @internal A model file's content, checked, and the parameters and buffers its architecture declares, in order. */
export interface CheckedModel extends Declared {
  json: ModelJSON;
}

const TOP_LEVEL_FIELDS: readonly string[] = [
  'format',
  'version',
  'architecture',
  'parameters',
  'buffers',
  'optimizer',
  'metadata',
];

/**
 * @internal Checks what model and state files share: a plain object of format `format`, a
 * version this library reads, and no fields but `fields`.
 */
export function checkHeader(
  value: unknown,
  format: string,
  fields: readonly string[],
): asserts value is Record<string, unknown> {
  assertSafeTree(value, 'model');
  if (!isPlainObject(value)) fail('model', `expected an object, got ${fmtValue(value)}`);
  if (value.format !== format) {
    fail(
      'format',
      `expected ${JSON.stringify(format)}, got ${fmtValue(value.format)} (not a deltagrad ${format === MODEL_FORMAT ? 'model' : 'state'} file)`,
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
    if (!fields.includes(key)) fail('model', `unknown field ${JSON.stringify(key)}`);
  }
}

/**
 * @internal Checks a saved optimizer state against parameter shapes and metadata's type; an
 * invalid option is the file's fault (`MODEL_FORMAT`).
 */
export function checkOptimizerAndMetadata(
  value: Record<string, unknown>,
  shapes: readonly (readonly number[])[],
): void {
  if (value.optimizer !== undefined) {
    try {
      checkSavedOptimizer(value.optimizer, 'optimizer', shapes);
    } catch (error) {
      if (error instanceof NnError && error.code === 'INVALID_OPTION') {
        throw new NnError('MODEL_FORMAT', `optimizer.options: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
  if (value.metadata !== undefined && !isPlainObject(value.metadata)) {
    fail('metadata', `expected an object, got ${fmtValue(value.metadata)}`);
  }
}

/** @internal Checks a model file's content; see {@link validateModelJSON}. */
export function checkModelJSON(value: unknown): CheckedModel {
  checkHeader(value, MODEL_FORMAT, TOP_LEVEL_FIELDS);
  const declared: Declared = { parameters: [], buffers: [] };
  checkLayerList(value.architecture, 'architecture', '', 0, { value: null }, declared);
  checkDeclaredValues('parameters', value.parameters, declared.parameters);
  // Only architectures with buffers (BatchNorm1d's running statistics) have the field.
  if (value.buffers !== undefined || declared.buffers.length > 0) {
    checkDeclaredValues('buffers', value.buffers, declared.buffers);
  }
  checkOptimizerAndMetadata(
    value,
    declared.parameters.map((p) => p.shape),
  );
  return { json: value as unknown as ModelJSON, ...declared };
}

/** Checks a list of layer descriptors at `path`, in order; `width` is the running output width. */
function checkLayerList(
  list: unknown,
  path: string,
  prefix: string,
  depth: number,
  width: { value: number | null },
  out: Declared,
): void {
  if (!Array.isArray(list)) fail(path, `expected an array of layers, got ${fmtValue(list)}`);
  if (depth > MAX_DEPTH) fail(path, `Sequential layers nested more than ${MAX_DEPTH} deep`);
  for (let i = 0; i < list.length; i++) {
    checkLayer(list[i], `${path}[${i}]`, `${prefix}${i}.`, depth, width, out);
  }
}

/** Checks one descriptor against its registered definition and declares its parameters and buffers. */
function checkLayer(
  desc: unknown,
  at: string,
  prefix: string,
  depth: number,
  width: { value: number | null },
  out: Declared,
): void {
  if (!isPlainObject(desc)) fail(at, `expected a layer object, got ${fmtValue(desc)}`);
  const type = desc.type;
  const definition = typeof type === 'string' ? layerDefinition(type) : undefined;
  if (definition === undefined) {
    throw new NnError(
      'UNKNOWN_LAYER',
      `unknown layer ${typeof type === 'string' ? `'${type}'` : fmtValue(type)} at ${at} (known layers: ${knownLayerTypes().join(', ')})`,
    );
  }
  checkFields(definition, desc, at);
  const config = configOf(definition, desc);
  for (const [name, shape] of definition.parameters?.(config) ?? []) {
    out.parameters.push({ name: `${prefix}${name}`, shape });
  }
  for (const [name, shape] of definition.buffers?.(config) ?? []) {
    out.buffers.push({ name: `${prefix}${name}`, shape });
  }
  if (definition.children !== undefined) {
    const field = definition.children.field;
    checkLayerList(desc[field], `${at}.${field}`, prefix, depth + 1, width, out);
  } else {
    width.value = definition.outputWidth?.(config, width.value, at) ?? null;
  }
}

/** Unknown fields, then missing ones, then each field against its rule. */
function checkFields(definition: LayerDefinition, desc: Record<string, unknown>, at: string): void {
  const { type, fields, children } = definition;
  if (fields === undefined) return;
  const allowed = Object.keys(fields);
  if (children !== undefined) allowed.push(children.field);
  for (const key of Object.keys(desc)) {
    if (key !== 'type' && !allowed.includes(key))
      fail(at, `unknown field ${JSON.stringify(key)} for ${type}`);
  }
  for (const key of allowed) {
    if (!Object.hasOwn(desc, key)) fail(at, `${type} needs field ${JSON.stringify(key)}`);
  }
  for (const [key, rule] of Object.entries(fields as Record<string, FieldRule>)) {
    if (!rule.test(desc[key])) fail(`${at}.${key}`, `expected ${rule.expected}, got ${fmtValue(desc[key])}`);
  }
}

/** @internal A descriptor's config: its fields other than `type` and, for a container, its children. */
export function configOf(
  definition: LayerDefinition,
  desc: Record<string, unknown>,
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const key of Object.keys(desc)) {
    if (key !== 'type' && key !== definition.children?.field) config[key] = desc[key];
  }
  return config;
}

/** Checks that the `field` object holds exactly the declared entries, with their shapes and finite values. */
function checkDeclaredValues(
  field: 'parameters' | 'buffers',
  values: unknown,
  declared: readonly DeclaredParameter[],
): void {
  const what = field === 'parameters' ? 'parameter' : 'buffer';
  if (!isPlainObject(values)) fail(field, `expected an object, got ${fmtValue(values)}`);
  const names = new Set(declared.map((e) => e.name));
  for (const name of Object.keys(values)) {
    if (!names.has(name)) {
      fail(
        field,
        `unexpected ${what} '${name}' (the architecture has ${[...names].map((n) => `'${n}'`).join(', ') || 'none'})`,
      );
    }
  }
  for (const { name, shape } of declared) {
    if (!Object.hasOwn(values, name)) fail(field, `missing ${what} '${name}'`);
    checkParameterEntry(name, values[name], shape, field);
  }
}

/**
 * @internal Checks one `{ shape, data }` entry: a shape of non-negative integers (equal to
 * `expected` if given), as many values as it needs, all finite. Returns the shape.
 */
export function checkParameterEntry(
  name: string,
  entry: unknown,
  expected: readonly number[] | null,
  field: 'parameters' | 'buffers' = 'parameters',
): number[] {
  const at = `${field}['${name}']`;
  if (!isPlainObject(entry)) fail(at, `expected { shape, data }, got ${fmtValue(entry)}`);
  for (const key of Object.keys(entry)) {
    if (key !== 'shape' && key !== 'data') fail(at, `unknown field ${JSON.stringify(key)}`);
  }
  const s = entry.shape;
  if (!Array.isArray(s) || !s.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    fail(`${at}.shape`, `expected an array of non-negative integers, got ${fmtValue(s)}`);
  }
  if (
    expected !== null &&
    (s.length !== expected.length || s.some((d: number, k: number) => d !== expected[k]))
  ) {
    throw new NnError(
      'SHAPE_MISMATCH',
      `${field === 'parameters' ? 'parameter' : 'buffer'} '${name}' has shape ${fmtShape(s)}, expected ${fmtShape(expected)}`,
    );
  }
  const data = entry.data;
  if (!Array.isArray(data)) fail(`${at}.data`, `expected an array of numbers, got ${fmtValue(data)}`);
  const size = (s as number[]).reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw new NnError(
      'SHAPE_MISMATCH',
      `${at}.data has ${data.length} values, but shape ${fmtShape(s)} needs ${size}`,
    );
  }
  checkJsonNumbers(data, `${at}.data`);
  return s as number[];
}

/**
 * Checks a model file's content and returns it typed, building nothing. Every field is
 * checked, and the error says exactly what is wrong and where, e.g.:
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
 * const json = validateModelJSON(JSON.parse(text));
 * ```
 */
export function validateModelJSON(value: unknown): ModelJSON {
  return checkModelJSON(value).json;
}

/**
 * Parses and checks model file text: rejects text that is not JSON (e.g. truncated) and
 * forbidden keys (`__proto__`, `constructor`, `prototype`) with `MODEL_FORMAT`, then checks
 * the content as {@link validateModelJSON} does.
 *
 * @example
 * ```ts
 * const { model, optimizer } = restoreModel(parseModel(text));
 * ```
 */
export function parseModel(text: string): ModelJSON {
  return validateModelJSON(parseJsonSafely(text, 'model file'));
}
