// Reading a Python file for the CLI: present, Python by name and content, and free of syntax errors.
import { readFileSync, statSync } from 'node:fs';
import { analyzeText, type Analysis } from '../core/index.ts';
import { CliError, ExitCode } from './errors.ts';

const byteOrderMark = '\uFEFF';

export interface PythonSource {
  file: string;
  /** The text the engine sees (without a byte order mark). */
  text: string;
  /** Put back in front of any text written out, so the file keeps its bytes. */
  prefix: string;
}

export function readPythonSource(file: string): PythonSource {
  if (!isFile(file)) throw new CliError(ExitCode.fileNotFound, `${file}: no such file`);
  if (!/\.pyw?$/i.test(file))
    throw new CliError(ExitCode.notPython, `${file}: not a Python file (expected .py or .pyw)`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new CliError(ExitCode.fileNotFound, `${file}: cannot read (${(error as Error).message})`);
  }
  if (bytes.includes(0))
    throw new CliError(ExitCode.notPython, `${file}: binary content (NUL bytes), not Python source`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CliError(ExitCode.notPython, `${file}: not valid UTF-8, not Python source`);
  }
  const prefix = text.startsWith(byteOrderMark) ? byteOrderMark : '';
  return { file, text: text.slice(prefix.length), prefix };
}

/** Analyses the source, refusing code that does not parse (an ERROR or MISSING node in the tree). */
export function analyzeSource(source: PythonSource): Analysis {
  const analysis = analyzeText(source.text);
  const unparsed = analysis.unparsed[0];
  if (unparsed) {
    const { line, character } = unparsed.errorRange.start;
    throw new CliError(
      ExitCode.syntaxError,
      `${source.file}:${line + 1}:${character + 1}: syntax error: ${unparsed.errorText}`,
    );
  }
  return analysis;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
