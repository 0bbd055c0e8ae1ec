import { defineConfig } from 'vitest/config';

/**
 * Shared Vitest config for every package. Sibling @deltagrad packages resolve to their
 * TypeScript sources through the "@deltagrad/source" export condition, so tests never need
 * a prior build and always see the current code.
 */
const conditions = ['@deltagrad/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@deltagrad/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
