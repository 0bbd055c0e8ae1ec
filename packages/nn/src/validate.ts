/**
 * Option checks shared by every public function: each throws an `INVALID_OPTION` error that
 * names the function, the option and the value it got.
 */
import { createRandom, type RandomGenerator } from '@deltagrad/random';
import { fmtValue, NnError } from './errors';

/** Throws unless `opts` is undefined or a plain object whose keys are all in `known`. */
export function checkOptionKeys(where: string, opts: unknown, known: readonly string[]): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new NnError('INVALID_OPTION', `${where}: options must be an object, got ${fmtValue(opts)}`);
  }
  for (const key of Object.keys(opts)) {
    if (!known.includes(key)) {
      throw new NnError(
        'INVALID_OPTION',
        `${where}: unknown option ${JSON.stringify(key)} (known options: ${known.join(', ')})`,
      );
    }
  }
}

/**
 * An option's value, or `fallback` when it is left out. Only `undefined` means "left out":
 * `null` is a value, and the option's check refuses it (a saved `lr: null` must not become
 * the default rate).
 */
export function given<T>(value: T | null | undefined, fallback: T): T {
  return value === undefined ? fallback : (value as T);
}

function fail(where: string, name: string, rule: string, value: unknown): never {
  throw new NnError('INVALID_OPTION', `${where}: option ${name} must be ${rule}, got ${fmtValue(value)}`);
}

/** A finite number > 0. */
export function positive(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(where, name, 'a finite number > 0', value);
  }
  return value;
}

/** A finite number ≥ 0. */
export function nonNegative(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(where, name, 'a finite number >= 0', value);
  }
  return value;
}

/** Any finite number. */
export function finite(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(where, name, 'a finite number', value);
  return value;
}

/** A number in [lo, hi) (or [lo, hi] with `closed`). */
export function inRange(
  where: string,
  name: string,
  value: unknown,
  lo: number,
  hi: number,
  closed = false,
): number {
  const ok = typeof value === 'number' && value >= lo && (closed ? value <= hi : value < hi);
  if (!ok) fail(where, name, `a number in [${lo}, ${hi}${closed ? ']' : ')'}`, value);
  return value as number;
}

/** An integer ≥ `min` (a safe integer). */
export function integer(where: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(where, name, `an integer >= ${min}`, value);
  }
  return value;
}

/** A boolean. */
export function boolean(where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(where, name, 'true or false', value);
  return value;
}

/** One of `choices`. */
export function oneOf<T extends string>(
  where: string,
  name: string,
  value: unknown,
  choices: readonly T[],
): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    fail(where, name, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, value);
  }
  return value as T;
}

/** Any safe integer (negative allowed). */
export function anyInteger(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(where, name, 'an integer', value);
  return value;
}

/** A seed for `@deltagrad/random`: an integer in [0, 2^32). */
export function seedOption(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= 2 ** 32) {
    fail(where, name, 'an integer in [0, 2^32)', value);
  }
  return value;
}

/** True if `value` has the methods of a `RandomGenerator` from `@deltagrad/random`. */
function isGenerator(value: unknown): value is RandomGenerator {
  if (value === null || typeof value !== 'object') return false;
  const g = value as Record<string, unknown>;
  return ['float', 'normal', 'uniform', 'integer', 'shuffle'].every((m) => typeof g[m] === 'function');
}

/**
 * The generator a data function draws from: `opts.generator` as given (it advances), or a
 * fresh `createRandom(opts.seed ?? 0)`. Giving both is an error (which one wins would be a guess).
 */
export function generatorOption(
  where: string,
  opts: { seed?: number; generator?: RandomGenerator } | undefined,
): RandomGenerator {
  const generator = opts?.generator;
  if (generator !== undefined) {
    if (opts?.seed !== undefined) {
      throw new NnError('INVALID_OPTION', `${where}: give option seed or option generator, not both`);
    }
    if (!isGenerator(generator)) {
      fail(where, 'generator', 'a RandomGenerator (createRandom(seed), numpyRandom(seed))', generator);
    }
    return generator;
  }
  return createRandom(seedOption(where, 'seed', given(opts?.seed, 0)));
}
