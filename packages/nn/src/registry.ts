/**
 * The layer registry: the one place a layer type is described for model files. An entry says
 * how a module of that type is written (its `type` and config fields), how a file's entry is
 * checked without building anything (field rules, parameter shapes, widths) and how it is
 * built back. Each built-in layer registers itself next to its class.
 */
import { fmtValue, NnError } from './errors';
import type { Module } from './module';

/** A rule for one config field of a layer descriptor. */
export interface FieldRule {
  /** What the field must be, as messages say it: `'an integer >= 1'`. */
  readonly expected: string;
  /** True for an acceptable value. */
  test(value: unknown): boolean;
}

/** A class of modules (abstract or not), whatever its constructor's arguments. */
export type LayerClass<M extends Module = Module> = abstract new (...args: never[]) => M;

/** Parameter names (relative to the layer, in `namedParameters` order) and shapes. */
export type ParameterShapes = readonly (readonly [name: string, shape: readonly number[]])[];

/** A layer's config: its descriptor's fields other than `type` (JSON values). */
export type LayerConfig = object;

/**
 * How one layer type is written to, checked in and read from model files.
 *
 * @typeParam M - the layer's class
 * @typeParam C - its config (descriptor fields other than `type`)
 */
export interface LayerDefinition<M extends Module = Module, C extends LayerConfig = LayerConfig> {
  /** The `type` written in model files; unique in the registry. */
  readonly type: string;
  /** The class of the modules this entry writes. */
  readonly cls: LayerClass<M>;
  /**
   * A rule per config field. A descriptor must have exactly these fields (and `type`). Left
   * out: any JSON fields are accepted and `build` checks them.
   */
  readonly fields?: { readonly [K in keyof C]-?: FieldRule };
  /** The config of `module` (JSON values only). */
  config(module: M): C;
  /**
   * A module for a checked config (and its children, for a container). Parameter values are
   * replaced by the file's, so any initial values do.
   */
  build(config: C, children: readonly Module[]): M;
  /** The layer's parameters for a config (none when left out). */
  parameters?(config: C): ParameterShapes;
  /**
   * The width (last axis) of the layer's output for an input of width `inputWidth` (null:
   * unknown), or null if unknown. Throws `SHAPE_MISMATCH` naming `at` for a wrong width.
   * Left out: unknown.
   */
  outputWidth?(config: C, inputWidth: number | null, at: string): number | null;
  /**
   * @internal For a container (Sequential): the descriptor field that lists its children's
   * descriptors, and the children of a module. Children are applied in order.
   */
  readonly children?: { readonly field: string; of(module: M): readonly Module[] };
}

// Entries are stored with their types erased: each is only ever called with its own modules and configs.
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyDefinition = LayerDefinition<any, any>;

const byType = new Map<string, AnyDefinition>();
const byClass = new Map<LayerClass, AnyDefinition>();

/**
 * Adds a layer type to the registry and returns its definition.
 *
 * @throws {@link NnError} `INVALID_OPTION` for a malformed definition, or a type or class
 *   already registered with another definition.
 */
export function registerLayer<M extends Module, C extends LayerConfig>(
  definition: LayerDefinition<M, C>,
): LayerDefinition<M, C> {
  const where = 'registerLayer';
  if (definition === null || typeof definition !== 'object') {
    throw new NnError('INVALID_OPTION', `${where}: expected a layer definition, got ${fmtValue(definition)}`);
  }
  const { type, cls } = definition;
  if (typeof type !== 'string' || type === '') {
    throw new NnError('INVALID_OPTION', `${where}: type must be a non-empty string, got ${fmtValue(type)}`);
  }
  if (typeof cls !== 'function') {
    throw new NnError('INVALID_OPTION', `${where}: '${type}': cls must be a class, got ${fmtValue(cls)}`);
  }
  for (const hook of ['config', 'build'] as const) {
    if (typeof definition[hook] !== 'function') {
      throw new NnError('INVALID_OPTION', `${where}: '${type}': ${hook} must be a function`);
    }
  }
  const sameType = byType.get(type);
  const sameClass = byClass.get(cls);
  if (sameType === definition && sameClass === definition) return definition;
  if (sameType !== undefined) {
    throw new NnError('INVALID_OPTION', `${where}: layer type '${type}' is already registered`);
  }
  if (sameClass !== undefined) {
    throw new NnError(
      'INVALID_OPTION',
      `${where}: class ${cls.name} is already registered as layer type '${sameClass.type}'`,
    );
  }
  byType.set(type, definition);
  byClass.set(cls, definition);
  return definition;
}

/** The definition registered for a descriptor `type`, or undefined. */
export function layerDefinition(type: string): AnyDefinition | undefined {
  return byType.get(type);
}

/** The layer type `cls` is registered as, or undefined. */
export function layerTypeOf(cls: LayerClass): string | undefined {
  return byClass.get(cls)?.type;
}

/** Every registered layer type, in registration order. */
export function registeredLayerTypes(): string[] {
  return [...byType.keys()];
}

/**
 * The definition that describes `module`: its class's, or the nearest registered ancestor
 * class's.
 *
 * @throws {@link NnError} `UNKNOWN_LAYER` naming the class if none is registered.
 */
export function definitionOf(module: Module): AnyDefinition {
  for (let proto = Object.getPrototypeOf(module); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const definition = byClass.get(proto.constructor);
    if (definition !== undefined) return definition;
  }
  throw new NnError(
    'UNKNOWN_LAYER',
    `${module.constructor.name} cannot be described for a model file: only the built-in layers can be saved`,
  );
}

/** The descriptor of `module`: `{ type, ...config }`, with its children's for a container. */
export function describeLayer(module: Module): { type: string } {
  const definition = definitionOf(module);
  const descriptor: Record<string, unknown> = { type: definition.type, ...definition.config(module) };
  if (definition.children !== undefined) {
    descriptor[definition.children.field] = definition.children.of(module).map((child) => child.describe());
  }
  return descriptor as { type: string };
}
