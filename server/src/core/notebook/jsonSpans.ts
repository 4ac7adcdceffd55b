// Where each cell's `source` value sits in a notebook's JSON text, so a rewrite replaces exactly those
// characters and leaves the rest of the file (indentation, key order, escapes, outputs) byte for byte.

export interface SourceSpan {
  /** Offsets of the `source` value: `[` to `]`, or the string's quotes. */
  start: number;
  end: number;
  /** The raw JSON of each string in a list (`"x = 1\n"`), in order; one element for a string value. */
  rawStrings: string[];
  /** The value was a list of lines (nbformat's usual form) rather than one string. */
  isList: boolean;
}

/** The `source` span of every element of the top-level `cells` list, in order (undefined where absent). */
export function cellSourceSpans(json: string): (SourceSpan | undefined)[] {
  const scanner = new Scanner(json);
  const spans: (SourceSpan | undefined)[] = [];
  scanner.object((key) => {
    if (key !== 'cells') return scanner.skipValue();
    scanner.list(() => {
      let found: SourceSpan | undefined;
      scanner.object((cellKey) => {
        if (cellKey !== 'source') return scanner.skipValue();
        found = scanner.sourceValue();
      });
      spans.push(found);
    });
  });
  return spans;
}

class Scanner {
  private at = 0;

  constructor(private readonly text: string) {}

  object(member: (key: string) => void): void {
    this.expect('{');
    if (this.peek() === '}') return void this.at++;
    for (;;) {
      const key = JSON.parse(this.rawString()) as string;
      this.expect(':');
      member(key);
      if (this.next() === '}') return;
      this.at--;
      this.expect(',');
    }
  }

  list(element: () => void): void {
    this.expect('[');
    if (this.peek() === ']') return void this.at++;
    for (;;) {
      this.whitespace();
      element();
      if (this.next() === ']') return;
      this.at--;
      this.expect(',');
    }
  }

  sourceValue(): SourceSpan {
    this.whitespace();
    const start = this.at;
    if (this.text[start] === '"') {
      const raw = this.rawString();
      return { start, end: this.at, rawStrings: [raw], isList: false };
    }
    const rawStrings: string[] = [];
    this.list(() => rawStrings.push(this.rawString()));
    return { start, end: this.at, rawStrings, isList: true };
  }

  skipValue(): void {
    const first = this.peek();
    if (first === '{') return this.object(() => this.skipValue());
    if (first === '[') return this.list(() => this.skipValue());
    if (first === '"') return void this.rawString();
    const literal = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.at));
    if (!literal) throw new SyntaxError(`unexpected character at offset ${this.at}`);
    this.at += literal[0].length;
  }

  private rawString(): string {
    this.expect('"');
    const start = this.at - 1;
    while (this.at < this.text.length && this.text[this.at] !== '"')
      this.at += this.text[this.at] === '\\' ? 2 : 1;
    this.expect('"');
    return this.text.slice(start, this.at);
  }

  private expect(char: string): void {
    if (this.next() !== char) throw new SyntaxError(`expected "${char}" at offset ${this.at - 1}`);
  }

  private next(): string | undefined {
    this.whitespace();
    return this.text[this.at++];
  }

  private peek(): string | undefined {
    this.whitespace();
    return this.text[this.at];
  }

  private whitespace(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }
}
