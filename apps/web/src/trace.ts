/**
 * The traced step the backward-pass stepper draws. crosscheck's `traceStep` traces
 * L = ½·Σ(y−ŷ)² and needs z^(l) and a^(l) to be different tensors; for the other losses and
 * for identity activations this builds the same trace here, with @deltagrad/core's engine and
 * @deltagrad/nn's losses (the autodiff side, as crosscheck's autodiff engine differentiates them)
 * beside @deltagrad/manual's δ equations — so the stepper always shows the loss being trained.
 */
import { type Tensor, tensor, toGraphJSON } from '@deltagrad/core';
import {
  datasetOf,
  type ExperimentConfig,
  type LayerParams,
  type LayerTrace,
  type StepTrace,
  traceStep,
} from '@deltagrad/crosscheck';
import { backward, forward, type Matrix, toRows } from '@deltagrad/manual';
import { bce, halfSSE, mse } from '@deltagrad/nn';
import { networkOf } from './numerics';

/** A step trace, and which loss it traced. */
export interface AppTrace extends StepTrace {
  lossName: ExperimentConfig['loss'];
  /** Graph node name of z^(l) for each layer (z and a are one node for an identity activation). */
  zNames: string[];
}

const LOSS_FNS = {
  halfSSE,
  mse: (p: Tensor, t: Tensor) => mse(p, t),
  bce: (p: Tensor, t: Tensor) => bce(p, t),
};

function activate(name: ExperimentConfig['activation'], z: Tensor): Tensor {
  switch (name) {
    case 'identity':
      return z;
    case 'sigmoid':
      return z.sigmoid();
    case 'tanh':
      return z.tanh();
    case 'relu':
      return z.relu();
    case 'leakyRelu':
      return z.leakyRelu();
    case 'softplus':
      return z.softplus();
  }
}

const shaped = (data: ArrayLike<number>, rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i * cols + j]!));

/** Traces one forward and backward pass of the configured loss at `layers` with both methods. */
export function traceFor(config: ExperimentConfig, layers: readonly LayerParams[]): AppTrace {
  if (config.loss === 'halfSSE' && !networkOf(config).activations.includes('identity')) {
    return { ...traceStep(config, layers), lossName: 'halfSSE', zNames: layers.map((_, l) => `z${l + 1}`) };
  }
  return buildTrace(config, layers);
}

/** The trace built here (any loss, identity activations too): crosscheck's `traceStep`, generalised. */
export function buildTrace(config: ExperimentConfig, layers: readonly LayerParams[]): AppTrace {
  const network = networkOf(config);
  const data = datasetOf(config);
  const n = data.y.size;
  let a: Tensor = tensor(new Float64Array(data.x.data), { shape: [n, config.layers[0]!] }).named('X');
  const zNames: string[] = [];
  layers.forEach((p, l) => {
    const W = tensor(new Float64Array(p.W), { shape: [p.inputs, p.outputs], requiresGrad: true }).named(
      `W${l + 1}`,
    );
    const b = tensor(new Float64Array(p.b), { shape: [1, p.outputs], requiresGrad: true }).named(`b${l + 1}`);
    const xw = a
      .matmul(W)
      .retainGrad()
      .named(`XW${l + 1}`);
    const z = xw
      .add(b)
      .retainGrad()
      .named(`z${l + 1}`);
    zNames.push(`z${l + 1}`);
    const act = activate(network.activations[l]!, z);
    a = act === z ? z : act.retainGrad().named(`a${l + 1}`);
  });
  const root = LOSS_FNS[config.loss](
    a,
    tensor(new Float64Array(data.y.data), { shape: [n, 1] }).named('y'),
  ).named('L');
  root.backward(undefined, { retainGraph: true });
  const graph = toGraphJSON(root);
  const byName = new Map(graph.nodes.map((node) => [node.name, node]));
  const gradOf = (name: string, rows: number, cols: number) =>
    shaped(byName.get(name)?.grad ?? [], rows, cols);

  const W = layers.map((p) => ({ rows: p.inputs, cols: p.outputs, data: p.W }));
  const bs = layers.map((p) => ({ rows: 1, cols: p.outputs, data: p.b }));
  const X: Matrix = { rows: n, cols: config.layers[0]!, data: data.x.data };
  const cache = forward(network, { W, b: bs }, X);
  const grads = backward({ W, b: bs }, cache, { rows: n, cols: 1, data: data.y.data });
  const traced: LayerTrace[] = layers.map((p, l) => ({
    layer: l + 1,
    activation: network.activations[l]!,
    W: toRows(W[l]!),
    b: toRows(bs[l]!),
    z: toRows(cache.z[l]!),
    a: toRows(cache.a[l]!),
    delta: toRows(grads.delta[l]!),
    adjoint: gradOf(`z${l + 1}`, n, p.outputs),
    dW: { manual: toRows(grads.dW[l]!), autodiff: gradOf(`W${l + 1}`, p.inputs, p.outputs) },
    db: { manual: toRows(grads.db[l]!), autodiff: gradOf(`b${l + 1}`, 1, p.outputs) },
  }));
  return {
    layers: traced,
    graph,
    backwardOrder: graph.nodes
      .filter((node) => node.requiresGrad)
      .map((node) => node.id)
      .reverse(),
    loss: root.item(),
    lossName: config.loss,
    zNames,
  };
}
