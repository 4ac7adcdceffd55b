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
  /** The start of the line after the last top-level import (or the top of the file). */
  insertAt: Position;
}

export function importContext(analysis: Analysis): ImportContext {
  const bound = new Map<string, string>();
  let lastImport: Node | undefined;
  for (const statement of analysis.tree.rootNode.namedChildren) {
    if (!statement) continue;
    if (statement.type === 'import_statement' || statement.type === 'import_from_statement') {
      lastImport = statement;
      for (const [name, value] of importBindings(statement))
        if (value.kind === 'ref') bound.set(name, value.path);
    } else if (statement.type === 'future_import_statement') lastImport = statement;
  }
  const needsTensorflow = bound.get('tf') !== 'tf';
  const layerBase = bound.get('keras') === 'keras' ? 'keras.layers.Layer' : 'tf.keras.layers.Layer';
  const insertAt = lastImport
    ? { line: lastImport.endPosition.row + 1, character: 0 }
    : { line: 0, character: 0 };
  return { needsTensorflow, layerBase, insertAt };
}
