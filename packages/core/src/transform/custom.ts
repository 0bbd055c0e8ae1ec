/**
 * User-defined ops: `defineOp` makes a primitive from a forward computation and its rules, and
 * `customVjp` gives a composite function its own gradient. Both become ops like the built-in
 * ones, so every transform applies to them; a rule left out is derived:
 * - no `jvp`: J·t is computed by transposing the VJP (the VJP is linear in its cotangent u, so
 *   J·t = ∂⟨VJP(u), t⟩/∂u, one backward pass through the VJP) — forward mode and
 *   forward-over-reverse Hessians work from a VJP alone;
 * - no `batch`: under `vmap` the op runs once per example (slices in, results stacked), which
 *   gives the same bits as a loop, only without vectorizing.
 */
import { tensorLikeArg } from '../arguments';
import { checkFunction } from '../autodiff';
import { gradients, sumTo } from '../backward';
import { isTensor, makeTensor } from '../construct';
import { apply, isGradEnabled, withGradMode } from '../engine';
import { DeltagradError, describeValue, fmtShape } from '../errors';
import * as F from '../functional';
import type {
  BatchContext,
  Computed,
  InputGrads,
  Inputs,
  InputTangents,
  OpDef,
  RuleContext,
  VjpContext,
} from '../ops/types';
import type { Tensor, TensorLike } from '../tensor';

/** A user-defined op's definition (see {@link defineOp}). */
export interface OpDefinition {
  /** Shown in errors, graph exports and the harness (`tensor(…, op=myOp)`). */
  readonly name: string;
  /**
   * The output from the input tensors (plain values: no graph is recorded while it runs), as a
   * Tensor or as `{ data, shape }`. Any computation: deltagrad ops or a loop over `x.data`.
   */
  readonly forward: (...inputs: Tensor[]) => Tensor | Computed;
  /**
   * The vector-Jacobian product: given the upstream gradient `g` (the output's shape), one
   * gradient per input (`null` for none), written with deltagrad ops so it can be
   * differentiated again. A gradient may have the broadcast output shape; it is summed back.
   */
  readonly vjp: (g: Tensor, ctx: VjpContext<Inputs, undefined>) => InputGrads<Inputs>;
  /**
   * The Jacobian-vector product: given one tangent per input (`null` for zero), the output's
   * tangent (or `null`). Left out, it is derived from `vjp` by transposition.
   */
  readonly jvp?: (tangents: InputTangents<Inputs>, ctx: RuleContext<Inputs, undefined>) => Tensor | null;
  /** The batching rule (see `BatchContext`). Left out, `vmap` runs the op once per example. */
  readonly batch?: (ctx: BatchContext<Inputs, undefined>) => Tensor;
}

/** A user-defined op: call it on tensors (or numbers); `def` is the op as the engine sees it. */
export interface UserOp {
  (...inputs: TensorLike[]): Tensor;
  /** The op definition, with the derived rules filled in. */
  readonly def: OpDef<Inputs, undefined>;
}

/**
 * J·t from a VJP rule alone: the VJP is linear in its cotangent u, so ⟨VJP(u), t⟩ is linear in
 * u with gradient J·t. One backward pass through the VJP rule, recorded when an outer
 * derivative needs it.
 */
export function jvpByTransposition<In extends Inputs, A>(
  vjp: (g: Tensor, ctx: VjpContext<In, A>) => InputGrads<In>,
  tangents: InputTangents<In>,
  ctx: RuleContext<In, A>,
): Tensor | null {
  const { inputs, out } = ctx;
  const u = makeTensor(new Float64Array(out.size), out.shape, true);
  // Recorded when an outer derivative needs it: of the inputs, or of the tangents (linearize).
  const outer =
    isGradEnabled() && (inputs.some((x) => x.requiresGrad) || tangents.some((t) => t?.requiresGrad === true));
  const total = withGradMode(true, () => {
    const grads = vjp(u, { ...ctx, needsGrad: inputs.map((_, i) => tangents[i] !== null) });
    let sum: Tensor | null = null;
    grads.forEach((gi, i) => {
      const ti = tangents[i];
      if (gi === null || gi === undefined || ti === null || ti === undefined) return;
      const term = F.sum(F.mul(sumTo(gi, ti.shape), ti));
      sum = sum === null ? term : F.add(sum, term);
    });
    return sum as Tensor | null;
  });
  if (total === null || !total.requiresGrad) return null;
  return gradients(total, [u], undefined, { createGraph: outer })[0]!;
}

/** The batching rule of an op without one: the op once per example, the results stacked. */
export function batchByLoop<In extends Inputs, A>(def: () => OpDef<In, A>, ctx: BatchContext<In, A>): Tensor {
  const { inputs, batched, size, attrs } = ctx;
  const results: Tensor[] = [];
  for (let b = 0; b < size; b++) {
    const example = inputs.map((x, i) =>
      batched[i] ? F.reshape(F.slice(x, [b], [b + 1]), x.shape.slice(1)) : x,
    ) as unknown as In;
    const y = apply(def(), example, attrs);
    results.push(F.reshape(y, [1, ...y.shape]));
  }
  return F.concat(results, 0);
}

function checkComputed(name: string, result: unknown): Computed {
  if (isTensor(result)) return { data: result.values, shape: result.shape };
  const r = result as Partial<Computed> | null;
  if (r !== null && typeof r === 'object' && r.data instanceof Float64Array && Array.isArray(r.shape)) {
    return { data: r.data, shape: r.shape };
  }
  throw new DeltagradError(
    'INVALID_ARGUMENT',
    `${name}: forward must return a Tensor or { data: Float64Array, shape }, got ${describeValue(result)}`,
  );
}

/** The keys of an {@link OpDefinition}. */
const DEFINITION_KEYS = ['name', 'forward', 'vjp', 'jvp', 'batch'] as const;

/**
 * `vjp` with its result checked: an array of one gradient (or `null`) per input. The engine
 * checks each gradient's shape; a gradient too many or too few would otherwise be dropped or
 * read as zero without a word.
 */
function checkedVjp(
  name: string,
  vjp: OpDefinition['vjp'],
): (g: Tensor, ctx: VjpContext<Inputs, undefined>) => InputGrads<Inputs> {
  return (g, ctx) => {
    const grads: unknown = vjp(g, ctx);
    const count = ctx.inputs.length;
    const inputs = `${count} input${count === 1 ? '' : 's'}`;
    if (!Array.isArray(grads)) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `vjp of ${name} returned ${describeValue(grads)}, not an array of one gradient (or null) per input (it has ${inputs})`,
      );
    }
    if (grads.length !== count) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `vjp of ${name} returned ${grads.length} gradient${grads.length === 1 ? '' : 's'} for ${inputs} of shapes ${ctx.inputs.map((x) => fmtShape(x.shape)).join(', ')} (one per input, null for none)`,
      );
    }
    return grads as InputGrads<Inputs>;
  };
}

function checkDefinition(where: string, def: unknown): asserts def is OpDefinition {
  if (def === null || typeof def !== 'object') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: expected { name, forward, vjp }, got ${describeValue(def)}`,
    );
  }
  const d = def as Record<string, unknown>;
  if (typeof d.name !== 'string' || d.name.length === 0) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: name must be a non-empty string, got ${describeValue(d.name)}`,
    );
  }
  for (const key of Object.keys(d)) {
    if (!(DEFINITION_KEYS as readonly string[]).includes(key)) {
      // A misspelt optional rule ("jvpp") would otherwise be derived silently.
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `${where}: op "${d.name}" has an unknown key ${JSON.stringify(key)} (the keys: ${DEFINITION_KEYS.join(', ')})`,
      );
    }
  }
  for (const key of ['forward', 'vjp', 'jvp', 'batch'] as const) {
    const required = key === 'forward' || key === 'vjp';
    if ((required || d[key] !== undefined) && typeof d[key] !== 'function') {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `${where}: ${key} of op "${d.name}" must be a function${required ? '' : ' when given'}, got ${describeValue(d[key])}`,
      );
    }
  }
}

function makeUserOp(definition: OpDefinition): UserOp {
  const { name, forward, jvp, batch } = definition;
  const vjp = checkedVjp(name, definition.vjp);
  const def: OpDef<Inputs, undefined> = {
    name,
    forward: (inputs, _attrs, into) => {
      const computed = checkComputed(
        name,
        withGradMode(false, () => forward(...inputs)),
      );
      if (into === undefined) return computed;
      into.set(computed.data);
      return { data: into, shape: computed.shape };
    },
    vjp,
    jvp: jvp ?? ((tangents, ctx) => jvpByTransposition(vjp, tangents, ctx)),
    batch: batch ?? ((ctx) => batchByLoop(() => def, ctx)),
  };
  const op = (...inputs: TensorLike[]): Tensor => {
    const tensors = inputs.map((x, i) => tensorLikeArg(x, name, `input ${i}`));
    return apply(def, tensors, undefined);
  };
  Object.defineProperty(op, 'def', { value: def, enumerable: true });
  return op as UserOp;
}

/**
 * Defines a primitive op from its forward computation and its vector-Jacobian product, and
 * optionally its JVP and batching rule (derived when left out, see the module's notes). The op
 * is a function of tensors that the engine treats like its own: reverse and forward mode,
 * Hessians, `vmap` and `compile` all apply, and `checkOp` in `@deltagrad/testing` checks its
 * rules against finite differences and against each other.
 *
 * @example
 * ```ts
 * // x³ with its derivative 3x² written with ops, so second derivatives work too
 * const cube = defineOp({
 *   name: 'cube',
 *   forward: (x) => x.mul(x).mul(x),
 *   vjp: (g, { inputs: [x] }) => [g.mul(x.square().mul(3))],
 * });
 * cube(tensor([2])); // tensor([8.])
 * grad((x) => cube(x).sum())(tensor([2])); // [tensor([12.])]
 * ```
 */
export function defineOp(definition: OpDefinition): UserOp {
  checkDefinition('defineOp', definition);
  return makeUserOp(definition);
}

/**
 * Gives the composite function `f` (tensors in, one tensor out) its own VJP `rule`, in place of
 * differentiating through `f`'s ops — JAX's `custom_vjp`, for numerics (a stable formula for
 * the gradient) or to change the gradient on purpose (clipping it). `f` runs without recording
 * a graph; the rule is written with ops, so it can be differentiated again, and forward mode
 * works through it (the JVP is derived from the rule by transposition).
 *
 * @example
 * ```ts
 * // Gradient clipping: the identity forward, its gradient clipped to [-1, 1].
 * const clipGradient = customVjp((x: Tensor) => x, (g) => [g.clamp(-1, 1)]);
 * grad((x) => clipGradient(x).mul(10).sum())(tensor([1, 2])); // [tensor([1., 1.])]
 * ```
 */
export function customVjp<Args extends Tensor[]>(
  f: (...inputs: Args) => Tensor,
  rule: (g: Tensor, ctx: VjpContext<Args, undefined>) => InputGrads<Args>,
): (...inputs: Args) => Tensor {
  checkFunction('customVjp', f);
  if (typeof rule !== 'function') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `customVjp: rule must be a function, got ${describeValue(rule)}`,
    );
  }
  const name = f.name ? `customVjp(${f.name})` : 'customVjp';
  return makeUserOp({
    name,
    forward: (...inputs) => {
      const out: unknown = (f as (...xs: Tensor[]) => unknown)(...inputs);
      if (!isTensor(out)) {
        throw new DeltagradError(
          'INVALID_ARGUMENT',
          `${name}: f must return a Tensor, got ${describeValue(out)}`,
        );
      }
      return out;
    },
    vjp: rule as unknown as OpDefinition['vjp'],
  }) as unknown as (...inputs: Args) => Tensor;
}
