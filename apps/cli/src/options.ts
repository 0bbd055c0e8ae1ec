import {
  defaultOf,
  describeRange,
  type ExperimentConfig,
  formatOption,
  OPTIONS,
  type OptionKey,
  type OptionSpec,
  parseOption,
} from '@deltagrad/crosscheck/options';
import { type Command, Option } from 'commander';
import { UsageError } from './errors';

/** Reads the experiment options a command was given (only those given: the rest keep their defaults). */
export type ConfigReader = (flags: Record<string, unknown>) => Partial<ExperimentConfig>;

/**
 * Adds one flag per experiment option of `keys`, built from crosscheck's option table: its
 * flag, placeholder, help, default and parser (which throws errors carrying the option key).
 */
export function addExperimentOptions(cmd: Command, keys: readonly OptionKey[]): ConfigReader {
  const attributes: [OptionKey, string][] = [];
  for (const key of keys) {
    const spec: OptionSpec = OPTIONS[key];
    const accepted =
      spec.type === 'choice'
        ? `; one of: ${spec.choices.join(', ')}`
        : spec.type === 'subset'
          ? `; ${describeRange(spec)}`
          : '';
    const shown = formatOption(key, defaultOf(key, 'cli')) || 'none';
    const option = new Option(`${spec.flag} <${spec.arg}>`, `${spec.help}${accepted} (default: ${shown})`);
    // A list of edits may be given by repeating the flag: each adds to the ones before.
    option.argParser(
      spec.type === 'edits'
        ? (text: string, before: unknown) =>
            parseOption(
              key,
              before === undefined
                ? text
                : `${formatOption(key, before as ExperimentConfig[typeof key])},${text}`,
            )
        : (text: string) => parseOption(key, text),
    );
    cmd.addOption(option);
    attributes.push([key, option.attributeName()]);
  }
  return (flags) =>
    Object.fromEntries(
      attributes.filter(([, attribute]) => flags[attribute] !== undefined).map(([key, a]) => [key, flags[a]]),
    ) as Partial<ExperimentConfig>;
}

/** The experiment options of a command: every key but those left out. */
export function optionKeys(exclude: (key: OptionKey) => boolean = () => false): OptionKey[] {
  return (Object.keys(OPTIONS) as OptionKey[]).filter((key) => !exclude(key));
}

/** Builds a commander argument parser that accepts one of `choices` and names the option otherwise. */
export function oneOf<T extends string>(option: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    const found = choices.find((c) => c.toLowerCase() === value.toLowerCase());
    if (!found) throw new UsageError(`${option} must be one of ${choices.join(', ')}; got '${value}'`);
    return found;
  };
}

/** An integer in [min, max], e.g. a thread count; `why` explains the bound in the message. */
export function integerIn(option: string, min: number, max: number, why = ''): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new UsageError(`${option} must be an integer in [${min}, ${max}]${why}; got '${value}'`);
    }
    return n;
  };
}

/** A finite number > 0 (seconds, megabytes). */
export function positiveNumber(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw new UsageError(`${option} must be a finite positive number; got '${value}'`);
    }
    return n;
  };
}

/** A seed range `a..b` (inclusive) or a single seed, within the seed option's range. */
export function seedRange(value: string): number[] {
  const spec = OPTIONS.seed;
  const m = value.trim().match(/^(\d+)(?:\.\.(\d+))?$/);
  const lo = Number(m?.[1]);
  const hi = Number(m?.[2] ?? m?.[1]);
  if (!m || hi < lo || hi > spec.max || hi - lo >= 100_000) {
    throw new UsageError(
      `--seeds must be a range such as 0..199 (at most 100000 seeds, each ${describeRange(spec)}); got '${value}'`,
    );
  }
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}
