import { UsageError } from './errors';

/** Builds a commander argument parser that accepts one of `choices` and names the option otherwise. */
export function oneOf<T extends string>(option: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    const found = choices.find((c) => c.toLowerCase() === value.toLowerCase());
    if (!found) throw new UsageError(`${option} must be one of ${choices.join(', ')}; got '${value}'`);
    return found;
  };
}

/** A finite number > 0 (learning rates, thresholds). */
export function positiveNumber(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw new UsageError(`${option} must be a finite positive number; got '${value}'`);
    }
    return n;
  };
}

/** An integer ≥ min (epochs, intervals, seeds). */
export function integerAtLeast(option: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) {
      const what = min === 1 ? 'a positive integer' : `an integer ≥ ${min}`;
      throw new UsageError(`${option} must be ${what}; got '${value}'`);
    }
    return n;
  };
}

/** Layer sizes such as `2,4,1`: at least two positive integers, first 2 (the data is 2-D). */
export function layers(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const sizes = parts.map(Number);
  if (parts.length < 2 || parts.some((p) => !/^\d+$/.test(p)) || sizes.some((n) => n < 1 || n > 4096)) {
    throw new UsageError(
      `--layers must be comma-separated positive integers (at most 4096) such as 2,4,1; got '${value}'`,
    );
  }
  if (sizes[0] !== 2)
    throw new UsageError(`--layers must start with 2 (the inputs are 2-D points); got '${value}'`);
  return sizes;
}

/** A seed range `a..b` (inclusive) or a single seed, within [0, 2^32). */
export function seedRange(value: string): number[] {
  const m = value.trim().match(/^(\d+)(?:\.\.(\d+))?$/);
  const lo = Number(m?.[1]);
  const hi = Number(m?.[2] ?? m?.[1]);
  if (!m || hi < lo || hi > 0xffffffff || hi - lo >= 100_000) {
    throw new UsageError(`--seeds must be a range such as 0..199 (at most 100000 seeds); got '${value}'`);
  }
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}
