// The repros of issue 11 (test/fixtures/repros/, copied from ../shared/repros/) as regression tests of the
// edits: each names what went wrong and checks the lowered text with CPython's own parser.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import {
  analyzeText,
  lower,
  loweringOffers,
  type LowerMode,
  type LowerTarget,
} from '../../server/src/core/index.ts';
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

  it('M03: a layer name reused after rebinding: ids are unique and each action edits its own line', () => {
    const text = repro('M03-layer-id-collision');
    const analysis = analyzeText(text);
    const ids = analysis.models.flatMap((model) => model.layers.map((layer) => layer.id));
    assert.equal(new Set(ids).size, ids.length, ids.join(', '));
    for (const line of [4, 6]) {
      const at = { line, character: text.split('\n')[line]!.indexOf('layers.Dense') };
      const offer = loweringOffers(analysis, { start: at, end: at }).find((o) => o.target.kind === 'layer');
      assert.ok(offer, `no layer offer on line ${line + 1}`);
      const { edits } = lowered(text, offer.target, 'layer');
      const call = edits.filter((edit) => edit.newText.startsWith('TfDense('));
      assert.deepEqual(
        call.map((edit) => edit.range.start.line),
        [line],
      );
    }
  });

  it('M05: after lowering Conv2D, re-analysis gives the same shapes and params', () => {
    const text = repro('M05-relowered-wrong-shapes');
    const before = analyzeText(text).models[0]!;
    const conv = before.layers.find((layer) => layer.class === 'Conv2D')!;
    const { text: result } = lowered(text, { kind: 'layer', layerId: conv.id }, 'layer');
    const after = analyzeText(result).models[0]!;
    assert.deepEqual(
      after.layers.map((layer) => [layer.name, layer.class, layer.outputShape, layer.params]),
      [
        ['tf_conv2d', 'TfConv2D', [null, 26, 26, 4], 40],
        ['max_pooling2d', 'MaxPooling2D', [null, 13, 13, 4], 0],
        ['flatten', 'Flatten', [null, 676], 0],
        ['dense', 'Dense', [null, 2], 1354],
      ],
    );
    assert.equal(after.totalParams, before.totalParams);
    const at = after.layers[0]!.range.start;
    assert.ok(
      !loweringOffers(analyzeText(result), { start: at, end: at }).some((o) => o.target.kind === 'layer'),
    );
  });

  it('M05: an edited generated class is not taken for the Keras layer', () => {
    const { text } = lowered(repro('M05-relowered-wrong-shapes'), { kind: 'file' }, 'layer');
    const edited = text.replace('tf.nn.bias_add(outputs, self.bias)', 'outputs');
    assert.notEqual(edited, text);
    const generated = analyzeText(edited).layers.map((layer) => layer.generatedClass);
    assert.ok(generated.includes('TfConv2D'));
    assert.ok(!generated.includes('TfDense'));
  });

  it('M07: module mode applied twice: the second time is a no-op and is not offered', () => {
    const text = repro('M07-module-mode-twice');
    const target: LowerTarget = { kind: 'model', variable: 'model' };
    const { text: once } = lowered(text, target, 'module');
    const again = lower(analyzeText(once), target, 'module');
    assert.ok(again.ok);
    assert.deepEqual(again.edits, []);
    assert.equal(once.match(/^class ModelTF\b/gm)?.length, 1);
    const at = { line: once.split('\n').findIndex((line) => line.startsWith('model = ')), character: 0 };
    const titles = loweringOffers(analyzeText(once), { start: at, end: at }).map((o) => o.title);
    assert.ok(!titles.some((title) => title.includes('pure TensorFlow')), titles.join(', '));
  });

  it('M07: a module class out of date with its model is regenerated in place', () => {
    const target: LowerTarget = { kind: 'model', variable: 'model' };
    const { text: once } = lowered(repro('M07-module-mode-twice'), target, 'module');
    const changed = once.replace('layers.Dense(2)', 'layers.Dense(3)');
    const { text: twice } = lowered(changed, target, 'module');
    assert.equal(twice.match(/^class ModelTF\b/gm)?.length, 1);
    assert.match(twice, /# dense \(Dense\)/);
    assert.match(twice, /shape=\(4, 3\)|\(4, 3\)/);
  });

  it('M14: layer-mode Reshape resolves -1 statically as Keras does (the class and module mode)', () => {
    const text = repro('M14-reshape-minus-one-layer-mode');
    const { text: layerMode } = lowered(text, { kind: 'model', variable: 'model' }, 'layer');
    assert.match(layerMode, /if -1 in target_shape and None not in inputs\.shape\[1:\]:/);
    const { text: moduleMode } = lowered(text, { kind: 'model', variable: 'model' }, 'module');
    assert.match(moduleMode, /tf\.reshape\(x, \(tf\.shape\(x\)\[0\], 14, 2, 1\)\)/);
  });

  it('the parse guard blames no edit for a half-typed line elsewhere in the file', () => {
    const text =
      'import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])\nx = (\n';
    const result = lower(analyzeText(text), { kind: 'model', variable: 'model' }, 'layer');
    assert.ok(result.ok, result.ok ? '' : result.reasons.map((r) => r.message).join('; '));
    assert.ok(result.edits.some((edit) => edit.newText.startsWith('TfDense(')));
  });
});
