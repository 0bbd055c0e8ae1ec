/**
 * The README's examples run as written and print what they say. Every ```js block runs (a
 * block whose first line is `// …continuing the example above` runs after the one before it),
 * with its imports bound to the packages, in a fresh temporary directory (the fixtures it names
 * under test/fixtures/ are read from the package), after `manualSeed(0)` as in a new program.
 *
 * A `console.log(…)` whose line ends in `// text` must print exactly `text` (up to an optional
 * ` — explanation`; `// ≈ …` is not checked); one followed by comment lines must print those
 * lines. Each call is checked every time it prints.
 */
import * as fsp from 'node:fs/promises';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import * as core from '@deltagrad/core';
import * as nn from '@deltagrad/nn';
import * as nnNode from '@deltagrad/nn/node';
import * as random from '@deltagrad/random';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MODULES: Record<string, unknown> = {
  '@deltagrad/core': core,
  '@deltagrad/nn': nn,
  '@deltagrad/nn/node': nnNode,
  '@deltagrad/random': random,
  'node:fs/promises': fsp,
};
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const CONTINUES = '// …continuing the example above';

interface Block {
  /** The README line of the block's first code line. */
  line: number;
  code: string;
  /** Source line (within `code`) → the exact text it must print, for each checked console.log. */
  expected: Map<number, string>;
}

/** The ```js blocks of the README, continuation blocks joined to the block before. */
function blocksOf(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```js') continue;
    const start = i + 1;
    let end = start;
    while (lines[end] !== '```') end++;
    const code = lines.slice(start, end);
    const previous = blocks.at(-1);
    const joined = code[0] === CONTINUES && previous ? [...previous.code.split('\n'), ...code] : code;
    if (code[0] === CONTINUES && previous) blocks.pop();
    blocks.push({
      line: previous && code[0] === CONTINUES ? previous.line : start + 1,
      code: joined.join('\n'),
      expected: expectations(joined),
    });
    i = end;
  }
  return blocks;
}

/** What each console.log line must print (see the file's documentation). */
function expectations(code: readonly string[]): Map<number, string> {
  const out = new Map<number, string>();
  code.forEach((line, k) => {
    if (!line.includes('console.log(')) return;
    const trailing = /\);\s*\/\/ (.*)$/.exec(line);
    if (trailing) {
      if (!trailing[1]!.startsWith('≈')) out.set(k, trailing[1]!.split(' — ')[0]!);
      return;
    }
    const following: string[] = [];
    for (let j = k + 1; j < code.length && /^\/\/( |$)/.test(code[j]!); j++)
      following.push(code[j]!.slice(3));
    if (following.length > 0) out.set(k, following.join('\n'));
  });
  return out;
}

/** The block as the body of an async function: imports bound to MODULES, console.log recorded per line. */
function compile(block: Block): string {
  return block.code
    .replace(/import\s*\{([^}]*)\}\s*from\s*'([^']+)';/g, (_, names: string, from: string) => {
      if (!(from in MODULES)) throw new Error(`README imports ${from}, which the test does not provide`);
      const bindings = names
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .map((n) => n.replace(/\s+as\s+/, ': '));
      // Keep the line count: the import may span several lines.
      return `const { ${bindings.join(', ')} } = __modules[${JSON.stringify(from)}];${'\n'.repeat(names.split('\n').length - 1)}`;
    })
    .split('\n')
    .map((line, k) => line.replace('console.log(', `__log(${k}, `))
    .join('\n')
    .replaceAll("'test/fixtures/", `'${FIXTURES}`);
}

/** The block's first statement after its imports, for the test's name. */
function titleOf(block: Block): string {
  const lines = block.code.split('\n');
  const afterImports = lines.findLastIndex((l) => /from '[^']+';$/.test(l)) + 1;
  return (
    lines
      .slice(afterImports)
      .find((l) => l.trim() && !l.startsWith('//'))
      ?.slice(0, 70) ?? ''
  );
}

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
const AsyncFunction = (async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<void>;

describe('README examples', () => {
  const cwd = process.cwd();
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deltagrad-readme-'));
    process.chdir(dir);
  });
  afterAll(async () => {
    process.chdir(cwd);
    await rm(dir, { recursive: true, force: true });
  });

  for (const block of blocksOf(readme)) {
    it(`README.md line ${block.line}: ${titleOf(block)}`, { timeout: 120_000 }, async () => {
      const printed = new Map<number, string[]>();
      const log = (line: number, ...args: unknown[]) => {
        printed.set(line, [...(printed.get(line) ?? []), format(...args)]);
      };
      const stderr: string[] = [];
      const fakeProcess = { stderr: { write: (s: string) => stderr.push(s), isTTY: false } };
      nn.manualSeed(0);
      await new AsyncFunction('__modules', '__log', 'process', compile(block))(MODULES, log, fakeProcess);
      for (const [line, text] of block.expected) {
        const lines = printed.get(line);
        expect(lines, `README line ${block.line + line} should print`).toBeDefined();
        for (const out of lines!) expect(out, `README line ${block.line + line}`).toBe(text);
      }
    });
  }

  it('finds the examples it runs', () => {
    const blocks = blocksOf(readme);
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    expect(blocks.reduce((n, b) => n + b.expected.size, 0)).toBeGreaterThanOrEqual(12);
  });
});
