import { tensor, toDot, toGraphJSON } from '@deltagrad/core';
import { describe, expect, it } from 'vitest';

describe('graph export', () => {
  const build = () => {
    const x = tensor([[1, 2]]).named('x');
    const w = tensor([[0.5], [-1]], { requiresGrad: true }).named('W');
    const z = x.matmul(w).named('z');
    const loss = z.sigmoid().sum().named('loss');
    return { x, w, z, loss };
  };

  it('toGraphJSON lists tensors inputs-first with values, grads and edges', () => {
    const { w, z, loss } = build();
    loss.backward(undefined, { retainGraph: true });
    const g = toGraphJSON(loss);
    expect(g.root).toBe(loss.id);
    expect(g.nodes.at(-1)!.id).toBe(loss.id);
    const byName = Object.fromEntries(g.nodes.map((n) => [n.name, n]));
    expect(byName.z!.op).toBe('matmul');
    expect(byName.z!.value).toEqual([-1.5]);
    expect(byName.W!.op).toBeNull();
    expect(byName.W!.grad).toEqual(w.grad!.toArray());
    expect(g.edges).toContainEqual({ from: w.id, to: z.id, inputIndex: 1 });
    expect(g.nodes).toHaveLength(5);
  });

  it('op and inputs show the graph read-only, until backward releases it', () => {
    const { x, w, z, loss } = build();
    expect(z.op).toBe('matmul');
    expect(z.inputs).toEqual([x, w]);
    expect(w.op).toBeNull();
    expect(w.inputs).toEqual([]);
    expect(loss.op).toBe('sum');
    loss.backward();
    expect(z.op).toBeNull();
    expect(z.inputs).toEqual([]);
  });

  it('toDot renders micrograd-style records', () => {
    const { loss } = build();
    const dot = toDot(loss);
    expect(dot.startsWith('digraph deltagrad {')).toBe(true);
    expect(dot).toMatch(/shape=record, label="\{ W \| \[2, 1\] \| data 0\.5 -1 \| grad — \}"/);
    expect(dot).toMatch(/label="matmul", shape=ellipse/);
    expect(dot.trim().endsWith('}')).toBe(true);
  });
});
