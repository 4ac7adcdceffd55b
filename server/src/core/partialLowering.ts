// Lowering while some statements do not parse: models whose own statements parse are offered and lowered as
// usual, on the current text; a stale model (staleness.ts) offers no edit; "all layers in file" waits until
// the whole file parses (the layers of the broken statements are not known); and no edit may touch a line
// that does not parse.
import type { Analysis } from './analysis.ts';
import { loweringOffers, lower } from './emit/lower.ts';
import { doesNotParseYet } from './model/partialProgram.ts';
import { parsePython } from './parse/document.ts';
import { nodeRange } from './parse/ranges.ts';
import type { LowerMode, LowerTarget, LoweringOffer, LoweringResult, Range, TextEdit } from './types.ts';

/** `loweringOffers`, with the whole-file lowering disabled while a statement does not parse. */
export function loweringOffersWhereParsed(analysis: Analysis, range: Range): LoweringOffer[] {
  const waiting = unparsedNote(analysis);
  return loweringOffers(analysis, range).map((offer) =>
    offer.target.kind === 'file' && waiting && offer.disabledReason === undefined
      ? { ...offer, disabledReason: `${waiting}: "all layers in file" waits until the whole file parses` }
      : offer,
  );
}

/** `lower`, refusing stale models, the whole file while a statement does not parse, and edits on such lines. */
export function lowerWhereParsed(analysis: Analysis, target: LowerTarget, mode: LowerMode): LoweringResult {
  const waiting = unparsedNote(analysis);
  if (!waiting) return lower(analysis, target, mode);
  const refuse = (message: string): LoweringResult => ({
    ok: false,
    version: analysis.version,
    reasons: [{ message, range: analysis.unparsed[0]!.errorRange }],
  });
  if (target.kind === 'file')
    return refuse(`${waiting}: "all layers in file" waits until the whole file parses`);
  const variable = target.kind === 'model' ? target.variable : target.layerId.split('/')[0];
  if (analysis.models.some((model) => model.stale !== undefined && model.variable === variable))
    return refuse(
      `model \`${variable}\` shows its ${analysis.stale?.note ?? 'last good analysis'}; lower it once it parses`,
    );
  // Computed and checked (it must parse) on the parsed text; it applies to the text as typed all the same,
  // since no edit touches the blanked lines.
  const result = lower({ ...analysis, text: analysis.parsedText }, target, mode);
  if (result.ok && result.edits.some((edit) => touchesUnparsed(analysis, edit)))
    return refuse(`${waiting}: this lowering would edit it; it is offered again once the line parses`);
  if (result.ok && !replacesCallsAsTyped(analysis.text, result.edits))
    return refuse(
      `${waiting}, and as typed the file reads the call this lowering rewrites differently; it is offered again once the line parses`,
    );
  return result;
}

/**
 * Every rewritten range is a call in the text as typed, too: tree-sitter's recovery around a broken line can
 * read the code near it differently from the parsed text, and an edit must mean the same in both.
 */
function replacesCallsAsTyped(text: string, edits: TextEdit[]): boolean {
  const tree = parsePython(text);
  try {
    const calls = new Set(tree.rootNode.descendantsOfType('call').map((call) => rangeKey(nodeRange(call!))));
    return edits.every((edit) => isInsertion(edit) || calls.has(rangeKey(edit.range)));
  } finally {
    tree.delete();
  }
}

function isInsertion({ range }: TextEdit): boolean {
  return range.start.line === range.end.line && range.start.character === range.end.character;
}

function rangeKey({ start, end }: Range): string {
  return `${start.line}:${start.character}-${end.line}:${end.character}`;
}

function unparsedNote(analysis: Analysis): string | undefined {
  return analysis.unparsed.length === 0
    ? undefined
    : analysis.unparsed.map((statement) => doesNotParseYet(statement.span)).join(', ');
}

function touchesUnparsed(analysis: Analysis, edit: TextEdit): boolean {
  return analysis.unparsed.some(
    ({ span }) => edit.range.start.line <= span.end && edit.range.end.line >= span.start,
  );
}
