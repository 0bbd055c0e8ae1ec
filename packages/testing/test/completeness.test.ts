import * as core from '@deltagrad/core';
import { opNames } from '@deltagrad/core';
import { allSpecs, fmtShapes, fromNested, planChecks, specCoverage, TINY } from '@deltagrad/testing';
import { describe, expect, it } from 'vitest';

const coverage = specCoverage(allSpecs, opNames, core);

describe('every op has a spec', () => {
  it('every primitive in the op table has a primitive spec', () => {
    expect(
      coverage.missing,
      `ops without a spec: ${coverage.missing.join(', ')} (run pnpm new:op or add a spec)`,
    ).toEqual([]);
  });

  it('every primitive spec names an op of the table', () => {
    expect(
      coverage.unknownPrimitives,
      `specs of unknown primitives: ${coverage.unknownPrimitives.join(', ')}`,
    ).toEqual([]);
  });

  it('every composite spec names a function of the public API', () => {
    expect(
      coverage.unknownComposites,
      `unknown composites: ${coverage.unknownComposites.join(', ')}`,
    ).toEqual([]);
  });

  it('allSpecs has one spec per op, sorted by op name', () => {
    expect(coverage.duplicates, `ops with two specs: ${coverage.duplicates.join(', ')}`).toEqual([]);
    expect(coverage.unsorted, `out of order: ${coverage.unsorted.join(', ')}`).toEqual([]);
  });

  it(`covers all ${opNames.length} primitives`, () => {
    expect(allSpecs.filter((s) => s.kind === 'primitive').length).toBe(opNames.length);
  });
});

describe('every derivative is checked two ways', () => {
  it.each(allSpecs.map((s) => [s.op, s] as const))(
    '%s plans JVP, transpose, Hessian and vmap checks on every shape',
    (_, spec) => {
      const plan = planChecks(spec);
      for (const kind of ['jvp', 'transpose', 'hessian'] as const) {
        expect(plan.filter((c) => c.kind === kind).length, kind).toBe(spec.shapes.length);
      }
      // The op, its VJP and its JVP under vmap on every shape, the last two also with only the
      // cotangent or tangents batched (how jacrev and jacfwd map them).
      const vmapLabels = plan.filter((c) => c.kind === 'vmap').map((c) => c.label);
      for (const shapes of spec.shapes) {
        const text = fmtShapes(shapes);
        for (const label of [
          `vmap ${text}`,
          `vmap of the vjp ${text}`,
          `vmap of the vjp ${text}, cotangent batched`,
          `vmap of the jvp ${text}, tangents batched`,
        ]) {
          expect(vmapLabels).toContain(label);
        }
      }
    },
  );
});

describe('every spec covers the points and shapes the harness needs', () => {
  it.each(allSpecs.map((s) => [s.op, s] as const))('%s has edge cases at 0, ±1e3 and 1e-300', (_, spec) => {
    const values = new Set(
      (spec.edge ?? []).flatMap((c) => c.inputs.flatMap((v) => Array.from(fromNested(v).data))),
    );
    expect([0, 1e3, -1e3, TINY].filter((v) => !values.has(v))).toEqual([]);
  });

  it.each(allSpecs.map((s) => [s.op, s] as const))(
    '%s lists 0-d or broadcast shapes where they apply',
    (_, spec) => {
      const ranks = spec.shapes.flatMap((list) => list.map((s) => s.length));
      const sizeOne = spec.shapes.some((list) => list.some((s) => s.includes(1)));
      const mixed = spec.shapes.some((list) => new Set(list.map((s) => s.join(','))).size > 1);
      // Ops that need at least 2 axes (matmul, transpose) or one (concat, the softmax family) are exempt from 0-d.
      const needsAxes = [
        'concat',
        'matmul',
        'matmulNT',
        'matmulTN',
        'transpose',
        'softmax',
        'logSoftmax',
        'logSumExp',
      ].includes(spec.op);
      expect(needsAxes || ranks.includes(0), 'a 0-d shape').toBe(true);
      expect(sizeOne || mixed, 'a size-1 axis or differing input shapes').toBe(true);
      expect(spec.shapes.length, 'several shapes').toBeGreaterThanOrEqual(3);
    },
  );
});

describe('every differentiable spec states its derivative in closed form', () => {
  it.each(allSpecs.filter((s) => s.differentiable !== false).map((s) => [s.op, s] as const))(
    '%s has derivative, vjpOracle or linear (checked at 1e-12; gradcheck is the second opinion)',
    (_, spec) => {
      const forms = [spec.derivative, spec.vjpOracle, spec.linear].filter((f) => f !== undefined);
      expect(forms.length, 'exactly one closed form').toBe(1);
      if (spec.linear) expect(spec.oracle ?? spec.scalar, 'a linear op needs its oracle').toBeDefined();
    },
  );
});

describe('specCoverage', () => {
  it('names a primitive whose spec is missing', () => {
    const without = allSpecs.filter((s) => s.op !== 'add' && s.op !== 'where');
    expect(specCoverage(without, opNames, core).missing).toEqual(['add', 'where']);
  });

  it('names specs of ops that do not exist, duplicates and disorder', () => {
    const fake = { ...allSpecs[0]!, op: 'nope' };
    const ghost = { ...allSpecs[0]!, op: 'ghost', kind: 'composite' as const };
    const result = specCoverage([...allSpecs, fake, ghost, allSpecs[0]!], opNames, core);
    expect(result.unknownPrimitives).toEqual(['nope']);
    expect(result.unknownComposites).toEqual(['ghost']);
    expect(result.duplicates).toEqual([allSpecs[0]!.op]);
    expect(result.unsorted).toEqual(['nope', 'ghost', allSpecs[0]!.op]);
  });
});
