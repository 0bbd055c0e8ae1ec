import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const cases: Array<[string[], RegExp]> = [
  [['xor', '--bogus'], /unknown option '--bogus'/],
  [['frobnicate'], /unknown command 'frobnicate'; commands: xor, sweep, gradcheck, graph/],
  [
    ['xor', '--layers', '2,x,1'],
    /--layers must be comma-separated positive integers such as 2,4,1; got '2,x,1'/,
  ],
  [['xor', '--layers', '3,2,1'], /--layers must start with 2/],
  [['xor', '--layers', '2,2,2'], /layers must end with 1/],
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
