// The editor's titles for engine offers (server/src/lsp/offerTitles.ts) on strings: a model rebound to one name
// is lowered by its key (`model#2`) but named in the title as the user wrote it.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { analyzeText, loweringOffers } from '../../server/src/core/index.ts';
import { newFileTitle, presented } from '../../server/src/lsp/offerTitles.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

it('a rebound model is titled by its variable, never by its key', () => {
  const analysis = analyzeText(`import keras
from keras import layers

model = keras.Sequential([keras.Input((4,)), layers.Dense(2)])
model = keras.Sequential([keras.Input((8,)), layers.Dense(3)])
`);
  const titles = analysis.models.flatMap((model) =>
    loweringOffers(analysis, model.range)
      .filter((offer) => offer.target.kind === 'model' && offer.mode === 'module')
      .map((offer) => presented(analysis, offer).title),
  );
  assert.deepEqual(titles, [
    'Keras: Lower model “model” to a tf.Module beside it (exact)',
    'Keras: Lower model “model” to a tf.Module beside it (exact)',
  ]);
  assert.equal(newFileTitle(analysis, 'model#2'), 'Keras: Lower model “model” to a new file…');
});
