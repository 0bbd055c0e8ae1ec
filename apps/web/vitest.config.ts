import { defineConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

/** The shared config, but only the unit tests under src/: e2e/*.spec.ts belong to Playwright. */
export default defineConfig({
  ...shared,
  test: { ...shared.test, include: ['src/**/*.test.ts'] },
});
