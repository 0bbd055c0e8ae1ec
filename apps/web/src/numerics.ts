/**
 * Small computations the page and the worker share, on top of @deltagrad/crosscheck and
 * @deltagrad/manual's forward pass: parameters read back from events, finite differences, and
 * the output over a grid.
 */
import {
  type ExperimentConfig,
  finiteDifferenceGradients,
  type LayerParams,
  networkOf,
  type ParamComparison,
} from '@deltagrad/crosscheck';
import { forward, type Matrix } from '@deltagrad/manual';

/** The parameters in an epoch event (the values at which both gradients were computed), per layer. */
export function layersFromComparisons(
  config: ExperimentConfig,
  params: readonly ParamComparison[],
): LayerParams[] {
  return config.layers.slice(1).map((outputs, l) => {
    const W = params.find((p) => p.name === `W${l + 1}`);
    const b = params.find((p) => p.name === `b${l + 1}`);
    if (!W || !b) throw new Error(`the epoch event has no W${l + 1} or b${l + 1}`);
    return {
      W: Float64Array.from(W.value),
      b: Float64Array.from(b.value),
      inputs: config.layers[l]!,
      outputs,
    };
  });
}

function manualParams(layers: readonly LayerParams[]): { W: Matrix[]; b: Matrix[] } {
  return {
    W: layers.map((p) => ({ rows: p.inputs, cols: p.outputs, data: p.W })),
    b: layers.map((p) => ({ rows: 1, cols: p.outputs, data: p.b })),
  };
}

/** The forward pass of `points` (n×2, row-major): every layer's activations, the last one ŷ. */
export function activations(
  config: ExperimentConfig,
  layers: readonly LayerParams[],
  points: Float64Array,
): Matrix[] {
  const X: Matrix = { rows: points.length / 2, cols: 2, data: points };
  return [...forward(networkOf(config), manualParams(layers), X).a];
}

/**
 * Central differences of the configured loss for every entry of every parameter, in the order
 * of `params` (W1, b1, W2, …), at the values they hold (crosscheck's third opinion).
 */
export function finiteDifferences(config: ExperimentConfig, params: readonly ParamComparison[]): number[][] {
  return finiteDifferenceGradients(config, layersFromComparisons(config, params)).flatMap((g) => [
    Array.from(g.W),
    Array.from(g.b),
  ]);
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
