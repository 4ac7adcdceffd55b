// Python's iteration over an evaluated value (a for loop, a comprehension, unpacking), without the evaluator:
// the modules the evaluator calls use it too, and importing it from the evaluator would make a cycle.
import { datasetItems } from './data/tfdata.ts';
import type { Value } from './values.ts';

/** The items a `for` loop runs over: a sequence, a dict's keys, or `range(...)` evaluated by calls.ts. */
export function iterate(value: Value): Value[] | undefined {
  if (value.kind === 'sequence') return value.items;
  if (value.kind === 'dict') return value.entries.map(([key]) => ({ kind: 'string', value: key }));
  if (value.kind === 'string') return [...value.value].map((char) => ({ kind: 'string', value: char }));
  if (value.kind === 'dataset') return datasetItems(value);
  return undefined;
}
