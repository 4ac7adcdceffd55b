// Text that comes from the user's file (layer and model names, loss and callback source, reasons quoting code)
// inside hover Markdown: it is shown as text and can never become a link, an image, HTML, a heading or a table
// cell break, whatever it holds.

/**
 * What could start Markdown syntax in running text: emphasis, code, links and images, HTML and autolinks,
 * entities, table cells. Sentence punctuation stays as it is, so the source still reads.
 */
const markup = /[\\`*[\]<>!|&~@]/g;
/** A "." inside a word (`evil.example`, `www.x`) and "://": what GFM and linkify make links of. */
const linkLike = /(?<=\w)\.(?=\w)|:(?=\/\/)/g;
const lineBreak = /\r\n|\r|\n/g;

/**
 * `text` as an inline code span: fenced by more backticks than any run inside it, line breaks shown as `\n`
 * (a blank line would end the span's paragraph and free what follows). In a table cell `|` is escaped, as GFM
 * asks even inside code (mdText's escapes already hold there).
 */
export function mdCode(text: string, inTableCell = false): string {
  const oneLine = text.replace(lineBreak, '\\n');
  const flat = inTableCell ? oneLine.replace(/\|/g, '\\|') : oneLine;
  if (flat.trim() === '') return '` `';
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Plain text: markup characters and link-like dots escaped, line breaks as spaces. */
export function mdText(text: string): string {
  return text.replace(lineBreak, ' ').replace(markup, '\\$&').replace(linkLike, '\\$&');
}

/**
 * A message of ours that quotes code between single backticks (`` `x_train.shape[1:]` comes from data ``):
 * the quotes become code spans, everything else plain text. Whatever the quoted code holds, the result is
 * only text and code spans.
 */
export function mdMessage(message: string): string {
  let out = '';
  let last = 0;
  for (const quote of message.matchAll(/`([^`]+)`/g)) {
    out += mdText(message.slice(last, quote.index)) + mdCode(quote[1]!);
    last = quote.index + quote[0].length;
  }
  return out + mdText(message.slice(last));
}

/** A fenced code block, fenced by more backticks than any run in its lines (at least three). */
export function mdCodeBlock(language: string, lines: string[]): string[] {
  const longestRun = Math.max(
    2,
    ...lines.flatMap((line) => line.match(/`+/g) ?? []).map((run) => run.length),
  );
  const fence = '`'.repeat(longestRun + 1);
  return [`${fence}${language}`, ...lines, fence];
}
