// Where generated code goes at the top of a file, and which imports it still needs.
import type { Node } from 'web-tree-sitter';
import type { Analysis } from '../analysis.ts';
import { importBindings } from '../model/imports.ts';
import type { Position } from '../types.ts';

export interface ImportContext {
  /** `import tensorflow as tf` must be added (generated code always says `tf`). */
  needsTensorflow: boolean;
  /** How generated layer classes name their base class, given the file's own imports. */
  layerBase: string;
  /**
   * After the last top-level import that comes before the generated code's first use (or the top of the
   * file): the start of the next line, or the end of the file's last line when it has no line break.
   */
  insertAt: Position;
  /** What inserted text must start with at `insertAt`: a line break when the file's last line has none. */
  lead: string;
}

/**
 * The imports in effect before `uses` (the nodes the generated code must be defined for) run: an import
 * written below the model binds nothing for a class inserted above it.
 */
export function importContext(analysis: Analysis, uses: Node[] = []): ImportContext {
  const firstUse = Math.min(...uses.map((node) => topLevelStatement(node).startIndex));
  const bound = new Map<string, string>();
  let lastImport: Node | undefined;
  for (const statement of analysis.tree.rootNode.namedChildren) {
    if (!statement || statement.startIndex >= firstUse) continue;
    if (statement.type === 'import_statement' || statement.type === 'import_from_statement') {
      lastImport = statement;
      for (const [name, value] of importBindings(statement))
        if (value.kind === 'ref') bound.set(name, value.path);
    } else if (statement.type === 'future_import_statement') lastImport = statement;
  }
  const needsTensorflow = bound.get('tf') !== 'tf';
  const layerBase = bound.get('keras') === 'keras' ? 'keras.layers.Layer' : 'tf.keras.layers.Layer';
  if (!lastImport) return { needsTensorflow, layerBase, insertAt: { line: 0, character: 0 }, lead: '' };
  const row = lastImport.endPosition.row;
  const lines = analysis.text.split('\n');
  if (row + 1 < lines.length)
    return { needsTensorflow, layerBase, insertAt: { line: row + 1, character: 0 }, lead: '' };
  return { needsTensorflow, layerBase, insertAt: { line: row, character: lines[row]!.length }, lead: '\n' };
}

/** The module-level statement a node belongs to. */
function topLevelStatement(node: Node): Node {
  let current = node;
  while (current.parent && current.parent.type !== 'module') current = current.parent;
  return current;
}
