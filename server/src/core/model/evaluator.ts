// The partial evaluator: walks a module's statements top to bottom, as Python would run them, and builds
// the Keras model graph. Whatever it cannot know becomes an `unknown` value with a reason, never a crash.
import type { Node } from 'web-tree-sitter';
import { bindArguments, BASE_LAYER_ARGS, type CallArguments } from '../layers/config.ts';
import { ruleFor } from '../layers/registry.ts';
import { nodeRange } from '../parse/ranges.ts';
import type { Diagnostic } from '../types.ts';
import { evaluateOperator } from './arithmetic.ts';
import { NameCounters, toSnakeCase, type LayerNode, type ModelNode, type TrainingCall } from './graph.ts';
import { canonicalPath, importBindings } from './imports.ts';
import {
  callLayer,
  createInputLayer,
  finishFunctional,
  sequentialAdd,
  sequentialRebuild,
} from './building.ts';
import { NONE, unknown, type Evaluated, type Value } from './values.ts';

export interface EvaluationResult {
  models: ModelNode[];
  layers: LayerNode[];
  diagnostics: Diagnostic[];
  /** Where the file sets `keras.config.set_image_data_format`, if it does. */
  imageDataFormatCall: Node | undefined;
}

export class Evaluator {
  readonly env = new Map<string, Value>();
  readonly counters = new NameCounters();
  readonly models: ModelNode[] = [];
  readonly layers: LayerNode[] = [];
  readonly diagnostics: Diagnostic[] = [];
  imageDataFormat: 'channels_last' | 'channels_first' = 'channels_last';
  imageDataFormatCall: Node | undefined;
  private nextUid = 0;
  /** The statement being evaluated, so models can record the statements that build them. */
  private statement: Node | undefined;

  run(module: Node): EvaluationResult {
    for (const statement of module.namedChildren) if (statement) this.executeStatement(statement);
    return {
      models: this.models,
      layers: this.layers,
      diagnostics: this.diagnostics,
      imageDataFormatCall: this.imageDataFormatCall,
    };
  }

  uid(): number {
    return this.nextUid++;
  }

  private executeStatement(statement: Node): void {
    this.statement = statement;
    switch (statement.type) {
      case 'import_statement':
      case 'import_from_statement':
        for (const [name, value] of importBindings(statement)) this.env.set(name, value);
        return;
      case 'expression_statement':
        for (const child of statement.namedChildren) if (child) this.executeExpressionStatement(child);
        return;
      case 'function_definition':
      case 'class_definition': {
        const name = statement.childForFieldName('name');
        if (name)
          this.env.set(
            name.text,
            unknown(
              `\`${name.text}\` is a ${statement.type.split('_')[0]} keras-lower does not evaluate yet`,
            ),
          );
        return;
      }
      case 'decorated_definition': {
        const definition = statement.childForFieldName('definition');
        if (definition) this.executeStatement(definition);
        return;
      }
      default:
        // Loops, conditionals and the like are passed over; names they bind stay unknown.
        for (const name of boundNames(statement))
          this.env.set(name, unknown(`\`${name}\` is set inside a ${statement.type.replace(/_/g, ' ')}`));
    }
  }

  private executeExpressionStatement(expression: Node): void {
    if (expression.type === 'assignment') {
      const left = expression.childForFieldName('left');
      const right = expression.childForFieldName('right');
      if (!left || !right) return;
      const value = this.evaluate(right);
      this.assign(left, value);
      return;
    }
    if (expression.type === 'augmented_assignment') {
      const left = expression.childForFieldName('left');
      if (left?.type === 'identifier')
        this.env.set(left.text, unknown(`\`${left.text}\` is updated in place`));
      return;
    }
    this.evaluate(expression);
  }

  private assign(target: Node, value: Value): void {
    if (target.type === 'identifier') {
      this.env.set(target.text, value);
      if (value.kind === 'model' && value.model.variable === undefined) value.model.variable = target.text;
      return;
    }
    if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern') {
      const targets = target.namedChildren.filter((child): child is Node => child !== null);
      const items =
        value.kind === 'sequence' && value.items.length === targets.length
          ? value.items
          : targets.map(() => unknown('the right-hand side cannot be unpacked statically'));
      targets.forEach((child, index) => this.assign(child, items[index]!));
    }
  }

  evaluate(node: Node): Value {
    switch (node.type) {
      case 'integer': {
        const value = Number(node.text.replace(/_/g, '').replace(/[lL]$/, ''));
        return Number.isFinite(value)
          ? { kind: 'number', value, isInt: true }
          : unknown('an integer literal keras-lower cannot read');
      }
      case 'float':
        return { kind: 'number', value: Number(node.text.replace(/_/g, '')), isInt: false };
      case 'true':
        return { kind: 'bool', value: true };
      case 'false':
        return { kind: 'bool', value: false };
      case 'none':
        return NONE;
      case 'string':
        return this.evaluateString(node);
      case 'concatenated_string': {
        const parts = node.namedChildren.map((child) => (child ? this.evaluate(child) : unknown('missing')));
        if (parts.every((part) => part.kind === 'string'))
          return { kind: 'string', value: parts.map((part) => (part as { value: string }).value).join('') };
        return unknown('a string keras-lower cannot read');
      }
      case 'identifier':
        return this.lookup(node.text);
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((child) => child && child.type !== 'comment');
        return inner ? this.evaluate(inner) : unknown('empty parentheses');
      }
      case 'tuple':
      case 'list':
      case 'expression_list':
        return {
          kind: 'sequence',
          list: node.type === 'list',
          items: node.namedChildren
            .filter((child): child is Node => child !== null && child.type !== 'comment')
            .map((child) => this.evaluate(child)),
        };
      case 'attribute':
        return this.evaluateAttribute(node);
      case 'binary_operator':
      case 'unary_operator':
        return evaluateOperator(node, (child) => this.evaluate(child));
      case 'call':
        return this.evaluateCall(node);
      default:
        return unknown(`a ${node.type.replace(/_/g, ' ')} keras-lower does not evaluate`);
    }
  }

  private lookup(name: string): Value {
    const value = this.env.get(name);
    // An undefined name, or one bound to something unknowable, still names a dimension: `(timesteps, features)`.
    if (value === undefined || value.kind === 'unknown') return { kind: 'named', name };
    return value;
  }

  private evaluateString(node: Node): Value {
    if (node.namedChildren.some((child) => child?.type === 'interpolation'))
      return unknown('f-strings are not evaluated yet');
    const content = node.namedChildren
      .filter((child) => child?.type === 'string_content' || child?.type === 'escape_sequence')
      .map((child) => (child!.type === 'escape_sequence' ? unescape(child!.text) : child!.text))
      .join('');
    return { kind: 'string', value: content };
  }

  private evaluateAttribute(node: Node): Value {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    if (!object || !attribute) return unknown('incomplete attribute access');
    const base = this.evaluate(object);
    if (base.kind === 'ref') return { kind: 'ref', path: canonicalPath(`${base.path}.${attribute.text}`) };
    if (base.kind === 'model' || base.kind === 'layer') {
      if (attribute.text === 'output' && base.kind === 'layer' && base.layer.calls.length === 1)
        return { kind: 'tensor', tensor: base.layer.calls[0]!.output };
      return { kind: 'method', self: base, name: attribute.text };
    }
    if (base.kind === 'tensor' && attribute.text === 'shape')
      return base.tensor.shape
        ? { kind: 'sequence', list: false, items: base.tensor.shape.map((dim) => dimValue(dim)) }
        : unknown("the tensor's shape is unknown");
    return unknown(`\`${node.text}\` is not something keras-lower evaluates`);
  }

  readArguments(call: Node): CallArguments {
    const positional: Evaluated[] = [];
    const keywords: CallArguments['keywords'] = new Map();
    const list = call.childForFieldName('arguments');
    for (const argument of list?.namedChildren ?? []) {
      if (!argument || argument.type === 'comment') continue;
      if (argument.type === 'keyword_argument') {
        const name = argument.childForFieldName('name');
        const value = argument.childForFieldName('value');
        if (name && value) keywords.set(name.text, { value: this.evaluate(value), node: value, argument });
      } else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
        positional.push({ value: unknown('`*args`/`**kwargs` are not expanded statically'), node: argument });
      } else {
        positional.push({ value: this.evaluate(argument), node: argument });
      }
    }
    return { positional, keywords };
  }

  private evaluateCall(call: Node): Value {
    const functionNode = call.childForFieldName('function');
    if (!functionNode) return unknown('incomplete call');
    const callee = this.evaluate(functionNode);
    if (callee.kind === 'ref') return this.callRef(callee.path, call);
    if (callee.kind === 'layer') return this.callLayerValue(callee.layer, call);
    if (callee.kind === 'method') return this.callMethod(callee, call);
    const args = this.readArguments(call);
    void args; // arguments are still evaluated: layers built inside them get their names, as in Python
    return unknown(`\`${functionNode.text}(...)\` is not evaluated by keras-lower`);
  }

  private callRef(path: string, call: Node): Value {
    if (path === 'keras.config.set_image_data_format') {
      const [format] = this.readArguments(call).positional;
      if (
        format?.value.kind === 'string' &&
        (format.value.value === 'channels_first' || format.value.value === 'channels_last')
      ) {
        this.imageDataFormat = format.value.value;
        this.imageDataFormatCall = call;
      }
      return NONE;
    }
    if (path === 'keras.Input') return this.createInput(call);
    if (path === 'keras.Sequential') return this.createSequential(call);
    if (path === 'keras.Model') return this.createFunctional(call);
    const layerClass = /^keras\.layers\.([A-Z]\w*)$/.exec(path)?.[1];
    if (layerClass) return this.createLayer(layerClass, call);
    const args = this.readArguments(call);
    if (/^keras\.(?:optimizers(?:\.schedules)?|losses|metrics|callbacks)\.[A-Z]\w*$/.test(path))
      return { kind: 'kerasObject', path, call, args };
    return unknown(`\`${path}\` is not evaluated by keras-lower`);
  }

  private createLayer(className: string, call: Node): Value {
    const args = this.readArguments(call);
    if (className === 'InputLayer')
      return { kind: 'layer', layer: createInputLayer(this, call, args, 'InputLayer') };
    const rule = ruleFor(className);
    const specs = rule ? [...rule.args, ...BASE_LAYER_ARGS] : BASE_LAYER_ARGS;
    const { config, problems } = bindArguments(
      className,
      specs,
      rule ? args : { positional: [], keywords: new Map() },
      call,
      this.imageDataFormat,
    );
    const nameArg = args.keywords.get('name')?.value;
    const layer: LayerNode = {
      uid: this.uid(),
      className,
      rule,
      name: nameArg?.kind === 'string' ? nameArg.value : this.counters.next(toSnakeCase(className)),
      call,
      config,
      calls: [],
      inputShape: null,
      outputShape: null,
      reasons: rule ? problems : [],
      unknownReason: rule ? undefined : `keras-lower has no rule for ${className} yet`,
    };
    if (!rule) {
      // Still read the input shape, so a Sequential can be built from an unknown first layer's input_shape.
      const inputShape = args.keywords.get('input_shape');
      if (inputShape)
        config.values.set('input_shape', {
          spec: BASE_LAYER_ARGS[1]!,
          value: inputShape.value,
          node: inputShape.argument,
          positional: false,
        });
    }
    this.layers.push(layer);
    return { kind: 'layer', layer };
  }

  private createInput(call: Node): Value {
    const layer = createInputLayer(this, call, this.readArguments(call), 'Input');
    return layer.calls[0]
      ? { kind: 'tensor', tensor: layer.calls[0].output }
      : unknown('the Input has no shape');
  }

  private createSequential(call: Node): Value {
    const args = this.readArguments(call);
    const layersArg = args.keywords.get('layers')?.value ?? args.positional[0]?.value;
    const nameArg = args.keywords.get('name')?.value;
    const model: ModelNode = {
      kind: 'Sequential',
      name: nameArg?.kind === 'string' ? nameArg.value : this.counters.next('sequential'),
      variable: undefined,
      call,
      statements: this.statement ? [this.statement] : [],
      inputLayers: [],
      layers: [],
      outputs: [],
      trainingCalls: [],
    };
    this.models.push(model);
    if (layersArg?.kind === 'sequence') {
      for (const item of layersArg.items) {
        const layer = layerOf(item);
        if (layer) sequentialAdd(this, model, layer);
      }
      sequentialRebuild(this, model);
    }
    return { kind: 'model', model };
  }

  private createFunctional(call: Node): Value {
    const args = this.readArguments(call);
    const inputs = args.keywords.get('inputs')?.value ?? args.positional[0]?.value;
    const outputs = args.keywords.get('outputs')?.value ?? args.positional[1]?.value;
    const nameArg = args.keywords.get('name')?.value;
    if (!inputs || !outputs)
      return unknown(
        'keras.Model(...) without inputs and outputs is a subclassed model, which keras-lower does not read yet',
      );
    const model = finishFunctional(
      this,
      call,
      inputs,
      outputs,
      nameArg?.kind === 'string' ? nameArg.value : undefined,
    );
    if (!model)
      return unknown("the model's inputs or outputs are not Keras tensors keras-lower could follow");
    model.statements = this.statement ? [this.statement] : [];
    this.models.push(model);
    return { kind: 'model', model };
  }

  private callLayerValue(layer: LayerNode, call: Node): Value {
    const args = this.readArguments(call);
    const input = args.positional[0]?.value ?? args.keywords.get('inputs')?.value;
    if (input?.kind !== 'tensor')
      return unknown(`${layer.name} is called on something that is not a Keras tensor`);
    return { kind: 'tensor', tensor: callLayer(layer, [input.tensor], call) };
  }

  private callMethod(method: Extract<Value, { kind: 'method' }>, call: Node): Value {
    const args = this.readArguments(call);
    if (method.self.kind === 'model' && method.self.model.kind === 'Sequential' && method.name === 'add') {
      const layer = layerOf(args.positional[0]?.value ?? args.keywords.get('layer')?.value);
      const model = method.self.model;
      if (this.statement) model.statements.push(this.statement);
      if (layer) {
        sequentialAdd(this, model, layer);
        sequentialRebuild(this, model);
      }
      return NONE;
    }
    if (method.self.kind === 'model' && isTrainingMethod(method.name)) {
      method.self.model.trainingCalls.push({ method: method.name, call, args });
      return unknown(`\`.${method.name}()\` runs training or inference, which keras-lower does not evaluate`);
    }
    return unknown(`\`.${method.name}()\` is not evaluated by keras-lower`);
  }

  /** A diagnostic at a node, e.g. a shape error at the layer call. */
  report(node: Node, message: string, severity: Diagnostic['severity'] = 'error'): void {
    this.diagnostics.push({ range: nodeRange(node), message, severity });
  }
}

function isTrainingMethod(name: string): name is TrainingCall['method'] {
  return name === 'compile' || name === 'fit' || name === 'evaluate' || name === 'predict';
}

/** What Sequential accepts as a layer: a layer, or the tensor of a `keras.Input` (its InputLayer). */
function layerOf(value: Value | undefined): LayerNode | undefined {
  if (value?.kind === 'layer') return value.layer;
  if (value?.kind === 'tensor' && value.tensor.producer.className === 'InputLayer')
    return value.tensor.producer;
  return undefined;
}

function dimValue(dim: number | string | null): Value {
  if (dim === null) return NONE;
  return typeof dim === 'number' ? { kind: 'number', value: dim, isInt: true } : { kind: 'named', name: dim };
}

function unescape(sequence: string): string {
  const simple: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    "'": "'",
    '"': '"',
    '0': '\0',
  };
  return simple[sequence.slice(1)] ?? sequence;
}

/** Names a compound statement assigns anywhere inside it (loop targets, assignments in branches). */
function boundNames(statement: Node): string[] {
  const names = new Set<string>();
  const visit = (node: Node, depth: number): void => {
    if (depth > 64) return;
    if (node.type === 'function_definition' || node.type === 'class_definition') {
      const name = node.childForFieldName('name');
      if (name) names.add(name.text);
      return;
    }
    if (node.type === 'assignment' || node.type === 'for_statement' || node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier') names.add(left.text);
      else
        for (const child of left?.namedChildren ?? [])
          if (child?.type === 'identifier') names.add(child.text);
    }
    for (const child of node.namedChildren) if (child) visit(child, depth + 1);
  };
  visit(statement, 0);
  return [...names];
}
