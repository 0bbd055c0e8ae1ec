import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli } from './run-cli';

// The launcher (src/launch.ts) runs the bundle through a V8 code cache kept in
// DELTAGRAD_CODE_CACHE: whatever the cache holds, every run prints the same.
const ARGS = ['xor', '--json', '--epochs', '50', '--every', '10'];

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deltagrad-launch-'));
  temporary.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const cacheFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.v8cache'));

describe('the code cache', () => {
  it('a first run writes it, later runs read it, and all print the same', () => {
    const cache = tempDir();
    const env = { DELTAGRAD_CODE_CACHE: cache };
    const first = runCli(ARGS, env);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const [file] = cacheFiles(cache);
    expect(cacheFiles(cache)).toHaveLength(1);
    const written = readFileSync(join(cache, file!));
    expect(written.length).toBeGreaterThan(1000);
    const second = runCli(ARGS, env);
    expect(second).toEqual(first);
    // An accepted cache is left as it is.
    expect(readFileSync(join(cache, file!)).equals(written)).toBe(true);
    expect(runCli(ARGS, { DELTAGRAD_CODE_CACHE: 'off' })).toEqual(first);
  });

  it('a corrupt or truncated cache is rejected, the run prints the same, and the cache is rewritten', () => {
    const cache = tempDir();
    const env = { DELTAGRAD_CODE_CACHE: cache };
    const reference = runCli(ARGS, env);
    const file = join(cache, cacheFiles(cache)[0]!);
    const good = readFileSync(file);
    const garbage = Buffer.alloc(good.length, 0x5a);
    writeFileSync(file, garbage);
    expect(runCli(ARGS, env)).toEqual(reference);
    // Rewritten by the run that rejected it (what a run compiles varies a little: not the same bytes).
    const rewritten = readFileSync(file);
    expect(rewritten.equals(garbage)).toBe(false);
    expect(rewritten.subarray(0, 16).equals(good.subarray(0, 16))).toBe(true);
    const half = good.subarray(0, good.length >> 1);
    writeFileSync(file, half);
    expect(runCli(ARGS, env)).toEqual(reference);
    expect(readFileSync(file).length).toBeGreaterThan(half.length);
  });

  it('a changed bundle never reads the cache of the old one, which is replaced', () => {
    // A copy of the built CLI, so that changing its bundle leaves the real one alone.
    const copy = join(tempDir(), 'dist');
    cpSync(dirname(CLI), copy, { recursive: true });
    const cache = tempDir();
    const run = () =>
      spawnSync(process.execPath, [join(copy, 'cli.js'), ...ARGS], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', DELTAGRAD_CODE_CACHE: cache },
      });
    const before = run();
    expect(before.status).toBe(0);
    const [old] = cacheFiles(cache);
    // Same program, one line longer: another size and time, so another cache.
    appendFileSync(join(copy, 'deltagrad.js'), '\n// changed\n');
    const after = run();
    expect(after.stdout).toBe(before.stdout);
    expect(after.status).toBe(0);
    const now = cacheFiles(cache);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(old);
  });

  it('by default it lives in the user cache directory (XDG_CACHE_HOME, else ~/.cache)', () => {
    const xdg = tempDir();
    const home = tempDir();
    const base = { DELTAGRAD_CODE_CACHE: '', HOME: home };
    expect(runCli(['xor', '--epochs', '5', '--quiet'], { ...base, XDG_CACHE_HOME: xdg }).code).toBe(0);
    expect(cacheFiles(join(xdg, 'deltagrad'))).toHaveLength(1);
    expect(runCli(['xor', '--epochs', '5', '--quiet'], { ...base, XDG_CACHE_HOME: '' }).code).toBe(0);
    expect(cacheFiles(join(home, '.cache', 'deltagrad'))).toHaveLength(1);
  });

  it('off writes nothing', () => {
    const cache = tempDir();
    const r = runCli(['xor', '--epochs', '5', '--quiet'], {
      DELTAGRAD_CODE_CACHE: 'off',
      XDG_CACHE_HOME: cache,
    });
    expect(r.code).toBe(0);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('a directory that cannot be made is no error', () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const r = runCli(['xor', '--epochs', '5', '--quiet'], { DELTAGRAD_CODE_CACHE: join(blocker, 'cache') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
