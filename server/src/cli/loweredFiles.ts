// What `lower` prints, diffs and writes for a source: for a .py file the lowered file; for a notebook a plain
// Python file of its code cells (stdout, --diff, -o) and the rewritten notebook JSON (--write).
import { applyEdits, applyProgramEdits, plainPython, type TextEdit } from '../core/index.ts';
import { CliError, ExitCode } from './errors.ts';
import type { PythonSource } from './source.ts';

export interface LoweredFiles {
  /** The source as the text `lowered` is diffed against. */
  original: string;
  lowered: string;
  /** What `--write` puts in the file. */
  inPlace: string;
}

export function loweredFiles(source: PythonSource, edits: TextEdit[]): LoweredFiles {
  const { notebook, prefix, text } = source;
  if (!notebook) {
    const lowered = prefix + applyEdits(text, edits);
    return { original: prefix + text, lowered, inPlace: lowered };
  }
  const written = applyProgramEdits(notebook, edits);
  if (!written.ok) throw new CliError(ExitCode.refused, `${source.file}: cannot lower: ${written.reason}`);
  const codeSources = notebook.codeCells.map((index) => notebook.sources[index]!);
  return {
    original: plainPython(codeSources),
    lowered: plainPython(written.codeSources),
    inPlace: prefix + written.json,
  };
}
