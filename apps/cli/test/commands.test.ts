import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

describe('deltagrad sweep', () => {
  it('classifies seeds and writes a summary line with --json', () => {
    const r = runCli(['sweep', '--seeds', '40..47', '--epochs', '3000', '--json']);
    expect(r.code).toBe(0);
    const events = r.lines.map((l) => JSON.parse(l));
    const seeds = events.filter((e) => e.type === 'seed');
    expect(seeds.map((s) => s.seed)).toEqual([40, 41, 42, 43, 44, 45, 46, 47]);
    for (const s of seeds) {
      expect(Object.keys(s).sort()).toEqual(['converged', 'maxAbsGradDiff', 'mse', 'seed', 'type']);
    }
    const summary = events.at(-1);
    expect(summary.type).toBe('sweep');
    expect(summary.seeds).toBe(8);
    expect(summary.converged + summary.stuck.length).toBe(8);
    expect(summary.stuck).toContain(42);
    expect(summary.stuck).toEqual(seeds.filter((s) => !s.converged).map((s) => s.seed));
  });

  it('prints a histogram and the stuck seeds', () => {
    const r = runCli(['sweep', '--seeds', '42', '--epochs', '500', '--threads', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 of 1 converged/);
    expect(r.stdout).toMatch(/final MSE/);
    expect(r.stdout).toMatch(/stuck seeds: 42/);
  });
});

describe('deltagrad gradcheck', () => {
  it('runs the harness on one op and prints a table row', () => {
    const r = runCli(['gradcheck', '--op', 'sigmoid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sigmoid/);
    expect(r.stdout).toMatch(/1 ops: every check passed/);
  });
});

describe('deltagrad graph', () => {
  it('prints Graphviz DOT by default', () => {
    const r = runCli(['graph']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('digraph deltagrad {')).toBe(true);
    expect(r.stdout).toMatch(/W1 \| \[2, 2\] \| data 0\.4967 -0\.1383 0\.6477 1\.523 \| grad /);
  });

  it('prints the graph as JSON with values and gradients', () => {
    const r = runCli(['graph', '--format', 'json']);
    const g = JSON.parse(r.stdout);
    const names = g.nodes.map((n: { name: string | null }) => n.name);
    for (const name of ['X', 'W1', 'b1', 'z1', 'a1', 'W2', 'b2', 'z2', 'a2', 'L'])
      expect(names).toContain(name);
    const W1 = g.nodes.find((n: { name: string }) => n.name === 'W1');
    expect(W1.value).toEqual([
      0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254,
    ]);
    expect(W1.grad).toHaveLength(4);
    expect(g.root).toBe(g.nodes.at(-1).id);
  });
});
