// Python arithmetic on constants: ints, floats, tuples and lists (`image_size + (3,)`, `units * 4`, `x // 2`).
import type { Node } from 'web-tree-sitter';
import { unknown, type Value } from './values.ts';

export function evaluateOperator(node: Node, evaluate: (child: Node) => Value): Value {
  if (node.type === 'unary_operator') {
    const argument = node.childForFieldName('argument');
    const operator = node.childForFieldName('operator')?.text;
    if (!argument) return unknown('incomplete expression');
    const value = evaluate(argument);
    if (value.kind !== 'number') return unknown(`\`${node.text}\` is not a constant`);
    if (operator === '-') return { kind: 'number', value: -value.value, isInt: value.isInt };
    if (operator === '+') return value;
    return unknown(`\`${node.text}\` is not a constant`);
  }
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const operator = node.childForFieldName('operator')?.text;
  if (!left || !right || !operator) return unknown('incomplete expression');
  return binaryOperation(evaluate(left), operator, evaluate(right), node.text);
}

/** `a <operator> b` on constants; `text` names the expression in the reason when it cannot be computed. */
export function binaryOperation(a: Value, operator: string, b: Value, text: string): Value {
  if (a.kind === 'number' && b.kind === 'number') return numeric(a, operator, b, text);
  if (a.kind === 'sequence' && b.kind === 'sequence' && operator === '+' && a.list === b.list)
    return { kind: 'sequence', list: a.list, items: [...a.items, ...b.items] };
  if (
    a.kind === 'sequence' &&
    b.kind === 'number' &&
    b.isInt &&
    operator === '*' &&
    b.value >= 0 &&
    b.value * a.items.length <= 10_000
  )
    return { kind: 'sequence', list: a.list, items: Array.from({ length: b.value }, () => a.items).flat() };
  if (a.kind === 'string' && b.kind === 'string' && operator === '+')
    return { kind: 'string', value: a.value + b.value };
  return unknown(`\`${text}\` is not a constant keras-lower can compute`);
}

function numeric(
  a: { value: number; isInt: boolean },
  operator: string,
  b: { value: number; isInt: boolean },
  text: string,
): Value {
  const ints = a.isInt && b.isInt;
  const result = (value: number, isInt: boolean): Value =>
    Number.isFinite(value)
      ? { kind: 'number', value, isInt }
      : unknown(`\`${text}\` does not evaluate to a finite number`);
  switch (operator) {
    case '+':
      return result(a.value + b.value, ints);
    case '-':
      return result(a.value - b.value, ints);
    case '*':
      return result(a.value * b.value, ints);
    case '/':
      return b.value === 0 ? unknown(`\`${text}\` divides by zero`) : result(a.value / b.value, false);
    case '//':
      return b.value === 0
        ? unknown(`\`${text}\` divides by zero`)
        : result(Math.floor(a.value / b.value), ints);
    case '%':
      return b.value === 0
        ? unknown(`\`${text}\` divides by zero`)
        : result(a.value - b.value * Math.floor(a.value / b.value), ints);
    case '**':
      return result(a.value ** b.value, ints && b.value >= 0);
    default:
      return unknown(`\`${text}\` uses an operator keras-lower does not evaluate`);
  }
}
