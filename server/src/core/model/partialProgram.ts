// Which top-level statements parse, and running only those: a statement that does not parse yet is not
// evaluated, every name it would bind or change becomes unknown "because line N does not parse yet", and
// Keras's name counters move on as they did for those lines in the last version that parsed (so the layers
// after it keep their names: `dense_2` stays `dense_2`).
import type { Node, Tree } from 'web-tree-sitter';
import type { LineMap } from '../parse/lineMap.ts';
import type { LineSpan } from '../parse/repair.ts';
import { nodeRange } from '../parse/ranges.ts';
import type { Range } from '../types.ts';
import { boundNames, mutatedNames, type EvaluationResult, type Evaluator } from './evaluator.ts';

export interface UnparsedStatement {
  /** Zero-based lines, inclusive. */
  span: LineSpan;
  /** Module names the statement would bind (`x = …`, `def f`, `import …`) or change (`model.add(…)`). */
  bound: string[];
  mutated: string[];
  /** The first ERROR or MISSING node in it: where the one diagnostic goes. */
  errorRange: Range;
  errorText: string;
}

/** The Keras name-counter prefixes each top-level statement took, by its lines. */
export interface StatementNames {
  span: LineSpan;
  prefixes: string[];
}

/** Says why a value is unknown; `isUnparsedReason` recognises it wherever it has propagated to. */
export function doesNotParseYet(span: LineSpan): string {
  return span.start === span.end
    ? `line ${span.start + 1} does not parse yet`
    : `lines ${span.start + 1}–${span.end + 1} do not parse yet`;
}

export function isUnparsedReason(message: string): boolean {
  return /\blines? \d+(–\d+)? do(es)? not parse yet/.test(message);
}

/** The statements of `original` (the tree as typed) that the repaired program blanked out. */
export function unparsedStatements(original: Tree, text: string, blanked: LineSpan[]): UnparsedStatement[] {
  const lines = text.split('\n');
  return blanked.map((span) => {
    const nodes = original.rootNode.children.filter(
      (node): node is Node =>
        node !== null && node.startPosition.row <= span.end && node.endPosition.row >= span.start,
    );
    const spanText = lines.slice(span.start, span.end + 1);
    const bound = new Set([...nodes.flatMap(boundNames), ...textBoundNames(spanText)]);
    const mutated = new Set([...nodes.flatMap(mutatedNames), ...textMutatedNames(spanText)]);
    const error = nodes.map(firstSyntaxError).find((node) => node !== undefined);
    return {
      span,
      bound: [...bound],
      mutated: [...mutated].filter((name) => !bound.has(name)),
      errorRange: error
        ? nodeRange(error)
        : { start: { line: span.start, character: 0 }, end: { line: span.start, character: 0 } },
      errorText: error ? describeSyntaxError(error) : 'unexpected input',
    };
  });
}

/** The last version that parsed: its statements' names, and where its lines are now. */
export interface LastGoodNames {
  statements: StatementNames[];
  lines: LineMap;
}

/**
 * Runs the evaluator over `root` (the repaired tree), forgetting what each unparsed statement would do when
 * evaluation reaches it, and records the names each statement takes. With `lastGood`, Keras's name counters
 * move on as they did in the last good version: for an unparsed statement's lines, and for an unchanged
 * statement that now takes fewer names (it calls a helper whose `def` does not parse), so later layers keep
 * their names.
 */
export function runProgram(
  evaluator: Evaluator,
  root: Node,
  unparsed: UnparsedStatement[],
  lastGood: LastGoodNames | undefined,
): EvaluationResult & { statementNames: StatementNames[] } {
  const statementNames: StatementNames[] = [];
  let pending = 0;
  let previous: { span: LineSpan; from: number } | undefined;
  const evaluation = evaluator.run(root, (next) => {
    if (previous) {
      const taken = evaluator.counters.taken.slice(previous.from);
      if (lastGood && pending > 0)
        for (const prefix of missing(unchangedNames(lastGood, previous.span), taken))
          evaluator.counters.next(prefix);
      statementNames.push({ span: previous.span, prefixes: evaluator.counters.taken.slice(previous.from) });
    }
    const line = next ? next.startPosition.row : Number.POSITIVE_INFINITY;
    for (; pending < unparsed.length && unparsed[pending]!.span.start <= line; pending++) {
      const statement = unparsed[pending]!;
      evaluator.forgetUnparsed(statement.bound, statement.mutated, doesNotParseYet(statement.span));
      for (const prefix of lastGood ? replayedNames(lastGood, statement.span) : [])
        evaluator.counters.next(prefix);
    }
    previous = next && {
      span: { start: next.startPosition.row, end: next.endPosition.row },
      from: evaluator.counters.taken.length,
    };
  });
  return { ...evaluation, statementNames };
}

/** The prefixes the last good version took on the old lines that `span` (current lines) stands for. */
function replayedNames({ statements, lines }: LastGoodNames, span: LineSpan): string[] {
  const old = lines.spanToOld(span.start, span.end);
  return statements
    .filter((statement) => statement.span.start >= old.start && statement.span.end <= old.end)
    .flatMap((statement) => statement.prefixes);
}

/** What the same, unchanged statement took in the last good version (nothing if it changed). */
function unchangedNames({ statements, lines }: LastGoodNames, span: LineSpan): string[] {
  const start = lines.toOld(span.start);
  const end = lines.toOld(span.end);
  if (start === undefined || end === undefined) return [];
  return (
    statements.find((statement) => statement.span.start === start && statement.span.end === end)?.prefixes ??
    []
  );
}

/** `wanted` minus `taken`, as multisets. */
function missing(wanted: string[], taken: string[]): string[] {
  const left = [...taken];
  return wanted.filter((prefix) => {
    const index = left.indexOf(prefix);
    if (index < 0) return true;
    left.splice(index, 1);
    return false;
  });
}

/** The first ERROR or MISSING node in document order, searched only below nodes that contain one. */
export function firstSyntaxError(root: Node): Node | undefined {
  const pending: Node[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.isError || node.isMissing) return node;
    if (node.hasError)
      pending.push(...node.children.filter((child): child is Node => child !== null).reverse());
  }
  return undefined;
}

function describeSyntaxError(node: Node): string {
  if (node.isMissing) return `missing "${node.type}"`;
  const text = node.text.split('\n')[0]!.trim();
  return text ? `unexpected "${text.length > 30 ? `${text.slice(0, 30)}…` : text}"` : 'unexpected input';
}

const IDENTIFIER = /[A-Za-z_]\w*/g;

/**
 * Names a statement binds, read from its text (an ERROR node has no assignment nodes): more than Python would
 * bind is safe (more unknowns), fewer is not. A `def` or `class` binds its name only; continuation lines of a
 * statement that is not a block (a call's arguments) bind nothing.
 */
function textBoundNames(lines: string[]): string[] {
  const first = lines.find((line) => line.trim() !== '' && !line.trim().startsWith('#'))?.trim() ?? '';
  if (/^(@|async\s+def\b|def\b|class\b)/.test(first)) {
    const named = lines.map((line) => /^\s*(?:async\s+def|def|class)\s+([A-Za-z_]\w*)/.exec(line)?.[1]);
    return named.filter((name): name is string => name !== undefined).slice(0, 1);
  }
  const block = /^(if|for|async\s+for|while|with|async\s+with|try|match)\b/.test(first);
  const names: string[] = [];
  for (const raw of lines) {
    if (!block && /^\s/.test(raw)) continue;
    const line = raw.trim();
    const assigned =
      /^[([]?\s*([A-Za-z_][\w\s,[\]*]*?)\s*(?::[^=]*)?(?:[-+*/%@&|^]|\/\/|\*\*|<<|>>)?=(?!=)/.exec(line);
    if (assigned) names.push(...(assigned[1]!.match(IDENTIFIER) ?? []));
    const loop = /^(?:async\s+)?for\s+(.+?)\s+in\b/.exec(line);
    if (loop) names.push(...(loop[1]!.match(IDENTIFIER) ?? []));
    const imported = /^(?:from\s+\S+\s+)?import\s+(.+)/.exec(line);
    if (imported) names.push(...importedNames(imported[1]!, line.startsWith('from')));
    const alias = /\bas\s+([A-Za-z_]\w*)\s*:?\s*$/.exec(line);
    if (alias && /^(with|async\s+with)\b/.test(line)) names.push(alias[1]!);
  }
  return names;
}

/** `a.b as c, d` binds c and d; `import a.b` binds a; `from m import x` binds x. */
function importedNames(list: string, from: boolean): string[] {
  return list
    .replace(/[()\\]/g, '')
    .split(',')
    .map((part) => {
      const alias = /\bas\s+([A-Za-z_]\w*)/.exec(part)?.[1];
      const name = part.trim().match(from ? /[A-Za-z_]\w*$/ : /^[A-Za-z_]\w*/)?.[0];
      return alias ?? name;
    })
    .filter((name): name is string => name !== undefined);
}

/** `name.add(`, `name.append(`…, `name[…] =` and `name.attr =` anywhere in the lines. */
function textMutatedNames(lines: string[]): string[] {
  const names: string[] = [];
  for (const line of lines) {
    for (const match of line.matchAll(
      /\b([A-Za-z_]\w*)\s*\.\s*(add|pop|append|extend|insert|remove|clear|update|setdefault)\s*\(/g,
    ))
      names.push(match[1]!);
    const item = /^\s*([A-Za-z_]\w*)\s*[[.]/.exec(line);
    if (item && /^\s*[A-Za-z_]\w*\s*(\[[^\]]*\]|\.\w+)\s*=(?!=)/.test(line)) names.push(item[1]!);
  }
  return names;
}
