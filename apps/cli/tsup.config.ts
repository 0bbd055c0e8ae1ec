import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';
import pkg from './package.json' with { type: 'json' };

// The sweep's worker script, as @deltagrad/crosscheck publishes it: bundled below as an entry of
// its own, next to the chunk that starts it (`new URL('./sweep-worker.js', import.meta.url)`).
const crosscheck = dirname(createRequire(import.meta.url).resolve('@deltagrad/crosscheck/package.json'));

export default defineConfig({
  entry: { cli: 'src/cli.ts', 'sweep-worker': join(crosscheck, 'dist/sweep-worker.js') },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // One program, not a tree of packages: the workspace packages and the command's own
  // dependencies are bundled in, so a run resolves and opens a handful of files instead of
  // dozens (about 40 ms of CPU of `deltagrad xor`'s startup). Commands still load on demand
  // (their chunks), and the engines only with `xor` and `graph`.
  noExternal: [/^@deltagrad\//, 'commander', 'picocolors', 'cli-progress'],
  // commander and cli-progress are CommonJS: their require() of Node's modules needs a real one.
  // (The shebang lives in src/cli.ts only; esbuild keeps it above this line.)
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
