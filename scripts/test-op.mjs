#!/usr/bin/env node
// Runs one op's harness checks: `pnpm test:op <op>` (for example `pnpm test:op sigmoid`).
//
// The op is a spec name of packages/testing/src/specs/index.ts (a primitive of core's op table
// or a composite such as softmax). Runs packages/testing/test/ops.test.ts with Vitest, filtered
// to that spec's tests, which print `harness: ran 1 specs (…), N checks`. Exits 2 with one line
// on stderr for a missing or unknown name; otherwise with Vitest's exit code.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const testing = join(root, 'packages/testing');
const USAGE = 'usage: pnpm test:op <op>   (for example: pnpm test:op sigmoid)';

function refuse(message) {
  process.stderr.write(`test:op: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args[0] === '--help' || args[0] === '-h') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.length !== 1)
  refuse(args.length === 0 ? `no op name given. ${USAGE}` : `give one op name. ${USAGE}`);
const [op] = args;

// The spec names, as allSpecs lists them (`  sigmoidSpec,` is the spec of op 'sigmoid').
const index = readFileSync(join(testing, 'src/specs/index.ts'), 'utf8');
const known = [...index.matchAll(/^ {2}(\w+)Spec,$/gm)].map((m) => m[1]);
if (!known.includes(op)) {
  refuse(`no harness spec named "${op}" (known: ${known.join(', ')}); pnpm new:op ${op} makes one`);
}

// Vitest names each check "<group> <op> <check>" (for example "primitive sigmoid gradcheck [3]").
const manifest = createRequire(join(testing, 'package.json')).resolve('vitest/package.json');
const vitest = join(dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).bin.vitest);
const result = spawnSync(
  process.execPath,
  [vitest, 'run', 'test/ops.test.ts', '--testNamePattern', `^(primitive|composite) ${op} `],
  { cwd: testing, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
