/**
 * Small computations the page and the worker share, on top of @deltagrad/manual's forward pass:
 * the loss at given parameters, central finite differences, and the output over a grid.
 */
import type { ExperimentConfig, LayerParams, ParamComparison } from '@deltagrad/crosscheck';
import { forward, lossValue, type Matrix, type Network } from '@deltagrad/manual';

/** The network of `config` as @deltagrad/manual describes it (output layer: `outputActivation`). */
export function networkOf(config: ExperimentConfig): Network {
  return {
    sizes: config.layers,
    activations: config.layers
      .slice(1)
      .map((_, l) => (l === config.layers.length - 2 ? config.outputActivation : config.activation)),
    loss: config.loss,
  };
}

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

/** The configured loss at `layers` on the data (x n×2, y n×1). */
export function lossAt(
  config: ExperimentConfig,
  layers: readonly LayerParams[],
  x: Float64Array,
  y: Float64Array,
): number {
  const a = activations(config, layers, x);
  return lossValue(config.loss, a[a.length - 1]!, { rows: y.length, cols: 1, data: y });
}

/**
 * Central differences (L(θ + h) − L(θ − h)) / 2h of the configured loss for every entry of every
 * parameter, in the order of `params` (W1, b1, W2, …), at the values they hold.
 */
export function finiteDifferences(
  config: ExperimentConfig,
  params: readonly ParamComparison[],
  x: Float64Array,
  y: Float64Array,
  h = 1e-6,
): number[][] {
  const layers = layersFromComparisons(config, params);
  return params.map((p) => {
    const l = Number(p.name.slice(1)) - 1;
    const target = p.name.startsWith('W') ? layers[l]!.W : layers[l]!.b;
    return p.value.map((v, i) => {
      target[i] = v + h;
      const up = lossAt(config, layers, x, y);
      target[i] = v - h;
      const down = lossAt(config, layers, x, y);
      target[i] = v;
      return (up - down) / (2 * h);
    });
  });
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

/** |a − m| and |a − m| / max(|a|, |m|) (0 when both are 0), as crosscheck compares entries. */
export function entryDiff(a: number, m: number): { abs: number; rel: number } {
  const abs = Math.abs(a - m);
  const scale = Math.max(Math.abs(a), Math.abs(m));
  return { abs, rel: scale > 0 ? abs / scale : Number.isNaN(abs) ? Number.NaN : 0 };
}
