// The last check every lowering passes before it leaves the engine (code action, panel Apply, CLI): its edits
// must not overlap, and the text they make must parse. A result that fails is refused, never emitted.
import { parsePython } from '../parse/document.ts';
import { LineIndex } from '../parse/lineIndex.ts';
import type { LoweringResult, Range, TextEdit } from '../types.ts';
import { applyEdits } from './textEdits.ts';

export function guardedResult(text: string, result: LoweringResult, whole: Range): LoweringResult {
  if (!result.ok) return result;
  const refuse = (message: string): LoweringResult => ({
    ok: false,
    version: result.version,
    reasons: [{ message: `internal check failed, nothing was changed: ${message}`, range: whole }],
  });
  const overlap = firstOverlap(text, result.edits);
  if (overlap) return refuse(`two edits overlap at ${overlap.line + 1}:${overlap.character + 1}`);
  // While a line is half-typed the file does not parse before the edit either: then only edits that parse
  // on their own are emitted (the generated code), and the user's syntax error stays theirs.
  const before = parsePython(text);
  const alreadyBroken = before.rootNode.hasError;
  before.delete();
  const tree = parsePython(applyEdits(text, result.edits));
  const broken = tree.rootNode.hasError;
  tree.delete();
  if (broken && !alreadyBroken) return refuse('the lowered file would not parse as Python');
  return result;
}

/** Where the first pair of overlapping edits meets (insertions at one point count as overlapping too). */
function firstOverlap(text: string, edits: TextEdit[]): Range['start'] | undefined {
  const index = new LineIndex(text);
  const spans = edits
    .map((edit) => ({
      start: index.offsetAt(edit.range.start),
      end: index.offsetAt(edit.range.end),
      at: edit.range.start,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) if (spans[i]!.start < spans[i - 1]!.end) return spans[i]!.at;
  for (let i = 1; i < spans.length; i++)
    if (spans[i]!.start === spans[i - 1]!.start && spans[i]!.start === spans[i - 1]!.end) return spans[i]!.at;
  return undefined;
}
