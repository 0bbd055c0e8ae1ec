/**
 * The network's inputs from 2-D points: one column per chosen feature (x₁, x₂, x₁², x₂², x₁x₂,
 * sin x₁, sin x₂, as in TensorFlow Playground). Every method trains on the same matrix, and a
 * page evaluating the network over a grid of points computes its inputs here too.
 */
import type { ExperimentConfig, FeatureName } from './types';
import { DATASET_INFO } from './vocabulary';

type Feature = (x1: number, x2: number, unit: number) => number;

/** Each feature of a point (x₁, x₂) in the network's coordinates; `unit` converts to Playground's. */
const FEATURE_OF: Readonly<Record<FeatureName, Feature>> = {
  x1: (x1) => x1,
  x2: (_, x2) => x2,
  x1Squared: (x1) => x1 * x1,
  x2Squared: (_, x2) => x2 * x2,
  x1x2: (x1, x2) => x1 * x2,
  sinX1: (x1, _, unit) => Math.sin(unit * x1),
  sinX2: (_, x2, unit) => Math.sin(unit * x2),
};

/** True when the features are the coordinates themselves, in order (the seed's inputs). */
function plain(features: readonly FeatureName[]): boolean {
  return features.length === 2 && features[0] === 'x1' && features[1] === 'x2';
}

/**
 * The network inputs of `points` (n×2, row-major): n rows of one column per feature of
 * `config.features`, in that order. With the features x₁, x₂ this is `points` itself (no copy).
 *
 * @example
 * ```ts
 * const config = resolveConfig({ dataset: 'circle', features: ['x1Squared', 'x2Squared'] });
 * featuresOf(config, Float64Array.of(0.5, -1)); // Float64Array [0.25, 1]
 * ```
 */
export function featuresOf(
  config: Pick<ExperimentConfig, 'features' | 'dataset'>,
  points: Float64Array,
): Float64Array {
  const { features } = config;
  if (plain(features)) return points;
  const unit = DATASET_INFO[config.dataset].unit;
  const fns = features.map((f) => FEATURE_OF[f]);
  const n = points.length / 2;
  const out = new Float64Array(n * fns.length);
  for (let i = 0; i < n; i++) {
    const x1 = points[2 * i]!;
    const x2 = points[2 * i + 1]!;
    for (let j = 0; j < fns.length; j++) out[i * fns.length + j] = fns[j]!(x1, x2, unit);
  }
  return out;
}
