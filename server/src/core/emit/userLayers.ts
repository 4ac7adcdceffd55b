// User-written layers and subclassed models in layer mode: the class stays a Keras Layer/Model (it keeps
// training in Keras and keeps its `add_weight` calls), its sublayers become the generated Tf* classes, and every
// keras.ops call in its compute methods becomes TF from the ops table. Python operators are kept.
import type { Node } from 'web-tree-sitter';
import type { Analysis } from '../analysis.ts';
import { layerStatus } from '../analysis.ts';
import { layerModeRefusals } from './layerModeRefusals.ts';
import { isLowerable } from '../layers/rule.ts';
import type { LayerNode } from '../model/graph.ts';
import { canonicalPath, importBindings } from '../model/imports.ts';
import { emitOp, kerasOpName, opSpec, OpRefusal } from '../ops/index.ts';
import { operandRanks, writtenArguments } from '../ops/operationRule.ts';
import { LineIndex } from '../parse/lineIndex.ts';
import { nodeRange } from '../parse/ranges.ts';
import type { Range, Reason, TextEdit } from '../types.ts';
import { importContext } from './imports.ts';
import { layerModeEdits } from './layerMode.ts';
import { lineEnding, withLineEnding } from './pythonText.ts';

export type ClassLowering =
  { ok: true; edits: TextEdit[]; differs: string[] } | { ok: false; reasons: Reason[] };

/** Methods Keras runs while setting the layer up (not per call): their keras.ops calls stay Keras. */
const SETUP_METHODS = new Set([
  '__init__',
  'build',
  'get_config',
  'from_config',
  'compute_output_shape',
  'compute_output_spec',
]);

const KERAS_BASES = /^keras\.(?:layers\.Layer|Model|Sequential)$/;

const lowerings = new WeakMap<Analysis, Map<number, ClassLowering>>();

/** The lowering of a user Layer or Model class and of the user classes it instantiates (memoized per analysis). */
export function userClassLowering(analysis: Analysis, classNode: Node): ClassLowering {
  let cache = lowerings.get(analysis);
  if (!cache) lowerings.set(analysis, (cache = new Map()));
  const cached = cache.get(classNode.id);
  if (cached) return cached;
  let result: ClassLowering;
  try {
    result = new ClassRewriter(analysis).lower(classNode);
  } catch (error) {
    // A half-typed class is refused, never a crash.
    result = {
      ok: false,
      reasons: [
        { message: `the class could not be lowered (${String(error)})`, range: nodeRange(classNode) },
      ],
    };
  }
  cache.set(classNode.id, result);
  return result;
}

/** The top-level class a subclassed model was made from. */
export function classDefinition(analysis: Analysis, name: string): Node | undefined {
  return topLevelClasses(analysis).get(name);
}

function topLevelClasses(analysis: Analysis): Map<string, Node> {
  const classes = new Map<string, Node>();
  for (const statement of analysis.tree.rootNode.namedChildren) {
    const definition =
      statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const name =
      definition?.type === 'class_definition' ? definition.childForFieldName('name')?.text : undefined;
    if (definition && name && !classes.has(name)) classes.set(name, definition);
  }
  return classes;
}

class ClassRewriter {
  private readonly bindings = new Map<string, string>();
  private readonly classes: Map<string, Node>;
  private readonly lines: LineIndex;
  private readonly reasons: Reason[] = [];
  private readonly differs: string[] = [];
  /** Sublayer constructor calls (by node id) and the one layer node standing for all their instances. */
  private readonly sublayers = new Map<number, LayerNode>();
  /** keras.ops calls to rewrite, by node id. */
  private readonly opCalls = new Map<number, string>();
  /** `self.<name> = self.add_weight(shape=(...))`: each weight's rank, read from its shape tuple. */
  private readonly weightRanks = new Map<string, number>();

  constructor(private readonly analysis: Analysis) {
    for (const statement of analysis.tree.rootNode.namedChildren)
      if (statement?.type === 'import_statement' || statement?.type === 'import_from_statement')
        for (const [name, value] of importBindings(statement))
          if (value.kind === 'ref') this.bindings.set(name, value.path);
    this.classes = topLevelClasses(analysis);
    this.lines = new LineIndex(analysis.text);
  }

  lower(root: Node): ClassLowering {
    const pending = [root];
    const seen = new Set<number>();
    const lowered: Node[] = [];
    while (pending.length > 0) {
      const classNode = pending.pop()!;
      if (seen.has(classNode.id)) continue;
      seen.add(classNode.id);
      lowered.push(classNode);
      if (classNode.hasError) {
        this.refuse('the class has syntax errors', classNode.childForFieldName('name') ?? classNode);
        continue;
      }
      this.collectSublayers(classNode);
      this.collectWeights(classNode);
      this.collectOps(classNode);
      pending.push(...this.userClassesUsedIn(classNode));
    }
    if (this.reasons.length > 0) return { ok: false, reasons: this.reasons };
    const representatives = [...this.sublayers.values()];
    const sublayerEdits = representatives.length > 0 ? layerModeEdits(this.analysis, representatives) : [];
    const replaced = new Map<number, string>();
    const layerCallRanges = new Set<string>();
    for (const layer of representatives) {
      const key = rangeKey(nodeRange(layer.call));
      layerCallRanges.add(key);
      const edit = sublayerEdits.find((candidate) => rangeKey(candidate.range) === key);
      if (edit) replaced.set(layer.call.id, edit.newText);
    }
    const edits: TextEdit[] = [];
    try {
      for (const classNode of lowered) this.collectEdits(classNode, replaced, edits);
    } catch (error) {
      if (!(error instanceof OpRefusal)) throw error;
      return { ok: false, reasons: [{ message: error.message, range: nodeRange(error.node ?? root) }] };
    }
    const insertions = sublayerEdits.filter((edit) => !layerCallRanges.has(rangeKey(edit.range)));
    edits.push(...insertions);
    const context = importContext(this.analysis, lowered);
    if (insertions.length === 0 && this.opCalls.size > 0 && context.needsTensorflow)
      edits.push({
        range: { start: context.insertAt, end: context.insertAt },
        newText: withLineEnding(`${context.lead}import tensorflow as tf\n`, lineEnding(this.analysis.text)),
      });
    return { ok: true, edits, differs: this.differs };
  }

  private refuse(message: string, node: Node): void {
    this.reasons.push({ message, range: nodeRange(node) });
  }

  /** Layers the class body constructs, each constructor call once; every instance must lower the same way. */
  private collectSublayers(classNode: Node): void {
    const byCall = new Map<number, LayerNode[]>();
    for (const layer of this.analysis.layers) {
      if (layer.operation || layer.constant || layer.nestedModel || layer.call.type !== 'call') continue;
      // A generated Tf* sublayer is lowered already (the class was lowered before, or in part).
      if (layer.generatedClass || !inside(layer.call, classNode)) continue;
      byCall.set(layer.call.id, [...(byCall.get(layer.call.id) ?? []), layer]);
    }
    for (const instances of byCall.values()) {
      const first = instances[0]!;
      const blocked = instances
        .map((layer) => ({ layer, ...layerStatus(layer) }))
        .find(
          ({ layer, status }) => !isLowerable(layer.rule) || status === 'refused' || status === 'unknown',
        );
      if (blocked) {
        const why = blocked.reasons.map((reason) => reason.message).join('; ') || 'it is not lowered yet';
        this.refuse(`the sublayer ${blocked.layer.className} cannot be lowered: ${why}`, first.call);
        continue;
      }
      const uncarried = instances.flatMap(layerModeRefusals)[0];
      if (uncarried) {
        this.refuse(`the sublayer ${first.className} cannot be lowered: ${uncarried.message}`, first.call);
        continue;
      }
      const texts = new Set(instances.map((layer) => layerModeEdits(this.analysis, [layer])[0]?.newText));
      if (texts.size > 1) {
        this.refuse(
          `the sublayer ${first.className} lowers differently for different instances of the class`,
          first.call,
        );
        continue;
      }
      const differs = instances.map((layer) => layerStatus(layer)).find(({ status }) => status === 'differs');
      if (differs)
        this.differs.push(...differs.reasons.map((reason) => `${first.className}: ${reason.message}`));
      this.sublayers.set(first.call.id, first);
    }
  }

  private collectWeights(classNode: Node): void {
    for (const assignment of descendantsOfType(classNode, 'assignment')) {
      const target = assignment.childForFieldName('left');
      const value = assignment.childForFieldName('right');
      const attribute = selfAttribute(target);
      if (
        !attribute ||
        value?.type !== 'call' ||
        selfAttribute(value.childForFieldName('function')) !== 'add_weight'
      )
        continue;
      const { positional, keywords } = writtenArguments(value, (node) => node.text);
      const shape = keywords.get('shape')?.node ?? positional[0]?.node;
      if (shape?.type === 'tuple' || shape?.type === 'list')
        this.weightRanks.set(
          attribute,
          shape.namedChildren.filter((item) => item?.type !== 'comment').length,
        );
    }
  }

  /** keras.ops calls in the compute methods; any other Keras API call there is refused. */
  private collectOps(classNode: Node): void {
    for (const method of methods(classNode)) {
      const name = method.childForFieldName('name')?.text ?? '';
      if (SETUP_METHODS.has(name)) continue;
      for (const call of descendantsOfType(method, 'call')) {
        const callee = call.childForFieldName('function');
        const path = callee ? this.resolve(callee) : undefined;
        if (!path) continue;
        const op = kerasOpName(path);
        if (op !== undefined) {
          if (opSpec(op)) this.opCalls.set(call.id, op);
          else this.refuse(`keras.ops.${op} is not in keras-lower's ops table`, call);
          continue;
        }
        if (/^keras\./.test(path) && !this.sublayers.has(call.id))
          this.refuse(
            `\`${path}\` inside ${name}() is not lowered (only keras.ops calls and layers are)`,
            call,
          );
      }
    }
  }

  /** User Layer/Model classes this class instantiates: they are lowered with it. */
  private userClassesUsedIn(classNode: Node): Node[] {
    const used: Node[] = [];
    for (const call of descendantsOfType(classNode, 'call')) {
      const callee = call.childForFieldName('function');
      const target = callee?.type === 'identifier' ? this.classes.get(callee.text) : undefined;
      if (target && target.id !== classNode.id && this.isKerasClass(target, 0)) used.push(target);
    }
    return used;
  }

  private isKerasClass(classNode: Node, depth: number): boolean {
    if (depth > 16) return false;
    const bases = classNode.childForFieldName('superclasses')?.namedChildren ?? [];
    return bases.some((base) => {
      if (!base) return false;
      const path = this.resolve(base);
      if (path && KERAS_BASES.test(path)) return true;
      const local = base.type === 'identifier' ? this.classes.get(base.text) : undefined;
      return local !== undefined && this.isKerasClass(local, depth + 1);
    });
  }

  /** The canonical dotted path a name or attribute chain refers to through the file's imports. */
  private resolve(node: Node): string | undefined {
    if (node.type === 'identifier') return this.bindings.get(node.text);
    if (node.type !== 'attribute') return undefined;
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    const base = object ? this.resolve(object) : undefined;
    return base && attribute ? canonicalPath(`${base}.${attribute.text}`) : undefined;
  }

  /** Edits for the outermost rewritten nodes of the class (inner ones are part of their text). */
  private collectEdits(node: Node, replaced: Map<number, string>, edits: TextEdit[]): void {
    if (replaced.has(node.id) || this.opCalls.has(node.id)) {
      edits.push({ range: nodeRange(node), newText: this.rewrite(node, replaced) });
      return;
    }
    for (const child of node.children) if (child) this.collectEdits(child, replaced, edits);
  }

  /** The node's text with every sublayer constructor and keras.ops call inside it rewritten. */
  private rewrite(node: Node, replaced: Map<number, string>): string {
    const constructor = replaced.get(node.id);
    if (constructor !== undefined) return constructor;
    const op = this.opCalls.get(node.id);
    if (op !== undefined) {
      const written = writtenArguments(node, (argument) => this.rewrite(argument, replaced));
      return emitOp(opSpec(op)!, { ...written, node }, this.rankOf(op, node));
    }
    const start = this.offset(node.startPosition);
    let text = '';
    let cursor = start;
    for (const child of node.children) {
      if (!child) continue;
      const rewritten = this.rewrite(child, replaced);
      if (rewritten === child.text) continue;
      text += this.analysis.text.slice(cursor, this.offset(child.startPosition)) + rewritten;
      cursor = this.offset(child.endPosition);
    }
    return text + this.analysis.text.slice(cursor, this.offset(node.endPosition));
  }

  /** Operand ranks from the operation nodes the engine traced for this call (all instances must agree). */
  private rankOf(op: string, call: Node): (argument: Node) => number | undefined {
    const weightRank = (node: Node): number | undefined => {
      const attribute = selfAttribute(node);
      return attribute === undefined ? undefined : this.weightRanks.get(attribute);
    };
    const traced = this.analysis.layers.filter((layer) => layer.operation && layer.call.id === call.id);
    const perInstance = traced.map((layer) =>
      operandRanks(
        { op },
        call,
        (layer.calls[0]?.inputs ?? []).map((input) => input.shape),
        (leaf) => weightRank(leaf) !== undefined,
      ),
    );
    return (argument) => {
      const weight = weightRank(argument);
      if (weight !== undefined) return weight;
      const ranks = new Set(perInstance.map((ranksOf) => ranksOf.get(argument.id)));
      const [rank] = ranks;
      return ranks.size === 1 ? rank : undefined;
    };
  }

  private offset(point: { row: number; column: number }): number {
    return this.lines.offsetAt({ line: point.row, character: point.column });
  }
}

/** `self.name` -> `name`. */
function selfAttribute(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'attribute' || node.childForFieldName('object')?.text !== 'self') return undefined;
  return node.childForFieldName('attribute')?.text;
}

function methods(classNode: Node): Node[] {
  const body = classNode.childForFieldName('body');
  return (body?.namedChildren ?? [])
    .map((statement) =>
      statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement,
    )
    .filter((definition): definition is Node => definition?.type === 'function_definition');
}

function descendantsOfType(node: Node, type: string): Node[] {
  return node.descendantsOfType(type).filter((found): found is Node => found !== null);
}

function inside(node: Node, container: Node): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

function rangeKey(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
