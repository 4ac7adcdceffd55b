// A bare tree-sitter Python parser, independent of the engine, to judge the server's edits and as the
// benchmarks' baseline.
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { distDir } from './lspServer.ts';

let parser: Parser | undefined;

export async function pythonParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init({ locateFile: (file: string) => join(distDir, file) });
  const instance = new Parser();
  instance.setLanguage(await Language.load(join(distDir, 'tree-sitter-python.wasm')));
  parser = instance;
  return instance;
}

/** Whether `text` parses without an ERROR or MISSING node. */
export function parsesCleanly(parser: Parser, text: string): boolean {
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  const clean = !tree.rootNode.hasError;
  tree.delete();
  return clean;
}

/** "start:end" (UTF-16 offsets) of every call expression in `text`. */
export function callSpans(parser: Parser, text: string): Set<string> {
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  const spans = new Set(
    tree.rootNode.descendantsOfType('call').map((call) => `${call!.startIndex}:${call!.endIndex}`),
  );
  tree.delete();
  return spans;
}
