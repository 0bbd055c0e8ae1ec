import type { Tensor } from '@deltagrad/core';
import { Module } from '../module';
import { registerLayer } from '../registry';
import { anyInteger, finite, oneOf } from '../validate';
import { anyIntegerField, finiteField, sameWidth } from './fields';

/** A parameterless activation layer in a model file. */
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

/**
 * The activation names shared across deltagrad (the same names as `@deltagrad/manual`'s
 * activations): `'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'softplus'`.
 */
export type ActivationName = 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'softplus';

/** Every {@link ActivationName}, in a fixed order. */
export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'identity',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'softplus',
];

/** f(x) = x. */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
  override toString(): string {
    return 'Identity()';
  }
}

/** The logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ), element-wise (the seed's activation). */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
  override toString(): string {
    return 'Sigmoid()';
  }
}

/** tanh(x), element-wise. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
  override toString(): string {
    return 'Tanh()';
  }
}

/** max(x, 0), element-wise. */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return x.relu();
  }
  override toString(): string {
    return 'ReLU()';
  }
}

/** x for x > 0, else slope·x (default slope 0.01, as PyTorch). */
export class LeakyReLU extends Module {
  /** @throws {@link NnError} `INVALID_OPTION` if the slope is not finite. */
  constructor(readonly slope = 0.01) {
    super();
    finite('LeakyReLU', 'slope', slope);
  }
  forward(x: Tensor): Tensor {
    return x.leakyRelu(this.slope);
  }
  override toString(): string {
    return `LeakyReLU(${this.slope})`;
  }
}

/** ln(1 + eˣ), element-wise, computed stably. */
export class Softplus extends Module {
  forward(x: Tensor): Tensor {
    return x.softplus();
  }
  override toString(): string {
    return 'Softplus()';
  }
}

/** softmax along `axis` (default the last), computed stably. */
export class Softmax extends Module {
  /** @throws {@link NnError} `INVALID_OPTION` if the axis is not an integer. */
  constructor(readonly axis = -1) {
    super();
    anyInteger('Softmax', 'axis', axis);
  }
  forward(x: Tensor): Tensor {
    return x.softmax(this.axis);
  }
  override toString(): string {
    return `Softmax(axis ${this.axis})`;
  }
}

/** log softmax along `axis` (default the last), computed stably. */
export class LogSoftmax extends Module {
  /** @throws {@link NnError} `INVALID_OPTION` if the axis is not an integer. */
  constructor(readonly axis = -1) {
    super();
    anyInteger('LogSoftmax', 'axis', axis);
  }
  forward(x: Tensor): Tensor {
    return x.logSoftmax(this.axis);
  }
  override toString(): string {
    return `LogSoftmax(axis ${this.axis})`;
  }
}

/** Registers an activation without options: no fields, no parameters, the input's width. */
function registerActivation(type: ActivationDescriptor['type'], cls: new () => Module): void {
  registerLayer<Module, Record<never, never>>({
    type,
    cls,
    fields: {},
    config: () => ({}),
    build: () => new cls(),
    outputWidth: sameWidth,
  });
}

registerActivation('Identity', Identity);
registerActivation('Sigmoid', Sigmoid);
registerActivation('Tanh', Tanh);
registerActivation('ReLU', ReLU);
registerActivation('Softplus', Softplus);
registerLayer<LeakyReLU, Omit<LeakyReLUDescriptor, 'type'>>({
  type: 'LeakyReLU',
  cls: LeakyReLU,
  fields: { slope: finiteField },
  config: (m) => ({ slope: m.slope }),
  build: (c) => new LeakyReLU(c.slope),
  outputWidth: sameWidth,
});
for (const [type, cls] of [
  ['Softmax', Softmax],
  ['LogSoftmax', LogSoftmax],
] as const) {
  registerLayer<Softmax | LogSoftmax, Omit<SoftmaxDescriptor, 'type'>>({
    type,
    cls,
    fields: { axis: anyIntegerField },
    config: (m) => ({ axis: m.axis }),
    build: (c) => new cls(c.axis),
    outputWidth: sameWidth,
  });
}

/**
 * The activation module for a name.
 *
 * @param slope - the negative slope, for `'leakyRelu'` only (default 0.01)
 * @throws {@link NnError} `INVALID_OPTION` for an unknown name.
 *
 * @example
 * ```ts
 * activation('tanh').forward(tensor([0])); // tanh(0) = 0
 * ```
 */
export function activation(name: ActivationName, slope?: number): Module {
  switch (oneOf('activation', 'name', name, ACTIVATION_NAMES)) {
    case 'identity':
      return new Identity();
    case 'sigmoid':
      return new Sigmoid();
    case 'tanh':
      return new Tanh();
    case 'relu':
      return new ReLU();
    case 'leakyRelu':
      return new LeakyReLU(slope);
    case 'softplus':
      return new Softplus();
  }
}
