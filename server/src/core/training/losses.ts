// compile(loss=...) as Keras 3 resolves it (keras/src/losses/__init__.py `get`, trainers/compile_utils.py
// `get_loss`) and the per-sample formulas of keras/src/losses/losses.py with the TF backend's crossentropy
// (backend/tensorflow/nn.py), reduced as LossFunctionWrapper does: sum over batch size.
import type { Value } from '../model/values.ts';
import { CallReader, isNone, pyFloat, type Arg } from './args.ts';
import { usesOutputLogits, type OutputLogits } from './logits.ts';
import type { Refusals } from './refusals.ts';

type LossKind = 'categorical' | 'sparse_categorical' | 'binary' | 'mse' | 'mae' | 'huber';

export interface LossSpec {
  kind: LossKind;
  fromLogits: boolean;
  labelSmoothing: number;
  delta: number;
  reduction: 'sum_over_batch_size' | 'sum';
  /** The user's spelling, for comments. */
  source: string;
}

/** Names `keras.losses.get` accepts (exact case), functions and classes alike. */
const LOSS_NAMES: Record<string, LossKind> = {
  categorical_crossentropy: 'categorical',
  CategoricalCrossentropy: 'categorical',
  sparse_categorical_crossentropy: 'sparse_categorical',
  SparseCategoricalCrossentropy: 'sparse_categorical',
  binary_crossentropy: 'binary',
  BinaryCrossentropy: 'binary',
  bce: 'binary',
  BCE: 'binary',
  mean_squared_error: 'mse',
  MeanSquaredError: 'mse',
  mse: 'mse',
  MSE: 'mse',
  mean_absolute_error: 'mae',
  MeanAbsoluteError: 'mae',
  mae: 'mae',
  MAE: 'mae',
  huber: 'huber',
  Huber: 'huber',
};

/** Constructor signatures of the loss classes, in Keras's positional order. */
const SIGNATURES: Record<LossKind, string[]> = {
  categorical: ['from_logits', 'label_smoothing', 'axis', 'reduction', 'name', 'dtype'],
  sparse_categorical: ['from_logits', 'ignore_class', 'reduction', 'axis', 'name', 'dtype'],
  binary: ['from_logits', 'label_smoothing', 'axis', 'reduction', 'name', 'dtype'],
  mse: ['reduction', 'name', 'dtype'],
  mae: ['reduction', 'name', 'dtype'],
  huber: ['delta', 'reduction', 'name', 'dtype'],
};

const DEFAULTS = {
  fromLogits: false,
  labelSmoothing: 0,
  delta: 1,
  reduction: 'sum_over_batch_size',
} as const;

export function readLoss(arg: Arg, refusals: Refusals): LossSpec | undefined {
  const source = arg.valueNode.text;
  const value = arg.value;
  const named = lossName(value);
  if (named !== undefined) {
    const kind = Object.hasOwn(LOSS_NAMES, named) ? LOSS_NAMES[named] : undefined;
    if (!kind)
      return refusals.refuse(
        arg.node,
        `loss ${JSON.stringify(named)} is not lowered (lowered: ${Object.keys(LOSS_NAMES).join(', ')})`,
      );
    return { kind, ...DEFAULTS, source };
  }
  if (value.kind === 'kerasObject') {
    const className = value.path.replace(/^keras\.losses\./, '');
    const kind =
      Object.hasOwn(LOSS_NAMES, className) && /^[A-Z]/.test(className) ? LOSS_NAMES[className] : undefined;
    if (!kind) return refusals.refuse(arg.node, `\`${value.path}\` is not a loss keras-lower lowers`);
    return readLossObject(
      kind,
      new CallReader(`${className}()`, value.args, SIGNATURES[kind], refusals),
      source,
    );
  }
  return refusals.refuse(
    arg.node,
    `loss \`${source}\` is not a Keras loss keras-lower can read (custom loss functions are not lowered)`,
  );
}

/** A loss given by name: a string, or a `keras.losses.<name>` function or class. */
function lossName(value: Value): string | undefined {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'ref' && value.path.startsWith('keras.losses.'))
    return value.path.slice('keras.losses.'.length);
  return undefined;
}

function readLossObject(kind: LossKind, reader: CallReader, source: string): LossSpec {
  const spec: LossSpec = { kind, ...DEFAULTS, source };
  if (kind === 'categorical' || kind === 'sparse_categorical' || kind === 'binary')
    spec.fromLogits = reader.bool('from_logits', false);
  if (kind === 'categorical' || kind === 'binary') spec.labelSmoothing = reader.number('label_smoothing', 0);
  if (kind === 'huber') spec.delta = reader.number('delta', 1);
  if (kind !== 'mse' && kind !== 'mae' && kind !== 'huber')
    reader.requireDefault('axis', (v) => v.kind === 'number' && v.value === -1, 'only axis=-1 is lowered');
  if (kind === 'sparse_categorical')
    reader.requireDefault('ignore_class', isNone, 'ignore_class is not lowered');
  reader.requireDefault('dtype', isNone, 'loss dtypes are not lowered');
  const reduction = reader.string('reduction', 'sum_over_batch_size');
  if (reduction === 'sum') spec.reduction = 'sum';
  else if (reduction !== 'sum_over_batch_size' && reduction !== 'mean')
    reader.refuse(
      reader.get('reduction')!,
      `reduction=${JSON.stringify(reduction)} is not lowered for training`,
    );
  return spec;
}

/** Whether the loss is computed from the output layer's logits rather than its probabilities. */
export function lossUsesLogits(loss: LossSpec, logits: OutputLogits | undefined): boolean {
  if (loss.kind !== 'categorical' && loss.kind !== 'sparse_categorical' && loss.kind !== 'binary')
    return false;
  return usesOutputLogits(loss.kind, logits);
}

/** `compute_loss(y_true, y_pred, logits)`: class-body lines. `fused`: `logits` are the output's pre-activation. */
export function lossMethod(loss: LossSpec, fused: boolean): string[] {
  const fromLogits = fused || loss.fromLogits;
  const logitsExpr = fused ? 'logits' : 'y_pred';
  const summary = fused
    ? `from the output layer's logits, as Keras's TF backend does for a ${loss.kind === 'binary' ? 'sigmoid' : 'softmax'} output`
    : fromLogits
      ? 'from logits (from_logits=True)'
      : loss.kind === 'mse' || loss.kind === 'mae' || loss.kind === 'huber'
        ? ''
        : 'from clipped probabilities (no logits to reuse)';
  return [
    `def compute_loss(self, y_true, y_pred${fused ? ', logits' : ''}):`,
    `    """Loss \`${loss.source}\`${summary ? ` computed ${summary}` : ''}; reduced by ${loss.reduction === 'sum' ? 'sum' : 'sum over batch size'}."""`,
    '    y_true = self._labels_to_rank(y_true, y_pred)',
    ...perSample(loss, fromLogits, logitsExpr).map((line) => `    ${line}`),
    loss.reduction === 'sum'
      ? '    return tf.reduce_sum(per_sample)'
      : '    return tf.math.divide_no_nan(tf.reduce_sum(per_sample), tf.cast(tf.size(per_sample), per_sample.dtype))',
    '',
    '@staticmethod',
    'def _labels_to_rank(y_true, y_pred):',
    '    """Keras\'s squeeze_or_expand_to_same_rank (keras/src/losses/loss.py) for the labels."""',
    '    y_true = tf.convert_to_tensor(y_true)',
    '    true_rank, pred_rank = len(y_true.shape), len(y_pred.shape)',
    '    if true_rank == pred_rank + 1 and y_true.shape[-1] == 1:',
    '        if pred_rank == 1:',
    '            raise NotImplementedError("Keras expands a rank-1 y_pred here; keras-lower does not lower that")',
    '        return tf.squeeze(y_true, axis=-1)',
    '    if pred_rank == true_rank + 1 and y_pred.shape[-1] == 1:',
    '        if true_rank != 1:',
    '            raise NotImplementedError("Keras squeezes y_pred here; keras-lower does not lower that")',
    '        return tf.expand_dims(y_true, axis=-1)',
    '    return y_true',
  ];
}

/** Lines computing `per_sample` from `y_true`, `y_pred` (and `logits` when fused). */
function perSample(loss: LossSpec, fromLogits: boolean, logits: string): string[] {
  const eps = '1e-7'; // keras.config.epsilon()
  switch (loss.kind) {
    case 'categorical':
      return [
        `y_true = tf.cast(y_true, ${logits}.dtype)`,
        ...(loss.labelSmoothing
          ? [
              `num_classes = tf.cast(tf.shape(y_true)[-1], ${logits}.dtype)`,
              `y_true = y_true * (1.0 - ${pyFloat(loss.labelSmoothing)}) + (${pyFloat(loss.labelSmoothing)} / num_classes)`,
            ]
          : []),
        ...(fromLogits
          ? [`per_sample = tf.nn.softmax_cross_entropy_with_logits(labels=y_true, logits=${logits}, axis=-1)`]
          : [
              'probabilities = y_pred / tf.reduce_sum(y_pred, axis=-1, keepdims=True)',
              `probabilities = tf.clip_by_value(probabilities, ${eps}, 1.0 - ${eps})`,
              'per_sample = -tf.reduce_sum(y_true * tf.math.log(probabilities), axis=-1)',
            ]),
      ];
    case 'sparse_categorical':
      return [
        'if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:',
        '    y_true = tf.squeeze(y_true, axis=-1)',
        ...(fromLogits
          ? [
              `per_sample = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.cast(y_true, tf.int64), logits=${logits})`,
            ]
          : [
              `log_probabilities = tf.math.log(tf.clip_by_value(y_pred, ${eps}, 1 - ${eps}))`,
              'per_sample = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.cast(y_true, tf.int64), logits=log_probabilities)',
            ]),
      ];
    case 'binary':
      return [
        `y_true = tf.cast(y_true, ${logits}.dtype)`,
        ...(loss.labelSmoothing
          ? [
              `y_true = y_true * (1.0 - ${pyFloat(loss.labelSmoothing)}) + 0.5 * ${pyFloat(loss.labelSmoothing)}`,
            ]
          : []),
        ...(fromLogits
          ? [`elementwise = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=${logits})`]
          : [
              `probabilities = tf.clip_by_value(y_pred, ${eps}, 1.0 - ${eps})`,
              'elementwise = -(y_true * tf.math.log(probabilities) + (1 - y_true) * tf.math.log(1 - probabilities))',
            ]),
        'per_sample = tf.reduce_mean(elementwise, axis=-1)',
      ];
    case 'mse':
      return [
        'y_true = tf.cast(y_true, y_pred.dtype)',
        'per_sample = tf.reduce_mean(tf.square(y_true - y_pred), axis=-1)',
      ];
    case 'mae':
      return [
        'y_true = tf.cast(y_true, y_pred.dtype)',
        'per_sample = tf.reduce_mean(tf.abs(y_true - y_pred), axis=-1)',
      ];
    case 'huber':
      return [
        'y_true = tf.cast(y_true, y_pred.dtype)',
        'error = y_pred - y_true',
        'abs_error = tf.abs(error)',
        `delta = tf.constant(${pyFloat(loss.delta)}, y_pred.dtype)`,
        'per_sample = tf.reduce_mean(',
        '    tf.where(abs_error <= delta, 0.5 * tf.square(error), delta * abs_error - 0.5 * tf.square(delta)), axis=-1',
        ')',
      ];
  }
}
