/**
 * The per-parameter table: every entry of every W and b with its value, the autodiff gradient,
 * the δ-equation gradient, their absolute and relative difference, and — on demand — the
 * central finite difference of the loss. A real <table> with row and column headers.
 */
import { difference, type ParamComparison } from '@deltagrad/crosscheck';
import { h, setText } from '../dom';
import { diff, sig } from '../format';

/** Differences up to this count as agreement (the bar: ≤ 1e-12). */
export const AGREE = 1e-12;

interface Row {
  param: number;
  entry: number;
  cells: {
    value: HTMLTableCellElement;
    autodiff: HTMLTableCellElement;
    manual: HTMLTableCellElement;
    abs: HTMLTableCellElement;
    rel: HTMLTableCellElement;
    agree: HTMLTableCellElement;
    fd: HTMLTableCellElement;
    fdErr: HTMLTableCellElement;
  };
}

/** "W1[2,1]": layer 1's weight from input unit 2 to unit 1 (1-based, as in the equations). */
export function entryName(p: ParamComparison, entry: number): string {
  const cols = p.shape[1];
  const r = Math.floor(entry / cols);
  const c = entry % cols;
  return p.name.startsWith('W') ? `${p.name}[${r + 1},${c + 1}]` : `${p.name}[${c + 1}]`;
}

function setNumber(cell: HTMLElement, text: string, value: number | null): void {
  setText(cell, text);
  const v = value === null ? '' : String(value);
  if (cell.dataset.value !== v) cell.dataset.value = v;
}

export class GradTable {
  private key = '';
  private rows: Row[] = [];

  constructor(private readonly table: HTMLTableElement) {}

  private build(params: readonly ParamComparison[]): void {
    this.key = params.map((p) => `${p.name}:${p.shape.join('x')}`).join(' ');
    const col = (text: string, title?: string) => h('th', { scope: 'col', title }, text);
    const head = h(
      'thead',
      {},
      h(
        'tr',
        {},
        col('Parameter'),
        col('Value θ'),
        col('Autodiff ∂L/∂θ', 'the adjoint of θ after loss.backward() on the autodiff engine'),
        col('δ equations ∂L/∂θ', 'from the hand-derived recursion δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ f′(z⁽ˡ⁾)'),
        col('|Δ|'),
        col('Relative error', '|Δ| / max(|autodiff|, |δ equations|)'),
        col('Agree?', `|Δ| ≤ ${AGREE}`),
        col('Finite difference', 'central difference (L(θ+h) − L(θ−h)) / 2h with h = 1e-6'),
        col('|FD − autodiff|'),
      ),
    );
    const body = h('tbody', {});
    this.rows = [];
    params.forEach((p, param) => {
      p.value.forEach((_, entry) => {
        // data-label: the column's name, shown beside the value where rows become cards (phones).
        const td = (testid: string, label: string) => h('td', { 'data-testid': testid, 'data-label': label });
        const cells = {
          value: td('cell-value', 'θ'),
          autodiff: td('cell-autodiff', 'autodiff'),
          manual: td('cell-manual', 'δ equations'),
          abs: td('cell-abs-diff', '|Δ|'),
          rel: td('cell-rel-diff', 'relative'),
          agree: td('cell-agree', 'agree?'),
          fd: td('cell-fd', 'finite diff.'),
          fdErr: td('cell-fd-diff', '|FD − autodiff|'),
        };
        const name = entryName(p, entry);
        body.append(
          h(
            'tr',
            { 'data-testid': 'grad-row', 'data-param': name },
            h('th', { scope: 'row' }, name),
            cells.value,
            cells.autodiff,
            cells.manual,
            cells.abs,
            cells.rel,
            cells.agree,
            cells.fd,
            cells.fdErr,
          ),
        );
        this.rows.push({ param, entry, cells });
      });
    });
    this.table.replaceChildren(head, body);
    // The box's fixed height (see .table-wrap) follows the row count.
    this.table.parentElement?.style.setProperty('--rows', String(this.rows.length));
  }

  update(params: readonly ParamComparison[], fd: number[][] | null): void {
    const key = params.map((p) => `${p.name}:${p.shape.join('x')}`).join(' ');
    if (key !== this.key) this.build(params);
    for (const { param, entry, cells } of this.rows) {
      const p = params[param]!;
      const a = p.gradients.autodiff?.[entry] ?? Number.NaN;
      const m = p.gradients.manual?.[entry] ?? Number.NaN;
      const d = difference(a, m);
      setNumber(cells.value, sig(p.value[entry]!, 6), p.value[entry]!);
      setNumber(cells.autodiff, sig(a, 10), a);
      setNumber(cells.manual, sig(m, 10), m);
      setNumber(cells.abs, diff(d.abs), d.abs);
      setNumber(cells.rel, diff(d.rel), d.rel);
      const ok = d.abs <= AGREE;
      setText(cells.agree, ok ? '✓ yes' : '✗ no');
      cells.agree.className = ok ? 'agree' : 'disagree';
      const f = fd?.[param]?.[entry];
      if (f === undefined) {
        setNumber(cells.fd, '—', null);
        setNumber(cells.fdErr, '—', null);
      } else {
        setNumber(cells.fd, sig(f, 10), f);
        setNumber(cells.fdErr, diff(Math.abs(f - a)), Math.abs(f - a));
      }
    }
  }
}
