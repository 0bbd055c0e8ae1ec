/**
 * TensorFlow Playground's two regression sets (`regressPlane` and `regressGaussian` of its
 * src/dataset.ts), with a seeded generator instead of `Math.random`. Its classification sets
 * are @deltagrad/nn's (`circle`, `xorQuadrants`, `gaussians`, `spiral`); these follow the same
 * conventions: coordinates scaled by 1/6 into about [−1, 1]², and targets mapped from
 * Playground's labels t (about [−1, 1]) to (t + 1)/2, as its ±1 classes become 1 and 0.
 */
import { Tensor } from '@deltagrad/core';
import type { Dataset } from '@deltagrad/nn';
import type { RandomGenerator } from '@deltagrad/random';

/** What a regression set is drawn with (the experiment passes its dataset options). */
export interface RegressionOptions {
  /** Number of points. */
  n: number;
  /** Playground's noise, 0 to 0.5: the point used for the label moves by up to ±6·noise per coordinate. */
  noise: number;
  /** Draws every number, in Playground's order. */
  generator: RandomGenerator;
  /** Scale coordinates by 1/6 (into about [−1, 1]²). */
  normalize: boolean;
}

const RADIUS = 6;

/** d3's linear scale from [d0, d1] to [r0, r1], as Playground's `d3.scale.linear()` computes it. */
function linear(d0: number, d1: number, r0: number, r1: number, clamp: boolean): (v: number) => number {
  return (v) => {
    let t = (v - d0) / (d1 - d0);
    if (clamp) t = Math.max(0, Math.min(1, t));
    return r0 + (r1 - r0) * t;
  };
}

/**
 * Points uniform in [−6, 6]², each labelled by `label` at the point moved by the noise (the
 * point itself is kept), in Playground's order of draws: x, y, noise x, noise y.
 */
function draw(opts: RegressionOptions, label: (x: number, y: number) => number): Dataset {
  const { n, noise, generator: rng } = opts;
  const scale = opts.normalize ? 1 / 6 : 1;
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const px = rng.uniform(-RADIUS, RADIUS);
    const py = rng.uniform(-RADIUS, RADIUS);
    const nx = rng.uniform(-RADIUS, RADIUS) * noise;
    const ny = rng.uniform(-RADIUS, RADIUS) * noise;
    x[2 * i] = px * scale;
    x[2 * i + 1] = py * scale;
    y[i] = (label(px + nx, py + ny) + 1) / 2;
  }
  return { x: new Tensor(x, [n, 2]), y: new Tensor(y, [n, 1]) };
}

/**
 * Playground's "Plane": label (x + y) scaled from [−10, 10] to [−1, 1] (not clamped, so corners
 * reach ±1.2), target (label + 1)/2.
 */
export function plane(opts: RegressionOptions): Dataset {
  const labelScale = linear(-10, 10, -1, 1, false);
  return draw(opts, (x, y) => labelScale(x + y));
}

/** Playground's six Gaussian bumps: centre and sign. */
const BUMPS: readonly (readonly [number, number, number])[] = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/**
 * Playground's "Multi Gaussian": each bump gives sign·(1 − distance/2) clamped to [0, 1] in
 * size; the label is the one largest in absolute value (the first on a tie, 0 far from all),
 * target (label + 1)/2.
 */
export function multiGaussian(opts: RegressionOptions): Dataset {
  const labelScale = linear(0, 2, 1, 0, true);
  return draw(opts, (x, y) => {
    let label = 0;
    for (const [cx, cy, sign] of BUMPS) {
      const dx = x - cx;
      const dy = y - cy;
      const next = sign * labelScale(Math.sqrt(dx * dx + dy * dy));
      if (Math.abs(next) > Math.abs(label)) label = next;
    }
    return label;
  });
}
