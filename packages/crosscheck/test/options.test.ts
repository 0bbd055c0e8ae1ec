import {
  CrosscheckError,
  checkOption,
  defaultConfig,
  defaultOf,
  type ExperimentConfig,
  formatOption,
  GRADIENT_METHOD_NAMES,
  OPTION_KEYS,
  OPTIONS,
  type OptionKey,
  type OptionSpec,
  parseOption,
  resolveConfig,
  SEED_EXPERIMENT,
} from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';

const rows = OPTION_KEYS.map((key) => OPTIONS[key]);

describe('the option table', () => {
  it('has a row for every config field and nothing else', () => {
    expect([...OPTION_KEYS].sort()).toEqual(Object.keys(SEED_EXPERIMENT).sort());
    for (const key of OPTION_KEYS) expect(OPTIONS[key].key).toBe(key);
  });

  it.each(rows)('$key has a label, a CLI flag, a URL key and help', (spec) => {
    // A label names a control: a few words, capitalised, unlike the sentence of help.
    expect(spec.label).toMatch(/^[A-Z]/);
    expect(spec.label.length).toBeLessThanOrEqual(28);
    expect(spec.flag).toMatch(/^--[a-z][a-z0-9-]*$/);
    expect(spec.arg).toMatch(/^[a-z]+$/);
    // URL keys travel in a hash unescaped: letters and digits only.
    expect(spec.url).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    expect(spec.help.length).toBeGreaterThan(10);
  });

  it.each(rows.filter((r) => r.type === 'choice'))(
    '$key links every choice to its description in the vocabulary',
    (spec) => {
      if (spec.type !== 'choice') throw new Error('a choice row');
      for (const choice of spec.choices) {
        const info = (spec.info as Record<string, { label: string; description: string }>)[choice];
        expect(info?.label, `${spec.key} ${choice}`).toBeTruthy();
        expect(info?.description.length).toBeGreaterThan(5);
      }
    },
  );

  it('has no two options with the same label, flag or URL key', () => {
    expect(new Set(rows.map((r) => r.label)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.flag)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.url)).size).toBe(rows.length);
  });

  it.each(rows)('$key: the default is valid and survives text, bit for bit', (spec) => {
    const key = spec.key as OptionKey;
    expect(checkOption(key, spec.default)).toEqual(spec.default);
    expect(parseOption(key, formatOption(key, spec.default))).toEqual(spec.default);
    expect(SEED_EXPERIMENT[key]).toEqual(spec.default);
  });

  it.each(rows.filter((r: OptionSpec) => r.surfaceDefaults))(
    '$key: each surface default is valid and survives text',
    (spec) => {
      const key = spec.key as OptionKey;
      for (const surface of ['cli', 'web'] as const) {
        const value = defaultOf(key, surface);
        expect(checkOption(key, value)).toEqual(value);
        expect(parseOption(key, formatOption(key, value))).toEqual(value);
        expect(defaultConfig(surface)[key]).toEqual(value);
      }
    },
  );

  it('round-trips numbers through text exactly', () => {
    for (const lr of [0.1, 1e-7, 0.30000000000000004, 2 ** -40, 123.456]) {
      expect(Object.is(parseOption('lr', formatOption('lr', lr)), lr)).toBe(true);
    }
    expect(parseOption('layers', ' 2, 16 ,16,1 ')).toEqual([2, 16, 16, 1]);
    expect(parseOption('activation', 'LeakyRelu')).toBe('leakyRelu');
  });
});

/** The error a call throws. */
function thrown(fn: () => unknown): CrosscheckError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CrosscheckError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('option errors carry the option key', () => {
  const flag = (key: OptionKey) => OPTIONS[key].flag;

  it.each<[Partial<ExperimentConfig>, OptionKey, string]>([
    [
      { finiteDifferenceEvery: -1 },
      'finiteDifferenceEvery',
      '--fd-every must be an integer in [0, 9007199254740991]; got -1',
    ],
    [{ datasetSize: 2 }, 'datasetSize', '--dataset-size must be an integer in [4, 100000]; got 2'],
    [{ layers: [2, 0, 1] }, 'layers', '--layers[1] must be an integer in [1, 4096]; got 0'],
    [{ dataSeed: 1.5 }, 'dataSeed', '--data-seed must be an integer in [0, 4294967295]; got 1.5'],
    [
      { loss: 'bce', outputActivation: 'relu' },
      'loss',
      '--loss bce needs --output-activation sigmoid (outputs in (0, 1)); got relu',
    ],
  ])('%j names %s, worded with any names', (overrides, key, withFlags) => {
    const error = thrown(() => resolveConfig(overrides));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.option).toBe(key);
    expect(error.describe(flag)).toBe(withFlags);
    // The message itself uses the config keys.
    expect(error.message).toBe(error.describe((k) => k));
  });

  it('parses text with errors that quote it', () => {
    const error = thrown(() => parseOption('finiteDifferenceEvery', '-1'));
    expect(error.option).toBe('finiteDifferenceEvery');
    expect(error.describe(flag)).toBe("--fd-every must be a non-negative integer; got '-1'");
    expect(thrown(() => parseOption('epochs', '0')).describe(flag)).toBe(
      "--epochs must be a positive integer; got '0'",
    );
    expect(thrown(() => parseOption('lr', 'Infinity')).describe(flag)).toBe(
      "--lr must be a finite positive number; got 'Infinity'",
    );
  });

  // Number('0x10') is 16: a link or a flag carrying hexadecimal (or binary, octal, digit
  // separators) was read as a number it does not show in decimal.
  it.each(['0x10', '0X1f', '0b1', '0o7', '1_000', '+1', '-0', '1e', '.', 'e5', ' ', '0.1.2', '١'])(
    'reads only decimal notation: lr=%j is refused',
    (text) => {
      expect(thrown(() => parseOption('lr', text)).describe(flag)).toBe(
        `--lr must be a finite positive number; got '${text}'`,
      );
    },
  );

  it.each([
    ['16', 16],
    ['0.05', 0.05],
    ['.5', 0.5],
    ['5.', 5],
    ['1e-7', 1e-7],
    ['1E+2', 100],
    ['1.5e+21', 1.5e21],
    [' 0.1 ', 0.1],
  ])('reads the decimal %j as %d', (text, value) => {
    expect(parseOption('lr', text)).toBe(value);
  });

  it('an unknown option names none', () => {
    expect(thrown(() => resolveConfig({ bogus: 1 } as never)).option).toBeNull();
  });
});

describe('resolveConfig validates once', () => {
  it('returns a frozen config, and the same object when given one it resolved', () => {
    const config = resolveConfig({ seed: 3 });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.layers)).toBe(true);
    expect(resolveConfig(config)).toBe(config);
    // A copy is a new object: checked again.
    const copy = { ...config, seed: -1 };
    expect(() => resolveConfig(copy)).toThrow(/seed must be an integer/);
  });
});

describe('the methods to compare (method, --method, method=)', () => {
  const flag = (key: OptionKey) => OPTIONS[key].flag;

  it('is a set of methods in the record order, reference first; all is every one, written as all', () => {
    expect(SEED_EXPERIMENT.method).toEqual(['autodiff', 'manual', 'forward']);
    expect(parseOption('method', 'all')).toEqual(GRADIENT_METHOD_NAMES);
    expect(parseOption('method', 'ALL')).toEqual(GRADIENT_METHOD_NAMES);
    expect(formatOption('method', GRADIENT_METHOD_NAMES)).toBe('all');
    expect(parseOption('method', 'forward, autodiff')).toEqual(['autodiff', 'forward']);
    expect(parseOption('method', 'manual,forward')).toEqual(['manual', 'forward']);
    expect(formatOption('method', ['autodiff', 'manual'])).toBe('autodiff,manual');
    expect(formatOption('method', ['manual'])).toBe('manual');
  });

  it('still reads both, the deprecated name of all, and never writes it', () => {
    expect(parseOption('method', 'both')).toEqual(GRADIENT_METHOD_NAMES);
    expect(formatOption('method', parseOption('method', 'both'))).toBe('all');
    expect(OPTIONS.method.help).toMatch(/both: a deprecated alias of all/);
  });

  it('defaults to all three on the CLI and to autodiff and the δ equations on the web', () => {
    expect(defaultOf('method', 'cli')).toEqual(GRADIENT_METHOD_NAMES);
    expect(defaultOf('method', 'web')).toEqual(['autodiff', 'manual']);
    // Every other option has the same default everywhere.
    for (const key of OPTION_KEYS.filter((k) => k !== 'method'))
      expect(defaultConfig('web')[key]).toEqual(SEED_EXPERIMENT[key]);
  });

  it.each([
    [
      'foo',
      "--method must be one or more of autodiff, manual, forward, comma-separated, or all, each once; got 'foo'",
    ],
    [
      '',
      "--method must be one or more of autodiff, manual, forward, comma-separated, or all, each once; got ''",
    ],
    ['all,manual', "got 'all,manual'"],
    ['manual,manual', "got 'manual,manual'"],
  ])('refuses %j, naming the option and the text', (text, message) => {
    const error = thrown(() => parseOption('method', text));
    expect(error.option).toBe('method');
    expect(error.describe(flag)).toContain(message);
  });

  it('refuses a value that is not a list of methods in order', () => {
    expect(thrown(() => resolveConfig({ method: [] })).describe(flag)).toBe(
      '--method must list one or more of autodiff, manual, forward, each once and in that order; got []',
    );
    expect(thrown(() => resolveConfig({ method: ['manual', 'autodiff'] })).option).toBe('method');
    expect(thrown(() => resolveConfig({ method: 'both' as never })).option).toBe('method');
  });
});
