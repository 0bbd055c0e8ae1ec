import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The runtime import graph of src/ (type-only imports excluded: they vanish when compiled).
const src = fileURLToPath(new URL('../src/', import.meta.url));
const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.split('\\').join('/'));

function runtimeImports(file: string): string[] {
  const text = readFileSync(join(src, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(
    /^(import|export)\s+(type\s+)?(?:\{([^}]*)\}|\*(?: as \w+)?|\w+)\s+from\s+'(\.[^']+)';/gm,
  )) {
    const [, , typeOnly, names, path] = m;
    if (typeOnly) continue;
    // `import { type A, type B } from …` is type-only too.
    if (names?.split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '))) {
      continue;
    }
    const target = relative(src, join(src, file, '..', `${path}.ts`))
      .split('\\')
      .join('/');
    out.push(target);
  }
  return out;
}

const graph = new Map(files.map((f) => [f, runtimeImports(f)]));

/** Strongly connected components with more than one module (Tarjan), each sorted. */
function cycles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const f of files) if (!idx.has(f)) visit(f);
  return found;
}

describe('the import graph of core', () => {
  it('sees every module and its imports', () => {
    expect(graph.get('tensor.ts')).toContain('functional.ts');
    expect(graph.get('functional.ts')).toContain('engine.ts');
  });

  it('has no cycle through the Tensor class, the engine or the backward pass', () => {
    const inCycle = cycles().flat();
    for (const module of ['tensor.ts', 'engine.ts', 'backward.ts', 'graph-order.ts', 'construct.ts']) {
      expect(inCycle, `${module} is in an import cycle`).not.toContain(module);
    }
  });

  it('has one cycle: the ops and the functional API their derivatives are written with', () => {
    const found = cycles();
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('functional.ts');
    expect(found[0]).toContain('ops/index.ts');
    expect(found[0]!.filter((f) => f !== 'functional.ts' && !f.startsWith('ops/'))).toEqual([]);
  });

  it('reaches an op module only through ops/index.ts, so the table is complete before any op is used', () => {
    // Entering the op cycle at one op's file would evaluate ops/index.ts before that op exists.
    const importers = files.filter((f) =>
      (graph.get(f) ?? []).some((t) => t.startsWith('ops/') && t !== 'ops/index.ts' && t !== 'ops/types.ts'),
    );
    expect(importers.filter((f) => !f.startsWith('ops/'))).toEqual([]);
  });
});
