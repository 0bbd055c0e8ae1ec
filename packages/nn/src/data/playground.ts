/**
 * Small datasets: the XOR truth table of the seed, and the 2-D classification sets of
 * TensorFlow Playground (src/dataset.ts of github.com/tensorflow/playground), re-implemented
 * with a seeded generator so the same seed gives the same points everywhere.
 */
import { Tensor } from '@deltagrad/core';
import type { RandomGenerator } from '@deltagrad/random';
import { boolean, checkOptionKeys, generatorOption, given, integer, nonNegative } from '../validate';
import type { Dataset } from './dataset';

/**
 * The XOR truth table, as in the seed: x = [[0,0],[0,1],[1,0],[1,1]], y = [[0],[1],[1],[0]].
 *
 * @example
 * ```ts
 * const { x, y } = xor(); // x: [4, 2], y: [4, 1]
 * ```
 */
export function xor(): Dataset {
  return {
    x: new Tensor(Float64Array.of(0, 0, 0, 1, 1, 0, 1, 1), [4, 2]),
    y: new Tensor(Float64Array.of(0, 1, 1, 0), [4, 1]),
  };
}

/** Options of the playground datasets. */
export interface PlaygroundOptions {
  /** Number of points (default 200): half of each class (the first class gets the odd one). */
  n?: number;
  /** Noise as in the playground's slider, 0 to 0.5 (default 0); larger values are allowed. */
  noise?: number;
  /** Seed of the generator (default 0); same seed, same points. */
  seed?: number;
  /** Draw from this generator instead (it advances); not with `seed`. */
  generator?: RandomGenerator;
  /**
   * Scale coordinates by 1/6 so points lie in about [−1, 1]² instead of the playground's
   * [−6, 6]² (default false).
   */
  normalize?: boolean;
}

interface Resolved {
  n: number;
  noise: number;
  rng: RandomGenerator;
  scale: number;
}

function resolve(where: string, opts: PlaygroundOptions | undefined): Resolved {
  checkOptionKeys(where, opts, ['n', 'noise', 'seed', 'generator', 'normalize']);
  const o = opts ?? {};
  const n = integer(where, 'n', given(o.n, 200), 2);
  const noise = nonNegative(where, 'noise', given(o.noise, 0));
  const rng = generatorOption(where, o);
  const normalize = boolean(where, 'normalize', given(o.normalize, false));
  return { n, noise, rng, scale: normalize ? 1 / 6 : 1 };
}

/** Builds a dataset from points with labels ±1 (the playground's), mapped to 1 and 0. */
function build(points: readonly [number, number, number][], scale: number): Dataset {
  const n = points.length;
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  points.forEach(([px, py, label], i) => {
    x[2 * i] = px * scale;
    x[2 * i + 1] = py * scale;
    y[i] = label > 0 ? 1 : 0;
  });
  return { x: new Tensor(x, [n, 2]), y: new Tensor(y, [n, 1]) };
}

/** Class sizes: the first class gets ⌈n/2⌉ points, the second ⌊n/2⌋. */
function halves(n: number): [number, number] {
  return [Math.ceil(n / 2), Math.floor(n / 2)];
}

/**
 * Two Gaussian blobs (the playground's "Gaussian"): label 1 around (2, 2), label 0 around
 * (−2, −2), each coordinate with variance growing linearly from 0.5 (noise 0) to 4 (noise 0.5).
 *
 * @example
 * ```ts
 * const data = gaussians({ n: 100, noise: 0.1, seed: 7 });
 * ```
 */
export function gaussians(opts?: PlaygroundOptions): Dataset {
  const { n, noise, rng, scale } = resolve('gaussians', opts);
  const variance = 0.5 + (noise / 0.5) * 3.5;
  const sd = Math.sqrt(variance);
  const points: [number, number, number][] = [];
  const [n1, n0] = halves(n);
  for (const [count, c, label] of [
    [n1, 2, 1],
    [n0, -2, -1],
  ] as const) {
    for (let i = 0; i < count; i++) points.push([c + sd * rng.normal(), c + sd * rng.normal(), label]);
  }
  return build(points, scale);
}

/**
 * A disc and a ring (the playground's "Circle"): label 1 for points drawn at radius < 2.5,
 * label 0 for radius in [3.5, 5); noise moves the point used for labelling by up to
 * ±5·noise per coordinate, so with noise some labels flip near the boundary.
 */
export function circle(opts?: PlaygroundOptions): Dataset {
  const { n, noise, rng, scale } = resolve('circle', opts);
  const radius = 5;
  const label = (x: number, y: number) => (Math.hypot(x, y) < radius * 0.5 ? 1 : -1);
  const points: [number, number, number][] = [];
  const [inner, outer] = halves(n);
  for (const [count, lo, hi] of [
    [inner, 0, radius * 0.5],
    [outer, radius * 0.7, radius],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const r = rng.uniform(lo, hi);
      const angle = rng.uniform(0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const nx = rng.uniform(-radius, radius) * noise;
      const ny = rng.uniform(-radius, radius) * noise;
      points.push([x, y, label(x + nx, y + ny)]);
    }
  }
  return build(points, scale);
}

/**
 * Noisy XOR quadrants (the playground's "Exclusive or"): points uniform in [−5, 5]², pushed
 * 0.3 away from the axes, label 1 where x·y ≥ 0 (first and third quadrants) and 0 elsewhere;
 * labels are computed on the point moved by up to ±5·noise per coordinate.
 */
export function xorQuadrants(opts?: PlaygroundOptions): Dataset {
  const { n, noise, rng, scale } = resolve('xorQuadrants', opts);
  const padding = 0.3;
  const points: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    let x = rng.uniform(-5, 5);
    x += x > 0 ? padding : -padding;
    let y = rng.uniform(-5, 5);
    y += y > 0 ? padding : -padding;
    const nx = rng.uniform(-5, 5) * noise;
    const ny = rng.uniform(-5, 5) * noise;
    points.push([x, y, (x + nx) * (y + ny) >= 0 ? 1 : -1]);
  }
  return build(points, scale);
}

/**
 * Two interleaved spirals (the playground's "Spiral"): point i of k per arm at radius 5·i/k
 * and angle 1.75·2π·i/k (+π for the second arm), each coordinate moved by U(−1, 1)·noise;
 * label 1 for the first arm, 0 for the second.
 */
export function spiral(opts?: PlaygroundOptions): Dataset {
  const { n, noise, rng, scale } = resolve('spiral', opts);
  const points: [number, number, number][] = [];
  const [n1, n0] = halves(n);
  for (const [count, deltaT, label] of [
    [n1, 0, 1],
    [n0, Math.PI, -1],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const r = (i / count) * 5;
      const t = ((1.75 * i) / count) * 2 * Math.PI + deltaT;
      const x = r * Math.sin(t) + rng.uniform(-1, 1) * noise;
      const y = r * Math.cos(t) + rng.uniform(-1, 1) * noise;
      points.push([x, y, label]);
    }
  }
  return build(points, scale);
}
