// A slice decision as edits of the user's file: dropped statements become blank lines (or their stand-ins),
// training/printing/plotting calls inside kept code become `pass`. Every line keeps its number, so a line of
// the slice is the same line of the user's file.
import type { Node } from 'web-tree-sitter';
import { LineIndex } from '../parse/lineIndex.ts';
import { nodeRange } from '../parse/ranges.ts';
import type { TextEdit } from '../types.ts';
import { isDroppedCallStatement, trainingResultNames } from './dataCalls.ts';
import type { SliceDecision, Unit } from './slice.ts';
import { STAND_IN_NUMPY } from './standIns.ts';

export function sliceEdits(decision: SliceDecision): TextEdit[] {
  const edits: TextEdit[] = [];
  const { units, kept } = decision;
  units.forEach((unit, index) => {
    if (kept.has(unit)) {
      for (const statement of droppedInside(unit, decision)) edits.push(replaced(statement, 'pass'));
      for (const [statement, names] of trainingResultsInside(unit))
        edits.push(replaced(statement, `${names.join(' = ')} = None`));
      return;
    }
    const standIns = [...(decision.standIns.get(unit) ?? [])].map(([name, text]) => `${name} = ${text}`);
    if (standIns.some((line) => line.includes(STAND_IN_NUMPY)))
      standIns.unshift(`import numpy as ${STAND_IN_NUMPY}`);
    // `a(); b()`: a dropped `a()` leaves `; b()` unless it becomes `pass` (a trailing `;` is valid Python).
    const followedOnItsLine = units[index + 1]?.node.startPosition.row === unit.node.endPosition.row;
    edits.push(
      replaced(unit.node, standIns.length > 0 ? standIns.join('; ') : followedOnItsLine ? 'pass' : ''),
    );
  });
  return edits;
}

/** `statement` replaced by `text` on its first line and as many empty lines as it spanned. */
function replaced(statement: Node, text: string): TextEdit {
  const lines = statement.endPosition.row - statement.startPosition.row;
  return { range: nodeRange(statement), newText: text + '\n'.repeat(lines) };
}

/** Bare training, printing, saving and plotting calls anywhere inside a kept statement. */
function droppedInside(unit: Unit, decision: SliceDecision): Node[] {
  return unit.node
    .descendantsOfType('expression_statement')
    .filter(
      (statement): statement is Node =>
        statement !== null &&
        statement.id !== unit.node.id &&
        isDroppedCallStatement(statement, decision.imports),
    );
}

/** `loss, acc = model.evaluate(...)` inside a kept statement (a loop building a model per fold), with its names. */
function trainingResultsInside(unit: Unit): Array<[Node, string[]]> {
  const found: Array<[Node, string[]]> = [];
  for (const statement of unit.node.descendantsOfType('expression_statement')) {
    const names = statement && statement.id !== unit.node.id ? trainingResultNames(statement) : undefined;
    if (statement && names) found.push([statement, names]);
  }
  return found;
}

/** The lowering's edits that do not fall inside a statement the slice replaced. */
export function editsOutside(text: string, replacedBy: TextEdit[], edits: TextEdit[]): TextEdit[] {
  const index = new LineIndex(text);
  const offsets = (edit: TextEdit) =>
    [index.offsetAt(edit.range.start), index.offsetAt(edit.range.end)] as const;
  const replacedRanges = replacedBy.map(offsets);
  return edits.filter((edit) => {
    const [start, end] = offsets(edit);
    return replacedRanges.every(([from, to]) =>
      start === end ? start <= from || start >= to : end <= from || start >= to,
    );
  });
}

/**
 * Lines (1-based) where a failure is keras-lower's, not the user's: its stand-ins, the calls it replaced by
 * `pass`, and kept lines that call data, training or I/O (they run on stand-ins, or lack what was dropped).
 */
export function slicedLines(decision: SliceDecision, edits: TextEdit[]): number[] {
  const lines = new Set<number>();
  const addRows = (from: number, to: number) => {
    for (let row = from; row <= to; row++) lines.add(row + 1);
  };
  for (const edit of edits)
    if (edit.newText.trim() !== '') addRows(edit.range.start.line, edit.range.end.line);
  for (const unit of decision.kept)
    for (const call of unit.node.descendantsOfType('call'))
      if (call && decision.imports.isDataCall(call)) addRows(call.startPosition.row, call.endPosition.row);
  return [...lines].sort((a, b) => a - b);
}
