/**
 * What the backward-pass view calls each op of the traced graph, and what its vector-Jacobian
 * product does to the gradient. Keyed by core's op names, so a key that is not an op fails to
 * compile; a test checks that every op of every traced loss and activation has an entry.
 */
import type { OpName } from '@deltagrad/core';

export interface OpLabel {
  /** Short label for a graph node. */
  symbol: string;
  /** One sentence: what backpropagation does at this op. */
  rule: string;
}

export const OP_LABELS: { readonly [K in OpName]?: OpLabel } = {
  matmul: {
    symbol: 'matmul @',
    rule: 'A matrix product Z = A W: ∂L/∂A = ∂L/∂Z Wᵀ and ∂L/∂W = Aᵀ ∂L/∂Z.',
  },
  add: { symbol: 'add +', rule: 'A sum: both inputs receive the incoming gradient unchanged.' },
  sub: {
    symbol: 'sub −',
    rule: 'A difference: the first input receives the gradient, the second its negative.',
  },
  mul: {
    symbol: 'mul ×',
    rule: 'A product: each input receives the incoming gradient times the other factor.',
  },
  div: {
    symbol: 'div ÷',
    rule: 'A quotient a / b: a receives the gradient divided by b, b receives −(gradient)·a / b².',
  },
  neg: { symbol: 'neg −', rule: 'A negation: the gradient changes sign.' },
  powScalar: {
    symbol: 'pow (·)²',
    rule: 'A power xᵖ: the gradient is multiplied by p·xᵖ⁻¹ (for a square, 2x).',
  },
  sum: { symbol: 'sum Σ', rule: 'A sum over entries: every summand receives the same gradient.' },
  log: { symbol: 'log', rule: 'A logarithm: the gradient is divided by its input.' },
  compare: {
    symbol: 'compare',
    rule: 'A comparison gives 0 or 1 and is flat everywhere: no gradient flows through it.',
  },
  where: {
    symbol: 'where ?:',
    rule: 'A choice between two inputs by a mask: each input receives the gradient where it was chosen, 0 elsewhere.',
  },
  sigmoid: { symbol: 'σ', rule: 'The sigmoid: the gradient is multiplied by σ′(z) = σ(z)(1 − σ(z)).' },
  tanh: { symbol: 'tanh', rule: 'tanh: the gradient is multiplied by 1 − tanh²(z).' },
  relu: { symbol: 'relu', rule: 'ReLU: the gradient passes where z > 0 and is 0 elsewhere.' },
  leakyRelu: {
    symbol: 'leaky relu',
    rule: 'Leaky ReLU: the gradient passes where z > 0 and is scaled by the small slope elsewhere.',
  },
  softplus: { symbol: 'softplus', rule: 'Softplus: the gradient is multiplied by σ(z), its derivative.' },
};

/** The label of an op node (its name when the table has none). */
export function opLabel(op: string): OpLabel | undefined {
  return (OP_LABELS as Partial<Record<string, OpLabel>>)[op];
}
