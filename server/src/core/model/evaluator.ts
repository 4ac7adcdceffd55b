// The partial evaluator: runs a module's statements top to bottom, as Python would, over static values,
// and builds the Keras model graph. Whatever it cannot know becomes an `unknown` value with a reason,
// never a crash and never a guess. Budgets keep hostile code (huge loops, deep recursion) bounded.
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from '../layers/config.ts';
import { nodeRange } from '../parse/ranges.ts';
import type { Diagnostic } from '../types.ts';
import { binaryOperation, evaluateOperator } from './arithmetic.ts';
import { NameCounters, callOutputs, type LayerNode, type ModelNode } from './graph.ts';
import { canonicalPath, importBindings, STAR_IMPORT, starImportPath } from './imports.ts';
import { ruleFor } from '../layers/registry.ts';
import { callKerasApi, callMethod, callValue } from './calls.ts';
import { ModelBindings } from './bindings.ts';
import { evaluateComprehension } from './comprehensions.ts';
import { Scope } from './scope.ts';
import { evaluateString } from './strings.ts';
import { tensorOperator } from './tensorOps.ts';
import { applyShapeAnnotation, userMethod } from './userCode.ts';
import { sliceIndices } from './data/arrays.ts';
import { asTensor, dataArithmetic, dataAttribute, dataSubscript, sliceParts } from './data/hooks.ts';
import { iterate } from './iteration.ts';
import { dimValue, NONE, unknown, type Evaluated, type Value } from './values.ts';
import { setTrainable } from './trainable.ts';
import { loweredShapeTuple, undecidedConditional } from './tfOps.ts';

export interface EvaluationResult {
  models: ModelNode[];
  layers: LayerNode[];
  diagnostics: Diagnostic[];
  /** Where the file sets `keras.config.set_image_data_format`, if it does. */
  imageDataFormatCall: Node | undefined;
  /** Why each named dimension's name has no value. */
  unresolvedNames: Map<string, string>;
}

/** How a block of statements ended. */
export type Flow =
  { kind: 'normal' } | { kind: 'return'; value: Value } | { kind: 'break' } | { kind: 'continue' };

const NORMAL: Flow = { kind: 'normal' };
/** Statements and expressions evaluated per file, at most; beyond it analysis stops with what it has. */
const STEP_BUDGET = 200_000;
const MAX_EXPRESSION_DEPTH = 200;
const MAX_CALL_DEPTH = 32;
const MAX_LOOP_ITERATIONS = 10_000;

class BudgetExhausted extends Error {}

export class Evaluator {
  readonly module = new Scope();
  readonly counters = new NameCounters();
  readonly bindings = new ModelBindings();
  readonly models: ModelNode[] = [];
  readonly layers: LayerNode[] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** Why each name that became a named dimension has no value (for the rows that show it). */
  readonly unresolvedNames = new Map<string, string>();
  imageDataFormat: 'channels_last' | 'channels_first' = 'channels_last';
  imageDataFormatCall: Node | undefined;
  /** The top-level statement being evaluated, so models can record the statements that build them. */
  statement: Node | undefined;
  callDepth = 0;
  /** >0 while a user layer's or subclassed model's `call()` runs (see tensorOps). */
  tracingUserCall = 0;
  private nextUid = 0;
  private steps = 0;
  private expressionDepth = 0;

  /** The file's text, for `# keras-lower:` annotations (comments are not in the evaluated tree). */
  sourceText = '';

  /** `beforeStatement` runs before each top-level statement and once at the end (partialProgram.ts). */
  run(module: Node, beforeStatement?: (next: Node | undefined) => void): EvaluationResult {
    this.sourceText = module.text;
    // The file is read as the script it is run as: `if __name__ == "__main__":` blocks run.
    this.module.set('__name__', { kind: 'string', value: '__main__' });
    try {
      for (const statement of module.namedChildren) {
        if (!statement) continue;
        beforeStatement?.(statement);
        // A statement that does not parse is never run: partialProgram.ts makes what it binds unknown.
        if (statement.hasError) continue;
        this.statement = statement;
        this.execute(statement, this.module);
      }
      beforeStatement?.(undefined);
    } catch (error) {
      if (!(error instanceof BudgetExhausted)) throw error;
      this.diagnostics.push({
        range: nodeRange(this.statement ?? module),
        message: `keras-lower stopped evaluating here: the file needs more than ${STEP_BUDGET.toLocaleString('en-US')} evaluation steps`,
        severity: 'information',
      });
    }
    return {
      models: this.models,
      layers: this.layers,
      diagnostics: this.diagnostics,
      imageDataFormatCall: this.imageDataFormatCall,
      unresolvedNames: this.unresolvedNames,
    };
  }

  uid(): number {
    return this.nextUid++;
  }

  private step(): void {
    if (++this.steps > STEP_BUDGET) throw new BudgetExhausted();
  }

  executeBlock(block: Node | null, scope: Scope): Flow {
    for (const statement of block?.namedChildren ?? []) {
      if (!statement) continue;
      const flow = this.execute(statement, scope);
      if (flow.kind !== 'normal') return flow;
    }
    return NORMAL;
  }

  private execute(statement: Node, scope: Scope): Flow {
    this.step();
    switch (statement.type) {
      case 'import_statement':
      case 'import_from_statement':
        for (const [name, value] of importBindings(statement)) scope.set(name, value);
        return NORMAL;
      case 'expression_statement':
        for (const child of statement.namedChildren) if (child) this.executeExpression(child, scope);
        return NORMAL;
      case 'return_statement': {
        const value = statement.namedChildren.find((child) => child && child.type !== 'comment');
        return { kind: 'return', value: value ? this.evaluate(value, scope) : NONE };
      }
      case 'break_statement':
        return { kind: 'break' };
      case 'continue_statement':
        return { kind: 'continue' };
      case 'function_definition': {
        const name = statement.childForFieldName('name');
        if (name)
          scope.set(name.text, { kind: 'function', name: name.text, node: statement, closure: scope });
        return NORMAL;
      }
      case 'class_definition':
        this.defineClass(statement, scope);
        return NORMAL;
      case 'decorated_definition': {
        const definition = statement.childForFieldName('definition');
        return definition ? this.execute(definition, scope) : NORMAL;
      }
      case 'if_statement':
        return this.executeIf(statement, scope);
      case 'for_statement':
        return this.executeFor(statement, scope);
      case 'delete_statement':
        this.executeDelete(statement, scope);
        return NORMAL;
      case 'with_statement':
      case 'try_statement':
        // `with strategy.scope():` and `try:` bodies run as written; handlers and cleanups are passed over.
        return this.executeBlock(statement.childForFieldName('body'), scope);
      default: {
        // while loops, deletes, asserts, prints...: names they bind become unknown, analysis goes on.
        const why = `it is set inside a ${statement.type.replace(/_/g, ' ')}`;
        for (const name of boundNames(statement)) scope.set(name, unknown(`\`${name}\` ${why}`));
        this.forgetMutated(
          statement,
          scope,
          `keras-lower does not follow this ${statement.type.replace(/_/g, ' ')}`,
        );
        return NORMAL;
      }
    }
  }

  private defineClass(statement: Node, scope: Scope): void {
    const name = statement.childForFieldName('name');
    if (!name) return;
    const bases = statement.childForFieldName('superclasses')?.namedChildren ?? [];
    let base: 'model' | 'layer' | 'other' = 'other';
    for (const baseNode of bases) {
      if (!baseNode) continue;
      const value = this.evaluate(baseNode, scope);
      if (value.kind === 'ref' && (value.path === 'keras.Model' || value.path === 'keras.Sequential'))
        base = 'model';
      else if (value.kind === 'ref' && value.path === 'keras.layers.Layer') base = 'layer';
      else if (value.kind === 'class' && value.base !== 'other') base = value.base;
    }
    scope.set(name.text, { kind: 'class', name: name.text, node: statement, closure: scope, base });
  }

  private executeIf(statement: Node, scope: Scope): Flow {
    const condition = statement.childForFieldName('condition');
    const conditionValue = condition ? this.evaluate(condition, scope) : undefined;
    const truth = conditionValue ? truthiness(conditionValue) : undefined;
    if (truth === true) return this.executeBlock(statement.childForFieldName('consequence'), scope);
    if (truth === false) {
      for (const alternative of statement.childrenForFieldName('alternative')) {
        if (!alternative) continue;
        if (alternative.type === 'else_clause')
          return this.executeBlock(alternative.childForFieldName('body'), scope);
        const elifCondition = alternative.childForFieldName('condition');
        const elifTruth = elifCondition ? truthiness(this.evaluate(elifCondition, scope)) : undefined;
        if (elifTruth === true) return this.executeBlock(alternative.childForFieldName('consequence'), scope);
        if (elifTruth === undefined) return this.unknownBranches(statement, scope, elifCondition);
      }
      return NORMAL;
    }
    return this.unknownBranches(statement, scope, condition, conditionValue);
  }

  /** A condition we cannot decide: whatever either branch binds is unknown afterwards, saying which and why. */
  private unknownBranches(statement: Node, scope: Scope, condition?: Node | null, value?: Value): Flow {
    const text = condition && condition.text.length <= 60 ? ` \`${condition.text}\`` : '';
    const why = value?.kind === 'unknown' ? ` (${value.reason})` : '';
    for (const name of boundNames(statement))
      scope.set(
        name,
        unknown(`\`${name}\` depends on a condition${text} keras-lower cannot decide statically${why}`),
      );
    this.forgetMutated(
      statement,
      scope,
      'its branches depend on a condition keras-lower cannot decide statically',
    );
    return NORMAL;
  }

  /** A top-level statement that does not parse yet: the module names it binds or changes become unknown. */
  forgetUnparsed(bound: string[], mutated: string[], why: string): void {
    for (const name of [...bound, ...mutated]) {
      const value = this.module.get(name);
      const model =
        value?.kind === 'model' ? value.model : value?.kind === 'userObject' ? value.model : undefined;
      if (model?.variable === name) model.variable = undefined;
      if (bound.includes(name) || (value && MUTABLE_KINDS.includes(value.kind)))
        this.module.set(name, unknown(`\`${name}\` is unknown because ${why}`));
    }
  }

  /**
   * Code keras-lower does not run (an unrolled-too-long loop, an undecidable branch, a while loop) may still
   * change objects through their methods: `model.add(...)`, `blocks.append(...)`. Such objects are dropped
   * rather than shown without those changes: a model stops being a row, with a note at the statement.
   */
  private forgetMutated(statement: Node, scope: Scope, why: string): void {
    for (const name of mutatedNames(statement)) {
      const value = scope.get(name);
      if (!value || value.kind === 'unknown') continue;
      if (value.kind === 'model' && value.model.pythonName === name) {
        value.model.variable = undefined;
        this.report(
          statement,
          `\`${name}\` may change here and ${why}, so the model is not analysed`,
          'information',
        );
      }
      if (['model', 'sequence', 'dict', 'userObject', 'layer'].includes(value.kind))
        scope.set(name, unknown(`\`${name}\` may change in code keras-lower does not follow (${why})`));
    }
  }

  /**
   * `del model`: the name is unbound, but a model it held stays a model where it was built (its variable is
   * kept). `del blocks[-1]` and `del config["key"]` change the container; anything else is forgotten.
   */
  private executeDelete(statement: Node, scope: Scope): void {
    const list = codeChildren(statement)[0];
    const targets = list?.type === 'expression_list' ? codeChildren(list) : list ? [list] : [];
    for (const target of targets) {
      if (target.type === 'identifier') {
        scope.set(target.text, unknown(`\`${target.text}\` was deleted`));
        continue;
      }
      const object = target.type === 'subscript' ? target.childForFieldName('value') : null;
      const index = target.childForFieldName('subscript');
      const container = object ? this.evaluate(object, scope) : undefined;
      const key = index && index.type !== 'slice' ? this.evaluate(index, scope) : undefined;
      if (
        container?.kind === 'sequence' &&
        key?.kind === 'number' &&
        key.isInt &&
        container.items.at(key.value)
      )
        container.items.splice(key.value < 0 ? container.items.length + key.value : key.value, 1);
      else if (container?.kind === 'dict' && key?.kind === 'string')
        container.entries = container.entries.filter(([name]) => name !== key.value);
      else this.forgetMutated(statement, scope, 'keras-lower does not follow this `del`');
    }
  }

  private executeFor(statement: Node, scope: Scope): Flow {
    const target = statement.childForFieldName('left');
    const iterable = statement.childForFieldName('right');
    const body = statement.childForFieldName('body');
    const items = iterable ? iterate(this.evaluate(iterable, scope)) : undefined;
    if (!target || !items || items.length > MAX_LOOP_ITERATIONS) {
      const why = items
        ? `loops over more than ${MAX_LOOP_ITERATIONS} items are not unrolled`
        : 'the loop runs over values keras-lower cannot list statically';
      for (const name of boundNames(statement)) scope.set(name, unknown(why));
      this.forgetMutated(statement, scope, why);
      return NORMAL;
    }
    for (const item of items) {
      this.assign(target, item, scope);
      const flow = this.executeBlock(body, scope);
      if (flow.kind === 'break') break;
      if (flow.kind === 'return') return flow;
    }
    return NORMAL;
  }

  private executeExpression(expression: Node, scope: Scope): void {
    if (expression.type === 'assignment') {
      const left = expression.childForFieldName('left');
      const right = expression.childForFieldName('right');
      if (!left || !right) return;
      this.assign(left, this.evaluate(right, scope), scope);
      return;
    }
    if (expression.type === 'augmented_assignment') {
      const left = expression.childForFieldName('left');
      const right = expression.childForFieldName('right');
      const operator = expression.childForFieldName('operator')?.text.slice(0, -1);
      if (!left || !right || !operator) return;
      const current = this.evaluate(left, scope);
      const operand = this.evaluate(right, scope);
      // `blocks += [x]` extends the list in place, as Python's list.__iadd__ does (aliases see it too).
      const extension =
        current.kind === 'sequence' && current.list && operator === '+' ? iterate(operand) : undefined;
      if (current.kind === 'sequence' && extension) current.items.push(...extension);
      else this.assign(left, this.binary(current, operator, operand, expression), scope);
      return;
    }
    this.evaluate(expression, scope);
  }

  assign(target: Node, value: Value, scope: Scope): void {
    if (target.type === 'identifier') {
      const previous = scope.get(target.text);
      scope.set(target.text, value);
      if (scope !== this.module) return;
      const annotate = value.kind === 'userObject' && value.model?.variable === undefined;
      // A model keeps its name where it was built, whatever the name is rebound to later (see bindings.ts).
      this.bindings.bind(this, target.text, previous, value, this.statement);
      if (annotate && value.kind === 'userObject' && this.statement)
        applyShapeAnnotation(this, value, this.statement, this.sourceText);
      return;
    }
    if (target.type === 'attribute') {
      const object = target.childForFieldName('object');
      const attribute = target.childForFieldName('attribute');
      const owner = object ? this.evaluate(object, scope) : undefined;
      if (owner && attribute?.text === 'trainable' && this.statement)
        setTrainable(owner, value, target.parent ?? this.statement);
      if (owner?.kind === 'userObject' && attribute) owner.attributes.set(attribute.text, value);
      return;
    }
    if (target.type === 'subscript') {
      const object = target.childForFieldName('value');
      const index = target.childForFieldName('subscript');
      const container = object ? this.evaluate(object, scope) : undefined;
      const key = index ? this.evaluate(index, scope) : undefined;
      if (container?.kind === 'dict' && key?.kind === 'string') {
        const existing = container.entries.find(([name]) => name === key.value);
        if (existing) existing[1] = value;
        else container.entries.push([key.value, value]);
      } else if (
        container?.kind === 'sequence' &&
        key?.kind === 'number' &&
        container.items[key.value] !== undefined
      )
        container.items[key.value] = value;
      return;
    }
    if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern') {
      const targets = target.namedChildren.filter((child): child is Node => child !== null);
      // `x, _ = layer(t)` on a tensor keras-lower could not follow: every part is that unknown tensor, so
      // what is built from it stays in the model (unknown, with the reason) instead of vanishing.
      const items =
        value.kind === 'sequence' && value.items.length === targets.length
          ? value.items
          : value.kind === 'tensor' && value.tensor.shape === null
            ? targets.map(() => value)
            : targets.map(() => unknown('the right-hand side cannot be unpacked statically'));
      targets.forEach((child, index) => this.assign(child, items[index]!, scope));
    }
  }

  evaluate(node: Node, scope: Scope): Value {
    this.step();
    if (this.expressionDepth >= MAX_EXPRESSION_DEPTH) return unknown('the expression is nested too deeply');
    this.expressionDepth++;
    try {
      return this.evaluateNode(node, scope);
    } finally {
      this.expressionDepth--;
    }
  }

  private evaluateNode(node: Node, scope: Scope): Value {
    switch (node.type) {
      case 'integer': {
        const value = Number(node.text.replace(/_/g, ''));
        return Number.isSafeInteger(value)
          ? { kind: 'number', value, isInt: true }
          : unknown('an integer keras-lower cannot read');
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
        return evaluateString(this, node, scope);
      case 'concatenated_string': {
        const parts = node.namedChildren.map((child) =>
          child ? this.evaluate(child, scope) : unknown('missing'),
        );
        if (parts.every((part) => part.kind === 'string'))
          return { kind: 'string', value: parts.map((part) => (part as { value: string }).value).join('') };
        return unknown('a string keras-lower cannot read');
      }
      case 'identifier':
        return this.lookup(node.text, scope);
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((child) => child && child.type !== 'comment');
        return inner ? this.evaluate(inner, scope) : unknown('empty parentheses');
      }
      case 'tuple':
      case 'list':
      case 'expression_list':
        return {
          kind: 'sequence',
          list: node.type === 'list',
          items: codeChildren(node).flatMap((child) => this.evaluateItem(child, scope)),
        };
      case 'dictionary':
        return this.evaluateDictionary(node, scope);
      case 'list_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        return evaluateComprehension(this, node, scope);
      case 'subscript':
        return this.evaluateSubscript(node, scope);
      case 'attribute':
        return this.evaluateAttribute(node, scope);
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const operator = node.childForFieldName('operator')?.text;
        if (!left || !right || !operator) return unknown('incomplete expression');
        return this.binary(this.evaluate(left, scope), operator, this.evaluate(right, scope), node);
      }
      case 'unary_operator': {
        const argument = node.childForFieldName('argument');
        const operand = argument ? this.evaluate(argument, scope) : unknown('incomplete expression');
        if (operand.kind === 'tensor')
          return tensorOperator(
            this,
            node.childForFieldName('operator')?.text === '-' ? 'neg' : '+',
            [operand],
            node,
          );
        return evaluateOperator(node, (child) => this.evaluate(child, scope));
      }
      case 'boolean_operator':
      case 'not_operator':
      case 'comparison_operator':
        return this.evaluateLogic(node, scope);
      case 'conditional_expression': {
        const [consequence, condition, alternative] = codeChildren(node);
        const truth = condition ? truthiness(this.evaluate(condition, scope)) : undefined;
        if (truth === true && consequence) return this.evaluate(consequence, scope);
        if (truth === false && alternative) return this.evaluate(alternative, scope);
        const either =
          consequence && alternative
            ? undecidedConditional(
                this,
                () => this.evaluate(consequence, scope),
                () => this.evaluate(alternative, scope),
              )
            : undefined;
        return either ?? unknown('a conditional expression keras-lower cannot decide');
      }
      case 'call':
        return this.evaluateCall(node, scope);
      case 'lambda':
        return { kind: 'function', name: '<lambda>', node, closure: scope };
      default:
        return unknown(`a ${node.type.replace(/_/g, ' ')} keras-lower does not evaluate`);
    }
  }

  /** An item of a list or tuple display: `*blocks` unpacks a sequence we know, in place. */
  private evaluateItem(child: Node, scope: Scope): Value[] {
    if (child.type !== 'list_splat') return [this.evaluate(child, scope)];
    const inner = codeChildren(child)[0];
    const items = inner ? iterate(this.evaluate(inner, scope)) : undefined;
    return items ?? [unknown(`\`${child.text}\` unpacks values keras-lower cannot list`)];
  }

  binary(left: Value, operator: string, right: Value, node: Node): Value {
    if (left.kind === 'tensor' || right.kind === 'tensor')
      // An array beside a Keras tensor is a concrete tensor of its shape, as Keras converts it.
      return tensorOperator(this, operator, [asTensor(this, left, node), asTensor(this, right, node)], node);
    const data = dataArithmetic(left, operator, right, node.text);
    if (data) return data;
    return binaryOperation(left, operator, right, node.text);
  }

  /** `x.shape`, `x[1:]` of a value keras-lower could not compute: unknown for the value's own reason. */
  private unknownBehind(value: Value, scope: Scope): Value | undefined {
    if (value.kind === 'unknown') return value;
    const bound = value.kind === 'named' ? scope.get(value.name) : undefined;
    return bound?.kind === 'unknown' ? bound : undefined;
  }

  private lookup(name: string, scope: Scope): Value {
    const value = scope.get(name) ?? starImported(name, scope);
    // An undefined name, or one bound to something unknowable, still names a dimension: `(timesteps, features)`.
    if (value === undefined || value.kind === 'unknown') {
      if (!this.unresolvedNames.has(name))
        this.unresolvedNames.set(
          name,
          value
            ? `\`${name}\` is not computed: ${value.reason}`
            : `\`${name}\` is not defined in the code keras-lower reads`,
        );
      return { kind: 'named', name };
    }
    return value;
  }

  private evaluateDictionary(node: Node, scope: Scope): Value {
    const entries: Array<[string, Value]> = [];
    for (const pair of codeChildren(node)) {
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      const keyValue = key ? this.evaluate(key, scope) : undefined;
      if (pair.type !== 'pair' || keyValue?.kind !== 'string' || !value)
        return unknown('a dictionary keras-lower cannot read');
      entries.push([keyValue.value, this.evaluate(value, scope)]);
    }
    return { kind: 'dict', entries };
  }

  private evaluateSubscript(node: Node, scope: Scope): Value {
    const object = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    if (!object || !index) return unknown('incomplete subscript');
    const container = this.evaluate(object, scope);
    if (container.kind === 'array') return dataSubscript(this, node, container, scope);
    const unknownContainer = this.unknownBehind(container, scope);
    if (unknownContainer) return unknownContainer;
    if (index.type === 'slice') {
      const parts =
        container.kind === 'sequence' ? sliceParts(index, (child) => this.evaluate(child, scope)) : undefined;
      if (container.kind !== 'sequence' || !parts)
        return unknown(`\`${node.text}\` is not a slice keras-lower computes`);
      const items = container.items;
      return { ...container, items: sliceIndices(items.length, parts).map((at) => items[at]!) };
    }
    const key = this.evaluate(index, scope);
    if (container.kind === 'sequence' && key.kind === 'number' && key.isInt) {
      const item = container.items.at(key.value);
      return item ?? unknown(`\`${node.text}\` is out of range`);
    }
    if (container.kind === 'dict' && key.kind === 'string')
      return container.entries.find(([name]) => name === key.value)?.[1] ?? unknown(`no key "${key.value}"`);
    if (container.kind === 'tensor') return unknown('slicing Keras tensors is not evaluated yet');
    return unknown(`\`${node.text}\` is not a subscript keras-lower evaluates`);
  }

  private evaluateLogic(node: Node, scope: Scope): Value {
    if (node.type === 'not_operator') {
      const argument = node.childForFieldName('argument');
      const truth = argument ? truthiness(this.evaluate(argument, scope)) : undefined;
      return truth === undefined
        ? unknown('a condition keras-lower cannot decide')
        : { kind: 'bool', value: !truth };
    }
    if (node.type === 'boolean_operator') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const operator = node.childForFieldName('operator')?.text;
      if (!left || !right) return unknown('incomplete expression');
      const leftValue = this.evaluate(left, scope);
      const truth = truthiness(leftValue);
      if (truth === undefined) return unknown('a condition keras-lower cannot decide');
      if (operator === 'and') return truth ? this.evaluate(right, scope) : leftValue;
      return truth ? leftValue : this.evaluate(right, scope);
    }
    const operands = codeChildren(node).map((child) => this.evaluate(child, scope));
    const operators = node.children.filter((child) => child && !child.isNamed).map((child) => child!.text);
    if (operands.length !== 2 || operators.length !== 1)
      return unknown('chained comparisons are not evaluated');
    return (
      dataArithmetic(operands[0]!, operators[0]!, operands[1]!, node.text) ??
      compare(operands[0]!, operators[0]!, operands[1]!)
    );
  }

  private evaluateAttribute(node: Node, scope: Scope): Value {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    if (!object || !attribute) return unknown('incomplete attribute access');
    const base = this.evaluate(object, scope);
    const name = attribute.text;
    const unknownBase = this.unknownBehind(base, scope);
    if (unknownBase) return unknownBase;
    if (base.kind === 'ref') return { kind: 'ref', path: canonicalPath(`${base.path}.${name}`) };
    if (base.kind === 'userObject') {
      const own = base.attributes.get(name);
      if (own) return own;
      return { kind: 'method', self: base, name };
    }
    if (base.kind === 'layer' && name === 'output' && base.layer.calls.length === 1) {
      const outputs = callOutputs(base.layer.calls[0]!);
      return outputs.length === 1
        ? { kind: 'tensor', tensor: outputs[0]! }
        : { kind: 'sequence', list: false, items: outputs.map((tensor) => ({ kind: 'tensor', tensor })) };
    }
    if (base.kind === 'model' && (name === 'output' || name === 'outputs'))
      return outputsValue(base.model, name === 'outputs');
    if (base.kind === 'model' && name === 'layers') return layersValue(base.model);
    if (base.kind === 'array' || base.kind === 'dataset') return dataAttribute(base, name);
    if (['model', 'layer', 'super', 'sequence', 'dict'].includes(base.kind))
      return { kind: 'method', self: base, name };
    if (base.kind === 'tensor' && name === 'shape')
      return base.tensor.shape
        ? { kind: 'sequence', list: false, items: base.tensor.shape.map(dimValue) }
        : unknown("the tensor's shape is unknown");
    return unknown(`\`${node.text}\` is not something keras-lower evaluates`);
  }

  readArguments(call: Node, scope: Scope): CallArguments {
    const positional: Evaluated[] = [];
    const keywords: CallArguments['keywords'] = new Map();
    const list = call.childForFieldName('arguments');
    for (const argument of list?.namedChildren ?? []) {
      if (!argument || argument.type === 'comment') continue;
      if (argument.type === 'keyword_argument') {
        const name = argument.childForFieldName('name');
        const value = argument.childForFieldName('value');
        if (name && value)
          keywords.set(name.text, { value: this.evaluate(value, scope), node: value, argument });
      } else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
        // `Conv2D(32, 3, **common)` and `f(*shape)`: expanded when the dict or sequence is known.
        const inner = codeChildren(argument)[0];
        const splatted = inner ? this.evaluate(inner, scope) : undefined;
        if (argument.type === 'dictionary_splat' && splatted?.kind === 'dict')
          for (const [name, value] of splatted.entries)
            keywords.set(name, { value, node: argument, argument });
        else if (argument.type === 'list_splat' && splatted && iterate(splatted))
          for (const value of iterate(splatted)!) positional.push({ value, node: argument });
        else
          positional.push({
            value: unknown('`*args`/`**kwargs` are not expanded statically'),
            node: argument,
          });
      } else {
        positional.push({ value: this.evaluate(argument, scope), node: argument });
      }
    }
    return { positional, keywords };
  }

  private evaluateCall(call: Node, scope: Scope): Value {
    const functionNode = call.childForFieldName('function');
    if (!functionNode) return unknown('incomplete call');
    if (functionNode.type === 'identifier' && functionNode.text === 'super') {
      const self = scope.get('self');
      return self ? { kind: 'super', instance: self } : unknown('super() outside a method');
    }
    const shapeTuple = loweredShapeTuple(this, call, (node) => this.evaluate(node, scope));
    if (shapeTuple) return shapeTuple;
    const callee = this.evaluate(functionNode, scope);
    const args = this.readArguments(call, scope);
    if (callee.kind === 'ref') return callKerasApi(this, callee.path, call, args);
    if (callee.kind === 'method') return callMethod(this, callee, call, args);
    return callValue(this, callee, call, args, functionNode.text);
  }

  /** A diagnostic at a node. */
  report(node: Node, message: string, severity: Diagnostic['severity'] = 'error'): void {
    this.diagnostics.push({ range: nodeRange(node), message, severity });
  }
}

/** `from keras.layers import *`: a name the star-imported Keras modules define. */
function starImported(name: string, scope: Scope): Value | undefined {
  if (!/^[A-Z]/.test(name)) return undefined;
  for (const module of ['keras.layers', 'keras.models', 'keras']) {
    if (!scope.get(`${STAR_IMPORT}${module}`)) continue;
    const path = starImportPath(module, name, ruleFor(name) !== undefined || name === 'InputLayer');
    if (path) return { kind: 'ref', path: canonicalPath(path) };
  }
  return undefined;
}

export function codeChildren(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}

function outputsValue(model: ModelNode, asList: boolean): Value {
  const tensors: Value[] = model.outputs.map((tensor) => ({ kind: 'tensor', tensor }));
  if (!asList && tensors.length === 1) return tensors[0]!;
  return { kind: 'sequence', list: true, items: tensors };
}

/** `model.layers`: a Functional's include its InputLayers (not its operations), a Sequential's do not. */
function layersValue(model: ModelNode): Value {
  const layers =
    model.kind === 'Functional'
      ? (model.summaryOrder ?? [...model.inputLayers, ...model.layers]).filter((layer) => !layer.operation)
      : model.layers;
  return {
    kind: 'sequence',
    list: true,
    items: layers.map((layer) =>
      layer.nestedModel ? { kind: 'model', model: layer.nestedModel } : { kind: 'layer', layer },
    ),
  };
}

export function truthiness(value: Value): boolean | undefined {
  switch (value.kind) {
    case 'bool':
      return value.value;
    case 'number':
      return value.value !== 0;
    case 'string':
      return value.value.length > 0;
    case 'none':
      return false;
    case 'sequence':
      return value.items.length > 0;
    case 'dict':
      return value.entries.length > 0;
    // Layers, models, functions, classes and Keras's modules define neither __bool__ nor __len__: always
    // true (`if activation:` on a layer passed to a helper). Another module's name may be a constant.
    case 'ref':
      return value.path.startsWith('keras.') ? true : undefined;
    case 'layer':
    case 'model':
    case 'function':
    case 'class':
    case 'method':
    case 'kerasObject':
      return true;
    case 'userObject':
      return userMethod(value, '__bool__') || userMethod(value, '__len__') ? undefined : true;
    default:
      return undefined;
  }
}

function compare(left: Value, operator: string, right: Value): Value {
  // `activation is not None` on a layer, a function or a tensor passed to a helper: decidable by kind.
  if ((operator === 'is' || operator === 'is not') && (left.kind === 'none' || right.kind === 'none')) {
    const other = left.kind === 'none' ? right : left;
    if (other.kind !== 'unknown' && other.kind !== 'named')
      return { kind: 'bool', value: (other.kind === 'none') === (operator === 'is') };
  }
  const constant = (value: Value): number | string | boolean | null | undefined =>
    value.kind === 'number' || value.kind === 'string' || value.kind === 'bool'
      ? value.value
      : value.kind === 'none'
        ? null
        : undefined;
  const a = constant(left);
  const b = constant(right);
  if (a === undefined || b === undefined) {
    const operand = [left, right].find((value) => value.kind === 'unknown' || value.kind === 'named');
    if (operand?.kind === 'unknown') return operand;
    if (operand?.kind === 'named')
      return unknown(`\`${operand.name}\` is a name keras-lower did not compute`);
    return unknown('a comparison keras-lower cannot decide');
  }
  const results: Record<string, () => boolean> = {
    '==': () => a === b,
    '!=': () => a !== b,
    is: () => a === b,
    'is not': () => a !== b,
    '<': () => a !== null && b !== null && a < b,
    '<=': () => a !== null && b !== null && a <= b,
    '>': () => a !== null && b !== null && a > b,
    '>=': () => a !== null && b !== null && a >= b,
  };
  const result = results[operator];
  return result
    ? { kind: 'bool', value: result() }
    : unknown(`the comparison \`${operator}\` is not evaluated`);
}

/** Values a method call or item assignment can change in place. */
const MUTABLE_KINDS: readonly Value['kind'][] = ['model', 'sequence', 'dict', 'userObject', 'layer'];

/** Methods that change a model's layers or a list's or dict's items. */
const MUTATING_METHODS = new Set([
  'add',
  'pop',
  'append',
  'extend',
  'insert',
  'remove',
  'clear',
  'update',
  'setdefault',
]);

/** Names whose objects a statement may change: `name.add(...)`-like calls and `name[...] = ...`. */
export function mutatedNames(statement: Node): string[] {
  const names = new Set<string>();
  const visit = (node: Node, depth: number): void => {
    if (depth > 64 || node.type === 'function_definition' || node.type === 'class_definition') return;
    const callee = node.type === 'call' ? node.childForFieldName('function') : null;
    if (
      callee?.type === 'attribute' &&
      MUTATING_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')
    ) {
      const object = callee.childForFieldName('object');
      if (object?.type === 'identifier') names.add(object.text);
    }
    const left =
      node.type === 'assignment' || node.type === 'augmented_assignment'
        ? node.childForFieldName('left')
        : null;
    const container = left?.type === 'subscript' ? left.childForFieldName('value') : null;
    if (container?.type === 'identifier') names.add(container.text);
    for (const child of node.namedChildren) if (child) visit(child, depth + 1);
  };
  visit(statement, 0);
  return [...names];
}

/** Names a compound statement assigns anywhere inside it (loop targets, assignments in branches). */
export function boundNames(statement: Node): string[] {
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
      // `results[i, j] = 1.` binds no name: it changes the object (mutatedNames), an array keeps its shape.
      else if (left?.type !== 'subscript' && left?.type !== 'attribute')
        for (const child of left?.namedChildren ?? [])
          if (child?.type === 'identifier') names.add(child.text);
    }
    for (const child of node.namedChildren) if (child) visit(child, depth + 1);
  };
  visit(statement, 0);
  return [...names];
}

export { MAX_CALL_DEPTH };
