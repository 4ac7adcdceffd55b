// model.fit() / evaluate() / predict() arguments from the file: constants become the defaults of the
// generated methods; the data arguments stay parameters (the module cannot hold the file's arrays).
import type { TrainingCall } from '../model/graph.ts';
import { CallReader, isNone } from './args.ts';
import { readCallbacks, type CallbackSpec } from './callbacks.ts';
import type { MetricSpec } from './metrics.ts';
import type { Refusals } from './refusals.ts';

export interface FitOptions {
  batchSize: number;
  epochs: number;
  verbose: number;
  shuffle: boolean;
  validationSplit: number;
  /** Source text of `validation_data=` when the file passes it (named in the docstring). */
  validationData: string | undefined;
  /** Source text of the x and y arguments, for the docstring. */
  data: string[];
  /** EarlyStopping / ModelCheckpoint from `callbacks=[...]`, in the file's order. */
  callbacks: CallbackSpec[];
}

const FIT_SIGNATURE = [
  'x',
  'y',
  'batch_size',
  'epochs',
  'verbose',
  'callbacks',
  'validation_split',
  'validation_data',
  'shuffle',
  'class_weight',
  'sample_weight',
  'initial_epoch',
  'steps_per_epoch',
  'validation_steps',
  'validation_batch_size',
  'validation_freq',
];

export function readFit(
  call: TrainingCall | undefined,
  metrics: MetricSpec[],
  refusals: Refusals,
): FitOptions {
  const reader = new CallReader(
    'model.fit()',
    call?.args ?? { positional: [], keywords: new Map() },
    FIT_SIGNATURE,
    refusals,
  );
  for (const name of [
    'class_weight',
    'sample_weight',
    'steps_per_epoch',
    'validation_steps',
    'validation_batch_size',
  ])
    reader.requireDefault(name, isNone, `\`${name}\` is not lowered yet`);
  reader.requireDefault(
    'initial_epoch',
    (v) => v.kind === 'number' && v.value === 0,
    '`initial_epoch` is not lowered yet',
  );
  reader.requireDefault(
    'validation_freq',
    (v) => v.kind === 'number' && v.value === 1,
    '`validation_freq` is not lowered yet',
  );
  return {
    batchSize: reader.number('batch_size', null) ?? 32,
    epochs: reader.number('epochs', 1),
    verbose: verbosity(reader),
    shuffle: reader.bool('shuffle', true),
    validationSplit: reader.number('validation_split', 0),
    validationData: reader.get('validation_data')?.valueNode.text,
    data: ['x', 'y'].flatMap((name) => reader.get(name)?.valueNode.text ?? []),
    callbacks: readCallbacks(reader.get('callbacks'), metrics, refusals),
  };
}

/** Keras's verbose: "auto" means 1 for fit; 0 is silent, 1 and 2 print a line per epoch here. */
function verbosity(reader: CallReader): number {
  const arg = reader.get('verbose');
  if (arg?.value.kind === 'string' && arg.value.value === 'auto') return 1;
  return reader.number('verbose', 1);
}

const EVALUATE_SIGNATURE = [
  'x',
  'y',
  'batch_size',
  'verbose',
  'sample_weight',
  'steps',
  'callbacks',
  'return_dict',
];
const PREDICT_SIGNATURE = ['x', 'batch_size', 'verbose', 'steps', 'callbacks'];

/** The batch size of an evaluate() or predict() call (32 when not given); other arguments checked. */
export function readBatchCall(call: TrainingCall, refusals: Refusals): number {
  const evaluate = call.method === 'evaluate';
  const reader = new CallReader(
    `model.${call.method}()`,
    call.args,
    evaluate ? EVALUATE_SIGNATURE : PREDICT_SIGNATURE,
    refusals,
  );
  for (const name of evaluate ? ['sample_weight', 'steps', 'callbacks'] : ['steps', 'callbacks'])
    reader.requireDefault(name, isNone, `\`${name}\` is not lowered yet`);
  return reader.number('batch_size', null) ?? 32;
}
