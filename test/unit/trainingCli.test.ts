// The built CLI (dist/cli.js) prints each training refusal on stderr as FILE:LINE:COL, and the lowered
// file still goes to stdout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';

const root = resolve(__dirname, '../..');
const cli = resolve(root, 'dist/cli.js');
let scratch: string;

before(() => {
  assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
  scratch = mkdtempSync(join(tmpdir(), 'keras-lower-training-cli-'));
});

after(() => rmSync(scratch, { recursive: true, force: true }));

test('lower prints each training refusal with line:col on stderr', () => {
  const file = join(scratch, 'refused.py');
  writeFileSync(
    file,
    'import keras\n' +
      'm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n' +
      'm.compile(optimizer="nadam", loss="mse")\n' +
      'm.fit(xs, ys, callbacks=[keras.callbacks.TensorBoard()])\n',
  );
  const result = spawnSync(process.execPath, [cli, 'lower', file], { encoding: 'utf8', cwd: root });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /class MTF\(tf\.Module\):/);
  const lines = result.stderr.trimEnd().split('\n');
  assert.ok(
    lines.includes(
      `keras-lower: ${file}:3:11: training not lowered: optimizer \`"nadam"\` is not lowered (lowered: SGD, Adam, AdamW, RMSprop, Adagrad)`,
    ),
    result.stderr,
  );
  assert.ok(
    lines.includes(
      `keras-lower: ${file}:4:26: training not lowered: callback \`keras.callbacks.TensorBoard\` is not lowered (lowered: EarlyStopping, ModelCheckpoint)`,
    ),
    result.stderr,
  );
});

test('lower --json keeps the notes in the JSON and stderr empty', () => {
  const file = join(scratch, 'json.py');
  writeFileSync(
    file,
    'import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\nm.compile(optimizer="nadam", loss="mse")\n',
  );
  const result = spawnSync(process.execPath, [cli, 'lower', file, '--json'], { encoding: 'utf8', cwd: root });
  assert.equal(result.stderr, '');
  assert.ok(
    JSON.parse(result.stdout).notes.some((note: string) => note.startsWith('3:11: training not lowered')),
  );
});
