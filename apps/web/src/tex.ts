/**
 * Typeset equations, with KaTeX loaded on demand: `texBlock` returns an element at once (empty
 * until KaTeX is there) and typesets it once `loadTex()` has run —
 * which the backward panel calls when it scrolls into view, so the first view never fetches
 * KaTeX or its fonts.
 */
import { h } from './dom';

type Katex = typeof import('katex').default;

let katex: Katex | null = null;
let loading: Promise<Katex> | null = null;
/** Blocks made before KaTeX arrived, typeset when it does (if still on the page). */
const waiting = new Set<HTMLElement>();

function typeset(el: HTMLElement, k: Katex): void {
  const tex = el.dataset.tex ?? '';
  el.replaceChildren();
  k.render(tex, el, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
  el.classList.remove('pending-tex');
}

/** Loads KaTeX (once) and typesets the blocks waiting for it. */
export function loadTex(): Promise<Katex> {
  loading ??= import('./katex-bundle').then(({ default: k }) => {
    katex = k;
    for (const el of waiting) if (el.isConnected) typeset(el, k);
    waiting.clear();
    return k;
  });
  return loading;
}

/** An equation block for `tex`: typeset now if KaTeX is loaded, else as soon as it is. */
export function texBlock(tex: string): HTMLElement {
  const el = h('div', { class: 'equation', 'data-tex': tex });
  if (katex) typeset(el, katex);
  else {
    el.classList.add('pending-tex');
    if (waiting.size > 256) for (const w of waiting) if (!w.isConnected) waiting.delete(w);
    waiting.add(el);
  }
  return el;
}
