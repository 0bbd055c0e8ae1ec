/**
 * The decision boundary: the network's output ŷ over a grid of the input square, from
 * @deltagrad/manual's forward pass, drawn as a small image scaled up, with the training points
 * on top (class 1 as blue circles, class 0 as orange squares). The same grid sweep gives every
 * neuron's output for the network diagram's thumbnails.
 */
import {
  type ExperimentConfig,
  featuresOf,
  type LayerParams,
  networkOf,
  toManualParams,
} from '@deltagrad/crosscheck';
import { type ForwardCache, forward, type Matrix, type Network } from '@deltagrad/manual';
import { h, setText } from '../dom';
import { sig } from '../format';
import { Drawn } from '../frame';
import { type Domain, gridPoints } from '../numerics';
import { css, DIVERGING_RGBA, diverging, divergingIndex } from '../palette';

export const GRID = 56;

/** Every layer's activations at every grid point (row-major, row 0 at the top). */
export interface GridSweep {
  domain: Domain;
  res: number;
  layers: readonly Matrix[];
}

/** A run's grid and forward-pass matrices, kept from one sweep to the next. */
interface SweepBuffers {
  domain: Domain;
  res: number;
  network: Network;
  X: Matrix;
  cache: ForwardCache | undefined;
}

const sweeps = new WeakMap<ExperimentConfig, SweepBuffers>();

/**
 * Every layer's activations at every grid point of `domain`. The grid (after the input
 * features) and the forward pass's matrices are kept per config and reused by its next sweep, so
 * a page drawing 15 times a second while training allocates nothing here: the returned matrices
 * are valid until the next sweep of the same config.
 */
export function sweepGrid(
  config: ExperimentConfig,
  layers: readonly LayerParams[],
  domain: Domain,
  res = GRID,
): GridSweep {
  let b = sweeps.get(config);
  if (!b || b.res !== res || b.domain.min !== domain.min || b.domain.max !== domain.max) {
    const X = {
      rows: res * res,
      cols: config.features.length,
      data: featuresOf(config, gridPoints(domain, res)),
    };
    b = { domain, res, network: networkOf(config), X, cache: undefined };
    sweeps.set(config, b);
  }
  b.cache = forward(b.network, toManualParams(layers), b.X, b.cache);
  return { domain, res, layers: b.cache.a };
}

/** Maps a neuron's values to [0, 1] for the colour scale, by what its activation can output. */
export function normaliser(
  activation: ExperimentConfig['activation'],
  values: ArrayLike<number>,
): (v: number) => number {
  if (activation === 'sigmoid') return (v) => v;
  if (activation === 'tanh') return (v) => (v + 1) / 2;
  let m = 1e-12;
  for (let i = 0; i < values.length; i++)
    if (Number.isFinite(values[i]!)) m = Math.max(m, Math.abs(values[i]!));
  return (v) => 0.5 + v / (2 * m);
}

/**
 * The colour of a prediction ŷ, whatever the output activation: the targets are 0 and 1, so the
 * scale runs from ŷ = 0 to ŷ = 1 with its middle at the 0.5 decision threshold (beyond: clamped).
 */
export function predictionScale(v: number): number {
  return Math.min(1, Math.max(0, v));
}

const images = new WeakMap<HTMLCanvasElement, ImageData>();

/** Paints `values` (res×res) into a res×res canvas (its pixel buffer reused from call to call). */
export function paint(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  res: number,
  toUnit: (v: number) => number,
  discretize = false,
): void {
  if (canvas.width !== res || canvas.height !== res) {
    canvas.width = res;
    canvas.height = res;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  let image = images.get(canvas);
  if (!image || image.width !== res) {
    image = ctx.createImageData(res, res);
    images.set(canvas, image);
  }
  const pixels = image.data;
  for (let k = 0; k < res * res; k++) {
    let t = toUnit(values[k]!);
    if (discretize && Number.isFinite(t)) t = t >= 0.5 ? 0.85 : 0.15;
    const c = 4 * divergingIndex(t);
    pixels[4 * k] = DIVERGING_RGBA[c]!;
    pixels[4 * k + 1] = DIVERGING_RGBA[c + 1]!;
    pixels[4 * k + 2] = DIVERGING_RGBA[c + 2]!;
    pixels[4 * k + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

export class Heatmap {
  private readonly small = document.createElement('canvas');
  /** The canvas's width on screen in CSS px, as last observed (read without forcing a layout). */
  private cssWidth = 0;

  /** @param onResize - called when the canvas's size on screen changes (it needs a redraw) */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly predictions: HTMLElement,
    onResize: () => void,
  ) {
    new ResizeObserver(([entry]) => {
      const width = entry?.contentRect.width ?? 0;
      if (Math.abs(width - this.cssWidth) > 0.5) {
        this.cssWidth = width;
        onResize();
      }
    }).observe(canvas);
  }

  /**
   * The boundary, the training points (filled) and the test points (`train` on: hollow). With
   * `neuron`, that hidden neuron's output over the square instead of ŷ (a neuron hovered).
   */
  draw(
    sweep: GridSweep,
    x: Float64Array,
    y: Float64Array,
    train: number,
    discretize: boolean,
    neuron: { layer: number; unit: number; activation: ExperimentConfig['activation'] } | null = null,
  ): void {
    if (neuron) {
      const m = sweep.layers[neuron.layer - 1]!;
      const values = new Float64Array(sweep.res * sweep.res);
      for (let k = 0; k < values.length; k++) values[k] = m.data[k * m.cols + neuron.unit]!;
      paint(this.small, values, sweep.res, normaliser(neuron.activation, values));
    } else paint(this.small, sweep.layers.at(-1)!.data, sweep.res, predictionScale, discretize);
    const showing = neuron ? `${neuron.layer}:${neuron.unit}` : 'output';
    // Written only when it changes: every attribute write restyles the canvas.
    if (this.canvas.dataset.showing !== showing) this.canvas.dataset.showing = showing;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const size = Math.max(120, Math.round(this.cssWidth * dpr));
    if (this.canvas.width !== size) {
      this.canvas.width = size;
      this.canvas.height = size;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.small, 0, 0, size, size);
    ctx.drawImage(this.pointsLayer(sweep.domain, x, y, train, size, dpr), 0, 0);
  }

  /** The data points, drawn once per run and size (they do not move while training). */
  private readonly points = document.createElement('canvas');
  private readonly pointsDrawn = new Drawn();

  private pointsLayer(
    domain: Domain,
    x: Float64Array,
    y: Float64Array,
    train: number,
    size: number,
    dpr: number,
  ): HTMLCanvasElement {
    const inputs = [x, y, train, size, dpr, domain.min, domain.max];
    if (!this.pointsDrawn.changed(inputs)) return this.points;
    this.pointsDrawn.mark(inputs);
    this.points.width = size;
    this.points.height = size;
    const ctx = this.points.getContext('2d');
    if (!ctx) return this.points;
    const { min, max } = domain;
    const px = (v: number) => ((v - min) / (max - min)) * size;
    const n = y.length;
    const r = (n <= 8 ? 9 : n <= 100 ? 4.5 : 3.5) * dpr;
    ctx.lineWidth = (n <= 8 ? 2 : 1.2) * dpr;
    ctx.strokeStyle = '#1d232b';
    // One path per class and set: fills and strokes, not one per point. Test points are hollow.
    for (const [positive, test] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      ctx.beginPath();
      for (let i = test ? train : 0; i < (test ? n : train); i++) {
        if (y[i]! >= 0.5 !== positive) continue;
        const cx = px(x[2 * i]!);
        const cy = size - px(x[2 * i + 1]!);
        if (positive) {
          ctx.moveTo(cx + r, cy);
          ctx.arc(cx, cy, r, 0, 2 * Math.PI);
        } else ctx.rect(cx - r * 0.9, cy - r * 0.9, r * 1.8, r * 1.8);
      }
      ctx.fillStyle = test ? '#fff' : css(diverging(positive ? 1 : 0));
      ctx.fill();
      ctx.strokeStyle = test ? css(diverging(positive ? 1 : 0)) : '#1d232b';
      ctx.stroke();
    }
    return this.points;
  }

  private cells: HTMLElement[] = [];
  private builtFor = '';

  /** The XOR truth table with the predictions, or the accuracy on a generated set. */
  showPredictions(
    dataset: ExperimentConfig['dataset'],
    x: Float64Array,
    y: Float64Array,
    train: number,
    yHat: ArrayLike<number>,
  ): void {
    const key = `${dataset}:${y.length}`;
    if (key !== this.builtFor) this.build(dataset, x, y, key);
    if (dataset === 'xor') {
      this.cells.forEach((cell, i) => {
        setText(cell, sig(yHat[i]!, 3));
      });
      return;
    }
    const accuracy = (from: number, to: number) => {
      let right = 0;
      for (let i = from; i < to; i++) if (yHat[i]! >= 0.5 === y[i]! >= 0.5) right++;
      return `${((100 * right) / (to - from)).toFixed(1)} %`;
    };
    const test = y.length - train;
    setText(
      this.cells[0]!,
      `Accuracy on the ${train} training points (filled): ${accuracy(0, train)}` +
        (test > 0 ? `; on the ${test} test points (hollow): ${accuracy(train, y.length)}` : ''),
    );
  }

  private build(dataset: ExperimentConfig['dataset'], x: Float64Array, y: Float64Array, key: string): void {
    this.builtFor = key;
    this.predictions.replaceChildren();
    if (dataset !== 'xor') {
      this.cells = [h('p', { 'data-testid': 'accuracy' })];
      this.predictions.append(this.cells[0]!);
      return;
    }
    this.cells = Array.from({ length: y.length }, () => h('td', { 'data-testid': 'prediction' }));
    const rows = this.cells.map((cell, i) =>
      h('tr', {}, h('td', {}, x[2 * i]!), h('td', {}, x[2 * i + 1]!), h('td', {}, y[i]!), cell),
    );
    const col = (text: string) => h('th', { scope: 'col' }, text);
    this.predictions.append(
      h(
        'table',
        {},
        h('caption', {}, 'XOR truth table and the network’s output'),
        h('thead', {}, h('tr', {}, col('x₁'), col('x₂'), col('y'), col('ŷ'))),
        h('tbody', {}, ...rows),
      ),
    );
  }
}
