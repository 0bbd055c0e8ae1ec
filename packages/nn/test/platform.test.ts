import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('the main entry is platform-neutral (browsers, Web Workers)', () => {
  it('no module but src/node.ts imports Node built-ins or uses Node globals, and none imports node.ts', () => {
    for (const file of sources(src)) {
      const name = relative(src, file);
      if (name === 'node.ts') continue;
      // Code only: documentation may mention `process.stderr` as what a caller passes in.
      const text = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(text, name).not.toMatch(/from '(node:|fs|path|os|crypto)/);
      expect(text, name).not.toMatch(/\b(process|Buffer|__dirname|require)\b[.(]/);
      expect(text, name).not.toMatch(/from '\.\/node'/);
    }
  });
});
