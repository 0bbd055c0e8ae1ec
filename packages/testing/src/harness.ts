/**
 * The harness: turns one {@link OpSpec} into a list of checks and runs them. Framework-agnostic
 * (no test runner here), so a test file registers each planned check as a test and the CLI
 * runs `checkOp` and prints the reports.
 */
import { type Tensor, tensor } from '@deltagrad/core';
import { createRandom } from '@deltagrad/random';
import { caseInputs, caseName, checkCase } from './checks/cases';
import { checkDerivatives } from './checks/derivatives';
import { checkExactVjp, hasClosedForm } from './checks/exact-vjp';
import { checkForward } from './checks/forward';
import { checkGradShape } from './checks/grad-shape';
import { COMPOSITE_HESSIAN_TOLERANCE, checkHessian, HESSIAN_TOLERANCE } from './checks/hessian';
import { checkNoMutation } from './checks/mutation';
import { checkNoGradient } from './checks/no-gradient';
import { checkTranspose } from './checks/transpose';
import { checkVmap, type VmapInputs, type VmapTarget } from './checks/vmap';
import { checkZeroUpstream } from './checks/zero-upstream';
import { fmtShape } from './dense';
import { buildReport, type CheckKind, type CheckResult, type OpReport } from './report';
import { sampleInputs, seedFor } from './sample';
import type { OpSpec } from './spec';
import { checkSpec } from './validate';

/** Options of {@link planChecks}, {@link checkOp} and {@link checkAll}. */
export interface CheckOptions {
  /** Base seed of the sampled inputs and random projections (default 0). */
  readonly seed?: number;
  /** Run only checks of these kinds (default: all). */
  readonly kinds?: readonly CheckKind[];
  /** gradcheck and gradgradcheck compare one random projection instead of full Jacobians. */
  readonly fast?: boolean;
}

/** One check of one op, planned but not yet run. */
export interface PlannedCheck {
  readonly op: string;
  readonly kind: CheckKind;
  /** Unique within the op, for example `gradcheck [2, 3] × [3]`. */
  readonly label: string;
  /** Runs the check; never throws (a throw becomes a failed result that keeps its stack). */
  run(): CheckResult;
}

/** `[2, 3] × [3]`: how a list of input shapes is shown in labels. */
export function fmtShapes(shapes: readonly (readonly number[])[]): string {
  return shapes.map(fmtShape).join(' × ');
}

/** Examples per `vmap` check. */
const VMAP_BATCH = 3;

/**
 * The checks the harness runs for `spec`, in order: forward against `scalar`/`oracle` on every
 * shape, reference cases, the VJP against its closed form, gradcheck (or the zero-gradient
 * check of a non-differentiable op) on every shape, gradgradcheck where `secondOrder`; then the
 * second derivation of every derivative on every shape — the JVPs against finite differences,
 * JVP against VJP (the transpose identity), the Hessian forward over reverse against reverse
 * over reverse, and `vmap` of the op, of its VJP and of its JVP against a loop; then gradient shapes, zero
 * upstream gradients (on every shape and at every edge point), VJPs that write into what they
 * are given, and edge points. Inputs are sampled lazily from the spec's domains with a seed
 * derived from `opts.seed`, the op and the shape; every check gets its own copy of them, so a
 * defective op that writes into its inputs cannot change what the other checks see.
 */
export function planChecks(spec: OpSpec, opts: CheckOptions = {}): PlannedCheck[] {
  return plan('planChecks', spec, opts);
}

/** {@link planChecks}, its errors for a malformed spec naming `where` (the public entry point). */
function plan(where: string, spec: OpSpec, opts: CheckOptions): PlannedCheck[] {
  checkSpec(where, spec);
  const seed = opts.seed ?? 0;
  const differentiable = spec.differentiable ?? true;
  const sampled = new Map<number, Tensor[]>();
  const inputsFor = (i: number): Tensor[] => {
    let inputs = sampled.get(i);
    if (inputs === undefined) {
      inputs = sampleInputs(spec, spec.shapes[i]!, createRandom(seedFor(seed, spec.op, i)));
      sampled.set(i, inputs);
    }
    return inputs.map((t) => tensor(Float64Array.from(t.toArray()), { shape: t.shape }));
  };
  const plan: PlannedCheck[] = [];
  const add = (kind: CheckKind, label: string, run: () => CheckResult) => {
    if (opts.kinds === undefined || opts.kinds.includes(kind)) plan.push({ op: spec.op, kind, label, run });
  };
  const shapes = spec.shapes.map((s, i) => ({ i, text: fmtShapes(s) }));

  if (spec.scalar || spec.oracle) {
    const against = spec.scalar ? 'scalar' : 'oracle';
    for (const { i, text } of shapes) {
      const label = `forward ${text} vs ${against}`;
      add('forward', label, () => checkForward(spec, inputsFor(i), label));
    }
  }
  for (const c of spec.reference ?? [])
    add('reference', `reference ${caseName(spec, c)}`, () => checkCase(spec, c, 'reference'));
  if (differentiable && hasClosedForm(spec)) {
    for (const { i, text } of shapes) {
      const label = `exact vjp ${text}`;
      const upstreamSeed = seedFor(seed, spec.op, i, 'upstream');
      add('derivative', label, () => checkExactVjp(spec, inputsFor(i), label, upstreamSeed));
    }
  }
  for (const { i, text } of shapes) {
    if (differentiable) {
      const label = `gradcheck ${text}`;
      const projectionSeed = seedFor(seed, spec.op, i, 'projection');
      add('gradcheck', label, () =>
        checkDerivatives(spec, inputsFor(i), label, { order: 1, fast: opts.fast, seed: projectionSeed }),
      );
    } else {
      const label = `no gradient ${text}`;
      add('noGradient', label, () => checkNoGradient(spec.call, inputsFor(i), label));
    }
  }
  if (differentiable && spec.secondOrder) {
    for (const { i, text } of shapes) {
      const label = `gradgradcheck ${text}`;
      const cotangentSeed = seedFor(seed, spec.op, i, 'cotangent');
      add('gradgradcheck', label, () =>
        checkDerivatives(spec, inputsFor(i), label, { order: 2, fast: opts.fast, seed: cotangentSeed }),
      );
    }
  }
  for (const { i, text } of shapes) {
    const label = `jvp ${text}`;
    const projectionSeed = seedFor(seed, spec.op, i, 'tangent');
    add('jvp', label, () =>
      checkDerivatives(spec, inputsFor(i), label, {
        order: 1,
        mode: 'forward',
        fast: opts.fast,
        seed: projectionSeed,
      }),
    );
  }
  for (const { i, text } of shapes) {
    const label = `jvp vs vjp ${text}`;
    add('transpose', label, () =>
      checkTranspose(spec.call, inputsFor(i), label, createRandom(seedFor(seed, spec.op, i, 'transpose'))),
    );
  }
  for (const { i, text } of shapes) {
    const label = `hessian ${text}`;
    add('hessian', label, () =>
      checkHessian(spec.call, inputsFor(i), label, createRandom(seedFor(seed, spec.op, i, 'hessian')), {
        tolerance: spec.kind === 'primitive' ? HESSIAN_TOLERANCE : COMPOSITE_HESSIAN_TOLERANCE,
      }),
    );
  }
  const batched = spec.kind === 'primitive' || spec.batching !== false;
  for (const { i, text } of batched ? shapes : []) {
    const examples = () =>
      Array.from({ length: VMAP_BATCH }, (_, b) =>
        sampleInputs(spec, spec.shapes[i]!, createRandom(seedFor(seed, spec.op, i, 'vmap', b))),
      );
    const variants: { label: string; target: VmapTarget; inputs: VmapInputs }[] = [
      { label: `vmap ${text}`, target: 'forward', inputs: 'all' },
      { label: `vmap of the vjp ${text}`, target: 'vjp', inputs: 'all' },
      // How jacrev and jacfwd map the rules: the inputs fixed, the cotangent or tangents batched.
      { label: `vmap of the vjp ${text}, cotangent batched`, target: 'vjp', inputs: 'none' },
      { label: `vmap of the jvp ${text}, tangents batched`, target: 'jvp', inputs: 'none' },
    ];
    if (spec.shapes[i]!.length > 1) {
      variants.splice(1, 0, { label: `vmap ${text}, input 0 batched`, target: 'forward', inputs: 'first' });
    }
    for (const v of variants) {
      add('vmap', v.label, () => {
        const rng = createRandom(seedFor(seed, spec.op, i, 'vmap upstream'));
        return checkVmap(spec.call, examples(), rng, v.label, v);
      });
    }
  }
  for (const { i, text } of shapes) {
    const label = `gradient shape ${text}`;
    add('gradShape', label, () => checkGradShape(spec, inputsFor(i), label));
  }
  for (const { i, text } of shapes) {
    const label = `zero upstream ${text}`;
    add('zeroUpstream', label, () => checkZeroUpstream(spec.call, inputsFor(i), label));
  }
  if (differentiable) {
    for (const { i, text } of shapes) {
      const label = `no mutation ${text}`;
      const upstreamSeed = seedFor(seed, spec.op, i, 'upstream');
      add('mutation', label, () => checkNoMutation(spec, inputsFor(i), label, upstreamSeed));
    }
  }
  for (const c of spec.edge ?? []) {
    add('edge', `edge ${caseName(spec, c)}`, () => checkCase(spec, c, 'edge'));
  }
  if (differentiable) {
    for (const c of spec.edge ?? []) {
      const label = `zero upstream at edge ${caseName(spec, c)}`;
      add('zeroUpstream', label, () => checkZeroUpstream(c.call ?? spec.call, caseInputs(c), label));
    }
  }
  return plan;
}

/**
 * Runs every check of `spec` and returns the report: per-check pass/fail with messages and
 * errors, and the largest error per kind of check.
 *
 * @example
 * ```ts
 * const report = checkOp(specFor('sigmoid')!);
 * if (!report.ok) console.error(report.checks.filter((c) => !c.ok));
 * ```
 */
export function checkOp(spec: OpSpec, opts: CheckOptions = {}): OpReport {
  return buildReport(
    spec.op,
    spec.kind,
    plan('checkOp', spec, opts).map((c) => c.run()),
  );
}

/** {@link checkOp} for each spec, in order. */
export function checkAll(specs: readonly OpSpec[], opts: CheckOptions = {}): OpReport[] {
  return specs.map((spec) => checkOp(spec, opts));
}
