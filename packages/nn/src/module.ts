import { type NestedArray, Tensor, tensor } from '@deltagrad/core';
import type { LayerDescriptor } from './descriptors';
import { fmtShape, NnError } from './errors';
import { Parameter, swapValue } from './parameter';
import { describeLayer } from './registry';

/**
 * The base class of every layer and model: a function of a tensor (`forward`) with named
 * parameters and named child modules, both kept in registration order.
 *
 * Parameter names are dotted paths from this module: a `Linear` names its parameters `W` and
 * `b`; a `Sequential` prefixes its children's names with their index (`'0.W'`, `'0.b'`,
 * `'2.W'`, …).
 *
 * @example
 * ```ts
 * class Scale extends Module {
 *   readonly s = this.registerParameter('s', tensor([2]));
 *   forward(x: Tensor): Tensor {
 *     return x.mul(this.s.value);
 *   }
 * }
 * ```
 */
export abstract class Module {
  /** True in training mode (the default), false after `eval()`. */
  training = true;
  readonly #parameters = new Map<string, Parameter>();
  readonly #children = new Map<string, Module>();

  /** Computes the module's output for a batch `x` (rows are examples). */
  abstract forward(x: Tensor): Tensor;

  /**
   * Registers a parameter under `name` and returns its holder.
   *
   * @throws {@link NnError} `INVALID_OPTION` if the name is empty, contains a dot, or is taken.
   */
  protected registerParameter(name: string, value: Tensor): Parameter {
    this.checkName(name);
    const p = new Parameter(value, name);
    this.#parameters.set(name, p);
    return p;
  }

  /**
   * Registers a child module under `name` and returns it.
   *
   * @throws {@link NnError} `INVALID_OPTION` if the name is empty, contains a dot, or is taken.
   */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    if (!(module instanceof Module)) {
      throw new NnError('INVALID_OPTION', `${this.constructor.name}: child '${name}' is not a Module`);
    }
    this.#children.set(name, module);
    return module;
  }

  private checkName(name: string): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new NnError(
        'INVALID_OPTION',
        `${this.constructor.name}: invalid name ${JSON.stringify(name)} (non-empty, no dots)`,
      );
    }
    if (this.#parameters.has(name) || this.#children.has(name)) {
      throw new NnError('INVALID_OPTION', `${this.constructor.name}: name '${name}' is already registered`);
    }
  }

  /** The direct children, as `[name, module]` pairs in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.#children];
  }

  /**
   * Every parameter of this module and its descendants as `[dottedName, parameter]` pairs:
   * own parameters first, then each child's in registration order.
   */
  namedParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const stack: [string, Module][] = [['', this]];
    // Depth-first, children in order: push in reverse so the first child is visited first.
    while (stack.length > 0) {
      const [prefix, m] = stack.pop()!;
      for (const [name, p] of m.#parameters) out.push([prefix + name, p]);
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
    for (const child of this.#children.values()) child.train(mode);
    return this;
  }

  /** Sets evaluation mode (`train(false)`); returns this module. */
  eval(): this {
    return this.train(false);
  }

  /**
   * The current values of every parameter by dotted name (detached tensors sharing the
   * values; tensors are immutable, so later training does not change them).
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = Object.create(null);
    for (const [name, p] of this.namedParameters()) out[name] = p.value.detach();
    return out;
  }

  /**
   * Replaces parameter values by dotted name. Every entry is checked before any is applied,
   * so a failed call leaves the module unchanged. With `strict` (the default) the names must
   * be exactly those of {@link Module.namedParameters}.
   *
   * @throws {@link NnError} `SHAPE_MISMATCH` naming the parameter and both shapes;
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
    const own = new Map(this.namedParameters());
    const updates: [Parameter, Tensor][] = [];
    for (const name of Object.keys(state)) {
      const p = own.get(name);
      if (p === undefined) {
        throw new NnError(
          'INVALID_OPTION',
          `loadStateDict: unknown parameter '${name}' (parameters: ${[...own.keys()].join(', ')})`,
        );
      }
      const raw = state[name]!;
      const t = raw instanceof Tensor ? raw : tensor(raw);
      if (!sameShape(t.shape, p.shape)) {
        throw new NnError(
          'SHAPE_MISMATCH',
          `loadStateDict: parameter '${name}' has shape ${fmtShape(t.shape)}, expected ${fmtShape(p.shape)}`,
        );
      }
      updates.push([p, t]);
    }
    if (opts.strict ?? true) {
      const missing = [...own.keys()].filter((name) => !Object.hasOwn(state, name));
      if (missing.length > 0) {
        throw new NnError('INVALID_OPTION', `loadStateDict: missing parameter(s) ${missing.join(', ')}`);
      }
    }
    for (const [p, t] of updates) p.value = new Tensor(new Float64Array(t.data), t.shape, true);
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
