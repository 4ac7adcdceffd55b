// compile(metrics=[...]) as keras/src/trainers/compile_utils.py `get_metric` resolves them: "accuracy" picks
// binary, sparse or categorical accuracy from the shapes of y_true and y_pred (not from the loss), every
// metric is a mean over samples, and the loss is tracked as a mean weighted by batch size.
import type { Value } from '../model/values.ts';
import { CallReader, isNone, pyFloat, type Arg } from './args.ts';
import type { Refusals } from './refusals.ts';

type MetricKind =
  'accuracy' | 'categorical_accuracy' | 'sparse_categorical_accuracy' | 'binary_accuracy' | 'mse' | 'mae';

export interface MetricSpec {
  /** The key in the logs and history: the string given, or the metric object's name. */
  name: string;
  kind: MetricKind;
  threshold: number;
}

const METRIC_NAMES: Record<string, MetricKind> = {
  accuracy: 'accuracy',
  acc: 'accuracy',
  categorical_accuracy: 'categorical_accuracy',
  CategoricalAccuracy: 'categorical_accuracy',
  sparse_categorical_accuracy: 'sparse_categorical_accuracy',
  SparseCategoricalAccuracy: 'sparse_categorical_accuracy',
  binary_accuracy: 'binary_accuracy',
  BinaryAccuracy: 'binary_accuracy',
  mse: 'mse',
  mean_squared_error: 'mse',
  MeanSquaredError: 'mse',
  mae: 'mae',
  mean_absolute_error: 'mae',
  MeanAbsoluteError: 'mae',
};

/** Default names of the metric classes (their `name=` argument). */
const CLASS_DEFAULT_NAMES: Partial<Record<string, string>> = {
  CategoricalAccuracy: 'categorical_accuracy',
  SparseCategoricalAccuracy: 'sparse_categorical_accuracy',
  BinaryAccuracy: 'binary_accuracy',
  MeanSquaredError: 'mean_squared_error',
  MeanAbsoluteError: 'mean_absolute_error',
};

export function readMetrics(arg: Arg | undefined, refusals: Refusals): MetricSpec[] {
  if (!arg || arg.value.kind === 'none') return [];
  const items = arg.value.kind === 'sequence' ? arg.value.items : [arg.value];
  const specs: MetricSpec[] = [];
  for (const item of items) {
    const spec = readMetric(item, arg, refusals);
    if (spec) specs.push(spec);
  }
  return specs;
}

function readMetric(value: Value, arg: Arg, refusals: Refusals): MetricSpec | undefined {
  if (value.kind === 'string') {
    const identifier = value.value;
    // get_metric lower-cases only for "accuracy"/"acc"; every other name must match exactly.
    const kind = ['accuracy', 'acc'].includes(identifier.toLowerCase())
      ? 'accuracy'
      : Object.hasOwn(METRIC_NAMES, identifier)
        ? METRIC_NAMES[identifier]
        : undefined;
    if (kind) return { name: identifier, kind, threshold: 0.5 };
  }
  if (value.kind === 'kerasObject' && value.path.startsWith('keras.metrics.')) {
    const className = value.path.slice('keras.metrics.'.length);
    const defaultName = CLASS_DEFAULT_NAMES[className];
    if (defaultName) {
      const signature = className === 'BinaryAccuracy' ? ['name', 'dtype', 'threshold'] : ['name', 'dtype'];
      const reader = new CallReader(`${className}()`, value.args, signature, refusals);
      reader.requireDefault('dtype', isNone, 'metric dtypes are not lowered');
      return {
        name: reader.string('name', defaultName),
        kind: METRIC_NAMES[className]!,
        threshold: className === 'BinaryAccuracy' ? reader.number('threshold', 0.5) : 0.5,
      };
    }
  }
  return refusals.refuse(
    arg.node,
    `metric \`${describe(value)}\` is not lowered (lowered: ${Object.keys(METRIC_NAMES).join(', ')})`,
  );
}

function describe(value: Value): string {
  if (value.kind === 'string') return JSON.stringify(value.value);
  if (value.kind === 'kerasObject' || value.kind === 'ref') return value.path;
  return 'this value';
}

/** The Python call computing a metric's per-sample values. */
function valuesExpression(metric: MetricSpec): string {
  switch (metric.kind) {
    case 'accuracy':
      return 'self._accuracy(y_true, y_pred)';
    case 'binary_accuracy':
      return `self._binary_accuracy(y_true, y_pred, ${pyFloat(metric.threshold)})`;
    case 'categorical_accuracy':
      return 'self._categorical_accuracy(y_true, y_pred)';
    case 'sparse_categorical_accuracy':
      return 'self._sparse_categorical_accuracy(y_true, y_pred)';
    case 'mse':
      return 'tf.reduce_mean(tf.square(tf.cast(self._labels_to_rank(y_true, y_pred), y_pred.dtype) - y_pred), axis=-1)';
    case 'mae':
      return 'tf.reduce_mean(tf.abs(tf.cast(self._labels_to_rank(y_true, y_pred), y_pred.dtype) - y_pred), axis=-1)';
  }
}

/** `__init__`-time state: a total and a count per tracked mean, "loss" first. */
export function buildMetricLines(metrics: MetricSpec[]): string[] {
  const names = ['loss', ...metrics.map((metric) => metric.name)].map((name) => JSON.stringify(name));
  return [
    `self.metric_totals = {name: tf.Variable(0.0, trainable=False) for name in [${names.join(', ')}]}`,
    `self.metric_counts = {name: tf.Variable(0.0, trainable=False) for name in [${names.join(', ')}]}`,
  ];
}

export function metricMethods(metrics: MetricSpec[]): string[] {
  const kinds = new Set(metrics.map((metric) => metric.kind));
  const needs = (kind: MetricKind): boolean => kinds.has(kind) || kinds.has('accuracy');
  return [
    'def update_metrics(self, loss, y_true, y_pred, batch_size):',
    '    """Keras\'s loss tracker (a mean weighted by batch size) and compiled metrics (means over samples)."""',
    '    batch_size = tf.cast(batch_size, tf.float32)',
    '    self.metric_totals["loss"].assign_add(loss * batch_size)',
    '    self.metric_counts["loss"].assign_add(batch_size)',
    ...metrics.map(
      (metric) => `    self._update_mean(${JSON.stringify(metric.name)}, ${valuesExpression(metric)})`,
    ),
    '',
    'def _update_mean(self, name, values):',
    '    if len(values.shape) > 1:',
    '        values = tf.reduce_mean(values, axis=list(range(1, len(values.shape))))',
    '    self.metric_totals[name].assign_add(tf.reduce_sum(values))',
    '    self.metric_counts[name].assign_add(tf.cast(tf.shape(values)[0], tf.float32))',
    '',
    'def reset_metrics(self):',
    '    for variable in [*self.metric_totals.values(), *self.metric_counts.values()]:',
    '        variable.assign(0.0)',
    '',
    'def metrics_result(self):',
    '    """The logs Keras reports: each running mean, as a Python float."""',
    '    return {',
    '        name: float(tf.math.divide_no_nan(total, self.metric_counts[name]))',
    '        for name, total in self.metric_totals.items()',
    '    }',
    ...(kinds.has('accuracy') ? ['', ...AUTO_ACCURACY] : []),
    ...(needs('binary_accuracy') ? ['', ...BINARY_ACCURACY] : []),
    ...(needs('categorical_accuracy') ? ['', ...CATEGORICAL_ACCURACY] : []),
    ...(needs('sparse_categorical_accuracy') ? ['', ...SPARSE_ACCURACY] : []),
  ];
}

const AUTO_ACCURACY = [
  'def _accuracy(self, y_true, y_pred):',
  '    """"accuracy" as Keras resolves it from the shapes: binary for one output unit, sparse when the labels',
  '    have a lower rank (or a last dimension of 1), categorical otherwise."""',
  '    if y_pred.shape[-1] == 1:',
  '        return self._binary_accuracy(y_true, y_pred, 0.5)',
  '    if len(y_true.shape) < len(y_pred.shape) or y_true.shape[-1] == 1:',
  '        return self._sparse_categorical_accuracy(y_true, y_pred)',
  '    return self._categorical_accuracy(y_true, y_pred)',
];

const BINARY_ACCURACY = [
  'def _binary_accuracy(self, y_true, y_pred, threshold):',
  '    y_true = self._labels_to_rank(y_true, y_pred)',
  '    predicted = tf.cast(y_pred > threshold, y_true.dtype)',
  '    return tf.cast(tf.equal(y_true, predicted), tf.float32)',
];

const CATEGORICAL_ACCURACY = [
  'def _categorical_accuracy(self, y_true, y_pred):',
  '    y_true = tf.cast(tf.argmax(y_true, axis=-1), y_pred.dtype)',
  '    predicted = tf.cast(tf.argmax(y_pred, axis=-1), y_pred.dtype)',
  '    return tf.cast(tf.equal(y_true, predicted), tf.float32)',
];

const SPARSE_ACCURACY = [
  'def _sparse_categorical_accuracy(self, y_true, y_pred):',
  '    y_true = tf.cast(y_true, y_pred.dtype)',
  '    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:',
  '        y_true = tf.squeeze(y_true, axis=-1)',
  '    predicted = tf.cast(tf.argmax(y_pred, axis=-1), y_pred.dtype)',
  '    return tf.cast(tf.equal(y_true, predicted), tf.float32)',
];
