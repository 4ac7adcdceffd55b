// Python string literals as values: escapes, raw strings and f-strings (`name=f"block{i:02d}_conv"`), with the
// part of the format-spec mini-language layer names use; anything else is unknown, never a guess.
import type { Node } from 'web-tree-sitter';
import type { Evaluator } from './evaluator.ts';
import type { Scope } from './scope.ts';
import { unknown, type Value } from './values.ts';

export function evaluateString(evaluator: Evaluator, node: Node, scope: Scope): Value {
  let text = '';
  // tree-sitter-python nests escape sequences inside string_content; raw strings keep them as written.
  const raw = /^[a-zA-Z]*[rR]/.test(node.firstChild?.text ?? '');
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content') text += raw ? child.text : decodeEscapes(child.text);
    else if (child.type === 'escape_sequence') text += unescape(child.text);
    else if (child.type === 'interpolation') {
      const expression = child.childForFieldName('expression');
      const value = expression ? evaluator.evaluate(expression, scope) : unknown('empty f-string field');
      const conversion = child.childForFieldName('type_conversion')?.text;
      const spec = child.childForFieldName('format_specifier');
      const converted = conversion === '!s' || conversion === undefined ? value : undefined;
      const formatted =
        converted === undefined
          ? undefined
          : spec
            ? formatValue(converted, spec.text.replace(/^:/, ''))
            : pythonStr(converted);
      if (formatted === undefined)
        return unknown(`the f-string field \`${child.text}\` cannot be computed statically`);
      text += formatted;
    }
  }
  return { kind: 'string', value: text };
}

/** Python's `str()` of a constant, for f-strings; undefined when not a constant. */
export function pythonStr(value: Value): string | undefined {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return value.isInt || !Number.isInteger(value.value) ? String(value.value) : `${value.value}.0`;
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    default:
      return undefined;
  }
}

/** `[[fill]align][0][width][.precision][type]` for `d`, `f`, `s` and no type; undefined for the rest. */
const FORMAT_SPEC = /^(?:(.)?([<>^]))?(0)?(\d+)?(?:\.(\d+))?([dfs]?)$/;

function formatValue(value: Value, spec: string): string | undefined {
  const match = FORMAT_SPEC.exec(spec);
  if (!match) return undefined;
  const [, fill, align, zero, width, precision, type] = match;
  let body: string | undefined;
  if (type === 'd') body = value.kind === 'number' && value.isInt ? String(value.value) : undefined;
  else if (type === 'f')
    body = value.kind === 'number' ? fixed(value.value, Number(precision ?? 6)) : undefined;
  else if (precision !== undefined)
    body = value.kind === 'string' ? value.value.slice(0, Number(precision)) : undefined;
  else body = value.kind === 'number' || value.kind === 'string' ? pythonStr(value) : undefined;
  if (body === undefined) return undefined;
  const size = Number(width ?? 0);
  if (body.length >= size) return body;
  const numeric = value.kind === 'number';
  // `0` before the width pads numbers after their sign; strings and explicit alignments pad with the fill.
  if (zero && !align && numeric) {
    const sign = body.startsWith('-') ? '-' : '';
    return sign + body.slice(sign.length).padStart(size - sign.length, '0');
  }
  const padding = (fill ?? (zero ? '0' : ' ')).repeat(size - body.length);
  const side = align ?? (numeric ? '>' : '<');
  if (side === '<') return body + padding;
  if (side === '>') return padding + body;
  const left = padding.slice(0, Math.floor(padding.length / 2));
  return left + body + padding.slice(left.length);
}

/** `format(x, ".2f")`; undefined on an exact tie, which Python rounds half to even and JavaScript up. */
function fixed(value: number, digits: number): string | undefined {
  const scaled = Math.abs(value) * 10 ** digits;
  return scaled - Math.floor(scaled) === 0.5 ? undefined : value.toFixed(digits);
}

function decodeEscapes(content: string): string {
  return content.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)/gs, (sequence) =>
    unescape(sequence),
  );
}

function unescape(sequence: string): string {
  const simple: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    "'": "'",
    '"': '"',
    a: '\x07',
    b: '\b',
    f: '\f',
    v: '\v',
    '\n': '',
  };
  const body = sequence.slice(1);
  if (body in simple) return simple[body]!;
  if (/^(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})$/.test(body))
    return String.fromCodePoint(parseInt(body.slice(1), 16));
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCodePoint(parseInt(body, 8));
  return sequence;
}
