/**
 * Where the two methods first part in a traced step: the first node, in the order
 * backpropagation visits them, whose gradient from the δ equations differs from the autodiff
 * engine's — a pre-activation z⁽ˡ⁾ (δ⁽ˡ⁾ against ∂L/∂z⁽ˡ⁾, any example) or a parameter (∂L/∂W⁽ˡ⁾,
 * ∂L/∂b⁽ˡ⁾). With an injected mistake this is where the wrong δ (or gradient) first appears.
 */
import { AGREEMENT_TOLERANCE, type LayerTrace, type StepTrace } from '@deltagrad/crosscheck';

export interface Parting {
  /** The graph node's id and name (`z2`, `b1`, …). */
  id: number;
  name: string;
  /** Its place in the backward pass (0: the loss). */
  index: number;
  /** The largest |δ equations − autodiff| there. */
  worst: number;
}

/** max |a − b| over two equal-shaped tables (NaN winning: a NaN must not pass as agreement). */
function worstOf(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  let m = 0;
  for (const [i, row] of a.entries()) {
    for (const [j, v] of row.entries()) {
      const d = Math.abs(v - b[i]![j]!);
      if (!(d <= m)) m = d;
    }
  }
  return m;
}

/** The manual and autodiff tables a node of `layer` compares, by its role; null for other nodes. */
function compared(layer: LayerTrace, role: 'preactivation' | 'W' | 'b') {
  if (role === 'preactivation') return [layer.delta, layer.adjoint] as const;
  const g = role === 'W' ? layer.dW : layer.db;
  return [g.manual, g.autodiff] as const;
}

/** The first node where the methods part, or null when they agree everywhere. */
export function firstParting(trace: StepTrace): Parting | null {
  const nodes = new Map(trace.graph.nodes.map((n) => [n.id, n]));
  for (const [index, id] of trace.backwardOrder.entries()) {
    const node = nodes.get(id)!;
    const { role } = node;
    const which = role.role === 'preactivation' ? 'preactivation' : role.role === 'param' ? role.kind : null;
    if (!which || !('layer' in role)) continue;
    const [manual, autodiff] = compared(trace.layers[role.layer - 1]!, which);
    const worst = worstOf(manual, autodiff);
    if (!(worst <= AGREEMENT_TOLERANCE)) return { id, name: node.name ?? '', index, worst };
  }
  return null;
}
