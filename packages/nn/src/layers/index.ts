/** The built-in layers (each registered for model files next to its class). */
import type { LayerType } from '../descriptors';
import { layerTypeOf, registeredLayerTypes } from '../registry';
import { Identity, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Softplus, Tanh } from './activations';
import { Dropout } from './dropout';
import { Linear } from './linear';
import { BatchNorm1d, LayerNorm } from './norm';
import { Sequential } from './sequential';

/** The `type` names of the built-in layers (any registered layer loads; see `registerLayer`). */
export const LAYER_TYPES: readonly LayerType[] = Object.freeze(
  [
    Linear,
    Identity,
    Sigmoid,
    Tanh,
    ReLU,
    LeakyReLU,
    Softplus,
    Softmax,
    LogSoftmax,
    Dropout,
    LayerNorm,
    BatchNorm1d,
    Sequential,
  ].map((cls) => layerTypeOf(cls) as LayerType),
);

/**
 * Every layer type a model file may name: the built-in ones and any added with
 * `registerLayer`. (Defined here so that whoever asks has the built-in layers loaded.)
 */
export function knownLayerTypes(): string[] {
  return registeredLayerTypes();
}
