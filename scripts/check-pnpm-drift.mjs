#!/usr/bin/env node
// CI step: proves the README's `npx --yes pnpm@10 install` works whichever 10.x is the newest.
// It installs a fresh clone of this repository with a published pnpm 10.x that is NOT the one
// package.json pins (the newest such version), with --frozen-lockfile, and fails if that does.
// Needs the npm registry (so it is a CI step, not a test).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pinned = JSON.parse(readFileSync('package.json', 'utf8'))
  .packageManager.replace(/^pnpm@/, '')
  .split('+')[0];
const published = JSON.parse(
  execFileSync('npm', ['view', 'pnpm@10', 'version', '--json'], { encoding: 'utf8' }),
);
const versions = (Array.isArray(published) ? published : [published]).filter((v) => /^10\.\d+\.\d+$/.test(v));
const newer = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  return x[1] - y[1] || x[2] - y[2];
};
const other = versions
  .filter((v) => v !== pinned)
  .sort(newer)
  .pop();
if (!other) throw new Error(`no published pnpm 10.x other than the pinned ${pinned}`);

const dir = mkdtempSync(join(tmpdir(), 'deltagrad-pnpm-drift-'));
try {
  execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${process.cwd()}`, dir], {
    stdio: 'inherit',
  });
  console.log(`pinned pnpm ${pinned}; installing a fresh clone with pnpm ${other}`);
  execFileSync('npx', ['--yes', `pnpm@${other}`, 'install', '--frozen-lockfile', '--reporter=append-only'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const used = execFileSync('npx', ['--yes', `pnpm@${other}`, '--version'], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();
  if (used !== other) throw new Error(`pnpm switched itself to ${used} instead of running ${other}`);
  console.log(`ok: pnpm ${other} installed the workspace without switching to ${pinned}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
