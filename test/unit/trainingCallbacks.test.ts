// fit(callbacks=[...]): EarlyStopping and ModelCheckpoint written out into the module, everything else
// refused at its range. The numbers are proven by test/oracle/training/test_callbacks.py.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText, applyEdits, hoverAt, lower } from '../../server/src/core/index.ts';
import { parsePython } from '../../server/src/core/parse/document.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const source = (callbacks: string, metrics = ''): string =>
  'import keras\n' +
  'm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])\n' +
  `m.compile(optimizer="sgd", loss="categorical_crossentropy"${metrics})\n` +
  `m.fit(xs, ys, epochs=9, callbacks=[${callbacks}])\n`;

function lowered(text: string): { text: string; notes: string[] } {
  const result = lower(analyzeText(text), { kind: 'model', variable: 'm' }, 'module');
  assert.ok(result.ok);
  const out = applyEdits(text, result.edits);
  assert.equal(parsePython(out).rootNode.hasError, false);
  return { text: out, notes: result.notes };
}

describe('training callbacks', () => {
  it('writes EarlyStopping out with its constants, and fit() runs it after each epoch', () => {
    const { text, notes } = lowered(
      source(
        'keras.callbacks.EarlyStopping(monitor="val_accuracy", min_delta=-0.5, patience=3, baseline=0.9, restore_best_weights=True, start_from_epoch=2)',
        ', metrics=["accuracy"]',
      ),
    );
    assert.deepEqual(
      notes.filter((note) => note.includes('not lowered')),
      [],
    );
    assert.match(text, /run_callbacks=True,\n\s+\):/);
    assert.match(text, /stop_training = self\._early_stopping_epoch_end\(early_stopping, epoch, logs\)/);
    // "accuracy" is maximized in auto mode; min_delta is taken as its absolute value, as Keras does.
    assert.match(text, /self\._monitor_improved\(current, state\["best"\], 0\.5, "max"\)/);
    assert.match(text, /if self\._monitor_improved\(current, 0\.9, 0\.5, "max"\):\n\s+state\["wait"\] = 0/);
    assert.match(text, /if current is None or epoch < 2:/);
    assert.match(text, /if state\["wait"\] >= 3 and epoch > 0:/);
    assert.match(text, /for variable, value in zip\(self\.model_variables\(\), state\["best_weights"\]\):/);
    assert.match(
      text,
      /def model_variables\(self\):\n.*\n\s+return \[self\.dense_kernel, self\.dense_bias\]/,
    );
  });

  it('writes ModelCheckpoint out as a tf.train.Checkpoint at the formatted path, and says why', () => {
    const { text } = lowered(
      source(
        'keras.callbacks.ModelCheckpoint("out/{epoch:02d}-{loss:.2f}.keras", monitor="loss", save_best_only=True)',
      ),
    );
    assert.match(
      text,
      /filepath = "out\/\{epoch:02d\}-\{loss:\.2f\}\.keras"\.format\(epoch=epoch \+ 1, \*\*logs\)/,
    );
    assert.match(text, /path = filepath\[: -len\("\.keras"\)\] \+ "\.ckpt"/);
    assert.match(
      text,
      /has no Keras file format, so this writes a TensorFlow checkpoint \(tf\.train\.Checkpoint\)/,
    );
    assert.match(text, /self\._training_checkpoint\(False\)\.write\(path\)/);
    assert.match(text, /def restore_checkpoint\(self, path, weights_only=False\):/);
  });

  it('leaves fit() without callbacks as it was', () => {
    const { text } = lowered(source(''));
    assert.doesNotMatch(text, /run_callbacks|model_variables/);
  });

  const refused: Array<[string, string, RegExp]> = [
    [
      'another callback',
      'keras.callbacks.ReduceLROnPlateau()',
      /callback `keras\.callbacks\.ReduceLROnPlateau` is not lowered/,
    ],
    ['a custom callback', 'my_callback', /callback `.*` is not lowered/],
    [
      'a wrong file suffix',
      'keras.callbacks.ModelCheckpoint("w.h5", save_weights_only=True)',
      /must end in `\.weights\.h5`/,
    ],
    [
      'save_freq in batches',
      'keras.callbacks.ModelCheckpoint("m.keras", save_freq=100)',
      /only save_freq="epoch"/,
    ],
    [
      'an unknown direction',
      'keras.callbacks.EarlyStopping(monitor="val_auc")',
      /cannot tell whether `val_auc`/,
    ],
    ['an unknown mode', 'keras.callbacks.EarlyStopping(mode="up")', /mode="up" is not one of/],
    [
      'an unknown argument',
      'keras.callbacks.EarlyStopping(wait=3)',
      /`wait` is not an argument of EarlyStopping\(\)/,
    ],
    [
      'a non-constant patience',
      'keras.callbacks.EarlyStopping(patience=n)',
      /`n` in EarlyStopping\(\) is not a number/,
    ],
    [
      'two of a kind',
      'keras.callbacks.EarlyStopping(), keras.callbacks.EarlyStopping()',
      /two EarlyStopping callbacks/,
    ],
  ];
  for (const [what, callbacks, message] of refused)
    it(`refuses ${what} at its range, and the training with it`, () => {
      const text = source(callbacks);
      const { text: out, notes } = lowered(text);
      assert.doesNotMatch(out, /def train_step/);
      const note = notes.find((candidate) => message.test(candidate));
      assert.ok(note, `no note matches ${message}: ${notes.join('\n')}`);
      // line:column of the argument, one-based, on the fit() line, within `callbacks=[...]`.
      const [, line, column] = /^(\d+):(\d+): training not lowered: /.exec(note) ?? [];
      assert.equal(line, '4', note);
      assert.ok(Number(column) > 'm.fit(xs, ys, epochs=9, '.length, note);
    });
});

describe('hover on compile() and fit()', () => {
  const at = (text: string, needle: string): { line: number; character: number } => {
    const lines = text.split('\n');
    const line = lines.findIndex((candidate) => candidate.includes(needle));
    return { line, character: lines[line]!.indexOf(needle) + 2 };
  };

  it('says what the training lowering writes out', () => {
    const text = source('keras.callbacks.EarlyStopping(monitor="loss")');
    const hover = hoverAt(analyzeText(text), at(text, 'm.compile('));
    assert.ok(hover);
    assert.match(hover.markdown, /^\*\*Training lowered\*\*/);
    assert.match(hover.markdown, /Optimizer: `SGD\(learning_rate=0\.01, momentum=0, nesterov=False\)`/);
    assert.match(hover.markdown, /from the output layer's logits/);
    assert.match(hover.markdown, /Callback written out: `keras\.callbacks\.EarlyStopping\(monitor="loss"\)`/);
  });

  it('lists each refusal with line:col on the fit() call too', () => {
    const text = source('keras.callbacks.TerminateOnNaN()');
    const hover = hoverAt(analyzeText(text), at(text, 'm.fit('));
    assert.ok(hover);
    assert.match(hover.markdown, /^\*\*Training not lowered\*\*/);
    assert.match(hover.markdown, /- line 4:\d+: callback `keras\.callbacks\.TerminateOnNaN` is not lowered/);
  });
});
