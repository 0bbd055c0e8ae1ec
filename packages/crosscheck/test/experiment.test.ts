import { toGraphJSON } from '@deltagrad/core';
import {
  AGREEMENT_TOLERANCE,
  CrosscheckError,
  datasetOf,
  defaultConfig,
  difference,
  type ExperimentConfig,
  type ExperimentEvent,
  estimateMemory,
  experimentEvents,
  finiteDifferenceGradients,
  GRADIENT_METHOD_NAMES,
  GRADIENT_METHODS,
  initialParams,
  METHODS,
  methodsOf,
  OPTIMIZERS,
  type ParamView,
  parseOption,
  resolveConfig,
  runExperiment,
  runExperimentSync,
  runSweepSync,
  SEED_EXPERIMENT,
  traceStep,
  trainingBatch,
  xorGraph,
  xorGraphJSON,
} from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';

describe('resolveConfig', () => {
  it('defaults to the seed experiment', () => {
    expect(resolveConfig()).toEqual(SEED_EXPERIMENT);
  });
  it.each<[Partial<ExperimentConfig>, RegExp]>([
    [{ lr: -1 }, /lr must be a finite positive number; got -1/],
    [{ lr: Number.NaN }, /lr must be a finite positive number/],
    [{ epochs: 0 }, /epochs must be an integer in \[1, /],
    [{ layers: [2, 0, 1] }, /layers\[1\] must be an integer/],
    [{ layers: [3, 1] }, /layers must start with 2/],
    [
      { activation: 'swish' as never },
      /activation must be one of identity, sigmoid, tanh, relu, leakyRelu, softplus; got "swish"/,
    ],
    [{ loss: 'bce', outputActivation: 'tanh' }, /loss bce needs outputActivation sigmoid/],
    [{ bogus: 1 } as never, /unknown option 'bogus'/],
  ])('rejects %j with a typed error naming the option', (bad, message) => {
    expect(() => resolveConfig(bad)).toThrow(CrosscheckError);
    expect(() => resolveConfig(bad)).toThrow(message);
  });
});

describe('agreement beyond the seed', () => {
  const cases: Array<Partial<ExperimentConfig>> = [
    { layers: [2, 4, 1], activation: 'tanh', optimizer: 'adam', lr: 0.05, epochs: 300, seed: 3 },
    { layers: [2, 3, 3, 1], activation: 'relu', init: 'he', epochs: 200, seed: 5 },
    { layers: [2, 3, 1], activation: 'leakyRelu', loss: 'mse', optimizer: 'momentum', epochs: 200, seed: 7 },
    {
      layers: [2, 3, 1],
      activation: 'softplus',
      loss: 'bce',
      optimizer: 'rmsprop',
      lr: 0.01,
      epochs: 200,
      seed: 9,
    },
    { layers: [2, 2, 1], activation: 'identity', init: 'xavier', epochs: 100, seed: 2 },
    { layers: [2, 5, 1], activation: 'tanh', dataset: 'circle', datasetSize: 40, epochs: 50, seed: 4 },
  ];
  it.each(cases)('%j: gradients agree to 1e-12 and the copies stay together', (config) => {
    const r = runExperimentSync(config);
    expect(r.maxAbsGradDiff!).toBeLessThanOrEqual(1e-12);
    expect(r.maxParamDrift!).toBeLessThanOrEqual(1e-12);
    expect(Number.isFinite(r.mse)).toBe(true);
  });

  it('finite differences agree as a third opinion', () => {
    const r = runExperimentSync({ epochs: 30, finiteDifferenceEvery: 10 });
    expect(r.maxFiniteDifferenceError).not.toBeNull();
    expect(r.maxFiniteDifferenceError!).toBeLessThan(1e-8);
  });

  it('runs one method alone without comparing', () => {
    const r = runExperimentSync({ epochs: 20, method: ['manual'] });
    expect(r.maxAbsGradDiff).toBeNull();
    expect(r.maxParamDrift).toBeNull();
    const a = runExperimentSync({ epochs: 20, method: ['autodiff'] });
    expect(a.params).toEqual(r.params);
  });
});

describe('runExperiment (async iterator)', () => {
  it('yields an epoch event every `every` epochs, the last epoch, then the result', async () => {
    const events: ExperimentEvent[] = [];
    for await (const e of runExperiment({ epochs: 25, every: 10 })) events.push(e);
    expect(events.map((e) => (e.type === 'epoch' ? e.epoch : 'result'))).toEqual([0, 10, 20, 24, 'result']);
  });

  it('is cancellable through an AbortSignal', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const consume = async () => {
      for await (const e of runExperiment({ epochs: 1000, every: 1 }, { signal: controller.signal })) {
        if (e.type === 'epoch') seen.push(e.epoch);
        if (e.type === 'epoch' && e.epoch === 5) controller.abort();
      }
    };
    await expect(consume()).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen.at(-1)).toBe(5);
  });
});

describe('seed sweep (in this thread)', () => {
  it('classifies seeds as converged or stuck; seed 42 of the 2-2-1 net is stuck', () => {
    const summary = runSweepSync({ epochs: 10_000 }, [1, 42]);
    expect(summary.seeds).toBe(2);
    expect(summary.stuck).toEqual([42]);
    expect(summary.converged).toBe(1);
    // Each outcome carries the run's final parameters and predictions (the gallery draws them).
    const direct = runExperimentSync({ epochs: 10_000, seed: 42 });
    expect(summary.outcomes[1]!.params).toEqual(direct.params);
    expect(summary.outcomes[1]!.predictions).toEqual(direct.predictions);
  });
});

describe('xorGraph', () => {
  it('names every tensor of the equations and keeps every gradient', () => {
    const g = toGraphJSON(xorGraph());
    const byName = new Map(g.nodes.map((n) => [n.name, n]));
    for (const name of ['X', 'W1', 'b1', 'z1', 'a1', 'W2', 'b2', 'z2', 'a2', 'L'])
      expect(byName.has(name)).toBe(true);
    expect(byName.get('L')!.value[0]).toBeCloseTo(2 * 0.2558, 3);
    for (const name of ['W1', 'b1', 'z1', 'a1', 'W2', 'z2', 'a2'])
      expect(byName.get(name)!.grad).not.toBeNull();
  });
});

describe('traceStep', () => {
  it('shows δ from the equations equal to the autodiff adjoint ∂L/∂z at every layer', () => {
    const trace = traceStep({ layers: [2, 3, 2, 1], activation: 'tanh', seed: 5 });
    expect(trace.layers.map((l) => l.layer)).toEqual([1, 2, 3]);
    for (const layer of trace.layers) {
      expect(layer.delta).toHaveLength(4);
      layer.delta.flat().forEach((d, i) => {
        expect(Math.abs(d - layer.adjoint.flat()[i]!)).toBeLessThanOrEqual(1e-15);
      });
      layer.dW.manual.flat().forEach((g, i) => {
        expect(Math.abs(g - layer.dW.autodiff.flat()[i]!)).toBeLessThanOrEqual(1e-15);
      });
    }
    expect(trace.backwardOrder[0]).toBe(trace.graph.root);
    expect(trace.loss).toBeGreaterThan(0);
    expect(trace.lossName).toBe('halfSSE');
  });

  const traced: Array<Partial<ExperimentConfig>> = [
    { loss: 'mse', seed: 3 },
    { loss: 'bce', layers: [2, 3, 1], activation: 'relu', init: 'he', seed: 4 },
    { activation: 'identity', seed: 2 },
    { activation: 'identity', outputActivation: 'identity', loss: 'mse', seed: 6 },
  ];
  it.each(traced)('%j: traces the configured loss, δ equal to the adjoint of z^(l)', (overrides) => {
    const config = resolveConfig(overrides);
    const trace = traceStep(config);
    expect(trace.lossName).toBe(config.loss);
    // The traced L is the objective the experiment reports for its first epoch.
    const first = runExperimentSync({ ...config, epochs: 1 });
    expect(trace.loss).toBe(first.objective);
    const names = new Set(trace.graph.nodes.map((n) => n.name));
    for (const layer of trace.layers) {
      expect(names.has(`z${layer.layer}`)).toBe(true);
      // Under identity a^(l) is z^(l): no separate a node.
      expect(names.has(`a${layer.layer}`)).toBe(layer.activation !== 'identity');
      layer.delta.flat().forEach((d, i) => {
        expect(Math.abs(d - layer.adjoint.flat()[i]!)).toBeLessThanOrEqual(1e-15);
      });
    }
  });
});

describe('finiteDifferenceGradients', () => {
  it.each(['halfSSE', 'mse', 'bce'] as const)('agrees with both methods for %s', (loss) => {
    const config = resolveConfig({ loss, layers: [2, 3, 1], seed: 8, epochs: 1 });
    const fd = finiteDifferenceGradients(config, initialParams(config));
    const traced = traceStep(config);
    fd.forEach((g, l) => {
      const layer = traced.layers[l]!;
      const W = layer.dW.autodiff.flat();
      const b = layer.db.manual.flat();
      for (const [i, v] of g.W.entries()) expect(Math.abs(v - W[i]!)).toBeLessThan(1e-8);
      for (const [i, v] of g.b.entries()) expect(Math.abs(v - b[i]!)).toBeLessThan(1e-8);
    });
  });

  it('leaves the parameters it probes unchanged', () => {
    const config = resolveConfig({});
    const params = initialParams(config);
    const before = params.map((p) => Array.from(p.W));
    finiteDifferenceGradients(config, params);
    expect(params.map((p) => Array.from(p.W))).toEqual(before);
  });
});

describe('difference', () => {
  it('is absolute and relative to the larger magnitude, 0 for two zeros, NaN for NaN', () => {
    expect(difference(1, 0.5)).toEqual({ abs: 0.5, rel: 0.5 });
    expect(difference(0, 0)).toEqual({ abs: 0, rel: 0 });
    expect(difference(-2, 2)).toEqual({ abs: 4, rel: 2 });
    expect(Number.isNaN(difference(Number.NaN, 1).rel)).toBe(true);
  });
});

describe('divergence', () => {
  const diverging: Partial<ExperimentConfig> = {
    layers: [2, 8, 8, 1],
    activation: 'identity',
    outputActivation: 'identity',
    loss: 'mse',
    lr: 3,
    dataset: 'circle',
    datasetSize: 50,
    epochs: 200,
  };
  it('stops with DIVERGED naming the epoch, before the optimizer sees a non-finite gradient', () => {
    expect(() => runExperimentSync(diverging)).toThrow(CrosscheckError);
    try {
      runExperimentSync(diverging);
    } catch (error) {
      expect((error as CrosscheckError).code).toBe('DIVERGED');
      expect((error as Error).message).toMatch(/diverged at epoch \d+: .*smaller learning rate/);
    }
  });

  it('counts a diverging seed of a sweep as diverged (not stuck, not converged) and goes on', () => {
    const summary = runSweepSync(diverging, [0, 1]);
    expect(summary.seeds).toBe(2);
    expect(summary.outcomes.every((o) => o.outcome === 'diverged' && o.diverged && !o.converged)).toBe(true);
    expect(summary.counts).toEqual({ learned: 0, slow: 0, stuck: 0, diverged: 2 });
    expect(summary.bySeed.diverged).toEqual([0, 1]);
    expect(summary.stuck).toEqual([]);
  });
});

describe('autodiff and the δ equations apply the same update, bit for bit', () => {
  // The seed network's gradients agree exactly between these two, so any difference in the
  // parameters after an update would come from the update rules (@deltagrad/manual's and
  // @deltagrad/nn's). Forward mode derives each gradient another way: it agrees to rounding.
  it.each(OPTIMIZERS)('%s: the copies never differ by a single bit', (optimizer) => {
    const r = runExperimentSync({ optimizer, lr: 0.05, epochs: 300 });
    expect(r.byMethod?.manual).toEqual({ maxAbsGradDiff: 0, maxRelGradDiff: 0, maxParamDrift: 0 });
    expect(r.byMethod?.forward?.maxAbsGradDiff).toBeLessThanOrEqual(AGREEMENT_TOLERANCE);
    expect(r.maxAbsGradDiff).toBe(r.byMethod?.forward?.maxAbsGradDiff);
  });
});

describe('the record of methods', () => {
  it('runs every entry by default (and for `all` or the deprecated `both`), the first as the reference', () => {
    expect(METHODS).toEqual(Object.keys(GRADIENT_METHODS));
    expect(methodsOf(resolveConfig())).toEqual(Object.keys(GRADIENT_METHODS));
    expect(methodsOf(resolveConfig({ method: parseOption('method', 'all') }))).toEqual(GRADIENT_METHOD_NAMES);
    expect(methodsOf(resolveConfig({ method: parseOption('method', 'both') }))).toEqual(
      GRADIENT_METHOD_NAMES,
    );
    expect(methodsOf({ method: ['manual'] })).toEqual(['manual']);
  });

  it('fills one gradient column per method in the table, by name', () => {
    const [first] = experimentEvents({ epochs: 1 }, { table: true });
    if (first?.type !== 'epoch') throw new Error('expected an epoch event');
    for (const row of first.params!) {
      expect(Object.keys(row.gradients)).toEqual([...GRADIENT_METHOD_NAMES]);
      expect(row.gradients.manual).toEqual(row.gradients.autodiff);
    }
    const [alone] = experimentEvents({ epochs: 1, method: ['manual'] }, { table: true });
    if (alone?.type !== 'epoch') throw new Error('expected an epoch event');
    expect(alone.params![0]!.gradients.autodiff).toBeNull();
  });

  it("runs the web's default pair without forward mode, keyed by name, and compares only those", () => {
    const run = experimentEvents({ ...defaultConfig('web'), epochs: 3, every: 1 }, { table: true });
    const first = run.next().value;
    if (first?.type !== 'epoch') throw new Error('expected an epoch event');
    expect(first.params![0]!.gradients.forward).toBeNull();
    expect(first.params![0]!.gradients.manual).toEqual(first.params![0]!.gradients.autodiff);
    const result = [...run].at(-1);
    if (result?.type !== 'result') throw new Error('expected the result');
    expect(Object.keys(result.byMethod!)).toEqual(['manual']);
    // Without forward mode the δ equations agree with autodiff to the bit.
    expect(result.maxAbsGradDiff).toBe(0);
  });
});

describe('the engines', () => {
  it.each(GRADIENT_METHOD_NAMES)(
    '%s hands back one evaluation record per batch, rewritten by each update (a run allocates none)',
    (method) => {
      const config = resolveConfig({ layers: [2, 3, 1] });
      const engine = GRADIENT_METHODS[method].create({ config, start: initialParams(config) });
      const batch = trainingBatch(config);
      const first = engine.evaluate(batch);
      const loss = first.loss;
      const gradient = Array.from(first.grads[0]!.W);
      engine.step();
      const second = engine.evaluate(batch);
      expect(second).toBe(first);
      expect(second.grads[0]!.W).toBe(first.grads[0]!.W);
      // The record holds the second update's numbers, not the first's.
      expect(second.loss).not.toBe(loss);
      expect(Array.from(second.grads[0]!.W)).not.toEqual(gradient);
      expect(engine.params()).toBe(engine.params());
    },
  );
});

describe('reporting', () => {
  it('builds no per-parameter table unless asked', () => {
    const events = [...experimentEvents({ epochs: 5, every: 1 })];
    expect(events.filter((e) => e.type === 'epoch').every((e) => e.params === null)).toBe(true);
  });

  it('gives the table of any epoch on request, equal to the one put on every event', () => {
    const config = { layers: [2, 3, 1], epochs: 6, every: 2, finiteDifferenceEvery: 4 };
    const full = [...experimentEvents(config, { table: true })].filter((e) => e.type === 'epoch');
    const run = experimentEvents(config);
    expect(run.table()).toBeNull();
    for (const expected of full) {
      const event = run.next().value;
      if (event?.type !== 'epoch') throw new Error('expected an epoch event');
      expect(event.params).toBeNull();
      expect(run.table()).toEqual(expected.params);
    }
    // Each ask is a copy: changing one does not change the next.
    run.table()![0]!.value[0] = 99;
    expect(run.table()![0]!.value[0]).not.toBe(99);
  });

  it('gives the same table as live views of its arrays, finite differences only on the epochs they ran', () => {
    const config = { layers: [2, 3, 1], epochs: 6, every: 2, finiteDifferenceEvery: 4 };
    const run = experimentEvents(config);
    expect(run.tableView()).toBeNull();
    const plain = (views: readonly ParamView[]) =>
      views.map((v) => ({
        ...v,
        shape: [...v.shape],
        value: Array.from(v.value),
        gradients: Object.fromEntries(Object.entries(v.gradients).map(([m, g]) => [m, g && Array.from(g)])),
        finiteDifference: v.finiteDifference && Array.from(v.finiteDifference),
      }));
    const seen: (Float64Array | null)[] = [];
    for (let event = run.next(); !event.done && event.value.type === 'epoch'; event = run.next()) {
      const view = run.tableView()!;
      expect(plain(view)).toEqual(run.table());
      seen.push(view[0]!.finiteDifference);
    }
    // Epochs 0, 2, 4 and 5 are reported; the differences ran at 0 and 4.
    expect(seen.map((fd) => fd !== null)).toEqual([true, false, true, false]);
  });

  it('reports the finite-difference error on the epochs it ran', () => {
    const epochs = [...experimentEvents({ epochs: 4, every: 1, finiteDifferenceEvery: 2 })].filter(
      (e) => e.type === 'epoch',
    );
    expect(epochs.map((e) => e.finiteDifferenceError === null)).toEqual([false, true, false, true]);
    expect(epochs[0]!.finiteDifferenceError!).toBeLessThan(1e-8);
  });

  it('estimates memory from the sizes and the reporting, never from how often it reports', () => {
    const big = { layers: [2, 512, 512, 1] };
    const often = estimateMemory({ ...big, every: 1 });
    expect(estimateMemory({ ...big, every: 1000 })).toEqual(often);
    expect(often.parameters).toBe(2 * 512 + 512 + 512 * 512 + 512 + 512 + 1);
    expect(estimateMemory(big, { table: true }).bytes).toBeGreaterThan(often.bytes);
    expect(estimateMemory({ layers: [2, 4096, 4096, 4096, 1] }).bytes).toBeGreaterThan(1e9);
  });
});

describe('data', () => {
  it('generated datasets draw from dataSeed: changing the weight seed keeps the data', () => {
    const circle = (o: Partial<ExperimentConfig>) =>
      datasetOf(resolveConfig({ dataset: 'circle', ...o })).x.data;
    expect(circle({ seed: 1 })).toEqual(circle({ seed: 2 }));
    expect(circle({ dataSeed: 1 })).not.toEqual(circle({ dataSeed: 2 }));
  });
});

describe('a diverged run', () => {
  it('carries its last record: outcome diverged, the epoch, the last finite parameters', () => {
    let error: unknown;
    try {
      runExperimentSync({ layers: [2, 8, 8, 1], activation: 'identity', init: 'he', lr: 1e308, epochs: 50 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CrosscheckError);
    const result = (error as CrosscheckError).result!;
    expect(result.outcome).toBe('diverged');
    expect(result.divergedAt).toBe(result.epochs);
    expect(result.converged).toBe(false);
    expect(Object.values(result.params).every((rows) => rows.flat().every(Number.isFinite))).toBe(true);
  });
});

describe('xorGraphJSON', () => {
  it('gives every node a typed role that matches its name', () => {
    const { nodes } = xorGraphJSON({ layers: [2, 3, 1], activation: 'tanh' });
    const role = (name: string) => nodes.find((n) => n.name === name)!.role;
    expect(role('X')).toEqual({ role: 'input' });
    expect(role('W2')).toEqual({ role: 'param', layer: 2, kind: 'W' });
    expect(role('b1')).toEqual({ role: 'param', layer: 1, kind: 'b' });
    expect(role('XW1')).toEqual({ role: 'product', layer: 1 });
    expect(role('z1')).toEqual({ role: 'preactivation', layer: 1, output: false });
    expect(role('a2')).toEqual({ role: 'activation', layer: 2, output: true });
    expect(role('y')).toEqual({ role: 'target' });
    expect(role('L')).toEqual({ role: 'loss' });
    const unnamed = nodes.filter((n) => n.name === null);
    expect(unnamed.length).toBeGreaterThan(0);
    for (const n of unnamed) expect(['lossStep', 'constant']).toContain(n.role.role);
  });

  it('marks z as the output under an identity output activation', () => {
    const { nodes } = xorGraphJSON({ outputActivation: 'identity', loss: 'mse' });
    expect(nodes.find((n) => n.name === 'z2')!.role).toEqual({
      role: 'preactivation',
      layer: 2,
      output: true,
    });
    expect(nodes.some((n) => n.name === 'a2')).toBe(false);
  });
});
