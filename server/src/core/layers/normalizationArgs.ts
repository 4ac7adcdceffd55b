// Reading the normalization and regularization layers' arguments as the Python literals their lowerings
// write out: module mode bakes the values into the ops, so a value we cannot read is refused, never guessed.
import { normalizeAxis } from '../shapes/checks.ts';
import type { Dim, Reason, Shape } from '../types.ts';
import type { ArgSpec, LayerConfig } from './config.ts';

/** A Python float literal (`1` -> `1.0`), as Keras's float arithmetic sees the value. */
export function pyFloat(value: number): string {
  const text = String(value);
  return /[.e]|Infinity|NaN/.test(text) ? text : `${text}.0`;
}

/** `[0, 1, 2]` — a Python list literal. */
export function pyList(items: Array<number | string>): string {
  return `[${items.map(String).join(', ')}]`;
}

/** The raw `axis` argument: an int or a list/tuple of ints, undefined when not readable. */
export function axisValues(config: LayerConfig): number[] | undefined {
  const value = config.arg('axis').value;
  if (value.kind === 'number' && value.isInt) return [value.value];
  if (value.kind !== 'sequence') return undefined;
  const items = value.items.map((item) => (item.kind === 'number' && item.isInt ? item.value : NaN));
  return items.length > 0 && items.every((item) => Number.isInteger(item)) ? items : undefined;
}

/** Each raw axis as a non-negative index into `input`, or a message saying why it is not one. */
export function normalizedAxes(raw: number[], input: Shape): number[] | string {
  const normalized = raw.map((axis) => normalizeAxis(axis, input.length));
  const outside = raw.find((_, i) => normalized[i] === undefined);
  if (outside !== undefined) return `axis ${outside} is out of bounds for an input of rank ${input.length}`;
  if (new Set(normalized).size !== normalized.length)
    return `axis ${JSON.stringify(raw)} names a dimension twice`;
  return normalized as number[];
}

/** The dims of `input` at `axes`; each must be known for a weight of that size. */
export function dimsAt(input: Shape, axes: number[]): Dim[] {
  return axes.map((axis) => input[axis] ?? null);
}

export const floatArg = (name: string, defaultValue: number, position?: number): ArgSpec => ({
  name,
  position,
  default: defaultValue,
  kind: 'float',
  support: 'translated',
});

export const boolArg = (name: string, defaultValue: boolean, position?: number): ArgSpec => ({
  name,
  position,
  default: defaultValue,
  kind: 'bool',
  support: 'translated',
});

/** Arguments whose values the lowering writes out must be literals of the right kind. */
export function literalRefusals(
  config: LayerConfig,
  expected: { numbers?: string[]; ints?: string[]; bools?: string[] },
): Reason[] {
  const reasons: Reason[] = [];
  const refuse = (name: string, what: string): void => {
    reasons.push({
      message: `\`${name}\` must be ${what} keras-lower can read (its value is written into the lowering)`,
      range: config.rangeOf(name),
    });
  };
  for (const name of expected.numbers ?? []) if (config.number(name) === undefined) refuse(name, 'a number');
  for (const name of expected.ints ?? []) {
    const value = config.arg(name).value;
    if (value.kind !== 'number' || !value.isInt) refuse(name, 'an int');
  }
  for (const name of expected.bools ?? []) if (config.bool(name) === undefined) refuse(name, 'True or False');
  return reasons;
}
