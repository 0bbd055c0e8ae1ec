import { forward, lossValue, output, penalty } from '@deltagrad/manual';
import { batchOf } from './batches';
import { resolveConfig } from './config';
import { splitOf } from './dataset';
import type { Batch } from './engine';
import { networkOf } from './network';
import { cloneParamSet, type LayerGrads, type ParamSet, toManualParams } from './params';
import type { ExperimentConfig } from './types';

/**
 * The objective of `config` on `batch` at any parameters — the configured loss plus the weight
 * penalty — by the equations' forward pass alone (no derivative code).
 */
export function lossAt(config: ExperimentConfig, batch: Batch): (params: ParamSet) => number {
  const network = networkOf(config);
  const { regularization, regularizationRate } = config;
  return (params) => {
    const p = toManualParams(params);
    return (
      lossValue(config.loss, output(forward(network, p, batch.X)), batch.Y) +
      penalty(regularization, regularizationRate, p.W)
    );
  };
}

/** Central differences (L(θ + ε) − L(θ − ε)) / 2ε of `loss` for every parameter entry. */
export function finiteDifferences(
  loss: (params: ParamSet) => number,
  params: ParamSet,
  eps = 1e-6,
): LayerGrads[] {
  // Probe a copy: the caller's arrays may be the live parameters of an engine.
  const probe = cloneParamSet(params);
  const diff = (arr: Float64Array): Float64Array =>
    arr.map((v, i) => {
      arr[i] = v + eps;
      const up = loss(probe);
      arr[i] = v - eps;
      const down = loss(probe);
      arr[i] = v;
      return (up - down) / (2 * eps);
    });
  return probe.map((p) => ({ W: diff(p.W), b: diff(p.b) }));
}

/**
 * The third opinion: central differences of the objective (the configured loss, plus the weight
 * penalty) on the whole training set at `params`, for every entry of every ∂L/∂W^(l) and
 * ∂L/∂b^(l), computed with the equations' forward pass only (no derivative code involved).
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
  params: ParamSet,
  eps = 1e-6,
): LayerGrads[] {
  const config = resolveConfig(overrides);
  return finiteDifferences(lossAt(config, batchOf(config, splitOf(config).train)), params, eps);
}
