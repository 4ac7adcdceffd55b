// A half-typed file, made parseable: the top-level statements that do not parse are blanked out (every
// character but line breaks becomes a space, so every position stays where it was) and the rest is parsed
// again. tree-sitter's recovery often swallows the statements after an unclosed bracket into one ERROR
// node; blanking only the broken statement gives them back as they are written.
import { Edit, type Node, type Tree } from 'web-tree-sitter';

/** Zero-based lines, inclusive. */
export interface LineSpan {
  start: number;
  end: number;
}

export interface RepairedProgram {
  /** The tree `blanked` was read from: a fresh parse, so history of incremental edits cannot change it. */
  original: Tree;
  /** The text with `blanked` lines turned into spaces; same length and line breaks as the original. */
  text: string;
  tree: Tree;
  /** The lines that do not parse, in order: blanked, or (rarely, past the round budget) skipped whole. */
  blanked: LineSpan[];
}

/** Reparses after each blanking; each round blanks at least one more line, so this bounds the work. */
const MAX_ROUNDS = 16;

type Reparse = (text: string, previous: Tree) => Tree;

/** The program without its broken top-level statements. The caller owns (and deletes) the returned trees. */
export function repairProgram(
  text: string,
  parse: (text: string) => Tree,
  reparse: Reparse,
): RepairedProgram {
  const original = parse(text);
  let current = { text, tree: original.copy() };
  const blanked: LineSpan[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const root = current.tree.rootNode;
    const broken = firstBrokenStatement(root, current.text);
    if (!broken) return { ...current, original, blanked: merged(blanked) };
    const span =
      broken === root
        ? { start: root.startPosition.row, end: root.endPosition.row }
        : brokenSpan(broken, current.text);
    blanked.push(span);
    current = blank(current, span, reparse);
  }
  // Past the budget: what still does not parse is skipped whole by the evaluator.
  for (const node of current.tree.rootNode.children)
    if (node?.hasError) blanked.push({ start: node.startPosition.row, end: node.endPosition.row });
  return { ...current, original, blanked: merged(blanked) };
}

function firstBrokenStatement(root: Node, text: string): Node | undefined {
  let previous: Node | undefined;
  for (const child of root.children) {
    if (!child) continue;
    if (child.hasError || child.isMissing) return child;
    // Two statements on one line with no `;` between (`model = f(x)y = g(y)`): tree-sitter flags the module
    // but neither statement, having inserted a hidden line break.
    if (previous && joined(previous, child, text)) return previous;
    previous = child;
  }
  // Flagged, yet no statement shows where: the whole module is taken as not parsing.
  return root.hasError ? root : undefined;
}

function joined(previous: Node, next: Node, text: string): boolean {
  return (
    previous.endPosition.row === next.startPosition.row &&
    previous.type !== 'comment' &&
    next.type !== 'comment' &&
    !text.slice(previous.endIndex, next.startIndex).includes(';')
  );
}

/**
 * The lines of a broken top-level node that belong to the broken statement: up to the next line that starts
 * a top-level statement, which tree-sitter's recovery may have swallowed (after an unclosed bracket, into an
 * ERROR node or the body of a `def`). If what follows still does not parse, the next round blanks it too.
 */
function brokenSpan(node: Node, text: string): LineSpan {
  const start = node.startPosition.row;
  const end = node.endPosition.row;
  const lines = text.split('\n');
  for (let line = start + 1; line <= end; line++)
    if (startsTopLevelStatement(lines[line] ?? '')) return { start, end: line - 1 };
  return { start, end };
}

/** Python's top-level statements start in column 0; closing brackets and clause keywords continue one. */
function startsTopLevelStatement(line: string): boolean {
  return /^[A-Za-z_@]/.test(line) && !/^(else|elif|except|finally)\b/.test(line);
}

function blank(
  program: { text: string; tree: Tree },
  span: LineSpan,
  reparse: Reparse,
): { text: string; tree: Tree } {
  const { text, tree } = program;
  const startIndex = lineStart(text, span.start);
  const endIndex = lineEnd(text, span.end);
  const spaces = text.slice(startIndex, endIndex).replace(/[^\r\n]/g, ' ');
  const next = text.slice(0, startIndex) + spaces + text.slice(endIndex);
  const startPosition = { row: span.start, column: 0 };
  const endPosition = { row: span.end, column: endIndex - lineStart(text, span.end) };
  tree.edit(
    new Edit({
      startIndex,
      oldEndIndex: endIndex,
      newEndIndex: endIndex,
      startPosition,
      oldEndPosition: endPosition,
      newEndPosition: endPosition,
    }),
  );
  const reparsed = reparse(next, tree);
  tree.delete();
  return { text: next, tree: reparsed };
}

function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let row = 0; row < line; row++) {
    const newline = text.indexOf('\n', offset);
    if (newline < 0) return text.length;
    offset = newline + 1;
  }
  return offset;
}

/** The offset of the line's "\n" (or the end of the text); a "\r" before it is part of the line. */
function lineEnd(text: string, line: number): number {
  const newline = text.indexOf('\n', lineStart(text, line));
  return newline < 0 ? text.length : newline;
}

function merged(spans: LineSpan[]): LineSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const result: LineSpan[] = [];
  for (const span of sorted) {
    const last = result[result.length - 1];
    if (last && span.start <= last.end + 1) last.end = Math.max(last.end, span.end);
    else result.push({ ...span });
  }
  return result;
}
