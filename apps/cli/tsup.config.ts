import { defineConfig } from 'tsup';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // The shebang lives in src/cli.ts only (a banner too would duplicate it).
});
