import type { Matrix } from '@deltagrad/manual';
import { circle, type Dataset, gaussians, spiral, xor, xorQuadrants } from '@deltagrad/nn';
import type { ExperimentConfig } from './types';

/**
 * The training data of `config`: XOR's truth table, or a playground set with 0/1 labels drawn
 * from `config.dataSeed`, so changing the weight seed never changes the data.
 */
export function datasetOf(config: ExperimentConfig): Dataset {
  const opts = { n: config.datasetSize, seed: config.dataSeed, normalize: true };
  switch (config.dataset) {
    case 'xor':
      return xor();
    case 'xorQuadrants':
      return xorQuadrants(opts);
    case 'circle':
      return circle(opts);
    case 'gaussians':
      return gaussians(opts);
    case 'spiral':
      return spiral(opts);
  }
}

/** The data as @deltagrad/manual's matrices, viewing the same arrays: X (n×2) and Y (n×1). */
export function matricesOf(data: Dataset): { X: Matrix; Y: Matrix } {
  const [n, features] = data.x.shape as [number, number];
  return {
    X: { rows: n, cols: features, data: data.x.data },
    Y: { rows: n, cols: data.y.shape[1]!, data: data.y.data },
  };
}
