import { readFileSync } from 'node:fs';
import { defaultOf, formatOption, OPTION_KEYS, OPTIONS } from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('flags come from the option table', () => {
  it('`deltagrad xor --help` lists every option with its placeholder and default', () => {
    const help = runCli(['xor', '--help']).stdout.replace(/\s+/g, ' ');
    for (const key of OPTION_KEYS) {
      const spec = OPTIONS[key];
      expect(help).toContain(`${spec.flag} <${spec.arg}>`);
      expect(help).toContain(`(default: ${formatOption(key, defaultOf(key, 'cli')) || 'none'})`);
    }
  });

  it('the README lists every option with the same default', () => {
    for (const key of OPTION_KEYS) {
      const spec = OPTIONS[key];
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${spec.flag} <${spec.arg}>\``));
      expect(row, `a README row for ${spec.flag}`).toBeDefined();
      expect(row!.split('|')[2]!.trim()).toBe(formatOption(key, defaultOf(key, 'cli')) || 'none');
    }
  });

  it('every option works on the command line and reaches the config', () => {
    const r = runCli([
      'xor',
      '--json',
      '--epochs',
      '3',
      '--output-activation',
      'sigmoid',
      '--dataset',
      'circle',
      '--dataset-size',
      '20',
      '--data-seed',
      '7',
      '--converged-below',
      '0.02',
      '--vanishing',
      '0.5',
      '--fd-every',
      '2',
    ]);
    expect(r.code).toBe(0);
    const config = JSON.parse(r.lines[0]!);
    expect(config).toMatchObject({
      dataset: 'circle',
      datasetSize: 20,
      dataSeed: 7,
      convergedBelow: 0.02,
      vanishingGradient: 0.5,
      finiteDifferenceEvery: 2,
    });
    expect(JSON.parse(r.lines.at(-1)!).maxFiniteDifferenceError).toBeLessThan(1e-6);
  });
});
