// Reading an .ipynb (nbformat 4 JSON) into its code cells' program, and writing changed cell sources back
// into the same JSON text without touching anything else in it.
import type { TextEdit } from '../types.ts';
import { applyCellEdits, toCellEdits } from './cellEdits.ts';
import { cellSourceSpans, type SourceSpan } from './jsonSpans.ts';
import { commentMagics } from './magics.ts';
import { NotebookProgram } from './program.ts';

export interface IpynbNotebook {
  /** The file's JSON text, as read. */
  json: string;
  /** Every cell's source text, by its index in `cells`. */
  sources: string[];
  /** The indices (in `cells`) of the code cells, in order: the program's cells. */
  codeCells: number[];
  program: NotebookProgram;
}

export type IpynbRead = { ok: true; notebook: IpynbNotebook } | { ok: false; reason: string };

interface RawCell {
  cell_type?: unknown;
  source?: unknown;
}

export function readIpynb(json: string): IpynbRead {
  let parsed: { nbformat?: unknown; cells?: unknown; metadata?: { language_info?: { name?: unknown } } };
  try {
    parsed = JSON.parse(json) as typeof parsed;
  } catch (error) {
    return { ok: false, reason: `not notebook JSON (${(error as Error).message})` };
  }
  if (parsed.nbformat !== 4 || !Array.isArray(parsed.cells))
    return { ok: false, reason: 'not an nbformat 4 notebook (no "nbformat": 4 and "cells" list)' };
  const language = parsed.metadata?.language_info?.name;
  if (typeof language === 'string' && language !== 'python')
    return { ok: false, reason: `a ${language} notebook, not Python` };
  const cells = parsed.cells as RawCell[];
  const sources = cells.map((cell) => sourceText(cell.source));
  const codeCells = cells.flatMap((cell, index) => (cell.cell_type === 'code' ? [index] : []));
  const program = new NotebookProgram(
    codeCells.map((index) => ({ key: String(index), text: sources[index]! })),
  );
  return { ok: true, notebook: { json, sources, codeCells, program } };
}

/** nbformat's `source`: one string, or a list of strings to concatenate. */
function sourceText(source: unknown): string {
  if (typeof source === 'string') return source;
  return Array.isArray(source) ? source.filter((part) => typeof part === 'string').join('') : '';
}

export type NotebookWrite = { ok: true; json: string; codeSources: string[] } | { ok: false; reason: string };

/**
 * The notebook with the program's edits applied to its cells: the JSON text with only the changed cells'
 * `source` values rewritten (their unchanged lines keep their original JSON spelling), and the code cells'
 * new sources in program order.
 */
export function applyProgramEdits(notebook: IpynbNotebook, edits: TextEdit[]): NotebookWrite {
  const placed = toCellEdits(notebook.program, edits);
  if (!placed.ok) return placed;
  const before = notebook.codeCells.map((index) => notebook.sources[index]!);
  const after = applyCellEdits(before, placed.cells);
  const spans = cellSourceSpans(notebook.json);
  const replacements = after.flatMap((source, position) => {
    if (source === before[position]) return [];
    const span = spans[notebook.codeCells[position]!];
    return span ? [{ span, text: sourceJson(notebook.json, span, source, spans) }] : [];
  });
  let json = notebook.json;
  for (const { span, text } of replacements.sort((a, b) => b.span.start - a.span.start))
    json = json.slice(0, span.start) + text + json.slice(span.end);
  return { ok: true, json, codeSources: after };
}

/** A cell's new `source` in the layout its old value had (one string, or a list laid out line by line). */
function sourceJson(
  json: string,
  span: SourceSpan,
  source: string,
  spans: (SourceSpan | undefined)[],
): string {
  const spelling = new Map(span.rawStrings.map((raw) => [JSON.parse(raw) as string, raw]));
  const quote = (part: string) => spelling.get(part) ?? JSON.stringify(part);
  if (!span.isList) return quote(source);
  const lines = source.split(/(?<=\n)/).filter((line) => line !== '');
  if (lines.length === 0) return '[]';
  // An empty list shows no layout: another cell's list at the same depth does.
  const model =
    span.rawStrings.length > 0 ? span : spans.find((other) => (other?.rawStrings.length ?? 0) > 1);
  const { open, separator, close } = model ? listLayout(json, model) : emptyListLayout(json, span);
  return `[${open}${lines.map(quote).join(separator)}${close}]`;
}

interface ListLayout {
  open: string;
  separator: string;
  close: string;
}

/** The whitespace after `[`, between elements and before `]` of a list of strings in the file. */
function listLayout(json: string, span: SourceSpan): ListLayout {
  const inside = json.slice(span.start + 1, span.end - 1);
  const open = /^\s*/.exec(inside)![0];
  const close = /\s*$/.exec(inside)![0];
  const afterFirst = inside.slice(open.length + span.rawStrings[0]!.length);
  const separator = span.rawStrings.length > 1 ? /^\s*,\s*/.exec(afterFirst)![0] : `,${open || ' '}`;
  return { open, separator, close };
}

/** No list in the file to copy: one indentation step deeper than the `"source"` key's line. */
function emptyListLayout(json: string, span: SourceSpan): ListLayout {
  const lineStart = json.lastIndexOf('\n', span.start) + 1;
  const keyIndent = /^[ \t]*/.exec(json.slice(lineStart))![0];
  if (lineStart === 0) return { open: '', separator: ', ', close: '' };
  const step = indentStep(json);
  return { open: `\n${keyIndent}${step}`, separator: `,\n${keyIndent}${step}`, close: `\n${keyIndent}` };
}

/** The file's indentation unit: the indentation of its first indented line (Jupyter writes one space). */
function indentStep(json: string): string {
  return /\n([ \t]+)\S/.exec(json)?.[1] ?? ' ';
}

/** The code cells as a plain Python file (`lower -o OUT.py`): `# %%` before each cell, IPython lines commented. */
export function plainPython(codeSources: readonly string[]): string {
  return codeSources.map((source) => `# %%\n${commentMagics(source).replace(/\s*$/, '')}\n`).join('\n');
}
