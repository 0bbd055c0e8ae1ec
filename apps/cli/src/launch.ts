#!/usr/bin/env node
/**
 * The `deltagrad` command's entry point (the package's bin): it runs the bundled program,
 * `deltagrad.js` next to it, through a V8 code cache. Without a cache Node parses and compiles
 * the bundle (some 400 KB) on every run; with one, V8 deserializes the bytecode the previous run
 * compiled, which saves a good part of the command's startup. (Node 20 has no
 * `module.enableCompileCache`; this is what it does, for one file.)
 *
 * The cache is only ever a copy of compiled code, never of results: every run computes
 * everything. It lives in the user's cache directory, outside the repository, named after the
 * bundle's path, size and modification time and Node's version, so a rebuilt bundle or another
 * Node never reads it; V8 also rejects a cache that does not fit the source or its flags, and
 * the launcher then compiles the source as if there were none. A run without a usable cache
 * writes one when it exits (to a temporary file renamed into place, so concurrent runs never
 * read half of one). `DELTAGRAD_CODE_CACHE=off` turns it off; any other value is the directory
 * to keep it in.
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/** The directory the cache lives in: the user's own cache directory, or null (no cache). */
function cacheDir(): string | null {
  const setting = process.env.DELTAGRAD_CODE_CACHE;
  if (setting !== undefined && setting !== '') {
    return ['0', 'off', 'false', 'no'].includes(setting.toLowerCase()) ? null : setting;
  }
  // Per user, never a shared temporary directory: a cache is code this process will run.
  if (platform() === 'win32')
    return process.env.LOCALAPPDATA ? join(process.env.LOCALAPPDATA, 'deltagrad') : null;
  const home = homedir();
  if (platform() === 'darwin') return home ? join(home, 'Library', 'Caches', 'deltagrad') : null;
  const xdg = process.env.XDG_CACHE_HOME;
  return xdg ? join(xdg, 'deltagrad') : home ? join(home, '.cache', 'deltagrad') : null;
}

/** A short hash of a string (FNV-1a, 32 bits), for a file name. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Reads a file, or undefined when it cannot be read (absent, unreadable). */
function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

// Less inlining in V8's optimizing compiler (its budget per function 100 bytes of bytecode, not
// 920): a seed run's time is mostly V8 compiling the hot functions of three engines while they
// warm up, and smaller compilations finish sooner and take less of the machine. Measured on
// `deltagrad xor`: 80 ms less CPU, 20–50 ms less wall time; long runs (100,000 epochs, a
// 2-16-16-1 net) run as fast as with the default. Flags change no result, only how V8 compiles.
// Set before the bundle is compiled: the code cache is checked against the flags too.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=100');

const program = fileURLToPath(new URL('./deltagrad.js', import.meta.url));
const { size, mtimeMs } = statSync(program);
// The build makes the bundle ASCII (esbuild's charset 'ascii'), so latin1 decodes it exactly,
// without UTF-8 decoding, into a one-byte string.
let source = readFileSync(program, 'latin1');
// A shebang is not JavaScript inside the function below; a comment keeps the line numbers.
if (source.startsWith('#!')) source = `//${source.slice(2)}`;
// The CommonJS module wrapper, as Node's own loader puts it around a file.
const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

let dir: string | null = null;
try {
  dir = cacheDir();
} catch {
  // No home directory to be found (os.homedir throws): no cache.
}
// One cache per bundle path: the caches of its earlier builds are removed when a new one is made.
const prefix = `cli-${hash(program)}-`;
const cacheFile =
  dir === null
    ? null
    : join(dir, `${prefix}${size}-${Math.round(mtimeMs)}-${process.version}-${process.arch}.v8cache`);
const cachedData = cacheFile === null ? undefined : readIfThere(cacheFile);
const script = new Script(wrapped, { filename: program, ...(cachedData ? { cachedData } : {}) });

if (cacheFile !== null && (cachedData === undefined || script.cachedDataRejected)) {
  // At exit the bytecode of every function the run compiled is in memory: all of it goes into
  // the cache, not just what V8 compiles up front. A cache that cannot be written is no error.
  process.once('exit', () => {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(cacheFile), { recursive: true });
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
      for (const name of readdirSync(dirname(cacheFile))) {
        const old = join(dirname(cacheFile), name);
        if (name.startsWith(prefix) && name.endsWith('.v8cache') && old !== cacheFile) unlinkSync(old);
      }
    } catch {
      try {
        unlinkSync(temporary);
      } catch {
        // Nothing was written.
      }
    }
  });
}

const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(program), module, program, dirname(program));
