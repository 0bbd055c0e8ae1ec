/**
 * The δ equations as LaTeX with the numbers substituted — generated from the traced values
 * (z, a, W and δ as @deltagrad/manual computed them, y from the traced graph), never typed in by
 * hand, so the formula shown and the number it gives cannot drift apart.
 */
import type { ExperimentConfig, LayerTrace } from '@deltagrad/crosscheck';
import { activationDerivative, lossGradient } from '@deltagrad/manual';
import { sig } from './format';

type Activation = ExperimentConfig['activation'];
type LossName = ExperimentConfig['loss'];

/** A number as LaTeX: 4 significant digits by default, ×10^k instead of e-notation. */
export function texNum(x: number, digits = 4): string {
  const text = sig(x, digits);
  const m = /^(-?[\d.]+)e([+-]?)(\d+)$/.exec(text);
  if (!m) return text.replace('∞', '\\infty');
  return `${m[1]}\\times 10^{${m[2] === '-' ? '-' : ''}${m[3]}}`;
}

/** A factor: negative numbers in parentheses. */
function factor(x: number, digits = 4): string {
  return x < 0 || Object.is(x, -0) ? `(${texNum(x, digits)})` : texNum(x, digits);
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

/** f′(z) as @deltagrad/manual computes it in the backward pass. */
export function derivativeAt(activation: Activation, z: number): number {
  return activationDerivative(activation, { rows: 1, cols: 1, data: Float64Array.of(z) }).data[0]!;
}

/** A sum of terms, the first few written out. */
function terms(parts: string[], shown = 4): string {
  if (parts.length <= shown) return parts.join(' + ');
  return `${parts.slice(0, 2).join(' + ')} + \\cdots + ${parts.at(-1)}`;
}

export interface Equation {
  /** LaTeX: the symbolic equation, then the same with the numbers substituted, and the result. */
  tex: string;
  /** The result as the δ equations give it (the traced value). */
  value: number;
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
    const yi = y[i]!;
    const yHatSym = `\\hat y_{${idx(i)}}`;
    const ySym = `y_{${idx(i)}}`;
    const diffNums = `${factor(yHat)} - ${factor(yi)}`;
    let symbolic: string;
    let numbers: string;
    if (loss === 'bce') {
      symbolic = `\\tfrac{1}{N}\\,(${yHatSym} - ${ySym})`;
      numbers = `\\tfrac{1}{${n}}\\,(${diffNums})`;
    } else {
      const scale = loss === 'mse' ? '\\tfrac{2}{N}\\,' : '';
      const scaleNum = loss === 'mse' ? `\\tfrac{2}{${n}}\\,` : '';
      symbolic = `${scale}(${yHatSym} - ${ySym})\\,${fPrime(layer.activation, zSym)}`;
      numbers = `${scaleNum}(${diffNums})\\cdot ${factor(fp)}`;
    }
    return {
      tex: `\\begin{aligned}${lhs} &= ${symbolic} \\\\ &= ${numbers} \\\\ &= ${texNum(value, 6)}\\end{aligned}`,
      value,
    };
  }
  const next = layers[l + 1]!;
  const parts = next.delta[i]!.map((d, k) => `${factor(next.W[j]![k]!)}\\cdot${factor(d)}`);
  const symbolic = `\\Big(\\sum_{k} W^{(${lt + 1})}_{${j + 1},k}\\,\\delta^{(${lt + 1})}_{${i + 1},k}\\Big)\\,${fPrime(layer.activation, zSym)}`;
  const numbers = `\\big(${terms(parts)}\\big)\\cdot ${factor(fp)}`;
  return {
    tex: `\\begin{aligned}${lhs} &= ${symbolic} \\\\ &= ${numbers} \\\\ &= ${texNum(value, 6)}\\end{aligned}`,
    value,
  };
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
  const parts = layer.delta.map((row, i) => `${factor(prev[i]![j]!)}\\cdot${factor(row[k]!)}`);
  const value = layer.dW.manual[j]![k]!;
  const lhs = `\\frac{\\partial L}{\\partial W^{(${l + 1})}_{${j + 1},${k + 1}}}`;
  return {
    tex: `\\begin{aligned}${lhs} &= \\sum_i a^{(${l})}_{i,${j + 1}}\\,\\delta^{(${l + 1})}_{i,${k + 1}} \\\\ &= ${terms(parts)} \\\\ &= ${texNum(value, 6)}\\end{aligned}`,
    value,
  };
}

/** ∂L/∂b^(l)_k = Σ_i δ^(l)_{i,k}: the bias gradient is δ, summed over the examples. */
export function biasEquation(layers: readonly LayerTrace[], l: number, k: number): Equation {
  const layer = layers[l]!;
  const parts = layer.delta.map((row) => factor(row[k]!));
  const value = layer.db.manual[0]![k]!;
  const lhs = `\\frac{\\partial L}{\\partial b^{(${l + 1})}_{${k + 1}}}`;
  return {
    tex: `\\begin{aligned}${lhs} &= \\sum_i \\delta^{(${l + 1})}_{i,${k + 1}} \\\\ &= ${terms(parts)} \\\\ &= ${texNum(value, 6)}\\end{aligned}`,
    value,
  };
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
    const yh = factor(yHat[i]!);
    const yi = factor(y[i]!);
    const lhs = `\\frac{\\partial L}{\\partial \\hat y_{${i + 1}}}`;
    const [symbolic, numbers] =
      loss === 'halfSSE'
        ? [`\\hat y_{${i + 1}} - y_{${i + 1}}`, `${yh} - ${yi}`]
        : loss === 'mse'
          ? [`\\tfrac{2}{N}(\\hat y_{${i + 1}} - y_{${i + 1}})`, `\\tfrac{2}{${n}}(${yh} - ${yi})`]
          : [
              `\\tfrac{1}{N}\\,\\frac{\\hat y_{${i + 1}} - y_{${i + 1}}}{\\hat y_{${i + 1}}(1 - \\hat y_{${i + 1}})}`,
              `\\tfrac{1}{${n}}\\,\\frac{${yh} - ${yi}}{${yh}\\,(1 - ${yh})}`,
            ];
    return {
      tex: `\\begin{aligned}${lhs} &= ${symbolic} \\\\ &= ${numbers} \\\\ &= ${texNum(value, 6)}\\end{aligned}`,
      value,
    };
  }
  const next = layers[l + 1]!;
  let value = 0;
  const parts = next.delta[i]!.map((d, k) => {
    value += next.W[j]![k]! * d;
    return `${factor(next.W[j]![k]!)}\\cdot${factor(d)}`;
  });
  const lhs = `\\frac{\\partial L}{\\partial a^{(${l + 1})}_{${i + 1},${j + 1}}}`;
  return {
    tex: `\\begin{aligned}${lhs} &= \\sum_k W^{(${l + 2})}_{${j + 1},k}\\,\\delta^{(${l + 2})}_{${i + 1},k} \\\\ &= ${terms(parts)} \\\\ &= ${texNum(value, 6)}\\end{aligned}`,
    value,
  };
}
