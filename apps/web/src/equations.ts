/**
 * The δ equations as LaTeX with the numbers substituted — generated from the traced values
 * (z, a, W and δ as @deltagrad/manual computed them, y from the traced graph), never typed in by
 * hand, so the formula shown and the number it gives cannot drift apart.
 *
 * Every numeric line is true at its shown precision: the result is shown to 4 significant
 * digits, and the substituted numbers get as many digits as it takes for the line, computed
 * from the numbers exactly as shown, to give that result. Usually 4 suffice; where a difference
 * cancels (ŷ = 0.99999998 against y = 1) they get more, rather than read "(1 − 1) = −6.8×10⁻⁸".
 */
import type { ExperimentConfig, LayerTrace } from '@deltagrad/crosscheck';
import { activate, activationDerivative, lossGradient } from '@deltagrad/manual';
import { sig } from './format';

type Activation = ExperimentConfig['activation'];
type LossName = ExperimentConfig['loss'];

/** Significant digits of an equation's result. */
export const RESULT_DIGITS = 4;

/** A number as LaTeX: 4 significant digits by default, ×10^k instead of e-notation. */
export function texNum(x: number, digits = 4): string {
  const text = sig(x, digits);
  const m = /^(-?[\d.]+)e([+-]?)(\d+)$/.exec(text);
  if (!m) return text.replace('∞', '\\infty');
  return `${m[1]}\\times 10^{${m[2] === '-' ? '-' : ''}${m[3]}}`;
}

/** `x` rounded to `digits` significant digits: the number a reader sees. */
export function shown(x: number, digits: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}

/** A substituted number at `digits`: its LaTeX (negatives in parentheses) and its shown value. */
interface Num {
  tex: string;
  v: number;
}

function num(x: number, digits: number): Num {
  const tex = texNum(x, digits);
  return { tex: x < 0 || Object.is(x, -0) ? `(${tex})` : tex, v: shown(x, digits) };
}

/** A numeric line built at a given number of digits: its LaTeX and what it evaluates to. */
type NumericLine = (digits: number) => { tex: string; value: number };

/**
 * The fewest digits (4 to 17) at which `line`, evaluated from its shown numbers, rounds to the
 * shown result; at 17 the shown numbers are the exact doubles.
 */
export function digitsFor(line: NumericLine, result: number): number {
  const target = shown(result, RESULT_DIGITS);
  for (let d = 4; d < 17; d++) {
    if (shown(line(d).value, RESULT_DIGITS) === target) return d;
  }
  return 17;
}

/** f′ of an activation, applied to the LaTeX argument `z`. */
export function fPrime(activation: Activation, z: string): string {
  switch (activation) {
    case 'sigmoid':
      return `\\sigma'(${z})`;
    case 'tanh':
      return `\\tanh'(${z})`;
    case 'relu':
      return `\\operatorname{relu}'(${z})`;
    case 'leakyRelu':
      return `\\operatorname{lrelu}'(${z})`;
    case 'softplus':
      return `\\operatorname{softplus}'(${z})`;
    case 'identity':
      return `\\operatorname{id}'(${z})`;
  }
}

/** f of an activation, applied to the LaTeX argument `z`. */
export function fOf(activation: Activation, z: string): string {
  switch (activation) {
    case 'sigmoid':
      return `\\sigma(${z})`;
    case 'tanh':
      return `\\tanh(${z})`;
    case 'identity':
      return z;
    default:
      return `\\operatorname{${activation === 'leakyRelu' ? 'lrelu' : activation}}(${z})`;
  }
}

/** f(z) as @deltagrad/manual computes it in the forward pass. */
export function activationAt(activation: Activation, z: number): number {
  return activate(activation, { rows: 1, cols: 1, data: Float64Array.of(z) }).data[0]!;
}

/** f′(z) as @deltagrad/manual computes it in the backward pass. */
export function derivativeAt(activation: Activation, z: number): number {
  return activationDerivative(activation, { rows: 1, cols: 1, data: Float64Array.of(z) }).data[0]!;
}

/** A sum of terms, the first few written out (all of them count in its value). */
function sumOf(
  parts: readonly { tex: string; value: number }[],
  shownTerms = 4,
): { tex: string; value: number } {
  let value = 0;
  for (const p of parts) value += p.value;
  const texts = parts.map((p) => p.tex);
  const tex =
    texts.length <= shownTerms
      ? texts.join(' + ')
      : `${texts.slice(0, 2).join(' + ')} + \\cdots + ${texts.at(-1)}`;
  return { tex, value };
}

export interface Equation {
  /** LaTeX: the symbolic equation, then the same with the numbers substituted, and the result. */
  tex: string;
  /** The result as the δ equations give it (the traced value). */
  value: number;
  /** Significant digits of the substituted numbers. */
  digits: number;
  /** What the numeric line gives when computed from its numbers as shown. */
  shownValue: number;
}

/** The equation `lhs = symbolic = numbers = result`, its numbers at the digits that keep it true. */
function equation(lhs: string, symbolic: string, line: NumericLine, value: number): Equation {
  const digits = digitsFor(line, value);
  const numbers = line(digits);
  return {
    tex: `\\begin{aligned}${lhs} &= ${symbolic} \\\\ &= ${numbers.tex} \\\\ &= ${texNum(value, RESULT_DIGITS)}\\end{aligned}`,
    value,
    digits,
    shownValue: numbers.value,
  };
}

const idx = (...ks: number[]): string => ks.map((k) => k + 1).join(',');

/**
 * δ^(l) of example `i`, unit `j`, with the numbers of the trace: at the output layer from the
 * loss, at a hidden layer by the recursion δ^(l) = (W^(l+1))ᵀ δ^(l+1) ⊙ f′(z^(l)).
 *
 * @param l - 0-based layer index into `layers`
 * @param y - the targets, one per example
 */
export function deltaEquation(
  layers: readonly LayerTrace[],
  loss: LossName,
  l: number,
  i: number,
  j: number,
  y: readonly number[],
): Equation {
  const layer = layers[l]!;
  const L = layers.length;
  const n = layer.z.length;
  const lt = l + 1;
  const z = layer.z[i]![j]!;
  const value = layer.delta[i]![j]!;
  const fp = derivativeAt(layer.activation, z);
  const zSym = `z^{(${lt})}_{${idx(i, j)}}`;
  const lhs = `\\delta^{(${lt})}_{${idx(i, j)}}`;
  if (l === L - 1) {
    const yHat = layer.a[i]![j]!;
    const yHatSym = `\\hat y_{${idx(i)}}`;
    const ySym = `y_{${idx(i)}}`;
    if (loss === 'bce') {
      return equation(
        lhs,
        `\\tfrac{1}{N}\\,(${yHatSym} - ${ySym})`,
        (d) => {
          const [a, b] = [num(yHat, d), num(y[i]!, d)];
          return { tex: `\\tfrac{1}{${n}}\\,(${a.tex} - ${b.tex})`, value: (a.v - b.v) / n };
        },
        value,
      );
    }
    const scale = loss === 'mse' ? 2 / n : 1;
    const scaleSym = loss === 'mse' ? '\\tfrac{2}{N}\\,' : '';
    const scaleNum = loss === 'mse' ? `\\tfrac{2}{${n}}\\,` : '';
    return equation(
      lhs,
      `${scaleSym}(${yHatSym} - ${ySym})\\,${fPrime(layer.activation, zSym)}`,
      (d) => {
        const [a, b, f] = [num(yHat, d), num(y[i]!, d), num(fp, d)];
        return { tex: `${scaleNum}(${a.tex} - ${b.tex})\\cdot ${f.tex}`, value: scale * (a.v - b.v) * f.v };
      },
      value,
    );
  }
  const next = layers[l + 1]!;
  return equation(
    lhs,
    `\\Big(\\sum_{k} W^{(${lt + 1})}_{${j + 1},k}\\,\\delta^{(${lt + 1})}_{${i + 1},k}\\Big)\\,${fPrime(layer.activation, zSym)}`,
    (d) => {
      const s = sumOf(
        next.delta[i]!.map((dk, k) => {
          const [w, dd] = [num(next.W[j]![k]!, d), num(dk, d)];
          return { tex: `${w.tex}\\cdot${dd.tex}`, value: w.v * dd.v };
        }),
      );
      const f = num(fp, d);
      return { tex: `\\big(${s.tex}\\big)\\cdot ${f.tex}`, value: s.value * f.v };
    },
    value,
  );
}

/** ∂L/∂W^(l)_{j,k} = Σ_i a^(l−1)_{i,j} δ^(l)_{i,k}, with a^(0) = X. */
export function weightEquation(
  layers: readonly LayerTrace[],
  x: readonly number[][],
  l: number,
  j: number,
  k: number,
): Equation {
  const prev = l === 0 ? x : layers[l - 1]!.a;
  const layer = layers[l]!;
  return equation(
    `\\frac{\\partial L}{\\partial W^{(${l + 1})}_{${j + 1},${k + 1}}}`,
    `\\sum_i a^{(${l})}_{i,${j + 1}}\\,\\delta^{(${l + 1})}_{i,${k + 1}}`,
    (d) =>
      sumOf(
        layer.delta.map((row, i) => {
          const [a, dd] = [num(prev[i]![j]!, d), num(row[k]!, d)];
          return { tex: `${a.tex}\\cdot${dd.tex}`, value: a.v * dd.v };
        }),
      ),
    layer.dW.manual[j]![k]!,
  );
}

/** ∂L/∂b^(l)_k = Σ_i δ^(l)_{i,k}: the bias gradient is δ, summed over the examples. */
export function biasEquation(layers: readonly LayerTrace[], l: number, k: number): Equation {
  const layer = layers[l]!;
  return equation(
    `\\frac{\\partial L}{\\partial b^{(${l + 1})}_{${k + 1}}}`,
    `\\sum_i \\delta^{(${l + 1})}_{i,${k + 1}}`,
    (d) =>
      sumOf(
        layer.delta.map((row) => {
          const dd = num(row[k]!, d);
          return { tex: dd.tex, value: dd.v };
        }),
      ),
    layer.db.manual[0]![k]!,
  );
}

/**
 * ∂L/∂a^(l) of example `i`, unit `j`: at the output the loss's gradient (as @deltagrad/manual's
 * `lossGradient`), below it Σ_k W^(l+1)_{j,k} δ^(l+1)_{i,k} — the factor of δ^(l) before f′.
 */
export function activationEquation(
  layers: readonly LayerTrace[],
  loss: LossName,
  l: number,
  i: number,
  j: number,
  y: readonly number[],
): Equation {
  const L = layers.length;
  const layer = layers[l]!;
  const n = layer.a.length;
  if (l === L - 1) {
    const yHat = layer.a.map((r) => r[0]!);
    const g = lossGradient(
      loss,
      { rows: n, cols: 1, data: Float64Array.from(yHat) },
      { rows: n, cols: 1, data: Float64Array.from(y) },
    );
    const value = g.data[i]!;
    const lhs = `\\frac{\\partial L}{\\partial \\hat y_{${i + 1}}}`;
    const yh = `\\hat y_{${i + 1}}`;
    const yi = `y_{${i + 1}}`;
    if (loss === 'halfSSE') {
      return equation(
        lhs,
        `${yh} - ${yi}`,
        (d) => {
          const [a, b] = [num(yHat[i]!, d), num(y[i]!, d)];
          return { tex: `${a.tex} - ${b.tex}`, value: a.v - b.v };
        },
        value,
      );
    }
    if (loss === 'mse') {
      return equation(
        lhs,
        `\\tfrac{2}{N}(${yh} - ${yi})`,
        (d) => {
          const [a, b] = [num(yHat[i]!, d), num(y[i]!, d)];
          return { tex: `\\tfrac{2}{${n}}(${a.tex} - ${b.tex})`, value: (2 / n) * (a.v - b.v) };
        },
        value,
      );
    }
    return equation(
      lhs,
      `\\tfrac{1}{N}\\,\\frac{${yh} - ${yi}}{${yh}(1 - ${yh})}`,
      (d) => {
        const [a, b] = [num(yHat[i]!, d), num(y[i]!, d)];
        return {
          tex: `\\tfrac{1}{${n}}\\,\\frac{${a.tex} - ${b.tex}}{${a.tex}\\,(1 - ${a.tex})}`,
          value: (a.v - b.v) / (a.v * (1 - a.v)) / n,
        };
      },
      value,
    );
  }
  const next = layers[l + 1]!;
  let value = 0;
  for (let k = 0; k < next.delta[i]!.length; k++) value += next.W[j]![k]! * next.delta[i]![k]!;
  return equation(
    `\\frac{\\partial L}{\\partial a^{(${l + 1})}_{${i + 1},${j + 1}}}`,
    `\\sum_k W^{(${l + 2})}_{${j + 1},k}\\,\\delta^{(${l + 2})}_{${i + 1},k}`,
    (d) =>
      sumOf(
        next.delta[i]!.map((dk, k) => {
          const [w, dd] = [num(next.W[j]![k]!, d), num(dk, d)];
          return { tex: `${w.tex}\\cdot${dd.tex}`, value: w.v * dd.v };
        }),
      ),
    value,
  );
}

// ---- The forward pass: the values the backward pass starts from. ----

/**
 * z^(l)_{i,j} = Σ_k a^(l−1)_{i,k} W^(l)_{k,j} + b^(l)_j of example `i`, unit `j`, with a^(0) = X:
 * the weighted sum of the layer below plus the bias.
 */
export function preactivationEquation(
  layers: readonly LayerTrace[],
  x: readonly number[][],
  l: number,
  i: number,
  j: number,
): Equation {
  const prev = l === 0 ? x[i]! : layers[l - 1]!.a[i]!;
  const layer = layers[l]!;
  return equation(
    `z^{(${l + 1})}_{${idx(i, j)}}`,
    `\\sum_k a^{(${l})}_{${i + 1},k}\\,W^{(${l + 1})}_{k,${j + 1}} + b^{(${l + 1})}_{${j + 1}}`,
    (d) => {
      const s = sumOf(
        prev.map((a, k) => {
          const [an, w] = [num(a, d), num(layer.W[k]![j]!, d)];
          return { tex: `${an.tex}\\cdot${w.tex}`, value: an.v * w.v };
        }),
      );
      const b = num(layer.b[0]![j]!, d);
      return { tex: `${s.tex} + ${b.tex}`, value: s.value + b.v };
    },
    layer.z[i]![j]!,
  );
}

/** a^(l)_{i,j} = f(z^(l)_{i,j}): the activation of example `i`, unit `j`. */
export function activationValueEquation(
  layers: readonly LayerTrace[],
  l: number,
  i: number,
  j: number,
): Equation {
  const layer = layers[l]!;
  const output = l === layers.length - 1;
  const lhs = output ? `\\hat y_{${i + 1}} = a^{(${l + 1})}_{${idx(i, j)}}` : `a^{(${l + 1})}_{${idx(i, j)}}`;
  return equation(
    lhs,
    fOf(layer.activation, `z^{(${l + 1})}_{${idx(i, j)}}`),
    (d) => {
      const z = num(layer.z[i]![j]!, d);
      return { tex: fOf(layer.activation, z.tex), value: activationAt(layer.activation, z.v) };
    },
    layer.a[i]![j]!,
  );
}

/** The loss L over every example, from the outputs ŷ and the targets y (as @deltagrad/manual's `lossValue`). */
export function lossEquation(
  loss: LossName,
  yHat: readonly number[],
  y: readonly number[],
  value: number,
): Equation {
  const n = y.length;
  if (loss === 'bce') {
    // Each logarithm floored at −100, as @deltagrad/manual (and PyTorch) compute it.
    const ln = (v: number) => Math.max(Math.log(v), -100);
    return equation(
      'L',
      `-\\tfrac{1}{N}\\sum_i \\big[y_i \\ln \\hat y_i + (1 - y_i)\\ln(1 - \\hat y_i)\\big]`,
      (d) => {
        const s = sumOf(
          yHat.map((p, i) => {
            const [a, t] = [num(p, d), num(y[i]!, d)];
            return {
              tex: `\\big[${t.tex}\\ln ${a.tex} + (1 - ${t.tex})\\ln(1 - ${a.tex})\\big]`,
              value: -(t.v * ln(a.v) + (1 - t.v) * ln(1 - a.v)),
            };
          }),
          2,
        );
        return { tex: `-\\tfrac{1}{${n}}\\big(${s.tex}\\big)`, value: s.value / n };
      },
      value,
    );
  }
  const [scaleSym, scaleNum, scale] =
    loss === 'mse' ? ['\\tfrac{1}{N}', `\\tfrac{1}{${n}}`, 1 / n] : ['\\tfrac{1}{2}', '\\tfrac{1}{2}', 0.5];
  return equation(
    'L',
    `${scaleSym}\\sum_i (y_i - \\hat y_i)^2`,
    (d) => {
      const s = sumOf(
        yHat.map((p, i) => {
          const [a, t] = [num(p, d), num(y[i]!, d)];
          return { tex: `(${t.tex} - ${a.tex})^2`, value: (t.v - a.v) ** 2 };
        }),
      );
      // As lossValue: the sum first, then the scale (½ or 1/N).
      return {
        tex: `${scaleNum}\\big(${s.tex}\\big)`,
        value: loss === 'mse' ? s.value / n : scale * s.value,
      };
    },
    value,
  );
}
