/**
 * The parameter editor: a small form opened over the network diagram at the edge (weight) or
 * bias label being edited. Enter (or Set) applies the value, Escape or leaving the form cancels;
 * either way the focus goes back to the edge or bias. A value that is not a finite decimal number is refused with the reason,
 * next to the field, and the form stays open.
 */
import { setText } from '../dom';

/** A decimal number as a person types it (`0.5`, `-1.25e-3`, `.5`), nothing else (no `0x10`, no `Infinity`). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The weight or bias typed: its value, or why it is not one. */
export function parseWeight(text: string): { value: number } | { error: string } {
  const t = text.trim();
  if (t === '') return { error: 'Type a number, e.g. 0.5 or -1.2e-3.' };
  if (!DECIMAL.test(t)) {
    const shown = t.length > 20 ? `${t.slice(0, 20)}…` : t;
    return { error: `“${shown}” is not a decimal number (e.g. 0.5 or -1.2e-3).` };
  }
  const value = Number(t);
  if (!Number.isFinite(value))
    return { error: `${t} is too large: a weight or bias must be a finite number.` };
  return { value };
}

export interface WeightEdit {
  /** The parameter's name, as the table gives it (`W1[2,1]`, `b1[2]`). */
  name: string;
  /** Its value now. */
  value: number;
  /** Where to open, in CSS px within the diagram's box. */
  at: { x: number; y: number };
  /** Focused again when the editor closes. */
  returnFocus: SVGElement | HTMLElement;
  /** Called with the new value (only when it differs from the current one, bit for bit). */
  apply(value: number): void;
}

export class WeightEditor {
  private open: WeightEdit | null = null;

  constructor(
    private readonly el: {
      form: HTMLFormElement;
      label: HTMLElement;
      input: HTMLInputElement;
      error: HTMLElement;
    },
  ) {
    el.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    el.form.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      this.close(true);
    });
    // Clicking or tabbing away cancels, as Escape does (the parameter keeps its value).
    el.form.addEventListener('focusout', (event) => {
      const to = event.relatedTarget;
      if (this.open && !(to instanceof Node && el.form.contains(to))) this.close(false);
    });
    el.input.addEventListener('input', () => this.showError(''));
  }

  /** Whether the editor is open. */
  get isOpen(): boolean {
    return this.open !== null;
  }

  /** Opens the editor for one weight or bias (closing any other first, without applying it). */
  edit(request: WeightEdit): void {
    this.open = request;
    const { form, label, input } = this.el;
    setText(label, `${request.name} =`);
    input.value = String(request.value);
    this.showError('');
    form.hidden = false;
    // Placed at the edge, kept inside the diagram's box.
    const box = form.offsetParent instanceof HTMLElement ? form.offsetParent.clientWidth : 0;
    const width = form.offsetWidth;
    const left = Math.max(0, Math.min(request.at.x - width / 2, box - width));
    form.style.left = `${left}px`;
    form.style.top = `${Math.max(0, request.at.y + 8)}px`;
    input.focus();
    input.select();
  }

  private submit(): void {
    const request = this.open;
    if (!request) return;
    const parsed = parseWeight(this.el.input.value);
    if ('error' in parsed) {
      this.showError(parsed.error);
      this.el.input.focus();
      return;
    }
    this.close(true);
    if (!Object.is(parsed.value, request.value)) request.apply(parsed.value);
  }

  private showError(text: string): void {
    setText(this.el.error, text);
    this.el.error.hidden = text === '';
    this.el.input.setAttribute('aria-invalid', text === '' ? 'false' : 'true');
  }

  /** Closes the editor; the focus goes back to the edge or bias when asked (Escape, Enter). */
  close(refocus: boolean): void {
    const request = this.open;
    this.open = null;
    this.el.form.hidden = true;
    if (refocus) request?.returnFocus.focus();
  }
}
