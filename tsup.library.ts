import { defineConfig, type Options } from 'tsup';

/**
 * The build every library shares: ESM only (CommonJS consumers use Node's require(esm)), with
 * .d.ts and sourcemaps, ES2022, platform-neutral so it runs in Node, browsers and workers.
 * A package passes only what differs (more entries, Node built-ins).
 */
export function library(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    ...overrides,
  });
}
