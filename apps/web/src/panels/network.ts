/**
 * The network diagram (SVG): one column per layer, every neuron drawn as its output over the
 * input square (a thumbnail from the heatmap's grid sweep), edges whose width is |w| and whose
 * colour and dash give the sign, and every bias written under its neuron — the output's too.
 */
import type { LayerParams } from '@deltagrad/crosscheck';
import { s, setText } from '../dom';
import { sig, sub, sup } from '../format';
import { signColor } from '../palette';

const WIDTH = 540;

interface Edge {
  line: SVGLineElement;
  title: SVGTitleElement;
  label: SVGTextElement | null;
  l: number;
  j: number;
  k: number;
}

export function unitName(layer: number, unit: number, layers: number): string {
  if (layer === 0) return `x${sub(unit + 1)}`;
  if (layer === layers - 1) return 'ŷ';
  return `h${sup(layer)}${sub(unit + 1)}`;
}

export class NetworkDiagram {
  private key = '';
  private edges: Edge[] = [];
  private biases: { text: SVGTextElement; l: number; k: number }[] = [];
  private images: SVGImageElement[][] = [];
  private desc: SVGDescElement = s('desc', {});

  constructor(private readonly svg: SVGSVGElement) {}

  private build(sizes: readonly number[]): void {
    this.key = sizes.join(',');
    this.svg.replaceChildren();
    this.edges = [];
    this.biases = [];
    this.images = [];
    const maxUnits = Math.max(...sizes);
    const big = maxUnits > 4;
    const NODE = big ? 28 : 42;
    const gap = maxUnits <= 2 ? 92 : maxUnits <= 4 ? 74 : 58;
    const font = big ? 10 : 11;
    const height = Math.max(230, maxUnits * gap + 50);
    this.svg.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
    const pad = 48;
    const colX = (l: number) => pad + (l * (WIDTH - 2 * pad)) / (sizes.length - 1);
    const rowY = (l: number, j: number) => height / 2 + (j - (sizes[l]! - 1) / 2) * gap - 4;
    const showLabels = sizes.slice(1).reduce((acc, n, l) => acc + n * sizes[l]!, 0) <= 12;

    const edgeGroup = s('g', { 'aria-hidden': 'true' });
    const labelGroup = s('g', { 'aria-hidden': 'true' });
    const nodeGroup = s('g', {});
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
          this.edges.push({ line, title, label, l, j, k });
        }
      }
    }
    sizes.forEach((n, l) => {
      const row: SVGImageElement[] = [];
      for (let j = 0; j < n; j++) {
        const x = colX(l) - NODE / 2;
        const y = rowY(l, j) - NODE / 2;
        const image = s('image', { x, y, width: NODE, height: NODE, preserveAspectRatio: 'none' });
        row.push(image);
        const name = unitName(l, j, sizes.length);
        const g = s(
          'g',
          {},
          s('title', {}, l === 0 ? `input ${name}` : `neuron ${name}: its output over the input square`),
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
          image,
          s(
            'text',
            {
              x: x + NODE / 2,
              y: y - 6,
              'text-anchor': 'middle',
              'font-size': 13,
              'font-weight': 600,
              fill: '#1d232b',
            },
            name,
          ),
        );
        if (l > 0) {
          const text = s('text', {
            x: x + NODE / 2,
            y: y + NODE + (big ? 11 : 15),
            'text-anchor': 'middle',
            'font-size': font,
            'font-family': 'ui-monospace, monospace',
            fill: '#3b4450',
          });
          g.append(text);
          this.biases.push({ text, l: l - 1, k: j });
        }
        nodeGroup.append(g);
      }
      this.images.push(row);
    });
    this.desc = s('desc', {});
    this.svg.append(
      s('title', {}, 'The network: neurons, weights and biases'),
      this.desc,
      edgeGroup,
      labelGroup,
      nodeGroup,
    );
  }

  update(sizes: readonly number[], layers: readonly LayerParams[], thumbnails: string[][] | null): void {
    if (sizes.join(',') !== this.key) this.build(sizes);
    for (const e of this.edges) {
      const p = layers[e.l]!;
      const w = p.W[e.j * p.outputs + e.k]!;
      const width = 0.8 + 5.2 * Math.min(1, Math.abs(w) / 4);
      e.line.setAttribute('stroke', Number.isFinite(w) ? signColor(w) : '#888');
      e.line.setAttribute('stroke-width', width.toFixed(2));
      e.line.setAttribute('stroke-dasharray', w < 0 ? '7 4' : 'none');
      const text = `W${e.l + 1}[${e.j + 1},${e.k + 1}] = ${sig(w, 4)}: from ${unitName(e.l, e.j, sizes.length)} to ${unitName(e.l + 1, e.k, sizes.length)}`;
      setText(e.title, text);
      if (e.label) setText(e.label, sig(w, 3));
    }
    for (const b of this.biases) setText(b.text, `b ${sig(layers[b.l]!.b[b.k]!, 3)}`);
    if (thumbnails) {
      thumbnails.forEach((row, l) => {
        row.forEach((url, j) => {
          const image = this.images[l]?.[j];
          if (image && image.getAttribute('href') !== url) image.setAttribute('href', url);
        });
      });
    }
    setText(this.desc, describe(sizes, layers));
  }
}

function describe(sizes: readonly number[], layers: readonly LayerParams[]): string {
  return `A ${sizes.join('-')} network. ${layers
    .map(
      (p, l) =>
        `Layer ${l + 1}: weights ${Array.from(p.W, (w) => sig(w, 3)).join(', ')}; biases ${Array.from(p.b, (b) => sig(b, 3)).join(', ')}.`,
    )
    .join(' ')}`;
}
