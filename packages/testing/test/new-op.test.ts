import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  'packages/core/src/tensor.ts',
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
  it('scaffolds a unary op, its table entry, its wrapper, its Tensor method and its spec', () => {
    execFileSync(process.execPath, [script, 'hardTanh', '--root', root]);
    const op = read('packages/core/src/ops/hard-tanh.ts');
    expect(op).toContain('export const hardTanh = unaryOp<undefined>({');
    expect(op).toContain("name: 'hardTanh',");
    expect(op).toContain('vjp: (g) => [g],');
    expect(op).toContain('jvp: ([t]) => t,');
    expect(op).not.toMatch(/TODO|FIXME/);

    const opIndex = read('packages/core/src/ops/index.ts');
    expect(importPaths(opIndex)).toContain('./hard-tanh');
    expect(isSorted(importPaths(opIndex))).toBe(true);
    expect(opIndex).toMatch(/\n {2}hardTanh,\n\} satisfies /);

    // The wrapper runs the op's kernel straight from the engine, as sigmoid's does.
    expect(read('packages/core/src/functional.ts')).toMatch(
      /export function hardTanh\(x: Tensor\): Tensor \{\n {2}return applyUnary\(op\.hardTanh, tensorArg\(x, 'hardTanh', 'x'\), undefined\);\n\}\n$/,
    );
    expect(read('packages/core/src/tensor.ts')).toMatch(
      /\n {2}hardTanh\(\): Tensor \{\n {4}return F\.hardTanh\(this\);\n {2}\}\n\n {2}\/\*\* A readable rendering/,
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

  it('scaffolds a broadcasting binary op: kernel run, two gradients, a TensorLike operand', () => {
    const result = run('hypotLike', '--kind', 'binary');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('added binary op hypotLike');
    expect(result.stdout).toContain("through the engine's direct path applyBinary");
    // Made by binaryOp, as add's is: the engine can run its loop directly.
    const op = read('packages/core/src/ops/hypot-like.ts');
    expect(op).toContain("import { binaryOp } from './binary';");
    expect(op).toContain('export const hypotLike = binaryOp({');
    expect(op).toMatch(/\n {2}run,\n/);
    expect(op).toContain('vjp: (g, { needsGrad }) => [needsGrad[0] ? g : null, null],');
    expect(op).toContain('jvp: ([ta]) => ta,');
    expect(read('packages/core/src/functional.ts')).toContain(
      "export function hypotLike(a: TensorLike, b: TensorLike): Tensor {\n  return applyBinary(op.hypotLike, tensorLikeArg(a, 'hypotLike', 'a'), tensorLikeArg(b, 'hypotLike', 'b'));",
    );
    expect(read('packages/core/src/tensor.ts')).toContain(
      '  hypotLike(other: TensorLike): Tensor {\n    return F.hypotLike(this, other);',
    );
    const spec = read('packages/testing/src/specs/hypot-like.ts');
    expect(spec).toContain('call: (a, b) => hypotLike(a, b),');
    expect(spec).toContain('shapes: BINARY_SHAPES,');
  });

  it('scaffolds attributes: typed in the op, validated in the wrapper, passed by the method and the spec', () => {
    expect(run('eluLike', '--attrs', 'alpha: number, beta').status).toBe(0);
    const op = read('packages/core/src/ops/elu-like.ts');
    expect(op).toContain('export const eluLike = unaryOp<{ alpha: number; beta: number }>({');
    expect(op).toContain('kernel: (x, out, { alpha, beta }) => {');
    const functional = read('packages/core/src/functional.ts');
    expect(functional).toContain('export function eluLike(x: Tensor, alpha: number, beta: number): Tensor {');
    expect(functional).toContain(
      "throw new DeltagradError('INVALID_ARGUMENT', `eluLike: beta must be finite, got $" + '{beta}`);',
    );
    expect(functional).toContain(
      "return applyUnary(op.eluLike, tensorArg(x, 'eluLike', 'x'), { alpha, beta });",
    );
    expect(read('packages/core/src/tensor.ts')).toContain(
      '  eluLike(alpha: number, beta: number): Tensor {\n    return F.eluLike(this, alpha, beta);',
    );
    expect(read('packages/testing/src/specs/elu-like.ts')).toContain('call: (x) => eluLike(x, 1, 1),');
  });

  it('scaffolds a binary op with attributes as its own OpDef, applied through apply', () => {
    // binaryOp and the engine's applyBinary take no attributes (core's element-wise binary ops have none).
    const result = run('mixLike', '--kind', 'binary', '--attrs', 't');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('through apply: binaryOp and applyBinary take no attributes');
    const op = read('packages/core/src/ops/mix-like.ts');
    expect(op).toContain('export const mixLike: OpDef<Binary, { t: number }> = {');
    expect(op).toContain("forward: ([a, b]) => broadcastBinary('mixLike', a, b, run),");
    expect(op).toContain('batch: broadcastingBatch(() => mixLike),');
    expect(read('packages/core/src/functional.ts')).toContain(
      "return apply(op.mixLike, [tensorLikeArg(a, 'mixLike', 'a'), tensorLikeArg(b, 'mixLike', 'b')], { t });",
    );
  });

  it('adds no Tensor method with --no-method, and says so', () => {
    const tensor = read('packages/core/src/tensor.ts');
    const result = run('gelu', '--no-method');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('no Tensor method (--no-method): users call gelu(x)');
    expect(read('packages/core/src/tensor.ts')).toBe(tensor);
    expect(read('packages/core/src/functional.ts')).toContain('export function gelu(x: Tensor): Tensor {');
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
    ['HardSwish', 'is not a valid op name'],
    ['hard-swish', 'is not a valid op name'],
    ['geLU', 'consecutive capitals'],
    ['delete', 'reserved word'],
    ['abs', '"abs" exists'],
    ['mean', '"mean" exists'],
    ['grad', '"grad" exists'],
    ['finiteOrZero', '"finiteOrZero" exists'],
    ['detach', 'Tensor has that method'],
  ])('refuses %s with exit code 2 and one line', (name, message) => {
    const before = FILES.map(read);
    const result = run(name);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(FILES.map(read)).toEqual(before);
    expect(existsSync(join(root, 'packages/core/src/ops/hard-swish.ts'))).toBe(false);
  });

  it.each([
    [['--kind', 'ternary'], '--kind must be unary or binary'],
    [['--attrs', 'alpha: string'], 'write numeric attributes as "name: number"'],
    [['--attrs', 'a, a'], 'cannot name an attribute'],
    [['--attrs', 'k, k'], 'repeats a name'],
    [['--kind'], '--kind needs a value'],
    [['--method'], 'unknown option --method'],
  ])('refuses the options %j with exit code 2 and one line', (options, message) => {
    const before = FILES.map(read);
    const result = run('leakyCube', ...options);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(FILES.map(read)).toEqual(before);
  });

  it('refuses, writing nothing, when functional.ts does not import the engine function the wrapper calls', () => {
    const functional = 'packages/core/src/functional.ts';
    writeFileSync(
      join(root, functional),
      read(functional).replace(/, applyUnary(?= \} from '\.\/engine';)/, ''),
    );
    expect(read(functional)).not.toMatch(/import \{[^}]*applyUnary[^}]*\} from '\.\/engine'/);
    const before = FILES.map(read);
    const result = run('hardSwish');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("cannot find the import of applyUnary from './engine'");
    expect(FILES.map(read)).toEqual(before);
    expect(run('hypotLike', '--kind', 'binary').status).toBe(0);
  });

  // Scratch names never match CONTRIBUTING's walkthrough (softsign), so following it in this
  // repository cannot collide with these tests.
  it('refuses a second run for the same name', () => {
    expect(run('hardSwish').status).toBe(0);
    const again = run('hardSwish');
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/^new:op: "hardSwish" exists/);
  });
});
