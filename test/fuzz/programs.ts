// Realistic Keras programs generated at test time, so no large fixture is committed: a mix of Sequential and
// functional models with constants, comments and every layer family the engine knows.
const header = [
  '# A generated Keras file: many small models of the kinds people write, for load and latency runs.',
  'import tensorflow as tf',
  'from tensorflow import keras',
  'from tensorflow.keras import layers',
  '',
  'IMAGE_SIZE = (28, 28)',
  'CHANNELS = 1',
  'NUM_CLASSES = 10',
  '',
];

function sequentialCnn(index: number): string[] {
  return [
    `# Model ${index}: a small CNN classifier.`,
    `cnn_${index} = keras.Sequential([`,
    `    layers.Conv2D(${8 + (index % 4) * 8}, (3, 3), activation="relu", input_shape=IMAGE_SIZE + (CHANNELS,)),`,
    '    layers.MaxPooling2D((2, 2)),',
    `    layers.Conv2D(${16 + (index % 3) * 16}, 3, padding="same", activation="relu"),`,
    '    layers.MaxPooling2D(pool_size=2),',
    '    layers.Flatten(),',
    '    layers.Dropout(0.25),',
    `    layers.Dense(${32 + index}, activation="relu"),`,
    '    layers.Dense(NUM_CLASSES, activation="softmax"),',
    '])',
    '',
  ];
}

function functionalCnn(index: number): string[] {
  return [
    `# Model ${index}: the functional API with a named input.`,
    `inputs_${index} = keras.Input(shape=(32, 32, 3))`,
    `x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs_${index})`,
    'x = layers.MaxPooling2D(pool_size=2)(x)',
    'x = layers.Conv2D(32, 3, strides=2, activation="gelu")(x)',
    'x = layers.Flatten()(x)',
    'x = layers.Dropout(0.5)(x)',
    `outputs_${index} = layers.Dense(NUM_CLASSES, activation="softmax")(x)`,
    `functional_${index} = keras.Model(inputs_${index}, outputs_${index})`,
    '',
  ];
}

function recurrent(index: number): string[] {
  return [
    `# Model ${index}: an LSTM over sequences.`,
    `timesteps_${index}, features_${index} = ${10 + (index % 7)}, 8`,
    `lstm_${index} = keras.Sequential([`,
    `    layers.LSTM(${16 + (index % 5) * 8}, input_shape=(timesteps_${index}, features_${index})),`,
    '    layers.Dense(NUM_CLASSES),',
    '    layers.Activation("softmax"),',
    '])',
    '',
  ];
}

function mlp(index: number): string[] {
  return [
    `# Model ${index}: an MLP built with add().`,
    `mlp_${index} = keras.Sequential()`,
    `mlp_${index}.add(layers.Dense(128, activation="relu", input_shape=(784,)))`,
    `mlp_${index}.add(layers.Dense(64, activation="tanh"))`,
    `mlp_${index}.add(layers.Dense(NUM_CLASSES, activation="softmax"))`,
    `mlp_${index}.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])`,
    '',
  ];
}

const blocks = [sequentialCnn, functionalCnn, recurrent, mlp];

/** A Keras file of at least `lines` lines (LF endings). */
export function kerasProgram(lines: number): string {
  const out = [...header];
  for (let index = 0; out.length < lines; index++) out.push(...blocks[index % blocks.length]!(index));
  return out.join('\n') + '\n';
}
