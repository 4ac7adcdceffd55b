// One open Python document: its text, its version and an incrementally maintained tree-sitter tree.
import { Edit, Language, Parser, type Point, type Tree } from 'web-tree-sitter';
import { join } from 'node:path';
import type { Range } from '../types.ts';
import { LineIndex } from './lineIndex.ts';
import { repairProgram, type RepairedProgram } from './repair.ts';

let parser: Parser | undefined;

/** Loads `web-tree-sitter.wasm` and `tree-sitter-python.wasm` from `wasmDir`; call once before parsing. */
export async function initParser(wasmDir: string): Promise<void> {
  if (parser) return;
  await Parser.init({ locateFile: (file: string) => join(wasmDir, file) });
  const python = await Language.load(join(wasmDir, 'tree-sitter-python.wasm'));
  const instance = new Parser();
  instance.setLanguage(python);
  parser = instance;
}

/** Texts longer than this are not parsed (see MAX_ANALYZED_CHARACTERS): an empty tree stands in. */
const MAX_PARSED_CHARACTERS = 2_000_000;

export function parsePython(text: string, previous?: Tree): Tree {
  if (!parser) throw new Error('initParser() must be awaited before parsing');
  const tree =
    text.length > MAX_PARSED_CHARACTERS ? parser.parse('') : parser.parse(withLoneCrAsLf(text), previous);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/**
 * The text the engine reads: a lone "\r" ends a line for Python and LSP but not for tree-sitter, which counts
 * rows at "\n" only. Swapping it for "\n" keeps every offset and makes tree rows the LSP lines.
 */
export function withLoneCrAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** A change as LSP sends it: a range in the previous text, or no range for a full replacement. */
export interface TextChange {
  range?: Range;
  text: string;
}

export class PythonDocument {
  private lineIndex: LineIndex;
  tree: Tree;
  /** The current version without its broken statements, computed on first use; undefined when it parses. */
  private repaired: RepairedProgram | undefined;

  /** `tree` must be the parse of `text`; the document owns it from then on. */
  constructor(
    public text: string,
    public version: number,
    tree?: Tree,
  ) {
    this.lineIndex = new LineIndex(text);
    this.tree = tree ?? parsePython(text);
  }

  /** An independent copy of this version (its own tree), which later edits of this document leave alone. */
  snapshot(): PythonDocument {
    return new PythonDocument(this.text, this.version, this.tree.copy());
  }

  /** This version with the top-level statements that do not parse blanked out, or undefined if all parse. */
  repairedProgram(): RepairedProgram | undefined {
    if (!this.tree.rootNode.hasError) return undefined;
    this.repaired ??= repairProgram(withLoneCrAsLf(this.text), parsePython, parsePython);
    return this.repaired;
  }

  /** Applies changes in order, editing the old tree (`tree.edit`) so the reparse is incremental. */
  applyChanges(changes: TextChange[], version: number): void {
    for (const change of changes) {
      if (!change.range) {
        this.text = change.text;
        this.lineIndex = new LineIndex(this.text);
        this.replaceTree(parsePython(this.text));
        continue;
      }
      const changeStart = this.lineIndex.offsetAt(change.range.start);
      const oldEndIndex = Math.max(changeStart, this.lineIndex.offsetAt(change.range.end));
      // A "\r" just before the change is parsed as "\n" or not depending on what follows it: edit it too.
      const startIndex = this.text.charCodeAt(changeStart - 1) === 13 ? changeStart - 1 : changeStart;
      const startPosition = this.lineIndex.pointAt(startIndex);
      const oldEndPosition = this.lineIndex.pointAt(oldEndIndex);
      this.text = this.text.slice(0, changeStart) + change.text + this.text.slice(oldEndIndex);
      this.lineIndex = new LineIndex(this.text);
      const newEndIndex = changeStart + change.text.length;
      const newEndPosition = this.lineIndex.pointAt(newEndIndex);
      this.tree.edit(
        new Edit({ startIndex, oldEndIndex, newEndIndex, startPosition, oldEndPosition, newEndPosition }),
      );
      this.replaceTree(parsePython(this.text, this.tree));
    }
    this.version = version;
  }

  /** Frees the tree's memory in the wasm heap; the document is unusable afterwards. */
  dispose(): void {
    this.tree.delete();
    this.freeRepaired();
  }

  private replaceTree(tree: Tree): void {
    // Trees live in the wasm heap, not the JS one: the old trees must be freed explicitly.
    this.tree.delete();
    this.freeRepaired();
    this.tree = tree;
  }

  private freeRepaired(): void {
    this.repaired?.tree.delete();
    this.repaired?.original.delete();
    this.repaired = undefined;
  }

  offsetAt(position: { line: number; character: number }): number {
    return this.lineIndex.offsetAt(position);
  }

  positionAt(offset: number): Point {
    return this.lineIndex.pointAt(offset);
  }
}
