// Notebooks as programs (core/notebook): IPython lines blanked in place, the position map both ways, the
// engine's edits split into cells, and a rewritten .ipynb equal byte for byte outside the changed sources.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  analyzeText,
  applyCellEdits,
  applyProgramEdits,
  blankMagics,
  commentMagics,
  lower,
  NotebookProgram,
  plainPython,
  readIpynb,
  toCellEdits,
  toSummaryJson,
} from '../../server/src/core/index.ts';
import { cpythonSyntaxErrors } from '../support/cpython.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

describe('IPython lines', () => {
  test('magics and shell lines become spaces of the same length; Python stays', () => {
    const cell =
      '%matplotlib inline\n!pip install -q keras\nfiles = !ls data\nx = 1  # %not a magic\nmodel.fit?';
    assert.equal(
      blankMagics(cell),
      `${' '.repeat(18)}\n${' '.repeat(21)}\n${' '.repeat(16)}\nx = 1  # %not a magic\n${' '.repeat(10)}`,
    );
  });

  test('a %% cell magic blanks the whole cell; a \\ continues a line magic', () => {
    assert.equal(blankMagics('%%capture\nimport keras\nx = 2'), '         \n            \n     ');
    assert.equal(blankMagics('!pip install \\\n  keras\ny = 3'), '              \n       \ny = 3');
  });

  test('an indented magic keeps its block a body (pass), a CRLF line keeps its \\r', () => {
    const cell = 'if IN_COLAB:\n    !pip install keras-hub\r\nimport keras';
    const blanked = blankMagics(cell);
    assert.equal(blanked, `if IN_COLAB:\n${'    pass'.padEnd(26)}\r\nimport keras`);
    assert.deepEqual(cpythonSyntaxErrors([blanked, commentMagics(cell)]), [null, null]);
    assert.equal(commentMagics(cell), 'if IN_COLAB:\n    pass  # !pip install keras-hub\r\nimport keras');
  });
});

describe('the position map', () => {
  const program = new NotebookProgram([
    { key: '1', text: '!pip install keras\nimport keras' },
    { key: '3', text: 'inputs = keras.Input((4,))\n' },
    { key: '4', text: 'outputs = keras.layers.Dense(2)(inputs)' },
  ]);

  test('cells in order, one line break between them, line counts kept', () => {
    assert.equal(
      program.text,
      `${' '.repeat(18)}\nimport keras\ninputs = keras.Input((4,))\n\noutputs = keras.layers.Dense(2)(inputs)`,
    );
    assert.deepEqual(
      program.cells.map(({ key, startLine, lineCount }) => [key, startLine, lineCount]),
      [
        ['1', 0, 2],
        ['3', 2, 2],
        ['4', 4, 1],
      ],
    );
  });

  test('positions both ways', () => {
    assert.deepEqual(program.toCell({ line: 4, character: 10 }), {
      cell: 2,
      position: { line: 0, character: 10 },
    });
    assert.deepEqual(program.toProgram(2, { line: 0, character: 10 }), { line: 4, character: 10 });
    assert.deepEqual(program.toCell({ line: 3, character: 0 }), {
      cell: 1,
      position: { line: 1, character: 0 },
    });
    assert.equal(
      program.rangeToCell({ start: { line: 2, character: 0 }, end: { line: 4, character: 1 } }),
      undefined,
    );
    for (let line = 0; line < 5; line++) {
      const { cell, position } = program.toCell({ line, character: 3 });
      assert.deepEqual(program.toProgram(cell, position), { line, character: 3 });
    }
  });

  test('offsets both ways, at every offset of the program', () => {
    for (let offset = 0; offset <= program.text.length; offset++) {
      const { cell, offset: inCell } = program.offsetToCell(offset);
      assert.equal(program.offsetToProgram(cell, inCell), offset, `offset ${offset}`);
    }
    assert.deepEqual(program.offsetToCell(program.text.indexOf('Dense')), {
      cell: 2,
      offset: 'outputs = keras.layers.'.length,
    });
  });
});

// The shape of a keras.io example: imports in one cell, the model built over the next two.
const cells = [
  '!pip install -q keras\n%matplotlib inline',
  'import keras\nfrom keras import layers',
  'inputs = keras.Input(shape=(28, 28, 1))\nx = layers.Conv2D(32, 3, activation="relu")(inputs)',
  'x = layers.Flatten()(x)\noutputs = layers.Dense(10)(x)\nmodel = keras.Model(inputs, outputs)',
  'model.summary()',
];

function summaryOf(text: string) {
  return toSummaryJson(analyzeText(text)).models.map((model) =>
    model.layers.map((layer) => [layer.class.replace(/^Tf/, ''), layer.outputShape, layer.params]),
  );
}

describe('edits into cells', () => {
  const program = new NotebookProgram(cells.map((text, index) => ({ key: String(index), text })));

  test('a model built across cells is one model', () => {
    const [model] = toSummaryJson(analyzeText(program.text)).models;
    assert.equal(model?.totalParams, 320 + 10 * (26 * 26 * 32) + 10);
  });

  test('layer mode: the classes go on top of the first cell that uses them, which still parses', () => {
    const result = lower(analyzeText(program.text), { kind: 'model', variable: 'model' }, 'layer');
    assert.ok(result.ok);
    const placed = toCellEdits(program, result.edits);
    assert.ok(placed.ok);
    assert.deepEqual([...placed.cells.keys()].sort(), [2, 3]);
    const after = applyCellEdits(cells, placed.cells);
    assert.deepEqual([after[0], after[1], after[4]], [cells[0], cells[1], cells[4]]);
    assert.match(after[2]!, /^import tensorflow as tf\n\n\nclass TfConv2D\(/);
    assert.match(after[2]!, /\n\n\ninputs = keras\.Input/);
    assert.deepEqual(
      cpythonSyntaxErrors(after.map(blankMagics)),
      after.map(() => null),
    );
    const relowered = new NotebookProgram(after.map((text, index) => ({ key: String(index), text })));
    assert.deepEqual(summaryOf(relowered.text), summaryOf(program.text));
  });

  test('module mode: the tf.Module follows the model in its own cell; the tf import joins the imports cell', () => {
    const result = lower(analyzeText(program.text), { kind: 'model', variable: 'model' }, 'module');
    assert.ok(result.ok);
    const placed = toCellEdits(program, result.edits);
    assert.ok(placed.ok);
    const after = applyCellEdits(cells, placed.cells);
    assert.equal(after[1], `${cells[1]}\nimport tensorflow as tf`);
    assert.ok(after[3]!.startsWith(`${cells[3]}\n\n\nclass `), after[3]);
    assert.deepEqual(
      cpythonSyntaxErrors(after.map(blankMagics)),
      after.map(() => null),
    );
  });

  test('an edit across two cells is refused', () => {
    const edit = { range: { start: { line: 3, character: 0 }, end: { line: 5, character: 1 } }, newText: '' };
    const placed = toCellEdits(program, [edit]);
    assert.equal(placed.ok, false);
  });
});

/** The notebook as Jupyter writes it: one-space indentation, sorted keys, a line break at the end. */
function jupyterJson(sources: string[], sourceAsString = false): string {
  const notebook = {
    cells: sources.map((source, index) => ({
      cell_type: index === 0 ? 'markdown' : 'code',
      ...(index === 0
        ? {}
        : { execution_count: index, outputs: [{ name: 'stdout', output_type: 'stream', text: ['ok é\n'] }] }),
      metadata: { tags: [] },
      source: sourceAsString ? source : source.split(/(?<=\n)/),
    })),
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

describe('.ipynb round trip', () => {
  for (const sourceAsString of [false, true]) {
    test(`only the changed cells' source changes (source as ${sourceAsString ? 'a string' : 'a list'})`, () => {
      const json = jupyterJson(['# A CNN on MNIST\n\nLike keras.io.', ...cells], sourceAsString);
      const read = readIpynb(json);
      assert.ok(read.ok);
      const { notebook } = read;
      assert.deepEqual(notebook.codeCells, [1, 2, 3, 4, 5]);
      const result = lower(analyzeText(notebook.program.text), { kind: 'model', variable: 'model' }, 'layer');
      assert.ok(result.ok);
      const written = applyProgramEdits(notebook, result.edits);
      assert.ok(written.ok);
      const before = JSON.parse(json) as { cells: { source: string | string[] }[] };
      const after = JSON.parse(written.json) as typeof before;
      const changed = after.cells.flatMap((cell, index) =>
        JSON.stringify(cell.source) === JSON.stringify(before.cells[index]!.source) ? [] : [index],
      );
      assert.deepEqual(changed, [3, 4]);
      // With the old sources put back, the file is the original byte for byte.
      for (const index of changed) after.cells[index]!.source = before.cells[index]!.source;
      assert.equal(`${JSON.stringify(after, null, 1)}\n`, json);
      // The rewritten file is what Jupyter itself would write for the new sources.
      const expected = jupyterJson(
        ['# A CNN on MNIST\n\nLike keras.io.', ...written.codeSources],
        sourceAsString,
      );
      assert.equal(written.json, expected);
      const newCells = changed.map((index) => [after.cells[index]!.source].flat().join(''));
      assert.deepEqual(cpythonSyntaxErrors(newCells), [null, null]);
    });
  }

  test('bytes outside the changed sources are kept even when not Jupyter-formatted', () => {
    const json = `{"nbformat": 4, "nbformat_minor": 2, "metadata": {},\n  "cells": [\n\t{"cell_type": "code", "source": ["import keras\\u000a", "from keras import layers"], "outputs": []},\n\t{"source": [], "cell_type": "code"}]}`;
    const read = readIpynb(json);
    assert.ok(read.ok);
    const edit = {
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
      newText: 'x = 1\ny = 2',
    };
    const written = applyProgramEdits(read.notebook, [edit]);
    assert.ok(written.ok);
    assert.equal(written.json, json.replace('"source": []', '"source": ["x = 1\\n", "y = 2"]'));
  });

  test('a plain Python file: a # %% line per cell, IPython lines commented', () => {
    const text = plainPython(cells);
    assert.ok(text.startsWith('# %%\n# !pip install -q keras\n# %matplotlib inline\n\n# %%\nimport keras\n'));
    assert.deepEqual(cpythonSyntaxErrors([text]), [null]);
  });

  test('not a notebook, or not Python', () => {
    assert.equal(readIpynb('{').ok, false);
    assert.equal(readIpynb('{"nbformat": 3, "worksheets": []}').ok, false);
    assert.equal(
      readIpynb('{"nbformat": 4, "cells": [], "metadata": {"language_info": {"name": "R"}}}').ok,
      false,
    );
  });
});
