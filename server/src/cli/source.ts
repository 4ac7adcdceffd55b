// Reading a Python file (or a notebook's code cells) for the CLI: present, Python by name and content, and
// free of syntax errors.
import { readFileSync } from 'node:fs';
import { analyzeText, readIpynb, type Analysis, type IpynbNotebook, type Position } from '../core/index.ts';
import { decodeAs, sourceEncoding } from './encoding.ts';
import { CliError, ExitCode } from './errors.ts';
import { pathError, regularFileStats } from './fileKind.ts';

const byteOrderMark = '\uFEFF';

export interface PythonSource {
  file: string;
  /** The text the engine sees (without a byte order mark). */
  text: string;
  /** Put back in front of any text written out, so the file keeps its bytes. */
  prefix: string;
  /** An .ipynb: `text` is its code cells' program. */
  notebook?: IpynbNotebook;
}

/**
 * Reads a .py/.pyw file as CPython would (its PEP 263 coding cookie, else UTF-8), or a notebook's JSON (UTF-8).
 * Only a regular file is opened: a FIFO would block, a directory is no source.
 */
export function readPythonSource(file: string): PythonSource {
  regularFileStats(file);
  const isNotebook = /\.ipynb$/i.test(file);
  if (!/\.pyw?$/i.test(file) && !isNotebook)
    throw new CliError(ExitCode.notPython, `${file}: not a Python file (expected .py, .pyw or .ipynb)`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw pathError(file, error);
  }
  if (bytes.includes(0))
    throw new CliError(ExitCode.notPython, `${file}: binary content (NUL bytes), not Python source`);
  const hasByteOrderMark = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const prefix = hasByteOrderMark ? byteOrderMark : '';
  const body = bytes.subarray(hasByteOrderMark ? 3 : 0);
  // A notebook is JSON, always UTF-8; a cookie inside a cell is not the file's.
  const text = decodeAs(file, body, isNotebook ? 'utf-8' : sourceEncoding(file, body, hasByteOrderMark));
  if (isNotebook) return notebookSource(file, text, prefix);
  return { file, text, prefix };
}

function notebookSource(file: string, json: string, prefix: string): PythonSource {
  const read = readIpynb(json);
  if (!read.ok) throw new CliError(ExitCode.notPython, `${file}: ${read.reason}`);
  return { file, text: read.notebook.program.text, prefix, notebook: read.notebook };
}

/** `FILE:LINE:COL` of a program position; in a notebook `FILE:cell N:LINE:COL`, N counting every cell from 1. */
export function location(source: PythonSource, position: Position): string {
  const { notebook } = source;
  if (!notebook) return `${source.file}:${position.line + 1}:${position.character + 1}`;
  const { cell, position: inCell } = notebook.program.toCell(position);
  const number = notebook.codeCells[cell]! + 1;
  return `${source.file}:cell ${number}:${inCell.line + 1}:${inCell.character + 1}`;
}

/** Analyses the source, refusing code that does not parse (an ERROR or MISSING node in the tree). */
export function analyzeSource(source: PythonSource): Analysis {
  const analysis = analyzeText(source.text);
  const unparsed = analysis.unparsed[0];
  if (unparsed) {
    throw new CliError(
      ExitCode.syntaxError,
      `${location(source, unparsed.errorRange.start)}: syntax error: ${unparsed.errorText}`,
    );
  }
  return analysis;
}
