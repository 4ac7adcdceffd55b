// `keras.datasets.<name>.load_data(...)`: the arrays every loader Keras ships returns, by documented shape and
// dtype, as the nested tuple `(x_train, y_train), (x_test, y_test)`. Read from keras-team/keras
// keras/src/datasets/{mnist,fashion_mnist,cifar10,cifar100,imdb,reuters,boston_housing,california_housing}.py
// (Keras 3.15): their docstrings' shapes and the code that splits and pads them.
import type { CallArguments } from '../../layers/config.ts';
import type { Shape } from '../../types.ts';
import { unknown, type Value } from '../values.ts';
import { array } from './arrays.ts';

interface Split {
  x: Shape;
  y: Shape;
  xDtype: string;
  yDtype: string;
  classes?: number;
  ragged?: boolean;
}

function pair(train: Split, test: Split): Value {
  const half = (split: Split): Value => ({
    kind: 'sequence',
    list: false,
    items: [
      array(split.x, split.xDtype, split.ragged ? { ragged: true } : {}),
      array(split.y, split.yDtype, split.classes !== undefined ? { classes: split.classes } : {}),
    ],
  });
  return { kind: 'sequence', list: false, items: [half(train), half(test)] };
}

/** mnist / fashion_mnist: uint8 28x28 images, uint8 labels 0-9 (60000 train, 10000 test). */
function mnistLike(): Value {
  const split = (n: number): Split => ({
    x: [n, 28, 28],
    y: [n],
    xDtype: 'uint8',
    yDtype: 'uint8',
    classes: 10,
  });
  return pair(split(60000), split(10000));
}

/**
 * cifar10 / cifar100: uint8 32x32x3 images (channels last; cifar.py transposes only for channels_first), labels
 * of shape (n, 1). cifar100's `label_mode="coarse"` has 20 classes, "fine" 100.
 */
function cifar(classes: number, channelsFirst: boolean): Value {
  const split = (n: number): Split => ({
    x: channelsFirst ? [n, 3, 32, 32] : [n, 32, 32, 3],
    y: [n, 1],
    xDtype: 'uint8',
    yDtype: 'uint8',
    classes,
  });
  return pair(split(50000), split(10000));
}

/** Python's `int(n * (1 - test_split))`, computed in the same IEEE doubles. */
function trainCount(samples: number, testSplit: number): number {
  return Math.trunc(samples * (1 - testSplit));
}

/**
 * imdb (25,000 reviews each for train and test) and reuters (11,228 newswires, split by `test_split`): object
 * arrays of variable-length word-index lists. `maxlen` drops longer sequences, so the counts become unknown.
 */
function sequences(name: 'imdb' | 'reuters', args: CallArguments): Value {
  const maxlen = keyword(args, 'maxlen', 3);
  const filtered = maxlen !== undefined && maxlen.kind !== 'none';
  // imdb's labels are 0/1, both present in each split. Reuters' 46 topics (labels 0-45) all occur in the train
  // split that the default shuffle (seed=113) and test_split=0.2 make; another split need not hold them all,
  // and the test split's rarest topics are not documented to be there.
  const canonicalReuters =
    isDefault(keyword(args, 'test_split', 4), 0.2) && isDefault(keyword(args, 'seed', 5), 113);
  const classes: [number | undefined, number | undefined] =
    name === 'imdb' ? [2, 2] : canonicalReuters ? [46, undefined] : [undefined, undefined];
  let counts: [number | null, number | null];
  if (name === 'imdb') counts = [25000, 25000];
  else {
    const testSplit = keyword(args, 'test_split', 4);
    const split = testSplit === undefined ? 0.2 : testSplit.kind === 'number' ? testSplit.value : undefined;
    if (split === undefined) return unknown('`test_split` is not a constant keras-lower can read');
    const train = trainCount(11228, split);
    counts = [train, 11228 - train];
  }
  const split = (n: number | null, labelClasses: number | undefined): Split => ({
    x: [filtered ? null : n],
    y: [filtered ? null : n],
    xDtype: 'object',
    yDtype: 'int64',
    ragged: true,
    classes: filtered ? undefined : labelClasses,
  });
  return pair(split(counts[0], classes[0]), split(counts[1], classes[1]));
}

/** boston_housing (506 samples, 13 features) and california_housing (20,640 or 600 samples, 8 features). */
function housing(name: 'boston_housing' | 'california_housing', args: CallArguments): Value {
  let samples = 506;
  let features = 13;
  let splitIndex = 1;
  if (name === 'california_housing') {
    const version = keyword(args, 'version', 0);
    const value = version === undefined ? 'large' : version.kind === 'string' ? version.value : undefined;
    if (value !== 'large' && value !== 'small') return unknown('`version` must be "small" or "large"');
    samples = value === 'large' ? 20640 : 600;
    features = 8;
    splitIndex = 2;
  }
  const testSplit = keyword(args, 'test_split', splitIndex);
  const split = testSplit === undefined ? 0.2 : testSplit.kind === 'number' ? testSplit.value : undefined;
  if (split === undefined || split < 0 || split >= 1)
    return unknown('`test_split` is not a constant in [0, 1) keras-lower can read');
  const train = trainCount(samples, split);
  // The npz files store float64 (np.load keeps them as saved; the docs call the targets "float scalars").
  const part = (n: number): Split => ({ x: [n, features], y: [n], xDtype: 'float64', yDtype: 'float64' });
  return pair(part(train), part(samples - train));
}

/** An argument left out, or given as its default number. */
function isDefault(value: Value | undefined, fallback: number): boolean {
  return value === undefined || (value.kind === 'number' && value.value === fallback);
}

function keyword(args: CallArguments, name: string, position: number): Value | undefined {
  return args.keywords.get(name)?.value ?? args.positional[position]?.value;
}

/** `keras.datasets.mnist.load_data()` and the other loaders; undefined for a path that is not one. */
export function loadDataset(path: string, args: CallArguments, channelsFirst: boolean): Value | undefined {
  const name = /^keras\.datasets\.(\w+)\.load_data$/.exec(path)?.[1];
  switch (name) {
    case undefined:
      return undefined;
    case 'mnist':
    case 'fashion_mnist':
      return mnistLike();
    case 'cifar10':
      return cifar(10, channelsFirst);
    case 'cifar100': {
      const mode = keyword(args, 'label_mode', 0);
      const value = mode === undefined ? 'fine' : mode.kind === 'string' ? mode.value : undefined;
      if (value !== 'fine' && value !== 'coarse') return unknown('`label_mode` must be "fine" or "coarse"');
      return cifar(value === 'fine' ? 100 : 20, channelsFirst);
    }
    case 'imdb':
    case 'reuters':
      return sequences(name, args);
    case 'boston_housing':
    case 'california_housing':
      return housing(name, args);
    default:
      return unknown(`\`keras.datasets.${name}\` is not a dataset Keras ships`);
  }
}
