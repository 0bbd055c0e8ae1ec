/**
 * The network diagram: one column per layer, every neuron drawn as its output over the input
 * square, edges whose width is |w| and whose colour and dash give the sign, and every bias
 * written under its neuron — the output's too. Edges and labels are SVG; the neurons' pictures
 * are painted from the grid sweep into one canvas laid over the SVG at the same geometry (never
 * encoded as images, and one canvas rather than one per neuron).
 */
import { type ExperimentConfig, featuresOf, type LayerParams } from '@deltagrad/crosscheck';
import { s, setText } from '../dom';
import { sig, sub, sup } from '../format';
import { gridPoints } from '../numerics';
import { signColor } from '../palette';
import { type GridSweep, normaliser, paint } from './heatmap';

const WIDTH = 540;

interface Bias {
  text: SVGTextElement;
  /** The bias's button on the editing layer: a box over its label. */
  hit: SVGGElement;
  l: number;
  k: number;
  /** The value last drawn, and the one the label and button last said. */
  drawn: number;
  said: number;
}

interface Edge {
  line: SVGLineElement;
  title: SVGTitleElement;
  label: SVGTextElement | null;
  /** The edge's target on the editing layer: a focusable button over the line (and its label). */
  hit: SVGGElement;
  l: number;
  j: number;
  k: number;
  /** The weight last drawn, so unchanged edges are not touched. */
  drawn: number;
  /** The weight the title and label last said (they change only when not training). */
  said: number;
  /** The stroke last drawn (colour, width and dash from the weight, rounded as drawn). */
  stroke: string;
}

export function unitName(
  layer: number,
  unit: number,
  layers: number,
  inputs: readonly string[] = [],
): string {
  if (layer === 0) return inputs[unit] ?? `x${sub(unit + 1)}`;
  if (layer === layers - 1) return 'ŷ';
  return `h${sup(layer)}${sub(unit + 1)}`;
}

/**
 * The vertical distance between neighbouring neurons of a column: the node, its bias label
 * below (font + 4) and the next neuron's title above (13 px + 6), with room to spare, so labels
 * never collide, whatever the layer's width.
 */
export function neuronGap(maxUnits: number, node: number, biasFont: number): number {
  const needed = node + biasFont + 4 + 13 + 6 + 6;
  return Math.max(needed, maxUnits <= 2 ? 92 : 0);
}

/**
 * A parameter of the diagram, 0-based: weight `W{layer+1}[row, col]` from unit `row` of the layer
 * below to unit `col`, or bias `b{layer+1}` of unit `col` (row 0: b is 1×out).
 */
export interface ParamRef {
  layer: number;
  kind: 'W' | 'b';
  row: number;
  col: number;
}

/** What the editing layer asks for: edit this parameter, shown at `at` (CSS px in the diagram's box). */
export type EditRequest = (
  param: ParamRef & { name: string; value: number },
  at: { x: number; y: number },
  returnFocus: SVGGElement,
) => void;

export class NetworkDiagram {
  private key = '';
  /** The edge whose button takes the keyboard's Tab (arrow keys move it: one tab stop for them all). */
  private current = 0;
  private editable = true;
  private edges: Edge[] = [];
  private biases: Bias[] = [];
  /** Every parameter's button on the editing layer, in tab order: the edges, then the biases. */
  private targets: SVGGElement[] = [];
  /** Each neuron's box in the SVG's coordinates, per layer. */
  private boxes: { x: number; y: number }[][] = [];
  private node = 42;
  private height = 230;
  private desc: SVGDescElement = s('desc', {});
  /** When the biases' labels were last written. */
  private biasesSaid = Number.NEGATIVE_INFINITY;
  /** A scratch canvas each neuron is painted into before it is scaled onto the overlay. */
  private readonly scratch = document.createElement('canvas');
  /** The overlay's width on screen in CSS px, as last observed. */
  private cssWidth = 0;

  /**
   * @param svg - the diagram's SVG (edges, labels, titles)
   * @param overlay - a canvas covering the SVG exactly, for the neurons' pictures
   * @param onResize - called when the overlay's size on screen changes (it needs a redraw)
   */
  constructor(
    private readonly svg: SVGSVGElement,
    private readonly overlay: HTMLCanvasElement,
    onResize: () => void,
    /** A hidden neuron hovered (layer 1-based, unit 0-based), or null when the pointer leaves it. */
    private readonly onHover: (
      neuron: { layer: number; unit: number; name: string } | null,
    ) => void = () => {},
    /** The editing layer over the diagram (an SVG of the same geometry) and what an edit asks. */
    private readonly edit: { layer: SVGSVGElement; request: EditRequest } | null = null,
  ) {
    new ResizeObserver(([entry]) => {
      const width = entry?.contentRect.width ?? 0;
      if (Math.abs(width - this.cssWidth) > 0.5) {
        this.cssWidth = width;
        onResize();
      }
    }).observe(overlay);
  }

  /** The input units' names: the features (x₁, x₂, x₁², …). */
  private inputs: readonly string[] = [];

  private build(sizes: readonly number[]): void {
    this.key = `${sizes.join(',')} ${this.inputs.join(',')}`;
    this.svg.replaceChildren();
    this.biasesSaid = Number.NEGATIVE_INFINITY;
    this.edges = [];
    this.biases = [];
    this.targets = [];
    this.boxes = [];
    const maxUnits = Math.max(...sizes);
    const big = maxUnits > 4;
    const NODE = big ? 28 : 42;
    const font = big ? 10 : 11;
    const gap = neuronGap(maxUnits, NODE, font);
    const height = Math.max(230, maxUnits * gap + 50);
    this.node = NODE;
    this.height = height;
    this.svg.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
    const pad = 48;
    const colX = (l: number) => pad + (l * (WIDTH - 2 * pad)) / (sizes.length - 1);
    const rowY = (l: number, j: number) => height / 2 + (j - (sizes[l]! - 1) / 2) * gap - 4;
    const showLabels = sizes.slice(1).reduce((acc, n, l) => acc + n * sizes[l]!, 0) <= 12;

    const edgeGroup = s('g', { 'aria-hidden': 'true' });
    const labelGroup = s('g', { 'aria-hidden': 'true' });
    const nodeGroup = s('g', {});
    const hitGroup = s('g', {});
    // The biases' buttons follow the edges' in tab and arrow-key order.
    const biasHits: SVGGElement[] = [];
    this.current = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      for (let j = 0; j < sizes[l]!; j++) {
        for (let k = 0; k < sizes[l + 1]!; k++) {
          const x1 = colX(l) + NODE / 2;
          const y1 = rowY(l, j);
          const x2 = colX(l + 1) - NODE / 2;
          const y2 = rowY(l + 1, k);
          const title = s('title', {});
          const line = s('line', { x1, y1, x2, y2, 'stroke-linecap': 'round' }, title);
          edgeGroup.append(line);
          let label: SVGTextElement | null = null;
          if (showLabels) {
            const t = sizes[l + 1]! === 1 ? 0.45 : 0.3;
            label = s('text', {
              x: x1 + (x2 - x1) * t,
              y: y1 + (y2 - y1) * t - 4,
              'text-anchor': 'middle',
              class: 'edge-label',
              'font-size': 11,
              'font-family': 'ui-monospace, monospace',
              'paint-order': 'stroke',
              stroke: '#fff',
              'stroke-width': 3,
              fill: '#1d232b',
            });
            labelGroup.append(label);
          }
          const hit = this.edgeTarget(x1, y1, x2, y2, label);
          hitGroup.append(hit);
          this.edges.push({
            line,
            title,
            label,
            hit,
            l,
            j,
            k,
            drawn: Number.NaN,
            said: Number.NaN,
            stroke: '',
          });
        }
      }
    }
    sizes.forEach((n, l) => {
      const row: { x: number; y: number }[] = [];
      for (let j = 0; j < n; j++) {
        const x = colX(l) - NODE / 2;
        const y = rowY(l, j) - NODE / 2;
        row.push({ x, y });
        const name = unitName(l, j, sizes.length, this.inputs);
        const hidden = l > 0 && l < sizes.length - 1;
        const g = s(
          'g',
          hidden ? { 'data-testid': 'neuron', 'data-name': name, class: 'hoverable' } : {},
          s(
            'title',
            {},
            l === 0
              ? `input ${name}`
              : `neuron ${name}: its output over the input square${hidden ? ' (hover: shown large in the decision boundary)' : ''}`,
          ),
          s('rect', {
            x: x - 1,
            y: y - 1,
            width: NODE + 2,
            height: NODE + 2,
            rx: 5,
            fill: '#eceef0',
            stroke: '#1d232b',
            'stroke-width': 1.2,
          }),
          s(
            'text',
            {
              x: x + NODE / 2,
              y: y - 6,
              'text-anchor': 'middle',
              'font-size': 13,
              'font-weight': 600,
              fill: '#1d232b',
              class: 'neuron-title',
            },
            name,
          ),
        );
        if (hidden) {
          const layer = l;
          const unit = j;
          g.addEventListener('pointerenter', () => this.onHover({ layer, unit, name }));
          g.addEventListener('pointerleave', () => this.onHover(null));
        }
        if (l > 0) {
          const text = s('text', {
            x: x + NODE / 2,
            y: y + NODE + font + 4,
            'text-anchor': 'middle',
            'font-size': font,
            'font-family': 'ui-monospace, monospace',
            fill: '#3b4450',
            class: 'bias-label',
          });
          g.append(text);
          const hit = this.target(
            {
              class: 'edge-hit bias-hit',
              'data-testid': 'bias',
              'aria-label': `Edit bias ${paramName({ layer: l - 1, kind: 'b', row: 0, col: j })}: of ${name}`,
            },
            s('rect', {
              x: x - 6,
              y: y + NODE + 2,
              width: NODE + 12,
              height: font + 6,
              class: 'edge-hit-label',
            }),
          );
          biasHits.push(hit);
          this.biases.push({ text, hit, l: l - 1, k: j, drawn: Number.NaN, said: Number.NaN });
        }
        nodeGroup.append(g);
      }
      this.boxes.push(row);
    });
    this.desc = s('desc', {});
    this.svg.append(
      s('title', {}, 'The network: neurons, weights and biases'),
      this.desc,
      edgeGroup,
      labelGroup,
      nodeGroup,
    );
    hitGroup.append(...biasHits);
    this.targets[0]?.setAttribute('tabindex', '0');
    if (this.edit) {
      this.edit.layer.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
      this.edit.layer.replaceChildren(hitGroup);
    }
  }

  /**
   * An edge's button on the editing layer: a wide transparent stroke along the line (and a box
   * over its value label).
   */
  private edgeTarget(
    x1: number,
    y1: number,
    x2: number,
    y2: number,
    label: SVGTextElement | null,
  ): SVGGElement {
    const hit = this.target(
      { class: 'edge-hit', 'data-testid': 'edge' },
      s('line', { x1, y1, x2, y2, class: 'edge-hit-line' }),
    );
    if (label) {
      const x = Number(label.getAttribute('x'));
      const y = Number(label.getAttribute('y'));
      hit.append(s('rect', { x: x - 26, y: y - 12, width: 52, height: 16, class: 'edge-hit-label' }));
    }
    return hit;
  }

  /**
   * A parameter's button on the editing layer, the next in tab order: a click, Enter or Space
   * opens its editor; the arrow keys, Home and End move between the buttons (one tab stop).
   */
  private target(attrs: Record<string, string>, shape: SVGElement): SVGGElement {
    const index = this.targets.length;
    const hit = s('g', { role: 'button', tabindex: -1, ...attrs }, shape);
    this.targets.push(hit);
    const open = () => this.openEditor(index);
    hit.addEventListener('click', open);
    hit.addEventListener('keydown', (event) => {
      const moves: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
      } else if (event.key in moves || event.key === 'Home' || event.key === 'End') {
        // Arrow keys move between the parameters (the page's own arrow keys step epochs elsewhere).
        event.preventDefault();
        const n = this.targets.length;
        const next =
          event.key === 'Home' ? 0 : event.key === 'End' ? n - 1 : (index + moves[event.key]! + n) % n;
        this.focusTarget(next);
      }
    });
    return hit;
  }

  private focusTarget(index: number): void {
    this.targets[this.current]?.setAttribute('tabindex', '-1');
    this.current = index;
    const hit = this.targets[index];
    hit?.setAttribute('tabindex', '0');
    hit?.focus();
  }

  /** Opens the editor of parameter button `index` (an edge's or, after them, a bias's). */
  private openEditor(index: number): void {
    if (!this.edit || !this.editable) return;
    const e = this.edges[index];
    const bias = e ? null : this.biases[index - this.edges.length];
    if (!e && !bias) return;
    this.focusTarget(index);
    const scale = this.cssWidth / WIDTH;
    if (bias) {
      const x = Number(bias.text.getAttribute('x'));
      const y = Number(bias.text.getAttribute('y'));
      const ref = { layer: bias.l, kind: 'b' as const, row: 0, col: bias.k };
      this.edit.request(
        { ...ref, name: paramName(ref), value: bias.drawn },
        { x: x * scale, y: y * scale },
        bias.hit,
      );
      return;
    }
    // At the value label when there is one, else halfway along the edge.
    const at = (name: 'x' | 'y') =>
      e!.label
        ? Number(e!.label.getAttribute(name))
        : (Number(e!.line.getAttribute(`${name}1`)) + Number(e!.line.getAttribute(`${name}2`))) / 2;
    const ref = { layer: e!.l, kind: 'W' as const, row: e!.j, col: e!.k };
    this.edit.request(
      { ...ref, name: paramName(ref), value: e!.drawn },
      { x: at('x') * scale, y: at('y') * scale },
      e!.hit,
    );
  }

  /** Whether weights can be edited (not while a classroom link fixes the edits). */
  setEditable(editable: boolean): void {
    if (editable === this.editable) return;
    this.editable = editable;
    if (this.edit) this.edit.layer.style.display = editable ? '' : 'none';
  }

  /**
   * Edges and biases: cheap, drawn whenever the parameters change, each edge's line only when
   * its look (colour, width to 0.1, dash) changes. The edges' titles and the text description
   * (every parameter, for screen readers) only when `describeAll`: not 20 times a second while
   * training.
   */
  update(
    sizes: readonly number[],
    layers: readonly LayerParams[],
    describeAll: boolean,
    inputs: readonly string[] = [],
  ): void {
    if (`${sizes.join(',')} ${inputs.join(',')}` !== this.key) {
      this.inputs = inputs;
      this.build(sizes);
    }
    for (const e of this.edges) {
      const p = layers[e.l]!;
      const w = p.W[e.j * p.outputs + e.k]!;
      if (!Object.is(w, e.drawn)) {
        e.drawn = w;
        const colour = Number.isFinite(w) ? signColor(w) : '#888';
        const width = (0.8 + 5.2 * Math.min(1, Math.abs(w) / 4)).toFixed(1);
        const stroke = `${colour} ${width} ${w < 0}`;
        if (stroke !== e.stroke) {
          e.stroke = stroke;
          e.line.setAttribute('stroke', colour);
          e.line.setAttribute('stroke-width', width);
          e.line.setAttribute('stroke-dasharray', w < 0 ? '7 4' : 'none');
        }
      }
      if ((e.label || describeAll) && !Object.is(w, e.said)) {
        e.said = w;
        const text = `${paramName({ layer: e.l, kind: 'W', row: e.j, col: e.k })} = ${sig(w, 4)}: from ${unitName(e.l, e.j, sizes.length, this.inputs)} to ${unitName(e.l + 1, e.k, sizes.length)}`;
        setText(e.title, text);
        e.hit.setAttribute('aria-label', `Edit weight ${text}`);
        if (e.label) setText(e.label, sig(w, 3));
      }
    }
    // While training the biases' labels change 4 times a second, not at every draw: each change
    // lays out and repaints the SVG's text, and a number changing faster cannot be read anyway.
    const now = performance.now();
    if (describeAll || now - this.biasesSaid >= 250) {
      this.biasesSaid = now;
      for (const b of this.biases) setText(b.text, `b ${sig(layers[b.l]!.b[b.k]!, 3)}`);
    }
    for (const b of this.biases) {
      b.drawn = layers[b.l]!.b[b.k]!;
      if (describeAll && !Object.is(b.drawn, b.said)) {
        b.said = b.drawn;
        const ref = { layer: b.l, kind: 'b' as const, row: 0, col: b.k };
        const unit = unitName(b.l + 1, b.k, sizes.length);
        b.hit.setAttribute('aria-label', `Edit bias ${paramName(ref)} = ${sig(b.drawn, 4)}: of ${unit}`);
      }
    }
    if (describeAll) setText(this.desc, describe(sizes, layers));
  }

  /**
   * Every neuron's output over the input square, from the grid sweep (every other grid point: a
   * neuron is drawn 28–42 px wide), and each input feature over the same square (x₁ and x₂ are
   * ramps), onto the overlay.
   */
  paintNeurons(sweep: GridSweep, config: ExperimentConfig): void {
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const scale = (this.cssWidth * dpr) / WIDTH;
    const width = Math.max(1, Math.round(this.cssWidth * dpr));
    const height = Math.max(1, Math.round(this.height * scale));
    if (this.overlay.width !== width || this.overlay.height !== height) {
      this.overlay.width = width;
      this.overlay.height = height;
    }
    const ctx = this.overlay.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    ctx.imageSmoothingEnabled = true;
    const put = (box: { x: number; y: number } | undefined) => {
      if (box)
        ctx.drawImage(this.scratch, box.x * scale, box.y * scale, this.node * scale, this.node * scale);
    };
    const ramp = 16;
    const inputs = featuresOf(config, gridPoints(sweep.domain, ramp));
    const columns = config.features.length;
    const values = new Float64Array(ramp * ramp);
    this.boxes[0]?.forEach((box, j) => {
      // Feature j over the square (x₁ grows to the right, x₂ upwards), scaled to its own range.
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < values.length; i++) {
        values[i] = inputs[i * columns + j]!;
        lo = Math.min(lo, values[i]!);
        hi = Math.max(hi, values[i]!);
      }
      paint(this.scratch, values, ramp, (v) => (hi > lo ? (v - lo) / (hi - lo) : 0.5));
      put(box);
    });
    const step = sweep.res >= 40 ? 2 : 1;
    const res = Math.ceil(sweep.res / step);
    const neuron = new Float64Array(res * res);
    sweep.layers.forEach((m, l) => {
      const activation = l === sweep.layers.length - 1 ? config.outputActivation : config.activation;
      this.boxes[l + 1]?.forEach((box, j) => {
        for (let r = 0; r < res; r++) {
          for (let c = 0; c < res; c++)
            neuron[r * res + c] = m.data[(r * step * sweep.res + c * step) * m.cols + j]!;
        }
        paint(this.scratch, neuron, res, normaliser(activation, neuron));
        put(box);
      });
    });
  }
}

/** A parameter's name as the table and the equations give it: 1-based, `W1[2,1]`, `b1[2]`. */
export function paramName(p: ParamRef): string {
  return p.kind === 'W' ? `W${p.layer + 1}[${p.row + 1},${p.col + 1}]` : `b${p.layer + 1}[${p.col + 1}]`;
}

function describe(sizes: readonly number[], layers: readonly LayerParams[]): string {
  return `A ${sizes.join('-')} network. ${layers
    .map(
      (p, l) =>
        `Layer ${l + 1}: weights ${Array.from(p.W, (w) => sig(w, 3)).join(', ')}; biases ${Array.from(p.b, (b) => sig(b, 3)).join(', ')}.`,
    )
    .join(' ')}`;
}
