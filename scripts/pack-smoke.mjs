#!/usr/bin/env node
// Installs this package's packed tarball (and those of the @deltagrad packages it depends on)
// into an empty folder outside the workspace, then runs every script in ./pack-smoke/ there
// with plain Node: *.mjs as ESM consumers, *.cjs as CommonJS consumers (require(esm)).
// Run from a package folder after `build`; exits non-zero on the first failure.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
    console.log(`ok ${self} ${script}: ${out.trim().split('\n').join(' | ')}`);
  }
  console.log(`${scripts.length} passed, 0 failed`);
} catch (error) {
  console.error(`pack-smoke failed for ${self}: ${error.stderr || error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(consumer, { recursive: true, force: true });
}
