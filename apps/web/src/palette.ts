/**
 * Colours. A diverging orange → light grey → blue scale (TensorFlow Playground's, distinguishable
 * with the common colour-vision deficiencies), used for outputs, activations and weights; the
 * charts use the Okabe–Ito palette. Signs are never told by colour alone: negative weights are
 * also dashed, and the two classes have different marker shapes.
 */
import type { GradientMethod } from '@deltagrad/crosscheck';

export const ORANGE: readonly [number, number, number] = [230, 97, 0];
export const MID: readonly [number, number, number] = [236, 238, 240];
export const BLUE: readonly [number, number, number] = [8, 104, 172];

export const OKABE_ITO = {
  blue: '#0072B2',
  orange: '#E69F00',
  vermillion: '#D55E00',
  green: '#009E73',
  sky: '#56B4E9',
  purple: '#CC79A7',
  grey: '#555555',
} as const;

/**
 * Each gradient method's line in the mismatch chart (its difference from the reference): a colour
 * of the palette and a dash pattern, so the lines differ by more than colour. autodiff, the
 * reference whenever it runs, gets a line only when another method is the reference.
 */
export const METHOD_LINE = {
  autodiff: { colour: OKABE_ITO.green, colourName: 'green', dash: [2, 3] },
  manual: { colour: OKABE_ITO.vermillion, colourName: 'vermillion', dash: [] },
  forward: { colour: OKABE_ITO.blue, colourName: 'blue', dash: [8, 4] },
} as const satisfies Record<GradientMethod, { colour: string; colourName: string; dash: number[] }>;

const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;

/** t in [0, 1] (clamped; NaN is grey): 0 orange, ½ light grey, 1 blue. */
export function diverging(t: number): [number, number, number] {
  if (Number.isNaN(t)) return [128, 128, 128];
  const u = Math.min(1, Math.max(0, t));
  const [from, to, k] = u < 0.5 ? [ORANGE, MID, u * 2] : [MID, BLUE, (u - 0.5) * 2];
  return [
    Math.round(lerp(from[0], to[0], k)),
    Math.round(lerp(from[1], to[1], k)),
    Math.round(lerp(from[2], to[2], k)),
  ];
}

/**
 * The diverging scale as a lookup table of 1024 RGBA colours (t quantized to 1/1023), for
 * painting thousands of pixels a frame without allocating; entry 1024 is NaN's grey.
 */
export const DIVERGING_RGBA: Uint8ClampedArray = (() => {
  const table = new Uint8ClampedArray(1025 * 4);
  for (let k = 0; k <= 1024; k++) {
    const [r, g, b] = diverging(k === 1024 ? Number.NaN : k / 1023);
    table.set([r, g, b, 255], 4 * k);
  }
  return table;
})();

/** The lookup-table index of t (clamped to [0, 1]; NaN → the grey entry). */
export function divergingIndex(t: number): number {
  if (Number.isNaN(t)) return 1024;
  return Math.round(Math.min(1, Math.max(0, t)) * 1023);
}

export function css([r, g, b]: readonly [number, number, number]): string {
  return `rgb(${r} ${g} ${b})`;
}

/** Weight colour: blue for positive, orange for negative. */
export function signColor(w: number): string {
  return w >= 0 ? css(BLUE) : css(ORANGE);
}
