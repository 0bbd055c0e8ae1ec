/**
 * The card of the current node. In the backward pass: what the node is, the δ of the equations
 * beside the adjoint the autodiff engine accumulated there (at z⁽ˡ⁾, a⁽ˡ⁾, W⁽ˡ⁾, b⁽ˡ⁾ and the
 * product a⁽ˡ⁻¹⁾W⁽ˡ⁾), whether they agree, and the equations with the numbers substituted. In
 * the forward pass: the value the node computes, with its equation and numbers.
 */
import {
  AGREEMENT_TOLERANCE,
  difference,
  GRADIENT_METHOD_INFO,
  LOSS_INFO,
  type RoledGraphNode,
  type StepTrace,
} from '@deltagrad/crosscheck';
import { h } from '../dom';
import {
  activationEquation,
  activationValueEquation,
  biasEquation,
  deltaEquation,
  type Equation,
  lossEquation,
  preactivationEquation,
  weightEquation,
} from '../equations';
import { diff, sig } from '../format';
import { opLabel } from '../op-labels';
import { texBlock } from '../tex';
import { entriesOf, nodeLabel } from './graph-view';

interface Row {
  label: string;
  manual: number;
  autodiff: number;
}

function compare(rows: readonly Row[], manualHead: string, autodiffHead: string): HTMLElement {
  const col = (text: string) => h('th', { scope: 'col' }, text);
  const table = h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, 'The two methods, side by side'),
    h('thead', {}, h('tr', {}, col(''), col(manualHead), col(autodiffHead), col('|Δ|'))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, r.label),
          h('td', { 'data-testid': 'bw-delta', 'data-value': r.manual }, sig(r.manual, 10)),
          h('td', { 'data-testid': 'bw-adjoint', 'data-value': r.autodiff }, sig(r.autodiff, 10)),
          h('td', { 'data-testid': 'bw-diff' }, diff(Math.abs(r.manual - r.autodiff))),
        ),
      ),
    ),
  );
  return h('div', { class: 'compare-wrap' }, table);
}

function verdict(rows: readonly Row[]): HTMLElement {
  const worst = Math.max(...rows.map((r) => difference(r.manual, r.autodiff).abs));
  const ok = worst <= AGREEMENT_TOLERANCE;
  return h(
    'p',
    { class: ok ? 'verdict' : 'verdict bad', 'data-testid': 'bw-verdict' },
    ok
      ? `✓ The two methods agree: largest |Δ| = ${diff(worst)}`
      : `✗ The two methods differ: largest |Δ| = ${diff(worst)}`,
  );
}

const p = (text: string) => h('p', {}, text);
/** The two methods the card sets side by side, as crosscheck names them. */
const MANUAL = GRADIENT_METHOD_INFO.manual.label;
const AUTODIFF = GRADIENT_METHOD_INFO.autodiff.label;
const equations = (list: readonly Equation[]) => list.map((eq) => texBlock(eq.tex));
/** At most four units of a layer are shown. */
const units = (count: number) => Array.from({ length: Math.min(count, 4) }, (_, j) => j);

/** The card's heading: the node's name (tests find the node shown by it). */
const cardTitle = (node: RoledGraphNode) =>
  h('h3', { 'data-testid': 'bw-node', 'data-name': node.name ?? node.op ?? '' }, nodeLabel(node));

/** The card's contents for `node` of `trace`, example `i`. */
export function nodeCard(
  trace: StepTrace,
  node: RoledGraphNode,
  i: number,
  data: { x: readonly number[][]; y: readonly number[] },
): Node[] {
  const examples = trace.layers[0]!.z.length;
  const { role } = node;
  const title = cardTitle(node);
  const entries = (values: readonly number[] | null) => entriesOf(node, examples, i, values ?? []);
  switch (role.role) {
    case 'loss':
      return [
        title,
        p(`L = ${sig(trace.loss, 10)} (${LOSS_INFO[trace.lossName].formula}).`),
        p(
          'Backpropagation starts here with the seed gradient ∂L/∂L = 1 and walks the graph in reverse topological order.',
        ),
      ];
    case 'preactivation': {
      const l = role.layer - 1;
      const layer = trace.layers[l]!;
      const rows = units(layer.z[0]!.length).map((j) => ({
        label: `unit ${j + 1}`,
        manual: layer.delta[i]![j]!,
        autodiff: layer.adjoint[i]![j]!,
      }));
      return [
        title,
        p(
          `The pre-activation z⁽${role.layer}⁾ of example ${i + 1}. Its adjoint ∂L/∂z is, by definition, the δ of the equations.`,
        ),
        compare(rows, `δ⁽${role.layer}⁾ (${MANUAL})`, `∂L/∂z⁽${role.layer}⁾ (${AUTODIFF})`),
        verdict(rows),
        ...equations(
          units(layer.z[0]!.length).map((j) => deltaEquation(trace.layers, trace.lossName, l, i, j, data.y)),
        ),
      ];
    }
    case 'activation': {
      const l = role.layer - 1;
      const layer = trace.layers[l]!;
      const grads = entries(node.grad);
      const eqs = units(layer.a[0]!.length).map((j) =>
        activationEquation(trace.layers, trace.lossName, l, i, j, data.y),
      );
      const rows = eqs.map((eq, j) => ({ label: `unit ${j + 1}`, manual: eq.value, autodiff: grads[j]! }));
      return [
        title,
        p(
          role.output
            ? 'The output ŷ. Its adjoint is the derivative of the loss (what TensorFlow Playground calls outputDer).'
            : 'A hidden activation. Its adjoint sums the gradient over every edge leaving it: the Σₖ Wⱼₖ δₖ of the recursion.',
        ),
        compare(rows, MANUAL, AUTODIFF),
        verdict(rows),
        ...equations(eqs),
      ];
    }
    case 'param': {
      const l = role.layer - 1;
      const layer = trace.layers[l]!;
      if (role.kind === 'W') {
        const shown = layer.W.flatMap((row, j) => row.map((_, k) => [j, k] as const)).slice(0, 4);
        const rows = shown.map(([j, k]) => ({
          label: `[${j + 1},${k + 1}]`,
          manual: layer.dW.manual[j]![k]!,
          autodiff: layer.dW.autodiff[j]![k]!,
        }));
        return [
          title,
          p(
            `The weights W⁽${role.layer}⁾: a leaf, so its adjoint is the gradient the optimizer uses (summed over all ${examples} examples).`,
          ),
          compare(rows, `∂L/∂W (${MANUAL})`, AUTODIFF),
          verdict(rows),
          ...equations(shown.slice(0, 2).map(([j, k]) => weightEquation(trace.layers, data.x, l, j, k))),
        ];
      }
      const ks = units(layer.b[0]!.length);
      const rows = ks.map((k) => ({
        label: `[${k + 1}]`,
        manual: layer.db.manual[0]![k]!,
        autodiff: layer.db.autodiff[0]![k]!,
      }));
      return [
        title,
        p(
          `The bias b⁽${role.layer}⁾: its gradient is δ⁽${role.layer}⁾ summed over the examples — not 0 just because b is 0.`,
        ),
        compare(rows, `∂L/∂b (${MANUAL})`, AUTODIFF),
        verdict(rows),
        ...equations(ks.slice(0, 2).map((k) => biasEquation(trace.layers, l, k))),
      ];
    }
    case 'product': {
      const layer = trace.layers[role.layer - 1]!;
      const rows = entries(node.grad)
        .slice(0, 4)
        .map((g, j) => ({ label: `unit ${j + 1}`, manual: layer.delta[i]![j]!, autodiff: g }));
      return [
        title,
        p(
          `The product a⁽${role.layer - 1}⁾W⁽${role.layer}⁾. Since z = aW + b, the + hands it the gradient of z unchanged: its adjoint is δ⁽${role.layer}⁾ again.`,
        ),
        compare(rows, `δ⁽${role.layer}⁾ (${MANUAL})`, AUTODIFF),
        verdict(rows),
      ];
    }
    default: {
      const few = (values: readonly number[] | null) =>
        entries(values)
          .slice(0, 4)
          .map((v) => sig(v, 6))
          .join(', ');
      const rule =
        role.role === 'input' || role.role === 'target' || role.role === 'constant'
          ? 'A leaf of the graph that needs no gradient: backpropagation stops here.'
          : (opLabel(node.op ?? '')?.rule ??
            'This op’s vector-Jacobian product passes the gradient on to its inputs.');
      return [title, p(rule), p(`value: ${few(node.value)}`), p(`gradient: ${few(node.grad) || '—'}`)];
    }
  }
}

/** A node's values for the example shown, as a short list. */
function valuesOf(node: RoledGraphNode, examples: number, i: number): string {
  const values = entriesOf(node, examples, i, node.value);
  const shown = values.slice(0, 4).map((v) => sig(v, 6));
  return values.length > 4 ? `${shown.join(', ')}, … (${values.length} values)` : shown.join(', ');
}

/** The card's contents for `node` of `trace` in the forward pass, example `i`. */
export function forwardCard(
  trace: StepTrace,
  node: RoledGraphNode,
  i: number,
  data: { x: readonly number[][]; y: readonly number[] },
): Node[] {
  const examples = trace.layers[0]!.z.length;
  const { role } = node;
  const title = cardTitle(node);
  const value = h(
    'p',
    { 'data-testid': 'fw-value', 'data-value': entriesOf(node, examples, i, node.value)[0] ?? '' },
    `value for example ${i + 1}: ${valuesOf(node, examples, i)}`,
  );
  switch (role.role) {
    case 'product': {
      const l = role.layer;
      return [
        title,
        p(
          `The product a⁽${l - 1}⁾W⁽${l}⁾: for each unit of layer ${l}, the weighted sum of the layer below (before the bias).`,
        ),
        value,
      ];
    }
    case 'preactivation': {
      const l = role.layer - 1;
      return [
        title,
        p(
          `The pre-activation z⁽${role.layer}⁾ = a⁽${role.layer - 1}⁾W⁽${role.layer}⁾ + b⁽${role.layer}⁾${role.output ? ': the output ŷ (an identity activation)' : ''}.`,
        ),
        value,
        ...equations(
          units(trace.layers[l]!.z[0]!.length).map((j) =>
            preactivationEquation(trace.layers, data.x, l, i, j),
          ),
        ),
      ];
    }
    case 'activation': {
      const l = role.layer - 1;
      return [
        title,
        p(
          role.output
            ? `The output ŷ = f(z⁽${role.layer}⁾): the network's prediction.`
            : `The activation a⁽${role.layer}⁾ = f(z⁽${role.layer}⁾), entry by entry: what layer ${role.layer + 1} reads.`,
        ),
        value,
        ...equations(
          units(trace.layers[l]!.a[0]!.length).map((j) => activationValueEquation(trace.layers, l, i, j)),
        ),
      ];
    }
    case 'loss': {
      const yHat = trace.layers.at(-1)!.a.map((row) => row[0]!);
      return [
        title,
        p(
          `The loss over all ${examples} examples, ${LOSS_INFO[trace.lossName].formula}: the forward pass ends here, and backpropagation starts from it.`,
        ),
        h('p', { 'data-testid': 'fw-value', 'data-value': trace.loss }, `L = ${sig(trace.loss, 10)}`),
        ...equations([lossEquation(trace.lossName, yHat, data.y, trace.loss)]),
      ];
    }
    default:
      return [
        title,
        p(`${opLabel(node.op ?? '')?.symbol ?? node.op ?? 'A value'}: a step inside the loss.`),
        value,
      ];
  }
}
