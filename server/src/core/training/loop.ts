// The train and test steps Keras runs (keras/src/backend/tensorflow/trainer.py), and fit/evaluate/predict
// as a tf.data pipeline with an explicit loop around them.
import { pyFloat } from './args.ts';
import { callbackLowering } from './callbacks.ts';
import type { FitOptions } from './fitOptions.ts';

export interface LoopOptions {
  fit: FitOptions;
  evaluateBatchSize: number;
  predictBatchSize: number;
  /** compute_loss takes the output layer's logits too. */
  fused: boolean;
  /** compile(jit_compile=True): the steps are XLA-compiled, as Keras compiles its train function. */
  jitCompile: boolean;
  /** Weight regularizers add `regularization_loss()` to the loss, as Keras adds model.losses. */
  regularized: boolean;
}

export function stepMethods(options: LoopOptions): string[] {
  const decorator = options.jitCompile ? '@tf.function(jit_compile=True)' : '@tf.function';
  const penalty = options.regularized ? ' + self.regularization_loss()' : '';
  const forward = (training: boolean): string[] =>
    options.fused
      ? [
          `y_pred, logits = self(x, training=${training ? 'True' : 'False'}, return_logits=True)`,
          `loss = self.compute_loss(y, y_pred, logits)${penalty}`,
        ]
      : [
          `y_pred = self(x, training=${training ? 'True' : 'False'})`,
          `loss = self.compute_loss(y, y_pred)${penalty}`,
        ];
  return [
    decorator,
    'def _train_step(self, x, y):',
    '    """Keras\'s train_step: forward pass and loss under a GradientTape, optimizer update, metrics."""',
    '    variables = self.training_variables()',
    '    with tf.GradientTape() as tape:',
    ...forward(true).map((line) => `        ${line}`),
    '    gradients = tape.gradient(loss, variables)',
    '    self.apply_gradients(gradients, variables)',
    '    self.update_metrics(loss, y, y_pred, tf.shape(x)[0])',
    '    return loss',
    '',
    decorator,
    'def _test_step(self, x, y):',
    '    """Keras\'s test_step: forward pass in inference mode, loss and metrics."""',
    ...forward(false).map((line) => `    ${line}`),
    '    self.update_metrics(loss, y, y_pred, tf.shape(x)[0])',
    '    return loss',
    '',
    'def train_step(self, x, y):',
    '    """One optimizer step on one batch; returns the batch loss (Keras: train_on_batch)."""',
    '    self.build_training_state()',
    '    return self._train_step(self._as_float32(x), self._as_float32(y))',
  ];
}

export function loopMethods(options: LoopOptions): string[] {
  const { fit } = options;
  const dataNote = fit.data.length > 0 ? ` The file calls it with \`${fit.data.join(', ')}\`.` : '';
  const validationNote = fit.validationData ? ` and passes \`validation_data=${fit.validationData}\`` : '';
  const callbacks = callbackLowering(fit.callbacks);
  const hasCallbacks = fit.callbacks.length > 0;
  const guarded = (lines: string[], indent: string): string[] =>
    hasCallbacks && lines.length > 0
      ? [`${indent}if run_callbacks:`, ...lines.map((line) => `${indent}    ${line}`)]
      : [];
  return [
    'def fit(',
    '    self,',
    '    x,',
    '    y,',
    `    batch_size=${fit.batchSize},`,
    `    epochs=${fit.epochs},`,
    `    verbose=${fit.verbose},`,
    `    validation_split=${pyFloat(fit.validationSplit)},`,
    '    validation_data=None,',
    `    shuffle=${fit.shuffle ? 'True' : 'False'},`,
    ...(hasCallbacks ? ['    run_callbacks=True,'] : []),
    '):',
    `    """model.fit() as a tf.data pipeline and an epoch loop; returns the history dict.${dataNote}`,
    '',
    `    Defaults are the file's fit() arguments${validationNote}. Shuffling draws from TensorFlow's own random`,
    "    stream, so the batch order differs from Keras's run (shuffle=False reproduces it exactly).",
    ...(hasCallbacks
      ? [
          '',
          "    run_callbacks=True runs the file's callbacks, written out below as methods, in the file's order:",
          ...fit.callbacks.map((spec) => `    \`${spec.source}\`.`),
        ]
      : []),
    '    """',
    '    self.build_training_state()',
    '    x, y = self._as_float32(x), self._as_float32(y)',
    '    if validation_data is None and validation_split:',
    '        # Keras holds out the last samples, before shuffling.',
    '        split = int(int(x.shape[0]) * (1.0 - validation_split))',
    '        x, y, validation_data = x[:split], y[:split], (x[split:], y[split:])',
    '    dataset = tf.data.Dataset.from_tensor_slices((x, y))',
    '    if shuffle:',
    '        dataset = dataset.shuffle(int(x.shape[0]), reshuffle_each_iteration=True)',
    '    dataset = dataset.batch(batch_size)',
    '    history = {}',
    ...guarded(callbacks.begin, '    '),
    '    for epoch in range(epochs):',
    '        self.reset_metrics()',
    '        for x_batch, y_batch in dataset:',
    '            self._train_step(x_batch, y_batch)',
    '        logs = self.metrics_result()',
    '        if validation_data is not None:',
    '            validation_logs = self.evaluate(*validation_data, batch_size=batch_size, verbose=0, return_dict=True)',
    '            logs.update({f"val_{name}": value for name, value in validation_logs.items()})',
    '        for name, value in logs.items():',
    '            history.setdefault(name, []).append(value)',
    '        if verbose:',
    '            print(f"Epoch {epoch + 1}/{epochs} - " + " - ".join(f"{k}: {v:.4f}" for k, v in logs.items()))',
    ...(hasCallbacks
      ? [
          "        # Callbacks see the epoch's logs after validation; training stops after the epoch that asks.",
          '        stop_training = False',
          ...guarded(callbacks.epochEnd, '        '),
          '        if stop_training:',
          '            break',
        ]
      : []),
    ...guarded(callbacks.end, '    '),
    '    return history',
    '',
    ...(hasCallbacks ? [...callbacks.methods, ''] : []),
    `def evaluate(self, x, y, batch_size=${options.evaluateBatchSize}, verbose=1, return_dict=False):`,
    '    """model.evaluate(): the loss and metrics over all batches, in inference mode."""',
    '    self.build_training_state()',
    '    self.reset_metrics()',
    '    dataset = tf.data.Dataset.from_tensor_slices((self._as_float32(x), self._as_float32(y)))',
    '    for x_batch, y_batch in dataset.batch(batch_size):',
    '        self._test_step(x_batch, y_batch)',
    '    logs = self.metrics_result()',
    '    if verbose:',
    '        print(" - ".join(f"{k}: {v:.4f}" for k, v in logs.items()))',
    '    if return_dict:',
    '        return logs',
    '    return logs["loss"] if len(logs) == 1 else list(logs.values())',
    '',
    `def predict(self, x, batch_size=${options.predictBatchSize}):`,
    '    """model.predict(): the outputs for all samples, batch by batch, as a NumPy array."""',
    '    batches = tf.data.Dataset.from_tensor_slices(self._as_float32(x)).batch(batch_size)',
    '    return tf.concat([self(batch) for batch in batches], axis=0).numpy()',
    '',
    '@staticmethod',
    'def _as_float32(value):',
    '    """Floating inputs as float32, as Keras\'s data adapters cast them to floatx."""',
    '    value = tf.convert_to_tensor(value)',
    '    return tf.cast(value, tf.float32) if value.dtype.is_floating else value',
  ];
}
