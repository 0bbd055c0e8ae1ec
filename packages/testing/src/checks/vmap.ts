import { type Tensor, tensor, vjp, vmap } from '@deltagrad/core';
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

/** How a vmap check maps the op: the forward, or its VJP (per-example gradients). */
export type VmapTarget = 'forward' | 'vjp';

/**
 * Checks the op's batching rules: `vmap` of the op (or of its VJP, with one random upstream
 * gradient per example, drawn from `rng`: per-example gradients) over `examples` (each a list
 * of inputs) against a loop calling it on each example, bit for bit. With `shared`, only input 0 is batched and the
 * others are example 0's for every example (`inAxes` [0, null, …]).
 */
export function checkVmap(
  call: (...inputs: Tensor[]) => Tensor,
  examples: readonly (readonly Tensor[])[],
  rng: RandomGenerator,
  label: string,
  opts: { readonly target: VmapTarget; readonly shared: boolean },
): CheckResult {
  return runCheck('vmap', label, () => {
    const arity = examples[0]!.length;
    const batchedInput = (i: number) => !opts.shared || i === 0;
    const exampleInputs = (b: number) => examples[b]!.map((x, i) => (batchedInput(i) ? x : examples[0]![i]!));
    const inAxes = examples[0]!.map((_, i) => (batchedInput(i) ? 0 : null));
    const args = examples[0]!.map((x, i) => (batchedInput(i) ? stack(examples.map((e) => e[i]!)) : x));
    let mapped: Tensor[];
    let looped: Tensor[][];
    if (opts.target === 'forward') {
      mapped = [vmap((...xs: Tensor[]) => call(...xs), inAxes)(...args)];
      looped = examples.map((_, b) => [call(...exampleInputs(b))]);
    } else {
      const pullback = (...xs: Tensor[]) => vjp(call, ...xs.slice(0, arity)).vjp(xs[arity]!);
      const upstream = examples.map((_, b) => {
        const { shape, size } = call(...exampleInputs(b));
        return tensor(
          Float64Array.from({ length: size }, () => rng.normal()),
          { shape },
        );
      });
      mapped = vmap(pullback, [...inAxes, 0])(...args, stack(upstream)) as Tensor[];
      looped = examples.map((_, b) => pullback(...exampleInputs(b), upstream[b]!));
    }
    let compared = 0;
    for (let i = 0; i < mapped.length; i++) {
      const expected = stack(looped.map((l) => l[i]!));
      const difference = firstDifference(mapped[i]!, expected);
      compared += expected.size;
      if (difference !== null) {
        const what = opts.target === 'forward' ? 'output' : `gradient of input ${i}`;
        return { ok: false, maxError: Number.POSITIVE_INFINITY, compared, message: `${what}: ${difference}` };
      }
    }
    return { ok: true, maxError: 0, compared };
  });
}
