import { type GraphJSON, type GraphJSONNode, Tensor, toGraphJSON } from '@deltagrad/core';
import { Linear, mlp, zerosInit } from '@deltagrad/nn';
import { resolveConfig } from './config';
import { splitOf } from './dataset';
import { featuresOf } from './features';
import { initialParams } from './init';
import { activationsOf, lossFnOf } from './network';
import { loadIntoModel, type ParamKind, type ParamSet } from './params';
import type { ExperimentConfig } from './types';

/**
 * What a node of the experiment's graph is, as the equations name it (layers 1-based):
 *
 * - `input` X = a^(0); `target` y; `param` W^(l) or b^(l)
 * - `product` a^(l−1)·W^(l) (named `XW{l}`); `preactivation` z^(l); `activation` a^(l)
 *   (`output` marks ŷ; under an identity activation a^(l) is z^(l), one `preactivation` node)
 * - `loss` L; `lossStep` an op inside the loss; `constant` a constant inside the loss
 */
export type NodeRole =
  | { role: 'input' }
  | { role: 'target' }
  | { role: 'param'; layer: number; kind: ParamKind }
  | { role: 'product'; layer: number }
  | { role: 'preactivation'; layer: number; output: boolean }
  | { role: 'activation'; layer: number; output: boolean }
  | { role: 'loss' }
  | { role: 'lossStep' }
  | { role: 'constant' };

/** A graph node with its role. */
export type RoledGraphNode = GraphJSONNode & { role: NodeRole };

/** The experiment's graph as JSON, each node carrying its {@link NodeRole}. */
export interface RoledGraphJSON extends Omit<GraphJSON, 'nodes'> {
  nodes: RoledGraphNode[];
}

/** One forward and backward pass of the configured model and loss, with the role of each named tensor. */
function build(config: ExperimentConfig, params: ParamSet): { root: Tensor; roles: Map<number, NodeRole> } {
  // The training set: its inputs (one column per feature; the points themselves for x₁, x₂) and targets.
  const { train } = splitOf(config);
  const inputs = featuresOf(config, train.x.data);
  const rows = train.x.shape[0]!;
  const data = {
    x: inputs === train.x.data ? train.x : new Tensor(inputs, [rows, config.features.length]),
    y: train.y,
  };
  // The autodiff engine's own model: the same mlp, loaded with the same parameters.
  const model = mlp({ sizes: config.layers, activations: activationsOf(config), init: zerosInit() });
  loadIntoModel(model, params);
  const roles = new Map<number, NodeRole>();
  const mark = <T extends Tensor>(t: T, name: string, role: NodeRole): T => {
    roles.set(t.id, role);
    return t.named(name);
  };
  const layers = config.layers.length - 1;
  let a = mark(data.x, 'X', { role: 'input' });
  let layer = 0;
  for (const module of model.layers) {
    if (module instanceof Linear) {
      layer++;
      const W = mark(module.W.value, `W${layer}`, { role: 'param', layer, kind: 'W' });
      const b = mark(module.b!.value, `b${layer}`, { role: 'param', layer, kind: 'b' });
      // The layer's own forward, x·W + b; the product is the first input of its sum.
      const z = module.forward(a);
      const xw = z.inputs[0];
      if (z.op !== 'add' || xw?.op !== 'matmul' || z.inputs[1] !== b || xw.inputs[1] !== W)
        throw new Error(`xorGraph: Linear no longer computes x·W + b as matmul then add (got ${z.op})`);
      mark(xw.retainGrad(), `XW${layer}`, { role: 'product', layer });
      a = mark(z.retainGrad(), `z${layer}`, { role: 'preactivation', layer, output: layer === layers });
      continue;
    }
    const z = a;
    const out = module.forward(z);
    // Identity returns z itself: renaming it would hide z^(l), whose adjoint the trace reads.
    if (out !== z)
      a = mark(out.retainGrad(), `a${layer}`, { role: 'activation', layer, output: layer === layers });
  }
  const y = mark(data.y, 'y', { role: 'target' });
  // Retained so the root shows its gradient too: ∂L/∂L = 1, where backpropagation starts.
  const loss = mark(lossFnOf(config.loss)(a, y).retainGrad(), 'L', { role: 'loss' });
  loss.backward(undefined, { retainGraph: true });
  return { root: loss, roles };
}

function resolved(overrides: Partial<ExperimentConfig>, params?: ParamSet) {
  const config = resolveConfig(overrides);
  return { config, params: params ?? initialParams(config) };
}

/**
 * One forward and backward pass of the experiment's model (the autodiff engine's `mlp`) and its
 * configured loss at `params` (the initial weights by default), with every tensor named as in
 * the equations (X, W1, b1, XW1, z1, a1, …, y, L) and every gradient kept, ready for `toDot` or
 * `toGraphJSON`. Under an identity activation a^(l) is z^(l) itself: one node, named `z{l}`.
 *
 * @example
 * ```ts
 * import { toDot } from '@deltagrad/core';
 * console.log(toDot(xorGraph()));
 * ```
 */
export function xorGraph(overrides: Partial<ExperimentConfig> = {}, params?: ParamSet): Tensor {
  const r = resolved(overrides, params);
  return build(r.config, r.params).root;
}

/**
 * {@link xorGraph} as JSON, each node with its {@link NodeRole} (what it is in the equations), so
 * a drawing never has to recover roles from names.
 *
 * @example
 * ```ts
 * const { nodes } = xorGraphJSON();
 * nodes.find((n) => n.role.role === 'loss')!.value; // [L]
 * ```
 */
export function xorGraphJSON(overrides: Partial<ExperimentConfig> = {}, params?: ParamSet): RoledGraphJSON {
  const r = resolved(overrides, params);
  const { root, roles } = build(r.config, r.params);
  const graph = toGraphJSON(root);
  return {
    ...graph,
    nodes: graph.nodes.map((n) => ({
      ...n,
      role: roles.get(n.id) ?? (n.op === null ? { role: 'constant' } : { role: 'lossStep' }),
    })),
  };
}
