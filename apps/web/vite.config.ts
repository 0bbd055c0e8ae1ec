import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/**
 * Sibling @deltagrad packages resolve to their TypeScript sources (the "@deltagrad/source"
 * export condition), in the page and in the Web Worker alike, so the demo never needs them built.
 * `base: './'` makes the build output relocatable: dist/ can be served from any path.
 */
const conditions = ['@deltagrad/source', ...defaultClientConditions];

/**
 * KaTeX's stylesheet lists each font as woff2, woff and ttf. Every browser this demo runs in
 * reads woff2, so the other two are never fetched: dropping them from the stylesheet keeps
 * their ~40 files out of dist/.
 */
export const katexWoff2Only: Plugin = {
  name: 'deltagrad:katex-woff2-only',
  enforce: 'pre',
  transform(code, id) {
    if (!/[\\/]katex[\\/].*\.css$/.test(id)) return null;
    return code.replace(/,url\([^)]*\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, '');
  },
};

export default defineConfig({
  base: './',
  plugins: [katexWoff2Only],
  resolve: { conditions },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 800 },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
