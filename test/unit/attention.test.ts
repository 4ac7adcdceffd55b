// Attention layers: what lowers, and the call-time arguments and masks that refuse it.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const program = (call: string, extra = ''): string =>
  `import keras\nq = keras.Input((5, 6))\nv = keras.Input((7, 3))\n${extra}a = ${call}\nm = keras.Model([q, v], a)\n`;

const attentionLayer = (text: string) =>
  analyzeText(text).models[0]!.layers.find((layer) => layer.class !== 'InputLayer')!;

describe('attention layers', () => {
  it('MultiHeadAttention on (query, value) lowers exactly, with the query/key/value/output weights', () => {
    const layer = attentionLayer(program('keras.layers.MultiHeadAttention(2, 4)(q, v)'));
    assert.equal(layer.status, 'exact');
    assert.deepEqual(layer.outputShape, [null, 5, 6]);
    assert.equal(layer.params, 6 * 8 + 8 + 3 * 8 + 8 + 3 * 8 + 8 + 8 * 6 + 6);
  });

  it('dropout makes training differ (another random stream)', () => {
    const layer = attentionLayer(program('keras.layers.MultiHeadAttention(2, 4, dropout=0.1)(q, v)'));
    assert.equal(layer.status, 'differs');
  });

  for (const argument of ['use_causal_mask=True', 'return_attention_scores=True', 'attention_mask=q']) {
    it(`a call passing ${argument} refuses, at that argument`, () => {
      const text = program(`keras.layers.MultiHeadAttention(2, 4)(q, v, ${argument})`);
      const layer = attentionLayer(text);
      assert.equal(layer.status, 'refused');
      const reason = layer.reasons.find((r) => r.message.includes(argument.split('=')[0]!))!;
      const line = text.split('\n')[reason.range.start.line]!;
      assert.equal(line.slice(reason.range.start.character, reason.range.end.character), argument);
    });
  }

  it('use_causal_mask=False is the default and lowers', () => {
    const layer = attentionLayer(
      program('keras.layers.MultiHeadAttention(2, 4)(q, v, use_causal_mask=False)'),
    );
    assert.equal(layer.status, 'exact');
  });

  it('a file making Keras masks refuses Attention', () => {
    const extra = 'ids = keras.Input((5,))\ne = keras.layers.Embedding(10, 6, mask_zero=True)(ids)\n';
    const layer = attentionLayer(program('keras.layers.Attention()([q, q])', extra));
    assert.equal(layer.status, 'refused');
    assert.match(layer.reasons.map((r) => r.message).join(';'), /mask_zero/);
  });

  it('AdditiveAttention with use_scale has one scale per feature', () => {
    const layer = attentionLayer(program('keras.layers.AdditiveAttention()([q, q])'));
    assert.equal(layer.status, 'exact');
    assert.equal(layer.params, 6);
  });
});
