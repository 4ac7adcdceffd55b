// What the training lowering leaves out, each with the source range of the argument that caused it.
import type { Node } from 'web-tree-sitter';
import { nodeRange } from '../parse/ranges.ts';
import type { Reason } from '../types.ts';

export class Refusals {
  readonly reasons: Reason[] = [];

  refuse(node: Node, message: string): undefined {
    this.reasons.push({ message, range: nodeRange(node) });
    return undefined;
  }

  get empty(): boolean {
    return this.reasons.length === 0;
  }
}

/** `9:15`: line and column, one-based like an editor shows them. */
export function reasonPosition(reason: Reason): string {
  return `${reason.range.start.line + 1}:${reason.range.start.character + 1}`;
}

/** `line 9:15: message`, for the comment in the lowered file. */
export function describeReason(reason: Reason): string {
  return `line ${reasonPosition(reason)}: ${reason.message}`;
}

/** `9:15: training not lowered: message`, a lowering note the CLI prints as `FILE:9:15: ...`. */
export function refusalNote(reason: Reason): string {
  return `${reasonPosition(reason)}: training not lowered: ${reason.message}`;
}

/** A Python comment block listing the refusals, placed where the training code would have gone. No line
 * numbers: the module is inserted above the compile() call, so they would move and a second lowering would
 * differ from the first. A reason quoting multi-line source (a loss dict) is folded onto its comment line. */
export function refusalComment(reasons: Reason[]): string[] {
  return [
    '# Training is not lowered: keras-lower could not lower it exactly.',
    ...reasons.map((reason) => `#   ${reason.message.replace(/\s*[\r\n]\s*/g, ' ')}`),
  ];
}
