import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * Regenerates docs/screenshot.png (the root README's picture): `pnpm --filter @deltagrad/web
 * screenshot`. The same browser and server as the end-to-end tests, but its own folder, so the
 * test suite never writes the tracked image.
 */
export default defineConfig({
  ...base,
  testDir: './screenshot',
  outputDir: './test-results/screenshot',
  reporter: 'list',
});
