/**
 * The parameter set: the one representation of a network's weights every method reads and
 * writes, and the only adapter between it and the representations of the engines
 * (@deltagrad/manual's `Params` of matrices, @deltagrad/nn's `Parameter` holders). Every weight,
 * gradient, comparison and table row is addressed by a {@link ParamKey}, `{ layer, kind }`,
 * never by its position in a list.
 */
import { tensor } from '@deltagrad/core';
import type { Matrix, Params } from '@deltagrad/manual';
import { Linear, type Sequential } from '@deltagrad/nn';

/** Which tensor of a layer: its weight W or its bias b. */
export type ParamKind = 'W' | 'b';

/** The address of one parameter tensor: `{ layer: 2, kind: 'W' }` is W^(2), named `W2`. */
export interface ParamKey {
  /** 1-based, as in the equations: layer 1 maps the inputs to the first hidden layer. */
  readonly layer: number;
  readonly kind: ParamKind;
}

/** One layer's parameters in the seed's layout: W is in×out, b is 1×out, both row-major. */
export interface LayerParams {
  W: Float64Array;
  b: Float64Array;
  inputs: number;
  outputs: number;
}

/** A network's parameters, layer by layer: entry l − 1 holds W^(l) and b^(l). */
export type ParamSet = readonly LayerParams[];

/** ∂L/∂W^(l) and ∂L/∂b^(l) of one layer, each the shape of its parameter. */
export interface LayerGrads {
  W: Float64Array;
  b: Float64Array;
}

const KINDS: readonly ParamKind[] = ['W', 'b'];

/**
 * The keys of a network of `layers` dense layers, in the order tables show them: W1, b1, W2, b2, ….
 *
 * @example
 * ```ts
 * paramKeys(2).map(paramName); // ['W1', 'b1', 'W2', 'b2']
 * ```
 */
export function paramKeys(layers: number): ParamKey[] {
  return Array.from({ length: layers }, (_, l) => KINDS.map((kind) => ({ layer: l + 1, kind }))).flat();
}

/** `W1`, `b2`, …: the name the equations, the graph and the tables use. */
export function paramName(key: ParamKey): string {
  return `${key.kind}${key.layer}`;
}

/** The values of one parameter (or one gradient) of a layer-by-layer set, by key. */
export function entryOf(set: readonly LayerGrads[], key: ParamKey): Float64Array {
  const layer = set[key.layer - 1];
  if (!layer) throw new RangeError(`no layer ${key.layer} in a set of ${set.length}`);
  // Two named reads, not layer[key.kind]: the comparison calls this a few dozen times an update.
  return key.kind === 'W' ? layer.W : layer.b;
}

/** The shape of a parameter: [in, out] for W, [1, out] for b. */
export function shapeOf(set: ParamSet, key: ParamKey): [number, number] {
  const p = set[key.layer - 1]!;
  return key.kind === 'W' ? [p.inputs, p.outputs] : [1, p.outputs];
}

/** A deep copy. */
export function cloneParamSet(set: ParamSet): LayerParams[] {
  return set.map((p) => ({ ...p, W: new Float64Array(p.W), b: new Float64Array(p.b) }));
}

/** The set as @deltagrad/manual's `Params`: matrices viewing the same arrays (no copy). */
export function toManualParams(set: ParamSet): Params {
  return {
    W: set.map((p): Matrix => ({ rows: p.inputs, cols: p.outputs, data: p.W })),
    b: set.map((p): Matrix => ({ rows: 1, cols: p.outputs, data: p.b })),
  };
}

/** @deltagrad/manual's `Params` as a set viewing the same arrays (no copy). */
export function fromManualParams(params: Params): LayerParams[] {
  return params.W.map((W, l) => ({ W: W.data, b: params.b[l]!.data, inputs: W.rows, outputs: W.cols }));
}

/** The dense layers of an @deltagrad/nn model built by `mlp`, in order. */
export function linearsOf(model: Sequential): Linear[] {
  return model.layers.filter((m): m is Linear => m instanceof Linear);
}

/**
 * Sets the parameters of an @deltagrad/nn `mlp` model to copies of `set`, tensor by tensor
 * through each Linear layer's W and b.
 */
export function loadIntoModel(model: Sequential, set: ParamSet): void {
  const linears = linearsOf(model);
  for (const key of paramKeys(set.length)) {
    const holder = linears[key.layer - 1]![key.kind];
    if (holder === null) throw new RangeError(`layer ${key.layer} of the model has no bias`);
    holder.value = tensor(new Float64Array(entryOf(set, key)), { shape: shapeOf(set, key) });
  }
}

/**
 * Sets entry `index` (row-major) of one parameter of an @deltagrad/nn `mlp` model to `value`:
 * the tensor is replaced by a copy with that entry changed, as {@link loadIntoModel} does.
 */
export function setModelEntry(model: Sequential, key: ParamKey, index: number, value: number): void {
  const holder = linearsOf(model)[key.layer - 1]![key.kind]!;
  const data = new Float64Array(holder.value.data);
  data[index] = value;
  holder.value = tensor(data, { shape: [...holder.value.shape] });
}

/** The current parameters of an @deltagrad/nn `mlp` model as a set viewing its tensors (no copy). */
export function fromModel(model: Sequential): LayerParams[] {
  return linearsOf(model).map((linear) => ({
    W: linear.W.value.data,
    b: linear.b!.value.data,
    inputs: linear.inFeatures,
    outputs: linear.outFeatures,
  }));
}

/** The gradients an @deltagrad/nn `mlp` model holds after `backward()` (views, no copy). */
export function gradsOfModel(model: Sequential): LayerGrads[] {
  return linearsOf(model).map((linear) => ({ W: linear.W.grad!.data, b: linear.b!.grad!.data }));
}

/** A row-major block as nested rows. */
export function rows(data: ArrayLike<number>, r: number, c: number): number[][] {
  // Plain loops: this copies every parameter of the result, millions of them in a large net.
  const out: number[][] = new Array(r);
  for (let i = 0; i < r; i++) {
    const row: number[] = new Array(c);
    for (let j = 0; j < c; j++) row[j] = data[i * c + j]!;
    out[i] = row;
  }
  return out;
}

/**
 * The set as nested rows by name (`{ W1: [[…], …], b1: [[…]], … }`), the form of the result
 * event and of JSON output.
 */
export function toNamedRows(set: ParamSet): Record<string, number[][]> {
  return Object.fromEntries(
    paramKeys(set.length).map((key) => [paramName(key), rows(entryOf(set, key), ...shapeOf(set, key))]),
  );
}

/**
 * The inverse of {@link toNamedRows} for a network of `sizes` (e.g. a sweep outcome's final
 * parameters, back into a set the heatmap or `traceStep` can use).
 *
 * @throws RangeError if a tensor is missing or has the wrong shape.
 */
export function fromNamedRows(sizes: readonly number[], named: Record<string, number[][]>): LayerParams[] {
  return sizes.slice(1).map((outputs, l) => {
    const inputs = sizes[l]!;
    const read = (kind: ParamKind, r: number) => {
      const name = paramName({ layer: l + 1, kind });
      const value = named[name];
      if (!value || value.length !== r || value.some((row) => row.length !== outputs))
        throw new RangeError(`${name} must be ${r}×${outputs}`);
      return Float64Array.from(value.flat());
    };
    return { W: read('W', inputs), b: read('b', 1), inputs, outputs };
  });
}

/**
 * The parameters an epoch event's table shows (the values at which its gradients were
 * computed), as a set: rows found by key, not by position.
 *
 * @throws RangeError if the table lacks a parameter of the network.
 */
export function fromTable(
  sizes: readonly number[],
  table: readonly (ParamKey & { value: readonly number[] })[],
): LayerParams[] {
  return sizes.slice(1).map((outputs, l) => {
    const find = (kind: ParamKind) => {
      const row = table.find((r) => r.layer === l + 1 && r.kind === kind);
      if (!row) throw new RangeError(`the table has no ${paramName({ layer: l + 1, kind })}`);
      return Float64Array.from(row.value);
    };
    return { W: find('W'), b: find('b'), inputs: sizes[l]!, outputs };
  });
}
