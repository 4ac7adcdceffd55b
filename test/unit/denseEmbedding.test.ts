// Embedding, Masking, EinsumDense and the initializers: what is lowered, what is refused and why.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText, applyEdits, lower } from '../../server/src/core/index.ts';
import type { Value } from '../../server/src/core/model/values.ts';
import type { CallArguments } from '../../server/src/core/layers/config.ts';
import { readInitializer } from '../../server/src/core/layers/weights.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const layerOf = (text: string, index = 0) => analyzeText(text).models[0]!.layers[index]!;
/** The file after lowering model `m` in module mode. */
function moduleOf(text: string): string {
  const result = lower(analyzeText(text), { kind: 'model', variable: 'm' }, 'module');
  assert.ok(result.ok);
  return applyEdits(text, result.edits);
}
const sequential = (...layers: string[]) =>
  `import keras\nm = keras.Sequential([keras.Input((5,), dtype="int32"), ${layers.join(', ')}])\n`;

const num = (value: number): Value => ({ kind: 'number', value, isInt: Number.isInteger(value) });
/** A `keras.initializers.<cls>(...)` call as the evaluator hands it over (nodes unused here). */
function call(cls: string, positional: Value[], keywords: Record<string, Value> = {}): Value {
  const args = {
    positional: positional.map((value) => ({ value })),
    keywords: new Map(Object.entries(keywords).map(([name, value]) => [name, { value }])),
  } as unknown as CallArguments;
  return { kind: 'kerasObject', path: `keras.initializers.${cls}`, call: undefined as never, args };
}

describe('Embedding and Masking', () => {
  it('Embedding lowers; its default initializer is RandomUniform(-0.05, 0.05)', () => {
    const layer = layerOf(sequential('keras.layers.Embedding(10, 4)'));
    assert.equal(layer.status, 'exact');
    const text = moduleOf(sequential('keras.layers.Embedding(10, 4)'));
    assert.match(text, /tf\.random\.uniform\(\(10, 4\), -0\.05, 0\.05\)/);
    assert.match(text, /tf\.gather\(self\.embedding_embeddings, embedding_ids, axis=0\)/);
  });

  it('mask_zero=True is refused at the argument: masks are not propagated', () => {
    const text = sequential('keras.layers.Embedding(10, 4, mask_zero=True)');
    const layer = layerOf(text);
    assert.equal(layer.status, 'refused');
    assert.match(layer.reasons[0]!.message, /mask_zero=True.*does not propagate masks/);
    const range = layer.reasons[0]!.range;
    assert.equal(text.split('\n')[1]!.slice(range.start.character, range.end.character), 'mask_zero=True');
  });

  it('Masking is refused with its reason', () => {
    const text = 'import keras\nm = keras.Sequential([keras.Input((5, 3)), keras.layers.Masking(0.0)])\n';
    const layer = layerOf(text);
    assert.equal(layer.status, 'refused');
    assert.ok(layer.reasons.some((reason) => /passes a mask on/.test(reason.message)));
  });
});

describe('EinsumDense', () => {
  const einsum = (args: string) =>
    `import keras\nm = keras.Sequential([keras.Input((5, 8)), keras.layers.EinsumDense(${args})])\n`;

  it('lowers; a VarianceScaling kernel takes its fans over the einsum axes', () => {
    const text = einsum('"abc,cde->abde", (None, 3, 4), bias_axes="de"');
    assert.equal(layerOf(text).status, 'exact');
    const out = moduleOf(text);
    assert.match(out, /_variance_scaling\(\(8, 3, 4\), fan_in=8, fan_out=12,/);
    assert.match(out, /tf\.einsum\("abc,cde->abde"/);
  });

  it('a bias over an output axis of unknown size is a shape error, as in Keras', () => {
    const layer = layerOf(einsum('"abc,cde->abde", (None, 3, 4), bias_axes="be"'));
    assert.notEqual(layer.status, 'exact');
  });

  it('quantization and LoRA arguments are refused', () => {
    const layer = layerOf(einsum('"abc,cd->abd", (None, 6), lora_rank=4'));
    assert.equal(layer.status, 'refused');
    assert.match(layer.reasons[0]!.message, /LoRA/);
  });
});

describe('initializers', () => {
  it('names are looked up exactly as Keras does (case-sensitive, aliases included)', () => {
    assert.deepEqual(readInitializer({ kind: 'string', value: 'GlorotUniform' }), { kind: 'glorot_uniform' });
    assert.deepEqual(readInitializer({ kind: 'string', value: 'uniform' }), {
      kind: 'random_uniform',
      minval: -0.05,
      maxval: 0.05,
    });
    assert.deepEqual(readInitializer({ kind: 'string', value: 'OrthogonalInitializer' }), {
      kind: 'orthogonal',
      gain: 1,
    });
    assert.equal(typeof readInitializer({ kind: 'string', value: 'Glorot_Uniform' }), 'string');
    assert.match(readInitializer({ kind: 'string', value: 'constant' }) as string, /Keras raises/);
    assert.match(readInitializer({ kind: 'string', value: 'stft' }) as string, /STFT/);
  });

  it('keras.initializers.X(...) calls with literal arguments, integer seeds honoured', () => {
    assert.deepEqual(readInitializer(call('RandomUniform', [num(-0.2), num(0.3)])), {
      kind: 'random_uniform',
      minval: -0.2,
      maxval: 0.3,
    });
    assert.deepEqual(
      readInitializer(call('VarianceScaling', [], { distribution: { kind: 'string', value: 'Normal' } })),
      {
        kind: 'variance_scaling',
        scale: 1,
        mode: 'fan_in',
        distribution: 'truncated_normal',
      },
    );
    assert.deepEqual(readInitializer(call('HeNormal', [], { seed: num(5) })), { kind: 'he_normal', seed: 5 });
    assert.deepEqual(readInitializer({ kind: 'ref', path: 'keras.initializers.HeUniform' }), {
      kind: 'he_uniform',
    });
  });

  it('refuses what it cannot reproduce, with the reason', () => {
    const seedGenerator: Value = { kind: 'unknown', reason: 'a SeedGenerator' };
    assert.match(
      readInitializer(call('RandomNormal', [], { seed: seedGenerator })) as string,
      /integer literal seeds/,
    );
    assert.match(readInitializer(call('VarianceScaling', [num(0)])) as string, /scale must be positive/);
    assert.match(readInitializer(call('RandomNormal', [], { sigma: num(1) })) as string, /not an argument/);
    assert.match(
      readInitializer({ kind: 'function', name: 'init' } as unknown as Value) as string,
      /callables/,
    );
    assert.match(readInitializer({ kind: 'none' }) as string, /None/);
  });
});
