import { circle, type Dataset, gaussians, spiral, xor, xorQuadrants } from '@deltagrad/nn';
import type { ExperimentConfig } from './types';

/** The training data of `config`: XOR's truth table, or a seeded playground set with 0/1 labels. */
export function datasetOf(config: ExperimentConfig): Dataset {
  const opts = { n: config.datasetSize, seed: config.seed, normalize: true };
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
