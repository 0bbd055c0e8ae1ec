/**
 * The classroom link: a teacher ticks the settings students should not change (grouped as the
 * controls are, from the option table's rows) and gets a link to this run that hides them. On
 * such a link a notice says so and leads back to the full page. The link is the ordinary state
 * hash with `hide=` (src/state.ts): nothing else is stored anywhere.
 */
import { h, setText } from '../dom';
import { type AppState, LINK_OPTIONS, serializeState } from '../state';
import type { ControlGroup } from './controls';
import { labelOf } from './controls';

/** The link to `state` on the full page: the same run with nothing hidden. */
export function fullPageHash(state: AppState): string {
  return `#${serializeState({ ...state, hide: [] })}`;
}

export class ClassroomPicker {
  private readonly boxes: { key: ControlGroup['keys'][number]; input: HTMLInputElement }[] = [];
  private drawn = '';

  /**
   * @param el.details - the folded picker (shown on the full page only)
   * @param el.groups - where the checklist goes
   * @param el.link - the classroom link (its address follows the ticks and the run)
   * @param el.copy - copies the classroom link
   * @param el.count - says how many settings the link hides
   */
  constructor(
    private readonly el: {
      details: HTMLDetailsElement;
      groups: HTMLElement;
      link: HTMLAnchorElement;
      copy: HTMLButtonElement;
      count: HTMLElement;
    },
    groups: readonly ControlGroup[],
    private readonly state: () => AppState,
  ) {
    el.groups.replaceChildren(
      ...groups.map((group) =>
        h(
          'fieldset',
          {},
          h('legend', {}, group.legend),
          ...group.keys.map((key) => {
            const input = h('input', { type: 'checkbox', value: key, 'data-testid': `hide-${key}` });
            input.addEventListener('change', () => this.render(this.state()));
            this.boxes.push({ key, input });
            return h('label', { class: 'check' }, input, ` ${labelOf(key)}`);
          }),
        ),
      ),
    );
    el.details.addEventListener('toggle', () => this.render(this.state()));
    // The address is brought up to date as it is followed or copied (the run may have moved on).
    el.link.addEventListener('click', () => this.render(this.state()));
    el.copy.addEventListener('click', async () => {
      this.render(this.state());
      try {
        await navigator.clipboard.writeText(el.link.href);
        setText(el.copy, 'Classroom link copied ✓');
      } catch {
        setText(el.copy, 'Copy the link above (right-click it)');
      }
      setTimeout(() => setText(el.copy, 'Copy classroom link'), 2500);
    });
  }

  /** The options ticked, in the table's order (the one spelling of a set a link has). */
  private ticked(): AppState['hide'] {
    const ticked = new Set(this.boxes.filter((b) => b.input.checked).map((b) => b.key));
    return LINK_OPTIONS.filter((k) => ticked.has(k));
  }

  /** Shows the picker on the full page only, and while it is open keeps its link to the run shown. */
  render(state: AppState): void {
    this.el.details.hidden = state.hide.length > 0;
    if (!this.el.details.open || this.el.details.hidden) return;
    const hide = this.ticked();
    const hash = `#${serializeState({ ...state, hide })}`;
    if (hash === this.drawn) return;
    this.drawn = hash;
    this.el.link.href = hash;
    setText(
      this.el.count,
      hide.length === 0
        ? 'Nothing ticked: the link shows every setting.'
        : `The link hides ${hide.length} setting${hide.length === 1 ? '' : 's'}.`,
    );
  }
}
