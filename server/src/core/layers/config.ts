// A layer's constructor arguments, read against the rule's declared ArgSpecs with Keras's defaults.
import type { Node } from 'web-tree-sitter';
import { nodeRange } from '../parse/ranges.ts';
import type { Evaluated, Value } from '../model/values.ts';
import { describeValue, toDim, toShape } from '../model/values.ts';
import type { Dim, Reason, Shape } from '../types.ts';

/** A Python literal as Keras's signature writes a default. */
export type PyDefault = number | string | boolean | null | number[] | { required: true };

export type ArgKind =
  | 'int'
  | 'float'
  | 'bool'
  | 'string'
  | 'intTuple'
  | 'shape'
  | 'activation'
  | 'initializer'
  | 'dataFormat'
  | 'regularizer'
  | 'any';

export interface ArgSpec {
  name: string;
  /** Index among Keras's positional parameters, when it can be passed positionally. */
  position?: number;
  default: PyDefault;
  kind: ArgKind;
  /** `translated`: lowered for any value we can read; `default-only`: any other value is refused. */
  support: 'translated' | 'default-only';
  /** For `string`: the accepted values (compared lower-cased). For `intTuple`: the tuple length. */
  choices?: string[];
  length?: number;
  /** Why a non-default value is refused (default-only). */
  why?: string;
}

export interface ArgValue {
  spec: ArgSpec;
  value: Value;
  /** The argument's node in the call (keyword_argument or positional expression); absent when defaulted. */
  node?: Node;
  /** The value's expression node; absent when defaulted. */
  valueNode?: Node;
  positional: boolean;
}

export const BASE_LAYER_ARGS: ArgSpec[] = [
  { name: 'name', default: null, kind: 'string', support: 'translated' },
  { name: 'input_shape', default: null, kind: 'shape', support: 'translated' },
  { name: 'input_dim', default: null, kind: 'int', support: 'translated' },
  // Judged by model/dtypePolicy.ts: float32 under a float32 policy lowers, anything else is refused.
  { name: 'dtype', default: null, kind: 'any', support: 'translated' },
  {
    name: 'trainable',
    default: true,
    kind: 'bool',
    support: 'default-only',
    why: 'frozen layers (trainable=False) are not lowered yet',
  },
  {
    name: 'autocast',
    default: true,
    kind: 'bool',
    support: 'default-only',
    why: 'autocast=False is not lowered yet',
  },
  {
    name: 'activity_regularizer',
    default: null,
    kind: 'any',
    support: 'default-only',
    why: 'activity regularizers add a loss that is not lowered yet',
  },
];

export class LayerConfig {
  constructor(
    readonly className: string,
    readonly values: Map<string, ArgValue>,
    readonly call: Node,
    /** `keras.config.image_data_format()` in effect where the layer is created. */
    readonly imageDataFormat: 'channels_last' | 'channels_first',
  ) {}

  arg(name: string): ArgValue {
    const value = this.values.get(name);
    if (!value) throw new Error(`rule reads undeclared argument ${name}`);
    return value;
  }

  /** An int argument as a dimension: a number, a named dim, or undefined when it cannot be known. */
  dim(name: string): Dim | undefined {
    return toDim(this.arg(name).value);
  }

  number(name: string): number | undefined {
    const value = this.arg(name).value;
    return value.kind === 'number' ? value.value : undefined;
  }

  bool(name: string): boolean | undefined {
    const value = this.arg(name).value;
    return value.kind === 'bool' ? value.value : undefined;
  }

  string(name: string): string | undefined {
    const value = this.arg(name).value;
    return value.kind === 'string' ? value.value : undefined;
  }

  /** An int-or-tuple argument (kernel_size=3 -> [3, 3]); undefined when not readable. */
  intTuple(name: string): number[] | undefined {
    const spec = this.arg(name).spec;
    const shape = toShape(this.arg(name).value);
    if (!shape || shape.some((dim) => typeof dim !== 'number')) return undefined;
    const ints = shape as number[];
    if (ints.length === 1 && spec.length) return Array(spec.length).fill(ints[0]) as number[];
    return ints.length === spec.length ? ints : undefined;
  }

  shape(name: string): Shape | undefined {
    return toShape(this.arg(name).value);
  }

  /** The activation name (`linear` for None), or undefined when it is not a name we can read. */
  activation(name = 'activation'): string | undefined {
    const value = this.arg(name).value;
    return readActivationName(value);
  }

  /** `channels_last` or `channels_first`, honouring `keras.config.set_image_data_format` in the file. */
  dataFormat(): 'channels_last' | 'channels_first' {
    const value = this.values.get('data_format')?.value;
    if (value?.kind === 'string' && (value.value === 'channels_first' || value.value === 'channels_last'))
      return value.value;
    return this.imageDataFormat;
  }

  /** The range to blame for an argument: the argument itself, or the whole call when defaulted. */
  rangeOf(name: string): Reason['range'] {
    return nodeRange(this.values.get(name)?.node ?? this.call);
  }
}

export function readActivationName(value: Value): string | undefined {
  if (value.kind === 'none') return 'linear';
  if (value.kind === 'string') return value.value;
  if (value.kind === 'ref') {
    const match = /^(?:keras\.activations|tf\.nn|tf\.math|tf)\.(\w+)$/.exec(value.path);
    if (match) return match[1] === 'swish' ? 'silu' : match[1];
  }
  return undefined;
}

export interface CallArguments {
  positional: Evaluated[];
  keywords: Map<string, Evaluated & { argument: Node }>;
}

/** Binds a call's arguments to the rule's specs, filling Keras's defaults; reports unknown keywords. */
export function bindArguments(
  className: string,
  specs: ArgSpec[],
  args: CallArguments,
  call: Node,
  imageDataFormat: 'channels_last' | 'channels_first',
): { config: LayerConfig; problems: Reason[]; unreadable: Reason[] } {
  const values = new Map<string, ArgValue>();
  const problems: Reason[] = [];
  const unreadable: Reason[] = [];
  const positionalSpecs = specs
    .filter((spec) => spec.position !== undefined)
    .sort((a, b) => a.position! - b.position!);
  args.positional.forEach((evaluated, index) => {
    const spec = positionalSpecs[index];
    if (!spec) {
      unreadable.push({
        message: `keras-lower reads ${positionalSpecs.length} positional arguments of ${className}; pass this one by keyword`,
        range: nodeRange(evaluated.node),
      });
      return;
    }
    values.set(spec.name, {
      spec,
      value: evaluated.value,
      node: evaluated.node,
      valueNode: evaluated.node,
      positional: true,
    });
  });
  for (const [name, evaluated] of args.keywords) {
    const spec = specs.find((candidate) => candidate.name === name);
    if (!spec) {
      problems.push({
        message: `\`${name}\` is not an argument of keras.layers.${className} (Keras raises on it)`,
        range: nodeRange(evaluated.argument),
      });
      continue;
    }
    values.set(name, {
      spec,
      value: evaluated.value,
      node: evaluated.argument,
      valueNode: evaluated.node,
      positional: false,
    });
  }
  for (const spec of specs) {
    if (values.has(spec.name)) continue;
    values.set(spec.name, { spec, value: defaultValue(spec.default), positional: false });
  }
  return { config: new LayerConfig(className, values, call, imageDataFormat), problems, unreadable };
}

function defaultValue(literal: PyDefault): Value {
  if (literal === null) return { kind: 'none' };
  if (typeof literal === 'number')
    return { kind: 'number', value: literal, isInt: Number.isInteger(literal) };
  if (typeof literal === 'string') return { kind: 'string', value: literal };
  if (typeof literal === 'boolean') return { kind: 'bool', value: literal };
  if (Array.isArray(literal))
    return {
      kind: 'sequence',
      list: false,
      items: literal.map((n) => ({ kind: 'number', value: n, isInt: true }) as Value),
    };
  return { kind: 'unknown', reason: 'a required argument is missing' };
}

/** Whether an explicit value equals the spec's default (so a default-only argument is fine). */
export function equalsDefault(spec: ArgSpec, value: Value): boolean {
  const literal = spec.default;
  if (literal === null) return value.kind === 'none';
  if (typeof literal === 'boolean') return value.kind === 'bool' && value.value === literal;
  if (typeof literal === 'number') return value.kind === 'number' && value.value === literal;
  if (typeof literal === 'string')
    return value.kind === 'string' && value.value.toLowerCase() === literal.toLowerCase();
  if (Array.isArray(literal)) {
    const shape = toShape(value);
    if (!shape) return false;
    if (shape.length === 1) return literal.every((n) => n === shape[0]);
    return shape.length === literal.length && literal.every((n, i) => n === shape[i]);
  }
  return false;
}

/** Refusals for a bound config: default-only arguments given another value, and unreadable values. */
export function argumentRefusals(config: LayerConfig): Reason[] {
  const reasons: Reason[] = [];
  for (const [name, arg] of config.values) {
    if (!arg.node) continue;
    if (arg.spec.support === 'default-only' && !equalsDefault(arg.spec, arg.value)) {
      reasons.push({
        message: `\`${name}=${describeValue(arg.value)}\`: ${arg.spec.why ?? 'not lowered yet'}`,
        range: nodeRange(arg.node),
      });
    }
  }
  return reasons;
}
