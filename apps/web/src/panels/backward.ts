/**
 * The forward and the backward pass, node by node: the stepper (which node, which example) over
 * three views — the computational graph, the current node's card and the list of δ equations.
 * One sequence: the forward pass computes every op's value in order, ending at the loss L; the
 * backward pass starts again from L and walks back to the weights. The graph is cheap (texts on
 * a fixed SVG); the card and the equations are typeset by KaTeX, so they are drawn only while
 * the panel is on screen.
 */
import type { StepTrace } from '@deltagrad/crosscheck';
import { h, setText } from '../dom';
import { firstParting, type Parting } from '../parting';
import { loadTex } from '../tex';
import { EquationList } from './equation-list';
import { forwardOrder, GraphView, type Pass } from './graph-view';
import { forwardCard, nodeCard } from './node-card';

export interface BackwardElements {
  svg: SVGSVGElement;
  wrap: HTMLElement;
  card: HTMLElement;
  stepText: HTMLElement;
  exampleSelect: HTMLSelectElement;
  equations: HTMLElement;
  /** Where the methods first part (an injected mistake): its text and a button going there. */
  parting: HTMLElement;
  partingText: HTMLElement;
  partingGo: HTMLButtonElement;
}

export class BackwardPanel {
  private trace: StepTrace | null = null;
  private epoch = 0;
  /** Forward steps, then backward steps; the backward pass's first (the loss) at the start. */
  private index = 0;
  /** How many steps the forward pass has (the sequence's backward part starts there). */
  private forwardSteps = 0;
  private started = false;
  private example = 0;
  private readonly graph: GraphView;
  private readonly list: EquationList;
  /** What is on screen, so a render with nothing new does nothing. */
  private graphDrawn = '';
  private cardDrawn = '';
  private scrollPending = false;
  /** The first node of the backward pass where the methods part, in the trace shown. */
  private parting: Parting | null = null;

  constructor(
    private readonly els: BackwardElements,
    private readonly invalidate: () => void,
  ) {
    this.graph = new GraphView(els.svg, els.wrap, () => {
      this.graphDrawn = '';
      invalidate();
    });
    this.list = new EquationList(els.equations);
    els.partingGo.addEventListener('click', () => {
      if (this.parting) this.goToNode(this.parting.id);
    });
    els.exampleSelect.addEventListener('change', () => {
      this.example = Number(els.exampleSelect.value);
      invalidate();
    });
  }

  get length(): number {
    return this.forwardSteps + (this.trace?.backwardOrder.length ?? 0);
  }

  /** The pass of the current step and its index within that pass. */
  private position(): { pass: Pass; index: number } {
    return this.index < this.forwardSteps
      ? { pass: 'forward', index: this.index }
      : { pass: 'backward', index: this.index - this.forwardSteps };
  }

  /** The trace of the epoch shown (null: a new run, not traced yet). */
  setTrace(trace: StepTrace | null, epoch: number): void {
    if (trace === this.trace) return;
    if (!trace) {
      this.trace = null;
      this.graph.clear();
      this.list.clear();
      this.graphDrawn = '';
      this.cardDrawn = '';
      this.els.card.replaceChildren(h('p', {}, 'Tracing the current step…'));
      this.showParting(null, 0);
      return;
    }
    const n = trace.layers[0]!.z.length;
    if (!this.trace || this.trace.layers[0]!.z.length !== n) {
      this.els.exampleSelect.replaceChildren(
        ...Array.from({ length: n }, (_, i) => h('option', { value: i }, `${i + 1}`)),
      );
      this.example = Math.min(this.example, n - 1);
      this.els.exampleSelect.value = String(this.example);
    }
    // The same place in the same pass when the network's graph changes size.
    const { pass, index } = this.position();
    this.trace = trace;
    this.showParting(firstParting(trace), trace.backwardOrder.length);
    this.epoch = epoch;
    this.forwardSteps = forwardOrder(trace).length;
    if (!this.started) {
      this.started = true;
      this.index = this.forwardSteps;
    } else if (pass === 'forward') this.index = Math.min(index, this.forwardSteps - 1);
    else this.index = this.forwardSteps + Math.min(index, trace.backwardOrder.length - 1);
  }

  private showParting(parting: Parting | null, steps: number): void {
    this.parting = parting;
    this.els.parting.hidden = !parting;
    if (!parting) return;
    this.els.parting.dataset.node = parting.name;
    setText(
      this.els.partingText,
      `✗ The wrong gradient first appears at ${parting.name}: node ${parting.index + 1} of ${steps} of the backward pass (|Δ| up to ${parting.worst.toPrecision(3)}); every node before it agrees.`,
    );
  }

  go(index: number): void {
    if (!this.trace) return;
    this.index = Math.max(0, Math.min(this.length - 1, index));
    this.scrollPending = true;
    this.invalidate();
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

  /** The first step of the forward pass. */
  forwardStart(): void {
    this.go(0);
  }

  /** The first step of the backward pass: the loss. */
  backwardStart(): void {
    this.go(this.forwardSteps);
  }

  /** Goes to the backward pass's step at graph node `id` (nothing when the pass has no such node). */
  goToNode(id: number): void {
    const k = this.trace?.backwardOrder.indexOf(id) ?? -1;
    if (k >= 0) this.go(this.forwardSteps + k);
  }

  /**
   * Draws what changed. The graph whenever `drawGraph` (on screen, or paused); the card and the
   * equations only when `visible`, which also loads KaTeX.
   */
  render(visible: boolean, drawGraph: boolean): void {
    const trace = this.trace;
    if (!trace) return;
    const stamp = `${this.epoch}:${this.index}:${this.example}`;
    const { pass, index } = this.position();
    const steps = pass === 'forward' ? this.forwardSteps : trace.backwardOrder.length;
    setText(this.els.stepText, `${pass} pass · node ${index + 1} of ${steps} · epoch ${this.epoch}`);
    this.els.stepText.dataset.pass = pass;
    if ((drawGraph || visible) && this.graphDrawn !== stamp) {
      this.graph.show(trace, pass, index, this.example);
      this.graphDrawn = stamp;
    }
    if (!visible) return;
    void loadTex();
    if (this.scrollPending) {
      this.scrollPending = false;
      this.graph.scrollToActive();
    }
    if (this.cardDrawn === stamp) return;
    this.cardDrawn = stamp;
    const id = pass === 'forward' ? forwardOrder(trace)[index] : trace.backwardOrder[index];
    const node = trace.graph.nodes.find((n) => n.id === id)!;
    const { role } = node;
    const withRole = (name: 'target' | 'input') => trace.graph.nodes.find((n) => n.role.role === name)!;
    const y = withRole('target').value;
    const X = withRole('input');
    const cols = X.shape[1]!;
    const x = Array.from({ length: X.shape[0]! }, (_, i) => X.value.slice(i * cols, (i + 1) * cols));
    const card = pass === 'forward' ? forwardCard : nodeCard;
    this.els.card.replaceChildren(...card(trace, node, this.example, { x, y }));
    this.list.show(trace, this.example, y, role.role === 'preactivation' ? role.layer : 0);
  }
}
