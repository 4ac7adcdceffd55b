// analyze(): a document's models, layers, shapes and diagnostics for one version.
import type { Tree } from 'web-tree-sitter';
import { PythonDocument } from './parse/document.ts';
import type { Diagnostic, ModelInfo } from './types.ts';

export interface Analysis {
  version: number;
  text: string;
  tree: Tree;
  models: ModelInfo[];
  diagnostics: Diagnostic[];
}

export function analyze(document: PythonDocument): Analysis {
  return { version: document.version, text: document.text, tree: document.tree, models: [], diagnostics: [] };
}

export function analyzeText(text: string, version = 0): Analysis {
  return analyze(new PythonDocument(text, version));
}
