import { defineConfig } from 'vitest/config';

/**
 * The repo's shared Vitest settings (../../vitest.shared.ts), restated here because this app's
 * Vitest runs on Vite 7 (the app's bundler) and the shared file's types come from the root's.
 * Only the unit tests under src/ run: e2e/*.spec.ts belong to Playwright.
 */
const conditions = ['@deltagrad/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@deltagrad/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
