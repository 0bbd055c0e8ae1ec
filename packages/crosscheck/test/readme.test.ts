import { readFileSync } from 'node:fs';
import {
  CrosscheckError,
  experimentEvents,
  formatOption,
  modelFileOf,
  OPTION_KEYS,
  OPTIONS,
  type OptionKey,
  type ParamComparison,
  parseOption,
  resolveConfig,
  runExperimentSync,
} from '@deltagrad/crosscheck';
import { modelFromJSON, parseModel } from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

// What README.md states; if one of these fails, the README or the code changed.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every option with its default, CLI flag and URL key, as the table has them', () => {
    for (const key of OPTION_KEYS) {
      const spec = OPTIONS[key];
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${key}\` `));
      expect(row, `a README row for ${key}`).toBeDefined();
      const cells = row!
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim());
      const shown = formatOption(key, spec.default);
      expect(cells[1]).toBe(shown === '' ? '(none)' : `\`${shown}\``);
      expect(cells[3]).toBe(`\`${spec.flag}\``);
      expect(cells[4]).toBe(`\`${spec.url}\``);
    }
  });

  it('the seed example: the δ equations agree exactly, forward mode to rounding, and seed 42 ends stuck', () => {
    const r = runExperimentSync();
    const printed = `${r.byMethod!.manual!.maxAbsGradDiff} ${r.byMethod!.forward!.maxAbsGradDiff} ${r.outcome}`;
    expect(printed).toBe('0 3.0531133177191805e-16 stuck');
    expect(readme).toContain(`// ${printed}`);
  });

  it("the table-on-request example: epoch 499's rows, as { table: true } puts them on the event", () => {
    const run = experimentEvents({ every: 1 });
    for (let i = 0; i < 500; i++) run.next();
    const table = run.table()!;
    expect(table[0]!.name).toBe('W1');
    expect(table[0]!.gradients.manual).toHaveLength(4);
    const events = experimentEvents({ every: 1 }, { table: true });
    let last: unknown = null;
    for (let i = 0; i < 500; i++) last = events.next().value;
    expect((last as { params: unknown }).params).toEqual(table);
    expect(readme).toContain("const table = run.table(); // epoch 499's rows");
  });

  it('the live-view example: the same rows every time, their arrays rewritten by each reported epoch', () => {
    const run = experimentEvents({ every: 1 });
    expect(run.tableView()).toBeNull();
    for (let i = 0; i < 500; i++) run.next();
    const view = run.tableView()!;
    expect(view).toBe(run.tableView());
    const copies = experimentEvents({ every: 1 }, { table: true });
    for (let i = 0; i < 500; i++) copies.next();
    const history = new Float64Array(1000 * 4);
    for (let epoch = 0; epoch < 1000; epoch++) {
      run.next();
      history.set(run.tableView()![0]!.gradients.manual!, epoch * 4);
      const rows = copies.next().value as { params: ParamComparison[] };
      // Each epoch's view holds that epoch's numbers, as the copied table on its event.
      expect(Array.from(history.subarray(epoch * 4, epoch * 4 + 4))).toEqual(
        rows.params[0]!.gradients.manual,
      );
      expect(view.map((r) => [r.name, Array.from(r.value), r.maxAbsDiff, r.finiteDifference])).toEqual(
        rows.params.map((r) => [r.name, r.value, r.maxAbsDiff, r.finiteDifference]),
      );
    }
    expect(view[0]!.gradients.forward).toBeInstanceOf(Float64Array);
    expect(readme).toContain('history.set(run.tableView()[0].gradients.manual, epoch * 4);');
    expect(readme).toContain('console.log(run.tableView() === run.tableView()); // true');
  });

  it('the option table example: a URL hash to a config, and an error worded with flags', () => {
    const hash = new URLSearchParams('layers=2,4,1&act=tanh&lr=0.05');
    const overrides: Record<string, unknown> = {};
    for (const key of OPTION_KEYS) {
      const text = hash.get(OPTIONS[key].url);
      if (text !== null) overrides[key] = parseOption(key as OptionKey, text);
    }
    const config = resolveConfig(overrides);
    expect(config.layers).toEqual([2, 4, 1]);
    expect(config.activation).toBe('tanh');
    expect(readme).toContain('resolveConfig(overrides).layers; // [2, 4, 1]');
    try {
      resolveConfig({ finiteDifferenceEvery: -1 });
      throw new Error('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(CrosscheckError);
      const line = `${(e as CrosscheckError).option} ${(e as CrosscheckError).describe((key) => OPTIONS[key].flag)}`;
      expect(readme).toContain(`// ${line}`);
    }
  });
});

describe('README: Playground options, bug injection, weight edits', () => {
  it('the example prints what it says', () => {
    expect(runExperimentSync({ bug: 'forgetBiasGradient', epochs: 10 }).firstDisagreement).toEqual({
      epoch: 0,
      params: ['b2', 'b1'],
    });
    const run = experimentEvents({ dataset: 'circle', features: ['x1Squared', 'x2Squared'], every: 1 });
    const first = run.next().value;
    expect(first.type === 'epoch' && first.test!.mse).toBeGreaterThan(0);
    run.setParameter({ layer: 1, kind: 'W' }, 0, 0.5);
    const next = run.next().value;
    // The δ equations agree to the bit, forward mode to rounding.
    expect(next.type === 'epoch' && next.maxAbsGradDiff).toBe(1.1102230246251565e-16);
    expect(readme).toContain('maxAbsGradDiff; // ≤ 1e-12: the methods agree on the edited weights (1.1e-16)');
    expect(readme).toContain("// { epoch: 0, params: [ 'b2', 'b1' ] }");
  });

  it('the edits example: the list in the order it applies, and the methods agree after it', () => {
    const config = resolveConfig({
      epochs: 300,
      edits: parseOption('edits', 'b1[0,0]=-1@150, W1[0,1]=0.5@120'),
    });
    const shown = formatOption('edits', config.edits);
    expect(shown).toBe('W1[0,1]=0.5@120,b1[0,0]=-1@150');
    expect(readme).toContain(`formatOption('edits', config.edits); // '${shown}'`);
    expect(runExperimentSync(config).maxAbsGradDiff).toBeLessThanOrEqual(1e-12);
    expect(readme).toContain("parseOption('edits', 'b1[0,0]=-1@150, W1[0,1]=0.5@120')");
  });
});

describe('README: export', () => {
  it('the model file example loads as it says', () => {
    const config = resolveConfig({ epochs: 100 });
    const model = modelFromJSON(parseModel(modelFileOf(config, runExperimentSync(config).params)));
    expect(model.layers.length).toBe(4);
    expect(model.layers.map((l) => l.constructor.name)).toEqual(['Linear', 'Sigmoid', 'Linear', 'Sigmoid']);
    expect(readme).toContain('model.layers.length; // 4: Linear, Sigmoid, Linear, Sigmoid');
  });

  it('the checkpoint example goes on to epoch 600 with the whole run’s bits', () => {
    expect(readme).toContain('const later = experimentEvents(config, { from: saved });');
    const config = { epochs: 1000, every: 1 };
    const run = experimentEvents(config, { table: true });
    for (let i = 0; i < 600; i++) run.next();
    const saved = run.checkpoint();
    const whole = experimentEvents(config, { table: true });
    for (let i = 0; i < 600; i++) whole.next();
    const later = experimentEvents(config, { table: true, from: saved! });
    const event = later.next().value;
    expect(event.type === 'epoch' && event.epoch).toBe(600);
    expect(event).toEqual(whole.next().value);
  });
});
