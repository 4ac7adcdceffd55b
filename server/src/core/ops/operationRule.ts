// Rules for operation nodes in functional graphs (`keras.ops.mean(x, axis=1)`, `x + y`), built from the ops
// table, so module mode writes them as TF like any layer. Layer mode leaves them alone: on Keras tensors
// only keras.ops work.
import type { Node } from 'web-tree-sitter';
import type { LayerRule } from '../layers/rule.ts';
import { nodeRange } from '../parse/ranges.ts';
import type { Reason, Shape } from '../types.ts';
import { emitOp, opSpec, OpRefusal, type WrittenArg } from './index.ts';
import { readLiteral } from './literal.ts';

/** What Keras records: a keras.ops function by name, or a Python operator (`neg` for unary minus). */
export type OperationSource = { op: string } | { operator: string };

/** Operators written back as operators: on TF tensors they mean what they mean on Keras tensors. */
const KEPT_OPERATORS = new Set(['+', '-', '*', '**']);
/** Operators whose Keras semantics differ from TF's operator: written as the ops table's entry. */
const OPERATOR_OPS: Record<string, string> = { '/': 'divide', '@': 'matmul' };

export function operationRule(source: OperationSource, node: Node, inputs: Array<Shape | null>): LayerRule {
  const placeholders = inputs.map((_, index) => `input_${index}`);
  let refusal: Reason | undefined;
  try {
    operationExpression(source, node, placeholders, inputs);
  } catch (error) {
    // Half-typed code never crashes the analysis: anything unexpected is a refusal too.
    refusal =
      error instanceof OpRefusal
        ? { message: error.message, range: nodeRange(error.node ?? node) }
        : {
            message: `\`${oneLine(node.text)}\` could not be lowered (${String(error)})`,
            range: nodeRange(node),
          };
  }
  return {
    classes: [],
    family: 'operation',
    args: [],
    outputShape: () => ({ ok: false, kind: 'unknown', message: 'operation shapes come from the evaluator' }),
    weights: () => [],
    caveats: () => [],
    refusals: () => (refusal ? [refusal] : []),
    ...(refusal
      ? {}
      : {
          ops: (context) => [
            `${context.outputVar} = ${operationExpression(source, node, context.inputExprs, inputs)}`,
          ],
        }),
  };
}

/** The operation's TF expression with its tensor operands replaced, in order, by `operands`. */
function operationExpression(
  source: OperationSource,
  node: Node,
  operands: string[],
  shapes: Array<Shape | null>,
): string {
  const leaves = operandNodes(source, node).flatMap(tensorLeaves);
  if (leaves.length !== operands.length)
    throw new OpRefusal(
      `the operands of \`${oneLine(node.text)}\` could not be matched to the Keras tensors it was called on`,
      node,
    );
  const leafIndex = leafIndices(source, node);
  const substitute = (argument: Node): string => {
    const index = leafIndex.get(argument.id);
    if (index !== undefined) return operands[index]!;
    if (argument.type === 'list' || argument.type === 'tuple') {
      const items = codeItems(argument).map(substitute);
      return argument.type === 'list'
        ? `[${items.join(', ')}]`
        : `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
    }
    return argument.text;
  };
  const rankOf = (argument: Node): number | undefined => {
    const index = leafIndex.get(argument.id);
    const shape = index === undefined ? undefined : shapes[index];
    return shape ? shape.length : undefined;
  };
  if ('operator' in source) {
    const operandTexts = operandNodes(source, node).map(substitute);
    if (source.operator === 'neg') return `-${operandTexts[0]}`;
    if (KEPT_OPERATORS.has(source.operator)) return operandTexts.join(` ${source.operator} `);
    const op = OPERATOR_OPS[source.operator];
    if (!op) throw new OpRefusal(`the \`${source.operator}\` operator on Keras tensors is not lowered`, node);
    const positional = operandNodes(source, node).map((argument) => ({
      node: argument,
      text: substitute(argument),
    }));
    return emitOp(opSpec(op)!, { positional, keywords: new Map(), node }, rankOf);
  }
  const spec = opSpec(source.op);
  if (!spec) throw new OpRefusal(`keras.ops.${source.op} is not in keras-lower's ops table`, node);
  const { positional, keywords } = writtenArguments(node, substitute);
  return emitOp(spec, { positional, keywords, node }, rankOf);
}

/** Each tensor operand's node id -> its index among the tensors Keras found in the call (`skip`: not tracked). */
function leafIndices(
  source: OperationSource,
  node: Node,
  skip?: (leaf: Node) => boolean,
): Map<number, number> {
  return new Map(
    operandNodes(source, node)
      .flatMap(tensorLeaves)
      .filter((leaf) => !skip?.(leaf))
      .map((leaf, index) => [leaf.id, index]),
  );
}

/**
 * The static rank of each tensor operand (by node id), given the shapes of the tensors the call was made on;
 * `skip` tells operands the engine does not track as tensors (a layer's own weights).
 */
export function operandRanks(
  source: OperationSource,
  node: Node,
  shapes: Array<Shape | null>,
  skip?: (leaf: Node) => boolean,
): Map<number, number> {
  const ranks = new Map<number, number>();
  const indices = leafIndices(source, node, skip);
  if (indices.size !== shapes.length) return ranks;
  for (const [id, index] of indices) {
    const shape = shapes[index];
    if (shape) ranks.set(id, shape.length);
  }
  return ranks;
}

/** The call's positional and keyword arguments, each as its (substituted) text. */
export function writtenArguments(
  call: Node,
  textOf: (node: Node) => string,
): { positional: WrittenArg[]; keywords: Map<string, WrittenArg> } {
  const positional: WrittenArg[] = [];
  const keywords = new Map<string, WrittenArg>();
  for (const argument of codeItems(call.childForFieldName('arguments'))) {
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')?.text;
      const value = argument.childForFieldName('value');
      if (name && value) keywords.set(name, { node: value, text: textOf(value) });
    } else positional.push({ node: argument, text: textOf(argument) });
  }
  return { positional, keywords };
}

/** Where Keras looks for tensors: an operator's operands, a keras.ops call's positional arguments. */
function operandNodes(source: OperationSource, node: Node): Node[] {
  if ('op' in source)
    return codeItems(node.childForFieldName('arguments')).filter(
      (argument) => argument.type !== 'keyword_argument',
    );
  if (source.operator === 'neg')
    return [node.childForFieldName('argument')].filter((child): child is Node => !!child);
  return [node.childForFieldName('left'), node.childForFieldName('right')].filter(
    (child): child is Node => !!child,
  );
}

/** The operand expressions that can be tensors: everything but literals, looking into list and tuple displays. */
function tensorLeaves(node: Node): Node[] {
  if (node.type === 'list' || node.type === 'tuple') return codeItems(node).flatMap(tensorLeaves);
  return readLiteral(node) === undefined ? [node] : [];
}

function codeItems(node: Node | null): Node[] {
  return (node?.namedChildren ?? []).filter((child): child is Node => !!child && child.type !== 'comment');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}
