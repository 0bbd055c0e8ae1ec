import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';
import pkg from './package.json' with { type: 'json' };

// The sweep's worker script, as @deltagrad/crosscheck publishes it: bundled below as an entry of
// its own, next to the program that starts it (`new URL('./sweep-worker.js', import.meta.url)`).
const crosscheck = dirname(createRequire(import.meta.url).resolve('@deltagrad/crosscheck/package.json'));
const dist = join(dirname(fileURLToPath(import.meta.url)), 'dist');

export default defineConfig({
  entry: {
    // The bin: a launcher that runs the program through V8's code cache (src/launch.ts).
    cli: 'src/launch.ts',
    // The program: every command and what it uses.
    deltagrad: 'src/cli.ts',
    'sweep-worker': join(crosscheck, 'dist/sweep-worker.js'),
  },
  // CommonJS, as dist/package.json declares (written below): Node then starts the command
  // without its ES module loader, and a script with a code cache is CommonJS anyway.
  format: ['cjs'],
  outExtension: () => ({ js: '.js' }),
  splitting: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // One program, not a tree of packages: the workspace packages and the command's own
  // dependencies are bundled in, so a run opens one file; the commands' modules are still
  // evaluated only when their command runs.
  noExternal: [/^@deltagrad\//, 'commander', 'picocolors', 'cli-progress'],
  // import.meta.url (the sweep's worker, the launcher) from __filename.
  shims: true,
  // Node's modules keep their node: prefix (Node 20 has it): the plugin below sees it.
  removeNodeProtocol: false,
  // Less to read and to hold as a string on every run; names are kept (stack traces).
  minifyWhitespace: true,
  esbuildOptions(options) {
    // ASCII only (other characters as escapes): the launcher reads the program as latin1.
    options.charset = 'ascii';
  },
  esbuildPlugins: [
    {
      // commander requires child_process (for git-style subcommands, which deltagrad has none
      // of) as it loads: a few milliseconds of Node's modules on every run. It gets the module
      // on first use instead.
      name: 'lazy-child-process',
      setup(build) {
        build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
          args.importer.includes('commander')
            ? { path: 'lazy-child-process', namespace: 'lazy-child-process' }
            : undefined,
        );
        build.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
          contents:
            "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
          loader: 'js',
        }));
      },
    },
  ],
  async onSuccess() {
    writeFileSync(join(dist, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
    const bytes = readFileSync(join(dist, 'deltagrad.js'));
    const at = bytes.findIndex((b) => b > 0x7f);
    if (at >= 0)
      throw new Error(`dist/deltagrad.js is not ASCII (byte ${at}); the launcher reads it as latin1`);
  },
});
