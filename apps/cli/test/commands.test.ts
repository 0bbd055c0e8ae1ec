import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

describe('deltagrad sweep', () => {
  it('classifies seeds by outcome and writes a summary line with --json', () => {
    const r = runCli(['sweep', '--seeds', '40..47', '--epochs', '3000', '--json']);
    expect(r.code).toBe(0);
    const events = r.lines.map((l) => JSON.parse(l));
    const seeds = events.filter((e) => e.type === 'seed');
    expect(seeds.map((s) => s.seed).sort((a, b) => a - b)).toEqual([40, 41, 42, 43, 44, 45, 46, 47]);
    for (const s of seeds) {
      expect(Object.keys(s).sort()).toEqual([
        'converged',
        'maxAbsGradDiff',
        'mse',
        'outcome',
        'seed',
        'type',
      ]);
      expect(['learned', 'slow', 'stuck', 'diverged']).toContain(s.outcome);
      expect(s.converged).toBe(s.outcome === 'learned');
    }
    const summary = events.at(-1);
    expect(summary.type).toBe('sweep');
    expect(summary.seeds).toBe(8);
    const { learned, slow, stuck, diverged } = summary.counts;
    expect(learned + slow + stuck + diverged).toBe(8);
    expect(summary.converged).toBe(learned);
    const of = (name: string) =>
      seeds
        .filter((s) => s.outcome === name)
        .map((s) => s.seed)
        .sort((a, b) => a - b);
    expect(summary.stuck).toEqual(of('stuck'));
    expect(summary.slow).toEqual(of('slow'));
    expect(summary.diverged).toEqual(of('diverged'));
    // Seed 42 has not learned XOR by epoch 3000.
    expect(seeds.find((s) => s.seed === 42).converged).toBe(false);
  });

  it('counts diverged seeds as diverged in --json, not as stuck (regression: "mse": null counted as stuck)', () => {
    const r = runCli([
      'sweep',
      '--seeds',
      '0..2',
      '--epochs',
      '50',
      '--layers',
      '2,8,8,1',
      '--activation',
      'identity',
      '--init',
      'he',
      '--lr',
      '1e308',
      '--threads',
      '1',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const events = r.lines.map((l) => JSON.parse(l));
    const seeds = events.filter((e) => e.type === 'seed');
    expect(seeds.map((s) => s.outcome)).toEqual(['diverged', 'diverged', 'diverged']);
    const summary = events.at(-1);
    expect(summary.counts).toEqual({ learned: 0, slow: 0, stuck: 0, diverged: 3 });
    expect(summary.stuck).toEqual([]);
    expect(summary.diverged).toEqual([0, 1, 2]);
  });

  it('prints a histogram and the seeds of each outcome', () => {
    const r = runCli(['sweep', '--seeds', '42', '--epochs', '500', '--threads', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 of 1 learned/);
    expect(r.stdout).toMatch(/final MSE/);
    expect(r.stdout).toMatch(/\n(slow|stuck) seeds \([^)]*\): 42\n/);
  });
});

describe('deltagrad gradcheck', () => {
  it('runs the harness on one op and prints a table row', () => {
    const r = runCli(['gradcheck', '--op', 'sigmoid']);
    expect(r.code).toBe(0);
    const [header, row] = r.stdout.split('\n');
    // Each derivative two ways: VJP and JVP against finite differences, JVP against VJP.
    expect(header).toMatch(
      /^op\s+kind\s+checks\s+failed\s+forward\s+vjp-fd\s+jvp-fd\s+jvp-vjp\s+gradgrad\s+hessian\s+vmap\s+status$/,
    );
    const cells = row!.split(/\s+/);
    expect(cells[0]).toBe('sigmoid');
    expect(Number(cells[6])).toBeLessThan(1e-6); // jvp-fd
    expect(Number(cells[7])).toBeLessThanOrEqual(1e-12); // jvp-vjp
    expect(cells[10]).toBe('0'); // vmap: bit-identical
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
