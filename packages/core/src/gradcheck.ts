import { createRandom, type RandomGenerator } from '@deltagrad/random';
import { vjp } from './autodiff';
import { noGrad } from './engine';
import { DeltagradError, describeValue, fmtShape } from './errors';
import { concat, reshape } from './functional';
import { stridesOf } from './shape';
import { Tensor } from './tensor';
import { jvpFlat } from './transform/forward';

/** Options of {@link gradcheck} and {@link gradgradcheck}. */
export interface GradcheckOptions {
  /** Step of the central differences (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance, against the numerical value (default 1e-3). */
  rtol?: number;
  /**
   * Compare one random projection vᵀJu instead of the whole Jacobian: one backward pass and
   * two forward passes in all, for large inputs (PyTorch's fast_mode). Default false.
   */
  fast?: boolean;
  /**
   * Which mode computes the analytic derivatives: `'reverse'` (VJPs, one backward pass per
   * output element; the default) or `'forward'` (JVPs, one forward pass per input element), as
   * JAX's `check_grads` modes. Both are compared against the same finite differences.
   */
  mode?: 'reverse' | 'forward';
  /** Source of the random projections (default `createRandom(0)`). */
  rng?: RandomGenerator;
  /** Throw a `GRADCHECK_FAILED` error on failure (default true); otherwise return the result. */
  raise?: boolean;
}

/** Where analytic and numerical derivatives disagreed. */
export interface GradcheckFailure {
  /** Index of the input in the `inputs` array. */
  input: number;
  /** Multi-index of the input element (empty in fast mode: a projection has no element). */
  element: number[];
  /** Multi-index of the output element. */
  outputElement: number[];
  analytic: number;
  numeric: number;
}

/** What {@link gradcheck} found. */
export interface GradcheckResult {
  ok: boolean;
  /** Number of derivative entries compared. */
  compared: number;
  maxAbsError: number;
  failure: GradcheckFailure | null;
}

/**
 * Validates the arguments of gradcheck and gradgradcheck: a function, an array of tensors, a
 * positive finite step and non-negative tolerances. Returns the step and tolerances in force.
 */
function checkOptions(
  where: string,
  fn: unknown,
  inputs: unknown,
  opts: unknown,
): { eps: number; atol: number; rtol: number; mode: 'reverse' | 'forward' } {
  if (typeof fn !== 'function') {
    throw new DeltagradError('INVALID_ARGUMENT', `${where}: fn must be a function, got ${describeValue(fn)}`);
  }
  if (!Array.isArray(inputs)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: inputs must be an array of Tensors, got ${describeValue(inputs)}`,
    );
  }
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor)) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `${where}: inputs[${i}] must be a Tensor, got ${describeValue(t)}`,
      );
    }
  });
  if (opts === null || typeof opts !== 'object') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: options must be an object, got ${describeValue(opts)}`,
    );
  }
  const o = opts as GradcheckOptions;
  const option = (name: 'eps' | 'atol' | 'rtol', fallback: number, positive: boolean): number => {
    const v: unknown = o[name] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (positive && v === 0)) {
      const shown = typeof v === 'number' ? String(v) : describeValue(v).replace(/^the string /, '');
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `${where}: ${name} must be a ${positive ? 'positive' : 'non-negative'} finite number, got ${shown}`,
      );
    }
    return v;
  };
  return {
    eps: option('eps', 1e-6, true),
    atol: option('atol', 1e-5, false),
    rtol: option('rtol', 1e-3, false),
    mode: modeOption(where, o.mode),
  };
}

function modeOption(where: string, mode: unknown): 'reverse' | 'forward' {
  if (mode === undefined || mode === 'reverse' || mode === 'forward') return mode ?? 'reverse';
  throw new DeltagradError(
    'INVALID_ARGUMENT',
    `${where}: mode must be 'reverse' or 'forward', got ${describeValue(mode)}`,
  );
}

function unravel(flat: number, shape: readonly number[]): number[] {
  return stridesOf(shape).map((s, i) => Math.floor(flat / s) % shape[i]!);
}

function evaluate(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[]): Float64Array {
  return noGrad(() => fn(...inputs)).values;
}

function withValues(inputs: readonly Tensor[], i: number, data: Float64Array): Tensor[] {
  return inputs.map((t, k) => (k === i ? new Tensor(data, t.shape) : t.detach()));
}

/**
 * Checks the engine's gradients of `fn` against central finite differences in float64, for
 * every input: element by element (the full Jacobian, one backward pass per output element,
 * or with `mode: 'forward'` one JVP per input element) or, with `fast`, through one random
 * projection. A failure names the input, the element and
 * both values.
 *
 * @example
 * ```ts
 * gradcheck((x, w) => x.matmul(w).sigmoid(), [randn([3, 2], rng), randn([2, 4], rng)]);
 * ```
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  opts: GradcheckOptions = {},
): GradcheckResult {
  const { eps, atol, rtol, mode } = checkOptions('gradcheck', fn, inputs, opts);
  const consts = inputs.map((t) => t.detach());
  const probe: unknown = noGrad(() => fn(...consts));
  if (!(probe instanceof Tensor)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `gradcheck: fn must return a Tensor, got ${describeValue(probe)}`,
    );
  }
  const { out, vjp: pullback } = vjp(fn, ...consts);
  const result: GradcheckResult = { ok: true, compared: 0, maxAbsError: 0, failure: null };
  const compare = (
    analytic: number,
    numeric: number,
    failure: Omit<GradcheckFailure, 'analytic' | 'numeric'>,
  ) => {
    result.compared++;
    const err = Math.abs(analytic - numeric);
    const bothNonFinite = !Number.isFinite(analytic) && Object.is(analytic, numeric);
    if (!bothNonFinite) result.maxAbsError = Math.max(result.maxAbsError, Number.isNaN(err) ? Infinity : err);
    if (result.ok && !bothNonFinite && !(err <= atol + rtol * Math.abs(numeric))) {
      result.ok = false;
      result.failure = { ...failure, analytic, numeric };
    }
  };

  if (opts.fast) {
    const rng = opts.rng ?? createRandom(0);
    const v = new Tensor(
      Float64Array.from({ length: out.size }, () => rng.normal()),
      out.shape,
    );
    const us = consts.map((t) => Float64Array.from({ length: t.size }, () => rng.normal()));
    let analytic = 0;
    if (mode === 'forward') {
      // vᵀ(J·u) from one JVP.
      const tangents = us.map((u, i) => new Tensor(u, consts[i]!.shape));
      const [, [ju]] = jvpFlat((xs) => [fn(...xs)], consts, tangents);
      for (let j = 0; j < ju!.size; j++) analytic += v.values[j]! * ju!.values[j]!;
    } else {
      // (vᵀJ)·u from one VJP.
      pullback(v).forEach((g, i) => {
        for (let k = 0; k < g.size; k++) analytic += g.values[k]! * us[i]![k]!;
      });
    }
    const shifted = (sign: number) => {
      const moved = consts.map(
        (t, i) =>
          new Tensor(
            t.values.map((x, k) => x + sign * eps * us[i]![k]!),
            t.shape,
          ),
      );
      const f = evaluate(fn, moved);
      let dot = 0;
      for (let j = 0; j < f.length; j++) dot += f[j]! * v.values[j]!;
      return dot;
    };
    compare(analytic, (shifted(1) - shifted(-1)) / (2 * eps), { input: -1, element: [], outputElement: [] });
  } else {
    const entry = mode === 'forward' ? jacobianByColumns(fn, consts) : jacobianByRows(pullback, out);
    consts.forEach((t, i) => {
      for (let k = 0; k < t.size; k++) {
        const plus = new Float64Array(t.values);
        const minus = new Float64Array(t.values);
        plus[k]! += eps;
        minus[k]! -= eps;
        const fp = evaluate(fn, withValues(consts, i, plus));
        const fm = evaluate(fn, withValues(consts, i, minus));
        for (let j = 0; j < out.size; j++) {
          compare(entry(j, i, k), (fp[j]! - fm[j]!) / (2 * eps), {
            input: i,
            element: unravel(k, t.shape),
            outputElement: unravel(j, out.shape),
          });
        }
      }
    });
  }

  if (!result.ok && (opts.raise ?? true)) {
    const f = result.failure!;
    const where =
      f.input < 0
        ? 'the random projection vᵀJu (fast mode)'
        : `input ${f.input} (shape ${fmtShape(consts[f.input]!.shape)}) element [${f.element.join(', ')}], output element [${f.outputElement.join(', ')}]`;
    throw new DeltagradError(
      'GRADCHECK_FAILED',
      `gradcheck: Jacobian mismatch at ${where}: analytic ${f.analytic}, numeric ${f.numeric} (|Δ| = ${Math.abs(f.analytic - f.numeric)}, allowed ${atol} + ${rtol}·|numeric|)`,
    );
  }
  return result;
}

/** J[j][i][k] = ∂out[j]/∂inputs[i][k], one row per output element: e_jᵀJ from a VJP each. */
function jacobianByRows(
  pullback: (cotangent: Tensor) => Tensor[],
  out: Tensor,
): (j: number, i: number, k: number) => number {
  const rows: Float64Array[][] = [];
  for (let j = 0; j < out.size; j++) {
    const seed = new Float64Array(out.size);
    seed[j] = 1;
    rows.push(pullback(new Tensor(seed, out.shape)).map((g) => g.values));
  }
  return (j, i, k) => rows[j]![i]![k]!;
}

/** J[j][i][k], one column per input element: J·e_k from a JVP each. */
function jacobianByColumns(
  fn: (...inputs: Tensor[]) => Tensor,
  consts: readonly Tensor[],
): (j: number, i: number, k: number) => number {
  const columns = consts.map((t, i) =>
    Array.from({ length: t.size }, (_, k) => {
      const e = new Float64Array(t.size);
      e[k] = 1;
      const tangents = consts.map((_, m) => (m === i ? new Tensor(e, t.shape) : null));
      return jvpFlat((xs) => [fn(...xs)], consts, tangents)[1][0]!.values;
    }),
  );
  return (j, i, k) => columns[i]![k]![j]!;
}

/**
 * Checks second derivatives: gradcheck of the map (inputs, v) ↦ vᵀJ(inputs), where the VJP is
 * computed by the engine with `createGraph` (PyTorch's gradgradcheck). `v` is a fixed random
 * cotangent of the output's shape.
 */
export function gradgradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  opts: GradcheckOptions = {},
): GradcheckResult {
  checkOptions('gradgradcheck', fn, inputs, opts);
  const rng = opts.rng ?? createRandom(1);
  const outShape = evaluateShape(fn, inputs);
  const v = new Tensor(
    Float64Array.from({ length: outShape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
    outShape,
  );
  const firstOrder = (...args: Tensor[]): Tensor => {
    const cotangent = args[args.length - 1]!;
    const grads = vjp(fn, ...args.slice(0, -1)).vjp(cotangent);
    return concat(grads.map((g) => reshape(g, [-1])));
  };
  return gradcheck(firstOrder, [...inputs, v], opts);
}

function evaluateShape(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[]): number[] {
  const out = noGrad(() => fn(...inputs.map((t) => t.detach())));
  if (!(out instanceof Tensor))
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `gradgradcheck: fn must return a Tensor, got ${describeValue(out)}`,
    );
  return [...out.shape];
}
