// Python text standing in for a value a dropped statement computed from data: constants as literals, an
// eager array as a read-only array of zeros of its shape and dtype (no memory, whatever the sample count), a
// size the program reads at run time (a class count from the folders on disk) as a size every layer accepts.
import type { Value } from '../model/values.ts';

/** What the slice's stand-ins import; a name no user program spells. */
export const STAND_IN_NUMPY = '__keras_lower_np';

/** Unknown sizes (of a data array, or read at run time): long enough for any kernel, pool or stride. */
export const UNKNOWN_DATA_DIM = 32;

/** The literal for `value`, or undefined when it is not a constant or an array of known rank. */
export function standInText(value: Value): string | undefined {
  switch (value.kind) {
    case 'number':
      if (!Number.isFinite(value.value)) return undefined;
      return value.isInt || !Number.isInteger(value.value) ? String(value.value) : `${value.value}.0`;
    case 'string':
      return JSON.stringify(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'named':
      return String(UNKNOWN_DATA_DIM);
    case 'sequence': {
      const items = value.items.map(standInText);
      if (items.some((item) => item === undefined)) return undefined;
      if (value.list) return `[${items.join(', ')}]`;
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    }
    case 'dict': {
      const entries = value.entries.map(([key, item]) => [key, standInText(item)] as const);
      if (entries.some(([, item]) => item === undefined)) return undefined;
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${item}`).join(', ')}}`;
    }
    case 'array': {
      if (value.ragged) return undefined;
      const dims = value.shape.map((dim) => (typeof dim === 'number' ? dim : UNKNOWN_DATA_DIM));
      const shape = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
      return `${STAND_IN_NUMPY}.broadcast_to(${STAND_IN_NUMPY}.zeros((), ${JSON.stringify(value.dtype)}), ${shape})`;
    }
    default:
      return undefined;
  }
}

/** The run-time sizes (`len(class_names)`) a stand-in for `value` fills with UNKNOWN_DATA_DIM. */
export function sizesAssumed(value: Value): string[] {
  switch (value.kind) {
    case 'named':
      return [value.name];
    case 'sequence':
      return value.items.flatMap(sizesAssumed);
    case 'dict':
      return value.entries.flatMap(([, item]) => sizesAssumed(item));
    case 'array':
      return value.shape.filter((dim): dim is string => typeof dim === 'string');
    default:
      return [];
  }
}

/** Values a kept statement builds the model from (so the statement itself runs in the slice). */
export function isModelBuilding(value: Value): boolean {
  switch (value.kind) {
    case 'layer':
    case 'tensor':
    case 'model':
    case 'kerasObject':
    case 'function':
    case 'class':
    case 'ref':
    case 'userObject':
    case 'super':
      return true;
    case 'method':
      return isModelBuilding(value.self);
    case 'sequence':
      return value.items.some(isModelBuilding);
    case 'dict':
      return value.entries.some(([, item]) => isModelBuilding(item));
    default:
      return false;
  }
}
