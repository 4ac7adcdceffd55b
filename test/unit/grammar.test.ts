// The shape-comment injection grammar: its regexes (plain enough to read the same in JavaScript and
// Oniguruma) pick out Keras shapes in comments and nothing else.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const grammar = JSON.parse(readFileSync('syntaxes/keras-lower-shapes.tmLanguage.json', 'utf8'));
const shape = new RegExp(grammar.repository.shape.match, 'g');
const directive = new RegExp(grammar.repository.directive.begin);

test('the grammar is injected into Python comments, but never into its own matches', () => {
  // Re-injecting inside meta.shape / meta.directive recursed without end in the workbench's tokenizer.
  assert.equal(
    grammar.injectionSelector,
    'L:comment.line.number-sign.python -meta.shape.keras-lower -meta.directive.keras-lower',
  );
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.deepEqual(manifest.contributes.grammars, [
    {
      scopeName: grammar.scopeName,
      path: './syntaxes/keras-lower-shapes.tmLanguage.json',
      injectTo: ['source.python'],
    },
  ]);
});

test('shapes in comments are matched whole', () => {
  assert.deepEqual('# (None, 26, 26, 32)'.match(shape), ['(None, 26, 26, 32)']);
  assert.deepEqual('# [(None, 10), (None, 5)]'.match(shape), ['(None, 10)', '(None, 5)']);
  assert.deepEqual('# (None, timesteps, features)'.match(shape), ['(None, timesteps, features)']);
  assert.deepEqual('# (784,)'.match(shape), ['(784,)']);
});

test('ordinary parenthesised words in comments are not shapes', () => {
  assert.equal('# call f(x) and g(a, b)'.match(shape), null);
  assert.equal('# see (the docs)'.match(shape), null);
});

test('the keras-lower directive is recognised', () => {
  assert.match('# keras-lower: input_shape=(None, 784)', directive);
  assert.doesNotMatch('# keraslower input_shape', directive);
});
