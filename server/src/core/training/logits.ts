// Keras's cached logits (keras/src/backend/tensorflow/nn.py `_get_logits`): `keras.activations.softmax`
// and `sigmoid` attach their input to the output as `_keras_logits`, and any of the three crossentropies
// then computes from those logits instead of the clipped probabilities. A raw `tf.nn.softmax` /
// `tf.nn.sigmoid` activation attaches nothing, but in a graph the loss still finds the op's input when the
// op type matches the crossentropy (Softmax for categorical ones, Sigmoid for binary).
import { isLowerable } from '../layers/rule.ts';
import type { LayerNode, ModelNode } from '../model/graph.ts';

export interface OutputLogits {
  layer: LayerNode;
  activation: 'softmax' | 'sigmoid';
  /** True for Keras's own activations, which attach `_keras_logits`. */
  cached: boolean;
}

/** The model's single output, when it ends in a softmax or sigmoid whose input the loss can reuse. */
export function outputLogits(model: ModelNode): OutputLogits | undefined {
  if (model.outputs.length !== 1) return undefined;
  const layer = model.outputs[0]!.producer;
  if (!layer.rule?.args.some((arg) => arg.kind === 'activation') || !endsInActivation(layer))
    return undefined;
  const activation = layer.config.activation();
  if (activation !== 'softmax' && activation !== 'sigmoid') return undefined;
  const value = layer.config.arg('activation').value;
  return {
    layer,
    activation,
    cached: value.kind === 'string' || (value.kind === 'ref' && value.path.startsWith('keras.')),
  };
}

export type CrossentropyKind = 'categorical' | 'sparse_categorical' | 'binary';

/** Whether Keras computes this crossentropy from the output layer's logits. */
export function usesOutputLogits(kind: CrossentropyKind, logits: OutputLogits | undefined): boolean {
  if (!logits) return false;
  if (logits.cached) return true;
  return kind === 'binary' ? logits.activation === 'sigmoid' : logits.activation === 'softmax';
}

/** Whether the layer's own ops end in the activation call `exposeLogits` can split off. */
function endsInActivation(layer: LayerNode): boolean {
  const { rule, inputShape, outputShape } = layer;
  if (!isLowerable(rule) || !inputShape || !outputShape) return false;
  const ops = rule.ops({
    config: layer.config,
    input: inputShape,
    output: outputShape,
    inputExpr: 'x',
    inputExprs: ['x'],
    inputs: [inputShape],
    outputVar: 'y',
    weight: (name) => name,
    training: 'training',
  });
  return exposeLogits(ops) !== undefined;
}

/**
 * The output layer's ops with its pre-activation named `logits`:
 * `y = tf.nn.softmax(y, axis=-1)` becomes `logits = y` and `y = tf.nn.softmax(logits, axis=-1)`.
 */
export function exposeLogits(ops: string[]): string[] | undefined {
  const match = /^(\w+) = (tf\.nn\.(?:softmax|sigmoid))\((.+?)(, axis=-1)?\)$/.exec(
    ops[ops.length - 1] ?? '',
  );
  if (!match) return undefined;
  const [, output, activation, input, axis] = match;
  return [...ops.slice(0, -1), `logits = ${input}`, `${output} = ${activation}(logits${axis ?? ''})`];
}
