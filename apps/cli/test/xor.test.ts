import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

/** The lines of a README's code block that shows the seed run's output (after any `$ deltagrad xor`). */
function seedOutputBlock(readmeUrl: URL): string[] {
  const readme = readFileSync(readmeUrl, 'utf8');
  const block = readme
    .split('```')
    .map((part) => part.trim().split('\n'))
    .find((lines) => lines[lines[0] === '$ deltagrad xor' ? 1 : 0] === 'Epoch 0, Loss: 0.2558');
  if (block === undefined) throw new Error(`${readmeUrl.pathname} shows no seed output block`);
  return block.filter((line) => !line.startsWith('$ '));
}

// What NumPy 2.4 prints for the seed script (shared/seed/backprop-xor.md, "What the script
// really prints"): the real trajectory of seed 42, which never learns XOR.
const NUMPY_SEED_OUTPUT = [
  'Epoch 0, Loss: 0.2558',
  'Epoch 1000, Loss: 0.2494',
  'Epoch 2000, Loss: 0.2454',
  'Epoch 3000, Loss: 0.2047',
  'Epoch 4000, Loss: 0.1532',
  'Epoch 5000, Loss: 0.1387',
  'Epoch 6000, Loss: 0.1336',
  'Epoch 7000, Loss: 0.1312',
  'Epoch 8000, Loss: 0.1297',
  'Epoch 9000, Loss: 0.1288',
  '预测结果：',
  '[[0.053]',
  ' [0.496]',
  ' [0.951]',
  ' [0.503]]',
];

describe('deltagrad xor', () => {
  it('prints the seed script real output, line for line, and a verdict that both methods agree', () => {
    const r = runCli(['xor']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines.slice(0, NUMPY_SEED_OUTPUT.length)).toEqual(NUMPY_SEED_OUTPUT);
    // The δ equations agree with autodiff to the bit on the seed network, forward mode to rounding.
    expect(r.stdout).toMatch(
      /\nautodiff vs δ equations: max \|Δgrad\| 0, max relative 0 over 10000 epochs × 4 parameter tensors — agree \(max \|Δgrad\| ≤ 1e-12\)\n/,
    );
    expect(r.stdout).toMatch(
      /\nautodiff vs forward mode: max \|Δgrad\| \S+, max relative \S+ over 10000 epochs × 4 parameter tensors — agree \(max \|Δgrad\| ≤ 1e-12\)\n/,
    );
    expect(r.stdout).toMatch(
      /\nparameter drift from autodiff after the last update: δ equations 0, forward mode \S+\n/,
    );
    expect(r.stdout).toMatch(/XOR learned: no — final MSE 0\.12\d\d ≥ 0\.01 after 10000 epochs/);
    // The READMEs show this output with the epochs between 1000 and 9000 elided as "…".
    const printed = r.lines.filter((line) => !/^Epoch [2-8]000,/.test(line));
    for (const readme of ['../README.md', '../../../README.md']) {
      const shown = seedOutputBlock(new URL(readme, import.meta.url)).filter(
        (line) => line !== '…' && line !== '',
      );
      expect(shown, readme).toEqual(printed.filter((line) => line !== ''));
    }
  });

  it('is the default command', () => {
    const r = runCli(['--epochs', '1001', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/Epoch/);
    expect(r.stdout).toMatch(/over 1001 epochs/);
  });

  it('--json writes the documented JSON lines', () => {
    const r = runCli(['xor', '--json', '--epochs', '3000', '--every', '1000']);
    expect(r.code).toBe(0);
    const events = r.lines.map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({
      type: 'config',
      layers: [2, 2, 1],
      seed: 42,
      lr: 0.1,
      epochs: 3000,
      loss: 'halfSSE',
    });
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1000, 2000]);
    for (const e of epochs) {
      expect(Object.keys(e).sort()).toEqual([
        'epoch',
        'loss',
        'maxAbsGradDiff',
        'maxRelGradDiff',
        'mse',
        'type',
      ]);
      expect(e.loss).toBeCloseTo(2 * e.mse, 15); // ½·SSE over 4 points = 2·MSE
      expect(e.maxAbsGradDiff).toBeLessThanOrEqual(1e-12);
    }
    expect(epochs[0].mse.toFixed(4)).toBe('0.2558');
    const result = events.at(-1);
    expect(events.filter((e) => e.type === 'result')).toHaveLength(1);
    expect(Object.keys(result).sort()).toEqual(
      [
        'converged',
        'epochs',
        'maxAbsGradDiff',
        'maxParamDrift',
        'maxRelGradDiff',
        'mse',
        'params',
        'predictions',
        'type',
        // Added with the outcome classes: everything the text verdict says.
        'loss',
        'objective',
        'maxFiniteDifferenceError',
        'worstEpoch',
        'agreed',
        'tolerance',
        'outcome',
        'wrongPoints',
        'finalMaxAbsGrad',
        'divergedAt',
        // Added with the third method: each method's agreement with autodiff.
        'byMethod',
      ].sort(),
    );
    expect(result.agreed).toBe(true);
    expect(result.tolerance).toBe(1e-12);
    expect(result.divergedAt).toBeNull();
    expect(result.epochs).toBe(3000);
    expect(result.params.W1).toHaveLength(2);
    expect(result.params.W1[0]).toHaveLength(2);
    expect(result.params.b1).toHaveLength(1);
    expect(result.params.b1[0]).toHaveLength(2);
    expect(result.params.W2).toHaveLength(2);
    expect(result.params.W2[0]).toHaveLength(1);
    expect(result.params.b2).toEqual([[expect.any(Number)]]);
    expect(result.predictions).toHaveLength(4);
    expect(result.converged).toBe(false);
    expect(result.maxAbsGradDiff).toBeLessThanOrEqual(1e-12);
    expect(result.maxParamDrift).toBeLessThanOrEqual(1e-12);
    expect(Object.keys(result.byMethod)).toEqual(['manual', 'forward']);
    expect(result.byMethod.manual).toEqual({ maxAbsGradDiff: 0, maxRelGradDiff: 0, maxParamDrift: 0 });
    expect(result.byMethod.forward.maxAbsGradDiff).toBeLessThanOrEqual(1e-12);
  });

  it('learns XOR with another seed and says so', () => {
    const r = runCli(['xor', '--seed', '1', '--quiet', '--json']);
    const result = JSON.parse(r.lines.at(-1)!);
    expect(typeof result.converged).toBe('boolean');
    const wide = runCli([
      'xor',
      '--layers',
      '2,4,1',
      '--activation',
      'tanh',
      '--optimizer',
      'adam',
      '--lr',
      '0.05',
      '--epochs',
      '2000',
      '--json',
    ]);
    expect(wide.code).toBe(0);
    const last = JSON.parse(wide.lines.at(-1)!);
    expect(last.converged).toBe(true);
    expect(last.params.W1[0]).toHaveLength(4);
    expect(last.maxAbsGradDiff).toBeLessThanOrEqual(1e-12);
  });

  it('--method autodiff runs one engine and compares nothing', () => {
    const r = runCli(['xor', '--method', 'autodiff', '--epochs', '10', '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.lines.at(-1)!);
    expect(result.maxAbsGradDiff).toBeNull();
    const text = runCli(['xor', '--method', 'manual', '--epochs', '10']);
    expect(text.stdout).toMatch(/method: manual only — no comparison/);
  });

  it('--method takes a list (reference first), all, and the deprecated both', () => {
    const config = (args: string[]) =>
      JSON.parse(runCli(['xor', ...args, '--epochs', '10', '--json']).lines[0]!).method;
    expect(config([])).toEqual(['autodiff', 'manual', 'forward']);
    expect(config(['--method', 'all'])).toEqual(['autodiff', 'manual', 'forward']);
    expect(config(['--method', 'both'])).toEqual(['autodiff', 'manual', 'forward']);
    const pair = runCli(['xor', '--method', 'manual,autodiff', '--epochs', '10', '--json']);
    expect(JSON.parse(pair.lines[0]!).method).toEqual(['autodiff', 'manual']);
    expect(Object.keys(JSON.parse(pair.lines.at(-1)!).byMethod)).toEqual(['manual']);
    const bad = runCli(['xor', '--method', 'autodiff,backprop']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "deltagrad: --method must be one or more of autodiff, manual, forward, comma-separated, or all, each once; got 'autodiff,backprop'\n",
    );
  });

  it('--edit: repeated or comma-separated, in the record, replayed bit for bit; a bad edit is one line', () => {
    const args = ['xor', '--epochs', '300', '--every', '100', '--json'];
    const repeated = runCli([
      ...args,
      '--edit',
      'b1[0,0]=-0@150',
      '--edit',
      'W1[0,1]=0.30000000000000004@120',
    ]);
    const listed = runCli([...args, '--edit', 'W1[0,1]=0.30000000000000004@120,b1[0,0]=-0@150']);
    expect(repeated.code).toBe(0);
    expect(repeated.stdout).toBe(listed.stdout);
    expect(JSON.parse(repeated.lines[0]!).edits).toEqual([
      { epoch: 120, layer: 1, kind: 'W', row: 0, col: 1, value: 0.30000000000000004 },
      { epoch: 150, layer: 1, kind: 'b', row: 0, col: 0, value: 0 },
    ]);
    const result = JSON.parse(repeated.lines.at(-1)!);
    expect(result.agreed).toBe(true);
    expect(result.params).not.toEqual(JSON.parse(runCli(args).lines.at(-1)!).params);
    const bad = runCli([...args, '--edit', 'W2[2,0]=1@5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('deltagrad: --edit W2[2,0]=1@5: W2 is 2×1: rows 0…1, columns 0…0\n');
  });

  it('--fd-every adds finite differences as a third opinion', () => {
    const r = runCli(['xor', '--epochs', '20', '--fd-every', '10', '--quiet']);
    expect(r.code).toBe(0);
    const m = r.stdout.match(/finite differences: max \|autodiff − numeric\| (\S+)/);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(1e-8);
  });

  it('--bug injects a mistake into the δ equations: the verdict disagrees and names where it shows first', () => {
    const r = runCli(['xor', '--bug', 'forgetBiasGradient', '--epochs', '5', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DISAGREE/);
    expect(r.stdout).toMatch(/first disagreement: epoch 0, b2, b1 \(output layer first\)/);
    const json = runCli(['xor', '--bug', 'forgetBiasGradient', '--epochs', '5', '--json']);
    expect(JSON.parse(json.lines.at(-1)!).firstDisagreement).toEqual({ epoch: 0, params: ['b2', 'b1'] });
  });

  it('trains a Playground dataset with a test set, features, mini-batches and L2, and still agrees', () => {
    const r = runCli(
      'xor --json --dataset circle --dataset-size 60 --noise 10 --features x1Squared,x2Squared --batch-size 10 --regularization l2 --epochs 20 --every 10'.split(
        ' ',
      ),
    );
    expect(r.code).toBe(0);
    const [config, first] = r.lines.map((l) => JSON.parse(l));
    expect(config.layers).toEqual([2, 2, 1]);
    expect(config.features).toEqual(['x1Squared', 'x2Squared']);
    expect(first.test.mse).toBeGreaterThan(0);
    expect(JSON.parse(r.lines.at(-1)!).agreed).toBe(true);
  });
});
