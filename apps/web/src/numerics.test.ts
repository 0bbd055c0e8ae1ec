import {
  difference,
  entryOf,
  experimentEvents,
  finiteDifferenceGradients,
  fromTable,
  GRADIENT_METHOD_NAMES,
  initialParams,
  splitOf,
  traceStep,
} from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';
import { activations, domainOf, gridPoints } from './numerics';
import { defaultState, toConfig } from './state';

const XOR_X = Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]);

function firstEvent(overrides = {}) {
  const config = toConfig({ ...defaultState(), ...overrides });
  const next = experimentEvents(config, { table: true }).next();
  if (next.done || next.value.type !== 'epoch') throw new Error('no epoch event');
  return { config, event: next.value };
}

describe('numerics', () => {
  it('reads the parameters of an epoch event back into layers', () => {
    const { config, event } = firstEvent();
    const layers = fromTable(config.layers, event.params!);
    const start = initialParams(config);
    expect(layers.map((p) => Array.from(p.W))).toEqual(start.map((p) => Array.from(p.W)));
    // The heatmap's forward pass at those parameters gives the traced ŷ.
    const yHat = activations(config, layers, XOR_X).at(-1)!;
    expect(Array.from(yHat.data)).toEqual(traceStep(config, layers).layers.at(-1)!.a.flat());
  });

  it('evaluates the network on the features of the points it is given (x₁², sin x₂, …)', () => {
    const config = toConfig({
      ...defaultState(),
      dataset: 'circle',
      features: ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2'],
      layers: [7, 3, 1],
    });
    const layers = initialParams(config);
    // On the training points (2-D, before the features), the traced ŷ of the same parameters.
    const points = splitOf(config).train.x.data;
    const yHat = activations(config, layers, points).at(-1)!;
    expect(Array.from(yHat.data)).toEqual(traceStep(config, layers).layers.at(-1)!.a.flat());
  });

  it.each(['halfSSE', 'mse', 'bce'] as const)(
    'finite differences of %s match every method’s gradient, row by key',
    (loss) => {
      // Every method, forward mode too (the page's default leaves it off).
      const { config, event } = firstEvent({ loss, method: [...GRADIENT_METHOD_NAMES] });
      const fd = finiteDifferenceGradients(config, fromTable(config.layers, event.params!));
      for (const row of event.params!) {
        for (const method of GRADIENT_METHOD_NAMES) {
          row.gradients[method]!.forEach((g, i) => {
            expect(Math.abs(entryOf(fd, row)[i]! - g)).toBeLessThan(1e-8);
          });
        }
      }
      expect(event.params!.map((p) => p.value)).toEqual(
        firstEvent({ loss }).event.params!.map((p) => p.value),
      );
    },
  );

  it('lays out grids and domains', () => {
    expect(domainOf('xor', XOR_X)).toEqual({ min: -0.5, max: 1.5 });
    expect(domainOf('circle', Float64Array.from([0.5, -0.93]))).toEqual({ min: -1.1, max: 1.1 });
    const g = gridPoints({ min: 0, max: 1 }, 3);
    expect(Array.from(g.slice(0, 6))).toEqual([0, 1, 0.5, 1, 1, 1]);
    expect(Array.from(g.slice(-2))).toEqual([1, 0]);
  });
});

describe('trace', () => {
  it.each([
    { loss: 'mse' as const },
    { loss: 'bce' as const },
    { outputActivation: 'identity' as const },
    { activation: 'identity' as const, layers: [2, 3, 1] },
    { activation: 'relu' as const, loss: 'bce' as const, dataset: 'circle' as const, datasetSize: 50 },
  ])('δ equals the autodiff adjoint for %o', (overrides) => {
    const config = toConfig({ ...defaultState(), ...overrides });
    const trace = traceStep(config, initialParams(config));
    expect(trace.lossName).toBe(config.loss);
    for (const layer of trace.layers) {
      expect(layer.adjoint.length).toBe(layer.delta.length);
      layer.delta.forEach((row, i) => {
        row.forEach((d, j) => {
          expect(difference(d, layer.adjoint[i]![j]!).rel).toBeLessThanOrEqual(1e-12);
        });
      });
      layer.dW.manual.forEach((row, i) => {
        row.forEach((d, j) => {
          expect(Math.abs(d - layer.dW.autodiff[i]![j]!)).toBeLessThanOrEqual(1e-12);
        });
      });
    }
    const names = new Set(trace.graph.nodes.map((n) => n.name));
    for (const layer of trace.layers) expect(names.has(`z${layer.layer}`)).toBe(true);
  });
});
