// fit(callbacks=[...]): EarlyStopping and ModelCheckpoint written out with Keras 3's semantics
// (keras/src/callbacks/early_stopping.py, model_checkpoint.py, monitor_callback.py); every other callback,
// and any argument that cannot be read statically, is refused at its range.
import { describeValue, type Value } from '../model/values.ts';
import { CallReader, pyFloat, type Arg } from './args.ts';
import type { MetricSpec } from './metrics.ts';
import type { Refusals } from './refusals.ts';

type Direction = 'min' | 'max';

export interface EarlyStoppingSpec {
  kind: 'EarlyStopping';
  monitor: string;
  minDelta: number;
  patience: number;
  verbose: number;
  direction: Direction;
  baseline: number | null;
  restoreBestWeights: boolean;
  startFromEpoch: number;
  source: string;
}

export interface CheckpointSpec {
  kind: 'ModelCheckpoint';
  filepath: string;
  /** The Keras extension the filepath ends with, replaced by `.ckpt` for the TensorFlow checkpoint. */
  extension: string;
  monitor: string;
  verbose: number;
  saveBestOnly: boolean;
  saveWeightsOnly: boolean;
  direction: Direction;
  initialValueThreshold: number | null;
  source: string;
}

export type CallbackSpec = EarlyStoppingSpec | CheckpointSpec;

const EARLY_STOPPING_SIGNATURE = [
  'monitor',
  'min_delta',
  'patience',
  'verbose',
  'mode',
  'baseline',
  'restore_best_weights',
  'start_from_epoch',
];
const CHECKPOINT_SIGNATURE = [
  'filepath',
  'monitor',
  'verbose',
  'save_best_only',
  'save_weights_only',
  'mode',
  'save_freq',
  'initial_value_threshold',
];

export function readCallbacks(
  arg: Arg | undefined,
  metrics: MetricSpec[],
  refusals: Refusals,
): CallbackSpec[] {
  if (!arg || arg.value.kind === 'none') return [];
  if (arg.value.kind !== 'sequence')
    return refusals.refuse(arg.node, '`callbacks` must be a list keras-lower can read statically') ?? [];
  const specs: CallbackSpec[] = [];
  for (const item of arg.value.items) {
    const spec = readCallback(item, arg, metrics, refusals);
    if (!spec) continue;
    if (specs.some((other) => other.kind === spec.kind))
      refusals.refuse(arg.node, `two ${spec.kind} callbacks in one fit() are not lowered`);
    specs.push(spec);
  }
  return specs;
}

function readCallback(
  value: Value,
  arg: Arg,
  metrics: MetricSpec[],
  refusals: Refusals,
): CallbackSpec | undefined {
  const className = value.kind === 'kerasObject' ? value.path.replace(/^keras\.callbacks\./, '') : undefined;
  if (value.kind !== 'kerasObject' || (className !== 'EarlyStopping' && className !== 'ModelCheckpoint'))
    return refusals.refuse(
      value.kind === 'kerasObject' ? value.call : arg.node,
      `callback \`${describe(value)}\` is not lowered (lowered: EarlyStopping, ModelCheckpoint)`,
    );
  const source = value.call.text.replace(/\s+/g, ' ');
  if (className === 'EarlyStopping') {
    const reader = new CallReader('EarlyStopping()', value.args, EARLY_STOPPING_SIGNATURE, refusals);
    const monitor = reader.string('monitor', 'val_loss');
    return {
      kind: 'EarlyStopping',
      monitor,
      minDelta: Math.abs(reader.number('min_delta', 0)),
      patience: integer(reader, 'patience', 0),
      verbose: reader.number('verbose', 0),
      direction: direction(reader, monitor, metrics, value.call, refusals),
      baseline: reader.number('baseline', null),
      restoreBestWeights: reader.bool('restore_best_weights', false),
      startFromEpoch: integer(reader, 'start_from_epoch', 0),
      source,
    };
  }
  const reader = new CallReader('ModelCheckpoint()', value.args, CHECKPOINT_SIGNATURE, refusals);
  const monitor = reader.string('monitor', 'val_loss');
  const saveWeightsOnly = reader.bool('save_weights_only', false);
  const filepathArg = reader.get('filepath');
  let filepath = '';
  if (!filepathArg) refusals.refuse(value.call, 'ModelCheckpoint() needs a `filepath`');
  else if (filepathArg.value.kind !== 'string')
    reader.refuse(
      filepathArg,
      `\`${filepathArg.valueNode.text}\` is not a file path keras-lower can read statically`,
    );
  else filepath = filepathArg.value.value;
  // Keras raises in ModelCheckpoint.__init__ on any other suffix.
  const extensions = saveWeightsOnly ? ['.weights.h5'] : ['.keras', '.h5'];
  const extension = extensions.find((suffix) => filepath.endsWith(suffix));
  if (filepathArg && filepathArg.value.kind === 'string' && !extension)
    reader.refuse(
      filepathArg,
      `Keras raises ValueError here: with save_weights_only=${saveWeightsOnly ? 'True' : 'False'} the filepath must end in ${extensions.map((e) => `\`${e}\``).join(' or ')}`,
    );
  reader.requireDefault(
    'save_freq',
    (v) => v.kind === 'string' && v.value === 'epoch',
    'only save_freq="epoch" is lowered',
  );
  return {
    kind: 'ModelCheckpoint',
    filepath,
    extension: extension ?? '',
    monitor,
    verbose: reader.number('verbose', 0),
    saveBestOnly: reader.bool('save_best_only', false),
    saveWeightsOnly,
    direction: direction(reader, monitor, metrics, value.call, refusals),
    initialValueThreshold: reader.number('initial_value_threshold', null),
    source,
  };
}

function integer(reader: CallReader, name: string, fallback: number): number {
  const value = reader.number(name, fallback);
  if (!Number.isInteger(value)) reader.refuse(reader.get(name)!, `\`${name}\` must be an integer`);
  return value;
}

/** MonitorCallback._set_monitor_op: "min"/"max", or from the monitored quantity in "auto" mode. */
function direction(
  reader: CallReader,
  monitor: string,
  metrics: MetricSpec[],
  call: Arg['node'],
  refusals: Refusals,
): Direction {
  const mode = reader.string('mode', 'auto');
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto') {
    reader.refuse(reader.get('mode')!, `mode=${JSON.stringify(mode)} is not one of "auto", "min", "max"`);
    return 'min';
  }
  const name = monitor.replace(/^val_/, '');
  if (name === 'loss') return 'min';
  const metric = metrics.find((candidate) => candidate.name === name);
  if (metric) return metric.kind === 'mse' || metric.kind === 'mae' ? 'min' : 'max';
  refusals.refuse(
    call,
    `Keras raises ValueError here: with mode="auto" it cannot tell whether \`${monitor}\` should be minimized or maximized (pass mode="min" or mode="max")`,
  );
  return 'min';
}

function describe(value: Value): string {
  if (value.kind === 'kerasObject' || value.kind === 'ref') return value.path;
  return describeValue(value);
}

const py = (value: number | null): string => (value === null ? 'None' : pyFloat(value));

/** The statements fit() runs around its epoch loop, and the methods they call. */
export interface CallbackLowering {
  /** Before the first epoch (on_train_begin). */
  begin: string[];
  /** After each epoch's logs (on_epoch_end); may set `stop_training`. */
  epochEnd: string[];
  /** After the loop (on_train_end). */
  end: string[];
  methods: string[];
}

export function callbackLowering(specs: CallbackSpec[]): CallbackLowering {
  const lowering: CallbackLowering = { begin: [], epochEnd: [], end: [], methods: [] };
  if (specs.length === 0) return lowering;
  for (const spec of specs) {
    if (spec.kind === 'EarlyStopping') {
      lowering.begin.push('early_stopping = self._early_stopping_begin()');
      lowering.epochEnd.push(
        'stop_training = self._early_stopping_epoch_end(early_stopping, epoch, logs) or stop_training',
      );
      lowering.end.push('self._early_stopping_end(early_stopping)');
      lowering.methods.push(...earlyStoppingMethods(spec), '');
    } else {
      lowering.begin.push('checkpoint = self._checkpoint_begin()');
      lowering.epochEnd.push('self._checkpoint_epoch_end(checkpoint, epoch, logs)');
      lowering.methods.push(...checkpointMethods(spec), '');
    }
  }
  lowering.methods.push(...MONITOR_METHODS);
  return lowering;
}

function earlyStoppingMethods(spec: EarlyStoppingSpec): string[] {
  const monitor = JSON.stringify(spec.monitor);
  const improved = (reference: string): string =>
    `self._monitor_improved(current, ${reference}, ${pyFloat(spec.minDelta)}, "${spec.direction}")`;
  const snapshot = '[variable.numpy() for variable in self.model_variables()]';
  return [
    'def _early_stopping_begin(self):',
    `    """\`${spec.source}\` (keras/src/callbacks/early_stopping.py): its state at on_train_begin."""`,
    '    return {"wait": 0, "stopped_epoch": 0, "best": None, "best_weights": None, "best_epoch": 0}',
    '',
    'def _early_stopping_epoch_end(self, state, epoch, logs):',
    `    """EarlyStopping.on_epoch_end: counts epochs without improvement of ${spec.monitor} (${spec.direction}); True stops training."""`,
    `    current = self._monitor_value(logs, ${monitor}, "Early stopping")`,
    `    if current is None or epoch < ${spec.startFromEpoch}:`,
    '        return False',
    ...(spec.restoreBestWeights
      ? [
          '    if state["best_weights"] is None:',
          `        state["best_weights"] = ${snapshot}`,
          '        state["best_epoch"] = epoch',
        ]
      : []),
    '    state["wait"] += 1',
    `    if ${improved('state["best"]')}:`,
    '        state["best"] = current',
    '        state["best_epoch"] = epoch',
    ...(spec.restoreBestWeights ? [`        state["best_weights"] = ${snapshot}`] : []),
    ...(spec.baseline === null
      ? ['        state["wait"] = 0']
      : [
          '        # The wait resets only when the value also beats the baseline.',
          `        if ${improved(py(spec.baseline))}:`,
          '            state["wait"] = 0',
        ]),
    '        return False',
    `    if state["wait"] >= ${spec.patience} and epoch > 0:`,
    '        state["stopped_epoch"] = epoch',
    '        return True',
    '    return False',
    '',
    'def _early_stopping_end(self, state):',
    `    """EarlyStopping.on_train_end${spec.restoreBestWeights ? ': restores the weights of the best epoch' : ''}."""`,
    ...(spec.verbose > 0
      ? [
          '    if state["stopped_epoch"] > 0:',
          '        print(f"Epoch {state[\'stopped_epoch\'] + 1}: early stopping")',
        ]
      : []),
    ...(spec.restoreBestWeights
      ? [
          '    if state["best_weights"] is not None:',
          ...(spec.verbose > 0
            ? [
                '        print(f"Restoring model weights from the end of the best epoch: {state[\'best_epoch\'] + 1}.")',
              ]
            : []),
          '        for variable, value in zip(self.model_variables(), state["best_weights"]):',
          '            variable.assign(value)',
        ]
      : spec.verbose > 0
        ? []
        : ['    pass']),
  ];
}

function checkpointMethods(spec: CheckpointSpec): string[] {
  const monitor = JSON.stringify(spec.monitor);
  const verbose = spec.verbose > 0;
  const what = spec.saveWeightsOnly
    ? "the model's weights (model_variables(), by position)"
    : 'the whole module: weights, optimizer slots and step, metric state';
  return [
    'def _checkpoint_begin(self):',
    `    """\`${spec.source}\` (keras/src/callbacks/model_checkpoint.py): the best value so far."""`,
    `    return {"best": ${py(spec.initialValueThreshold)}}`,
    '',
    'def _checkpoint_epoch_end(self, state, epoch, logs):',
    '    """ModelCheckpoint.on_epoch_end (save_freq="epoch").',
    '',
    `    Keras writes ${spec.saveWeightsOnly ? 'a `.weights.h5` file (model.save_weights)' : `a \`${spec.extension}\` file (model.save)`}; a tf.Module`,
    `    has no Keras file format, so this writes a TensorFlow checkpoint (tf.train.Checkpoint) of ${what},`,
    `    under the same path with \`${spec.extension}\` replaced by \`.ckpt\` (files \`.ckpt.index\`, \`.ckpt.data-*\`).`,
    '    Restore it with restore_checkpoint(path).',
    '    """',
    `    filepath = ${JSON.stringify(spec.filepath)}.format(epoch=epoch + 1, **logs)`,
    `    path = filepath[: -len(${JSON.stringify(spec.extension)})] + ".ckpt"`,
    ...(spec.saveBestOnly
      ? [
          `    current = logs.get(${monitor})`,
          '    if current is None:',
          `        tf.get_logger().warning("Can save best model only with ${spec.monitor} available.")`,
          `    elif self._monitor_improved(current, state["best"], 0.0, "${spec.direction}"):`,
          ...(verbose
            ? [
                '        best = "None" if state["best"] is None else f"{state[\'best\']:.5f}"',
                `        print(f"\\nEpoch {epoch + 1}: ${spec.monitor} improved from {best} to {current:.5f}, saving model to {path}")`,
              ]
            : []),
          '        state["best"] = current',
          '    else:',
          ...(verbose
            ? [
                '        best = "None" if state["best"] is None else f"{state[\'best\']:.5f}"',
                `        print(f"\\nEpoch {epoch + 1}: ${spec.monitor} did not improve from {best}")`,
              ]
            : []),
          '        return',
        ]
      : verbose
        ? ['    print(f"\\nEpoch {epoch + 1}: saving model to {path}")']
        : []),
    `    self._training_checkpoint(${spec.saveWeightsOnly ? 'True' : 'False'}).write(path)`,
    ...(verbose ? ['    print(f"\\nEpoch {epoch + 1}: finished saving model to {path}")'] : []),
    '',
    'def _training_checkpoint(self, weights_only):',
    '    if weights_only:',
    '        return tf.train.Checkpoint(weights=self.model_variables())',
    '    return tf.train.Checkpoint(module=self)',
    '',
    `def restore_checkpoint(self, path, weights_only=${spec.saveWeightsOnly ? 'True' : 'False'}):`,
    '    """Loads a checkpoint written by fit()\'s ModelCheckpoint (the `.ckpt` path, without `.index`)."""',
    '    self.build_training_state()',
    '    self._training_checkpoint(weights_only).read(path).assert_existing_objects_matched()',
  ];
}

const MONITOR_METHODS = [
  '@staticmethod',
  'def _monitor_value(logs, monitor, what):',
  '    value = logs.get(monitor)',
  '    if value is None:',
  '        tf.get_logger().warning(',
  '            f"{what} conditioned on metric `{monitor}` which is not available. "',
  '            f"Available metrics are: {\',\'.join(logs)}"',
  '        )',
  '    return value',
  '',
  '@staticmethod',
  'def _monitor_improved(current, reference, min_delta, mode):',
  '    """MonitorCallback._is_improvement: keras.ops.less/greater compare in float32."""',
  '    if reference is None:',
  '        return True',
  '    if mode == "min":',
  '        return bool(tf.constant(current + min_delta, tf.float32) < tf.constant(reference, tf.float32))',
  '    return bool(tf.constant(current - min_delta, tf.float32) > tf.constant(reference, tf.float32))',
];
