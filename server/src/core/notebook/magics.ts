// IPython syntax that is not Python: `%%cell` magics (the whole cell), `%line` magics, `!shell` lines,
// `x = !cmd` / `x = %magic` assignments and `obj?` help. The program sees such lines as spaces of the same
// length, so every position in a cell maps to the same line and character of the program. An indented one
// (`if IN_COLAB:` then `    !pip install …`, as keras.io examples have) starts with `pass` instead, so its
// block keeps a body.

const cellMagic = /^\s*%%/;
const lineMagic = /^\s*[%!]/;
const magicAssignment = /^\s*[A-Za-z_][\w.]*(\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*[%!]/;
const helpQuery = /^\s*(\?\??[\w.]+|[\w.]+\?\??)\s*$/;

type LineRole = 'python' | 'magic' | 'continuation';

/** What each line of a cell is: Python, the first line of a magic, or a `\`-continued line of one. */
export function lineRoles(lines: string[]): LineRole[] {
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first >= 0 && cellMagic.test(lines[first]!))
    return lines.map((_, index) => (index <= first ? 'magic' : 'continuation'));
  const roles: LineRole[] = lines.map(() => 'python');
  for (let index = 0; index < lines.length; index++) {
    const line = withoutCarriageReturn(lines[index]!);
    if (!lineMagic.test(line) && !magicAssignment.test(line) && !helpQuery.test(line)) continue;
    roles[index] = 'magic';
    while (withoutCarriageReturn(lines[index]!).endsWith('\\') && index + 1 < lines.length)
      roles[++index] = 'continuation';
  }
  return roles;
}

/** A cell's text as the program sees it: IPython lines blanked (a line's `\r` is kept). */
export function blankMagics(cell: string): string {
  return mapMagicLines(cell, (body, role) => {
    const indent = /^\s*/.exec(body)![0];
    if (role === 'magic' && indent.length > 0) return `${indent}pass`.padEnd(body.length);
    return ' '.repeat(body.length);
  });
}

/** A cell's text with its IPython lines commented out, for a plain Python file (`# %matplotlib inline`). */
export function commentMagics(cell: string): string {
  return mapMagicLines(cell, (body, role) => {
    const [indent, rest] = [/^\s*/.exec(body)![0], body.trimStart()];
    if (role === 'magic' && indent.length > 0) return `${indent}pass  # ${rest}`;
    return `${indent}# ${rest}`;
  });
}

function mapMagicLines(cell: string, replace: (body: string, role: LineRole) => string): string {
  const lines = cell.split('\n');
  const roles = lineRoles(lines);
  return lines
    .map((line, index) => {
      const role = roles[index]!;
      if (role === 'python') return line;
      const body = withoutCarriageReturn(line);
      return replace(body, role) + line.slice(body.length);
    })
    .join('\n');
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
