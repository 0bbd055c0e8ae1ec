import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: the launcher keeps a V8 code cache in the user's cache directory; the
 * suite's runs keep theirs in one temporary directory instead (set before the test workers
 * start, so every CLI subprocess inherits it, and removed at the end): the tests write nothing
 * into the home directory. launch.test.ts covers the default location explicitly.
 */
export default function setup(): () => void {
  if (process.env.DELTAGRAD_CODE_CACHE !== undefined) return () => {};
  const cache = mkdtempSync(join(tmpdir(), 'deltagrad-cli-cache-'));
  process.env.DELTAGRAD_CODE_CACHE = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
