// The open Python documents, each with an incrementally reparsed tree and its analysis cached per version.
import {
  analyze,
  PythonDocument,
  type Analysis,
  type Position,
  type Range,
  type TextChange,
} from '../core/index.ts';
import { describe, type Log } from './guard.ts';

interface Entry {
  document: PythonDocument;
  /** Which opening this is (counted over the server's life): versions restart when a document is reopened. */
  opened: number;
  /** The analysis of `document` at `version`; `null` when the engine threw on that version. */
  cached?: { version: number; analysis: Analysis | null };
  /**
   * The last version whose every statement parsed, with its own tree (a snapshot: later edits free the
   * document's trees): while a line is half-typed, the models it touches show this version's analysis. Taken
   * at every such version, analysed only when needed, so it depends on the edits alone, never on timing.
   */
  lastGood?: PythonDocument;
}

export class DocumentStore {
  private readonly entries = new Map<string, Entry>();
  private opens = 0;

  constructor(private readonly log: Log) {}

  open(uri: string, text: string, version: number): void {
    this.close(uri);
    const entry: Entry = { document: new PythonDocument(text, version), opened: ++this.opens };
    this.entries.set(uri, entry);
    keepIfParsed(entry);
  }

  change(uri: string, changes: TextChange[], version: number): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    entry.document.applyChanges(changes, version);
    keepIfParsed(entry);
  }

  close(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    this.entries.delete(uri);
    // Trees live in the wasm heap: free them explicitly.
    entry.document.dispose();
    entry.lastGood?.dispose();
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  version(uri: string): number | undefined {
    return this.entries.get(uri)?.document.version;
  }

  /** Which opening of the document is current; with the version it names one text for sure. */
  opened(uri: string): number | undefined {
    return this.entries.get(uri)?.opened;
  }

  /**
   * The position as LSP means it in the document's current text: a character past the end of its line is the
   * end of that line (before its terminator), a line past the last one the end of the text.
   */
  position(uri: string, position: Position): Position {
    const document = this.entries.get(uri)?.document;
    if (!document) return position;
    const { row, column } = document.positionAt(document.offsetAt(position));
    return { line: row, character: column };
  }

  range(uri: string, range: Range): Range {
    return { start: this.position(uri, range.start), end: this.position(uri, range.end) };
  }

  /** The analysis of the document's current version, computed once per version; null if not open or failed. */
  analysis(uri: string): Analysis | null {
    const entry = this.entries.get(uri);
    if (!entry) return null;
    const { document } = entry;
    if (entry.cached?.version !== document.version) {
      entry.cached = { version: document.version, analysis: this.analyzeVersion(uri, entry) };
    }
    return entry.cached.analysis;
  }

  /** A version that parses is analysed on its snapshot; one that does not, against the last good one. */
  private analyzeVersion(uri: string, entry: Entry): Analysis | null {
    const { document, lastGood } = entry;
    if (lastGood?.version === document.version)
      return this.analyzeSafely(uri, lastGood, () => analyze(lastGood));
    const previous = lastGood && this.analyzeSafely(uri, lastGood, () => analyze(lastGood));
    return this.analyzeSafely(uri, document, () => analyze(document, previous ?? undefined));
  }

  private analyzeSafely(uri: string, document: PythonDocument, run: () => Analysis): Analysis | null {
    try {
      return run();
    } catch (error) {
      this.log(`analysis of ${uri} (version ${document.version}) failed: ${describe(error)}`);
      return null;
    }
  }
}

/** Snapshots the document's version if all of it parses (trees live in the wasm heap: free the old one). */
function keepIfParsed(entry: Entry): void {
  if (entry.document.tree.rootNode.hasError) return;
  entry.lastGood?.dispose();
  entry.lastGood = entry.document.snapshot();
}
