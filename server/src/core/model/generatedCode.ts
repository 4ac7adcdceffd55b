// The engine reading its own output: a `Tf<Class>` layer class that layer mode generated, still exactly as
// generated, computes what Keras's `<Class>` computes (the layer-mode oracle proves each template), so a call
// of it is the Keras layer under its own class name. An edited class is not recognised: it stays a user
// layer, read from its own build()/call().
import type { Node } from 'web-tree-sitter';
import { BASE_LAYER_ARGS, type CallArguments } from '../layers/config.ts';
import { RULES } from '../layers/registry.ts';
import { isLowerable, type LowerableRule } from '../layers/rule.ts';
import type { Evaluator } from './evaluator.ts';
import { createLayer } from './layerFactory.ts';
import type { Value } from './values.ts';

/** The base classes generated code may name, as `importContext` chooses them. */
const BASES = ['keras.layers.Layer', 'tf.keras.layers.Layer'];

const TEMPLATES = new Map<string, { rule: LowerableRule; texts: Set<string> }>();
for (const rule of RULES)
  if (isLowerable(rule) && !TEMPLATES.has(rule.layerClass.name))
    TEMPLATES.set(rule.layerClass.name, {
      rule,
      texts: new Set(
        BASES.map((base) => rule.layerClass.source.replace('keras.layers.Layer', base).trimEnd()),
      ),
    });

/** Keyword arguments Keras's base Layer takes besides the generated class's own parameters. */
const BASE_KEYWORDS = new Set(BASE_LAYER_ARGS.map((spec) => spec.name));

/** The Keras class a class definition was generated for, when it is unchanged since. */
export function generatedLayerClass(classNode: Node): { className: string; rule: LowerableRule } | undefined {
  const name = classNode.childForFieldName('name')?.text ?? '';
  const template = TEMPLATES.get(name);
  if (!template || !template.texts.has(classNode.text.replace(/\r\n/g, '\n'))) return undefined;
  return { className: template.rule.classes[0]!, rule: template.rule };
}

/**
 * `TfDense(8, activation=tf.nn.relu)`: the Keras layer it stands for, named and counted as Keras names an
 * instance of `TfDense` (`tf_dense`). Undefined when the class is not generated code, or when the call passes
 * a keyword the generated class would reject (then it is read as the user layer it is).
 */
export function generatedLayerCall(
  evaluator: Evaluator,
  classNode: Node,
  args: CallArguments,
  call: Node,
): Value | undefined {
  const generated = generatedLayerClass(classNode);
  if (!generated) return undefined;
  const parameters = initParameters(classNode);
  for (const keyword of args.keywords.keys())
    if (!parameters.has(keyword) && !BASE_KEYWORDS.has(keyword)) return undefined;
  if (args.positional.length > generated.rule.layerClass.parameters.length) return undefined;
  const displayName = classNode.childForFieldName('name')!.text;
  return { kind: 'layer', layer: createLayer(evaluator, generated.className, call, args, displayName) };
}

/** The keyword parameters of the class's `__init__` (its own, besides `**kwargs`). */
function initParameters(classNode: Node): Set<string> {
  const names = new Set<string>();
  for (const statement of classNode.childForFieldName('body')?.namedChildren ?? []) {
    if (statement?.type !== 'function_definition' || statement.childForFieldName('name')?.text !== '__init__')
      continue;
    for (const parameter of statement.childForFieldName('parameters')?.namedChildren ?? []) {
      const name = parameter?.type === 'identifier' ? parameter : parameter?.childForFieldName('name');
      if (name?.type === 'identifier') names.add(name.text);
    }
  }
  return names;
}
