// Layer mode: a layer's constructor call becomes an instance of a generated explicit-ops layer class,
// added to the file once (after the imports) and reused; the model stays Keras and keeps training.
import type { Node } from 'web-tree-sitter';
import type { Analysis } from '../analysis.ts';
import { activationLowering } from '../layers/activationFunctions.ts';
import { equalsDefault, readActivationName, type ArgValue } from '../layers/config.ts';
import type { LayerNode } from '../model/graph.ts';
import type { LowerableRule } from '../layers/rule.ts';
import { nodeRange } from '../parse/ranges.ts';
import type { TextEdit } from '../types.ts';
import { importContext } from './imports.ts';
import { lineEnding, withLineEnding } from './pythonText.ts';

/** Edits that lower every given layer in layer mode, plus one insertion of the classes and imports they need. */
export function layerModeEdits(analysis: Analysis, layers: LayerNode[]): TextEdit[] {
  const eol = lineEnding(analysis.text);
  const context = importContext(
    analysis,
    layers.map((layer) => layer.call),
  );
  const edits: TextEdit[] = layers.map((layer) => ({
    range: nodeRange(layer.call),
    newText: withLineEnding(layerModeCall(layer), eol),
  }));
  const classes = new Map<string, string>();
  for (const layer of layers) {
    const template = (layer.rule as LowerableRule).layerClass;
    const alreadyDefined = new RegExp(`^class ${template.name}\\b`, 'm').test(analysis.text);
    if (!alreadyDefined)
      classes.set(template.name, template.source.replace('keras.layers.Layer', context.layerBase));
  }
  const header = context.needsTensorflow ? 'import tensorflow as tf\n' : '';
  if (classes.size > 0 || header) {
    const body = [...classes.values()].map((source) => `\n\n${source.trimEnd()}\n`).join('');
    const atEndOfText = context.lead !== '';
    const nextLineBlank = /^\s*$/.test(analysis.text.split('\n')[context.insertAt.line] ?? '');
    const spacing = classes.size === 0 || atEndOfText ? '' : nextLineBlank ? '\n' : '\n\n';
    const newText = context.lead + header + body + spacing;
    edits.push({
      range: { start: context.insertAt, end: context.insertAt },
      newText: withLineEnding(newText, eol),
    });
  }
  return edits;
}

/** `keras.layers.Dense(128, activation='relu', input_shape=(784,))` -> `TfDense(128, activation=tf.nn.relu, input_shape=(784,))`. */
export function layerModeCall(layer: LayerNode): string {
  const rule = layer.rule as LowerableRule;
  const parameters = rule.layerClass.parameters;
  const parts: string[] = [];
  let positionalAllowed = true;
  for (const argument of callArguments(layer.call)) {
    const arg = [...layer.config.values.values()].find((candidate) => candidate.node?.id === argument.id);
    if (!arg) continue;
    const text = argumentText(arg, parameters);
    if (text === undefined) {
      positionalAllowed = false;
      continue;
    }
    const position = arg.spec.position;
    if (
      arg.positional &&
      positionalAllowed &&
      position !== undefined &&
      parameters[position] === arg.spec.name
    ) {
      parts.push(text);
    } else {
      positionalAllowed = false;
      parts.push(`${arg.spec.name}=${text}`);
    }
  }
  const dataFormat = layer.config.values.get('data_format');
  if (
    dataFormat &&
    !dataFormat.node &&
    parameters.includes('data_format') &&
    layer.config.dataFormat() === 'channels_first'
  )
    parts.push('data_format="channels_first"');
  const constructed = `${rule.layerClass.name}(${parts.join(', ')})`;
  // `layers.add([x, y])` builds and calls the layer at once: the lowered class is called on the same inputs.
  const inputs = functionalFormInputs(layer.call);
  return inputs === undefined ? constructed : `${constructed}(${inputs})`;
}

const MERGE_FUNCTIONS = new Set([
  'add',
  'subtract',
  'multiply',
  'average',
  'maximum',
  'minimum',
  'concatenate',
  'dot',
]);

/** The inputs' text of a functional merge call (`layers.concatenate([a, b], axis=1)`), else undefined. */
function functionalFormInputs(call: Node): string | undefined {
  const callee = call.childForFieldName('function')?.text ?? '';
  if (!MERGE_FUNCTIONS.has(callee.split('.').pop() ?? '')) return undefined;
  const args = callArguments(call);
  const keyword = args.find(
    (arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'inputs',
  );
  const first = keyword?.childForFieldName('value') ?? args.find((arg) => arg.type !== 'keyword_argument');
  return first?.text;
}

/** The argument's text in the generated call, or undefined when it is dropped (a default the class doesn't take). */
function argumentText(arg: ArgValue, parameters: string[]): string | undefined {
  const valueText = arg.valueNode?.text ?? '';
  if (arg.spec.kind === 'activation') {
    const name = activationNameOf(arg);
    return name === null ? 'None' : name;
  }
  const isBaseArg = ['name', 'input_shape', 'input_dim'].includes(arg.spec.name);
  if (isBaseArg || parameters.includes(arg.spec.name)) return valueText;
  if (equalsDefault(arg.spec, arg.value) || arg.spec.kind === 'dataFormat') return undefined;
  return valueText;
}

function activationNameOf(arg: ArgValue): string | null {
  return activationLowering(readActivationName(arg.value) ?? 'linear')?.callable ?? null;
}

function callArguments(call: Node): Node[] {
  const list = call.childForFieldName('arguments');
  return (list?.namedChildren ?? []).filter(
    (child): child is Node => child !== null && child.type !== 'comment',
  );
}
