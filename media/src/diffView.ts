// The Diff tab: pick a lowering (the file, a model, a layer), see its unified diff (jsdiff), apply it.
import { structuredPatch } from 'diff';
import type { LoweringChoice, ToWebview } from '../../server/src/protocol.ts';
import { h, icon, prose } from './dom.ts';

type DiffMessage = Extract<ToWebview, { type: 'diff' }>;

export interface DiffActions {
  show(choice: LoweringChoice): void;
  apply(choice: LoweringChoice, version: number): void;
}

export function choiceKey(choice: LoweringChoice): string {
  return `${JSON.stringify(choice.target)}|${choice.mode}`;
}

/** The choice picker; the diff itself arrives later as a `diff` message and is rendered by `diffBody`. */
export function diffPicker(
  choices: LoweringChoice[],
  selected: string | undefined,
  actions: DiffActions,
): HTMLElement {
  if (choices.length === 0) return h('p', { class: 'empty' }, 'Nothing in this file can be lowered.');
  const select = h(
    'select',
    { class: 'choice', 'aria-label': 'lowering to preview' },
    ...choices.map((choice) => {
      const option = h('option', { value: choiceKey(choice) }, choice.title);
      option.selected = choiceKey(choice) === selected;
      return option;
    }),
  );
  const current = () => choices.find((choice) => choiceKey(choice) === select.value) ?? choices[0];
  select.addEventListener('change', () => {
    const choice = current();
    if (choice) actions.show(choice);
  });
  return h('div', { class: 'picker' }, h('label', {}, 'Lowering: ', select));
}

export function diffBody(message: DiffMessage, fileName: string, actions: DiffActions): HTMLElement {
  const { choice, result } = message;
  if (!result.ok) {
    const reasons = 'error' in result ? [result.error] : result.reasons.map((reason) => reason.message);
    return h(
      'div',
      { class: 'diff refused' },
      h('p', {}, icon('error'), ` ${choice.title} cannot be applied:`),
      h('ul', {}, ...reasons.map((reason) => h('li', {}, prose(reason)))),
    );
  }
  const patch = structuredPatch(fileName, `${fileName} (lowered)`, result.original, result.lowered, '', '', {
    context: 3,
  });
  const apply = h('button', { class: 'apply', type: 'button' }, icon('check'), ' Apply');
  apply.addEventListener('click', () => actions.apply(choice, result.version));
  if (choice.disabledReason) apply.setAttribute('disabled', '');
  return h(
    'div',
    { class: 'diff' },
    h(
      'div',
      { class: 'diff-toolbar' },
      apply,
      h(
        'span',
        { class: result.safe ? 'safe' : 'unsafe' },
        result.safe ? 'exact' : 'training differs from Keras',
      ),
      h('span', { class: 'muted' }, ` computed for version ${result.version}`),
    ),
    result.notes.length > 0 &&
      h('ul', { class: 'notes' }, ...result.notes.map((note) => h('li', {}, prose(note)))),
    patch.hunks.length === 0
      ? h('p', { class: 'empty' }, 'No change.')
      : h(
          'pre',
          { class: 'hunks' },
          ...patch.hunks.flatMap((hunk) => [
            h(
              'div',
              { class: 'hunk-header' },
              `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
            ),
            ...hunk.lines.map((line) => h('div', { class: lineClass(line) }, line)),
          ]),
        ),
  );
}

function lineClass(line: string): string {
  if (line.startsWith('+')) return 'line added';
  if (line.startsWith('-')) return 'line removed';
  return 'line';
}
