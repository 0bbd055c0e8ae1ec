import { type Binary, type OpDef, opNames, opTable, type Unary } from '@deltagrad/core';
import { describe, expect, it } from 'vitest';

describe('every primitive states its three rules', () => {
  it.each(opNames.map((name) => [name] as const))('%s has a vjp, a jvp and a batching rule', (name) => {
    const def: OpDef<readonly never[], never> = opTable[name] as never;
    expect(typeof def.vjp, 'vjp').toBe('function');
    expect(typeof def.jvp, 'jvp').toBe('function');
    expect(typeof def.batch, 'batch').toBe('function');
    expect(def.name).toBe(name);
  });

  it('an OpDef without a JVP or a batching rule does not compile', () => {
    const forward: OpDef<Unary>['forward'] = ([x]) => ({ data: x.data, shape: x.shape });
    // @ts-expect-error: jvp and batch are missing
    const incomplete: OpDef<Unary> = { name: 'incomplete', forward, vjp: (g) => [g] };
    const binaryForward: OpDef<Binary>['forward'] = ([a]) => ({ data: a.data, shape: a.shape });
    // @ts-expect-error: batch is missing
    const noBatch: OpDef<Binary> = {
      name: 'noBatch',
      forward: binaryForward,
      vjp: (g) => [g, g],
      jvp: () => null,
    };
    expect([incomplete.name, noBatch.name]).toEqual(['incomplete', 'noBatch']);
  });
});
