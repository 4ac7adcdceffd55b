// The training lowering on plain strings: compile()/fit() into the module, the logits fusion, refusals.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText, applyEdits, lower } from '../../server/src/core/index.ts';
import { parsePython } from '../../server/src/core/parse/document.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const model = (head: string, compile: string, rest = ''): string =>
  `import keras\nm = keras.Sequential([keras.Input((4,)), ${head}])\nm.compile(${compile})\n${rest}`;

function lowered(text: string): { text: string; notes: string[] } {
  const result = lower(analyzeText(text), { kind: 'model', variable: 'm' }, 'module');
  assert.ok(result.ok);
  const out = applyEdits(text, result.edits);
  assert.equal(parsePython(out).rootNode.hasError, false);
  return { text: out, notes: result.notes };
}

describe('training lowering', () => {
  it('fuses a final softmax into categorical crossentropy (no double softmax)', () => {
    const { text } = lowered(
      model(
        'keras.layers.Dense(3, activation="softmax")',
        'optimizer="adam", loss="categorical_crossentropy"',
      ),
    );
    assert.match(text, /def __call__\(self, x, training=False, return_logits=False\):/);
    assert.match(text, /logits = dense\n\s+dense = tf\.nn\.softmax\(logits, axis=-1\)/);
    assert.match(text, /softmax_cross_entropy_with_logits\(labels=y_true, logits=logits, axis=-1\)/);
    assert.match(text, /beta_1_power = tf\.pow\(tf\.constant\(0\.9, tf\.float32\), local_step\)/);
  });

  it('uses clipped probabilities where no logits exist, and leaves __call__ alone', () => {
    const { text } = lowered(
      model('keras.layers.Dense(3, activation="relu")', 'loss="categorical_crossentropy"'),
    );
    assert.doesNotMatch(text, /return_logits/);
    assert.match(text, /tf\.clip_by_value\(probabilities, 1e-7, 1\.0 - 1e-7\)/);
    // compile()'s default optimizer is RMSprop.
    assert.match(text, /RMSprop's step/);
  });

  it('takes fit() constants as the defaults of the generated fit()', () => {
    const { text } = lowered(
      model(
        'keras.layers.Dense(1, activation="sigmoid")',
        'optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss="bce", metrics=["accuracy"]',
        'm.fit(xs, ys, epochs=4, batch_size=8, shuffle=False)\n',
      ),
    );
    assert.match(text, /batch_size=8,\n\s+epochs=4,/);
    assert.match(text, /shuffle=False,/);
    assert.match(text, /sigmoid_cross_entropy_with_logits\(labels=y_true, logits=logits\)/);
    assert.match(text, /m\.assign\(m \* momentum - gradient \* learning_rate\)/);
  });

  it('refuses what it cannot lower exactly, at the argument, without blocking the model', () => {
    const text = model('keras.layers.Dense(3)', 'optimizer="nadam", loss=my_loss');
    const { text: out, notes } = lowered(text);
    assert.match(out, /class MTF\(tf\.Module\):/);
    assert.match(out, /# Training is not lowered/);
    assert.doesNotMatch(out, /def train_step/);
    assert.ok(notes.some((note) => note.startsWith('3:') && note.includes('"nadam"')));
    assert.ok(notes.some((note) => note.includes('my_loss')));
  });

  it('keeps a refusal quoting a multi-line loss on one comment line, without line numbers that would move', () => {
    const text = model(
      'keras.layers.Dense(3)',
      'optimizer="adam",\n    loss={\n        "a": my_loss,\n        "b": "mse",\n    },\n',
    );
    const { text: out } = lowered(text);
    assert.match(out, /\n {4}# {3}loss `\{ "a": my_loss, "b": "mse", \}` is not a Keras loss/);
    assert.equal(lowered(out).text, out);
  });

  it('refuses unknown keyword arguments', () => {
    const { notes } = lowered(
      model(
        'keras.layers.Dense(3)',
        'loss="mse", optimizer=keras.optimizers.Adam(lr=0.1)',
        'm.fit(xs, ys)\n',
      ),
    );
    assert.ok(notes.some((note) => note.includes('`lr` is not an argument of Adam()')));
  });
});
