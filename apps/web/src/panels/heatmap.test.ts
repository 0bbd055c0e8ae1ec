import { initialParams, type LayerParams } from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';
import { activations, domainOf, gridPoints } from '../numerics';
import { defaultState, toConfig } from '../state';
import { sweepGrid } from './heatmap';

/** The layers with every weight and bias scaled by `k` (other parameters, same shapes). */
const scaled = (layers: readonly LayerParams[], k: number): LayerParams[] =>
  layers.map((p) => ({ ...p, W: p.W.map((w) => w * k), b: p.b.map((b) => b * k) }));

describe('sweepGrid', () => {
  const config = toConfig({
    ...defaultState(),
    layers: [4, 8, 8, 1],
    activation: 'tanh',
    dataset: 'circle',
    features: ['x1', 'x2', 'x1Squared', 'sinX2'],
  });
  const domain = domainOf('circle', Float64Array.from([-4, 3, 5, -2]));
  const fresh = (layers: readonly LayerParams[], res: number) =>
    activations(config, layers, gridPoints(domain, res)).map((m) => Array.from(m.data));

  it('gives the forward pass of every grid point, sweep after sweep of the same run', () => {
    const start = initialParams(config);
    // Reused buffers must hold the new parameters' values, never the last sweep's.
    for (const k of [1, 0.5, -2, 1]) {
      const sweep = sweepGrid(config, scaled(start, k), domain, 12);
      expect(sweep.layers.map((m) => Array.from(m.data))).toEqual(fresh(scaled(start, k), 12));
    }
  });

  it('reuses its matrices for the same run, grid and square, and makes new ones for another', () => {
    const start = initialParams(config);
    const first = sweepGrid(config, start, domain, 12).layers[0]!;
    expect(sweepGrid(config, scaled(start, 2), domain, 12).layers[0]).toBe(first);
    const finer = sweepGrid(config, start, domain, 16);
    expect(finer.layers[0]).not.toBe(first);
    expect(finer.layers.map((m) => Array.from(m.data))).toEqual(fresh(start, 16));
    const other = { ...config };
    expect(sweepGrid(other, start, domain, 16).layers[0]).not.toBe(finer.layers[0]);
  });
});
