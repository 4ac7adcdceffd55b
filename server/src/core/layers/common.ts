// Argument specs and snippets shared by the layer families.
import type { ArgSpec } from './config.ts';
import type { InitializerSpec } from './rule.ts';
import { initializerNamed } from './weights.ts';

/** Weight regularizers are read (L1/L2/L1L2) and added to the training loss; activity regularizers are not. */
export function regularizerArgs(...names: string[]): ArgSpec[] {
  return names.map((name) =>
    name === 'activity_regularizer'
      ? {
          name,
          default: null,
          kind: 'any',
          support: 'default-only',
          why: 'activity regularizers add a loss that is not lowered yet',
        }
      : { name, default: null, kind: 'regularizer', support: 'translated' },
  );
}

export function constraintArgs(...names: string[]): ArgSpec[] {
  return names.map((name) => ({
    name,
    default: null,
    kind: 'any',
    support: 'default-only',
    why: 'weight constraints run after each optimizer step and are not lowered yet',
  }));
}

export const LORA_ARGS: ArgSpec[] = [
  {
    name: 'lora_rank',
    default: null,
    kind: 'any',
    support: 'default-only',
    why: 'LoRA adapters are not lowered yet',
  },
  {
    name: 'lora_alpha',
    default: null,
    kind: 'any',
    support: 'default-only',
    why: 'LoRA adapters are not lowered yet',
  },
];

/** The distinct initializers by their snake_case names (Keras also accepts the class names and aliases;
 * Constant only as keras.initializers.Constant(value)). */
const INITIALIZER_CHOICES = [
  'glorot_uniform',
  'glorot_normal',
  'he_uniform',
  'he_normal',
  'lecun_uniform',
  'lecun_normal',
  'variance_scaling',
  'random_uniform',
  'random_normal',
  'truncated_normal',
  'orthogonal',
  'identity',
  'zeros',
  'ones',
];

export function initializerArg(name: string, defaultName: string, position?: number): ArgSpec {
  return {
    name,
    default: defaultName,
    kind: 'initializer',
    support: 'translated',
    choices: INITIALIZER_CHOICES,
    position,
  };
}

/** The initializer a string argument names (exactly as Keras looks it up), or undefined when it is not one we write out. */
export function initializerSpec(name: string | undefined): InitializerSpec | undefined {
  return initializerNamed(name);
}

/** `(1, 2)` — a Python tuple literal of ints. */
export function pyTuple(items: Array<number | string | null>): string {
  const parts = items.map((item) => (item === null ? 'None' : String(item)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

/** A constructor argument a shape-only rule reads or accepts (lowering comes with the catalog). */
export function shapeArg(
  name: string,
  defaultValue: ArgSpec['default'],
  position?: number,
  kind: ArgSpec['kind'] = 'any',
  length?: number,
): ArgSpec {
  return { name, default: defaultValue, kind, support: 'translated', position, length };
}

/** The same-named arguments many layers share, all accepted as given. */
export function shapeArgs(names: string[], defaults: Record<string, ArgSpec['default']> = {}): ArgSpec[] {
  return names.map((name) => shapeArg(name, name in defaults ? defaults[name]! : null));
}
