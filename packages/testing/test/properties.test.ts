import { grad, gradcheck, gradgradcheck, mul, permute, sum, type Tensor, tensor, vjp } from '@deltagrad/core';
import { createRandom } from '@deltagrad/random';
import {
  allSpecs,
  broadcastPairArb,
  checkOp,
  compositionArb,
  evalExpr,
  fmtShapes,
  type OpSpec,
  shapeArb,
  showExpr,
  tensorArb,
} from '@deltagrad/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Fixed seeds: the same cases on every run and every machine. */
const SEED = 42;

function describeFailure(result: ReturnType<typeof gradcheck>): string {
  const f = result.failure;
  return f
    ? `input ${f.input} element [${f.element.join(', ')}]: analytic ${f.analytic}, numeric ${f.numeric}`
    : 'ok';
}

describe('random compositions of ops (fast-check)', () => {
  it('engine gradients match central finite differences (depth 1–4, broadcast inputs)', () => {
    fc.assert(
      fc.property(compositionArb(), ({ expr, inputs }) => {
        const f = (...xs: Tensor[]) => evalExpr(expr, xs);
        const result = gradcheck(f, inputs, { raise: false });
        expect(
          result.ok,
          `${showExpr(expr)} on ${fmtShapes(inputs.map((t) => t.shape))}: ${describeFailure(result)}`,
        ).toBe(true);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('second derivatives match finite differences of the engine gradients (depth 1–3)', () => {
    fc.assert(
      fc.property(compositionArb({ max: 3 }, { maxRank: 2 }), ({ expr, inputs }) => {
        const f = (...xs: Tensor[]) => evalExpr(expr, xs);
        const result = gradgradcheck(f, inputs, { raise: false });
        expect(result.ok, `${showExpr(expr)}: ${describeFailure(result)}`).toBe(true);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('vjp, grad and backward() give the same gradients', () => {
    fc.assert(
      fc.property(compositionArb(), fc.integer({ min: 0, max: 2 ** 31 }), ({ expr, inputs }, seed) => {
        const f = (...xs: Tensor[]) => evalExpr(expr, xs);
        const { out, vjp: pullback } = vjp(f, ...inputs);
        const rng = createRandom(seed);
        const w = tensor(
          Float64Array.from({ length: out.size }, () => rng.normal()),
          { shape: out.shape },
        );
        const fromVjp = pullback(w);
        const fromGrad = grad((...xs: Tensor[]) => sum(mul(f(...xs), w)))(...inputs);
        const leaves = inputs.map((t) => tensor(t.data, { shape: t.shape, requiresGrad: true }));
        const y = f(...leaves);
        if (y.requiresGrad) y.backward(w);
        for (const [i, g] of fromVjp.entries()) {
          const viaGrad = fromGrad[i]!.toArray();
          const viaBackward = leaves[i]!.grad?.toArray() ?? new Array<number>(g.size).fill(0);
          g.toArray().forEach((v, k) => {
            const scale = 1e-12 * Math.max(1, Math.abs(v));
            expect(
              Math.abs(viaGrad[k]! - v),
              `${showExpr(expr)}: grad vs vjp, input ${i}`,
            ).toBeLessThanOrEqual(scale);
            expect(
              Math.abs(viaBackward[k]! - v),
              `${showExpr(expr)}: backward vs vjp, input ${i}`,
            ).toBeLessThanOrEqual(scale);
          });
        }
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});

const elementwise = (arity: number) =>
  allSpecs.filter((s) => s.scalar !== undefined && s.shapes[0]!.length === arity);

/** The spec on other shapes, without its fixed cases: the generic checks only. */
const onShapes = (spec: OpSpec, shapes: number[][]): OpSpec => ({
  ...spec,
  shapes: [shapes],
  reference: [],
  edge: [],
});

describe('element-wise specs on random shapes (fast-check)', () => {
  it('binary ops broadcast any compatible pair: forward, gradients and their shapes', () => {
    const specs = elementwise(2);
    expect(specs.map((s) => s.op)).toEqual(expect.arrayContaining(['add', 'div', 'maximum', 'pow']));
    fc.assert(
      fc.property(fc.constantFrom(...specs), broadcastPairArb(), fc.nat(), (spec, pair, seed) => {
        const report = checkOp(onShapes(spec, pair), { seed });
        const failed = report.checks.filter((c) => !c.ok);
        expect(failed.map((c) => `${spec.op} ${c.label}: ${c.message}`)).toEqual([]);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('unary ops on any shape: forward, gradients and their shapes', () => {
    const specs = elementwise(1);
    expect(specs.length).toBeGreaterThanOrEqual(12);
    fc.assert(
      fc.property(fc.constantFrom(...specs), shapeArb({ maxRank: 4 }), fc.nat(), (spec, shape, seed) => {
        const report = checkOp(onShapes(spec, [shape]), {
          seed,
          kinds: ['forward', 'gradcheck', 'gradShape'],
        });
        const failed = report.checks.filter((c) => !c.ok);
        expect(failed.map((c) => `${spec.op} ${c.label}: ${c.message}`)).toEqual([]);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe('layout ops on random shapes (fast-check)', () => {
  const permuted = shapeArb({ maxRank: 4 }).chain((shape) =>
    fc.tuple(
      tensorArb(shape),
      fc.shuffledSubarray([...shape.keys()], { minLength: shape.length, maxLength: shape.length }),
    ),
  );

  it('permute by any permutation: gradcheck, and the inverse permutation restores the input', () => {
    fc.assert(
      fc.property(permuted, ([x, axes]) => {
        const inverse = axes.map((_, i) => axes.indexOf(i));
        expect(permute(permute(x, axes), inverse).toArray()).toEqual(x.toArray());
        const result = gradcheck((t) => permute(t, axes), [x], { raise: false });
        expect(result.ok, `axes [${axes.join(', ')}]: ${describeFailure(result)}`).toBe(true);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});
