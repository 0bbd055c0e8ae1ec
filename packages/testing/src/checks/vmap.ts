import { jvp, type Tensor, tensor, vjp, vmap } from '@deltagrad/core';
import type { RandomGenerator } from '@deltagrad/random';
import { fmtShape, unravel } from '../dense';
import type { CheckResult } from '../report';
import { runCheck } from './result';

/** Stacks tensors of one shape along a new leading axis. */
function stack(ts: readonly Tensor[]): Tensor {
  const first = ts[0]!;
  const data = new Float64Array(ts.length * first.size);
  ts.forEach((t, b) => {
    data.set(t.data, b * first.size);
  });
  return tensor(data, { shape: [ts.length, ...first.shape] });
}

/** The first element where `actual` and `expected` are not the same bits (NaN equals NaN), or null. */
function firstDifference(actual: Tensor, expected: Tensor): string | null {
  if (actual.shape.length !== expected.shape.length || actual.shape.some((d, i) => d !== expected.shape[i])) {
    return `shape ${fmtShape(actual.shape)}, the loop's ${fmtShape(expected.shape)}`;
  }
  for (let k = 0; k < expected.size; k++) {
    const a = actual.data[k]!;
    const e = expected.data[k]!;
    if (!Object.is(a, e)) {
      return `element ${fmtShape(unravel(k, expected.shape))}: vmap ${a}, loop ${e}`;
    }
  }
  return null;
}

/**
 * How a vmap check maps the op: the forward, its VJP (per-example gradients; the upstream
 * gradient is batched) or its JVP (the tangents are batched).
 */
export type VmapTarget = 'forward' | 'vjp' | 'jvp';

/**
 * Which of the op's inputs carry the batch: all, input 0 alone (the others are example 0's for
 * every example, `inAxes` [0, null, …]) or none (the inputs are example 0's; only the upstream
 * gradient or the tangents are batched — how `jacrev` and `jacfwd` map one backward pass or one
 * `jvp` over a basis).
 */
export type VmapInputs = 'all' | 'first' | 'none';

/** Random values of `like`'s shape, drawn from `rng`. */
function normalLike(like: Tensor, rng: RandomGenerator): Tensor {
  return tensor(
    Float64Array.from({ length: like.size }, () => rng.normal()),
    { shape: like.shape },
  );
}

/**
 * Checks the op's batching rules: `vmap` of the op, of its VJP (with one random upstream
 * gradient per example, drawn from `rng`: per-example gradients) or of its JVP (one random
 * tangent per example, for one input at a time as `jacfwd` maps it, the others' tangents zero)
 * over `examples` (each a list of inputs) against a loop calling it on each example, bit for bit.
 */
export function checkVmap(
  call: (...inputs: Tensor[]) => Tensor,
  examples: readonly (readonly Tensor[])[],
  rng: RandomGenerator,
  label: string,
  opts: { readonly target: VmapTarget; readonly inputs: VmapInputs },
): CheckResult {
  return runCheck('vmap', label, () => {
    const arity = examples[0]!.length;
    const batchedInput = (i: number) => opts.inputs === 'all' || (opts.inputs === 'first' && i === 0);
    const exampleInputs = (b: number) => examples[b]!.map((x, i) => (batchedInput(i) ? x : examples[0]![i]!));
    const inAxes = examples[0]!.map((_, i) => (batchedInput(i) ? 0 : null));
    const args = examples[0]!.map((x, i) => (batchedInput(i) ? stack(examples.map((e) => e[i]!)) : x));
    let mapped: Tensor[];
    let looped: Tensor[][];
    if (opts.target === 'forward') {
      mapped = [vmap((...xs: Tensor[]) => call(...xs), inAxes)(...args)];
      looped = examples.map((_, b) => [call(...exampleInputs(b))]);
    } else if (opts.target === 'vjp') {
      const pullback = (...xs: Tensor[]) => vjp(call, ...xs.slice(0, arity)).vjp(xs[arity]!);
      const upstream = examples.map((_, b) => normalLike(call(...exampleInputs(b)), rng));
      mapped = vmap(pullback, [...inAxes, 0])(...args, stack(upstream)) as Tensor[];
      looped = examples.map((_, b) => pullback(...exampleInputs(b), upstream[b]!));
    } else {
      // One output tangent per input: the op's JVP with only that input perturbed.
      const pushforward = (...xs: Tensor[]) =>
        xs.slice(arity).map((t, i) => {
          const alone = (x: Tensor) => call(...xs.slice(0, arity).map((y, j) => (j === i ? x : y)));
          return jvp(alone, [xs[i]!], [t])[1];
        });
      const tangents = examples.map((_, b) => exampleInputs(b).map((x) => normalLike(x, rng)));
      const tangentAxes = examples[0]!.map(() => 0);
      mapped = vmap(pushforward, [...inAxes, ...tangentAxes])(
        ...args,
        ...examples[0]!.map((_, i) => stack(tangents.map((t) => t[i]!))),
      );
      looped = examples.map((_, b) => pushforward(...exampleInputs(b), ...tangents[b]!));
    }
    let compared = 0;
    for (let i = 0; i < mapped.length; i++) {
      const expected = stack(looped.map((l) => l[i]!));
      const difference = firstDifference(mapped[i]!, expected);
      compared += expected.size;
      if (difference !== null) {
        const what =
          opts.target === 'forward'
            ? 'output'
            : opts.target === 'vjp'
              ? `gradient of input ${i}`
              : `tangent of the output for input ${i}`;
        return { ok: false, maxError: Number.POSITIVE_INFINITY, compared, message: `${what}: ${difference}` };
      }
    }
    return { ok: true, maxError: 0, compared };
  });
}
