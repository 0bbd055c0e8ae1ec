import type { Tensor } from '@deltagrad/core';
import { defaultGenerator } from '../default-generator';
import { fmtShape, NnError } from '../errors';
import { checkInitializer, type Initializer, pytorchDefault, zerosInit } from '../init';
import { Module } from '../module';
import type { Parameter } from '../parameter';
import { registerLayer } from '../registry';
import { boolean, checkOptionKeys, given, integer } from '../validate';
import { booleanField, integerField } from './fields';

/** A {@link Linear} layer in a model file: `inFeatures → outFeatures`, with or without a bias. */
export interface LinearDescriptor {
  type: 'Linear';
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
}

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /**
   * Where the initial values come from (default `pytorchDefault(defaultGenerator())`: fresh
   * draws from nn's default generator, which `manualSeed` reseeds).
   */
  init?: Initializer;
}

/**
 * A dense layer in the seed's batch-of-rows layout: `forward(x) = x·W + b`, with W of shape
 * in×out and b of shape 1×out (broadcast over the rows of x). In the column-vector notation
 * of the equations this is z = Wᵀa + b, i.e. the equations' W is this W transposed.
 *
 * Parameters: `W` and (unless `bias: false`) `b`.
 *
 * @example
 * ```ts
 * const layer = new Linear(2, 4, { init: xavierUniform(createRandom(1)) });
 * layer.forward(tensor([[0, 1]])).shape; // [1, 4]
 * ```
 */
export class Linear extends Module {
  /** The weight, shape [inFeatures, outFeatures]. */
  readonly W: Parameter;
  /** The bias, shape [1, outFeatures], or null without bias. */
  readonly b: Parameter | null;

  /**
   * @throws {@link NnError} `INVALID_OPTION` if a size is not an integer >= 1 or an option is invalid.
   */
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: LinearOptions = {},
  ) {
    super();
    integer('Linear', 'inFeatures', inFeatures, 1);
    integer('Linear', 'outFeatures', outFeatures, 1);
    checkOptionKeys('Linear', opts, ['bias', 'init']);
    const withBias = boolean('Linear', 'bias', given(opts.bias, true));
    const init =
      opts.init === undefined ? pytorchDefault(defaultGenerator()) : checkInitializer('Linear', opts.init);
    this.W = this.registerParameter(
      'W',
      checked(init.weight(inFeatures, outFeatures), [inFeatures, outFeatures]),
    );
    this.b = withBias
      ? this.registerParameter('b', checked(init.bias(inFeatures, outFeatures), [1, outFeatures]))
      : null;
  }

  /**
   * x·W + b for x of shape [batch, inFeatures] (or [..., inFeatures]).
   *
   * @throws {@link NnError} `SHAPE_MISMATCH` if x does not end in `inFeatures` values.
   */
  forward(x: Tensor): Tensor {
    if (x.rank < 2 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new NnError(
        'SHAPE_MISMATCH',
        `${this.toString()}: input of shape ${fmtShape(x.shape)} should have shape [batch, ${this.inFeatures}]`,
      );
    }
    const z = x.matmul(this.W.value);
    return this.b ? z.add(this.b.value) : z;
  }

  override toString(): string {
    return `Linear(${this.inFeatures} → ${this.outFeatures}${this.b ? '' : ', no bias'})`;
  }
}

function checked(t: Tensor, shape: readonly number[]): Tensor {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new NnError(
      'SHAPE_MISMATCH',
      `Linear: the initialiser returned shape ${fmtShape(t.shape)}, expected ${fmtShape(shape)}`,
    );
  }
  return t;
}

registerLayer<Linear, Omit<LinearDescriptor, 'type'>>({
  type: 'Linear',
  cls: Linear,
  fields: { inFeatures: integerField(1), outFeatures: integerField(1), bias: booleanField },
  config: (m) => ({ inFeatures: m.inFeatures, outFeatures: m.outFeatures, bias: m.b !== null }),
  build: (c) => new Linear(c.inFeatures, c.outFeatures, { bias: c.bias, init: zerosInit() }),
  parameters: (c) => [
    ['W', [c.inFeatures, c.outFeatures]],
    ...(c.bias ? [['b', [1, c.outFeatures]] as const] : []),
  ],
  pytorch: { names: { W: 'weight', b: 'bias' }, transposed: ['W'], flattened: ['b'] },
  outputWidth(c, inputWidth, at) {
    if (inputWidth !== null && inputWidth !== c.inFeatures) {
      throw new NnError(
        'SHAPE_MISMATCH',
        `${at}: Linear takes ${c.inFeatures} inputs but the layers before it give ${inputWidth}`,
      );
    }
    return c.outFeatures;
  },
});
