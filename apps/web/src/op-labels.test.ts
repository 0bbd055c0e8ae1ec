import { ACTIVATIONS, initialParams, LOSSES, traceStep } from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';
import { roleOf } from './node-role';
import { OP_LABELS } from './op-labels';
import { defaultState, toConfig } from './state';

/** The traced graph of every loss with every hidden and output activation it allows. */
function everyTrace() {
  const traces = [];
  for (const loss of LOSSES) {
    for (const activation of ACTIVATIONS) {
      for (const outputActivation of ACTIVATIONS) {
        if (loss === 'bce' && outputActivation !== 'sigmoid') continue;
        const config = toConfig({ ...defaultState(), loss, activation, outputActivation });
        traces.push({ config, trace: traceStep(config, initialParams(config)) });
      }
    }
  }
  return traces;
}

describe('op labels and node roles', () => {
  const traces = everyTrace();

  it('label every op of every traced loss and activation', () => {
    const ops = new Set(traces.flatMap(({ trace }) => trace.graph.nodes.map((n) => n.op)));
    ops.delete(null);
    // div under MSE; compare, where, log and neg under BCE: they used to have no label.
    for (const op of ['div', 'compare', 'where', 'log', 'neg']) expect(ops).toContain(op);
    for (const op of ops) expect(OP_LABELS, `no label for ${op}`).toHaveProperty(op as string);
  });

  it('give every named node its role in the equations, layers 1-based', () => {
    for (const { config, trace } of traces) {
      const L = config.layers.length - 1;
      const roles = new Map(trace.graph.nodes.map((n) => [n.name ?? `#${n.id}`, roleOf(n, L)]));
      expect(roles.get('X')).toEqual({ role: 'input' });
      expect(roles.get('y')).toEqual({ role: 'target' });
      expect(roles.get('L')).toEqual({ role: 'loss' });
      expect(roles.get('W1')).toEqual({ role: 'param', layer: 1, kind: 'W' });
      expect(roles.get(`b${L}`)).toEqual({ role: 'param', layer: L, kind: 'b' });
      expect(roles.get(`XW${L}`)).toEqual({ role: 'product', layer: L });
      expect(roles.get(`z${L}`)).toEqual({ role: 'preactivation', layer: L, output: true });
      expect(roles.get('z1')).toEqual({ role: 'preactivation', layer: 1, output: L === 1 });
      if (config.outputActivation !== 'identity')
        expect(roles.get(`a${L}`)).toEqual({ role: 'activation', layer: L, output: true });
      const unnamed = trace.graph.nodes.filter((n) => n.name === null);
      for (const n of unnamed) expect(roleOf(n, L).role).toBe(n.op === null ? 'constant' : 'lossStep');
    }
  });
});
