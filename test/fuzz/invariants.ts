// What every answer of the server must satisfy, whatever the text: positions that exist in the document,
// edits that apply, parse and touch nothing but their target.
import type { Parser } from 'web-tree-sitter';
import type {
  CodeAction,
  Hover,
  InlayHint,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { callSpans, parsesCleanly } from './parser.ts';
import { applyTextEdits, type AppliedEdit, type TextModel } from './textModel.ts';

export class InvariantError extends Error {}

export function check(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new InvariantError(message());
}

export function checkHover(model: TextModel, hover: Hover | null): void {
  if (!hover) return;
  const markdown =
    typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  check(markdown.trim().length > 0, () => `empty hover: ${JSON.stringify(hover)}`);
  if (hover.range) checkRange(model, hover.range, 'hover range');
}

export function checkInlayHints(model: TextModel, hints: InlayHint[] | null): void {
  for (const hint of hints ?? []) {
    const problem = model.invalidity(hint.position);
    check(!problem, () => `inlay hint ${JSON.stringify(hint.label)} at an invalid position: ${problem}`);
  }
}

export function checkDiagnostics(model: TextModel, params: PublishDiagnosticsParams): void {
  for (const diagnostic of params.diagnostics)
    checkRange(model, diagnostic.range, `diagnostic "${diagnostic.message}"`);
}

export function checkRange(model: TextModel, range: Range, what: string): void {
  const problem = model.rangeInvalidity(range);
  check(!problem, () => `${what} has an invalid range ${JSON.stringify(range)}: ${problem}`);
}

/** The single TextDocumentEdit of a resolved action, which must be pinned to `version` of `uri`. */
export function editsOf(action: CodeAction, uri: string, version: number): TextEdit[] {
  const changes = action.edit?.documentChanges;
  check(changes?.length === 1, () => `"${action.title}" has ${changes?.length ?? 0} document changes`);
  const change = changes[0]!;
  check('textDocument' in change && 'edits' in change, () => `"${action.title}" is not a TextDocumentEdit`);
  check(
    change.textDocument.uri === uri && change.textDocument.version === version,
    () =>
      `"${action.title}" is pinned to ${JSON.stringify(change.textDocument)}, not version ${version} of ${uri}`,
  );
  return change.edits as TextEdit[];
}

/**
 * Applies a lowering's edits and checks them: valid, non-overlapping ranges; every replaced (non-empty) range is
 * exactly one call expression (a layer call), so nothing else is rewritten; and when the file parsed, the result
 * parses and imports TensorFlow if the edits add `tf.` code.
 */
export function checkLoweringEdits(
  parser: Parser,
  model: TextModel,
  edits: TextEdit[],
  title: string,
): AppliedEdit {
  let applied: AppliedEdit;
  try {
    applied = applyTextEdits(model, edits);
  } catch (error) {
    throw new InvariantError(`"${title}": ${(error as Error).message}`);
  }
  const calls = callSpans(parser, model.text);
  for (const span of applied.spans) {
    if (span.start === span.end) continue;
    check(
      calls.has(`${span.start}:${span.end}`),
      () => `"${title}" rewrites ${JSON.stringify(model.text.slice(span.start, span.end))}, which is no call`,
    );
  }
  // A file that does not parse cannot be judged: its import lines may themselves be broken.
  if (!parsesCleanly(parser, model.text)) return applied;
  check(
    parsesCleanly(parser, applied.text),
    () => `"${title}" leaves a file that does not parse:\n${applied.text}`,
  );
  if (applied.spans.some((span) => /\btf\./.test(span.newText)))
    check(importsTensorFlow(applied.text), () => `"${title}" adds tf. code without importing tf`);
  return applied;
}

/**
 * Whether the file imports `tf` as tree-sitter reads it, which is laxer than Python: a format character (U+200B)
 * may start the line and a newline may follow `as`.
 */
function importsTensorFlow(text: string): boolean {
  return /^import\s+tensorflow\s+as\s+tf\b/m.test(text.replace(/\p{Cf}/gu, ''));
}
