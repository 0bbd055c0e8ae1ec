/**
 * Small computations the page and the worker share, on top of @deltagrad/crosscheck and
 * @deltagrad/manual's forward pass: the output over a grid of inputs, and that grid.
 */
import {
  type ExperimentConfig,
  featuresOf,
  networkOf,
  type ParamSet,
  toManualParams,
} from '@deltagrad/crosscheck';
import { forward, type Matrix } from '@deltagrad/manual';

/**
 * The forward pass of `points` (n×2, row-major, before any input feature): every layer's
 * activations, the last one ŷ. The network reads the features of `config.features`.
 */
export function activations(config: ExperimentConfig, layers: ParamSet, points: Float64Array): Matrix[] {
  const cols = config.features.length;
  const X: Matrix = { rows: points.length / 2, cols, data: featuresOf(config, points) };
  return [...forward(networkOf(config), toManualParams(layers), X).a];
}

/** The square of inputs a heatmap covers: XOR's [−0.5, 1.5]², or the data's extent with a margin. */
export interface Domain {
  min: number;
  max: number;
}

export function domainOf(dataset: ExperimentConfig['dataset'], x: Float64Array): Domain {
  if (dataset === 'xor') return { min: -0.5, max: 1.5 };
  let m = 0;
  for (const v of x) m = Math.max(m, Math.abs(v));
  const r = Math.ceil(m * 11) / 10;
  return { min: -r, max: r };
}

/** Grid points (res×res, row 0 at the top: x₂ = max), row-major as n×2 inputs. */
export function gridPoints(domain: Domain, res: number): Float64Array {
  const pts = new Float64Array(res * res * 2);
  const step = (domain.max - domain.min) / (res - 1);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      const k = (r * res + c) * 2;
      pts[k] = domain.min + c * step;
      pts[k + 1] = domain.max - r * step;
    }
  }
  return pts;
}
