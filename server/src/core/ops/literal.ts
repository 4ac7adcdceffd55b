// Python literals in source (`1`, `-1`, `(0, 2)`, `None`, `"float32"`, `True`), as ops arguments use them.
import type { Node } from 'web-tree-sitter';
import type { Literal } from './spec.ts';

/** The literal a node spells, or undefined when it is anything else (a name, a call, an expression). */
export function readLiteral(node: Node): Literal | undefined {
  switch (node.type) {
    case 'integer':
    case 'float': {
      const value = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(value) ? value : undefined;
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'string':
      return plainString(node);
    case 'unary_operator': {
      const operand = node.childForFieldName('argument');
      const value = operand ? readLiteral(operand) : undefined;
      const operator = node.childForFieldName('operator')?.text;
      return typeof value === 'number' && (operator === '-' || operator === '+')
        ? operator === '-'
          ? -value
          : value
        : undefined;
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren.filter((child) => child?.type !== 'comment');
      return inner.length === 1 && inner[0] ? readLiteral(inner[0]) : undefined;
    }
    case 'tuple':
    case 'list': {
      const items: Literal[] = [];
      for (const child of node.namedChildren) {
        if (!child || child.type === 'comment') continue;
        const value = readLiteral(child);
        if (value === undefined) return undefined;
        items.push(value);
      }
      return items;
    }
    default:
      return undefined;
  }
}

/** A default written as Python text (`None`, `-1`, `False`, `0.2`) read as a literal. */
export function parseDefault(text: string): Literal {
  if (text === 'None') return null;
  if (text === 'True') return true;
  if (text === 'False') return false;
  if (/^["']/.test(text)) return text.slice(1, -1);
  return Number(text);
}

/** A string without escapes, prefixes or interpolation (`"float32"`, `'ij,jk->ik'`); undefined otherwise. */
function plainString(node: Node): string | undefined {
  const match = /^(["'])([^"'\\{}]*)\1$/.exec(node.text);
  return match ? match[2] : undefined;
}
