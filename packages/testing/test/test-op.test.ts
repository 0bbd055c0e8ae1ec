import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { planChecks, specFor } from '@deltagrad/testing';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/test-op.mjs', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

describe('pnpm test:op', () => {
  it("runs one op's harness checks, and only those", () => {
    const result = run('neg');
    expect(result.status, result.stderr).toBe(0);
    // One test per planned check, plus the one that asserts a gradcheck was planned.
    const checks = planChecks(specFor('neg')!, { seed: 0 }).length;
    const out = stripVTControlCharacters(result.stdout);
    expect(out).toContain(`harness: ran 1 specs (primitive: 1, composite: 0), ${checks} checks`);
    expect(out).toMatch(new RegExp(`Tests +${checks + 1} passed \\| \\d+ skipped`));
  });

  it.each([
    [['nope'], 'no harness spec named "nope" (known: abs, add,'],
    [[], 'no op name given'],
    [['neg', 'exp'], 'give one op name'],
  ])('refuses %j with exit code 2 and one line', (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
