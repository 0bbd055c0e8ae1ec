/**
 * Plain descriptions of the built-in layers, as stored in a model file's `architecture`.
 * Every field is a JSON value, so a descriptor round-trips through `JSON.stringify`.
 */

/** A {@link Linear} layer: `inFeatures → outFeatures`, with or without a bias. */
export interface LinearDescriptor {
  type: 'Linear';
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
}

/** A parameterless activation layer. */
export interface ActivationDescriptor {
  type: 'Identity' | 'Sigmoid' | 'Tanh' | 'ReLU' | 'Softplus';
}

/** A {@link LeakyReLU} with its negative slope. */
export interface LeakyReLUDescriptor {
  type: 'LeakyReLU';
  slope: number;
}

/** A {@link Softmax} or {@link LogSoftmax} along `axis`. */
export interface SoftmaxDescriptor {
  type: 'Softmax' | 'LogSoftmax';
  axis: number;
}

/** A nested {@link Sequential}. */
export interface SequentialDescriptor {
  type: 'Sequential';
  layers: LayerDescriptor[];
}

/** Any built-in layer's descriptor. */
export type LayerDescriptor =
  | LinearDescriptor
  | ActivationDescriptor
  | LeakyReLUDescriptor
  | SoftmaxDescriptor
  | SequentialDescriptor;

/** The `type` names of the built-in layers. */
export const LAYER_TYPES = [
  'Linear',
  'Identity',
  'Sigmoid',
  'Tanh',
  'ReLU',
  'LeakyReLU',
  'Softplus',
  'Softmax',
  'LogSoftmax',
  'Sequential',
] as const;

/** One of {@link LAYER_TYPES}. */
export type LayerType = (typeof LAYER_TYPES)[number];
