// compile()/fit() lowered into the module: loss, metrics, optimizer update rule, GradientTape step and loop.
import type { LayerNode, ModelNode, TrainingCall } from '../model/graph.ts';
import { pythonIdentifier } from '../emit/pythonText.ts';
import { penaltyExpression, weightPenalties } from '../layers/regularizers.ts';
import { weightsOf } from '../layers/weights.ts';
import type { Reason } from '../types.ts';
import { CallReader } from './args.ts';
import { readBatchCall, readFit } from './fitOptions.ts';
import { outputLogits } from './logits.ts';
import { lossMethod, lossUsesLogits, readLoss } from './losses.ts';
import { loopMethods, stepMethods } from './loop.ts';
import { buildMetricLines, metricMethods, readMetrics } from './metrics.ts';
import { buildOptimizerLines, describeOptimizer, optimizerMethods, readOptimizer } from './optimizers.ts';
import { describeReason, refusalComment, refusalNote, Refusals } from './refusals.ts';
import { mdCode, mdMessage } from '../features/markdown.ts';

export interface TrainingLowering {
  /** Class-body lines (unindented) appended to the generated tf.Module. */
  lines: string[];
  /** What was left out or differs, for the lowering's notes. */
  notes: string[];
  /** Why training is not lowered, each at the argument's range. */
  refusals: Reason[];
  /** The output layer whose pre-activation `__call__(..., return_logits=True)` must also return. */
  logitsLayer?: LayerNode;
  /** Markdown lines saying what was lowered (or why not), for hover on compile()/fit(). */
  summary: string[];
}

const COMPILE_SIGNATURE = [
  'optimizer',
  'loss',
  'loss_weights',
  'metrics',
  'weighted_metrics',
  'run_eagerly',
  'steps_per_execution',
  'jit_compile',
  'auto_scale_loss',
];

export function trainingLowering(model: ModelNode): TrainingLowering {
  const calls = model.trainingCalls;
  const compile = [...calls].reverse().find((call) => call.method === 'compile');
  if (!compile) return { lines: [], notes: [], refusals: [], summary: [] };
  const refusals = new Refusals();
  const reader = new CallReader('model.compile()', compile.args, COMPILE_SIGNATURE, refusals);
  const optimizer = readOptimizer(reader.get('optimizer'), refusals);
  const lossArg = reader.get('loss');
  const loss = lossArg
    ? readLoss(lossArg, refusals)
    : refusals.refuse(compile.call, 'compile() without a loss cannot train');
  const metrics = readMetrics(reader.get('metrics'), refusals);
  reader.requireDefault('loss_weights', (v) => v.kind === 'none', 'loss weights are not lowered yet');
  reader.requireDefault('weighted_metrics', (v) => v.kind === 'none', 'weighted metrics are not lowered yet');
  const jit = reader.get('jit_compile');
  const jitCompile = jit?.value.kind === 'bool' && jit.value.value;
  if (model.outputs.length !== 1)
    refusals.refuse(compile.call, 'training models with several outputs is not lowered yet');
  const logits = outputLogits(model);
  // An output layer without an activation argument (Dropout, Flatten) hands the loss no logits.
  const outputConfig = model.outputs[0]?.producer.config;
  const finalActivation = outputConfig?.values.has('activation') ? outputConfig.activation() : undefined;
  const crossentropy = loss && ['categorical', 'sparse_categorical', 'binary'].includes(loss.kind);
  if (!logits && crossentropy && (finalActivation === 'softmax' || finalActivation === 'sigmoid'))
    refusals.refuse(
      compile.call,
      `Keras computes crossentropies from the logits of the output's ${finalActivation}, which this layer's lowering does not expose`,
    );
  const fit = readFit(first(calls, 'fit'), metrics, refusals);
  const evaluateCall = first(calls, 'evaluate');
  const predictCall = first(calls, 'predict');
  const evaluateBatchSize = evaluateCall ? readBatchCall(evaluateCall, refusals) : 32;
  const predictBatchSize = predictCall ? readBatchCall(predictCall, refusals) : 32;
  const variables = trainableVariables(model);
  const penalties = regularizationTerms(model, refusals);
  if (variables === undefined)
    refusals.refuse(compile.call, 'a layer of this model has no lowering, so neither has its training');

  if (!refusals.empty || !optimizer || !loss || variables === undefined)
    return {
      lines: refusalComment(refusals.reasons),
      notes: refusals.reasons.map(refusalNote),
      refusals: refusals.reasons,
      summary: [
        '**Training not lowered**: keras-lower could not lower it exactly.',
        '',
        ...refusals.reasons.map((reason) => `- ${mdMessage(describeReason(reason))}`),
      ],
    };

  const fused = lossUsesLogits(loss, logits);
  const regularized = penalties.length > 0;
  const options = { fit, evaluateBatchSize, predictBatchSize, fused, jitCompile, regularized };
  const lines = [
    `# ---- Training: \`${oneLine(compile.call.text)}\` ----`,
    `# Optimizer: ${describeOptimizer(optimizer)}.`,
    `# Metrics: the loss (a running mean)${metrics.map((metric) => `, "${metric.name}"`).join('')}.`,
    ...(fused
      ? ['# The loss reuses the logits of the final activation, as Keras does (no double softmax).']
      : []),
    '',
    'def training_variables(self):',
    '    """The trainable weights in Keras\'s order (model.trainable_weights)."""',
    `    return [${variables.join(', ')}]`,
    '',
    ...(fit.callbacks.length > 0
      ? [
          'def model_variables(self):',
          '    """Every weight in Keras\'s order (model.get_weights()), for callbacks that save or restore them."""',
          `    return [${modelVariables(model)!.join(', ')}]`,
          '',
        ]
      : []),
    'def build_training_state(self):',
    '    """Optimizer and metric variables, created once, as Keras builds them on the first step."""',
    '    if hasattr(self, "optimizer_iterations"):',
    '        return',
    ...[...buildOptimizerLines(optimizer), ...buildMetricLines(metrics)].map((line) => `    ${line}`),
    '',
    ...lossMethod(loss, fused),
    '',
    ...(regularized
      ? [
          'def regularization_loss(self):',
          '    """The weight regularizers\' penalties, which Keras adds to the loss (model.losses)."""',
          `    return tf.add_n([${penalties.join(', ')}])`,
          '',
        ]
      : []),
    ...optimizerMethods(optimizer),
    '',
    ...metricMethods(metrics),
    '',
    ...stepMethods(options),
    '',
    ...loopMethods(options),
  ];
  const notes = [
    ...(fit.shuffle && first(calls, 'fit')
      ? ["fit(shuffle=True): batches are shuffled by TensorFlow's random stream, not Keras's"]
      : []),
    ...(jit === undefined || jit.value.kind === 'string'
      ? ['compile(jit_compile="auto"): Keras uses XLA only on GPUs; the lowered steps are plain tf.function']
      : []),
  ];
  const summary = [
    '**Training lowered** to TensorFlow: a `GradientTape` train step, `fit()` / `evaluate()` / `predict()` over `tf.data`.',
    '',
    `- Optimizer: ${mdCode(describeOptimizer(optimizer))}, slot variables and update rule written out`,
    `- Loss: ${mdCode(loss.source)}${fused ? " from the output layer's logits, as Keras's TF backend computes it (no double softmax)" : ''}`,
    `- Metrics: the loss (a running mean)${metrics.map((metric) => `, ${mdCode(metric.name)}`).join('')}`,
    ...fit.callbacks.map((callback) => `- Callback written out: ${mdCode(callback.source)}`),
    ...notes.map((note) => `- Note: ${mdMessage(note)}`),
  ];
  return { lines, notes, refusals: [], logitsLayer: fused ? logits!.layer : undefined, summary };
}

function first(calls: TrainingCall[], method: TrainingCall['method']): TrainingCall | undefined {
  return calls.find((call) => call.method === method);
}

/** Each regularized weight's penalty as an expression over its variable; refusals for what cannot be lowered. */
function regularizationTerms(model: ModelNode, refusals: Refusals): string[] {
  const terms: string[] = [];
  for (const layer of model.layers) {
    const { penalties, problems } = weightPenalties(layer.config, weightsOf(layer));
    refusals.reasons.push(...problems);
    for (const { weight, spec } of penalties) {
      const term = penaltyExpression(spec, `self.${pythonIdentifier(layer.name)}_${weight}`);
      if (term) terms.push(term);
    }
  }
  return terms;
}

/** `self.<layer>_<weight>` for every trainable weight, in Keras's order; undefined if a layer has no rule. */
function trainableVariables(model: ModelNode): string[] | undefined {
  return modelVariables(model, true);
}

/** `self.<layer>_<weight>` for every weight (or only the trainable ones), in Keras's order. */
function modelVariables(model: ModelNode, trainableOnly = false): string[] | undefined {
  const variables: string[] = [];
  for (const layer of model.layers) {
    if (!layer.rule || !layer.inputShape) return undefined;
    for (const weight of weightsOf(layer))
      if (weight.trainable || !trainableOnly)
        variables.push(`self.${pythonIdentifier(layer.name)}_${weight.name}`);
  }
  return variables;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');
}
