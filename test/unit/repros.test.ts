// The repros of issue 11 (test/fixtures/repros/, copied from ../shared/repros/) as regression tests of the
// edits: each names what went wrong and checks the lowered text with CPython's own parser.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeText, lower, type LowerMode, type LowerTarget } from '../../server/src/core/index.ts';
import { applyTextEdits } from '../lsp/textEdits.ts';
import { cpythonSyntaxErrors } from '../support/cpython.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const repro = (name: string): string =>
  readFileSync(join(__dirname, '..', 'fixtures', 'repros', `${name}.py`), 'utf8');

function lowered(text: string, target: LowerTarget, mode: LowerMode) {
  const result = lower(analyzeText(text), target, mode);
  assert.ok(result.ok, result.ok ? '' : result.reasons.map((r) => r.message).join('; '));
  const applied = applyTextEdits(text, result.edits).text;
  assert.deepEqual(cpythonSyntaxErrors([applied]), [null], applied);
  return { edits: result.edits, text: applied };
}

describe('issue 11 repros', () => {
  it('M01: a Dense built in a for loop is rewritten once, at its constructor', () => {
    const text = repro('M01-loop-all-layers-overlap');
    for (const target of [{ kind: 'file' }, { kind: 'model', variable: 'model' }] as LowerTarget[]) {
      const { edits, text: result } = lowered(text, target, 'layer');
      assert.equal(edits.filter((edit) => edit.newText.startsWith('TfDense(')).length, 1);
      assert.match(
        result,
        /^for _ in range\(2\):\n {4}x = TfDense\(8\)\(x\)\nmodel = keras\.Model\(inputs, x\)\n/m,
      );
    }
  });

  it('M01: a loop whose layers lower differently is refused, not rewritten for one of them', () => {
    const text =
      'import keras\ninputs = keras.Input((4,))\nx = inputs\nfor act in ["relu", "tanh"]:\n    x = keras.layers.Dense(4, activation=act)(x)\nm = keras.Model(inputs, x)\n';
    const result = lower(analyzeText(text), { kind: 'layer', layerId: 'm/dense' }, 'layer');
    assert.ok(!result.ok);
    assert.match(
      result.reasons[0]!.message,
      /builds 2 layers \(dense, dense_1\) whose lowered arguments differ/,
    );
  });

  it('M02: a compiled model ending in Dropout lowers to a module (no internal error)', () => {
    const { text } = lowered(
      repro('M02-module-mode-dropout-last-compile'),
      { kind: 'model', variable: 'model' },
      'module',
    );
    assert.match(text, /class ModelTF\(tf\.Module\):/);
    assert.match(text, /def train_step/);
  });

  it('M04: the generated class goes before its first use, not after a later import', () => {
    const { text } = lowered(
      repro('M04-class-after-late-import'),
      { kind: 'model', variable: 'model' },
      'layer',
    );
    assert.ok(text.indexOf('class TfDense') < text.indexOf('model = keras.Sequential'));
    assert.ok(text.indexOf('import tensorflow as tf') < text.indexOf('class TfDense'));
    assert.ok(text.endsWith('\nimport numpy as np\n'));
  });

  it('M06: an import on the last line without a line break: both modes give valid Python', () => {
    const text = repro('M06-import-on-last-line-no-newline');
    assert.ok(!text.endsWith('\n'));
    for (const mode of ['layer', 'module'] as LowerMode[]) {
      const { text: result } = lowered(text, { kind: 'model', variable: 'model' }, mode);
      assert.ok(result.endsWith('import numpy as np'), mode);
      assert.ok(result.indexOf('import tensorflow as tf') < result.indexOf('model = keras.Sequential'), mode);
    }
  });
});
