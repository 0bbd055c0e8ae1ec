import { peekValues } from '@deltagrad/core/internal';
import { fmtShape, fmtValue, NnError } from '../errors';
import { Module } from '../module';
import { Parameter, replaceValues } from '../parameter';
import { nonNegative } from '../validate';
import {
  BUFFER_NAMES,
  checkSteppedBuffers,
  type OptimizerStateJSON,
  type OptimizerType,
  type ParamStateJSON,
  type SavedStateRules,
  validateOptimizerState,
} from './state';

/**
 * What every optimizer offers: `step()` applies one update to every parameter that has a
 * gradient, `zeroGrad()` clears the gradients, and the whole state (hyperparameters, step
 * counts, buffers) goes to and from plain JSON.
 *
 * @example
 * ```ts
 * const opt: Optimizer = new Adam(model, { lr: 0.01 });
 * opt.zeroGrad();
 * halfSSE(model.forward(x), y).backward();
 * opt.step();
 * const saved = opt.state(); // JSON-safe
 * ```
 */
export interface Optimizer {
  /** Which algorithm this is. */
  readonly type: OptimizerType;
  /** The learning rate; settable (schedules set it). */
  lr: number;
  /** The parameters this optimizer updates, in order. */
  readonly params: readonly Parameter[];
  /** One update of every parameter whose `grad` is set; parameters without one are skipped. */
  step(): void;
  /** Clears the gradient of every parameter. */
  zeroGrad(): void;
  /** The state as JSON-safe data. */
  state(): OptimizerStateJSON;
  /** Restores a state saved by `state()` (same optimizer type, same parameter shapes). */
  loadState(json: OptimizerStateJSON): void;
}

/** What an optimizer is given: a module (all its parameters) or a list of parameters. */
export type ParamsInput = Module | Iterable<Parameter>;

/** One parameter's optimizer state: its step count and its named buffers. */
export interface SlotState {
  step: number;
  buffers: Map<string, Float64Array>;
}

/** @internal Resolves a {@link ParamsInput} to distinct parameters with names for messages. */
function collect(where: string, input: ParamsInput): { params: Parameter[]; names: string[] } {
  let pairs: [string, Parameter][];
  if (input instanceof Module) pairs = input.namedParameters();
  else if (input !== null && typeof input === 'object' && Symbol.iterator in input) {
    pairs = [...input].map((p, i) => {
      if (!(p instanceof Parameter)) {
        throw new NnError('INVALID_OPTION', `${where}: params[${i}] is not a Parameter, got ${fmtValue(p)}`);
      }
      return [p.name ? `${p.name} (params[${i}])` : `params[${i}]`, p];
    });
  } else {
    throw new NnError(
      'INVALID_OPTION',
      `${where}: expected a Module or an iterable of Parameters, got ${fmtValue(input)}`,
    );
  }
  if (pairs.length === 0) throw new NnError('INVALID_OPTION', `${where}: got an empty parameter list`);
  const seen = new Set<Parameter>();
  for (const [name, p] of pairs) {
    if (seen.has(p))
      throw new NnError('INVALID_OPTION', `${where}: parameter ${name} appears more than once`);
    seen.add(p);
  }
  return { params: pairs.map(([, p]) => p), names: pairs.map(([n]) => n) };
}

/**
 * The machinery shared by the built-in optimizers: parameter bookkeeping, gradient checks,
 * atomic updates on raw `Float64Array`s (no graph is built), and state (de)serialisation.
 * Subclasses supply the options check and the update rule. (Exported for `instanceof` and
 * typing; {@link OptimizerType} is a closed set, so it is not meant for subclassing outside
 * this package — implement {@link Optimizer} instead.)
 */
export abstract class BaseOptimizer<O extends { lr: number }> implements Optimizer {
  abstract readonly type: OptimizerType;
  readonly params: readonly Parameter[];
  /** Parameter names for messages, parallel to `params`. */
  protected readonly names: readonly string[];
  /** The resolved hyperparameters. */
  protected opts: O;
  protected slots: SlotState[];

  protected constructor(where: string, params: ParamsInput, opts: O) {
    const { params: list, names } = collect(where, params);
    this.params = list;
    this.names = names;
    this.opts = opts;
    this.slots = list.map(() => ({ step: 0, buffers: new Map() }));
  }

  /** The resolved hyperparameters (a copy). */
  get options(): Readonly<O> {
    return structuredClone(this.opts);
  }

  get lr(): number {
    return this.opts.lr;
  }

  /**
   * Sets the learning rate (schedules do this). 0 is allowed here, unlike at construction.
   *
   * @throws {@link NnError} `INVALID_OPTION` unless `lr` is a finite number >= 0.
   */
  set lr(value: number) {
    this.opts.lr = nonNegative(this.type, 'lr', value);
  }

  /**
   * Computes `out` (the new values) from `theta` (the current values) and `grad`, updating
   * the slot's buffers; `slot.step` has already been incremented.
   */
  protected abstract update(
    theta: Float64Array,
    grad: Float64Array,
    slot: SlotState,
    out: Float64Array,
  ): void;

  /** How a saved state of this type is read: its options, and the buffers a stepped slot must have. */
  protected abstract readonly savedState: SavedStateRules<O>;

  /**
   * Applies one update to every parameter whose gradient is set. All gradients are checked
   * first (shape, finiteness), so a failed step changes nothing.
   *
   * @throws {@link NnError} `SHAPE_MISMATCH` or `NON_FINITE` naming the parameter.
   */
  step(): void {
    const todo: number[] = [];
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i]!;
      const g = p.grad;
      if (g === null) continue;
      if (
        g.size !== p.size ||
        g.shape.length !== p.shape.length ||
        g.shape.some((d, k) => d !== p.shape[k])
      ) {
        throw new NnError(
          'SHAPE_MISMATCH',
          `${this.type}.step: gradient of ${this.names[i]} has shape ${fmtShape(g.shape)}, expected ${fmtShape(p.shape)}`,
        );
      }
      // Read through core's internal entry, not `.data`: reading never exposes (see replaceValues).
      const gd = peekValues(g);
      for (let k = 0; k < gd.length; k++) {
        if (!Number.isFinite(gd[k]!)) {
          throw new NnError(
            'NON_FINITE',
            `${this.type}.step: gradient of ${this.names[i]} is ${gd[k]} at flat index ${k}; no parameter was updated`,
          );
        }
      }
      todo.push(i);
    }
    for (const i of todo) {
      const p = this.params[i]!;
      const slot = this.slots[i]!;
      slot.step++;
      const out = new Float64Array(p.size);
      this.update(peekValues(p.value), peekValues(p.grad!), slot, out);
      replaceValues(p, out);
    }
  }

  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  state(): OptimizerStateJSON {
    return {
      type: this.type,
      options: structuredClone(this.opts) as unknown as OptimizerStateJSON['options'],
      params: this.params.map(
        (p, i): ParamStateJSON => ({
          name: this.names[i]!,
          shape: [...p.shape],
          step: this.slots[i]!.step,
          buffers: Object.fromEntries(
            [...this.slots[i]!.buffers].map(([name, data]) => [name, Array.from(data)]),
          ),
        }),
      ),
    };
  }

  /**
   * Restores a state saved by {@link BaseOptimizer.state}: the same optimizer type, one entry
   * per parameter with matching shapes. Everything is checked before anything changes.
   *
   * @throws {@link NnError} `MODEL_FORMAT`, `SHAPE_MISMATCH`, `NON_FINITE` or `INVALID_OPTION`
   *   naming the field at fault.
   */
  loadState(json: OptimizerStateJSON): void {
    const where = `${this.type}.loadState`;
    const state = validateOptimizerState(
      json,
      where,
      this.params.map((p) => p.shape),
      this.type,
    );
    const opts = this.savedState.options(state.options);
    checkSteppedBuffers(state.params, this.savedState.requiredBuffers(opts), where);
    const slots = state.params.map((entry): SlotState => {
      const buffers = new Map<string, Float64Array>();
      for (const name of BUFFER_NAMES[this.type]) {
        if (Object.hasOwn(entry.buffers, name)) buffers.set(name, Float64Array.from(entry.buffers[name]!));
      }
      return { step: entry.step, buffers };
    });
    this.opts = opts;
    this.slots = slots;
  }
}

/** @internal The slot's buffer `name`, created filled with zeros if absent. */
export function zerosBuffer(slot: SlotState, name: string, size: number): Float64Array {
  let b = slot.buffers.get(name);
  if (b === undefined) {
    b = new Float64Array(size);
    slot.buffers.set(name, b);
  }
  return b;
}

/**
 * @internal b^t by binary exponentiation: IEEE multiplications only, so the result is the
 * same in every JavaScript engine (Math.pow may differ by an ulp between engines).
 */
export function powInt(base: number, exponent: number): number {
  let result = 1;
  let b = base;
  let e = exponent;
  while (e > 0) {
    if (e % 2 === 1) result *= b;
    b *= b;
    e = Math.floor(e / 2);
  }
  return result;
}
