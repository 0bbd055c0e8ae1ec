import { type GraphJSON, toGraphJSON } from '@deltagrad/core';
import { backward, forward, type Matrix, toRows } from '@deltagrad/manual';
import { resolveConfig } from './config';
import { datasetOf } from './dataset';
import { activationOf, type LayerParams, networkOf } from './engines';
import { xorGraph } from './graph';
import { initialParams } from './init';
import type { ExperimentConfig, LossName } from './types';

/** One layer of a traced step: the δ equations' numbers beside the autodiff adjoints. */
export interface LayerTrace {
  /** 1-based layer index l, as in the equations. */
  layer: number;
  activation: ExperimentConfig['activation'];
  /** W^(l) (in×out) and b^(l) (1×out). */
  W: number[][];
  b: number[][];
  /** z^(l) = a^(l−1) W^(l) + b^(l) and a^(l) = f(z^(l)), one row per example. */
  z: number[][];
  a: number[][];
  /** δ^(l) from the equations (@deltagrad/manual), one row per example. */
  delta: number[][];
  /** ∂L/∂z^(l) from the autodiff engine's backward pass (the adjoint of node `z{l}`). */
  adjoint: number[][];
  /** ∂L/∂W^(l) and ∂L/∂b^(l) from each method. */
  dW: { manual: number[][]; autodiff: number[][] };
  db: { manual: number[][]; autodiff: number[][] };
}

/** One forward and backward pass, traced by both methods. */
export interface StepTrace {
  layers: LayerTrace[];
  /**
   * The autodiff graph of the pass with values and gradients (names: X, W1, b1, XW1, z1, a1, …,
   * y, L; no `a{l}` node under an identity activation, where a^(l) is z^(l)).
   */
  graph: GraphJSON;
  /**
   * Graph node ids in the order backpropagation visits them (the loss first), for stepping
   * through the backward pass node by node.
   */
  backwardOrder: number[];
  /** The value of L, the configured loss, at these parameters. */
  loss: number;
  /** Which loss L is (`config.loss`): the one being trained, whose δ the equations give. */
  lossName: LossName;
}

const matrixRows = (m: Matrix) => toRows(m);
const shaped = (data: ArrayLike<number>, rows: number, cols: number) =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i * cols + j]!));

/**
 * Traces one forward and backward pass at `params` (default: the initial weights) with both
 * methods: per layer z, a, δ (equations) and ∂L/∂z (autodiff), and both methods' ∂L/∂W and
 * ∂L/∂b, where L is the configured loss (½·Σ(y−ŷ)², MSE or BCE), the one being trained.
 *
 * @example
 * ```ts
 * const { layers } = traceStep();
 * layers[1].delta; // δ^(2) from the equations
 * layers[1].adjoint; // ∂L/∂z^(2) from autodiff: equal
 * ```
 */
export function traceStep(
  overrides: Partial<ExperimentConfig> = {},
  params?: readonly LayerParams[],
): StepTrace {
  const config = resolveConfig(overrides);
  const layers = params ?? initialParams(config);
  const data = datasetOf(config);
  const root = xorGraph(config, layers);
  const graph = toGraphJSON(root);
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));

  const network = networkOf(config);
  const W = layers.map((p) => ({ rows: p.inputs, cols: p.outputs, data: p.W }));
  const b = layers.map((p) => ({ rows: 1, cols: p.outputs, data: p.b }));
  const n = data.y.size;
  const cache = forward(network, { W, b }, { rows: n, cols: config.layers[0]!, data: data.x.data });
  const grads = backward({ W, b }, cache, { rows: n, cols: 1, data: data.y.data });

  const gradOf = (name: string, rows: number, cols: number) =>
    shaped(byName.get(name)!.grad ?? [], rows, cols);
  return {
    layers: layers.map((p, l) => ({
      layer: l + 1,
      activation: activationOf(config, l),
      W: matrixRows(W[l]!),
      b: matrixRows(b[l]!),
      z: matrixRows(cache.z[l]!),
      a: matrixRows(cache.a[l]!),
      delta: matrixRows(grads.delta[l]!),
      adjoint: gradOf(`z${l + 1}`, n, p.outputs),
      dW: { manual: matrixRows(grads.dW[l]!), autodiff: gradOf(`W${l + 1}`, p.inputs, p.outputs) },
      db: { manual: matrixRows(grads.db[l]!), autodiff: gradOf(`b${l + 1}`, 1, p.outputs) },
    })),
    graph,
    backwardOrder: backwardOrder(graph),
    loss: root.item(),
    lossName: config.loss,
  };
}

/** The nodes that require grad in reverse topological order (root first): the order backward visits them. */
function backwardOrder(graph: GraphJSON): number[] {
  return graph.nodes
    .filter((n) => n.requiresGrad)
    .map((n) => n.id)
    .reverse();
}
