import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const script = join(repo, 'scripts/new-op.mjs');

/** The files `new:op` reads and edits, copied into a scratch root. */
const FILES = [
  'packages/core/src/index.ts',
  'packages/core/src/functional.ts',
  'packages/core/src/ops/index.ts',
  'packages/core/src/ops/abs.ts',
  'packages/testing/src/specs/index.ts',
  'packages/testing/src/specs/mean.ts',
];

let root = '';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'deltagrad-new-op-'));
  for (const file of FILES) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(repo, file), join(root, file));
  }
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** Module paths of the single-line relative imports of `text`, in file order. */
const importPaths = (text: string) =>
  [...text.matchAll(/^import .* from '(\.\/[^']+)';$/gm)].map((m) => m[1]!);
/** Names in the allSpecs list, in order. */
const specNames = (text: string) => [...text.matchAll(/^ {2}(\w+)Spec,$/gm)].map((m) => m[1]!);
const isSorted = (xs: readonly string[]) => xs.every((x, i) => i === 0 || xs[i - 1]! < x);
const run = (...args: string[]) =>
  spawnSync(process.execPath, [script, ...args, '--root', root], { encoding: 'utf8' });

describe('pnpm new:op', () => {
  it('scaffolds the op, its table entries, its wrapper and its spec', () => {
    execFileSync(process.execPath, [script, 'hardTanh', '--root', root]);
    const op = read('packages/core/src/ops/hard-tanh.ts');
    expect(op).toContain('export const hardTanh = unaryOp<undefined>({');
    expect(op).toContain("name: 'hardTanh',");
    expect(op).toContain('vjp: (g) => [g],');
    expect(op).not.toMatch(/TODO|FIXME/);

    const opIndex = read('packages/core/src/ops/index.ts');
    expect(importPaths(opIndex)).toContain('./hard-tanh');
    expect(isSorted(importPaths(opIndex))).toBe(true);
    expect(opIndex).toMatch(/\n {2}hardTanh,\n\} satisfies /);

    expect(read('packages/core/src/functional.ts')).toMatch(
      /export function hardTanh\(x: Tensor\): Tensor \{\n {2}return apply\(op\.hardTanh, \[x\], undefined\);\n\}\n$/,
    );

    const spec = read('packages/testing/src/specs/hard-tanh.ts');
    expect(spec).toContain("import { hardTanh } from '@deltagrad/core';");
    expect(spec).toContain('export const hardTanhSpec = defineSpec({');

    const specIndex = read('packages/testing/src/specs/index.ts');
    expect(importPaths(specIndex)).toContain('./hard-tanh');
    expect(isSorted(importPaths(specIndex))).toBe(true);
    expect(specNames(specIndex)).toContain('hardTanh');
    expect(isSorted(specNames(specIndex))).toBe(true);
  });

  it('keeps allSpecs sorted at both ends', () => {
    run('aaFirst');
    run('zzLast');
    const names = specNames(read('packages/testing/src/specs/index.ts'));
    expect(names[0]).toBe('aaFirst');
    expect(names[names.length - 1]).toBe('zzLast');
    expect(isSorted(names)).toBe(true);
  });

  it.each([
    ['Softsign', 'is not a valid op name'],
    ['soft-sign', 'is not a valid op name'],
    ['geLU', 'consecutive capitals'],
    ['delete', 'reserved word'],
    ['abs', '"abs" exists'],
    ['mean', '"mean" exists'],
    ['grad', '"grad" exists'],
    ['finiteOrZero', '"finiteOrZero" exists'],
  ])('refuses %s with exit code 2 and one line', (name, message) => {
    const before = FILES.map(read);
    const result = run(name);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(FILES.map(read)).toEqual(before);
    expect(existsSync(join(root, 'packages/core/src/ops/soft-sign.ts'))).toBe(false);
  });

  it('refuses a second run for the same name', () => {
    expect(run('softsign').status).toBe(0);
    const again = run('softsign');
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/^new:op: "softsign" exists/);
  });
});
