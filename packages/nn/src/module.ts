import { type NestedArray, Tensor, tensor } from '@deltagrad/core';
import { peekValues, tensorOver } from '@deltagrad/core/internal';
import { ModuleBuffer } from './buffer';
import type { LayerDescriptor } from './descriptors';
import { fmtShape, NnError } from './errors';
import { Parameter, swapValue } from './parameter';
import { describeLayer } from './registry';
import { boolean, given } from './validate';

/**
 * The base class of every layer and model: a function of a tensor (`forward`) with named
 * parameters and named child modules, both kept in registration order.
 *
 * Registration is automatic for fields: a field (an own enumerable property, as class fields
 * are) that holds a `Module` or a `Parameter` is registered under the field's name the first
 * time the module is inspected (`parameters()`, `namedChildren()`, `train()`, …), after any
 * registered explicitly, in declaration order. Assigning another module or parameter to such
 * a field later replaces it under the same name. A field holding modules or parameters in an
 * array is an error (use a `Sequential`), and modules must form a tree: keep references that
 * should not be registered (a parent, a shared layer) in `#private` fields.
 *
 * Parameter names are dotted paths from this module: a `Linear` names its parameters `W` and
 * `b`; a `Sequential` prefixes its children's names with their index (`'0.W'`, `'0.b'`,
 * `'2.W'`, …); a field `fc1` holding a Linear gives `'fc1.W'`, `'fc1.b'`.
 *
 * @example
 * ```ts
 * class Net extends Module {
 *   fc1 = new Linear(2, 4); // registered as 'fc1'
 *   fc2 = new Linear(4, 1); // registered as 'fc2'
 *   scale = new Parameter(tensor([[2]])); // registered as 'scale'
 *   forward(x: Tensor): Tensor {
 *     return this.fc2.forward(this.fc1.forward(x).tanh()).mul(this.scale.value);
 *   }
 * }
 * new Net().namedParameters().map(([name]) => name); // ['scale', 'fc1.W', 'fc1.b', 'fc2.W', 'fc2.b']
 * ```
 */
export abstract class Module {
  /** True in training mode (the default), false after `eval()`. */
  training = true;
  readonly #parameters = new Map<string, Parameter>();
  readonly #buffers = new Map<string, ModuleBuffer>();
  readonly #children = new Map<string, Module>();
  /** Every module, parameter and buffer in the maps, to find a field's value by identity. */
  readonly #registered = new Set<Module | Parameter | ModuleBuffer>();

  /** Computes the module's output for a batch `x` (rows are examples). */
  abstract forward(x: Tensor): Tensor;

  /**
   * Registers a parameter under `name` and returns its holder. (A field holding a
   * `Parameter` is registered without this call.)
   *
   * @throws {@link NnError} `INVALID_OPTION` if the name is empty, contains a dot, or is taken.
   */
  protected registerParameter(name: string, value: Tensor): Parameter {
    this.checkName(name);
    const p = new Parameter(value, name);
    this.#parameters.set(name, p);
    this.#registered.add(p);
    return p;
  }

  /**
   * Registers a buffer — a value saved with the module but not trained (see {@link ModuleBuffer}) —
   * under `name` and returns its holder. (A field holding a `ModuleBuffer` is registered without
   * this call.)
   *
   * @throws {@link NnError} `INVALID_OPTION` if the name is empty, contains a dot, or is taken.
   */
  protected registerBuffer(name: string, value: Tensor): ModuleBuffer {
    this.checkName(name);
    const b = new ModuleBuffer(value, name);
    this.#buffers.set(name, b);
    this.#registered.add(b);
    return b;
  }

  /**
   * Registers a child module under `name` and returns it. (A field holding a module is
   * registered without this call.)
   *
   * @throws {@link NnError} `INVALID_OPTION` if the name is empty, contains a dot, or is
   *   taken, or if the child is this module or contains it.
   */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    this.#adopt(name, module);
    return module;
  }

  private checkName(name: string): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new NnError(
        'INVALID_OPTION',
        `${this.constructor.name}: invalid name ${JSON.stringify(name)} (non-empty, no dots)`,
      );
    }
    if (this.#parameters.has(name) || this.#buffers.has(name) || this.#children.has(name)) {
      throw new NnError('INVALID_OPTION', `${this.constructor.name}: name '${name}' is already registered`);
    }
  }

  /** Sets `module` as the child `name` (new or replacing), refusing anything but a tree. */
  #adopt(name: string, module: Module): void {
    if (!(module instanceof Module)) {
      throw new NnError('INVALID_OPTION', `${this.constructor.name}: child '${name}' is not a Module`);
    }
    if (module === this || module.#contains(this)) {
      throw new NnError(
        'INVALID_OPTION',
        `${this.constructor.name}: child '${name}' ${module === this ? 'is this module itself' : 'contains this module'}; modules must form a tree (keep a back-reference in a #private field)`,
      );
    }
    const previous = this.#children.get(name);
    if (previous !== undefined) this.#registered.delete(previous);
    this.#children.set(name, module);
    this.#registered.add(module);
  }

  /** True if `target` is this module or one of its descendants. */
  #contains(target: Module): boolean {
    const stack: Module[] = [this];
    while (stack.length > 0) {
      const m = stack.pop()!;
      if (m === target) return true;
      m.#collectFields();
      for (const child of m.#children.values()) stack.push(child);
    }
    return false;
  }

  /** Registers the fields that hold an unregistered module, parameter or buffer (see the class documentation). */
  #collectFields(): void {
    const fields = this as unknown as Record<string, unknown>;
    for (const key of Object.keys(this)) {
      const value = fields[key];
      if (value instanceof Module || value instanceof Parameter || value instanceof ModuleBuffer) {
        if (this.#registered.has(value)) continue;
        const kind =
          value instanceof Module ? 'child module' : value instanceof Parameter ? 'parameter' : 'buffer';
        const maps = { 'child module': this.#children, parameter: this.#parameters, buffer: this.#buffers };
        for (const [other, map] of Object.entries(maps)) {
          if (other !== kind && map.has(key)) {
            throw new NnError(
              'INVALID_OPTION',
              `${this.constructor.name}: field '${key}' holds a ${value.constructor.name}, but '${key}' is a registered ${other}`,
            );
          }
        }
        const replacing = maps[kind].has(key);
        if (!replacing) this.checkName(key);
        if (value instanceof Module) {
          this.#adopt(key, value);
        } else {
          const map = (value instanceof Parameter ? this.#parameters : this.#buffers) as Map<
            string,
            typeof value
          >;
          const previous = map.get(key);
          if (previous !== undefined) this.#registered.delete(previous);
          map.set(key, value);
          this.#registered.add(value);
        }
      } else if (Array.isArray(value)) {
        const loose = value.find(
          (v) =>
            (v instanceof Module || v instanceof Parameter || v instanceof ModuleBuffer) &&
            !this.#registered.has(v),
        );
        if (loose !== undefined) {
          const what =
            loose instanceof Module ? 'Modules' : loose instanceof Parameter ? 'Parameters' : 'Buffers';
          throw new NnError(
            'INVALID_OPTION',
            `${this.constructor.name}: field '${key}' holds ${what} in an array, which are not registered (they would be neither trained nor saved): use a Sequential, or register each with ${loose instanceof Module ? 'registerModule' : loose instanceof Parameter ? 'registerParameter' : 'registerBuffer'}`,
          );
        }
      }
    }
  }

  /** The direct children, as `[name, module]` pairs in registration order. */
  namedChildren(): [string, Module][] {
    this.#collectFields();
    return [...this.#children];
  }

  /**
   * Every parameter of this module and its descendants as `[dottedName, parameter]` pairs:
   * own parameters first, then each child's in registration order.
   */
  namedParameters(): [string, Parameter][] {
    return this.#walk((m) => m.#parameters);
  }

  /**
   * Every buffer of this module and its descendants as `[dottedName, buffer]` pairs, in the
   * order of {@link Module.namedParameters} (BatchNorm1d's `'1.runningMean'`, …).
   */
  namedBuffers(): [string, ModuleBuffer][] {
    return this.#walk((m) => m.#buffers);
  }

  /** The entries of `own(m)` of every module of the tree, depth first, children in order. */
  #walk<T>(own: (m: Module) => Map<string, T>): [string, T][] {
    const out: [string, T][] = [];
    const stack: [string, Module][] = [['', this]];
    // Push children in reverse so the first child is visited first.
    while (stack.length > 0) {
      const [prefix, m] = stack.pop()!;
      m.#collectFields();
      for (const [name, p] of own(m)) out.push([prefix + name, p]);
      const children = [...m.#children];
      for (let i = children.length - 1; i >= 0; i--) {
        const [name, child] = children[i]!;
        stack.push([`${prefix}${name}.`, child]);
      }
    }
    return out;
  }

  /** Every parameter, in the order of {@link Module.namedParameters}. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** The total number of trainable values. */
  numParameters(): number {
    let n = 0;
    for (const p of this.parameters()) n += p.size;
    return n;
  }

  /** Clears the gradient of every parameter. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** Sets training mode on this module and every descendant; returns this module. */
  train(mode = true): this {
    this.training = mode;
    for (const [, child] of this.namedChildren()) child.train(mode);
    return this;
  }

  /** Sets evaluation mode (`train(false)`); returns this module. */
  eval(): this {
    return this.train(false);
  }

  /**
   * A copy of the current values of every parameter and then every buffer by dotted name, in
   * the order of {@link Module.namedParameters} and {@link Module.namedBuffers} (PyTorch's
   * `state_dict()`). The tensors own their data, so neither training nor writes into a
   * parameter's `.data` change them.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = Object.create(null);
    for (const [name, p] of [...this.namedParameters(), ...this.namedBuffers()]) {
      out[name] = tensorOver(new Float64Array(peekValues(p.value)), [...p.shape]);
    }
    return out;
  }

  /**
   * Replaces parameter and buffer values by dotted name. Every entry is checked before any is
   * applied, so a failed call leaves the module unchanged. With `strict` (the default) the
   * names must be exactly those of {@link Module.stateDict}.
   *
   * @throws {@link NnError} `SHAPE_MISMATCH` naming the entry and both shapes;
   *   `INVALID_OPTION` for an unknown or (when strict) missing name.
   *
   * @example
   * ```ts
   * model.loadStateDict({ '0.W': [[1, 2], [3, 4]], '0.b': [[0, 0]] }, { strict: false });
   * ```
   */
  loadStateDict(
    state: Readonly<Record<string, Tensor | NestedArray>>,
    opts: { strict?: boolean } = {},
  ): void {
    const params = this.namedParameters();
    const buffers = this.namedBuffers();
    const own = new Map<string, Parameter | ModuleBuffer>([...params, ...buffers]);
    const updates: [Parameter | ModuleBuffer, Tensor][] = [];
    for (const name of Object.keys(state)) {
      const p = own.get(name);
      if (p === undefined) {
        const list = (pairs: [string, unknown][]) => pairs.map(([n]) => n).join(', ') || 'none';
        throw new NnError(
          'INVALID_OPTION',
          `loadStateDict: unknown parameter '${name}' (parameters: ${list(params)}${buffers.length > 0 ? `; buffers: ${list(buffers)}` : ''})`,
        );
      }
      const raw = state[name]!;
      const t = raw instanceof Tensor ? raw : tensor(raw);
      if (!sameShape(t.shape, p.shape)) {
        throw new NnError(
          'SHAPE_MISMATCH',
          `loadStateDict: ${p instanceof ModuleBuffer ? 'buffer' : 'parameter'} '${name}' has shape ${fmtShape(t.shape)}, expected ${fmtShape(p.shape)}`,
        );
      }
      updates.push([p, t]);
    }
    if (boolean('loadStateDict', 'strict', given(opts.strict, true))) {
      const missing = [...own.keys()].filter((name) => !Object.hasOwn(state, name));
      if (missing.length > 0) {
        throw new NnError('INVALID_OPTION', `loadStateDict: missing parameter(s) ${missing.join(', ')}`);
      }
    }
    for (const [p, t] of updates) {
      const copy = new Float64Array(peekValues(t));
      if (p instanceof ModuleBuffer) p.value = tensorOver(copy, t.shape);
      else p.value = tensorOver(copy, t.shape, true);
    }
  }

  /**
   * A plain description of this module for model files (see `toModelJSON`): `{ type,
   * ...config }` from its layer type's registered definition.
   *
   * @throws {@link NnError} `UNKNOWN_LAYER` for a module of no registered layer type.
   */
  describe(): LayerDescriptor {
    return describeLayer(this) as LayerDescriptor;
  }

  /** A one-line summary, e.g. `Linear(2 → 4)`. */
  toString(): string {
    return this.constructor.name;
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Runs `module.forward(x)` with some parameters temporarily replaced by the given tensors
 * (PyTorch's `torch.func.functional_call`). The tensors are used as they are, graph and all,
 * so gradients flow into them: this is how to differentiate a module with respect to its
 * parameters as function arguments (gradcheck, higher derivatives). The original values are
 * restored afterwards, even if `forward` throws.
 *
 * @throws {@link NnError} `INVALID_OPTION` for an unknown name, `SHAPE_MISMATCH` for a wrong shape.
 *
 * @example
 * ```ts
 * gradcheck((x, W, b) => functionalCall(layer, { W, b }, x).sum(), [x, W0, b0]);
 * ```
 */
export function functionalCall(module: Module, params: Readonly<Record<string, Tensor>>, x: Tensor): Tensor {
  const own = new Map(module.namedParameters());
  const swaps: [Parameter, Tensor][] = [];
  for (const name of Object.keys(params)) {
    const p = own.get(name);
    if (p === undefined) {
      throw new NnError('INVALID_OPTION', `functionalCall: unknown parameter '${name}'`);
    }
    const t = params[name]!;
    if (!sameShape(t.shape, p.shape)) {
      throw new NnError(
        'SHAPE_MISMATCH',
        `functionalCall: parameter '${name}' has shape ${fmtShape(t.shape)}, expected ${fmtShape(p.shape)}`,
      );
    }
    swaps.push([p, t]);
  }
  const saved: [Parameter, Tensor][] = [];
  try {
    for (const [p, t] of swaps) saved.push([p, swapValue(p, t)]);
    return module.forward(x);
  } finally {
    for (let i = saved.length - 1; i >= 0; i--) swapValue(saved[i]![0], saved[i]![1]);
  }
}
