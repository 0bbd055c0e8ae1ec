/**
 * The loss chart as a standalone SVG file: the curve as one polyline over the epochs, with its
 * axes' ends labelled, linear or log scale. Every point of the series is written, with its
 * numbers in full (so the file carries the data as well as the picture).
 */

const WIDTH = 640;
const HEIGHT = 360;
const PAD = { left: 72, right: 16, top: 28, bottom: 40 };

/** Text safe inside an SVG element or attribute. */
function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface SvgChartOptions {
  /** The curve's name (the loss's formula). */
  label: string;
  /** A log-scale y axis (non-positive losses are left out). */
  log: boolean;
}

/** The SVG text of the curve `loss` over `epoch` (equal lengths). */
export function lossChartSvg(
  epoch: readonly number[],
  loss: readonly number[],
  opts: SvgChartOptions,
): string {
  const y = (v: number) => (opts.log ? Math.log10(v) : v);
  const points = epoch
    .map((e, i) => [e, loss[i]!] as const)
    .filter(([, v]) => Number.isFinite(v) && (!opts.log || v > 0));
  const xs = points.map(([e]) => e);
  const ys = points.map(([, v]) => y(v));
  const [x0, x1] = [Math.min(...xs, 0), Math.max(...xs, 1)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (!(y1 > y0)) [y0, y1] = points.length ? [y0 - 1, y1 + 1] : [0, 1];
  const px = (e: number) => PAD.left + ((e - x0) / (x1 - x0)) * (WIDTH - PAD.left - PAD.right);
  const py = (v: number) => HEIGHT - PAD.bottom - ((v - y0) / (y1 - y0)) * (HEIGHT - PAD.top - PAD.bottom);
  const polyline = points.map(([e, v]) => `${px(e).toFixed(2)},${py(y(v)).toFixed(2)}`).join(' ');
  const data = points.map(([e, v]) => `${e} ${v}`).join(';');
  const tick = (v: number) => (opts.log ? `1e${v.toFixed(2)}` : String(Number(v.toPrecision(6))));
  const label = escapeXml(opts.label);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>Loss (${label}) per epoch${opts.log ? ', log scale' : ''}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${PAD.left}" y="18" font-weight="600">Loss (${label})${opts.log ? ' · log scale' : ''}</text>`,
    `<g stroke="#6b7280" stroke-width="1">`,
    `<line x1="${PAD.left}" y1="${HEIGHT - PAD.bottom}" x2="${WIDTH - PAD.right}" y2="${HEIGHT - PAD.bottom}"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${HEIGHT - PAD.bottom}"/>`,
    '</g>',
    `<g fill="#374151">`,
    `<text x="${PAD.left}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${x0}</text>`,
    `<text x="${WIDTH - PAD.right}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="end">${x1}</text>`,
    `<text x="${(PAD.left + WIDTH - PAD.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle">epoch</text>`,
    `<text x="${PAD.left - 6}" y="${HEIGHT - PAD.bottom}" text-anchor="end">${tick(y0)}</text>`,
    `<text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end">${tick(y1)}</text>`,
    '</g>',
    `<polyline fill="none" stroke="#0072b2" stroke-width="1.5" points="${polyline}" data-points="${data}"/>`,
    '</svg>',
    '',
  ].join('\n');
}
