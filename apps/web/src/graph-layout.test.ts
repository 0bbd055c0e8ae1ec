import { initialParams, traceStep } from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';
import { layoutGraph } from './graph-layout';
import { defaultState, toConfig } from './state';

describe('layoutGraph', () => {
  it('lays out the seed network’s graph in ranks, every edge going forward', () => {
    const config = toConfig(defaultState());
    const { graph } = traceStep(config, initialParams(config));
    const layout = layoutGraph(graph);
    const byName = new Map(graph.nodes.map((n) => [n.name ?? `#${n.id}`, layout.position.get(n.id)!]));
    expect(byName.get('X')!.rank).toBe(0);
    expect(byName.get('W2')!.rank).toBe(byName.get('XW2')!.rank - 1);
    expect(byName.get('L')!.rank).toBe(layout.ranks - 1);
    for (const e of graph.edges)
      expect(layout.position.get(e.from)!.rank).toBeLessThan(layout.position.get(e.to)!.rank);
    const taken = new Set([...layout.position.values()].map((p) => `${p.rank}:${p.slot}`));
    expect(taken.size).toBe(graph.nodes.length);
    expect(layout.width).toBe(2);
  });
});
