// The keras.ops -> TF table: every keras.ops function keras-lower lowers, and how one call of it is written in TF.
import type { Node } from 'web-tree-sitter';
import { ELEMENTWISE_OPS } from './elementwise.ts';
import { parseDefault, readLiteral } from './literal.ts';
import { REDUCTION_OPS } from './reductions.ts';
import { SHAPING_OPS } from './shaping.ts';
import { OpRefusal, type Literal, type OpCall, type OpSpec } from './spec.ts';

export { OpRefusal } from './spec.ts';
export type { OpSpec } from './spec.ts';

export const OPS: OpSpec[] = [...ELEMENTWISE_OPS, ...REDUCTION_OPS, ...SHAPING_OPS];

const BY_NAME = new Map(OPS.map((op) => [op.name, op]));

export function opSpec(name: string): OpSpec | undefined {
  return BY_NAME.get(name);
}

/** `keras.ops.mean`, `keras.ops.nn.softmax`, `keras.ops.numpy.sum`: the function's name, else undefined. */
export function kerasOpName(path: string): string | undefined {
  return /^keras\.ops\.(?:(?:nn|numpy|math|linalg|core|image)\.)?(\w+)$/.exec(path)?.[1];
}

/** One argument as the call site wrote it: its node, and its text with any inner rewrites applied. */
export interface WrittenArg {
  node: Node;
  text: string;
}

/** The call's arguments in the order Keras binds them. */
export interface WrittenCall {
  positional: WrittenArg[];
  keywords: Map<string, WrittenArg>;
  /** The call as a whole, where refusals without an argument point. */
  node: Node;
}

const ATOMIC = new Set([
  'identifier',
  'attribute',
  'call',
  'subscript',
  'integer',
  'float',
  'string',
  'list',
  'tuple',
  'dictionary',
  'parenthesized_expression',
  'true',
  'false',
  'none',
]);

/**
 * The TF expression for a keras.ops call, or an OpRefusal. `rankOf` gives an operand's static rank when known.
 * Arguments used more than once are evaluated once, through a lambda, unless they are plain names.
 */
export function emitOp(
  spec: OpSpec,
  written: WrittenCall,
  rankOf: (node: Node) => number | undefined,
): string {
  const bound = bind(spec, written);
  const allText = [...bound.values()].flatMap((args) => args.map((arg) => arg.text)).join(' ');
  const bindings: Array<[string, string]> = [];
  const shared = new Map<string, string>();
  const only = (name: string): WrittenArg | undefined => {
    const args = bound.get(name);
    return args && args.length === 1 ? args[0] : undefined;
  };
  const defaultOf = (name: string): string => {
    const param = spec.params.find((candidate) => candidate.name === name);
    if (param?.default === undefined) throw new Error(`${spec.name}: no parameter ${name} with a default`);
    return param.default;
  };
  const call: OpCall = {
    op: spec.name,
    given: (name) => bound.has(name),
    text: (name) => {
      const args = bound.get(name);
      if (!args) return defaultOf(name);
      return args.map((arg) => (isAtomic(arg.node) ? arg.text : `(${arg.text})`)).join(', ');
    },
    shared: (name) => {
      const text = call.text(name);
      if (/^[A-Za-z_][\w.]*$/.test(text)) return text;
      const raw =
        bound
          .get(name)
          ?.map((arg) => arg.text)
          .join(', ') ?? text;
      const existing = shared.get(name);
      if (existing) return existing;
      let parameter = `_${name}`;
      while (new RegExp(`\\b${parameter}\\b`).test(allText)) parameter = `_${parameter}`;
      bindings.push([parameter, raw]);
      shared.set(name, parameter);
      return parameter;
    },
    literal: (name) => {
      if (!bound.has(name)) return parseDefault(defaultOf(name));
      const arg = only(name);
      return arg ? readLiteral(arg.node) : undefined;
    },
    rank: (name) => {
      const arg = only(name);
      return arg ? rankOf(arg.node) : undefined;
    },
    refuse: (message, name) => {
      throw new OpRefusal(`keras.ops.${spec.name}: ${message}`, (name && only(name)?.node) || written.node);
    },
  };
  const body = spec.emit(call);
  if (bindings.length === 0) return body;
  return `(lambda ${bindings.map(([name]) => name).join(', ')}: ${body})(${bindings.map(([, text]) => text).join(', ')})`;
}

function isAtomic(node: Node): boolean {
  if (ATOMIC.has(node.type)) return true;
  return node.type === 'unary_operator' && typeof readLiteral(node) === 'number';
}

/** Keras's binding of the call's arguments to its parameters; refuses what Python or keras-lower would not take. */
function bind(spec: OpSpec, written: WrittenCall): Map<string, WrittenArg[]> {
  const bound = new Map<string, WrittenArg[]>();
  const refuse = (message: string, node: Node): never => {
    throw new OpRefusal(`keras.ops.${spec.name}: ${message}`, node);
  };
  written.positional.forEach((arg, index) => {
    if (arg.node.type === 'list_splat' || arg.node.type === 'dictionary_splat')
      refuse('`*args` / `**kwargs` arguments are not lowered', arg.node);
    const restIndex = spec.params.findIndex((param) => param.rest);
    if (restIndex >= 0 && index >= restIndex) {
      const name = spec.params[restIndex]!.name;
      bound.set(name, [...(bound.get(name) ?? []), arg]);
      return;
    }
    const param = spec.params[index];
    if (!param) refuse(`takes at most ${spec.params.length} positional arguments`, arg.node);
    bound.set(param!.name, [arg]);
  });
  for (const [name, arg] of written.keywords) {
    const param = spec.params.find((candidate) => candidate.name === name && !candidate.rest);
    if (!param) refuse(`has no argument \`${name}\``, arg.node);
    if (bound.has(name)) refuse(`got \`${name}\` twice`, arg.node);
    bound.set(name, [arg]);
  }
  for (const param of spec.params)
    if (param.default === undefined && !param.rest && !bound.has(param.name))
      refuse(`the argument \`${param.name}\` is missing`, written.node);
  return bound;
}

/** The README's ops table. */
export function opsTableRows(): Array<{ name: string; params: string; lowersTo: string }> {
  return OPS.map((op) => ({
    name: op.name,
    params: op.params
      .map((param) =>
        param.rest ? `*${param.name}` : param.default ? `${param.name}=${param.default}` : param.name,
      )
      .join(', '),
    lowersTo: op.lowersTo,
  }));
}

export type { Literal };
