// One keras.ops function as the ops table describes it: Keras's signature and how its call is written in TF.
import type { Node } from 'web-tree-sitter';

/** A Python literal read from source: numbers, strings, booleans, None and tuples/lists of them. */
export type Literal = number | string | boolean | null | Literal[];

export interface OpParam {
  name: string;
  /** Keras's default as Python text; absent for required parameters. */
  default?: string;
  /** `*operands` (einsum): every remaining positional argument. */
  rest?: boolean;
}

export interface OpSpec {
  /** The function's name under keras.ops (`mean`, `softmax`). */
  name: string;
  /** Keras's parameters in positional order. */
  params: OpParam[];
  /** What the call becomes (README): e.g. `tf.reduce_mean` in the input's float type. */
  lowersTo: string;
  /** The TF expression for one call; throws OpRefusal when the call has no faithful equivalent. */
  emit(call: OpCall): string;
}

/** Why one call cannot be lowered, and the argument (or the call) it is about. */
export class OpRefusal extends Error {
  constructor(
    message: string,
    readonly node: Node | undefined,
  ) {
    super(message);
  }
}

/** What an op's `emit` sees: its bound arguments as text, literals and static ranks. */
export interface OpCall {
  readonly op: string;
  /** Whether the argument was written at the call site (defaults are not). */
  given(name: string): boolean;
  /** The argument's text, or its default's; parenthesized unless atomic, so it can be used once anywhere. */
  text(name: string): string;
  /** A name for a tensor argument that may be used several times (bound by a lambda when not a plain name). */
  shared(name: string): string;
  /** The argument's value when it is a Python literal (defaults included); undefined when it is not one. */
  literal(name: string): Literal | undefined;
  /** The operand's static rank when the engine followed its shape. */
  rank(name: string): number | undefined;
  refuse(message: string, name?: string): never;
}

/** A keyword argument for the TF call, left out when the Keras argument is not given. */
export function keyword(call: OpCall, name: string, tfName = name): string {
  return call.given(name) ? `, ${tfName}=${call.text(name)}` : '';
}

/** `axis=..., keepdims=...` for reductions; both at Keras's defaults (None, False) mean TF's. */
export function reductionKeywords(call: OpCall): string {
  return `${keyword(call, 'axis')}${keyword(call, 'keepdims')}`;
}

/**
 * The text of `x` converted the way keras.ops computes float-valued functions: ints and bools become float32.
 * A conditional expression: only for use as a whole call argument.
 */
export function floatOperand(call: OpCall, name: string): string {
  if (typeof call.literal(name) === 'number') return call.text(name);
  const x = call.shared(name);
  return `${x} if ${x}.dtype.is_floating else tf.cast(${x}, tf.float32)`;
}

/**
 * `reduce` computed the way Keras computes mean and var: in float32 (float64 stays float64), and cast back to
 * the input's float type; integer and bool inputs give float32.
 */
export function inFloat32(call: OpCall, reduce: string): string {
  const x = call.shared('x');
  const wide = `tf.cast(${x}, tf.float64 if ${x}.dtype == tf.float64 else tf.float32)`;
  const result = `${x}.dtype if ${x}.dtype.is_floating else tf.float32`;
  return `tf.cast(${reduce}(${wide}${reductionKeywords(call)}), ${result})`;
}

/** Requires the argument to be an int literal (or its default), refusing with `why` otherwise. */
export function intLiteral(call: OpCall, name: string, why: string): number | null {
  const value = call.literal(name);
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value))
    call.refuse(`\`${name}\` must be written as an int ${why}`, name);
  return value;
}
