/**
 * A layered layout of the computational graph, computed here (no Graphviz): an op's rank is one
 * more than its deepest input's; a leaf (X, y, W, b, constants) sits just before its first
 * consumer. Within a rank, nodes keep the graph's topological order, so positions are stable
 * from step to step.
 */
export interface LayoutInput {
  nodes: readonly { id: number }[];
  edges: readonly { from: number; to: number }[];
}

export interface Layout {
  /** Rank (0 = inputs) and slot (position within the rank) of every node. */
  position: Map<number, { rank: number; slot: number }>;
  ranks: number;
  /** The most nodes in any rank. */
  width: number;
}

export function layoutGraph(graph: LayoutInput): Layout {
  const inputs = new Map<number, number[]>();
  const consumers = new Map<number, number[]>();
  for (const { id } of graph.nodes) {
    inputs.set(id, []);
    consumers.set(id, []);
  }
  for (const e of graph.edges) {
    inputs.get(e.to)?.push(e.from);
    consumers.get(e.from)?.push(e.to);
  }
  const rank = new Map<number, number>();
  // Nodes come inputs first (a topological order), so one pass gives the longest-path ranks.
  for (const { id } of graph.nodes) {
    const ins = inputs.get(id)!;
    rank.set(id, ins.length === 0 ? 0 : 1 + Math.max(...ins.map((i) => rank.get(i) ?? 0)));
  }
  for (const { id } of graph.nodes) {
    const outs = consumers.get(id)!;
    if (inputs.get(id)!.length === 0 && outs.length > 0) {
      rank.set(id, Math.max(0, Math.min(...outs.map((o) => rank.get(o)!)) - 1));
    }
  }
  const slots = new Map<number, number>();
  const position = new Map<number, { rank: number; slot: number }>();
  let ranks = 0;
  let width = 0;
  for (const { id } of graph.nodes) {
    const r = rank.get(id)!;
    const slot = slots.get(r) ?? 0;
    slots.set(r, slot + 1);
    position.set(id, { rank: r, slot });
    ranks = Math.max(ranks, r + 1);
    width = Math.max(width, slot + 1);
  }
  return { position, ranks, width };
}
