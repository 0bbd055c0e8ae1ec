import { DeltagradError, exp, grad, mul, opTable, sum, type Tensor, tensor } from '@deltagrad/core';
import {
  allSpecs,
  checkOp,
  compareValues,
  defineSpec,
  failureError,
  formatReportTable,
  fromNested,
  type OpSpec,
  planChecks,
  specFor,
  UNARY_SHAPES,
} from '@deltagrad/testing';
import { afterEach, describe, expect, it } from 'vitest';

/** x², with a hook on the product that changes the gradient flowing back from it. */
function squareWithHook(hook: (g: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (x) => {
    const y = mul(x, x);
    if (y.requiresGrad) y.registerHook(hook);
    return y;
  };
}

const base = {
  op: 'brokenSquare',
  kind: 'composite',
  shapes: [[[2, 3]]],
  domain: 'positive',
  secondOrder: true,
  scalar: (x: number) => x * x,
} as const;

function failedChecks(spec: OpSpec) {
  return checkOp(spec).checks.filter((c) => !c.ok);
}

describe('the harness catches broken ops', () => {
  it('a doubled derivative fails gradcheck, naming the input and element', () => {
    const spec = defineSpec({ ...base, call: squareWithHook((g) => mul(g, 2)) });
    const report = checkOp(spec);
    expect(report.ok).toBe(false);
    const check = report.checks.find((c) => c.label === 'gradcheck [2, 3]')!;
    expect(check.ok).toBe(false);
    expect(check.failure).toMatchObject({ input: 0, element: [0, 0], outputElement: [0, 0] });
    expect(check.failure!.analytic).toBeCloseTo(2 * check.failure!.numeric, 6);
    expect(check.message).toContain('input 0 element [0, 0], output element [0, 0]');
    // The forward is right, so forward and edge checks still pass.
    expect(report.checks.find((c) => c.kind === 'forward')!.ok).toBe(true);
  });

  it('a wrong derivative of the second input names input 1', () => {
    const spec = defineSpec({
      op: 'brokenMul',
      kind: 'composite',
      call: (a, b) => {
        const scaled = mul(b!, 1);
        if (scaled.requiresGrad) scaled.registerHook((g) => mul(g, -1));
        return mul(a!, scaled);
      },
      shapes: [[[3], [2, 3]]],
      domain: 'positive',
      secondOrder: false,
    });
    const check = checkOp(spec).checks.find((c) => c.kind === 'gradcheck')!;
    expect(check.ok).toBe(false);
    expect(check.failure).toMatchObject({ input: 1, element: [0, 0] });
  });

  it('a detached factor (a missing gradient path) fails gradcheck', () => {
    const spec = defineSpec({ ...base, call: (x) => mul(x.detach(), x) });
    expect(failedChecks(spec).map((c) => c.kind)).toContain('gradcheck');
  });

  it('a gradient that is not differentiable in the cotangent fails gradgradcheck only', () => {
    const spec = defineSpec({ ...base, call: squareWithHook((g) => g.detach()) });
    const failed = failedChecks(spec);
    expect(failed.map((c) => c.kind)).toEqual(['gradgradcheck']);
    expect(failed[0]!.message).toContain('the cotangent v');
  });

  it('a non-zero gradient for a zero upstream gradient fails the zero-upstream check', () => {
    const spec = defineSpec({ ...base, secondOrder: false, call: squareWithHook((g) => g.add(1)) });
    const zero = checkOp(spec).checks.find((c) => c.kind === 'zeroUpstream')!;
    expect(zero.ok).toBe(false);
    expect(zero.message).toMatch(/^gradient of input 0 element \[0, 0\] is [\d.]+, expected 0$/);
  });

  it('a gradient of the wrong shape fails the gradient-shape check', () => {
    const spec = defineSpec({
      ...base,
      secondOrder: false,
      call: (x) => {
        if (x.requiresGrad) x.registerHook((g) => sum(g));
        return mul(x, x);
      },
    });
    const check = checkOp(spec).checks.find((c) => c.kind === 'gradShape')!;
    expect(check.ok).toBe(false);
    // The engine itself refuses the hook's result, naming it and both shapes.
    expect(check.message).toMatch(
      /^threw DeltagradError: backward\(\): hook 0 of tensor #\d+ returned a gradient of shape \[\], not \[2, 3\]/,
    );
  });

  it('a wrong forward fails against the scalar reference', () => {
    const spec = defineSpec({
      ...base,
      op: 'offByOne',
      call: (x) => exp(x),
      scalar: (x) => Math.exp(x) + 1e-9,
    });
    const check = checkOp(spec).checks.find((c) => c.kind === 'forward')!;
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/^element \[0, 0\]: got .*, expected /);
  });

  it('edge points are NaN-aware: NaN matches NaN, and a NaN where 0 is expected fails', () => {
    const spec = defineSpec({
      ...base,
      op: 'edgy',
      call: (x) => x.log(),
      edge: [
        { name: 'NaN expected', inputs: [-1], expected: NaN },
        { name: 'Infinity expected', inputs: [0], expected: -Infinity, grads: [Infinity] },
        { name: 'wrong: 0 expected', inputs: [-1], expected: 0 },
      ],
    });
    const edges = checkOp(spec).checks.filter((c) => c.kind === 'edge');
    expect(edges.map((c) => c.ok)).toEqual([true, true, false]);
    expect(edges[2]!.message).toBe('output element []: got NaN, expected 0');
  });

  it('a call that throws becomes a failed check with the error, not a crash', () => {
    const spec = defineSpec({ ...base, op: 'throws', shapes: [[[2, 3]]], call: (x) => x.matmul(x) });
    const failed = failedChecks(spec);
    expect(failed.length).toBe(checkOp(spec).checks.length);
    expect(failed[0]!.message).toMatch(/^threw DeltagradError: matmul: \[2, 3\] @ \[2, 3\]/);
  });
});

// The three defects below passed every check of the harness before it grew the checks that
// catch them. Each is injected by patching one op of core's table, restored after the test.
describe('the harness catches VJP defects finite differences cannot see', () => {
  const saved = { mul: { ...opTable.mul }, pow: { ...opTable.pow }, neg: { ...opTable.neg } };
  afterEach(() => {
    opTable.mul.vjp = saved.mul.vjp;
    opTable.pow.vjp = saved.pow.vjp;
    opTable.neg.forward = saved.neg.forward;
  });

  it('a VJP that zeroes its upstream gradient after use fails the mutation checks, naming the op and the buffer (regression: grad(a => a·2 + a·3) gave 3)', () => {
    opTable.mul.vjp = (g, ctx) => {
      const grads = saved.mul.vjp(g, ctx);
      g.data.fill(0);
      return grads;
    };
    // The bug it hides: a·2 + a·3 hands one upstream gradient to two muls; one sees zeros.
    const [da] = grad((a: Tensor) => a.mul(2).add(a.mul(3)).sum())(tensor([1]));
    expect([2, 3]).toContain(da.item());
    const failed = checkOp(specFor('mul')!).checks.filter((c) => !c.ok);
    const mutation = failed.filter((c) => c.kind === 'mutation');
    expect(mutation.length).toBe(specFor('mul')!.shapes.length);
    expect(mutation[0]!.message).toMatch(
      /^threw DeltagradError: backward of mul changed its upstream gradient g \(shape \[2, 3\]\) in place/,
    );
  });

  it('a VJP that writes into its input is named', () => {
    opTable.mul.vjp = (g, ctx) => {
      const grads = saved.mul.vjp(g, ctx);
      ctx.inputs[1].data[0] = 0;
      return grads;
    };
    const mutation = checkOp(specFor('mul')!).checks.filter((c) => c.kind === 'mutation' && !c.ok);
    expect(mutation.length).toBe(specFor('mul')!.shapes.length);
    expect(mutation[0]!.message).toMatch(/backward of mul changed input 1 \(shape \[2, 3\]\) in place/);
  });

  it("pow's VJP scaled by 1.0001 passes every gradcheck but fails the exact derivative check at 1e-12", () => {
    opTable.pow.vjp = (g, ctx) =>
      saved.pow.vjp(g, ctx).map((x) => (x === null ? null : mul(x, 1.0001))) as never;
    const checks = checkOp(specFor('pow')!).checks;
    expect(checks.filter((c) => c.kind === 'gradcheck' && !c.ok)).toEqual([]);
    const exact = checks.filter((c) => c.kind === 'derivative');
    expect(exact.length).toBe(specFor('pow')!.shapes.length);
    expect(exact.every((c) => !c.ok)).toBe(true);
    expect(exact[0]!.message).toMatch(
      /^gradient of input 0 element \[0, 0\]: VJP \S+, closed form \S+, \|Δ\| = \S+ \(1\.00e-4 relative\)/,
    );
  });

  it('a check that throws keeps its stack and names the op (regression: "Tensor: shape [2, 1] needs 2 values, got 3", no stack)', () => {
    opTable.neg.forward = () => ({ data: new Float64Array(3), shape: [2, 1] });
    const check = checkOp(specFor('neg')!).checks[0]!;
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(
      /^threw DeltagradError: forward of neg returned 3 values for its output shape \[2, 1\]/,
    );
    expect(check.stack).toMatch(/\n\s+at .*engine\.ts/);
    const error = failureError('neg', check)!;
    expect(error.message).toMatch(/^neg › forward \[\] vs scalar: threw DeltagradError: forward of neg/);
    expect(error.stack).toContain(check.stack!.split('\n')[1]);
  });
});

describe('checkOp', () => {
  it('passes a correct op and reports per-kind maximum errors', () => {
    const report = checkOp(specFor('sigmoid')!);
    expect(report.ok).toBe(true);
    expect(report.failed).toBe(0);
    expect(report.maxErrors.gradcheck).toBeLessThan(1e-8);
    expect(report.maxErrors.forward).toBeLessThan(1e-15);
  });

  it('reports value errors relative above 1 (regression: log showed 1.5e+284 for its 1e300 gradient, exact to rounding)', () => {
    const report = checkOp(specFor('log')!, { kinds: ['reference', 'edge'] });
    expect(report.ok).toBe(true);
    expect(report.maxErrors.reference).toBeLessThan(1e-15);
    expect(report.maxErrors.edge).toBeLessThan(1e-15);
    // Below 1 it stays the absolute error: 0.1 for 0.3 against 0.2, 10/1000 for 1010 against 1000.
    expect(compareValues(fromNested([0.3, 1010]), fromNested([0.2, 1000]), { atol: 1 }).maxError).toBeCloseTo(
      0.1,
      15,
    );
  });

  it('is deterministic for a seed', () => {
    const a = checkOp(specFor('tanh')!, { seed: 3 });
    const b = checkOp(specFor('tanh')!, { seed: 3 });
    expect(a).toEqual(b);
  });

  it('runs only the kinds asked for', () => {
    const plan = planChecks(specFor('matmul')!, { kinds: ['gradcheck'] });
    expect(plan.map((c) => c.label)).toEqual(specFor('matmul')!.shapes.map((_, i) => plan[i]!.label));
    expect(new Set(plan.map((c) => c.kind))).toEqual(new Set(['gradcheck']));
  });

  it('plans unique labels for every spec', () => {
    for (const spec of allSpecs) {
      const labels = planChecks(spec).map((c) => c.label);
      expect(new Set(labels).size, spec.op).toBe(labels.length);
    }
  });

  it('supports fast (projected) gradchecks', () => {
    const report = checkOp(specFor('matmul')!, { fast: true, kinds: ['gradcheck', 'gradgradcheck'] });
    expect(report.ok).toBe(true);
    expect(report.checks.every((c) => c.compared === 1)).toBe(true);
  });

  it('formats a table with one row per op', () => {
    const broken = defineSpec({ ...base, call: squareWithHook((g) => mul(g, 2)) });
    const table = formatReportTable([checkOp(specFor('relu')!), checkOp(broken)]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(
      /^op\s+kind\s+checks\s+failed\s+forward\s+vjp-fd\s+jvp-fd\s+jvp-vjp\s+gradgrad\s+hessian\s+vmap\s+status$/,
    );
    expect(lines[1]).toMatch(/^relu\s+primitive\s+\d+\s+0\s.*\sok$/);
    expect(lines[2]).toMatch(
      /^brokenSquare\s+composite\s+\d+\s+[1-9]\d*\s.*FAIL gradcheck \[2, 3\]: input 0 element/,
    );
  });

  it('samples inputs from each domain with the kinks avoided', () => {
    const spec = defineSpec({
      op: 'probe',
      kind: 'composite',
      call: (a, b) => a!.add(b!),
      shapes: [[[50], [50]]],
      domain: ['positive', { lo: -1, hi: 1 }],
      avoid: [undefined, { points: [0], margin: 0.5 }],
      secondOrder: false,
    });
    let seen: Tensor[] = [];
    const spy = defineSpec({
      ...spec,
      call: (a, b) => {
        seen = [a!, b!];
        return spec.call(a!, b!);
      },
    });
    checkOp(spy, { kinds: ['zeroUpstream'] });
    expect(seen.length).toBe(2);
    expect(seen[0]!.toArray().every((v) => v >= 0.25 && v < 2)).toBe(true);
    expect(seen[1]!.toArray().every((v) => Math.abs(v) >= 0.5 && Math.abs(v) < 1)).toBe(true);
  });
});

describe('standard shapes', () => {
  it('include 0-d for unary ops', () => {
    expect(UNARY_SHAPES).toContainEqual([[]]);
    expect(tensor(1).rank).toBe(0);
  });
});

describe('a malformed spec is a typed error naming the op and the field (regression: checkOp({}) threw a TypeError)', () => {
  const good = {
    op: 'cube',
    kind: 'composite',
    call: (x: Tensor) => mul(x, mul(x, x)),
    shapes: [[[3]]],
    secondOrder: true,
  } as const;
  const refused = (spec: unknown, where: 'checkOp' | 'defineSpec' | 'planChecks' = 'checkOp'): string => {
    const run = { checkOp, defineSpec, planChecks }[where] as (s: unknown) => unknown;
    try {
      run(spec);
    } catch (error) {
      expect(error).toBeInstanceOf(DeltagradError);
      expect((error as DeltagradError).code).toBe('INVALID_ARGUMENT');
      return (error as Error).message;
    }
    return expect.fail('expected a throw');
  };

  it('names what is missing or of the wrong type', () => {
    expect(refused({})).toBe(
      "checkOp: a spec's op must be a non-empty string (the op's name), got undefined",
    );
    expect(refused(null, 'planChecks')).toMatch(
      /^planChecks: expected a spec \(\{ op, kind, call, shapes, secondOrder, … \}\), got null/,
    );
    expect(refused({ ...good, call: undefined })).toBe(
      'checkOp: spec "cube": call must be a function of the input tensors, got undefined',
    );
    expect(refused({ ...good, kind: 'op' })).toBe(
      `checkOp: spec "cube": kind must be 'primitive' or 'composite', got the string "op"`,
    );
    expect(refused({ ...good, secondOrder: undefined }, 'defineSpec')).toBe(
      'defineSpec: spec "cube": secondOrder must be true or false, got undefined',
    );
    expect(refused({ ...good, scalar: 3 })).toBe(
      'checkOp: spec "cube": scalar must be a function when given, got the number 3',
    );
    expect(refused({ ...good, edge: [{ expected: 1 }] })).toMatch(
      /^checkOp: spec "cube": edge\[0\] must be a case \{ inputs/,
    );
  });

  it('names shape lists that are not one shape of non-negative integers per input', () => {
    expect(refused({ ...good, shapes: [] })).toMatch(
      /^checkOp: spec "cube": shapes must be a non-empty array of input shape lists/,
    );
    expect(refused({ ...good, shapes: [[3]] })).toMatch(
      /^checkOp: spec "cube": shapes\[0\] must be one shape .* per input/,
    );
    expect(refused({ ...good, shapes: [[[3]], [[2, -1]]] })).toMatch(
      /^checkOp: spec "cube": shapes\[1\] must be one shape/,
    );
  });

  it('refuses a misspelt field rather than leaving its checks out', () => {
    expect(refused({ ...good, secondorder: true })).toBe(
      'checkOp: spec "cube" has an unknown field "secondorder" (the fields: op, kind, call, shapes, domain, avoid, differentiable, batching, secondOrder, scalar, oracle, derivative, vjpOracle, linear, reference, edge, tolerance)',
    );
    // The well-formed spec is checked as usual.
    expect(checkOp(defineSpec(good)).ok).toBe(true);
  });
});
