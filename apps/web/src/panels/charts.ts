/**
 * The two uPlot charts: the loss per epoch (linear or log scale) and each compared method's
 * mismatch with the reference per epoch (log scale, with exact agreement drawn as 0 on the floor).
 */
import { AGREEMENT_TOLERANCE, GRADIENT_METHOD_INFO, type GradientMethod } from '@deltagrad/crosscheck';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { diff, sig } from '../format';
import type { ByMethod } from '../history';
import { METHOD_LINE, OKABE_ITO } from '../palette';

/** Differences at or below this are drawn on the floor of the log axis and labelled 0. */
export const MISMATCH_FLOOR = 1e-18;
/** The plot's height: shorter on phones, where the loss must fit on the first screen with Play. */
const phone = window.matchMedia('(max-width: 720px)');
const height = (): number => (phone.matches ? 130 : 210);

abstract class Chart {
  protected plot: uPlot | null = null;
  protected data: uPlot.AlignedData = [[], []];
  private readonly observer: ResizeObserver;

  constructor(protected readonly el: HTMLElement) {
    this.observer = new ResizeObserver(([entry]) => {
      const width = Math.max(200, Math.floor(entry?.contentRect.width ?? 0));
      this.cssWidth = width;
      if (this.plot && (Math.abs(this.plot.width - width) > 1 || this.plot.height !== height()))
        this.plot.setSize({ width, height: height() });
    });
    this.observer.observe(el);
  }

  /** The box's width as last observed (read without forcing a layout). */
  private cssWidth = 0;

  protected width(): number {
    return this.cssWidth || Math.max(200, Math.floor(this.el.clientWidth));
  }

  protected abstract options(): uPlot.Options;

  /** The epoch marked by a vertical line (the one shown when scrubbed back), or null. */
  private marker: number | null = null;

  /** Marks `epoch` with a vertical line (null: none). */
  setMarker(epoch: number | null): void {
    if (epoch === this.marker) return;
    this.marker = epoch;
    this.plot?.redraw(false, false);
  }

  private drawMarker(u: uPlot): void {
    if (this.marker === null) return;
    const x = Math.round(u.valToPos(this.marker, 'x', true));
    const { top, height } = u.bbox;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = '#1d232b';
    ctx.lineWidth = 1.5 * (window.devicePixelRatio || 1);
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.restore();
  }

  protected rebuild(): void {
    this.plot?.destroy();
    const options = this.options();
    options.hooks = { ...options.hooks, draw: [(u) => this.drawMarker(u)] };
    this.plot = new uPlot(options, this.data, this.el);
  }

  protected set(data: uPlot.AlignedData): void {
    this.data = data;
    if (!this.plot) this.rebuild();
    else this.plot.setData(data);
  }
}

const axisStyle = {
  stroke: '#58616c',
  grid: { stroke: '#eceef1', width: 1 },
  ticks: { stroke: '#d9dde3', width: 1 },
};

export class LossChart extends Chart {
  private log = false;
  private label = 'loss';

  setLog(log: boolean): void {
    this.log = log;
    this.rebuild();
  }

  setLabel(label: string): void {
    if (label === this.label) return;
    this.label = label;
    this.rebuild();
  }

  /** Whether the run has a test set (its curve is drawn beside the training loss). */
  private withTest = false;

  update(epoch: number[], loss: number[], test: number[] = []): void {
    // Log axes cannot show 0 or less; non-finite values become gaps.
    const shown = (values: number[]) =>
      values.map((v) => (Number.isFinite(v) && (!this.log || v > 0) ? v : null));
    const withTest = test.some((v) => Number.isFinite(v));
    if (withTest !== this.withTest) {
      this.withTest = withTest;
      this.data = withTest ? [epoch, shown(loss), shown(test)] : [epoch, shown(loss)];
      this.rebuild();
      return;
    }
    this.set(withTest ? [epoch, shown(loss), shown(test)] : [epoch, shown(loss)]);
  }

  protected options(): uPlot.Options {
    return {
      width: this.width(),
      height: height(),
      scales: { x: { time: false }, y: this.log ? { distr: 3, log: 10 } : { auto: true } },
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      axes: [
        { ...axisStyle, label: 'epoch', labelSize: 18, size: 34 },
        {
          ...axisStyle,
          size: 64,
          // On the log axis only 1, 2 and 5 × 10^k are labelled; the other ticks stay unlabelled.
          values: (_u, ticks) =>
            ticks.map((t: number | null) =>
              t === null ? '' : !this.log || /^[125](e|$)/.test(t.toExponential(0)) ? sig(t, 3) : '',
            ),
        },
      ],
      series: [
        { label: 'epoch' },
        {
          label: this.label,
          stroke: OKABE_ITO.blue,
          width: 2,
          points: { show: false },
          value: (_u, v) => (v === null ? '—' : sig(v, 6)),
        },
        ...(this.withTest
          ? [
              {
                label: 'test',
                stroke: OKABE_ITO.orange,
                width: 2,
                dash: [6, 4],
                points: { show: false },
                value: (_u: uPlot, v: number | null) => (v === null ? '—' : sig(v, 6)),
              },
            ]
          : []),
      ],
    };
  }
}

/** The methods a mismatch chart compares: the reference and the others, each drawn as a line. */
export interface ComparedMethods {
  reference: GradientMethod;
  compared: readonly GradientMethod[];
}

/**
 * Each compared method's max |Δgrad| from the reference per epoch, one line per method (colours
 * and dashes of `METHOD_LINE`), so an injected mistake shows which method parts.
 */
export class MismatchChart extends Chart {
  private methods: ComparedMethods = { reference: 'autodiff', compared: ['manual'] };

  /** The methods drawn (a change rebuilds the chart's series). */
  setMethods(methods: ComparedMethods): void {
    const same =
      methods.reference === this.methods.reference &&
      methods.compared.length === this.methods.compared.length &&
      methods.compared.every((m, i) => m === this.methods.compared[i]);
    if (same) return;
    this.methods = { reference: methods.reference, compared: [...methods.compared] };
    // Empty until the next update: the series no longer match the data drawn.
    this.data = [[], ...this.methods.compared.map(() => []), []];
    if (this.plot) this.rebuild();
  }

  update(epoch: number[], mismatch: ByMethod<number[]>): void {
    const line = (values: number[] | undefined) =>
      epoch.map((_, i) => {
        const v = values?.[i] ?? Number.NaN;
        return Number.isNaN(v) ? null : Math.max(v, MISMATCH_FLOOR);
      });
    this.set([
      epoch,
      ...this.methods.compared.map((m) => line(mismatch[m])),
      epoch.map(() => AGREEMENT_TOLERANCE),
    ]);
  }

  protected options(): uPlot.Options {
    const reference = GRADIENT_METHOD_INFO[this.methods.reference].label;
    return {
      width: this.width(),
      height: height(),
      scales: {
        x: { time: false },
        y: {
          distr: 3,
          log: 10,
          range: (_u, _min, max) => [MISMATCH_FLOOR, Math.max(1e-10, (max ?? 0) * 10)],
        },
      },
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      axes: [
        { ...axisStyle, label: 'epoch', labelSize: 18, size: 34 },
        {
          ...axisStyle,
          size: 64,
          // Every other decade from the floor up, the floor labelled 0.
          splits: (_u, _axis, _min, max) => {
            const top = Math.ceil(Math.log10(max));
            const splits: number[] = [];
            for (let k = Math.log10(MISMATCH_FLOOR); k <= top; k += 2) splits.push(10 ** k);
            return splits;
          },
          values: (_u, ticks) =>
            ticks.map((t: number | null) =>
              t === null ? '' : t <= MISMATCH_FLOOR * 1.0001 ? '0' : `1e${Math.round(Math.log10(t))}`,
            ),
        },
      ],
      series: [
        { label: 'epoch' },
        ...this.methods.compared.map(
          (m): uPlot.Series => ({
            label: `|${reference} − ${GRADIENT_METHOD_INFO[m].label}|`,
            stroke: METHOD_LINE[m].colour,
            dash: [...METHOD_LINE[m].dash],
            width: 2.5,
            points: { show: false },
            value: (_u, v) => (v === null ? '—' : v <= MISMATCH_FLOOR ? '≤ 1e-18' : diff(v)),
          }),
        ),
        {
          label: 'tolerance',
          stroke: OKABE_ITO.grey,
          width: 1,
          dash: [6, 4],
          points: { show: false },
          value: () => AGREEMENT_TOLERANCE.toExponential(0),
        },
      ],
    };
  }
}
