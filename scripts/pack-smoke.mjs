#!/usr/bin/env node
// Installs this package's packed tarball (and those of the @deltagrad packages it depends on)
// into an empty folder outside the workspace, then runs every script in ./pack-smoke/ there
// with plain Node: *.mjs as ESM consumers, *.cjs as CommonJS consumers (require(esm)). A script
// whose lines read `console.log(…); // printed` (a README example, copied verbatim) must print
// exactly those comments, in order.
// Then it type-checks TypeScript consumers of every entry point in the setups the READMEs name:
// an ESM and a CommonJS file under `module` nodenext and node20, and ESM under bundler.
// Run from a package folder after `build`; exits non-zero on the first failure.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = process.cwd();
const packagesRoot = resolve(packageDir, '..');
const manifest = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const dirOf = (name) => join(packagesRoot, name.replace('@deltagrad/', ''));

/** This package and every @deltagrad package it depends on at run time, transitively. */
function workspaceClosure(dir, seen = new Map()) {
  const pkg = manifest(dir);
  if (seen.has(pkg.name)) return seen;
  seen.set(pkg.name, dir);
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (dep.startsWith('@deltagrad/')) workspaceClosure(dirOf(dep), seen);
  }
  return seen;
}

const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
const self = manifest(packageDir).name;
const consumer = mkdtempSync(join(tmpdir(), 'deltagrad-pack-smoke-'));
let passed = 0;
try {
  const tarballs = [];
  for (const [name, dir] of workspaceClosure(packageDir)) {
    const out = run('pnpm', ['pack', '--pack-destination', consumer], dir).trim().split('\n').pop();
    tarballs.push(out);
    if (name === self) console.log(`packed ${name}: ${out}`);
  }
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], consumer);
  const smokeDir = join(packageDir, 'pack-smoke');
  const scripts = readdirSync(smokeDir).filter((f) => /\.(mjs|cjs)$/.test(f));
  if (scripts.length === 0) throw new Error(`no pack-smoke scripts in ${smokeDir}`);
  for (const script of scripts) {
    cpSync(join(smokeDir, script), join(consumer, script));
    const out = run(process.execPath, [script], consumer);
    checkPrinted(script, readFileSync(join(smokeDir, script), 'utf8'), out);
    console.log(`ok ${self} ${script}: ${out.trim().split('\n').join(' | ')}`);
    passed += 1;
  }
  passed += checkTypeScriptConsumers(consumer);
  console.log(`${passed} passed, 0 failed`);
} catch (error) {
  console.error(`pack-smoke failed for ${self}: ${error.stderr || error.message}`);
  // The count line the CI summary sums, so a failure here is counted, not only an exit code.
  console.log(`${passed} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  rmSync(consumer, { recursive: true, force: true });
}

/** Throws unless `out` is the `// printed` comments of `source`'s console.log lines, when it has any. */
function checkPrinted(script, source, out) {
  const expected = [...source.matchAll(/^console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
  if (expected.length === 0) return;
  const printed = out.trimEnd().split('\n');
  expected.forEach((line, i) => {
    if (printed[i] !== line) {
      throw new Error(`${script} printed line ${i + 1} "${printed[i]}", its comment says "${line}"`);
    }
  });
  if (printed.length !== expected.length) {
    throw new Error(`${script} printed ${printed.length} lines, its comments say ${expected.length}`);
  }
}

/**
 * The TypeScript setups the READMEs promise. (`module: node16`/`node18` cannot import an ESM-only
 * package from a CommonJS file, TS1479; the READMEs say so.)
 */
function checkTypeScriptConsumers(consumer) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const entries = Object.keys(manifest(packageDir).exports ?? { '.': null })
    .filter((key) => key !== './package.json')
    .map((key) => self + key.slice(1));
  const body = entries
    .map(
      (entry, i) =>
        `import * as entry${i} from '${entry}';\nexport const keys${i}: string[] = Object.keys(entry${i});\n`,
    )
    .join('');
  writeFileSync(join(consumer, 'consumer-esm.mts'), body);
  writeFileSync(join(consumer, 'consumer-cjs.cts'), body);
  const setups = [
    { module: 'nodenext', moduleResolution: 'nodenext', files: ['consumer-esm.mts', 'consumer-cjs.cts'] },
    { module: 'node20', moduleResolution: 'nodenext', files: ['consumer-esm.mts', 'consumer-cjs.cts'] },
    { module: 'esnext', moduleResolution: 'bundler', files: ['consumer-esm.mts'] },
  ];
  for (const setup of setups) {
    const args = [tsc, '--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--types', 'node'];
    args.push('--typeRoots', join(root, 'node_modules', '@types'));
    args.push('--module', setup.module, '--moduleResolution', setup.moduleResolution, ...setup.files);
    run(process.execPath, args, consumer);
    console.log(`ok ${self} TypeScript ${setup.module}/${setup.moduleResolution}: ${setup.files.join(', ')}`);
  }
  return setups.length;
}
