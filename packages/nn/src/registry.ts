/**
 * The layer registry: the one place a layer type is described for model files. An entry says
 * how a module of that type is written (its `type` and config fields), how a file's entry is
 * checked without building anything (field rules, parameter shapes, widths) and how it is
 * built back. Each built-in layer registers itself next to its class; users add theirs with
 * {@link registerLayer} (as tfjs-layers' `registerClass`).
 *
 * A module is saved only if its exact class is registered: a subclass (a Linear whose
 * `forward` is overridden) would otherwise be saved as its parent and reload computing
 * something else.
 */
import { fmtShape, fmtValue, NnError } from './errors';
import { MAX_DEPTH } from './model-file/format';
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

/**
 * How PyTorch's equivalent module stores a layer's parameters and buffers: what safetensors
 * files in the `'pytorch'` layout hold (Linear: `W` [in, out] is PyTorch's `weight` [out, in],
 * `b` [1, out] its `bias` [out]).
 */
export interface PytorchLayout {
  /** PyTorch's name of each parameter or buffer (`{ W: 'weight', b: 'bias' }`); others keep theirs. */
  readonly names: Readonly<Record<string, string>>;
  /** 2-D entries PyTorch stores transposed. */
  readonly transposed?: readonly string[];
  /** Entries kept here as a [1, n] row and in PyTorch as a vector [n]. */
  readonly flattened?: readonly string[];
  /** Entries PyTorch keeps as int64 (BatchNorm's `num_batches_tracked`). */
  readonly int64?: readonly string[];
}

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
   * The layer's buffers — values saved with it but not trained, such as BatchNorm1d's running
   * statistics — for a config (none when left out). Model files hold them under `buffers`.
   */
  buffers?(config: C): ParameterShapes;
  /** How PyTorch's equivalent module names and lays out this layer's state (left out: as here). */
  readonly pytorch?: PytorchLayout;
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
 * Adds a layer type to the registry, so that model files can save and load it, and returns
 * its definition. Give `parameters` for a layer with parameters (a model file lists them, and
 * is checked against them without building anything), `fields` to have descriptors checked
 * field by field, and `outputWidth` to have widths checked across layers.
 *
 * @throws {@link NnError} `INVALID_OPTION` for a malformed definition, or a type or class
 *   already registered with another definition.
 *
 * @example
 * ```ts
 * class Scale extends Module {
 *   readonly s: Parameter;
 *   constructor(readonly width: number) {
 *     super();
 *     this.s = this.registerParameter('s', tensor([new Array(width).fill(1)]));
 *   }
 *   forward(x: Tensor): Tensor {
 *     return x.mul(this.s.value);
 *   }
 * }
 * registerLayer({
 *   type: 'Scale',
 *   cls: Scale,
 *   config: (m) => ({ width: m.width }),
 *   build: (c) => new Scale(c.width),
 *   parameters: (c) => [['s', [1, c.width]]],
 * });
 * ```
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
  for (const hook of ['parameters', 'buffers', 'outputWidth'] as const) {
    if (definition[hook] !== undefined && typeof definition[hook] !== 'function') {
      throw new NnError('INVALID_OPTION', `${where}: '${type}': ${hook} must be a function when given`);
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
 * The definition of `module`'s exact class.
 *
 * @throws {@link NnError} `UNKNOWN_LAYER` naming the class (and its nearest registered
 *   ancestor) if that class is not registered.
 */
export function definitionOf(module: Module): AnyDefinition {
  const definition = byClass.get(module.constructor as LayerClass);
  if (definition !== undefined) return definition;
  const name = module.constructor.name || 'an anonymous class';
  let parent: AnyDefinition | undefined;
  for (
    let proto = Object.getPrototypeOf(module.constructor.prototype);
    proto !== null && !parent;
    proto = Object.getPrototypeOf(proto)
  ) {
    parent = byClass.get(proto.constructor);
  }
  throw new NnError(
    'UNKNOWN_LAYER',
    `${name}${parent ? ` (a subclass of ${parent.type})` : ''} is not a registered layer type, so a model file could not rebuild it: register it (registerLayer({ type, cls: ${name}, config, build })) or save its parameters with toStateJSON`,
  );
}

function listShapes(shapes: ParameterShapes): string {
  return shapes.length === 0
    ? 'none'
    : shapes.map(([name, shape]) => `${name} ${fmtShape(shape)}`).join(', ');
}

/**
 * The descriptor of `module`: `{ type, ...config }`, with its children's for a container.
 * `at` names the module in messages (`architecture[2]`).
 *
 * @throws {@link NnError} `UNKNOWN_LAYER` for a module whose class is not registered;
 *   `INVALID_OPTION` for a layer whose parameters are not those its definition declares, or
 *   containers nested more than 32 deep.
 */
export function describeLayer(module: Module, at = 'module', depth = 0): { type: string } {
  const definition = definitionOf(module);
  const config = definition.config(module);
  const descriptor: Record<string, unknown> = { type: definition.type, ...config };
  const children = definition.children;
  if (children !== undefined) {
    if (depth >= MAX_DEPTH) {
      throw new NnError('INVALID_OPTION', `${at}: Sequential layers nested more than ${MAX_DEPTH} deep`);
    }
    descriptor[children.field] = children
      .of(module)
      .map((child: Module, i: number) => describeLayer(child, `${at}.${children.field}[${i}]`, depth + 1));
    return descriptor as { type: string };
  }
  // What a file would declare for this layer must be what it has, or the file would not load.
  checkDeclared(
    at,
    definition,
    'parameters',
    definition.parameters?.(config) ?? [],
    module.namedParameters(),
  );
  checkDeclared(at, definition, 'buffers', definition.buffers?.(config) ?? [], module.namedBuffers());
  return descriptor as { type: string };
}

/** Throws unless a layer's actual parameters (or buffers) are those its definition declares. */
function checkDeclared(
  at: string,
  definition: AnyDefinition,
  what: 'parameters' | 'buffers',
  declared: ParameterShapes,
  named: readonly [string, { shape: readonly number[] }][],
): void {
  const actual: ParameterShapes = named.map(([name, p]) => [name, p.shape]);
  const same =
    declared.length === actual.length &&
    declared.every(
      ([name, shape], i) =>
        name === actual[i]![0] &&
        shape.length === actual[i]![1].length &&
        shape.every((d, k) => d === actual[i]![1][k]),
    );
  if (!same) {
    throw new NnError(
      'INVALID_OPTION',
      `${at} (${definition.type}) has ${what} ${listShapes(actual)}, but its registered definition declares ${listShapes(declared)}: its ${what}() must list them`,
    );
  }
}
