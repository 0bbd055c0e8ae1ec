import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built binary: CLI tests run it as users do, in a subprocess. */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  lines: string[];
}

/** Runs `deltagrad ...args` (no TTY, no color) and collects its output. */
export function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`pnpm build\` first (turbo does it before tests)`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
  return {
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    lines: r.stdout.split('\n').filter(Boolean),
  };
}
