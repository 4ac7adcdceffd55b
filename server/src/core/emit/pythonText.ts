// Small helpers for writing Python text that fits into the user's file.

/** The file's line ending: CRLF when its first line ends with one, else LF. */
export function lineEnding(text: string): string {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}

export function withLineEnding(text: string, eol: string): string {
  return eol === '\n' ? text : text.replace(/\r?\n/g, eol);
}

export function indent(lines: string[], prefix: string): string[] {
  return lines.map((line) => (line === '' ? '' : prefix + line));
}

/** A Python identifier made from a Keras name (`dense_1`, `conv2d`); never a keyword. */
export function pythonIdentifier(name: string): string {
  const cleaned = name.replace(/\W/g, '_').replace(/^(\d)/, '_$1');
  return PYTHON_KEYWORDS.has(cleaned) ? `${cleaned}_` : cleaned || '_';
}

/** `model` -> `ModelTF`, `encoder_model` -> `EncoderModelTF`. */
export function moduleClassName(variable: string): string {
  const pascal = variable
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  return `${/^\d/.test(pascal) ? '_' : ''}${pascal || 'Model'}TF`;
}

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);
