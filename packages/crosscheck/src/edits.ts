/**
 * Weight edits that replay: "at the start of epoch e, set entry [row, col] of W^(l) (or b^(l)) to
 * v", as data (the `edits` option) and as text (`W1[0,1]=0.5@120`, the CLI's `--edit` and the
 * web link's `edit`). Values are written in JavaScript's shortest round-trip decimal form (and
 * `-0` as `-0`), so the text gives back the same bits and a run with edits replays exactly.
 * Nothing here loads @deltagrad/nn or @deltagrad/core (the options entry imports it).
 */
import type { ParamKind } from './params';

/**
 * One weight edit: entry [`row`, `col`] of parameter `{ layer, kind }` (W is in×out, b is 1×out)
 * is set to `value` in every method's copy at the start of epoch `epoch` (0-based: after
 * `epoch` updates; 0 edits the initial weights). Each optimizer keeps its state.
 */
export interface ParamEdit {
  readonly epoch: number;
  /** 1-based, as in the equations. */
  readonly layer: number;
  readonly kind: ParamKind;
  readonly row: number;
  readonly col: number;
  /** Any finite number, bit for bit (−0 included). */
  readonly value: number;
}

/** A number as text that parses back to the same bits: the shortest round-trip decimal, `-0` kept. */
export function exactNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Decimal notation with an optional sign: what {@link exactNumber} writes (no hex, no `Infinity`). */
const SIGNED_DECIMAL = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** One edit's text: `W1[0,1]=0.5@120`. */
const EDIT_TEXT = /^([Wb])(\d+)\[(\d+),(\d+)\]=([^@]*)@(\d+)$/;

/** Where an edit applies, as text without its value: `W1[0,1]@120`. */
export function editTarget(edit: Pick<ParamEdit, 'epoch' | 'layer' | 'kind' | 'row' | 'col'>): string {
  return `${edit.kind}${edit.layer}[${edit.row},${edit.col}]@${edit.epoch}`;
}

/** One edit as text: `W1[0,1]=0.5@120` (the value exact, see {@link exactNumber}). */
export function formatEdit(edit: ParamEdit): string {
  return `${edit.kind}${edit.layer}[${edit.row},${edit.col}]=${exactNumber(edit.value)}@${edit.epoch}`;
}

/** The order edits are kept and applied in: by epoch, then by parameter (W1, b1, W2, …), then row-major. */
export function compareEdits(a: ParamEdit, b: ParamEdit): number {
  return (
    a.epoch - b.epoch ||
    a.layer - b.layer ||
    (a.kind === b.kind ? 0 : a.kind === 'W' ? -1 : 1) ||
    a.row - b.row ||
    a.col - b.col
  );
}

/**
 * Splits a list of edits at the commas between them (not those inside an index's brackets) and
 * reads each; why one is not an edit is returned as text (the caller names the option).
 */
export function readEdits(text: string): ParamEdit[] | string {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const edits: ParamEdit[] = [];
  for (const part of trimmed.split(/,(?![^[\]]*\])/)) {
    const piece = part.trim();
    const m = EDIT_TEXT.exec(piece);
    if (!m) return `'${piece}' is not an edit such as W1[0,1]=0.5@120 (parameter[row,col]=value@epoch)`;
    const [, kind, layer, row, col, value, epoch] = m;
    if (!SIGNED_DECIMAL.test(value!) || !Number.isFinite(Number(value)))
      return `'${piece}': the value must be a finite number in decimal notation; got '${value}'`;
    edits.push({
      epoch: Number(epoch),
      layer: Number(layer),
      kind: kind as ParamKind,
      row: Number(row),
      col: Number(col),
      value: Number(value),
    });
  }
  return edits;
}
