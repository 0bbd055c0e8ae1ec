/**
 * The per-parameter table: every entry of every W and b (rows keyed by { layer, kind }) with its
 * value, each gradient method's gradient (one column per method that ran, in crosscheck's record's order), their
 * largest absolute and relative difference, and — on demand — the central finite difference of
 * the loss. A real <table> with row and column headers.
 */
import {
  AGREEMENT_TOLERANCE,
  difference,
  entryOf,
  GRADIENT_METHOD_INFO,
  GRADIENT_METHOD_NAMES,
  type GradientMethod,
  type LayerGrads,
  type ParamComparison,
  type ParamKey,
  paramName,
} from '@deltagrad/crosscheck';
import { h, setText } from '../dom';
import { diff, sig } from '../format';

interface Row {
  key: ParamKey;
  entry: number;
  cells: {
    value: HTMLTableCellElement;
    /** One cell per method that runs (forward mode's column comes and goes with its toggle). */
    methods: Partial<Record<GradientMethod, HTMLTableCellElement>>;
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
  const name = paramName(p);
  return p.kind === 'W' ? `${name}[${r + 1},${c + 1}]` : `${name}[${c + 1}]`;
}

/**
 * The largest difference of any method's gradient from the reference's (the first one that ran):
 * NaN when only one method ran (nothing to compare), and NaN wins.
 */
export function worstDifference(gradients: readonly (number | null)[]): { abs: number; rel: number } {
  const [reference, ...others] = gradients.filter((g): g is number => g !== null);
  if (reference === undefined || others.length === 0) return { abs: Number.NaN, rel: Number.NaN };
  let abs = 0;
  let rel = 0;
  for (const g of others) {
    const d = difference(reference, g);
    abs = Number.isNaN(abs) || Number.isNaN(d.abs) ? Number.NaN : Math.max(abs, d.abs);
    rel = Number.isNaN(rel) || Number.isNaN(d.rel) ? Number.NaN : Math.max(rel, d.rel);
  }
  return { abs, rel };
}

function setNumber(cell: HTMLElement, text: string, value: number | null): void {
  setText(cell, text);
  const v = value === null ? '' : String(value);
  if (cell.dataset.value !== v) cell.dataset.value = v;
}

/** The methods whose gradients `params` hold (those that ran), in the record's order. */
export function methodsShown(params: readonly ParamComparison[]): GradientMethod[] {
  return GRADIENT_METHOD_NAMES.filter((m) => params[0]?.gradients[m] != null);
}

/** What the table's rows and columns are built for: the parameters' shapes and the methods. */
function layoutKey(params: readonly ParamComparison[]): string {
  return `${params.map((p) => `${paramName(p)}:${p.shape.join('x')}`).join(' ')} ${methodsShown(params).join(',')}`;
}

export class GradTable {
  private key = '';
  private rows: Row[] = [];
  private methods: GradientMethod[] = [];

  constructor(private readonly table: HTMLTableElement) {}

  private build(params: readonly ParamComparison[]): void {
    this.key = layoutKey(params);
    const shown = methodsShown(params);
    this.methods = shown;
    const col = (text: string, title?: string) => h('th', { scope: 'col', title }, text);
    const head = h(
      'thead',
      {},
      h(
        'tr',
        {},
        col('Parameter'),
        col('Value θ'),
        ...shown.map((m) =>
          col(`${GRADIENT_METHOD_INFO[m].label} ∂L/∂θ`, GRADIENT_METHOD_INFO[m].description),
        ),
        col('|Δ|', `the largest |difference| from ${GRADIENT_METHOD_INFO[shown[0] ?? 'autodiff'].label}`),
        col('Relative error', '|Δ| / max(|a|, |b|)'),
        col('Agree?', `|Δ| ≤ ${AGREEMENT_TOLERANCE}`),
        col('Finite difference', 'central difference (L(θ+h) − L(θ−h)) / 2h with h = 1e-6'),
        col('|FD − gradient|', 'against the first method that ran'),
      ),
    );
    const body = h('tbody', {});
    this.rows = [];
    for (const p of params) {
      const key: ParamKey = { layer: p.layer, kind: p.kind };
      p.value.forEach((_, entry) => {
        // data-label: the column's name, shown beside the value where rows become cards (phones).
        const td = (testid: string, label: string) => h('td', { 'data-testid': testid, 'data-label': label });
        const methods = Object.fromEntries(
          shown.map((m) => [m, td(`cell-${m}`, GRADIENT_METHOD_INFO[m].label)]),
        ) as Partial<Record<GradientMethod, HTMLTableCellElement>>;
        const cells = {
          value: td('cell-value', 'θ'),
          methods,
          abs: td('cell-abs-diff', '|Δ|'),
          rel: td('cell-rel-diff', 'relative'),
          agree: td('cell-agree', 'agree?'),
          fd: td('cell-fd', 'finite diff.'),
          fdErr: td('cell-fd-diff', '|FD − gradient|'),
        };
        const name = entryName(p, entry);
        body.append(
          h(
            'tr',
            { 'data-testid': 'grad-row', 'data-param': name },
            h('th', { scope: 'row' }, name),
            cells.value,
            ...shown.map((m) => methods[m]),
            cells.abs,
            cells.rel,
            cells.agree,
            cells.fd,
            cells.fdErr,
          ),
        );
        this.rows.push({ key, entry, cells });
      });
    }
    this.table.replaceChildren(head, body);
    // The box's fixed height (see .table-wrap) follows the row count.
    this.table.parentElement?.style.setProperty('--rows', String(this.rows.length));
  }

  /** Shows `params` (rows found by key) and, when given, finite differences of the same epoch. */
  update(params: readonly ParamComparison[], fd: readonly LayerGrads[] | null): void {
    if (layoutKey(params) !== this.key) this.build(params);
    const byKey = new Map(params.map((p) => [paramName(p), p]));
    for (const { key: k, entry, cells } of this.rows) {
      const p = byKey.get(paramName(k))!;
      const gradients = this.methods.map((m) => p.gradients[m]?.[entry] ?? null);
      this.methods.forEach((m, i) => {
        const g = gradients[i]!;
        setNumber(cells.methods[m]!, g === null ? '—' : sig(g, 10), g);
      });
      setNumber(cells.value, sig(p.value[entry]!, 6), p.value[entry]!);
      const d = worstDifference(gradients);
      // One method alone: nothing to compare, said as such rather than as a number.
      const compared = this.methods.length > 1;
      setNumber(cells.abs, compared ? diff(d.abs) : '—', compared ? d.abs : null);
      setNumber(cells.rel, compared ? diff(d.rel) : '—', compared ? d.rel : null);
      const ok = d.abs <= AGREEMENT_TOLERANCE;
      setText(cells.agree, ok ? '✓ yes' : compared && !Number.isNaN(d.abs) ? '✗ no' : '—');
      cells.agree.className = ok ? 'agree' : 'disagree';
      const f = fd ? entryOf(fd, k)[entry] : undefined;
      const reference = gradients.find((g) => g !== null) ?? Number.NaN;
      if (f === undefined) {
        setNumber(cells.fd, '—', null);
        setNumber(cells.fdErr, '—', null);
      } else {
        setNumber(cells.fd, sig(f, 10), f);
        setNumber(cells.fdErr, diff(Math.abs(f - reference)), Math.abs(f - reference));
      }
    }
  }
}
