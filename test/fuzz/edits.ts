// Random editing as people (and hostile clients) do it: inserts, deletes, truncations and pastes at random
// UTF-16 positions, with emoji, CJK, combining marks, tabs and CRLF mixed into the text.
import fc from 'fast-check';
import { isHighSurrogate, isLowSurrogate, TextModel } from './textModel.ts';

const tokens = [
  '😀',
  '👩‍👩‍👧',
  '𝔘𝔫𝔦',
  '中文注释',
  '한국어',
  'e\u0301',
  'n\u0303\u0323',
  '\t',
  '\r\n',
  '\n',
  '    ',
  '\u00a0',
  '\u200b',
  '\ufeff',
  '\u2028',
  '\x00',
  '\\',
  '#',
  '"',
  "'",
  '"""',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '=',
  '.',
  '+',
  '*',
  '**',
  'None',
  'keras.',
  'layers.',
  'tf.',
  'keras.layers.Dense(8)',
  'layers.Conv2D(4, 3)(x)',
  'layers.Dense(',
  'activation="relu"',
  'input_shape=(28, 28, 1)',
  'keras.Sequential([',
  '])',
  'model.add(',
  'x = ',
  'def f(x):\n    return x\n',
  'for i in range(3):\n',
  'import keras\n',
  'from keras import layers\n',
  '\nmodel = keras.Sequential([layers.Dense(4, input_shape=(3,))])\n',
  'layers.LSTM(8, return_sequences=True)',
  'padding="same"',
  'strides=2',
  '(None, 26, 26, 32)',
  '10**9',
  'lambda',
  'class M(keras.Model):\n',
];

/** Text to type: tokens, random graphemes and arbitrary code points. LSP text never holds a lone "\r". */
export const fragment: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 6, arbitrary: fc.constantFrom(...tokens) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc.array(fc.constantFrom(...tokens), { maxLength: 6 }).map((parts) => parts.join('')),
    },
  )
  .map(withoutLoneCarriageReturns);

export function withoutLoneCarriageReturns(text: string): string {
  return text.replace(/\r(?!\n)/g, '\r\n');
}

/** Where an edit lands: any offset (taken modulo the length); one in ten may split a surrogate pair. */
const place = { at: fc.nat(), raw: fc.nat(9).map((n) => n === 0) };

export type EditOp =
  | { kind: 'insert'; at: number; raw: boolean; text: string }
  | { kind: 'delete'; at: number; raw: boolean; length: number }
  | { kind: 'replace'; at: number; raw: boolean; length: number; text: string }
  | { kind: 'truncate'; at: number; raw: boolean }
  | { kind: 'paste'; at: number; raw: boolean; source: number; from: number; length: number }
  | { kind: 'replaceAll'; source: number };

export const editOp: fc.Arbitrary<EditOp> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('insert' as const), ...place, text: fragment }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), ...place, length: fc.nat(60) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      ...place,
      length: fc.nat(20),
      text: fragment,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), ...place }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('paste' as const),
      ...place,
      source: fc.nat(),
      from: fc.nat(),
      length: fc.nat(200),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replaceAll' as const), source: fc.nat() }) },
);

/** An LSP content change: a range in the current text, or the whole new text. */
export interface ContentChange {
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** The content change `op` makes to `model`; `corpus` holds the programs pastes and replacements come from. */
export function contentChange(model: TextModel, op: EditOp, corpus: readonly string[]): ContentChange {
  if (op.kind === 'replaceAll') return { text: corpus[op.source % corpus.length]! };
  const start = offsetIn(model, op.at, op.raw);
  const end = (length: number) => offsetIn(model, Math.min(start + length, model.text.length), op.raw);
  const range = (to: number) => ({ start: model.positionAt(start), end: model.positionAt(to) });
  switch (op.kind) {
    case 'insert':
      return { range: range(start), text: op.text };
    case 'delete':
      return { range: range(end(op.length)), text: '' };
    case 'replace':
      return { range: range(end(op.length)), text: op.text };
    case 'truncate':
      return { range: range(model.text.length), text: '' };
    case 'paste': {
      const source = corpus[op.source % corpus.length]!;
      const from = op.from % (source.length + 1);
      return { range: range(start), text: withoutLoneCarriageReturns(source.slice(from, from + op.length)) };
    }
  }
}

function offsetIn(model: TextModel, at: number, raw: boolean): number {
  const offset = at % (model.text.length + 1);
  const { text } = model;
  if (!raw && isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset)))
    return offset - 1;
  return offset;
}

/** The text after applying `change` to `model`, as the server must hold it. */
export function applyChange(model: TextModel, change: ContentChange): string {
  if (!change.range) return change.text;
  const start = model.clientOffset(change.range.start);
  const end = model.clientOffset(change.range.end);
  return model.text.slice(0, start) + change.text + model.text.slice(end);
}
