#!/usr/bin/env node
// Makes sure the Playwright tests have a Chromium, before `playwright test` runs (apps/web's
// test:e2e). Playwright cannot download its browser on every machine (no network to its CDN),
// so the order is: PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, Debian's /usr/bin/chromium,
// Playwright's own downloaded browser; failing all three, as root with apt-get (CI, a fresh
// Debian machine) it installs Debian's chromium; otherwise it says how to get one and fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

function playwrightsOwn() {
  try {
    const require = createRequire(join(process.cwd(), 'package.json'));
    const path = require('@playwright/test').chromium.executablePath();
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function found() {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  return playwrightsOwn();
}

let browser = found();
const canApt = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
if (!browser && !process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH && canApt) {
  console.log('ensure-browser: no Chromium found; installing Debian’s chromium with apt-get');
  const apt = (args) =>
    spawnSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  if (apt(['update', '-qq']).status === 0 && apt(['install', '-y', '-qq', 'chromium']).status === 0)
    browser = found();
}
if (!browser) {
  console.error(
    'ensure-browser: no Chromium for the browser tests — install Debian’s chromium (apt-get install chromium), run `pnpm --filter @deltagrad/web exec playwright install chromium`, or set PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH',
  );
  process.exit(1);
}
console.log(`ensure-browser: using ${browser}`);
