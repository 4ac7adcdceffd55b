// Inputs meant to break a language server, generated at test time (nothing large is committed).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { distDir } from './lspServer.ts';
import { kerasProgram } from './programs.ts';

export interface HostileInput {
  name: string;
  text: () => string;
  /** The first diagnostic says why the file is not (fully) analysed. */
  says?: RegExp;
}

const imports = 'import keras\nfrom keras import layers\n';
const smallModel = 'model = keras.Sequential([layers.Dense(8, input_shape=(4,)), layers.Dense(2)])\n';

/** A file of about `bytes` bytes: one model, then plain data lines. */
function tenMegabytes(bytes: number): string {
  const line = (index: number) =>
    `values_${index} = [${index}, ${index + 1}, ${index + 2}, 3.5, "text"]  # data\n`;
  const parts = [imports, smallModel];
  let size = imports.length + smallModel.length;
  for (let index = 0; size < bytes; index++) {
    const next = line(index);
    parts.push(next);
    size += next.length;
  }
  return parts.join('');
}

const depth = 10_000;

export const hostileInputs: HostileInput[] = [
  {
    name: '10 MB file',
    text: () => tenMegabytes(10 * 1024 * 1024),
    says: /does not analyse files over 2 MB/,
  },
  {
    name: '10,000-deep parentheses and lists',
    text: () =>
      `${imports}x = ${'('.repeat(depth)}1${')'.repeat(depth)}\ny = ${'['.repeat(depth)}${']'.repeat(depth)}\n${smallModel}`,
  },
  {
    name: '10,000 nested layer calls',
    text: () =>
      `${imports}inputs = keras.Input(shape=(4,))\n` +
      `outputs = ${'layers.Dense(4)('.repeat(depth)}inputs${')'.repeat(depth)}\nmodel = keras.Model(inputs, outputs)\n`,
  },
  {
    name: '10,000-deep Sequential nesting',
    text: () =>
      `${imports}model = ${'keras.Sequential(['.repeat(depth)}layers.Dense(2, input_shape=(3,))${'])'.repeat(depth)}\n`,
  },
  {
    name: '1 MB single line',
    text: () =>
      `${imports}model = keras.Sequential([layers.Input(shape=(8,)), ${'layers.Dense(8), '.repeat((1024 * 1024) / 16)}])\n`,
  },
  {
    name: 'NUL bytes',
    text: () => `${imports}${smallModel}`.split('').join('\u0000'),
    says: /NUL bytes, which Python refuses/,
  },
  {
    name: 'lone surrogates and U+FFFD (invalid UTF-8 as an editor decodes it)',
    text: () =>
      `${imports}# \ud800 \udfff \ufffd\ufffd\nmodel = keras.Sequential([layers.Dense(8\udc00, input_shape=(4,))])\n`,
  },
  {
    name: 'range(10**9) loops',
    text: () =>
      `${imports}model = keras.Sequential()\nmodel.add(layers.Input(shape=(4,)))\n` +
      'for i in range(10**9):\n    model.add(layers.Dense(8))\n' +
      'stack = [layers.Dense(4) for _ in range(10**9)]\n' +
      'while True:\n    model.add(layers.Dense(2))\n',
  },
  {
    name: 'mutually recursive helpers',
    text: () =>
      `${imports}def a(x):\n    return b(layers.Dense(4)(x))\n\ndef b(x):\n    return a(x)\n\n` +
      'def deep(x, n):\n    return deep(layers.Dense(4)(x), n - 1) if n else x\n\n' +
      'inputs = keras.Input(shape=(4,))\nmodel = keras.Model(inputs, a(inputs))\n' +
      'other = keras.Model(inputs, deep(inputs, 10**6))\n',
  },
  {
    name: 'cyclic layer graphs',
    text: () =>
      `${imports}first = keras.Sequential([layers.Dense(4, input_shape=(4,))])\nsecond = keras.Sequential([first])\n` +
      'first.add(second)\nfirst.add(first)\nshared = layers.Dense(4)\n' +
      'inputs = keras.Input(shape=(4,))\nx = shared(shared(shared(inputs)))\nx = layers.Add()([x, x])\n' +
      'model = keras.Model(inputs, x)\nmodel.add(model)\n',
  },
  {
    name: 'star imports',
    text: () =>
      'from keras.layers import *\nfrom keras.models import *\nfrom tensorflow.keras import *\n' +
      'model = Sequential([Dense(8, input_shape=(4,)), Dropout(0.5), Dense(2)])\n',
  },
  { name: 'thousands of models (3,000)', text: () => kerasProgram(3000 * 8) },
  {
    name: 'binary file opened as Python',
    text: () => readFileSync(resolve(distDir, 'tree-sitter-python.wasm')).toString('utf8'),
    says: /NUL bytes/,
  },
];
