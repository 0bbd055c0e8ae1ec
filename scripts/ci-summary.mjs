#!/usr/bin/env node
// Sums the per-package results in a `pnpm test` log (Vitest's "Tests  N passed | M failed"
// lines, pack-smoke's, Playwright's and node:test's counts) into one closing line: "N passed, M failed",
// followed by the Turborepo tasks that exited non-zero (a task can fail before it prints a count).
import { readFileSync } from 'node:fs';

const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const text = readFileSync(process.argv[2] ?? 0, 'utf8').replace(ansi, '');
let passed = 0;
let failed = 0;
let skipped = 0;
const failedTasks = new Set();
for (const line of text.split('\n')) {
  const vitest = line.match(/\bTests\s+(.*)\(\d+\)\s*$/);
  const plain = line.match(/(?:^|\s)(\d+) passed, (\d+) failed\s*$/);
  const playwright = line.match(/^\S*\s*(\d+) (passed|failed|skipped|flaky)\b/);
  const nodeTest = line.match(/^\S*\s*# (pass|fail|skipped) (\d+)\s*$/);
  const task = line.match(/^(@deltagrad\/[\w-]+:[\w:-]+): .*ELIFECYCLE\s+Command failed/);
  if (task) failedTasks.add(task[1]);
  if (vitest) {
    passed += Number(vitest[1].match(/(\d+) passed/)?.[1] ?? 0);
    failed += Number(vitest[1].match(/(\d+) failed/)?.[1] ?? 0);
    skipped += Number(vitest[1].match(/(\d+) skipped/)?.[1] ?? 0);
  } else if (plain) {
    passed += Number(plain[1]);
    failed += Number(plain[2]);
  } else if (nodeTest) {
    const n = Number(nodeTest[2]);
    if (nodeTest[1] === 'pass') passed += n;
    else if (nodeTest[1] === 'fail') failed += n;
    else skipped += n;
  } else if (playwright && /playwright|e2e/.test(line)) {
    const n = Number(playwright[1]);
    if (playwright[2] === 'failed') failed += n;
    else if (playwright[2] === 'skipped') skipped += n;
    else passed += n;
  }
}
console.log(`all test runners: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (failedTasks.size > 0) console.log(`tasks that exited non-zero: ${[...failedTasks].join(', ')}`);
