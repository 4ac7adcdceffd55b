// While a statement does not parse, the models it builds or changes keep the shapes of the last version that
// parsed, marked stale: the summary, the hints and the hover say "last good analysis". The other models are
// the current version's own. A stale model's positions are mapped line by line onto the current text; what
// lies on changed lines is not shown. Stale models offer no edit (partialLowering.ts);
// features/staleView.ts gives their hints and hover.
import type { Analysis } from './analysis.ts';
import type { ModelNode } from './model/graph.ts';
import { doesNotParseYet, isUnparsedReason } from './model/partialProgram.ts';
import { LineMap } from './parse/lineMap.ts';
import { nodeRange } from './parse/ranges.ts';
import type { ModelInfo, Range } from './types.ts';

export interface StaleModels {
  /** The analysis of the last version that parsed (its tree is kept alive by the document store). */
  lastGood: Analysis;
  /** Its models shown in place of the current ones. */
  nodes: ModelNode[];
  lines: LineMap;
  /** "last good analysis: line 14 does not parse yet". */
  note: string;
}

/** Replaces the models the unparsed statements affect by their last good analysis, marked stale. */
export function applyLastGood(analysis: Analysis, lastGood: Analysis): void {
  const tainted = new Set(
    analysis.unparsed.flatMap((statement) => [...statement.bound, ...statement.mutated]),
  );
  // A model is affected when a broken line binds or changes its variable, an unknown it shows comes from one,
  // or it knows less than it did (an unknown can lose its reason on the way: a call of a helper whose `def`
  // does not parse is "not evaluated").
  const unknownRows = (info: ModelInfo) => info.layers.filter((row) => row.status === 'unknown').length;
  const affected = (info: ModelInfo, previous: ModelInfo) =>
    tainted.has(info.variable) ||
    info.layers.some((row) => row.reasons.some((reason) => isUnparsedReason(reason.message))) ||
    unknownRows(info) > unknownRows(previous) ||
    (info.totalParams === null && previous.totalParams !== null);
  const current = described(analysis);
  const used = new Set<number>();
  const dropped = new Set<ModelNode>();
  const staleNodes: ModelNode[] = [];
  const staleInfos: ModelInfo[] = [];
  const lines = new LineMap(lastGood.text, analysis.text);
  const note = `last good analysis: ${analysis.unparsed.map((statement) => doesNotParseYet(statement.span)).join(', ')}`;
  const first = analysis.unparsed[0]!.span.start;
  const atBrokenLine: Range = { start: { line: first, character: 0 }, end: { line: first, character: 0 } };
  const move = (range: Range): Range => lines.rangeToNew(range) ?? atBrokenLine;
  for (const previous of described(lastGood)) {
    const index = current.findIndex(
      (model, i) => !used.has(i) && model.info.variable === previous.info.variable,
    );
    if (index >= 0) {
      used.add(index);
      if (!affected(current[index]!.info, previous.info)) continue;
      dropped.add(current[index]!.node);
    }
    staleNodes.push(previous.node);
    staleInfos.push({
      ...previous.info,
      stale: note,
      range: move(previous.info.range),
      layers: previous.info.layers.map((row) => ({
        ...row,
        range: move(row.range),
        reasons: row.reasons.map((reason) => ({ ...reason, range: move(reason.range) })),
      })),
    });
  }
  if (staleNodes.length === 0) return;
  // A model a broken line changes is built but bound to no variable now: it goes too, where it is built.
  const staleCalls = new Set(staleNodes.map((node) => rangeKey(move(nodeRange(node.call)))));
  for (const node of analysis.modelNodes)
    if (staleCalls.has(rangeKey(nodeRange(node.call)))) dropped.add(node);
  const fresh = current.filter((model) => !dropped.has(model.node)).map((model) => model.info);
  analysis.models = [...fresh, ...staleInfos].sort((a, b) => a.range.start.line - b.range.start.line);
  analysis.modelNodes = analysis.modelNodes.filter((node) => !dropped.has(node));
  analysis.stale = { lastGood, nodes: staleNodes, lines, note };
}

function rangeKey({ start, end }: Range): string {
  return `${start.line}:${start.character}-${end.line}:${end.character}`;
}

/** Each described model with its node (`models` lists the named model nodes, in order). */
function described(analysis: Analysis): Array<{ info: ModelInfo; node: ModelNode }> {
  const named = analysis.modelNodes.filter((node) => node.variable !== undefined);
  return analysis.models.flatMap((info, index) => (named[index] ? [{ info, node: named[index] }] : []));
}
