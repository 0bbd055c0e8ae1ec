import { type Initializer, kaimingNormal, numpyRandn, xavierUniform } from '@deltagrad/nn';
import { createRandom, numpyRandom } from '@deltagrad/random';
import { activationOf } from './network';
import type { LayerParams } from './params';
import type { ExperimentConfig } from './types';

/**
 * The one set of initial weights every method starts from, layer by layer (W1, b1, W2, b2, …).
 * `numpy` draws W = np.random.randn(in, out) from NumPy's MT19937 seeded with `seed` (biases
 * zero), exactly as the seed script; `xavier` and `he` follow PyTorch's formulas with zero biases.
 */
export function initialParams(config: ExperimentConfig): LayerParams[] {
  const init = initializer(config);
  return config.layers.slice(1).map((outputs, l) => {
    const inputs = config.layers[l]!;
    const W = init.weight(inputs, outputs).data;
    return { W: new Float64Array(W), b: new Float64Array(outputs), inputs, outputs };
  });
}

function initializer(config: ExperimentConfig): Initializer {
  switch (config.init) {
    case 'numpy':
      return numpyRandn(numpyRandom(config.seed));
    case 'xavier':
      return xavierUniform(createRandom(config.seed), {
        gain: activationOf(config, 0) === 'tanh' ? 5 / 3 : 1,
      });
    case 'he':
      return kaimingNormal(createRandom(config.seed));
  }
}
