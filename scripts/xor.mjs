#!/usr/bin/env node
// `pnpm xor`: builds the CLI and what it depends on (turbo-cached, quiet unless it fails),
// then runs `deltagrad xor` with any extra arguments.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--filter=@deltagrad/cli...', '--output-logs=errors-only'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  },
);
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  process.stderr.write('pnpm xor: the build failed (output above)\n');
  process.exit(build.status ?? 1);
}
const run = spawnSync(
  process.execPath,
  [join(root, 'apps/cli/dist/cli.js'), 'xor', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(run.status ?? 1);
