import { readFileSync } from 'node:fs';
import * as main from '@deltagrad/crosscheck';
import * as options from '@deltagrad/crosscheck/options';
import { describe, expect, it } from 'vitest';

const src = new URL('../src/', import.meta.url);

/**
 * Every module `file` loads, transitively, by specifier (relative ones are followed). Type-only
 * statements (`import type …`, `export type …`) load nothing and are skipped.
 */
function importsOf(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(new URL(file, src), 'utf8');
  for (const [, spec] of text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)) {
    if (spec!.startsWith('./')) importsOf(`${spec!.slice(2)}.ts`, seen);
    else seen.add(spec!);
  }
  return seen;
}

describe('@deltagrad/crosscheck/options', () => {
  // The web demo's first view built its controls from OPTIONS and got the engines with them
  // (options.ts read METHODS from the record that holds the engines): 48.5 → 72 KB gzipped.
  it('loads no engine: neither @deltagrad/nn nor @deltagrad/core nor the record of methods', () => {
    const reached = importsOf('options-entry.ts');
    expect([...reached].filter((m) => m.startsWith('@deltagrad/'))).toEqual(['@deltagrad/manual']);
    for (const engine of ['methods.ts', 'autodiff-engine.ts', 'manual-engine.ts', 'params.ts'])
      expect(reached.has(engine), engine).toBe(false);
  });

  it('exports the same objects as the main entry', () => {
    const everything = new Map(Object.entries(main));
    for (const [name, value] of Object.entries(options)) expect(everything.get(name), name).toBe(value);
    expect(options.OPTIONS.lr.label).toBe('Learning rate');
    expect(options.OPTIONS.activation.info).toBe(options.ACTIVATION_INFO);
  });
});
