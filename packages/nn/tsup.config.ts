import { defineConfig } from 'tsup';

export default defineConfig({
  // The main entry is platform-neutral (browsers, Web Workers); `node` holds the file-system helpers.
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // Node built-ins (only imported by src/node.ts) stay external imports, `node:` prefix kept.
  external: [/^node:/],
  removeNodeProtocol: false,
});
