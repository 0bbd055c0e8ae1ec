/**
 * Registers the harness's checks as Vitest tests: one `describe` per op, one `it` per planned
 * check. Lives with the tests, not in the package, so the package does not depend on Vitest.
 */
import { type CheckOptions, type CheckResult, type OpSpec, planChecks } from '@deltagrad/testing';
import { afterAll, describe, expect, it } from 'vitest';

/** What the suite ran, for the summary line. */
export interface SuiteTally {
  readonly ops: Map<string, OpSpec['kind']>;
  checks: number;
  failed: number;
}

function assertPassed(result: CheckResult): void {
  expect(result.ok, `${result.label}: ${result.message}`).toBe(true);
}

/** An empty tally. */
export function newTally(): SuiteTally {
  return { ops: new Map(), checks: 0, failed: 0 };
}

/** Registers one `describe(spec.op)` with an `it` per check of the spec. */
export function describeOp(spec: OpSpec, opts: CheckOptions = {}, tally: SuiteTally = newTally()): void {
  describe(`${spec.op} (${spec.kind})`, () => {
    for (const check of planChecks(spec, opts)) {
      it(check.label, () => {
        tally.ops.set(spec.op, spec.kind);
        tally.checks++;
        const result = check.run();
        if (!result.ok) tally.failed++;
        assertPassed(result);
      });
    }
  });
}

/**
 * Registers every spec's checks and, after all of them, prints
 * `harness: ran N op specs (P primitives, C composites), K checks`.
 */
export function runOpSuite(specs: readonly OpSpec[], opts: CheckOptions = {}): SuiteTally {
  const tally = newTally();
  for (const spec of specs) describeOp(spec, opts, tally);
  afterAll(() => {
    const kinds = [...tally.ops.values()];
    const primitives = kinds.filter((k) => k === 'primitive').length;
    console.log(
      `harness: ran ${tally.ops.size} op specs (${primitives} primitives, ${kinds.length - primitives} composites), ${tally.checks} checks`,
    );
  });
  return tally;
}
