// What a path is, said plainly: the CLI reads and writes regular files only, and names anything else (a
// directory, a FIFO, a device, a missing or forbidden path) with its own message and exit code.
import { lstatSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { CliError, ExitCode } from './errors.ts';

/** A path's kind when it is not a regular file, as a phrase (`a directory`). */
export function notRegularFile(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** The stats of an existing regular file (symbolic links followed), or the CliError that says why not. */
export function regularFileStats(file: string): Stats {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    throw pathError(file, error);
  }
  const kind = notRegularFile(stats);
  if (kind) throw new CliError(ExitCode.notAFile, `${file}: is ${kind}, not a file`);
  return stats;
}

/** A failed stat, open or read of `file` as a one-line CliError (never a stack trace). */
export function pathError(file: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return new CliError(ExitCode.fileNotFound, `${file}: no such file${danglingLink(file)}`);
    case 'ENOTDIR':
      return new CliError(
        ExitCode.fileNotFound,
        `${file}: no such file (a part of the path is not a directory)`,
      );
    case 'EACCES':
    case 'EPERM':
      return new CliError(ExitCode.unreadable, `${file}: permission denied`);
    case 'ELOOP':
      return new CliError(ExitCode.unreadable, `${file}: too many levels of symbolic links`);
    case 'EISDIR':
      return new CliError(ExitCode.notAFile, `${file}: is a directory, not a file`);
    default:
      return new CliError(ExitCode.unreadable, `${file}: cannot read (${describeErrno(error)})`);
  }
}

/** `ENOSPC: no space left on device` without node's `, write` / path suffixes. */
export function describeErrno(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const reason = message.replace(/^[A-Z]+: /, '').replace(/, \w+( '.*')?$/, '');
  return code ? `${code}: ${reason}` : message;
}

function danglingLink(file: string): string {
  try {
    if (lstatSync(file).isSymbolicLink())
      return ` (a symbolic link to ${readlinkSync(file)}, which is missing)`;
  } catch {
    // Not there at all: nothing to add.
  }
  return '';
}
