// Reading the arguments of compile()/fit() and of Keras objects (optimizers, losses, ...) by keyword or
// position against a declared signature; whatever cannot be read statically is refused at its range.
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from '../layers/config.ts';
import { describeValue, type Value } from '../model/values.ts';
import type { Refusals } from './refusals.ts';

export interface Arg {
  value: Value;
  /** The whole argument (`lr=0.1` or the positional expression), for refusal ranges. */
  node: Node;
  /** The value expression alone. */
  valueNode: Node;
}

export class CallReader {
  constructor(
    /** How the call is named in messages: `Adam()`, `model.fit()`. */
    readonly what: string,
    private readonly args: CallArguments,
    /** Parameter names in order; positional arguments bind to the first ones. */
    private readonly signature: string[],
    private readonly refusals: Refusals,
  ) {
    args.positional.slice(signature.length).forEach((extra) => {
      refusals.refuse(extra.node, `${what} takes at most ${signature.length} positional arguments`);
    });
    for (const [name, arg] of args.keywords)
      if (!signature.includes(name))
        refusals.refuse(arg.argument, `\`${name}\` is not an argument of ${what}`);
  }

  get(name: string): Arg | undefined {
    const keyword = this.args.keywords.get(name);
    if (keyword) return { value: keyword.value, node: keyword.argument, valueNode: keyword.node };
    const index = this.signature.indexOf(name);
    const positional = index >= 0 ? this.args.positional[index] : undefined;
    return positional && { value: positional.value, node: positional.node, valueNode: positional.node };
  }

  /** A number (None allowed when `nullable`); refused when given but not a constant. */
  number(name: string, fallback: number): number;
  number(name: string, fallback: number | null): number | null;
  number(name: string, fallback: number | null): number | null {
    const arg = this.get(name);
    if (!arg) return fallback;
    if (arg.value.kind === 'number') return arg.value.value;
    if (arg.value.kind === 'none' && fallback === null) return null;
    this.unreadable(arg, 'a number');
    return fallback;
  }

  bool(name: string, fallback: boolean): boolean {
    const arg = this.get(name);
    if (!arg) return fallback;
    if (arg.value.kind === 'bool') return arg.value.value;
    this.unreadable(arg, 'True or False');
    return fallback;
  }

  string(name: string, fallback: string): string {
    const arg = this.get(name);
    if (!arg) return fallback;
    if (arg.value.kind === 'string') return arg.value.value;
    this.unreadable(arg, 'a string');
    return fallback;
  }

  /** Arguments that must keep Keras's default (None unless given): anything else is refused with `why`. */
  requireDefault(name: string, isDefault: (value: Value) => boolean, why: string): void {
    const arg = this.get(name);
    if (arg && !isDefault(arg.value))
      this.refusals.refuse(arg.node, `\`${name}=${describeValue(arg.value)}\` in ${this.what}: ${why}`);
  }

  refuse(arg: Arg, message: string): undefined {
    return this.refusals.refuse(arg.node, message);
  }

  private unreadable(arg: Arg, expected: string): void {
    this.refusals.refuse(
      arg.node,
      `\`${arg.valueNode.text}\` in ${this.what} is not ${expected} keras-lower can read statically`,
    );
  }
}

export const isNone = (value: Value): boolean => value.kind === 'none';

/** A Python float literal for a number (`1` -> `1.0`), so the emitted arithmetic stays in floats. */
export function pyFloat(value: number): string {
  const text = String(value);
  return /[.eE]|Infinity|NaN/.test(text) ? text : `${text}.0`;
}
