// The open Python documents, each with an incrementally reparsed tree and its analysis cached per version.
import { analyze, PythonDocument, type Analysis, type TextChange } from '../core/index.ts';
import { describe, type Log } from './guard.ts';

interface Entry {
  document: PythonDocument;
  /** The analysis of `document` at `version`; `null` when the engine threw on that version. */
  cached?: { version: number; analysis: Analysis | null };
}

export class DocumentStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly log: Log) {}

  open(uri: string, text: string, version: number): void {
    this.close(uri);
    this.entries.set(uri, { document: new PythonDocument(text, version) });
  }

  change(uri: string, changes: TextChange[], version: number): void {
    this.entries.get(uri)?.document.applyChanges(changes, version);
  }

  close(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    this.entries.delete(uri);
    // Trees live in the wasm heap: free them explicitly.
    entry.document.dispose();
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  version(uri: string): number | undefined {
    return this.entries.get(uri)?.document.version;
  }

  /** The analysis of the document's current version, computed once per version; null if not open or failed. */
  analysis(uri: string): Analysis | null {
    const entry = this.entries.get(uri);
    if (!entry) return null;
    const { document } = entry;
    if (entry.cached?.version !== document.version) {
      entry.cached = { version: document.version, analysis: this.analyzeSafely(uri, document) };
    }
    return entry.cached.analysis;
  }

  private analyzeSafely(uri: string, document: PythonDocument): Analysis | null {
    try {
      return analyze(document);
    } catch (error) {
      this.log(`analysis of ${uri} (version ${document.version}) failed: ${describe(error)}`);
      return null;
    }
  }
}
