/**
 * The backward pass, node by node: the computational graph of the current step (a layered SVG,
 * every node with its value and — once backpropagation has reached it — its gradient), a card
 * for the current node (at each z⁽ˡ⁾ the δ⁽ˡ⁾ of the equations beside the autodiff adjoint
 * ∂L/∂z⁽ˡ⁾) and the δ equations with the numbers substituted, rendered with KaTeX.
 */
import type { GraphJSONNode } from '@deltagrad/core';
import { difference, type StepTrace } from '@deltagrad/crosscheck';
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { h, s, setText } from '../dom';
import { activationEquation, biasEquation, deltaEquation, type Equation, weightEquation } from '../equations';
import { diff, mathName, sig } from '../format';
import { type Layout, layoutGraph } from '../graph-layout';
import { AGREE } from './table';

const OP_SYMBOL: Record<string, string> = {
  matmul: 'matmul @',
  add: 'add +',
  sub: 'sub −',
  mul: 'mul ×',
  neg: 'neg −',
  powScalar: 'pow (·)²',
  square: 'square (·)²',
  sum: 'sum Σ',
  mean: 'mean',
  sigmoid: 'σ',
  tanh: 'tanh',
  relu: 'relu',
  leakyRelu: 'leaky relu',
  softplus: 'softplus',
  log: 'log',
};

const OP_RULE: Record<string, string> = {
  mul: 'A product: each input receives the incoming gradient times the other factor.',
  sum: 'A sum over the examples: every summand receives the same gradient.',
  mean: 'A mean over the N examples: every entry receives 1/N of the gradient.',
  powScalar: 'A square: the gradient is multiplied by 2·(its input).',
  square: 'A square: the gradient is multiplied by 2·(its input).',
  sub: 'A difference: the first input receives the gradient, the second its negative.',
  neg: 'A negation: the gradient changes sign.',
  add: 'A sum: both inputs receive the incoming gradient unchanged.',
  log: 'A logarithm: the gradient is divided by its input.',
  matmul: 'A matrix product Z = A W: ∂L/∂A = ∂L/∂Z Wᵀ and ∂L/∂W = Aᵀ ∂L/∂Z.',
};

type Kind =
  | { kind: 'loss' }
  | { kind: 'z'; l: number }
  | { kind: 'a'; l: number }
  | { kind: 'W'; l: number }
  | { kind: 'b'; l: number }
  | { kind: 'XW'; l: number }
  | { kind: 'op' };

function kindOf(node: GraphJSONNode): Kind {
  if (node.name === 'L') return { kind: 'loss' };
  const m = /^(z|a|W|b|XW)(\d+)$/.exec(node.name ?? '');
  if (!m) return { kind: 'op' };
  return { kind: m[1] as 'z' | 'a' | 'W' | 'b' | 'XW', l: Number(m[2]) - 1 };
}

function render(tex: string, displayMode = true): HTMLElement {
  const el = h('div', { class: 'equation' });
  katex.render(tex, el, { displayMode, throwOnError: false, output: 'htmlAndMathml' });
  return el;
}

export class BackwardPanel {
  private trace: StepTrace | null = null;
  private epoch = 0;
  private index = 0;
  private example = 0;
  private layout: Layout | null = null;
  private layoutKey = '';
  private vertical = false;
  private nodeEls = new Map<number, { g: SVGGElement; value: SVGTextElement; grad: SVGTextElement }>();
  private edgeEls: { el: SVGPathElement; from: number; to: number }[] = [];
  private rank = new Map<number, number>();
  private equationsKey = '';

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly wrap: HTMLElement,
    private readonly card: HTMLElement,
    private readonly stepText: HTMLElement,
    private readonly exampleSelect: HTMLSelectElement,
    private readonly equations: HTMLElement,
  ) {
    new ResizeObserver(() => {
      const vertical = this.wrap.clientWidth < 760;
      if (vertical !== this.vertical && this.trace) {
        this.vertical = vertical;
        this.layoutKey = '';
        this.draw();
      }
    }).observe(wrap);
    this.vertical = wrap.clientWidth < 760;
    exampleSelect.addEventListener('change', () => {
      this.example = Number(exampleSelect.value);
      this.equationsKey = '';
      this.draw();
    });
  }

  get length(): number {
    return this.trace?.backwardOrder.length ?? 0;
  }

  setTrace(trace: StepTrace, epoch: number): void {
    const n = trace.layers[0]!.z.length;
    if (!this.trace || this.trace.layers[0]!.z.length !== n) {
      this.exampleSelect.replaceChildren(
        ...Array.from({ length: n }, (_, i) => h('option', { value: i }, `${i + 1}`)),
      );
      this.example = Math.min(this.example, n - 1);
      this.exampleSelect.value = String(this.example);
    }
    this.trace = trace;
    this.epoch = epoch;
    this.index = Math.min(this.index, trace.backwardOrder.length - 1);
    this.equationsKey = '';
    this.draw();
  }

  clear(): void {
    this.trace = null;
    this.layoutKey = '';
    this.svg.replaceChildren();
    this.card.replaceChildren(h('p', {}, 'Tracing the current step…'));
  }

  go(index: number): void {
    if (!this.trace) return;
    this.index = Math.max(0, Math.min(this.length - 1, index));
    this.draw();
  }

  next(): void {
    this.go(this.index + 1);
  }

  prev(): void {
    this.go(this.index - 1);
  }

  last(): void {
    this.go(this.length - 1);
  }

  private node(id: number): GraphJSONNode | undefined {
    return this.trace?.graph.nodes.find((n) => n.id === id);
  }

  private get n(): number {
    return this.trace ? this.trace.layers[0]!.z.length : 0;
  }

  private isPerExample(node: GraphJSONNode): boolean {
    return !/^[Wb]\d+$/.test(node.name ?? '') && node.shape.length === 2 && node.shape[0] === this.n;
  }

  /** The entries of a node shown for the selected example (or all of a parameter's, up to 4). */
  private entries(node: GraphJSONNode, values: readonly number[]): number[] {
    if (this.isPerExample(node)) {
      const cols = node.shape[1]!;
      return values.slice(this.example * cols, (this.example + 1) * cols);
    }
    return [...values];
  }

  private summary(node: GraphJSONNode, values: readonly number[] | null): string {
    if (values === null) return '';
    const shown = this.entries(node, values).map((v) => sig(v, 3));
    // What fits in a node's box: two entries, or one and an ellipsis.
    const two = shown.slice(0, 2).join(', ');
    if (shown.length <= 2 && two.length <= 15) return two;
    return two.length <= 12 ? `${two}, …` : `${shown[0]}, …`;
  }

  private label(node: GraphJSONNode): string {
    if (node.name === 'L') return 'L (loss)';
    if (node.name) {
      const last = `a${this.trace!.layers.length}`;
      return node.name === last ? `${mathName(node.name)} = ŷ` : mathName(node.name);
    }
    if (node.op === null) return `const ${sig(node.value[0] ?? 0, 3)}`;
    return OP_SYMBOL[node.op] ?? node.op;
  }

  private buildGraph(): void {
    const trace = this.trace!;
    // Node ids are new in every trace, and the drawn elements are found by id: rebuild per trace.
    const key = `${trace.graph.nodes.map((n) => n.id).join(' ')}|${this.vertical}`;
    if (key === this.layoutKey) return;
    this.layoutKey = key;
    this.layout = layoutGraph(trace.graph);
    const { position, ranks, width } = this.layout;
    const boxW = 112;
    const boxH = 54;
    const along = this.vertical ? 74 : 124;
    const across = this.vertical ? 124 : 68;
    const margin = 10;
    const counts = new Map<number, number>();
    for (const p of position.values()) counts.set(p.rank, (counts.get(p.rank) ?? 0) + 1);
    const alongBox = this.vertical ? boxH : boxW;
    const acrossBox = this.vertical ? boxW : boxH;
    const center = (id: number) => {
      const p = position.get(id)!;
      const a = margin + alongBox / 2 + p.rank * along;
      const c = margin + acrossBox / 2 + (p.slot - (counts.get(p.rank)! - 1) / 2 + (width - 1) / 2) * across;
      return this.vertical ? { x: c, y: a } : { x: a, y: c };
    };
    const totalAlong = margin * 2 + alongBox + (ranks - 1) * along;
    const totalAcross = margin * 2 + acrossBox + (width - 1) * across;
    const [w, hgt] = this.vertical ? [totalAcross, totalAlong] : [totalAlong, totalAcross];
    this.svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
    this.svg.setAttribute('width', String(w));
    this.svg.setAttribute('height', String(hgt));
    this.svg.replaceChildren();
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
    const edges = s('g', { 'aria-hidden': 'true' });
    const nodes = s('g', {});
    this.edgeEls = [];
    this.nodeEls.clear();
    for (const e of trace.graph.edges) {
      const a = center(e.from);
      const b = center(e.to);
      const d = this.vertical
        ? `M ${a.x} ${a.y + boxH / 2} C ${a.x} ${a.y + boxH / 2 + 20}, ${b.x} ${b.y - boxH / 2 - 20}, ${b.x} ${b.y - boxH / 2}`
        : `M ${a.x + boxW / 2} ${a.y} C ${a.x + boxW / 2 + 24} ${a.y}, ${b.x - boxW / 2 - 24} ${b.y}, ${b.x - boxW / 2} ${b.y}`;
      const el = s('path', { d, class: 'gedge', 'marker-end': 'url(#arrow)' });
      edges.append(el);
      this.edgeEls.push({ el, from: e.from, to: e.to });
    }
    this.rank.clear();
    trace.backwardOrder.forEach((id, k) => {
      this.rank.set(id, k);
    });
    for (const node of trace.graph.nodes) {
      const c = center(node.id);
      const x = c.x - boxW / 2;
      const y = c.y - boxH / 2;
      const value = s('text', { x: x + 7, y: y + 33 });
      const grad = s('text', { x: x + 7, y: y + 47, class: 'grad' });
      const g = s(
        'g',
        {
          class: `gnode${node.op === null ? ' leaf' : ''}`,
          'data-testid': 'graph-node',
          'data-name': node.name ?? node.op ?? 'const',
          'data-node-id': node.id,
        },
        s('rect', { x, y, width: boxW, height: boxH, rx: 7 }),
        s('text', { x: x + 7, y: y + 16, class: 'title' }, this.label(node)),
        value,
        grad,
      );
      nodes.append(g);
      this.nodeEls.set(node.id, { g, value, grad });
    }
    this.svg.append(s('title', {}, 'Computational graph of the current step'), defs, edges, nodes);
  }

  draw(): void {
    const trace = this.trace;
    if (!trace) return;
    this.buildGraph();
    const activeId = trace.backwardOrder[this.index]!;
    for (const node of trace.graph.nodes) {
      const el = this.nodeEls.get(node.id);
      if (!el) continue;
      setText(el.value, `v ${this.summary(node, node.value)}`);
      const r = this.rank.get(node.id);
      const reached = r !== undefined && r <= this.index;
      setText(
        el.grad,
        r === undefined ? 'no gradient' : reached ? `g ${this.summary(node, node.grad)}` : 'g pending',
      );
      el.grad.setAttribute('class', reached ? 'grad' : 'pending');
      el.g.classList.toggle('active', node.id === activeId);
      el.g.classList.toggle('visited', reached && node.id !== activeId);
      if (node.id === activeId) el.g.setAttribute('aria-current', 'step');
      else el.g.removeAttribute('aria-current');
    }
    for (const e of this.edgeEls) e.el.classList.toggle('hot', e.to === activeId);
    setText(this.stepText, `node ${this.index + 1} of ${trace.backwardOrder.length} · epoch ${this.epoch}`);
    this.drawCard(this.node(activeId)!);
    this.drawEquations();
    this.scrollIntoView(activeId);
  }

  private scrollIntoView(id: number): void {
    const el = this.nodeEls.get(id)?.g;
    if (!el) return;
    const box = el.getBBox();
    const { scrollLeft, scrollTop, clientWidth, clientHeight } = this.wrap;
    if (box.x < scrollLeft || box.x + box.width > scrollLeft + clientWidth)
      this.wrap.scrollLeft = box.x - clientWidth / 2 + box.width / 2;
    if (box.y < scrollTop || box.y + box.height > scrollTop + clientHeight)
      this.wrap.scrollTop = box.y - clientHeight / 2 + box.height / 2;
  }

  private y(): number[] {
    return this.trace!.graph.nodes.find((n) => n.name === 'y')!.value;
  }

  private x(): number[][] {
    const X = this.trace!.graph.nodes.find((n) => n.name === 'X')!;
    const cols = X.shape[1]!;
    return Array.from({ length: X.shape[0]! }, (_, i) => X.value.slice(i * cols, (i + 1) * cols));
  }

  private drawCard(node: GraphJSONNode): void {
    const trace = this.trace!;
    const i = this.example;
    const kind = kindOf(node);
    const title = h(
      'h3',
      { 'data-testid': 'bw-node', 'data-name': node.name ?? node.op ?? '' },
      this.label(node),
    );
    const parts: Node[] = [title];
    const p = (text: string) => h('p', {}, text);
    const compare = (
      rows: { label: string; manual: number; autodiff: number }[],
      manualHead: string,
      autodiffHead: string,
    ): HTMLElement => {
      const col = (text: string) => h('th', { scope: 'col' }, text);
      const table = h(
        'table',
        {},
        h('caption', { class: 'visually-hidden' }, 'The two methods, side by side'),
        h('thead', {}, h('tr', {}, col(''), col(manualHead), col(autodiffHead), col('|Δ|'))),
        h(
          'tbody',
          {},
          ...rows.map((r) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, r.label),
              h('td', { 'data-testid': 'bw-delta', 'data-value': r.manual }, sig(r.manual, 10)),
              h('td', { 'data-testid': 'bw-adjoint', 'data-value': r.autodiff }, sig(r.autodiff, 10)),
              h('td', { 'data-testid': 'bw-diff' }, diff(Math.abs(r.manual - r.autodiff))),
            ),
          ),
        ),
      );
      return h('div', { class: 'compare-wrap' }, table);
    };
    const verdict = (rows: { manual: number; autodiff: number }[]): HTMLElement => {
      const worst = Math.max(...rows.map((r) => difference(r.manual, r.autodiff).abs));
      const ok = worst <= AGREE;
      return h(
        'p',
        { class: ok ? 'verdict' : 'verdict bad', 'data-testid': 'bw-verdict' },
        ok
          ? `✓ The two methods agree: largest |Δ| = ${diff(worst)}`
          : `✗ The two methods differ: largest |Δ| = ${diff(worst)}`,
      );
    };
    const equations = (list: Equation[]) => list.map((eq) => render(eq.tex));
    const units = (count: number) => Array.from({ length: Math.min(count, 4) }, (_, j) => j);

    switch (kind.kind) {
      case 'loss':
        parts.push(
          p(`L = ${sig(trace.loss, 10)} (${lossText(trace.lossName)}).`),
          p(
            'Backpropagation starts here with the seed gradient ∂L/∂L = 1 and walks the graph in reverse topological order.',
          ),
        );
        break;
      case 'z': {
        const layer = trace.layers[kind.l]!;
        const rows = units(layer.z[0]!.length).map((j) => ({
          label: `unit ${j + 1}`,
          manual: layer.delta[i]![j]!,
          autodiff: layer.adjoint[i]![j]!,
        }));
        parts.push(
          p(
            `The pre-activation z⁽${kind.l + 1}⁾ of example ${i + 1}. Its adjoint ∂L/∂z is, by definition, the δ of the equations.`,
          ),
          compare(rows, `δ⁽${kind.l + 1}⁾ (equations)`, `∂L/∂z⁽${kind.l + 1}⁾ (autodiff)`),
          verdict(rows),
          ...equations(
            units(layer.z[0]!.length).map((j) =>
              deltaEquation(trace.layers, trace.lossName, kind.l, i, j, this.y()),
            ),
          ),
        );
        break;
      }
      case 'a': {
        const layer = trace.layers[kind.l]!;
        const grads = this.entries(node, node.grad ?? []);
        const eqs = units(layer.a[0]!.length).map((j) =>
          activationEquation(trace.layers, trace.lossName, kind.l, i, j, this.y()),
        );
        const rows = eqs.map((eq, j) => ({ label: `unit ${j + 1}`, manual: eq.value, autodiff: grads[j]! }));
        parts.push(
          p(
            kind.l === trace.layers.length - 1
              ? 'The output ŷ. Its adjoint is the derivative of the loss (what TensorFlow Playground calls outputDer).'
              : 'A hidden activation. Its adjoint sums the gradient over every edge leaving it: the Σₖ Wⱼₖ δₖ of the recursion.',
          ),
          compare(rows, 'equations', 'autodiff'),
          verdict(rows),
          ...equations(eqs),
        );
        break;
      }
      case 'W': {
        const layer = trace.layers[kind.l]!;
        const entries: [number, number][] = [];
        layer.W.forEach((row, j) => {
          row.forEach((_, k) => {
            entries.push([j, k]);
          });
        });
        const shown = entries.slice(0, 4);
        const rows = shown.map(([j, k]) => ({
          label: `[${j + 1},${k + 1}]`,
          manual: layer.dW.manual[j]![k]!,
          autodiff: layer.dW.autodiff[j]![k]!,
        }));
        parts.push(
          p(
            `The weights W⁽${kind.l + 1}⁾: a leaf, so its adjoint is the gradient the optimizer uses (summed over all ${this.n} examples).`,
          ),
          compare(rows, '∂L/∂W (equations)', 'autodiff'),
          verdict(rows),
          ...equations(
            shown.slice(0, 2).map(([j, k]) => weightEquation(trace.layers, this.x(), kind.l, j, k)),
          ),
        );
        break;
      }
      case 'b': {
        const layer = trace.layers[kind.l]!;
        const ks = units(layer.b[0]!.length);
        const rows = ks.map((k) => ({
          label: `[${k + 1}]`,
          manual: layer.db.manual[0]![k]!,
          autodiff: layer.db.autodiff[0]![k]!,
        }));
        parts.push(
          p(
            `The bias b⁽${kind.l + 1}⁾: its gradient is δ⁽${kind.l + 1}⁾ summed over the examples — not 0 just because b is 0.`,
          ),
          compare(rows, '∂L/∂b (equations)', 'autodiff'),
          verdict(rows),
          ...equations(ks.slice(0, 2).map((k) => biasEquation(trace.layers, kind.l, k))),
        );
        break;
      }
      case 'XW': {
        const layer = trace.layers[kind.l]!;
        const grads = this.entries(node, node.grad ?? []);
        const rows = grads
          .slice(0, 4)
          .map((g, j) => ({ label: `unit ${j + 1}`, manual: layer.delta[i]![j]!, autodiff: g }));
        parts.push(
          p(
            `The product a⁽${kind.l}⁾W⁽${kind.l + 1}⁾. Since z = aW + b, the + hands it the gradient of z unchanged: its adjoint is δ⁽${kind.l + 1}⁾ again.`,
          ),
          compare(rows, `δ⁽${kind.l + 1}⁾ (equations)`, 'autodiff'),
          verdict(rows),
        );
        break;
      }
      case 'op': {
        const grads = node.grad ? this.entries(node, node.grad) : [];
        parts.push(
          p(
            OP_RULE[node.op ?? ''] ??
              'This op’s vector-Jacobian product passes the gradient on to its inputs.',
          ),
          p(
            `value: ${this.entries(node, node.value)
              .slice(0, 4)
              .map((v) => sig(v, 6))
              .join(', ')}`,
          ),
          p(
            `gradient: ${
              grads
                .slice(0, 4)
                .map((v) => sig(v, 6))
                .join(', ') || '—'
            }`,
          ),
        );
        break;
      }
    }
    this.card.replaceChildren(...parts);
  }

  private drawEquations(): void {
    const trace = this.trace!;
    const active = this.node(trace.backwardOrder[this.index]!);
    const kind = active ? kindOf(active) : { kind: 'op' as const };
    const currentLayer = kind.kind === 'z' ? kind.l : -1;
    const key = `${this.epoch}:${this.example}:${trace.loss}`;
    if (key !== this.equationsKey) {
      this.equationsKey = key;
      const blocks: HTMLElement[] = [];
      for (let l = trace.layers.length - 1; l >= 0; l--) {
        const count = Math.min(trace.layers[l]!.z[0]!.length, 4);
        for (let j = 0; j < count; j++) {
          const el = render(deltaEquation(trace.layers, trace.lossName, l, this.example, j, this.y()).tex);
          el.dataset.layer = String(l);
          blocks.push(el);
        }
      }
      this.equations.replaceChildren(...blocks);
    }
    for (const el of this.equations.children) {
      (el as HTMLElement).classList.toggle(
        'current',
        Number((el as HTMLElement).dataset.layer) === currentLayer,
      );
    }
  }
}

function lossText(loss: StepTrace['lossName']): string {
  return loss === 'halfSSE'
    ? 'L = ½·Σ(y − ŷ)²'
    : loss === 'mse'
      ? 'L = (1/N)·Σ(y − ŷ)²'
      : 'binary cross-entropy';
}
