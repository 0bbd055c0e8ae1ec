/**
 * What a node of the traced graph is, as the equations name it (layers 1-based): the input X,
 * the target y, a parameter W⁽ˡ⁾ or b⁽ˡ⁾, the product a⁽ˡ⁻¹⁾W⁽ˡ⁾, the pre-activation z⁽ˡ⁾, the
 * activation a⁽ˡ⁾ (`output` marks the last layer's), the loss L, and the ops and constants
 * inside the loss.
 */
import type { GraphJSONNode } from '@deltagrad/core';

export type NodeRole =
  | { role: 'input' }
  | { role: 'target' }
  | { role: 'param'; layer: number; kind: 'W' | 'b' }
  | { role: 'product'; layer: number }
  | { role: 'preactivation'; layer: number; output: boolean }
  | { role: 'activation'; layer: number; output: boolean }
  | { role: 'loss' }
  | { role: 'lossStep' }
  | { role: 'constant' };

/**
 * The role of `node` in a graph of `layers` dense layers, read from the names crosscheck's
 * xorGraph gives its tensors (X, y, W1, b1, XW1, z1, a1, …, L). This is the only place the web
 * reads meaning from a name: crosscheck's redesign gives every node of `traceStep`'s graph its
 * role (`xorGraphJSON`, `NodeRole`), and this function is then replaced by reading it.
 */
export function roleOf(node: Pick<GraphJSONNode, 'name' | 'op'>, layers: number): NodeRole {
  const name = node.name ?? '';
  if (name === 'X') return { role: 'input' };
  if (name === 'y') return { role: 'target' };
  if (name === 'L') return { role: 'loss' };
  const m = /^(W|b|XW|z|a)([1-9]\d*)$/.exec(name);
  if (m) {
    const layer = Number(m[2]);
    switch (m[1]) {
      case 'W':
      case 'b':
        return { role: 'param', layer, kind: m[1] };
      case 'XW':
        return { role: 'product', layer };
      case 'z':
        return { role: 'preactivation', layer, output: layer === layers };
      default:
        return { role: 'activation', layer, output: layer === layers };
    }
  }
  return node.op === null ? { role: 'constant' } : { role: 'lossStep' };
}
