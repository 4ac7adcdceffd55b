// `--write` and `-o` never lose a file: the new bytes go to a temporary file beside the target, are flushed to
// disk, and only then renamed over it, so a failure at any point (a full disk, a file-size limit, a kill)
// leaves the original as it was. A symbolic link is written through: its target file is replaced and the
// link stays a link. The replaced file keeps its permission bits; other hard links to it keep the old text.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError, ExitCode } from './errors.ts';
import { describeErrno, notRegularFile, pathError } from './fileKind.ts';

/** The two steps a failure can interrupt; tests replace them to fail half-way. */
export interface WriteSteps {
  write(fd: number, data: Uint8Array): void;
  rename(from: string, to: string): void;
}

export const fileSteps: WriteSteps = {
  write(fd, data) {
    for (let done = 0; done < data.length;) done += writeSync(fd, data, done, data.length - done);
  },
  rename: renameSync,
};

export function writeFileSafely(target: string, data: Uint8Array, steps: WriteSteps = fileSteps): void {
  const { path, mode } = resolveTarget(target);
  const temp = join(dirname(path), `.${basename(path)}.keras-lower-${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o666);
    // open's mode passes through the umask: give the new file the old one's bits exactly.
    if (mode !== undefined) fchmodSync(fd, mode);
    steps.write(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    steps.rename(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    const kept = mode === undefined ? 'nothing was written' : 'the file is unchanged';
    throw new CliError(ExitCode.cannotWrite, `${target}: cannot write (${describeErrno(error)}); ${kept}`);
  }
  syncDirectory(dirname(path));
}

/** The file to replace (a link's target) and its mode, or a new file's path (mode undefined). */
function resolveTarget(target: string): { path: string; mode?: number } {
  let path: string;
  try {
    path = realpathSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw pathError(target, error);
    return { path: newFile(target) };
  }
  const stats = statSync(path);
  const kind = notRegularFile(stats);
  if (kind) throw new CliError(ExitCode.notAFile, `${target}: is ${kind}, not a file; nothing was written`);
  return { path, mode: stats.mode & 0o7777 };
}

function newFile(target: string): string {
  if (isSymbolicLink(target))
    throw new CliError(
      ExitCode.cannotWrite,
      `${target}: a symbolic link to a missing file (not followed); nothing was written`,
    );
  const directory = dirname(target);
  let stats;
  try {
    stats = statSync(directory);
  } catch {
    throw new CliError(ExitCode.cannotWrite, `${target}: no directory ${directory}; nothing was written`);
  }
  if (!stats.isDirectory())
    throw new CliError(
      ExitCode.cannotWrite,
      `${target}: ${directory} is not a directory; nothing was written`,
    );
  return target;
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Makes the rename itself durable; a file system that cannot sync a directory still has the new file. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort only: the rename has happened either way.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
