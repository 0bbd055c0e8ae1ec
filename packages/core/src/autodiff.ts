import { gradients } from './backward';
import { makeTensor, shareValues } from './construct';
import { isGradEnabled, withGradMode } from './engine';
import { DeltagradError, describeValue, fmtShape } from './errors';
import { Tensor, type TensorLike } from './tensor';

/** A function of tensors to a tensor: what `grad`, `valueAndGrad` and `vjp` differentiate. */
export type TensorFn<Args extends Tensor[]> = (...args: Args) => Tensor;

/** One gradient per argument, in argument order. */
export type Grads<Args extends Tensor[]> = { [K in keyof Args]: Tensor };

/**
 * Makes each argument a differentiation target: a fresh leaf for constants, or the tensor
 * itself when it is already part of an outer graph (so `grad(grad(f))` works).
 */
function targetsOf(where: string, args: readonly Tensor[]): Tensor[] {
  args.forEach((a, i) => {
    if (!(a instanceof Tensor)) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `${where}: argument ${i} must be a Tensor, got ${describeValue(a)}`,
      );
    }
  });
  return args.map((a) => (a.requiresGrad && isGradEnabled() ? a : shareValues(a, a.shape, true)));
}

/** Throws unless `f` is a function. */
function checkFunction(where: string, f: unknown): void {
  if (typeof f !== 'function') {
    throw new DeltagradError('INVALID_ARGUMENT', `${where}: f must be a function, got ${describeValue(f)}`);
  }
}

/** Throws unless what `f` returned is a Tensor. */
function checkResult(where: string, value: unknown): asserts value is Tensor {
  if (!(value instanceof Tensor)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: f must return a Tensor, got ${describeValue(value)}`,
    );
  }
}

/** Higher-order use: record the backward pass when some argument belongs to an outer graph. */
function needsCreateGraph(args: readonly Tensor[]): boolean {
  return isGradEnabled() && args.some((a) => a.requiresGrad);
}

/**
 * The value of `f` and its gradient with respect to every argument. `f` must return a
 * one-element tensor. Nothing is written to `.grad`.
 *
 * @example
 * ```ts
 * const [value, [dx]] = valueAndGrad((x: Tensor) => x.mul(x).sum())(tensor([1, 2, 3]));
 * // value: 14, dx: [2, 4, 6]
 * ```
 */
export function valueAndGrad<Args extends Tensor[]>(
  f: TensorFn<Args>,
): (...args: Args) => [Tensor, Grads<Args>] {
  checkFunction('grad', f);
  return (...args: Args) => {
    const targets = targetsOf('grad', args);
    const createGraph = needsCreateGraph(args);
    const value: unknown = withGradMode(true, () => f(...(targets as Args)));
    checkResult('grad', value);
    if (value.size !== 1) {
      throw new DeltagradError(
        'NON_SCALAR_OUTPUT',
        `grad: the function returned shape ${fmtShape(value.shape)}, not a scalar — reduce it (.sum() or .mean()) or use vjp() with a cotangent`,
      );
    }
    if (!value.requiresGrad) {
      return [value, targets.map((t) => makeTensor(new Float64Array(t.size), t.shape)) as Grads<Args>];
    }
    const grads = gradients(value, targets, undefined, { createGraph });
    return [createGraph ? value : value.detach(), grads as Grads<Args>];
  };
}

/**
 * The gradient of scalar-valued `f` with respect to every argument (JAX's `grad` with all
 * argnums). Compose it for higher derivatives: `grad((x) => grad(f)(x)[0].sum())`.
 *
 * @example
 * ```ts
 * const [dx] = grad((x: Tensor) => x.pow(3).sum())(tensor([2])); // [12]
 * ```
 */
export function grad<Args extends Tensor[]>(f: TensorFn<Args>): (...args: Args) => Grads<Args> {
  checkFunction('grad', f);
  const vg = valueAndGrad(f);
  return (...args: Args) => vg(...args)[1];
}

/**
 * Evaluates `f` at `primals` and returns its output with a function that maps a cotangent v
 * (shape of the output) to vᵀJ for each argument — JAX's `vjp`.
 *
 * @example
 * ```ts
 * const { out, vjp: pullback } = vjp((x: Tensor) => x.mul(2), tensor([1, 2]));
 * pullback(tensor([1, 1])); // [[2, 2]]
 * ```
 */
export function vjp<Args extends Tensor[]>(
  f: TensorFn<Args>,
  ...primals: Args
): { out: Tensor; vjp: (cotangent: TensorLike) => Grads<Args> } {
  checkFunction('vjp', f);
  const targets = targetsOf('vjp', primals);
  const createGraph = needsCreateGraph(primals);
  const out: unknown = withGradMode(true, () => f(...(targets as Args)));
  checkResult('vjp', out);
  return {
    out: createGraph ? out : out.detach(),
    vjp: (cotangent) => {
      if (!out.requiresGrad)
        return targets.map((t) => makeTensor(new Float64Array(t.size), t.shape)) as Grads<Args>;
      return gradients(out, targets, cotangent, { createGraph, retainGraph: true }) as Grads<Args>;
    },
  };
}
