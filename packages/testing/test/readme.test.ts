import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The README's examples, run; what they print is checked against the README's text.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The code block that follows `heading` in the README. */
function blockAfter(heading: string): string {
  const at = readme.indexOf(heading);
  expect(at, `README has "${heading}"`).toBeGreaterThanOrEqual(0);
  return /```(?:js|ts)\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('README', () => {
  it('the op of your own is the pack-smoke script, and prints what its comments say', async () => {
    const script = new URL('../pack-smoke/user-op.mjs', import.meta.url);
    expect(blockAfter('## Check an op of your own')).toBe(readFileSync(script, 'utf8'));
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(format(...args));
    });
    await import(script.href);
    const comments = [...readFileSync(script, 'utf8').matchAll(/^console\.log\(.*\); \/\/ (.*)$/gm)].map(
      (m) => m[1],
    );
    expect(comments).toEqual(['[ 0.25, 0.0625 ]', 'true 39']);
    expect(printed).toEqual(comments);
  });
});
