/**
 * The computational graph of the traced step, as a layered SVG: every node with its value (in
 * the forward pass, once computed) and — once backpropagation has reached it — its gradient, the
 * current node highlighted. The SVG is
 * built once per graph structure (a new trace of the same network only updates texts and
 * classes), and where each node sits is kept from the layout, so scrolling to it never asks the
 * browser for a box.
 */
import type { NodeRole, RoledGraphNode, StepTrace } from '@deltagrad/crosscheck';
import { s, setText } from '../dom';
import { mathName, sig } from '../format';
import { layoutGraph } from '../graph-layout';
import { opLabel } from '../op-labels';

const BOX_W = 112;
const BOX_H = 54;
const MARGIN = 10;

/** The entries of a node shown for example `example`: its row if it has one per example, else all. */
export function entriesOf(
  node: RoledGraphNode,
  examples: number,
  example: number,
  values: readonly number[],
): number[] {
  const perExample = node.role.role !== 'param' && node.shape.length === 2 && node.shape[0] === examples;
  if (!perExample) return [...values];
  const cols = node.shape[1]!;
  return values.slice(example * cols, (example + 1) * cols);
}

/** The title of a node: its name in the equations' notation, or its op. */
export function nodeLabel(node: RoledGraphNode): string {
  const role: NodeRole = node.role;
  if (role.role === 'loss') return 'L (loss)';
  if (role.role === 'activation' && role.output) return `${mathName(node.name!)} = ŷ`;
  if (node.name) return mathName(node.name);
  if (node.op === null) return `const ${sig(node.value[0] ?? 0, 3)}`;
  return opLabel(node.op)?.symbol ?? node.op;
}

/** Which pass the stepper walks. */
export type Pass = 'forward' | 'backward';

/** The nodes the forward pass computes (every op, no leaf), in the order it computes them. */
export function forwardOrder(trace: StepTrace): number[] {
  return trace.graph.nodes.filter((n) => n.op !== null).map((n) => n.id);
}

interface DrawnNode {
  g: SVGGElement;
  value: SVGTextElement;
  grad: SVGTextElement;
  x: number;
  y: number;
}

export class GraphView {
  private key = '';
  private drawn: DrawnNode[] = [];
  private edges: { el: SVGPathElement; to: number }[] = [];
  private vertical: boolean;
  private activeIndex = -1;

  /**
   * @param onLayout - called when the box's width switches the layout (vertical below 760 px)
   */
  constructor(
    private readonly svg: SVGSVGElement,
    private readonly wrap: HTMLElement,
    onLayout: () => void,
  ) {
    this.vertical = false;
    new ResizeObserver(([entry]) => {
      const vertical = (entry?.contentRect.width ?? 0) < 760;
      if (vertical !== this.vertical) {
        this.vertical = vertical;
        this.key = '';
        onLayout();
      }
    }).observe(wrap);
  }

  clear(): void {
    this.key = '';
    this.drawn = [];
    this.svg.replaceChildren();
  }

  /** Graph nodes are new objects in every trace: the structure, not the ids, decides a rebuild. */
  private structureKey(trace: StepTrace): string {
    const index = new Map(trace.graph.nodes.map((n, k) => [n.id, k]));
    const nodes = trace.graph.nodes
      .map((n) => `${n.name ?? ''}:${n.op ?? ''}:${n.shape.join('x')}`)
      .join(' ');
    const edges = trace.graph.edges.map((e) => `${index.get(e.from)}>${index.get(e.to)}`).join(' ');
    return `${this.vertical}|${nodes}|${edges}`;
  }

  private build(trace: StepTrace): void {
    const { position, ranks, width } = layoutGraph(trace.graph);
    const vertical = this.vertical;
    const along = vertical ? 74 : 124;
    const across = vertical ? 124 : 68;
    const counts = new Map<number, number>();
    for (const p of position.values()) counts.set(p.rank, (counts.get(p.rank) ?? 0) + 1);
    const alongBox = vertical ? BOX_H : BOX_W;
    const acrossBox = vertical ? BOX_W : BOX_H;
    const center = (id: number) => {
      const p = position.get(id)!;
      const a = MARGIN + alongBox / 2 + p.rank * along;
      const c = MARGIN + acrossBox / 2 + (p.slot - (counts.get(p.rank)! - 1) / 2 + (width - 1) / 2) * across;
      return vertical ? { x: c, y: a } : { x: a, y: c };
    };
    const totalAlong = MARGIN * 2 + alongBox + (ranks - 1) * along;
    const totalAcross = MARGIN * 2 + acrossBox + (width - 1) * across;
    const [w, hgt] = vertical ? [totalAcross, totalAlong] : [totalAlong, totalAcross];
    this.svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
    this.svg.setAttribute('width', String(w));
    this.svg.setAttribute('height', String(hgt));
    const defs = s(
      'defs',
      {},
      s(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
        },
        s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#aab2bc' }),
      ),
    );
    const edgeGroup = s('g', { 'aria-hidden': 'true' });
    const nodeGroup = s('g', {});
    const index = new Map(trace.graph.nodes.map((n, k) => [n.id, k]));
    this.edges = trace.graph.edges.map((e) => {
      const a = center(e.from);
      const b = center(e.to);
      const d = vertical
        ? `M ${a.x} ${a.y + BOX_H / 2} C ${a.x} ${a.y + BOX_H / 2 + 20}, ${b.x} ${b.y - BOX_H / 2 - 20}, ${b.x} ${b.y - BOX_H / 2}`
        : `M ${a.x + BOX_W / 2} ${a.y} C ${a.x + BOX_W / 2 + 24} ${a.y}, ${b.x - BOX_W / 2 - 24} ${b.y}, ${b.x - BOX_W / 2} ${b.y}`;
      const el = s('path', { d, class: 'gedge', 'marker-end': 'url(#arrow)' });
      edgeGroup.append(el);
      return { el, to: index.get(e.to)! };
    });
    this.drawn = trace.graph.nodes.map((node) => {
      const c = center(node.id);
      const x = c.x - BOX_W / 2;
      const y = c.y - BOX_H / 2;
      const value = s('text', { x: x + 7, y: y + 33 });
      const grad = s('text', { x: x + 7, y: y + 47, class: 'grad' });
      const g = s(
        'g',
        { class: `gnode${node.op === null ? ' leaf' : ''}`, 'data-testid': 'graph-node' },
        s('rect', { x, y, width: BOX_W, height: BOX_H, rx: 7 }),
        s('text', { x: x + 7, y: y + 16, class: 'title' }, nodeLabel(node)),
        value,
        grad,
      );
      nodeGroup.append(g);
      return { g, value, grad, x, y };
    });
    this.svg.replaceChildren(
      s('title', {}, 'Computational graph of the current step'),
      defs,
      edgeGroup,
      nodeGroup,
    );
    this.activeIndex = -1;
  }

  /**
   * Draws `trace` at a step of a pass — `active` indexes `forwardOrder(trace)` in the forward
   * pass, `backwardOrder` in the backward pass — with the values of example `example`.
   */
  show(trace: StepTrace, pass: Pass, active: number, example: number): void {
    const key = this.structureKey(trace);
    if (key !== this.key) {
      this.key = key;
      this.build(trace);
    }
    const examples = trace.layers[0]!.z.length;
    const order = pass === 'forward' ? forwardOrder(trace) : trace.backwardOrder;
    const rank = new Map(order.map((id, k) => [id, k]));
    const activeId = order[active];
    const summary = (node: RoledGraphNode, values: readonly number[]) => {
      const shownValues = entriesOf(node, examples, example, values).map((v) => sig(v, 3));
      // What fits in a node's box: two entries, or one and an ellipsis.
      const two = shownValues.slice(0, 2).join(', ');
      if (shownValues.length <= 2 && two.length <= 15) return two;
      return two.length <= 12 ? `${two}, …` : `${shownValues[0]}, …`;
    };
    let activeIndex = -1;
    trace.graph.nodes.forEach((node, k) => {
      const el = this.drawn[k]!;
      el.g.dataset.name = node.name ?? node.op ?? 'const';
      el.g.dataset.nodeId = String(node.id);
      const r = rank.get(node.id);
      // Forward: leaves are given, an op's value appears once computed. Backward: every value
      // is known, a gradient appears once backpropagation reaches the node.
      const reached = pass === 'forward' ? r === undefined || r <= active : r !== undefined && r <= active;
      if (pass === 'forward') {
        setText(el.value, reached ? `v ${summary(node, node.value)}` : 'v pending');
        el.value.setAttribute('class', reached ? '' : 'pending');
        setText(el.grad, '');
      } else {
        setText(el.value, `v ${summary(node, node.value)}`);
        el.value.removeAttribute('class');
        setText(
          el.grad,
          r === undefined ? 'no gradient' : reached ? `g ${summary(node, node.grad ?? [])}` : 'g pending',
        );
        el.grad.setAttribute('class', reached ? 'grad' : 'pending');
      }
      const isActive = node.id === activeId;
      if (isActive) activeIndex = k;
      el.g.classList.toggle('active', isActive);
      el.g.classList.toggle('visited', r !== undefined && r <= active && !isActive);
      if (isActive) el.g.setAttribute('aria-current', 'step');
      else el.g.removeAttribute('aria-current');
    });
    for (const e of this.edges) e.el.classList.toggle('hot', e.to === activeIndex);
    this.activeIndex = activeIndex;
  }

  /** Scrolls the graph's box so the current node is in view (on the user's step, not every frame). */
  scrollToActive(): void {
    const node = this.drawn[this.activeIndex];
    if (!node) return;
    const { scrollLeft, scrollTop, clientWidth, clientHeight } = this.wrap;
    if (node.x < scrollLeft || node.x + BOX_W > scrollLeft + clientWidth)
      this.wrap.scrollLeft = node.x - clientWidth / 2 + BOX_W / 2;
    if (node.y < scrollTop || node.y + BOX_H > scrollTop + clientHeight)
      this.wrap.scrollTop = node.y - clientHeight / 2 + BOX_H / 2;
  }
}
