// Source encodings as CPython reads them (PEP 263): UTF-8 unless a coding cookie on line 1, or on line 2 after
// a blank or comment-only line 1, names another. We read the encodings Python names UTF-8, Latin-1, ASCII and
// cp1252, and refuse any other by name rather than guess. A file is written in the encoding its own text
// declares, so Python reads back exactly the text we meant.
import { CliError, ExitCode } from './errors.ts';

export type SourceEncoding = 'utf-8' | 'latin-1' | 'ascii' | 'cp1252';

const cookie = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const blankOrComment = /^[ \t\f]*(?:#|\r?$)/;

/** Python's names (codecs aliases, lower-cased with `_` as `-`) for the encodings we read. */
const aliases: Record<string, SourceEncoding> = {};
for (const [encoding, names] of [
  ['utf-8', 'utf-8 utf8 u8 utf cp65001'],
  ['latin-1', 'latin-1 latin1 latin l1 iso-8859-1 iso8859-1 8859 cp819 iso-ir-100 csisolatin1 iso-latin-1'],
  ['ascii', 'ascii us-ascii 646 us ansi-x3.4-1968 iso646-us cp367 csascii'],
  ['cp1252', 'cp1252 windows-1252'],
] as const)
  for (const name of names.split(' ')) aliases[name] = encoding;

/** The encoding `text` (its first two lines; bytes read as Latin-1 will do) declares, with its line. */
function declared(text: string): { name: string; line: number } | undefined {
  const [first = '', second = ''] = text.split('\n', 2);
  const onFirst = cookie.exec(first);
  if (onFirst) return { name: onFirst[1]!, line: 1 };
  if (!blankOrComment.test(first)) return undefined;
  const onSecond = cookie.exec(second);
  return onSecond ? { name: onSecond[1]!, line: 2 } : undefined;
}

/** The encoding of a declared name, as Python's tokenizer normalizes it (`utf-8-sig`, `latin-1-unix`...). */
function encodingNamed(file: string, cookieName: string, line: number): SourceEncoding {
  const name = cookieName.toLowerCase().replace(/_/g, '-');
  const known =
    aliases[name] ??
    (name.startsWith('utf-8-') ? 'utf-8' : undefined) ??
    (/^(latin-1|iso-8859-1|iso-latin-1)-/.test(name) ? 'latin-1' : undefined);
  if (known) return known;
  throw new CliError(
    ExitCode.notPython,
    `${file}:${line}: declares the encoding "${cookieName}", which keras-lower does not read (UTF-8, Latin-1, ASCII or cp1252)`,
  );
}

/** The encoding a file's text declares (UTF-8 when it declares none). */
export function declaredEncoding(file: string, text: string): SourceEncoding {
  const found = declared(text);
  return found ? encodingNamed(file, found.name, found.line) : 'utf-8';
}

/** The encoding CPython reads a .py file's bytes (without a byte order mark) in. */
export function sourceEncoding(file: string, bytes: Uint8Array, hasByteOrderMark: boolean): SourceEncoding {
  // The cookie is ASCII: the first two lines read as Latin-1 show it whatever the encoding.
  const firstNewline = bytes.indexOf(0x0a);
  const secondNewline = firstNewline < 0 ? -1 : bytes.indexOf(0x0a, firstNewline + 1);
  const head = Buffer.from(bytes.subarray(0, secondNewline < 0 ? bytes.length : secondNewline));
  const encoding = declaredEncoding(file, head.toString('latin1'));
  if (hasByteOrderMark && encoding !== 'utf-8')
    throw new CliError(
      ExitCode.notPython,
      `${file}: a UTF-8 byte order mark with a coding cookie for ${encoding} (Python refuses the file)`,
    );
  return encoding;
}

/** Decodes bytes in `encoding`, strictly: a byte it does not define is an error, never a replacement. */
export function decodeAs(file: string, bytes: Uint8Array, encoding: SourceEncoding): string {
  const invalid = (at: number) =>
    new CliError(ExitCode.notPython, `${file}: not valid ${encoding} (byte ${at}), not Python source`);
  switch (encoding) {
    case 'utf-8':
      try {
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        throw new CliError(ExitCode.notPython, `${file}: not valid UTF-8, not Python source`);
      }
    case 'latin-1':
      return Buffer.from(bytes).toString('latin1');
    case 'ascii': {
      const at = bytes.findIndex((byte) => byte > 0x7f);
      if (at >= 0) throw invalid(at);
      return Buffer.from(bytes).toString('latin1');
    }
    case 'cp1252': {
      const at = bytes.findIndex((byte) => cp1252Undefined.has(byte));
      if (at >= 0) throw invalid(at);
      return new TextDecoder('windows-1252').decode(bytes);
    }
  }
}

/** Bytes Python's cp1252 leaves undefined (WHATWG's windows-1252 maps them to C1 controls instead). */
const cp1252Undefined = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** cp1252's byte for each character it holds. */
const cp1252Bytes = new Map<number, number>();
for (let byte = 0; byte < 256; byte++)
  if (!cp1252Undefined.has(byte))
    cp1252Bytes.set(new TextDecoder('windows-1252').decode(Uint8Array.of(byte)).charCodeAt(0), byte);

/** Encodes text for `file` in the encoding the text declares; a character it cannot hold is an error. */
export function encodeSource(file: string, text: string): Buffer {
  const encoding = declaredEncoding(file, text.replace(/^\uFEFF/, ''));
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte =
      encoding === 'cp1252'
        ? cp1252Bytes.get(code)
        : code <= (encoding === 'ascii' ? 0x7f : 0xff)
          ? code
          : undefined;
    if (byte === undefined)
      throw new CliError(
        ExitCode.refused,
        `${file}: the lowered text has "${String.fromCodePoint(text.codePointAt(i)!)}", which ${encoding} (the file's declared encoding) cannot hold`,
      );
    out[i] = byte;
  }
  return out;
}
