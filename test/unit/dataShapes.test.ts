// Shapes from the data a program loads: keras.datasets, NumPy preparation, tf.data and Keras's dataset
// utilities, flowing into keras.Input and layer sizes. Expected rows come from Keras 3.15 running each snippet
// with its loaders patched to zeros of the documented shapes (the sample counts below come from the loaders'
// documentation and code in keras-team/keras, keras/src/datasets/).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText, applyEdits, setInputShapeActions } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const rows = (text: string, variable = 'model') =>
  analyzeText(text)
    .models.find((model) => model.variable === variable)
    ?.layers.map((layer) => [layer.name, layer.outputShape, layer.params]);

const inputShapes = (text: string) =>
  Object.fromEntries(
    analyzeText(text).models.map((model) => [
      model.variable,
      model.layers.filter((layer) => layer.class === 'InputLayer').map((layer) => layer.outputShape),
    ]),
  );

describe('shapes from data', () => {
  it('keras.datasets: every loader Keras ships, with its documented shapes and arguments', () => {
    const text = HTABLE;
    assert.deepEqual(inputShapes(text), {
      mnist: [[60000, 28, 28], [60000], [10000, 28, 28], [10000]],
      fashion: [[60000, 28, 28], [60000], [10000, 28, 28], [10000]],
      cifar10: [
        [50000, 32, 32, 3],
        [50000, 1],
        [10000, 32, 32, 3],
        [10000, 1],
      ],
      cifar100_coarse: [
        [50000, 32, 32, 3],
        [50000, 1],
        [10000, 32, 32, 3],
        [10000, 1],
      ],
      // Ragged object arrays of word-index lists: one dim.
      imdb_all: [[25000], [25000], [25000], [25000]],
      // int(11228 * (1 - 0.3)) newswires for training.
      reuters_split: [[7859], [7859], [3369], [3369]],
      boston: [[404, 13], [404], [102, 13], [102]],
      california_small: [[480, 8], [480], [120, 8], [120]],
    });
  });

  it('MNIST convnet: astype, / 255, expand_dims, [..., np.newaxis], len(np.unique(y)), to_categorical', () => {
    assert.deepEqual(rows(AMNIST), [
      ['conv2d', [null, 26, 26, 32], 320],
      ['max_pooling2d', [null, 13, 13, 32], 0],
      ['flatten', [null, 5408], 0],
      ['dropout', [null, 5408], 0],
      ['dense', [null, 10], 54090],
    ]);
  });

  it('CIFAR-10: (n, 1) labels one-hot to (n, 10) without num_classes; input_shape= from the images', () => {
    assert.deepEqual(rows(CCIFAR), [
      ['conv2d', [null, 30, 30, 32], 896],
      ['max_pooling2d', [null, 15, 15, 32], 0],
      ['flatten', [null, 7200], 0],
      ['dense', [null, 10], 72010],
    ]);
  });

  it('IMDB: pad_sequences(maxlen=...) gives (n, maxlen); two label classes', () => {
    assert.deepEqual(rows(DIMDB), [
      ['input_layer', [null, 200], 0],
      ['embedding', [null, 200, 32], 640000],
      ['bidirectional', [null, 32], 6272],
      ['dense', [null, 2], 66],
    ]);
  });

  it('image_dataset_from_directory(subset="both"), map(lambda ...) and `for images, labels in ds.take(1)`', () => {
    assert.deepEqual(rows(EIMAGES), [
      ['input_layer', [null, 180, 180, 3], 0],
      ['conv2d', [null, 90, 90, 16], 448],
      ['global_average_pooling2d', [null, 16], 0],
      ['dense', [null, 1], 17],
    ]);
  });

  it('timeseries_dataset_from_array: windows of sequence_length over the features, targets per window', () => {
    assert.deepEqual(rows(FTIMESERIES), [
      ['input_layer', [null, 120, 7], 0],
      ['lstm', [null, 32], 5120],
      ['dense', [null, 1], 33],
    ]);
  });

  it('tf.data: reshape(len(x), -1), slices with steps, concatenate, from_tensor_slices, next(iter), element_spec', () => {
    assert.deepEqual(rows(GTFDATA), [
      ['flatten', [null, 784], 0],
      ['dense', [null, 65], 51025],
      ['dense_1', [null, 28], 1848],
    ]);
  });

  it('Normalization.adapt(x) builds the layer on the data as Keras does; a later symbolic call sets its shape', () => {
    // Keras: the unbuilt Sequential shows the adapt data's full shape and the 27 mean/variance/count weights.
    assert.deepEqual(rows(KNORM, 'dnn_model'), [
      ['normalization', [null, 13], 27],
      ['dense', null, null],
      ['dense_1', null, null],
    ]);
    assert.deepEqual(rows(KNORM.split('\n').slice(0, 16).join('\n'), 'dnn_model')![0], [
      'normalization',
      [404, 13],
      27,
    ]);
    assert.deepEqual(rows(KNORM), [
      ['input_layer', [null, 13], 0],
      ['normalization', [null, 13], 27],
      ['dense_2', [null, 1], 14],
    ]);
  });

  it("a directory dataset's class_names are read at run time: len(class_names) is a named dimension", () => {
    const text = [
      'import keras',
      'train_ds = keras.utils.image_dataset_from_directory("photos", image_size=(32, 32))',
      'class_names = train_ds.class_names',
      'num_classes = len(class_names)',
      'model = keras.Sequential([keras.Input(shape=(32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(num_classes)])',
    ].join('\n');
    assert.deepEqual(rows(text), [
      ['flatten', [null, 3072], 0],
      ['dense', [null, 'len(class_names)'], null],
    ]);
  });

  it('Dataset.map through a Sequential (it builds, as Keras traces it) and a def of tf ops; len() of a batched dataset', () => {
    assert.deepEqual(rows(MMAP), [
      ['input_layer_1', [null, 90, 90, 3], 0],
      ['sequential', [null, 90, 90, 3], 0],
      ['conv2d', [null, 44, 44, 8], 224],
      ['global_average_pooling2d', [null, 8], 0],
      ['dense', [null, 1], 9],
    ]);
    assert.deepEqual(rows(NPREPROCESS), [
      ['conv2d', [null, 30, 30, 4], 112],
      ['flatten', [null, 3600], 0],
      // one_hot depth 7 times the 10 batches of 50 left by drop_remainder.
      ['dense', [null, 70], 252070],
    ]);
  });
});

describe('inputs a Sequential takes from its first layer', () => {
  it('a built model first (an augmentation block) gives its input shape, as Sequential._maybe_rebuild does', () => {
    assert.deepEqual(rows(LNESTED), [
      ['sequential', [null, 64, 64, 3], 0],
      ['rescaling', [null, 64, 64, 3], 0],
      ['conv2d', [null, 64, 64, 16], 448],
      ['max_pooling2d', [null, 32, 32, 16], 0],
      ['flatten', [null, 16384], 0],
      ['outputs', [null, 5], 81925],
    ]);
    assert.deepEqual(rows(LNESTED, 'stacked'), [
      ['functional_2', [null, 4], 36],
      ['dense_1', [null, 2], 10],
    ]);
  });
});

describe('data keras-lower cannot read', () => {
  const everything = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };
  const layerRows = (text: string, variable: string) =>
    analyzeText(text)
      .models.find((model) => model.variable === variable)
      ?.layers.map((layer) => [
        layer.name,
        layer.outputShape,
        layer.status,
        layer.reasons.map((r) => r.message),
      ]);

  it('is unknown with its reason; a class count or vocabulary read at run time is a named dimension', () => {
    const [input, ...rest] = layerRows(IUNKNOWN, 'model')!;
    assert.deepEqual(input!.slice(0, 2), ['input_layer', null]);
    assert.match(
      String(input![3]),
      /shape is not a constant tuple.*`numpy\.loadtxt\(\.\.\.\)` is not evaluated/,
    );
    assert.deepEqual(
      rest.map((row) => row.slice(0, 2)),
      [
        ['dense', null],
        ['dense_1', null],
      ],
    );
    const text = analyzeText(IUNKNOWN).models.find((model) => model.variable === 'text_model')!;
    assert.deepEqual(
      text.layers.map((layer) => [layer.name, layer.outputShape, layer.params]),
      [
        ['input_layer_1', [null, 40], 0],
        ['embedding', [null, 40, 8], null],
        ['dense_2', [null, 40, 4], 36],
      ],
    );
    // A directory's class count is only known on disk: label_mode="categorical" labels end in it.
    assert.deepEqual(rows(IUNKNOWN, 'flowers'), [
      ['flatten', [null, 12288], 0],
      ['dense_3', [null, 'num_classes'], null],
    ]);
  });

  it('"Set input shape…" writes the annotation with the known dims, and the annotated model resolves', () => {
    const actions = setInputShapeActions(analyzeText(IUNKNOWN), everything);
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.title, 'Set input shape…');
    const written = applyEdits(IUNKNOWN, actions[0]!.edits);
    assert.match(
      written,
      /\n# keras-lower: input_shape=\(None, \?\)\ninputs = keras\.Input\(shape=x_train\.shape\[1:\]\)/,
    );
    // Until the `?` is replaced, the input stays unknown and a note says what to do.
    const pending = analyzeText(written);
    assert.equal(pending.models.find((model) => model.variable === 'model')!.layers[0]!.outputShape, null);
    assert.ok(pending.diagnostics.some((d) => /replace the `\?` dims/.test(d.message)));
    const filled = written.replace('input_shape=(None, ?)', 'input_shape=(None, 20)');
    assert.deepEqual(rows(filled), [
      ['input_layer', [null, 20], 0],
      ['dense', [null, 64], 1344],
      // Labels counted from the file: a dimension named after the expression that counts them.
      ['dense_1', [null, 'len(np.unique(y_train))'], null],
    ]);
    assert.deepEqual(setInputShapeActions(analyzeText(filled), everything), []);
  });

  it('the action keeps the dims it knows, inside a Sequential list and indented', () => {
    const text = [
      'import numpy as np',
      'import keras',
      'def build():',
      '    data = np.load("features.npy")',
      '    return keras.Sequential([',
      '        keras.Input(shape=(data.shape[1], 3)),',
      '        keras.layers.Dense(2),',
      '    ])',
      'model = build()',
    ].join('\n');
    const [action] = setInputShapeActions(analyzeText(text), everything);
    const written = applyEdits(text, action!.edits);
    assert.match(written, /\[\n {8}# keras-lower: input_shape=\(None, \?, 3\)\n {8}keras\.Input/);
    assert.deepEqual(rows(written.replace('?', '5')), [['dense', [null, 5, 2], 8]]);
  });
});

describe('arrays where Keras takes tensors', () => {
  it('a subclassed model called on x_train[:1] is built with that batch, as Keras reports it', () => {
    assert.deepEqual(rows(JSUB), [
      ['conv2d', [1, 26, 26, 32], 320],
      ['flatten', [1, 21632], 0],
      ['dense', [1, 128], 2769024],
      ['dense_1', [1, 10], 1290],
    ]);
  });

  it('NumPy indexing and reshapes: negative and stepped slices, masks, -1, and the errors NumPy raises', () => {
    const text = [
      'import numpy as np',
      'import keras',
      'x = np.random.normal(0, 1, size=(50, 6, 4))',
      'shapes = [',
      '    x[-10:].shape, x[::3].shape, x[5:2].shape, x[:, 0].shape, x[x[:, 0, 0] > 0].shape,',
      '    x.reshape(-1, 8).shape, np.expand_dims(x, (0, -1)).shape, x.T.shape, x.mean(axis=1).shape,',
      '    (x - x.mean()).shape, np.stack([x, x], axis=1).shape, x[..., None][:, ::-2, 0].shape,',
      ']',
      'inputs = [keras.Input(batch_shape=s) for s in shapes]',
      'undivided = keras.Input(batch_shape=x.reshape(7, -1).shape)',
      'overindexed = keras.Input(batch_shape=x[0, 0, 0, 0].shape)',
      'model = keras.Model(inputs, [keras.layers.Identity()(t) for t in inputs])',
    ].join('\n');
    const evaluated = analyzeText(text).layers.filter((layer) => layer.className === 'InputLayer');
    assert.deepEqual(
      evaluated.map((layer) => layer.outputShape),
      [
        [10, 6, 4],
        [17, 6, 4],
        [0, 6, 4],
        [50, 4],
        // A boolean mask keeps as many rows as it has True values: a size only known at run time.
        null,
        [150, 8],
        [1, 50, 6, 4, 1],
        [4, 6, 50],
        [50, 4],
        [50, 6, 4],
        [50, 2, 6, 4],
        [50, 3, 1],
        null,
        null,
      ],
    );
    assert.match(evaluated[12]!.unknownReason ?? '', /1200 elements do not divide/);
    assert.match(evaluated[13]!.unknownReason ?? '', /too many indices/);
  });

  it('Dataset.zip pairs elements, as many as the shorter dataset has', () => {
    const text = [
      'import numpy as np',
      'import tensorflow as tf',
      'import keras',
      'features = tf.data.Dataset.from_tensor_slices(np.ones((100, 5), dtype="float32"))',
      'targets = tf.data.Dataset.from_tensor_slices(np.ones((120, 3)))',
      'ds = tf.data.Dataset.zip((features, targets)).batch(10)',
      'xb, yb = next(iter(ds))',
      'model = keras.Sequential([keras.Input(shape=xb.shape[1:]), keras.layers.Dense(yb.shape[-1] * len(ds))])',
    ].join('\n');
    assert.deepEqual(rows(text), [['dense', [null, 30], 180]]);
  });

  it('a loop over a whole dataset is not unrolled; one bounded by take(n) is', () => {
    const text = [
      'import numpy as np',
      'import tensorflow as tf',
      'import keras',
      'ds = tf.data.Dataset.from_tensor_slices(np.zeros((1000, 8))).batch(10)',
      'for batch in ds:',
      '    width = batch.shape[-1]',
      'for batch in ds.take(2):',
      '    first = batch.shape[-1]',
      'inputs = keras.Input(shape=(first,))',
      'model = keras.Model(inputs, keras.layers.Dense(width)(inputs))',
    ].join('\n');
    assert.deepEqual(rows(text), [
      ['input_layer', [null, 8], 0],
      ['dense', [null, 'width'], null],
    ]);
  });
});

const HTABLE = [
  'import keras',
  'from keras import layers',
  'from keras.datasets import cifar100, imdb, reuters',
  '',
  'def shapes_of(loaded):',
  '    (x_train, y_train), (x_test, y_test) = loaded',
  '    return [keras.Input(batch_shape=a.shape) for a in (x_train, y_train, x_test, y_test)]',
  '',
  'def probe(loaded):',
  '    tensors = shapes_of(loaded)',
  '    return keras.Model(tensors, [layers.Identity()(t) for t in tensors])',
  '',
  'mnist = probe(keras.datasets.mnist.load_data())',
  'fashion = probe(keras.datasets.fashion_mnist.load_data())',
  'cifar10 = probe(keras.datasets.cifar10.load_data())',
  'cifar100_coarse = probe(cifar100.load_data(label_mode="coarse"))',
  'imdb_all = probe(imdb.load_data(num_words=10000))',
  'reuters_split = probe(reuters.load_data(num_words=10000, test_split=0.3))',
  'boston = probe(keras.datasets.boston_housing.load_data())',
  'california_small = probe(keras.datasets.california_housing.load_data(version="small"))',
].join('\n');

const AMNIST = [
  '# Modelled on keras.io "Simple MNIST convnet" (data preparation and model).',
  'import numpy as np',
  'import keras',
  'from keras import layers',
  '',
  '(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()',
  'x_train = x_train.astype("float32") / 255',
  'x_test = x_test.astype("float32") / 255',
  'x_train = np.expand_dims(x_train, -1)',
  'x_test = x_test[..., np.newaxis]',
  'num_classes = len(np.unique(y_train))',
  'y_train = keras.utils.to_categorical(y_train, num_classes)',
  'y_test = keras.utils.to_categorical(y_test)',
  '',
  'model = keras.Sequential(',
  '    [',
  '        keras.Input(shape=x_train.shape[1:]),',
  '        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),',
  '        layers.MaxPooling2D(pool_size=(2, 2)),',
  '        layers.Flatten(),',
  '        layers.Dropout(0.5),',
  '        layers.Dense(y_test.shape[-1], activation="softmax"),',
  '    ]',
  ')',
  'model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])',
  'model.fit(x_train, y_train, batch_size=128, epochs=1, validation_split=0.1)',
].join('\n');

const CCIFAR = [
  '# Modelled on the TensorFlow "Convolutional Neural Network (CNN)" tutorial on CIFAR-10.',
  'import keras',
  'from keras import layers',
  '',
  '(train_images, train_labels), (test_images, test_labels) = keras.datasets.cifar10.load_data()',
  'train_images, test_images = train_images / 255.0, test_images / 255.0',
  'train_labels = keras.utils.to_categorical(train_labels)',
  '',
  'model = keras.Sequential()',
  'model.add(layers.Conv2D(32, (3, 3), activation="relu", input_shape=train_images.shape[1:]))',
  'model.add(layers.MaxPooling2D((2, 2)))',
  'model.add(layers.Flatten())',
  'model.add(layers.Dense(train_labels.shape[1]))',
].join('\n');

const DIMDB = [
  '# Modelled on keras.io "Text classification with Transformer" / "Bidirectional LSTM on IMDB" data loading.',
  'import numpy as np',
  'import keras',
  'from keras import layers',
  '',
  'max_features = 20000',
  'maxlen = 200',
  '(x_train, y_train), (x_val, y_val) = keras.datasets.imdb.load_data(num_words=max_features)',
  'x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)',
  'x_val = keras.utils.pad_sequences(x_val, maxlen=maxlen)',
  '',
  'inputs = keras.Input(shape=(x_train.shape[1],), dtype="int32")',
  'x = layers.Embedding(max_features, 32)(inputs)',
  'x = layers.Bidirectional(layers.LSTM(16))(x)',
  'outputs = layers.Dense(len(np.unique(y_train)), activation="softmax")(x)',
  'model = keras.Model(inputs, outputs)',
].join('\n');

const EIMAGES = [
  '# Modelled on keras.io "Image classification from scratch" (image_dataset_from_directory, map, take(1)).',
  'import keras',
  'from keras import layers',
  '',
  'image_size = (180, 180)',
  'train_ds, val_ds = keras.utils.image_dataset_from_directory(',
  '    "PetImages",',
  '    validation_split=0.2,',
  '    subset="both",',
  '    seed=1337,',
  '    image_size=image_size,',
  '    batch_size=128,',
  ')',
  'rescale = layers.Rescaling(1.0 / 255)',
  'train_ds = train_ds.map(lambda img, label: (rescale(img), label))',
  'for images, labels in train_ds.take(1):',
  '    print(images.shape, labels.shape)',
  '',
  'inputs = keras.Input(shape=images.shape[1:])',
  'x = layers.Conv2D(16, 3, strides=2, padding="same")(inputs)',
  'x = layers.GlobalAveragePooling2D()(x)',
  'outputs = layers.Dense(1)(x)',
  'model = keras.Model(inputs, outputs)',
].join('\n');

const FTIMESERIES = [
  '# Modelled on keras.io "Timeseries forecasting for weather prediction" (timeseries_dataset_from_array).',
  'import numpy as np',
  'import keras',
  'from keras import layers',
  '',
  'features = np.random.rand(3000, 7).astype("float32")',
  'train = features[:2000]',
  'x_train = train[:, :7]',
  'y_train = train[:, 1:2]',
  'dataset_train = keras.utils.timeseries_dataset_from_array(',
  '    x_train, y_train, sequence_length=120, sampling_rate=6, batch_size=256',
  ')',
  'for batch in dataset_train.take(1):',
  '    inputs, targets = batch',
  '',
  'inputs = keras.Input(shape=(inputs.shape[1], inputs.shape[2]))',
  'lstm_out = layers.LSTM(32)(inputs)',
  'outputs = layers.Dense(targets.shape[-1])(lstm_out)',
  'model = keras.Model(inputs=inputs, outputs=outputs)',
].join('\n');

const GTFDATA = [
  '# Modelled on the TensorFlow "Load NumPy data" tutorial (from_tensor_slices, batch, element_spec, next(iter)).',
  'import numpy as np',
  'import tensorflow as tf',
  'import keras',
  '',
  'x = np.zeros((600, 28, 28), dtype="float32")',
  'y = np.arange(650) % 10',
  'x = x.reshape(len(x), -1)',
  'x_val = x[-100:]',
  'x = np.concatenate([x, x_val[::2]])',
  'train_dataset = tf.data.Dataset.from_tensor_slices((x[:, :, np.newaxis], y[:650])).shuffle(100).batch(64).cache()',
  'features, labels = next(iter(train_dataset))',
  'spec = train_dataset.element_spec',
  '',
  'model = keras.Sequential([',
  '    keras.Input(shape=spec[0].shape[1:]),',
  '    keras.layers.Flatten(),',
  '    keras.layers.Dense(x.shape[0] // 10),',
  '    keras.layers.Dense(features.shape[1] // 28),',
  '])',
].join('\n');

const IUNKNOWN = [
  'import numpy as np',
  'import keras',
  'from keras import layers',
  '',
  'data = np.loadtxt("train.csv", delimiter=",")',
  'x_train, y_train = data[:, :-1], data[:, -1]',
  'num_classes = len(np.unique(y_train))',
  'vocab = open("vocab.txt").read().split()',
  '',
  'inputs = keras.Input(shape=x_train.shape[1:])',
  'x = layers.Dense(64, activation="relu")(inputs)',
  'outputs = layers.Dense(num_classes, activation="softmax")(x)',
  'model = keras.Model(inputs, outputs)',
  '',
  'seq = np.zeros((100, 40), dtype="int32")',
  'tokens = keras.Input(shape=seq.shape[1:])',
  'emb = layers.Embedding(len(vocab), 8)(tokens)',
  'text_model = keras.Model(tokens, layers.Dense(4)(emb))',
  '',
  'images = keras.utils.image_dataset_from_directory("flowers", image_size=(64, 64), label_mode="categorical")',
  'batch_images, batch_labels = next(iter(images))',
  'flowers = keras.Sequential([',
  '    keras.Input(shape=batch_images.shape[1:]),',
  '    layers.Flatten(),',
  '    layers.Dense(batch_labels.shape[-1]),',
  '])',
].join('\n');

const JSUB = [
  '# Modelled on the TensorFlow "TensorFlow 2 quickstart for experts" (subclassed model called on a batch).',
  'import tensorflow as tf',
  'import keras',
  'from keras import layers',
  '',
  '(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()',
  'x_train, x_test = x_train / 255.0, x_test / 255.0',
  'x_train = x_train[..., tf.newaxis].astype("float32")',
  'train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(10000).batch(32)',
  '',
  '',
  'class MyModel(keras.Model):',
  '    def __init__(self):',
  '        super().__init__()',
  '        self.conv1 = layers.Conv2D(32, 3, activation="relu")',
  '        self.flatten = layers.Flatten()',
  '        self.d1 = layers.Dense(128, activation="relu")',
  '        self.d2 = layers.Dense(10)',
  '',
  '    def call(self, x):',
  '        x = self.conv1(x)',
  '        x = self.flatten(x)',
  '        x = self.d1(x)',
  '        return self.d2(x)',
  '',
  '',
  'model = MyModel()',
  'model(x_train[:1])',
].join('\n');

const KNORM = [
  '# Modelled on the TensorFlow "Basic regression: Predict fuel efficiency" tutorial (Normalization.adapt).',
  'import numpy as np',
  'import keras',
  'from keras import layers',
  '',
  '(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()',
  'normalizer = layers.Normalization(axis=-1)',
  'normalizer.adapt(np.array(x_train))',
  '',
  'dnn_model = keras.Sequential([',
  '    normalizer,',
  '    layers.Dense(64, activation="relu"),',
  '    layers.Dense(1),',
  '])',
  'dnn_model.compile(loss="mean_absolute_error", optimizer=keras.optimizers.Adam(0.001))',
  '',
  'inputs = keras.Input(shape=(x_train.shape[1],))',
  'model = keras.Model(inputs, layers.Dense(1)(normalizer(inputs)))',
].join('\n');

const LNESTED = [
  '# Modelled on the TensorFlow "Image classification" tutorial (flowers): an augmentation Sequential first.',
  'import keras',
  'from keras import layers',
  '',
  'data_augmentation = keras.Sequential(',
  '    [',
  '        layers.Input(shape=(64, 64, 3)),',
  '        layers.RandomFlip("horizontal"),',
  '        layers.RandomRotation(0.1),',
  '    ]',
  ')',
  'model = keras.Sequential([',
  '    data_augmentation,',
  '    layers.Rescaling(1.0 / 255),',
  '    layers.Conv2D(16, 3, padding="same", activation="relu"),',
  '    layers.MaxPooling2D(),',
  '    layers.Flatten(),',
  '    layers.Dense(5, name="outputs"),',
  '])',
  'inputs = keras.Input(shape=(8,))',
  'head = keras.Model(inputs, layers.Dense(4)(inputs))',
  'stacked = keras.Sequential([head, layers.Dense(2)])',
].join('\n');

const MMAP = [
  '# Modelled on keras.io "Image classification from scratch": augmentation applied in the tf.data pipeline.',
  'import keras',
  'from keras import layers',
  '',
  'train_ds = keras.utils.image_dataset_from_directory("PetImages", image_size=(90, 90), batch_size=16)',
  'data_augmentation = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)])',
  'train_ds = train_ds.map(lambda img, label: (data_augmentation(img, training=True), label))',
  'for images, _ in train_ds.take(1):',
  '    sample = images',
  '',
  'inputs = keras.Input(shape=sample.shape[1:])',
  'x = data_augmentation(inputs)',
  'x = layers.Conv2D(8, 3, strides=2)(x)',
  'x = layers.GlobalAveragePooling2D()(x)',
  'model = keras.Model(inputs, layers.Dense(1)(x))',
].join('\n');

const NPREPROCESS = [
  '# Modelled on the TensorFlow "tf.data: Build TensorFlow input pipelines" guide (a map function of tf ops).',
  'import numpy as np',
  'import tensorflow as tf',
  'import keras',
  '',
  'images = np.zeros((500, 40, 40, 3), dtype="uint8")',
  'labels = np.zeros((500,), dtype="int64")',
  '',
  '',
  'def preprocess(image, label):',
  '    image = tf.image.resize(image, (32, 32))',
  '    image = tf.cast(image, tf.float32) / 255.0',
  '    return image, tf.one_hot(label, 7)',
  '',
  '',
  'ds = tf.data.Dataset.from_tensor_slices((images, labels)).map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)',
  'ds = ds.batch(50, drop_remainder=True).prefetch(tf.data.AUTOTUNE)',
  'print(len(ds))',
  'image_batch, label_batch = next(iter(ds))',
  '',
  'model = keras.Sequential([',
  '    keras.Input(shape=image_batch.shape[1:]),',
  '    keras.layers.Conv2D(4, 3),',
  '    keras.layers.Flatten(),',
  '    keras.layers.Dense(label_batch.shape[-1] * len(ds)),',
  '])',
].join('\n');
