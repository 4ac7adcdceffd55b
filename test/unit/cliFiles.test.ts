// The CLI's files (issue 15 item 5): --write and -o replace a file only once the new one is complete (a real
// file-size limit half-way through, and simulated failures of each step, leave the original byte for byte),
// symbolic links written through, odd paths named with their own exit code, PEP 263 encodings read and
// written as CPython does.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CliError, ExitCode } from '../../server/src/cli/errors.ts';
import { fileSteps, writeFileSafely, type WriteSteps } from '../../server/src/cli/safeWrite.ts';

const root = resolve(__dirname, '../..');
const cli = resolve(root, 'dist/cli.js');
const mlp = readFileSync(resolve(root, 'test/fixtures/seed_mlp.py'));
const notebook = resolve(root, 'test/fixtures/notebooks/keras_io_mnist_convnet.ipynb');
let scratch: string;
let counter = 0;

function run(args: string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** A fresh directory holding `name` with `content`. */
function fileIn(name: string, content: string | Buffer, mode = 0o644): { dir: string; path: string } {
  const dir = join(scratch, `case-${++counter}`);
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, content, { mode });
  chmodSync(path, mode);
  return { dir, path };
}

/** The CLI under a 1 KiB file-size limit (bash's `ulimit -f` counts KiB): a larger write fails with EFBIG. */
function runWithSizeLimit(args: string[]) {
  const command = `ulimit -f 1 && exec "${process.execPath}" "${cli}" "$@"`;
  const result = spawnSync('bash', ['-c', command, 'bash', ...args], { encoding: 'utf8', cwd: root });
  return { status: result.status, stderr: result.stderr };
}

before(() => {
  assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
  scratch = mkdtempSync(join(tmpdir(), 'keras-lower-cli-files-'));
});

after(() => rmSync(scratch, { recursive: true, force: true }));

describe('a failed write leaves the original intact', () => {
  test('--write under a file-size limit: exit 12, the file byte for byte, no temporary file left', () => {
    const { dir, path } = fileIn('model.py', mlp);
    assert.equal(run(['lower', path]).stdout.length > 2048, true, 'the lowered file fits the limit');
    const { status, stderr } = runWithSizeLimit(['lower', path, '--write']);
    assert.equal(status, ExitCode.cannotWrite, stderr);
    assert.match(
      stderr,
      /^keras-lower: .*model\.py: cannot write \(EFBIG: file too large\); the file is unchanged\n$/,
    );
    assert.deepEqual(readFileSync(path), mlp);
    assert.deepEqual(readdirSync(dir), ['model.py']);
  });

  test('-o under a file-size limit: an existing OUT unchanged, nothing left beside it', () => {
    const { dir, path } = fileIn('model.py', mlp);
    const out = join(dir, 'out.py');
    writeFileSync(out, 'old = 1\n');
    const { status, stderr } = runWithSizeLimit(['lower', path, '--mode', 'layer', '-o', out]);
    assert.equal(status, ExitCode.cannotWrite, stderr);
    assert.equal(readFileSync(out, 'utf8'), 'old = 1\n');
    assert.deepEqual(readdirSync(dir).sort(), ['model.py', 'out.py']);
  });

  test('a notebook --write goes through the same writer', () => {
    const original = readFileSync(notebook);
    const { dir, path } = fileIn('nb.ipynb', original);
    const { status, stderr } = runWithSizeLimit(['lower', path, '--write', '--mode', 'layer']);
    assert.equal(status, ExitCode.cannotWrite, stderr);
    assert.deepEqual(readFileSync(path), original);
    assert.deepEqual(readdirSync(dir), ['nb.ipynb']);
    // Without the limit the same command rewrites it.
    assert.equal(run(['lower', path, '--write', '--mode', 'layer']).status, 0);
    assert.notDeepEqual(readFileSync(path), original);
  });

  const failing: Array<[string, (real: WriteSteps) => WriteSteps]> = [
    [
      'the disk fills after 2,048 bytes',
      (real) => ({
        ...real,
        write(fd, data) {
          real.write(fd, data.subarray(0, 2048));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
      }),
    ],
    [
      'the rename fails',
      (real) => ({
        ...real,
        rename() {
          throw Object.assign(new Error('EXDEV: cross-device link not permitted, rename'), { code: 'EXDEV' });
        },
      }),
    ],
  ];
  for (const [name, failure] of failing)
    test(`simulated: ${name}`, () => {
      const { dir, path } = fileIn('model.py', mlp);
      const steps = fileSteps;
      assert.throws(
        () => writeFileSafely(path, Buffer.alloc(10_000, 'x'), failure(steps)),
        (error: unknown) =>
          error instanceof CliError &&
          error.exitCode === ExitCode.cannotWrite &&
          /cannot write \((ENOSPC|EXDEV): .*\); the file is unchanged$/.test(error.message),
      );
      assert.deepEqual(readFileSync(path), mlp);
      assert.deepEqual(readdirSync(dir), ['model.py']);
    });

  test('the temporary file is written beside the target, then renamed over it', () => {
    const { dir, path } = fileIn('model.py', mlp);
    const renames: Array<[string, string]> = [];
    const steps = fileSteps;
    writeFileSafely(path, Buffer.from('x = 1\n'), {
      ...steps,
      rename(from, to) {
        renames.push([from, to]);
        steps.rename(from, to);
      },
    });
    assert.equal(renames.length, 1);
    assert.equal(join(renames[0]![0], '..'), dir);
    assert.equal(renames[0]![1], path);
    assert.equal(readFileSync(path, 'utf8'), 'x = 1\n');
  });
});

describe('links and permissions', () => {
  test('--write through a symbolic link replaces its target; the link stays a link', () => {
    const { dir, path } = fileIn('model.py', mlp);
    const link = join(dir, 'link.py');
    symlinkSync('model.py', link);
    const { status, stderr } = run(['lower', link, '--write']);
    assert.equal(status, 0, stderr);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readlinkSync(link), 'model.py');
    assert.match(readFileSync(path, 'utf8'), /tf\.Module/);
  });

  test('--write keeps the permission bits of the file it replaces', () => {
    const { path } = fileIn('script.py', mlp, 0o750);
    assert.equal(run(['lower', path, '--write']).status, 0);
    assert.equal(statSync(path).mode & 0o777, 0o750);
  });

  test('-o to a dangling symbolic link is refused, not followed', () => {
    const { dir, path } = fileIn('model.py', mlp);
    const link = join(dir, 'out.py');
    symlinkSync('missing/out.py', link);
    const { status, stderr } = run(['lower', path, '-o', link]);
    assert.equal(status, ExitCode.cannotWrite, stderr);
    assert.match(stderr, /a symbolic link to a missing file \(not followed\); nothing was written/);
  });
});

describe('odd paths: a message and exit code of their own, one line, no stack trace', () => {
  const cases: Array<[string, () => string[], number, RegExp]> = [
    [
      'a directory',
      () => ['summary', fileIn('x.py', '').dir],
      ExitCode.notAFile,
      /is a directory, not a file/,
    ],
    [
      'a FIFO (never opened: it would block)',
      () => {
        const { dir } = fileIn('x.py', '');
        const fifo = join(dir, 'pipe.py');
        execFileSync('mkfifo', [fifo]);
        return ['summary', fifo];
      },
      ExitCode.notAFile,
      /pipe\.py: is a named pipe \(FIFO\), not a file/,
    ],
    ['a device', () => ['summary', '/dev/null'], ExitCode.notAFile, /\/dev\/null: is a device, not a file/],
    [
      'a symbolic link loop',
      () => {
        const { dir } = fileIn('x.py', '');
        symlinkSync('loop.py', join(dir, 'loop.py'));
        return ['summary', join(dir, 'loop.py')];
      },
      ExitCode.unreadable,
      /too many levels of symbolic links/,
    ],
    [
      'a dangling symbolic link',
      () => {
        const { dir } = fileIn('x.py', '');
        symlinkSync('gone.py', join(dir, 'dangling.py'));
        return ['summary', join(dir, 'dangling.py')];
      },
      ExitCode.fileNotFound,
      /no such file \(a symbolic link to gone\.py, which is missing\)/,
    ],
    [
      'a path through a file',
      () => ['summary', join(fileIn('x.py', '').path, 'y.py')],
      ExitCode.fileNotFound,
      /no such file \(a part of the path is not a directory\)/,
    ],
    [
      '-o into a directory',
      () => {
        const { dir, path } = fileIn('model.py', mlp);
        return ['lower', path, '-o', dir];
      },
      ExitCode.notAFile,
      /is a directory, not a file; nothing was written/,
    ],
    [
      '-o into a missing directory',
      () => ['lower', fileIn('model.py', mlp).path, '-o', join(scratch, 'nowhere', 'out.py')],
      ExitCode.cannotWrite,
      /no directory .*nowhere; nothing was written/,
    ],
  ];
  for (const [name, args, code, message] of cases)
    test(name, () => {
      const { status, stdout, stderr } = run(args());
      assert.equal(status, code, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.equal(stderr.trimEnd().split('\n').length, 1, `more than one line:\n${stderr}`);
    });

  test('an unreadable file: permission denied', () => {
    const { path } = fileIn('secret.py', mlp, 0o000);
    if (process.getuid?.() !== 0) {
      const { status, stderr } = run(['summary', path]);
      assert.equal(status, ExitCode.unreadable, stderr);
      assert.match(stderr, /secret\.py: permission denied\n$/);
      return;
    }
    // Root reads any file: run the CLI as nobody, from a copy of dist/ nobody can read wherever the clone is.
    const bundle = mkdtempSync(join(tmpdir(), 'keras-lower-cli-nobody-'));
    try {
      chmodSync(bundle, 0o755);
      for (const file of ['cli.js', 'web-tree-sitter.wasm', 'tree-sitter-python.wasm'])
        copyFileSync(join(root, 'dist', file), join(bundle, file));
      const result = spawnSync(process.execPath, [join(bundle, 'cli.js'), 'summary', path], {
        encoding: 'utf8',
        cwd: bundle,
        uid: 65534,
        gid: 65534,
      });
      assert.equal(result.status, ExitCode.unreadable, result.stderr);
      // The scratch directory is private, so nobody is stopped at it: the same message either way.
      assert.match(result.stderr, /secret\.py: permission denied\n$/);
    } finally {
      rmSync(bundle, { recursive: true, force: true });
    }
  });
});

describe('PEP 263 encodings, as CPython reads them', () => {
  const latin1 = Buffer.from(
    '# -*- coding: latin-1 -*-\n# Modèle de régression\nimport keras\n' +
      'model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, name="dénse")])\n' +
      'label = "été"\n',
    'latin1',
  );

  /** CPython's own reading of the bytes: ast.parse honours the coding cookie. */
  function cpythonParses(path: string): boolean {
    const check = 'import ast, sys; ast.parse(open(sys.argv[1], "rb").read())';
    return spawnSync('python3', ['-I', '-c', check, path]).status === 0;
  }

  test('a Latin-1 file with its cookie: names read as Python reads them', () => {
    const { path } = fileIn('latin.py', latin1);
    assert.ok(cpythonParses(path));
    const { status, stdout, stderr } = run(['summary', path, '--json']);
    assert.equal(status, 0, stderr);
    assert.equal(JSON.parse(stdout).models[0].layers[0].name, 'dénse');
  });

  test('--write keeps it Latin-1: every byte outside the edit, CPython parses it', () => {
    const { path } = fileIn('latin.py', latin1);
    const { status, stderr } = run(['lower', path, '--write']);
    assert.equal(status, 0, stderr);
    const written = readFileSync(path);
    assert.ok(cpythonParses(path));
    assert.ok(!written.includes(Buffer.from('é', 'utf8')), 'UTF-8 bytes in a Latin-1 file');
    for (const line of latin1
      .toString('latin1')
      .split('\n')
      .filter((line) => !line.startsWith('model')))
      assert.ok(written.includes(Buffer.from(line, 'latin1')), `lost: ${line}`);
    assert.match(written.toString('latin1'), /tf\.Module/);
  });

  test('a cookie on line 2 after a comment counts; after code it does not', () => {
    const second = Buffer.from(
      '#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nx = "é"\n',
      'latin1',
    );
    assert.equal(run(['summary', fileIn('second.py', second).path]).status, ExitCode.noModel);
    const late = Buffer.from('x = 1\n# coding: latin-1\ny = "é"\n', 'latin1');
    const { status, stderr } = run(['summary', fileIn('late.py', late).path]);
    assert.equal(status, ExitCode.notPython);
    assert.match(stderr, /not valid UTF-8/);
  });

  test('cp1252 reads its own bytes and refuses the ones it leaves undefined', () => {
    const euro = Buffer.concat([Buffer.from('# coding: cp1252\nx = "'), Buffer.of(0x80), Buffer.from('"\n')]);
    assert.equal(run(['summary', fileIn('euro.py', euro).path]).status, ExitCode.noModel);
    const undefinedByte = Buffer.concat([
      Buffer.from('# coding: cp1252\nx = "'),
      Buffer.of(0x81),
      Buffer.from('"\n'),
    ]);
    const { status, stderr } = run(['summary', fileIn('bad.py', undefinedByte).path]);
    assert.equal(status, ExitCode.notPython);
    assert.match(stderr, /not valid cp1252 \(byte \d+\)/);
  });

  test('an encoding we do not read, and a byte order mark with a Latin-1 cookie, are refused by name', () => {
    const koi = run(['summary', fileIn('koi.py', '# coding: koi8-r\nimport keras\n').path]);
    assert.equal(koi.status, ExitCode.notPython);
    assert.match(koi.stderr, /koi\.py:1: declares the encoding "koi8-r", which keras-lower does not read/);
    const bom = Buffer.concat([
      Buffer.of(0xef, 0xbb, 0xbf),
      Buffer.from('# coding: latin-1\nimport keras\n'),
    ]);
    const both = run(['summary', fileIn('bom.py', bom).path]);
    assert.equal(both.status, ExitCode.notPython);
    assert.match(both.stderr, /byte order mark with a coding cookie for latin-1/);
  });
});
