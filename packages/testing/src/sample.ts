import { type Tensor, tensor } from '@deltagrad/core';
import type { RandomGenerator } from '@deltagrad/random';
import { sizeOf } from './dense';
import type { Avoid, Domain, OpSpec, PerInput } from './spec';

const MAX_TRIES = 1000;

/** The setting of input `i`: the shared one, or entry `i` of a per-input list. */
export function perInput<T>(setting: PerInput<T> | undefined, i: number): T | undefined {
  if (Array.isArray(setting)) return (setting as readonly (T | undefined)[])[i];
  return setting as T | undefined;
}

/** True when `x` is a value `avoid` excludes. */
export function isAvoided(x: number, avoid: Avoid | undefined): boolean {
  if (avoid === undefined) return false;
  if (typeof avoid === 'function') return avoid(x);
  return avoid.points.some((p) => Math.abs(x - p) < avoid.margin);
}

function draw(rng: RandomGenerator, domain: Domain): number {
  if (domain === 'any') return rng.uniform(-2, 2);
  if (domain === 'positive') return rng.uniform(0.25, 2);
  if (domain === 'nonzero') return (rng.float() < 0.5 ? -1 : 1) * rng.uniform(0.25, 2);
  return rng.uniform(domain.lo, domain.hi);
}

/**
 * One value from `domain` (see {@link Domain}) that `avoid` does not exclude.
 *
 * @throws Error when 1000 draws in a row are all excluded (the domain and `avoid` disagree).
 */
export function sampleValue(rng: RandomGenerator, domain: Domain = 'any', avoid?: Avoid): number {
  for (let i = 0; i < MAX_TRIES; i++) {
    const x = draw(rng, domain);
    if (!isAvoided(x, avoid)) return x;
  }
  throw new Error(`sampleValue: ${MAX_TRIES} draws from ${JSON.stringify(domain)} were all avoided`);
}

/** Inputs of the given shapes for `spec`, each sampled from its domain with its kinks avoided. */
export function sampleInputs(
  spec: Pick<OpSpec, 'domain' | 'avoid'>,
  shapes: readonly (readonly number[])[],
  rng: RandomGenerator,
): Tensor[] {
  return shapes.map((shape, i) => {
    const domain = perInput(spec.domain, i);
    const avoid = perInput(spec.avoid, i);
    const data = new Float64Array(sizeOf(shape));
    for (let k = 0; k < data.length; k++) data[k] = sampleValue(rng, domain, avoid);
    return tensor(data, { shape });
  });
}

/** A 32-bit seed (FNV-1a) from a base seed and labels, so every op and shape gets its own stream. */
export function seedFor(base: number, ...parts: readonly (string | number)[]): number {
  let h = (0x811c9dc5 ^ base) >>> 0;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
