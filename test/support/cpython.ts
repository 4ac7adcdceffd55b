// CPython's own parser as the judge of emitted Python: one `python3` process checks a whole batch of texts
// (JSON on stdin), since tree-sitter accepts some text that CPython rejects.
import { execFileSync } from 'node:child_process';

const CHECKER = `
import ast, json, sys
errors = []
for text in json.load(sys.stdin):
    try:
        ast.parse(text)
        errors.append(None)
    except SyntaxError as error:
        errors.append(f"line {error.lineno}: {error.msg}")
json.dump(errors, sys.stdout)
`;

/** For each text, null when CPython parses it, else its SyntaxError as `line N: message`. */
export function cpythonSyntaxErrors(texts: string[]): (string | null)[] {
  if (texts.length === 0) return [];
  const output = execFileSync('python3', ['-I', '-c', CHECKER], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(output) as (string | null)[];
}
