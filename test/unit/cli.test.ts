// The built CLI (dist/cli.js) on the seed fixtures: output, files written, and an exit code per failure.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { initParser, PythonDocument } from '../../server/src/core/index.ts';
import { applyTextEdits } from '../lsp/textEdits.ts';

const root = resolve(__dirname, '../..');
const cli = resolve(root, 'dist/cli.js');
const fixture = (name: string) => resolve(root, 'test/fixtures', name);
let scratch: string;

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratchFile(name: string, content: string | Buffer, mode = 0o644): string {
  const path = join(scratch, name);
  writeFileSync(path, content, { mode });
  return path;
}

before(async () => {
  assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
  await initParser(resolve(root, 'dist'));
  scratch = mkdtempSync(join(tmpdir(), 'keras-lower-cli-'));
});

after(() => rmSync(scratch, { recursive: true, force: true }));

// Printed by Keras 3.15.1 for the seed MLP (`COLUMNS=200 python -c "...; model.summary()"`).
const kerasMlpSummary = `Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
│ dense (Dense)                        │ (None, 128)                 │         100,480 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ dense_1 (Dense)                      │ (None, 10)                  │           1,290 │
└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
 Total params: 101,770 (397.54 KB)
 Trainable params: 101,770 (397.54 KB)
 Non-trainable params: 0 (0.00 B)
`;

describe('summary', () => {
  test('prints what Keras prints for the seed MLP', () => {
    const { status, stdout, stderr } = run('summary', fixture('seed_mlp.py'));
    assert.equal(status, 0, stderr);
    assert.match(stdout, /Total params: 101,770/);
    assert.equal(stdout, kerasMlpSummary);
  });

  test('the LSTM row matches Keras', () => {
    const { status, stdout, stderr } = run('summary', fixture('seed_lstm.py'));
    assert.equal(status, 0, stderr);
    assert.match(stdout, /lstm \(LSTM\) +│ \(None, 64\) +│ +18,688 │/);
  });

  test('--json follows the summary contract', () => {
    const { status, stdout, stderr } = run('summary', fixture('seed_mlp.py'), '--json');
    assert.equal(status, 0, stderr);
    const summary = JSON.parse(stdout);
    const [model] = summary.models;
    assert.equal(model.variable, 'model');
    assert.equal(model.totalParams, 101_770);
    assert.deepEqual(
      model.layers.map((layer: { name: string; outputShape: unknown; params: number }) => [
        layer.name,
        layer.outputShape,
        layer.params,
      ]),
      [
        ['dense', [null, 128], 100_480],
        ['dense_1', [null, 10], 1_290],
      ],
    );
    for (const layer of model.layers) {
      for (const key of ['id', 'class', 'connectedTo', 'range', 'status', 'reasons'])
        assert.ok(key in layer, key);
      assert.ok(!('weights' in layer), 'weights are not part of the contract');
    }
  });

  test('--model picks a model by its variable, and an unknown one is an error', () => {
    assert.equal(run('summary', fixture('seed_mlp.py'), '--model', 'model').status, 0);
    const missing = run('summary', fixture('seed_mlp.py'), '--model', 'nope');
    assert.equal(missing.status, 6);
    assert.match(missing.stderr, /no model bound to "nope"/);
  });
});

describe('errors: one line on stderr and a distinct exit code', () => {
  const cases: Array<[string, () => string[], number, RegExp]> = [
    ['usage', () => ['summary'], 2, /needs a FILE/],
    ['unknown option', () => ['summary', fixture('seed_mlp.py'), '--nope'], 2, /--nope/],
    ['missing file', () => ['summary', join(scratch, 'absent.py')], 3, /no such file/],
    ['not a .py file', () => ['summary', resolve(root, 'package.json')], 4, /not a Python file/],
    [
      'binary content',
      () => ['summary', scratchFile('binary.py', Buffer.from([0x61, 0, 0x62]))],
      4,
      /binary/,
    ],
    [
      'invalid UTF-8',
      () => ['summary', scratchFile('latin1.py', Buffer.from([0x78, 0x3d, 0xe9, 0x0a]))],
      4,
      /UTF-8/,
    ],
    [
      'unparseable',
      () => ['summary', scratchFile('broken.py', 'import keras\ndef f(:\n')],
      5,
      /:2:\d+: syntax error/,
    ],
    ['no model', () => ['summary', scratchFile('plain.py', 'import keras\nx = 1\n')], 6, /no Keras model/],
    ['lower, no model', () => ['lower', scratchFile('plain2.py', 'x = 1\n')], 6, /no Keras model/],
    [
      'verify, no interpreter',
      () => ['verify', fixture('seed_mlp.py'), '--python', join(scratch, 'no-python')],
      9,
      /no Python interpreter at/,
    ],
    [
      'verify, an interpreter without TensorFlow',
      () => [
        'verify',
        fixture('seed_mlp.py'),
        '--python',
        scratchFile('fake-python', '#!/bin/sh\nexec python3 -I -S "$@"\n', 0o755),
      ],
      9,
      /cannot import TensorFlow and Keras .*install tensorflow/,
    ],
  ];
  for (const [name, args, code, message] of cases) {
    test(name, () => {
      const { status, stdout, stderr } = run(...args());
      assert.equal(status, code, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.equal(stderr.trimEnd().split('\n').length, 1, `more than one line:\n${stderr}`);
    });
  }

  test('--help documents every exit code', () => {
    const { status, stdout } = run('--help');
    assert.equal(status, 0);
    for (const code of [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
      assert.match(stdout, new RegExp(`^  ${code}  `, 'm'));
  });
});

describe('lower', () => {
  const parses = (text: string) => !new PythonDocument(text, 0).tree.rootNode.hasError;

  test('prints the lowered file', () => {
    const { status, stdout, stderr } = run('lower', fixture('seed_cnn.py'));
    assert.equal(status, 0, stderr);
    assert.ok(parses(stdout), 'the lowered file does not parse');
    assert.notEqual(stdout, readFileSync(fixture('seed_cnn.py'), 'utf8'));
    assert.match(stdout, /^import tensorflow as tf$/m);
  });

  test('--diff prints a unified diff', () => {
    const { status, stdout, stderr } = run('lower', fixture('seed_cnn.py'), '--diff');
    assert.equal(status, 0, stderr);
    assert.match(stdout, /^--- .*seed_cnn\.py/m);
    assert.match(stdout, /^\+\+\+ .*seed_cnn\.py/m);
    assert.match(stdout, /^@@ -\d+(,\d+)? \+\d+(,\d+)? @@/m);
    assert.match(stdout, /^\+/m);
  });

  test('-o writes the standalone module in module mode', () => {
    const out = join(scratch, 'cnn_module.py');
    const { status, stdout, stderr } = run('lower', fixture('seed_cnn.py'), '-o', out);
    assert.equal(status, 0, stderr);
    assert.equal(stdout, '');
    const { standalone } = JSON.parse(run('lower', fixture('seed_cnn.py'), '--json').stdout);
    assert.equal(typeof standalone, 'string');
    assert.equal(readFileSync(out, 'utf8'), standalone);
    assert.ok(parses(standalone));
    assert.match(standalone, /^import tensorflow as tf$/m);
  });

  test('-o writes the lowered file in layer mode, the same text as stdout', () => {
    const out = join(scratch, 'cnn_layers.py');
    const { status, stderr } = run('lower', fixture('seed_cnn.py'), '--mode', 'layer', '-o', out);
    assert.equal(status, 0, stderr);
    assert.equal(readFileSync(out, 'utf8'), run('lower', fixture('seed_cnn.py'), '--mode', 'layer').stdout);
  });

  test('--write rewrites the file in place', () => {
    const copy = join(scratch, 'seed_mlp.py');
    copyFileSync(fixture('seed_mlp.py'), copy);
    const expected = run('lower', copy).stdout;
    const { status, stderr } = run('lower', copy, '--write');
    assert.equal(status, 0, stderr);
    assert.equal(readFileSync(copy, 'utf8'), expected);
  });

  test('--json prints the lowering result and the text', () => {
    const { status, stdout, stderr } = run('lower', fixture('seed_mlp.py'), '--json');
    assert.equal(status, 0, stderr);
    const result = JSON.parse(stdout);
    assert.equal(result.ok, true);
    assert.ok(Array.isArray(result.edits) && result.edits.length > 0);
    assert.equal(result.text, run('lower', fixture('seed_mlp.py')).stdout);
  });

  test('--layer lowers one layer in layer mode', () => {
    const { status, stdout, stderr } = run('lower', fixture('seed_cnn.py'), '--layer', 'conv2d');
    assert.equal(status, 0, stderr);
    assert.ok(parses(stdout));
    assert.match(stdout, /keras\.layers\.MaxPooling2D/, 'the other layers stay Keras');
  });

  test('an unknown layer and conflicting outputs are errors', () => {
    assert.equal(run('lower', fixture('seed_cnn.py'), '--layer', 'nope').status, 6);
    assert.equal(run('lower', fixture('seed_cnn.py'), '--diff', '--write').status, 2);
    assert.equal(run('lower', fixture('seed_cnn.py'), '--mode', 'graph').status, 2);
  });

  test('a CRLF file keeps every byte outside the edits', () => {
    const original = readFileSync(fixture('seed_cnn.py'), 'utf8').replace(/\n/g, '\r\n');
    const { status, stdout, stderr } = run('lower', scratchFile('crlf_cnn.py', original), '--json');
    assert.equal(status, 0, stderr);
    const { edits, text } = JSON.parse(stdout);
    const applied = applyTextEdits(original, edits);
    assert.equal(text, applied.text);
    assert.ok(text.startsWith(original.slice(0, applied.firstStart)), 'bytes before the first edit changed');
    assert.ok(text.endsWith(original.slice(applied.lastEnd)), 'bytes after the last edit changed');
    assert.ok(parses(text));
  });
});

describe('rules', () => {
  test('--json lists rules and activations', () => {
    const { status, stdout, stderr } = run('rules', '--json');
    assert.equal(status, 0, stderr);
    const { rules, activations } = JSON.parse(stdout);
    assert.ok(Array.isArray(rules) && Array.isArray(activations));
    assert.ok(
      rules.some((rule: { classes: string[] }) => rule.classes.includes('Conv2D')),
      'no Conv2D rule',
    );
    assert.ok(activations.includes('relu'), 'relu is not listed');
  });
});
