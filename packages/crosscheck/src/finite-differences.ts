import { resolveConfig } from './config';
import { datasetOf } from './dataset';
import type { Evaluation, LayerParams } from './engines';
import { manualLoss } from './manual-engine';
import type { ExperimentConfig } from './types';

/** Central differences (L(θ + ε) − L(θ − ε)) / 2ε of `lossAt` for every parameter entry. */
export function finiteDifferences(
  lossAt: (params: readonly LayerParams[]) => number,
  params: readonly LayerParams[],
  eps = 1e-6,
): Evaluation['grads'] {
  // Probe a copy: the caller's arrays may be the live parameters of an engine.
  const probe = params.map((p) => ({ ...p, W: new Float64Array(p.W), b: new Float64Array(p.b) }));
  const diff = (arr: Float64Array): Float64Array =>
    arr.map((v, i) => {
      arr[i] = v + eps;
      const up = lossAt(probe);
      arr[i] = v - eps;
      const down = lossAt(probe);
      arr[i] = v;
      return (up - down) / (2 * eps);
    });
  return probe.map((p) => ({ W: diff(p.W), b: diff(p.b) }));
}

/**
 * The third opinion: central differences of the configured loss on the configured data at
 * `params`, for every entry of every ∂L/∂W^(l) and ∂L/∂b^(l), computed with the equations'
 * forward pass only (no derivative code involved).
 *
 * @example
 * ```ts
 * const config = resolveConfig({ loss: 'bce' });
 * const [first] = finiteDifferenceGradients(config, initialParams(config));
 * first.W; // ≈ ∂L/∂W1, to about 1e-9
 * ```
 */
export function finiteDifferenceGradients(
  overrides: Partial<ExperimentConfig>,
  params: readonly LayerParams[],
  eps = 1e-6,
): Evaluation['grads'] {
  const config = resolveConfig(overrides);
  const data = datasetOf(config);
  return finiteDifferences(manualLoss(config, data.x.data, data.y.data), params, eps);
}
