import type { Tensor } from '@deltagrad/core';
import type { LayerDescriptor } from '../descriptors';
import { fmtValue, NnError } from '../errors';
import { Module } from '../module';
import { registerLayer } from '../registry';

/** A nested {@link Sequential} in a model file: its layers' descriptors, in order. */
export interface SequentialDescriptor {
  type: 'Sequential';
  layers: LayerDescriptor[];
}

/**
 * Modules applied one after another. Children are named by their index, so parameters are
 * `'0.W'`, `'0.b'`, `'2.W'`, … (the activations in between have none).
 *
 * Give the modules as arguments or as one array; prefer the array for long lists (spreading
 * tens of thousands of arguments overflows the call stack).
 *
 * @example
 * ```ts
 * const model = new Sequential(new Linear(2, 2), new Sigmoid(), new Linear(2, 1), new Sigmoid());
 * model.namedParameters().map(([name]) => name); // ['0.W', '0.b', '2.W', '2.b']
 * const deep = new Sequential(Array.from({ length: 100_000 }, () => new Tanh()));
 * ```
 */
export class Sequential extends Module {
  readonly #layers: Module[];

  /** @throws {@link NnError} `INVALID_OPTION` if an element is not a Module. */
  constructor(layers: readonly Module[]);
  /** @throws {@link NnError} `INVALID_OPTION` if an argument is not a Module. */
  constructor(...layers: Module[]);
  constructor(...args: Module[] | [readonly Module[]]) {
    super();
    const layers: Module[] =
      args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : [...(args as Module[])];
    layers.forEach((layer, i) => {
      if (!(layer instanceof Module)) {
        throw new NnError('INVALID_OPTION', `Sequential: layer ${i} is not a Module, got ${fmtValue(layer)}`);
      }
      this.registerModule(String(i), layer);
    });
    this.#layers = layers;
  }

  /** The layers, in order. */
  get layers(): readonly Module[] {
    return this.#layers;
  }

  /** The number of layers. */
  get length(): number {
    return this.#layers.length;
  }

  /** The layer at `index`, or undefined. */
  at(index: number): Module | undefined {
    return this.#layers.at(index);
  }

  /** Applies every layer in order. */
  forward(x: Tensor): Tensor {
    let out = x;
    for (const layer of this.#layers) out = layer.forward(out);
    return out;
  }

  override toString(): string {
    return `Sequential(${this.#layers.map((layer) => layer.toString()).join(', ')})`;
  }
}

registerLayer<Sequential, Record<never, never>>({
  type: 'Sequential',
  cls: Sequential,
  fields: {},
  config: () => ({}),
  build: (_config, children) => new Sequential(children),
  children: { field: 'layers', of: (m) => m.layers },
});
