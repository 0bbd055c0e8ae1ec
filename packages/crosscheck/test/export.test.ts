import { Tensor } from '@deltagrad/core';
import {
  CrosscheckError,
  configRecord,
  type ExperimentConfig,
  epochRecord,
  experimentEvents,
  featuresOf,
  fromNamedRows,
  modelFileOf,
  networkOf,
  parseRunRecord,
  resolveConfig,
  resultRecord,
  runExperimentSync,
  splitOf,
  toManualParams,
} from '@deltagrad/crosscheck';
import { forward, output } from '@deltagrad/manual';
import { modelFromJSON, parseModel } from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

/** A run's JSON lines, as the CLI writes them with --json. */
function jsonOf(overrides: Partial<ExperimentConfig>): string {
  const config = resolveConfig(overrides);
  const lines = [JSON.stringify(configRecord(config))];
  for (const event of experimentEvents(config))
    lines.push(JSON.stringify(event.type === 'epoch' ? epochRecord(event) : resultRecord(event)));
  return `${lines.join('\n')}\n`;
}

describe('the run as JSON lines', () => {
  it('reads back the config, the epochs and the result; running the config again gives the same lines', () => {
    const overrides: Partial<ExperimentConfig> = {
      dataset: 'circle',
      datasetSize: 60,
      noise: 10,
      features: ['x1Squared', 'x2Squared'],
      batchSize: 8,
      regularization: 'l2',
      epochs: 30,
      every: 10,
    };
    const text = jsonOf(overrides);
    const run = parseRunRecord(text);
    expect(run.config).toEqual(resolveConfig(overrides));
    expect(run.epochs.map((e) => e.epoch)).toEqual([0, 10, 20, 29]);
    expect(run.epochs[0]!.test!.mse).toBeGreaterThan(0);
    expect(run.result!.agreed).toBe(true);
    expect(jsonOf(run.config)).toBe(text);
    expect(run.result!.mse).toBe(runExperimentSync(run.config).mse);
  });

  it('writes the seed run as the CLI always has: no test or disagreement fields without a test set or a mistake', () => {
    const run = parseRunRecord(jsonOf({ epochs: 20, every: 10 }));
    expect(Object.keys(run.epochs[0]!)).toEqual([
      'type',
      'epoch',
      'loss',
      'mse',
      'maxAbsGradDiff',
      'maxRelGradDiff',
    ]);
    expect(run.result).not.toHaveProperty('test');
    expect(run.result).not.toHaveProperty('firstDisagreement');
  });

  it('carries an injected mistake: the parameters that part per epoch and the first disagreement', () => {
    const run = parseRunRecord(jsonOf({ bug: 'forgetBiasGradient', epochs: 3, every: 1 }));
    expect(run.epochs[0]!.disagreeing).toEqual(['b2', 'b1']);
    expect(run.result!.firstDisagreement).toEqual({ epoch: 0, params: ['b2', 'b1'] });
    expect(run.result!.agreed).toBe(false);
  });

  it('refuses text that is not a run, naming the line', () => {
    expect(() => parseRunRecord('')).toThrow(/no config line/);
    expect(() => parseRunRecord('{"type":"epoch"}')).toThrow(/line 1 must be the config line first/);
    expect(() => parseRunRecord('{"type":"config"}\nnot json')).toThrow(/line 2 is not JSON/);
    expect(() => parseRunRecord('{"type":"config","lr":-1}')).toThrow(CrosscheckError);
    expect(() => parseRunRecord('{"type":"config"}\n{"type":"what"}')).toThrow(
      /line 2 has an unknown type "what"/,
    );
  });
});

describe('the model as an @deltagrad/nn model file', () => {
  it('loads with nn and computes the outputs of the trained network, bit for bit', () => {
    const config = resolveConfig({
      dataset: 'spiral',
      datasetSize: 40,
      features: ['x1', 'x2', 'sinX1'],
      layers: [3, 5, 1],
      activation: 'tanh',
      epochs: 50,
    });
    const r = runExperimentSync(config);
    const text = modelFileOf(config, r.params);
    const json = parseModel(text);
    expect(json.metadata?.config).toEqual(JSON.parse(JSON.stringify(config)));
    const model = modelFromJSON(json);
    const { train } = splitOf(config);
    const inputs = featuresOf(config, train.x.data);
    const rows = train.x.shape[0]!;
    const nn = model.forward(new Tensor(inputs, [rows, 3]));
    const manual = output(
      forward(networkOf(config), toManualParams(fromNamedRows(config.layers, r.params)), {
        rows,
        cols: 3,
        data: inputs,
      }),
    );
    expect(Array.from(nn.data)).toEqual(Array.from(manual.data));
  });

  it('refuses parameters that do not fit the network', () => {
    const { params } = runExperimentSync({ epochs: 2 });
    expect(() => modelFileOf({ layers: [2, 3, 1] }, params)).toThrow(/modelFileOf: W1 must be 2×3/);
  });
});
