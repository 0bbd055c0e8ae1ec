import { ACTIVATIONS, initialParams, LOSSES, traceStep } from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';
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

describe('op labels', () => {
  const traces = everyTrace();

  it('label every op of every traced loss and activation', () => {
    const ops = new Set(traces.flatMap(({ trace }) => trace.graph.nodes.map((n) => n.op)));
    ops.delete(null);
    // div under MSE; compare, where, log and neg under BCE: they used to have no label.
    for (const op of ['div', 'compare', 'where', 'log', 'neg']) expect(ops).toContain(op);
    for (const op of ops) expect(OP_LABELS, `no label for ${op}`).toHaveProperty(op as string);
  });

  it('find the roles the equations need on every traced graph', () => {
    for (const { config, trace } of traces) {
      const L = config.layers.length - 1;
      const roles = trace.graph.nodes.map((n) => n.role);
      for (const role of ['input', 'target', 'loss'] as const)
        expect(roles.filter((r) => r.role === role)).toHaveLength(1);
      expect(roles).toContainEqual({ role: 'preactivation', layer: L, output: true });
      expect(roles).toContainEqual({ role: 'param', layer: 1, kind: 'W' });
      // Every op node the card explains by its op (not by its role) has a label.
      for (const n of trace.graph.nodes)
        if (n.role.role === 'lossStep') expect(OP_LABELS).toHaveProperty(n.op!);
    }
  });
});
