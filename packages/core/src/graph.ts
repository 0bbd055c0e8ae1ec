import { tensorArg } from './arguments';
import { fmtShape } from './errors';
import { topologicalOrder } from './graph-order';
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

/** Graph export shows constants too, not only tensors that require grad. */
const followAll = (): boolean => true;

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
  tensorArg(root, 'toGraphJSON', 'root');
  const tensors = topologicalOrder(root, followAll);
  const edges: GraphJSONEdge[] = [];
  const nodes = tensors.map((t) => {
    t.inputs.forEach((input, inputIndex) => {
      edges.push({ from: input.id, to: t.id, inputIndex });
    });
    return {
      id: t.id,
      op: t.op,
      name: t.name ?? null,
      shape: [...t.shape],
      requiresGrad: t.requiresGrad,
      value: Array.from(t.values),
      grad: t.grad ? Array.from(t.grad.values) : null,
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
  tensorArg(root, 'toDot', 'root');
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
