/**
 * Plain descriptions of the built-in layers, as stored in a model file's `architecture`
 * (`{ type, ...config }`; every field is a JSON value). Each layer's descriptor is declared
 * and registered next to its class (see `registry.ts`); this is their union.
 */
import type { ActivationDescriptor, LeakyReLUDescriptor, SoftmaxDescriptor } from './layers/activations';
import type { DropoutDescriptor } from './layers/dropout';
import type { LinearDescriptor } from './layers/linear';
import type { BatchNorm1dDescriptor, LayerNormDescriptor } from './layers/norm';
import type { SequentialDescriptor } from './layers/sequential';

export type {
  ActivationDescriptor,
  BatchNorm1dDescriptor,
  DropoutDescriptor,
  LayerNormDescriptor,
  LeakyReLUDescriptor,
  LinearDescriptor,
  SequentialDescriptor,
  SoftmaxDescriptor,
};

/** Any built-in layer's descriptor. */
export type LayerDescriptor =
  | LinearDescriptor
  | ActivationDescriptor
  | LeakyReLUDescriptor
  | SoftmaxDescriptor
  | DropoutDescriptor
  | LayerNormDescriptor
  | BatchNorm1dDescriptor
  | SequentialDescriptor;

/** The `type` names of the built-in layers. */
export type LayerType = LayerDescriptor['type'];
