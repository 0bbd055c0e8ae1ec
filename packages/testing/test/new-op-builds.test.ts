/**
 * What `pnpm new:op` makes must work as made: in a scratch copy of core's and the harness's
 * sources (never this repository's files), scaffold a unary op, a unary op with attributes and
 * a binary op, then typecheck the copy (tsc), run the harness on the three specs and check that
 * the functional calls take the engine's direct path (applyUnary / applyBinary: the op's loop
 * run without its generic forward), as core's own element-wise ops do.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(join(repo, 'packages/testing/package.json'));
const OPS = ['hardTanh', 'eluLike', 'hypotLike'];

/**
 * The scratch workspace: core's and testing's sources and configs copied, their dependencies
 * linked to this repository's installed ones, except that testing's @deltagrad/core is the copy.
 */
function scratchWorkspace(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'deltagrad-new-op-build-')));
  const copy = (path: string) => cpSync(join(repo, path), join(root, path), { recursive: true });
  for (const path of ['tsconfig.base.json', 'vitest.shared.ts']) copy(path);
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  for (const path of ['src', 'package.json', 'tsconfig.json']) copy(`packages/core/${path}`);
  symlinkSync(join(repo, 'packages/core/node_modules'), join(root, 'packages/core/node_modules'));
  for (const path of ['src', 'package.json', 'tsconfig.json', 'vitest.config.ts', 'test/ops.test.ts'])
    copy(`packages/testing/${path}`);
  const modules = join(root, 'packages/testing/node_modules');
  const installed = join(repo, 'packages/testing/node_modules');
  mkdirSync(join(modules, '@deltagrad'), { recursive: true });
  for (const name of readdirSync(installed)) {
    if (name !== '@deltagrad' && name !== '.bin') symlinkSync(join(installed, name), join(modules, name));
  }
  symlinkSync(join(root, 'packages/core'), join(modules, '@deltagrad/core'));
  symlinkSync(join(repo, 'packages/random'), join(modules, '@deltagrad/random'));
  return root;
}

/**
 * Run in the scratch workspace: each op's functional call on plain operands must not call the
 * op's `forward` (apply would). The counting forward also stands in as the kernel's own
 * (`kernelForward` / `runForward`), so the engine still sees an unreplaced forward; a control
 * replaces only `forward`, which the engine must then call through apply: the counter works.
 */
const DIRECT_PATH_TEST = `import { eluLike, hardTanh, hypotLike, type Tensor, tensor } from '@deltagrad/core';
import { describe, expect, it } from 'vitest';
import { opTable } from '../../core/src/ops/index';

type Forward = (...args: never[]) => unknown;
type Patchable = { forward: Forward; kernelForward?: Forward; runForward?: Forward };

/** Counts the calls of the op's forward while it runs \`call\`. */
function forwardCalls(name: keyof typeof opTable, own: 'kernelForward' | 'runForward', replaced: boolean, call: () => Tensor): number {
  const def = opTable[name] as unknown as Patchable;
  const original = def.forward;
  const kernelForward = def[own];
  let calls = 0;
  const counting: Forward = (...args) => {
    calls++;
    return original(...args);
  };
  def.forward = counting;
  def[own] = replaced ? kernelForward : counting;
  try {
    call();
  } finally {
    def.forward = original;
    def[own] = kernelForward;
  }
  return calls;
}

const x = () => tensor([[1, -2, 3], [0.5, 4, -6]], { requiresGrad: true });
const row = () => tensor([[10, 20, 30]]);
const CASES: [keyof typeof opTable, 'kernelForward' | 'runForward', () => Tensor][] = [
  ['hardTanh', 'kernelForward', () => hardTanh(x())],
  ['eluLike', 'kernelForward', () => eluLike(x(), 1, 1)],
  ['hypotLike', 'runForward', () => hypotLike(x(), x())],
  ['hypotLike', 'runForward', () => hypotLike(x(), row())],
];

describe('direct path', () => {
  it.each(CASES)('%s runs its loop straight from the engine', (name, own, call) => {
    expect(forwardCalls(name, own, false, call)).toBe(0);
    expect(forwardCalls(name, own, true, call)).toBe(1);
    expect(call().toArray()).toEqual(x().toArray());
  });
});
`;

let root = '';
beforeAll(() => {
  root = scratchWorkspace();
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('pnpm new:op makes an op that works', () => {
  it('compiles, passes the harness and takes the direct path (unary, with attributes, binary)', () => {
    const scaffold = (...args: string[]) =>
      spawnSync(process.execPath, [join(repo, 'scripts/new-op.mjs'), ...args, '--root', root], {
        encoding: 'utf8',
      });
    for (const args of [
      ['hardTanh'],
      ['eluLike', '--attrs', 'alpha, beta'],
      ['hypotLike', '--kind', 'binary'],
    ]) {
      const made = scaffold(...args);
      expect(made.status, made.stderr).toBe(0);
    }
    const testing = join(root, 'packages/testing');
    writeFileSync(join(testing, 'test/direct-path.test.ts'), DIRECT_PATH_TEST);

    // Compiles: the copy of testing (its specs, the tests) and of core (reached through them) typecheck.
    const tsc = require.resolve('typescript/bin/tsc');
    const typecheck = spawnSync(process.execPath, [tsc, '--noEmit', '-p', testing], { encoding: 'utf8' });
    expect(typecheck.status, typecheck.stdout + typecheck.stderr).toBe(0);

    // The harness on the three specs (as `pnpm test:op` runs it) and the direct-path checks.
    const manifest = require.resolve('vitest/package.json');
    const vitest = join(dirname(manifest), require(manifest).bin.vitest);
    const pattern = `^(primitive|composite) (${OPS.join('|')}) |^direct path `;
    const result = spawnSync(
      process.execPath,
      [vitest, 'run', 'test/ops.test.ts', 'test/direct-path.test.ts', '--testNamePattern', pattern],
      { cwd: testing, encoding: 'utf8' },
    );
    const out = stripVTControlCharacters(result.stdout);
    expect(result.status, out + result.stderr).toBe(0);
    expect(out).toMatch(/harness: ran 3 specs \(primitive: 3, composite: 0\), [1-9]\d* checks/);
    expect(out).toMatch(/✓ test\/direct-path\.test\.ts \(4 tests\)/);
  }, 300_000);
});
