import { fmtShape } from './errors';
import type { Tensor } from './tensor';

/** A tensor of the exported graph. */
export interface GraphJSONNode {
  id: number;
  /** The op that produced it, or `null` for a leaf. */
  op: string | null;
  /** The label given with `named()`, if any. */
  name: string | null;
  shape: number[];
  requiresGrad: boolean;
  /** Values, row-major. */
  value: number[];
  /** `.grad` (leaves, or tensors that called `retainGrad()`) after backward; else `null`. */
  grad: number[] | null;
}

/** An edge from an op's input to its output. */
export interface GraphJSONEdge {
  from: number;
  to: number;
  /** Position of `from` among the op's inputs. */
  inputIndex: number;
}

/** The graph that produced a tensor, for drawing (the web demo) or inspection. */
export interface GraphJSON {
  /** Inputs before outputs (a topological order); the root is last. */
  nodes: GraphJSONNode[];
  edges: GraphJSONEdge[];
  root: number;
}

/** Every tensor `root` depends on through live graph nodes, inputs first (iterative DFS). */
function collect(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: Array<[Tensor, number]> = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const inputs = top[0].node?.inputs ?? [];
    if (top[1] < inputs.length) {
      const child = inputs[top[1]++]!;
      if (!seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(top[0]);
    }
  }
  return order;
}

/**
 * The graph behind `root` as plain JSON: tensors with values and gradients, and edges.
 * Export before `backward()` releases the graph, or pass `{ retainGraph: true }` to it.
 *
 * @example
 * ```ts
 * const loss = x.mul(w).sum();
 * loss.backward(undefined, { retainGraph: true });
 * const { nodes, edges } = toGraphJSON(loss);
 * ```
 */
export function toGraphJSON(root: Tensor): GraphJSON {
  const tensors = collect(root);
  const edges: GraphJSONEdge[] = [];
  const nodes = tensors.map((t) => {
    t.node?.inputs.forEach((input, inputIndex) => {
      edges.push({ from: input.id, to: t.id, inputIndex });
    });
    return {
      id: t.id,
      op: t.node?.op ?? null,
      name: t.name ?? null,
      shape: [...t.shape],
      requiresGrad: t.requiresGrad,
      value: Array.from(t.data),
      grad: t.grad ? Array.from(t.grad.data) : null,
    };
  });
  return { nodes, edges, root: root.id };
}

const fmt = (values: readonly number[]): string => {
  const shown = values.slice(0, 4).map((v) => Number(v.toPrecision(4)).toString());
  return values.length > 4 ? `${shown.join(' ')} …` : shown.join(' ');
};

const escapeDot = (s: string): string => s.replace(/[{}|<>"\\]/g, (c) => `\\${c}`);

/**
 * The graph behind `root` in Graphviz DOT, drawn as micrograd's draw_dot: one record per tensor
 * (label | shape | data | grad) and one small node per op. Render with `dot -Tsvg`.
 */
export function toDot(root: Tensor): string {
  const lines = ['digraph deltagrad {', '  rankdir=LR;', '  node [fontname="Helvetica"];'];
  for (const t of toGraphJSON(root).nodes) {
    const label = [
      escapeDot(t.name ?? `#${t.id}`),
      escapeDot(fmtShape(t.shape)),
      `data ${escapeDot(fmt(t.value))}`,
      `grad ${t.grad ? escapeDot(fmt(t.grad)) : '—'}`,
    ].join(' | ');
    lines.push(`  t${t.id} [shape=record, label="{ ${label} }"];`);
    if (t.op) {
      lines.push(`  op${t.id} [label="${escapeDot(t.op)}", shape=ellipse];`);
      lines.push(`  op${t.id} -> t${t.id};`);
    }
  }
  for (const e of toGraphJSON(root).edges) lines.push(`  t${e.from} -> op${e.to};`);
  lines.push('}');
  return lines.join('\n');
}
