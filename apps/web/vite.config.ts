import { defaultClientConditions, defineConfig } from 'vite';

/**
 * Sibling @deltagrad packages resolve to their TypeScript sources (the "@deltagrad/source"
 * export condition), in the page and in the Web Worker alike, so the demo never needs them built.
 * `base: './'` makes the build output relocatable: dist/ can be served from any path.
 */
const conditions = ['@deltagrad/source', ...defaultClientConditions];

export default defineConfig({
  base: './',
  resolve: { conditions },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 800 },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
