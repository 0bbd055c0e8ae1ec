import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';
import pkg from './package.json' with { type: 'json' };

// The sweep's worker script, as @deltagrad/crosscheck publishes it: bundled below as an entry of
// its own, next to the program that starts it (`new URL('./sweep-worker.js', import.meta.url)`).
const crosscheck = dirname(createRequire(import.meta.url).resolve('@deltagrad/crosscheck/package.json'));
const dist = join(dirname(fileURLToPath(import.meta.url)), 'dist');

// The builds below run in parallel and each writes only its own files: dist is emptied once,
// here, rather than by one of them while another writes.
rmSync(dist, { recursive: true, force: true });

export default defineConfig([
  {
    // The program: every command and what it uses, in one CommonJS file that the launcher runs
    // through V8's code cache (src/launch.ts). One program, not a tree of packages: the
    // workspace packages and the command's own dependencies are bundled in, so a run opens
    // one file; the commands' modules are still evaluated only when their command runs.
    entry: { deltagrad: 'src/cli.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    define: { __VERSION__: JSON.stringify(pkg.version) },
    noExternal: [/^@deltagrad\//, 'commander', 'picocolors', 'cli-progress'],
    // import.meta.url (the sweep's worker) from __filename, which the launcher passes.
    shims: true,
    // Less to read and to hold as a string on every run; names are kept (stack traces).
    minifyWhitespace: true,
    esbuildOptions(options) {
      // ASCII only (other characters as escapes): the launcher reads it as latin1.
      options.charset = 'ascii';
    },
    async onSuccess() {
      const bytes = readFileSync(join(dist, 'deltagrad.cjs'));
      const at = bytes.findIndex((b) => b > 0x7f);
      if (at >= 0)
        throw new Error(`dist/deltagrad.cjs is not ASCII (byte ${at}); the launcher reads it as latin1`);
    },
  },
  {
    // The bin (dist/cli.js) and the sweep's worker, as ES modules.
    entry: { cli: 'src/launch.ts', 'sweep-worker': join(crosscheck, 'dist/sweep-worker.js') },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    noExternal: [/^@deltagrad\//],
  },
]);
