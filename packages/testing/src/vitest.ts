/**
 * `@deltagrad/testing/vitest`: registers the harness's checks as Vitest tests, one `describe`
 * per spec and one `it` per planned check, and prints what ran. A separate entry point so the
 * main one does not depend on Vitest (a peer dependency of this entry only).
 *
 * @example
 * ```ts
 * // packages/my-layers/test/harness.test.ts
 * import { runSpecSuite } from '@deltagrad/testing/vitest';
 * import { lossSpecs, moduleSpecs } from './specs';
 *
 * runSpecSuite('my-layers harness', { module: moduleSpecs, loss: lossSpecs }, { seed: 0 });
 * // … after the tests: "my-layers harness: ran 31 specs (module: 13, loss: 18), 680 checks
 * //    (forward 93, gradcheck 93, jvp 93, transpose 93, hessian 93, vmap 186, …)"
 * ```
 *
 * @packageDocumentation
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type CheckOptions, planChecks } from './harness';
import { type CheckKind, type CheckResult, checkKinds, failureError } from './report';
import type { OpSpec } from './spec';

/** What a suite ran: spec name → its group, the number of checks, and how many of each kind. */
export interface SuiteTally {
  readonly specs: Map<string, string>;
  checks: number;
  failed: number;
  readonly kinds: Map<CheckKind, number>;
}

function assertPassed(op: string, result: CheckResult): void {
  // A check that threw fails with the original stack, and the message names the op.
  const thrown = result.stack !== null ? failureError(op, result) : null;
  if (thrown !== null) throw thrown;
  expect(result.ok, `${op} › ${result.label}: ${result.message}`).toBe(true);
  // A derivative check that compared nothing proves nothing.
  if (result.kind === 'gradcheck' || result.kind === 'gradgradcheck' || result.kind === 'jvp') {
    expect(result.compared, `${result.label} compared no derivative entries`).toBeGreaterThan(0);
  }
}

function describeSpec(group: string, spec: OpSpec, opts: CheckOptions, tally: SuiteTally): void {
  describe(`${group} ${spec.op}`, () => {
    const plan = planChecks(spec, opts);
    // A differentiable spec whose plan lost its gradchecks would pass without checking anything.
    if (spec.differentiable !== false) {
      it('plans checks, gradcheck among them', () => {
        expect(plan.filter((c) => c.kind === 'gradcheck').length).toBeGreaterThan(0);
      });
    }
    for (const check of plan) {
      it(check.label, () => {
        tally.specs.set(spec.op, group);
        tally.checks++;
        tally.kinds.set(check.kind, (tally.kinds.get(check.kind) ?? 0) + 1);
        const result = check.run();
        if (!result.ok) tally.failed++;
        assertPassed(spec.op, result);
      });
    }
  });
}

/**
 * Registers every check of every spec in `groups` (group name → specs) as a Vitest test and,
 * after all of them, prints `<title>: ran N specs (group: n, …), K checks (kind n, …)`: how
 * many checks ran, of each kind. Each differentiable spec must plan at least one gradcheck, and
 * every derivative check must compare at least one entry.
 *
 * @param title - Names the suite in the summary line, e.g. `'harness'`.
 * @param groups - Specs by group, e.g. `{ primitive: [...], composite: [...] }`.
 * @param opts - Options passed to every check (seed, tolerances).
 * @returns The tally the tests fill in as they run.
 * @throws Error when two specs share a name (their tests and counts would merge).
 */
export function runSpecSuite(
  title: string,
  groups: Readonly<Record<string, readonly OpSpec[]>>,
  opts: CheckOptions = {},
): SuiteTally {
  const tally: SuiteTally = { specs: new Map(), checks: 0, failed: 0, kinds: new Map() };
  const seen = new Set<string>();
  for (const [group, specs] of Object.entries(groups)) {
    for (const spec of specs) {
      if (seen.has(spec.op)) throw new Error(`${title}: two specs are named '${spec.op}'`);
      seen.add(spec.op);
      describeSpec(group, spec, opts, tally);
    }
  }
  afterAll(() => {
    const ran = [...tally.specs.values()];
    const perGroup = Object.keys(groups)
      .map((g) => `${g}: ${ran.filter((x) => x === g).length}`)
      .join(', ');
    const perKind = checkKinds
      .filter((k) => tally.kinds.has(k))
      .map((k) => `${k} ${tally.kinds.get(k)}`)
      .join(', ');
    console.log(`${title}: ran ${tally.specs.size} specs (${perGroup}), ${tally.checks} checks (${perKind})`);
  });
  return tally;
}
