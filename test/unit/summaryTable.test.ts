// The summary table against what Keras 3.15.1 prints, for a branching model built without the engine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LayerInfo, ModelInfo } from '../../server/src/core/index.ts';
import { formatModelSummary, readableSize } from '../../server/src/cli/summaryTable.ts';

const nowhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function layer(
  name: string,
  cls: string,
  outputShape: LayerInfo['outputShape'],
  params: number,
  connectedTo: string[],
) {
  return {
    id: `m/${name}`,
    name,
    class: cls,
    outputShape,
    params,
    connectedTo,
    range: nowhere,
    status: 'exact' as const,
    reasons: [],
    weights: [],
  };
}

test('a branching functional model gets the Connected to column, wrapped and cut like rich does', () => {
  const model: ModelInfo = {
    variable: 'm',
    name: 'my_model',
    class: 'Functional',
    range: nowhere,
    layers: [
      layer('input_layer_1', 'InputLayer', [null, 32, 32, 3], 0, []),
      layer('conv2d', 'Conv2D', [null, 32, 32, 16], 448, ['input_layer_1']),
      layer('conv2d_1', 'Conv2D', [null, 32, 32, 16], 448, ['input_layer_1']),
      layer('add', 'Add', [null, 32, 32, 16], 0, ['conv2d', 'conv2d_1']),
      layer('flatten', 'Flatten', [null, 16384], 0, ['add']),
      layer('a_very_long_layer_name_that_goes_beyond_the_column', 'Dense', [null, 10], 163_850, ['flatten']),
    ],
    totalParams: 164_746,
    trainableParams: 164_746,
    nonTrainableParams: 0,
  };
  // Printed by Keras 3.15.1 (COLUMNS=200) for the same graph.
  const keras = `Model: "my_model"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                  ┃ Output Shape              ┃         Param # ┃ Connected to               ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ input_layer_1 (InputLayer)    │ (None, 32, 32, 3)         │               0 │ -                          │
├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤
│ conv2d (Conv2D)               │ (None, 32, 32, 16)        │             448 │ input_layer_1[0][0]        │
├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤
│ conv2d_1 (Conv2D)             │ (None, 32, 32, 16)        │             448 │ input_layer_1[0][0]        │
├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤
│ add (Add)                     │ (None, 32, 32, 16)        │               0 │ conv2d[0][0],              │
│                               │                           │                 │ conv2d_1[0][0]             │
├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤
│ flatten (Flatten)             │ (None, 16384)             │               0 │ add[0][0]                  │
├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤
│ a_very_long_layer_name_that_… │ (None, 10)                │         163,850 │ flatten[0][0]              │
│ (Dense)                       │                           │                 │                            │
└───────────────────────────────┴───────────────────────────┴─────────────────┴────────────────────────────┘
 Total params: 164,746 (643.54 KB)
 Trainable params: 164,746 (643.54 KB)
 Non-trainable params: 0 (0.00 B)`;
  assert.equal(formatModelSummary(model), keras);
});

test('a functional chain keeps the three-column layout, as Keras does', () => {
  const model: ModelInfo = {
    variable: 'm',
    name: 'functional',
    class: 'Functional',
    range: nowhere,
    layers: [
      layer('input_layer', 'InputLayer', [null, 'timesteps', 8], 0, []),
      layer('lstm', 'LSTM', [null, 64], 18_688, ['input_layer']),
    ],
    totalParams: 18_688,
    trainableParams: 18_688,
    nonTrainableParams: 0,
  };
  const text = formatModelSummary(model);
  assert.ok(!text.includes('Connected to'));
  assert.match(text, /│ input_layer \(InputLayer\) +│ \(None, timesteps, 8\) +│ +0 │/);
});

test('sizes are formatted like Python, ties to even', () => {
  assert.equal(readableSize(0), '0.00 B');
  assert.equal(readableSize(448), '448.00 B');
  assert.equal(readableSize(288 * 4), '1.12 KB');
  assert.equal(readableSize(101_770 * 4), '397.54 KB');
  assert.equal(readableSize(3 * 1024 * 1024), '3.00 MB');
});
