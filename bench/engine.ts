// In-process engine timings against bare tree-sitter on the same text: a full analysis vs a parse, and a
// keystroke's re-analysis vs the incremental parse of the same edit.
import type { Parser, Tree } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import { analyze, initParser, PythonDocument } from '../server/src/core/index.ts';
import { distDir } from '../test/fuzz/lspServer.ts';
import { pythonParser } from '../test/fuzz/parser.ts';
import { TextModel } from '../test/fuzz/textModel.ts';
import { median, samples } from './measure.ts';

export interface EngineTimings {
  parseMs: number;
  analysisMs: number;
  incrementalParseMs: number;
  keystrokeMs: number;
}

/** A keystroke inside a layer's arguments: a digit typed into the middle `Dense(` call, then removed. */
function keystrokeAt(text: string): number {
  const middle = text.indexOf('layers.Dense(', Math.floor(text.length / 2));
  return middle + 'layers.Dense('.length;
}

export async function engineTimings(text: string, rounds = 40): Promise<EngineTimings> {
  await initParser(distDir);
  const parser = await pythonParser();
  const parse = await samples(rounds, () => parser.parse(text)!.delete());
  const analysis = await samples(rounds, () => {
    const document = new PythonDocument(text, 1);
    analyze(document);
    document.dispose();
  });

  const offset = keystrokeAt(text);
  const typed = text.slice(0, offset) + '1' + text.slice(offset);
  const position = new TextModel(text).positionAt(offset);
  let tree = parser.parse(text)!;
  let withDigit = false;
  const incremental = await samples(rounds * 5, () => {
    tree = incrementalParse(parser, tree, withDigit ? text : typed, offset, position, withDigit);
    withDigit = !withDigit;
  });
  tree.delete();

  const document = new PythonDocument(text, 1);
  let version = 1;
  const keystroke = await samples(rounds * 5, () => {
    const typing = version % 2 === 1;
    const end = typing ? position : { line: position.line, character: position.character + 1 };
    document.applyChanges([{ range: { start: position, end }, text: typing ? '1' : '' }], ++version);
    analyze(document);
  });
  document.dispose();
  return {
    parseMs: median(parse),
    analysisMs: median(analysis),
    incrementalParseMs: median(incremental),
    keystrokeMs: median(keystroke),
  };
}

/** Bare tree-sitter: edit the old tree for one inserted (or removed) character and reparse. */
function incrementalParse(
  parser: Parser,
  old: Tree,
  next: string,
  offset: number,
  position: { line: number; character: number },
  removing: boolean,
): Tree {
  const at = { row: position.line, column: position.character };
  const after = { row: position.line, column: position.character + 1 };
  old.edit(
    new Edit({
      startIndex: offset,
      oldEndIndex: removing ? offset + 1 : offset,
      newEndIndex: removing ? offset : offset + 1,
      startPosition: at,
      oldEndPosition: removing ? after : at,
      newEndPosition: removing ? at : after,
    }),
  );
  const tree = parser.parse(next, old)!;
  old.delete();
  return tree;
}
