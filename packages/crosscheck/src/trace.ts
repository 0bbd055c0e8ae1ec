import { forward, toRows } from '@deltagrad/manual';
import { trainingBatch } from './batches';
import { backwardWithBug } from './bugs';
import { resolveConfig } from './config';
import { type RoledGraphJSON, xorGraphJSON } from './graph';
import { initialParams } from './init';
import { activationOf, networkOf } from './network';
import { type ParamSet, rows, toManualParams } from './params';
import type { ExperimentConfig, LossName } from './types';
import { AGREEMENT_TOLERANCE } from './vocabulary';

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
   * The autodiff graph of the pass with values, gradients and each node's role (names: X, W1,
   * b1, XW1, z1, a1, …, y, L; no `a{l}` node under an identity activation, where a^(l) is z^(l)).
   */
  graph: RoledGraphJSON;
  /**
   * Graph node ids in the order backpropagation visits them (the loss first), for stepping
   * through the backward pass node by node.
   */
  backwardOrder: number[];
  /** The value of L, the configured loss, at these parameters. */
  loss: number;
  /** Which loss L is (`config.loss`): the one being trained, whose δ the equations give. */
  lossName: LossName;
  /**
   * Where the δ equations first part from autodiff (by more than `AGREEMENT_TOLERANCE`), in
   * the order backpropagation computes things — δ^(L), ∂L/∂W^(L), ∂L/∂b^(L), then layer L − 1 …
   * — with the graph node that holds autodiff's value (z{l} for δ, W{l} or b{l}); null when
   * every number agrees (always, unless a mistake was injected with `bug`).
   */
  firstMismatch: { layer: number; quantity: 'delta' | 'W' | 'b'; node: number } | null;
}

/** Whether two blocks of rows differ anywhere by more than the tolerance (NaN counts). */
function parts(a: number[][], b: number[][]): boolean {
  return a.some((row, i) => row.some((v, j) => !(Math.abs(v - b[i]![j]!) <= AGREEMENT_TOLERANCE)));
}

/** The first place, in backward order, where the equations' numbers part from autodiff's. */
function firstMismatchOf(layers: readonly LayerTrace[], graph: RoledGraphJSON): StepTrace['firstMismatch'] {
  const nodeOf = (match: (role: RoledGraphJSON['nodes'][number]['role']) => boolean) =>
    graph.nodes.find((n) => match(n.role))!.id;
  for (let l = layers.length - 1; l >= 0; l--) {
    const t = layers[l]!;
    const layer = t.layer;
    if (parts(t.delta, t.adjoint))
      return {
        layer,
        quantity: 'delta',
        node: nodeOf((r) => r.role === 'preactivation' && r.layer === layer),
      };
    for (const [kind, g] of [
      ['W', t.dW],
      ['b', t.db],
    ] as const) {
      if (parts(g.manual, g.autodiff))
        return {
          layer,
          quantity: kind,
          node: nodeOf((r) => r.role === 'param' && r.layer === layer && r.kind === kind),
        };
    }
  }
  return null;
}

/**
 * Traces one forward and backward pass at `params` (default: the initial weights) with both
 * methods over the whole training set: per layer z, a, δ (equations, with the run's injected
 * mistake if any) and ∂L/∂z (autodiff), and both methods' ∂L/∂W and ∂L/∂b, where L is the
 * configured loss (½·Σ(y−ŷ)², MSE or BCE), the one being trained — without the weight penalty,
 * which adds λ·R′(W) to ∂L/∂W and changes no δ.
 *
 * @example
 * ```ts
 * const { layers } = traceStep();
 * layers[1].delta; // δ^(2) from the equations
 * layers[1].adjoint; // ∂L/∂z^(2) from autodiff: equal
 * ```
 */
export function traceStep(overrides: Partial<ExperimentConfig> = {}, params?: ParamSet): StepTrace {
  const config = resolveConfig(overrides);
  const layers = params ?? initialParams(config);
  const graph = xorGraphJSON(config, layers);
  // Found by role, not by name: the adjoint of z^(l) and the gradients of W^(l), b^(l).
  const gradOf = (match: (role: RoledGraphJSON['nodes'][number]['role']) => boolean, r: number, c: number) =>
    rows(graph.nodes.find((n) => match(n.role))?.grad ?? [], r, c);

  const { X, Y } = trainingBatch(config);
  const manual = toManualParams(layers);
  const cache = forward(networkOf(config), manual, X);
  // The δ side as the run computes it: with the injected mistake, if any.
  const grads = backwardWithBug(config.bug, manual, cache, Y);
  const n = Y.rows;
  const root = graph.nodes.find((node) => node.id === graph.root)!;
  const traced = layers.map((p, l): LayerTrace => {
    const layer = l + 1;
    const param = (kind: 'W' | 'b') => (role: RoledGraphJSON['nodes'][number]['role']) =>
      role.role === 'param' && role.layer === layer && role.kind === kind;
    return {
      layer,
      activation: activationOf(config, l),
      W: toRows(manual.W[l]!),
      b: toRows(manual.b[l]!),
      z: toRows(cache.z[l]!),
      a: toRows(cache.a[l]!),
      delta: toRows(grads.delta[l]!),
      adjoint: gradOf((role) => role.role === 'preactivation' && role.layer === layer, n, p.outputs),
      dW: { manual: toRows(grads.dW[l]!), autodiff: gradOf(param('W'), p.inputs, p.outputs) },
      db: { manual: toRows(grads.db[l]!), autodiff: gradOf(param('b'), 1, p.outputs) },
    };
  });
  return {
    layers: traced,
    graph,
    backwardOrder: backwardOrder(graph),
    loss: root.value[0]!,
    lossName: config.loss,
    firstMismatch: firstMismatchOf(traced, graph),
  };
}

/** The nodes that require grad in reverse topological order (root first): the order backward visits them. */
function backwardOrder(graph: RoledGraphJSON): number[] {
  return graph.nodes
    .filter((n) => n.requiresGrad)
    .map((n) => n.id)
    .reverse();
}
