import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from './run-cli';

const cases: Array<[string[], RegExp]> = [
  [['xor', '--bogus'], /unknown option '--bogus'/],
  [['frobnicate'], /unknown command 'frobnicate'; commands: xor, sweep, gradcheck, graph/],
  [
    ['xor', '--layers', '2,x,1'],
    /--layers must be comma-separated positive integers \(at most 4096\) such as 2,4,1; got '2,x,1'/,
  ],
  [['xor', '--layers', '3,2,1'], /--layers must start with 2/],
  [['xor', '--layers', '2,2,2'], /--layers must end with 1/],
  [['xor', '--seed', '4294967296'], /--seed must be an integer in \[0, 4294967295\]/],
  [['xor', '--layers', '2,5000,1'], /--layers must be .*at most 4096/],
  [['xor', '--lr', 'abc'], /--lr must be a finite positive number; got 'abc'/],
  [['xor', '--lr', '-0.1'], /--lr must be a finite positive number; got '-0.1'/],
  [['xor', '--lr', 'Infinity'], /--lr must be a finite positive number; got 'Infinity'/],
  [['xor', '--epochs', '0'], /--epochs must be a positive integer; got '0'/],
  [['xor', '--epochs', '1.5'], /--epochs must be a positive integer; got '1.5'/],
  [
    ['xor', '--activation', 'swish'],
    /--activation must be one of identity, sigmoid, tanh, relu, leakyRelu, softplus; got 'swish'/,
  ],
  [
    ['xor', '--loss', 'bce', '--activation', 'tanh', '--init', 'nope'],
    /--init must be one of numpy, xavier, he; got 'nope'/,
  ],
  [['sweep', '--seeds', '5..2'], /--seeds must be a range such as 0\.\.199/],
  [['sweep'], /required option '--seeds <range>' not specified/],
  [['gradcheck', '--op', 'nope'], /--op must name an op with a harness spec/],
  [['graph', '--format', 'svg'], /--format must be one of dot, json; got 'svg'/],
  // Errors carry the option key and are worded with its flag (the flag of
  // finiteDifferenceEvery is --fd-every, not --finiteDifferenceEvery).
  [['xor', '--fd-every', 'x'], /^deltagrad: --fd-every must be a non-negative integer; got 'x'$/],
  [['xor', '--dataset-size', '2'], /--dataset-size must be an integer in \[4, 100000\]; got 2/],
  [
    ['xor', '--loss', 'bce', '--output-activation', 'tanh'],
    /--loss bce needs --output-activation sigmoid \(outputs in \(0, 1\)\); got tanh/,
  ],
  [['sweep', '--seeds', '0..1', '--every', '5'], /unknown option '--every'/],
];

describe('bad input', () => {
  it.each(cases)('deltagrad %j exits 2 with one readable line', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^deltagrad: /);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('--help and --version exit 0', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: deltagrad/);
    expect(help.stdout).toMatch(/xor/);
    expect(help.stdout).toMatch(/sweep/);
    const version = runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('runs that cannot finish', () => {
  it('a diverging run ends with one line naming the epoch and what to change, exit 1', () => {
    const r = runCli([
      'xor',
      '--layers',
      '2,8,8,1',
      '--activation',
      'identity',
      '--init',
      'he',
      '--lr',
      '1e308',
      '--epochs',
      '50',
      '--quiet',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^deltagrad: training diverged at epoch \d+: .*try a smaller learning rate/);
  });

  it('a reader that closes the pipe early ends the run quietly', () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${CLI}" xor --every 1 --epochs 20000 | head -2; echo "rc \${PIPESTATUS[0]}" >&2`,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stdout.trim().split('\n')).toEqual(['Epoch 0, Loss: 0.2558', 'Epoch 1, Loss: 0.2553']);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.stderr).toMatch(/rc 0/);
  });

  it('`deltagrad help xor` shows the command help', () => {
    const r = runCli(['help', 'xor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: deltagrad xor/);
  });
});
