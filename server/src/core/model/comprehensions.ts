// List, dict and generator comprehensions (`[block(x, f) for f in filters]`, `{k: v for k, v in pairs if v}`):
// every `for` clause over values we can list, nested left to right as Python runs them, with `if` filters.
import type { Node } from 'web-tree-sitter';
import { codeChildren, truthiness, type Evaluator } from './evaluator.ts';
import { iterate } from './iteration.ts';
import { Scope } from './scope.ts';
import { unknown, type Value } from './values.ts';

/** Items a comprehension makes at most; beyond it the comprehension is unknown. */
const MAX_ITEMS = 10_000;

class NotListable extends Error {}

export function evaluateComprehension(evaluator: Evaluator, node: Node, scope: Scope): Value {
  const body = node.childForFieldName('body');
  const clauses = codeChildren(node).filter(
    (child) => child.type === 'for_in_clause' || child.type === 'if_clause',
  );
  if (!body || clauses[0]?.type !== 'for_in_clause')
    return unknown('a comprehension keras-lower cannot read');
  const inner = new Scope(scope);
  const produced: Value[] = [];
  const run = (index: number): void => {
    const clause = clauses[index];
    if (!clause) {
      if (produced.length >= MAX_ITEMS) throw new NotListable();
      produced.push(evaluateBody(evaluator, node.type, body, inner));
      return;
    }
    if (clause.type === 'if_clause') {
      const condition = codeChildren(clause)[0];
      const truth = condition ? truthiness(evaluator.evaluate(condition, inner)) : undefined;
      if (truth === undefined) throw new NotListable();
      if (truth) run(index + 1);
      return;
    }
    const target = clause.childForFieldName('left');
    const iterable = clause.childForFieldName('right');
    const items = iterable ? iterate(evaluator.evaluate(iterable, inner)) : undefined;
    if (!target || !items) throw new NotListable();
    for (const item of items) {
      evaluator.assign(target, item, inner);
      run(index + 1);
    }
  };
  try {
    run(0);
  } catch (error) {
    if (!(error instanceof NotListable)) throw error;
    return unknown('the comprehension runs over values or conditions keras-lower cannot list statically');
  }
  if (node.type !== 'dictionary_comprehension') return { kind: 'sequence', list: true, items: produced };
  const entries: Array<[string, Value]> = [];
  for (const pair of produced) {
    if (pair.kind !== 'sequence' || pair.items[0]?.kind !== 'string')
      return unknown('dictionary keys that are not strings are not tracked');
    entries.push([pair.items[0].value, pair.items[1]!]);
  }
  return { kind: 'dict', entries };
}

/** One item: a dict comprehension's `key: value` pair comes back as a (key, value) tuple. */
function evaluateBody(evaluator: Evaluator, type: string, body: Node, scope: Scope): Value {
  if (type !== 'dictionary_comprehension') return evaluator.evaluate(body, scope);
  const key = body.childForFieldName('key');
  const value = body.childForFieldName('value');
  if (!key || !value) return unknown('a dictionary comprehension keras-lower cannot read');
  return {
    kind: 'sequence',
    list: false,
    items: [evaluator.evaluate(key, scope), evaluator.evaluate(value, scope)],
  };
}
