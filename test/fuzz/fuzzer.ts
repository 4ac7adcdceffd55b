// One fuzz run: open a program, edit it at random, and after every edit ask for hover, inlay hints and code
// actions, resolve one, sometimes apply and undo it; at the end wait for diagnostics and compare the
// incrementally synced document with the same text opened afresh. Every answer is checked.
import fc from 'fast-check';
import type { Parser } from 'web-tree-sitter';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InlayHintRequest,
  LSPErrorCodes,
  ResponseError,
  type CodeAction,
  type Hover,
  type InlayHint,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { applyChange, contentChange, editOp, type ContentChange, type EditOp } from './edits.ts';
import {
  check,
  checkDiagnostics,
  checkHover,
  checkInlayHints,
  checkLoweringEdits,
  editsOf,
} from './invariants.ts';
import { LspServer } from './lspServer.ts';
import { parsesCleanly } from './parser.ts';
import { contentChangesFor, inverseSpans, TextModel } from './textModel.ts';

export interface Step {
  op: EditOp;
  hoverAt: number;
  actionAt: number;
  actionLength: number;
  pick: number;
  /** Apply the picked action's edit as the editor would, then maybe undo it. */
  apply: boolean;
  undo: boolean;
  /** Ask for the previous version's action and lowering after this edit: both must be refused. */
  stale: boolean;
}

export interface Run {
  program: number;
  crlf: boolean;
  steps: Step[];
}

const step: fc.Arbitrary<Step> = fc.record({
  op: editOp,
  hoverAt: fc.nat(),
  actionAt: fc.nat(),
  actionLength: fc.nat(80),
  pick: fc.nat(),
  apply: fc.nat(5).map((n) => n === 0),
  undo: fc.boolean(),
  stale: fc.nat(9).map((n) => n === 0),
});

export function runArbitrary(maxSteps: number): fc.Arbitrary<Run> {
  return fc.record({
    program: fc.nat(),
    crlf: fc.boolean(),
    steps: fc.array(step, { minLength: 1, maxLength: maxSteps, size: 'max' }),
  });
}

interface SummaryRows {
  models: { layers: { name: string; range: Range }[] }[];
}

export interface FuzzCounts {
  runs: number;
  steps: number;
  layerHovers: number;
  actionsResolved: number;
  editsApplied: number;
  editsUndone: number;
  staleRefused: number;
  restarts: number;
}

export class Fuzzer {
  readonly counts: FuzzCounts = {
    runs: 0,
    steps: 0,
    layerHovers: 0,
    actionsResolved: 0,
    editsApplied: 0,
    editsUndone: 0,
    staleRefused: 0,
    restarts: 0,
  };
  private uri = '';
  private version = 0;
  private model = new TextModel('');
  /** The last text that parsed: while a line does not, the server shows models from it (marked stale). */
  private lastGoodText: string | undefined;

  constructor(
    public server: LspServer,
    private readonly parser: Parser,
    private readonly corpus: readonly string[],
  ) {}

  async run(run: Run): Promise<void> {
    await this.ensureServer();
    const logStart = this.server.messages.length;
    this.counts.runs++;
    this.uri = `file:///fuzz/run-${this.counts.runs}.py`;
    const program = this.corpus[run.program % this.corpus.length]!;
    await this.open(this.uri, run.crlf ? program.replace(/\r?\n/g, '\r\n') : program);
    try {
      await this.hoverEveryLayer();
      let previous: CodeAction | undefined;
      for (const each of run.steps) previous = await this.step(each, previous);
      await this.awaitDiagnostics();
      await this.compareWithFreshCopy();
      const failures = this.server.failures(logStart);
      check(failures.length === 0, () => `the server logged failures:\n${failures.join('\n')}`);
    } finally {
      if (this.server.alive)
        await this.server.notify(DidCloseTextDocumentNotification.method, {
          textDocument: { uri: this.uri },
        });
    }
  }

  /** A dead or hung server is replaced, so one failure does not fail every later run while shrinking. */
  private async ensureServer(): Promise<void> {
    if (this.server.alive && this.server.failures().length === 0) return;
    this.server.kill();
    this.server = await LspServer.start({ latencies: this.server.latencies });
    this.counts.restarts++;
  }

  private async open(uri: string, text: string): Promise<void> {
    this.version = 1;
    this.model = new TextModel(text);
    this.lastGoodText = parsesCleanly(this.parser, text) ? text : undefined;
    await this.server.notify(DidOpenTextDocumentNotification.method, {
      textDocument: { uri, languageId: 'python', version: 1, text },
    });
  }

  private async change(changes: ContentChange[]): Promise<void> {
    let text = this.model.text;
    for (const change of changes) text = applyChange(new TextModel(text), change);
    this.model = new TextModel(text);
    this.version++;
    if (parsesCleanly(this.parser, text)) this.lastGoodText = text;
    await this.server.notify(DidChangeTextDocumentNotification.method, {
      textDocument: { uri: this.uri, version: this.version },
      contentChanges: changes,
    });
  }

  private async hoverEveryLayer(): Promise<void> {
    for (const model of (await this.summary(this.uri)).models)
      for (const layer of model.layers) {
        const hover = await this.server.request<Hover | null>(HoverRequest.method, {
          textDocument: { uri: this.uri },
          position: layer.range.start,
        });
        check(hover, () => `no hover on layer ${layer.name} of the unedited program`);
        checkHover(this.model, hover);
        this.counts.layerHovers++;
      }
  }

  private async step(each: Step, previous: CodeAction | undefined): Promise<CodeAction | undefined> {
    this.counts.steps++;
    await this.change([contentChange(this.model, each.op, this.corpus)]);
    if (each.stale && previous) await this.checkStaleRefused(previous);
    const text = { uri: this.uri };
    const at = (n: number) => this.model.positionAt(n % (this.model.text.length + 1));
    checkHover(
      this.model,
      await this.server.request<Hover | null>(HoverRequest.method, {
        textDocument: text,
        position: at(each.hoverAt),
      }),
    );
    checkInlayHints(
      this.model,
      await this.server.request<InlayHint[] | null>(InlayHintRequest.method, {
        textDocument: text,
        range: this.model.wholeRange,
      }),
    );
    const range = { start: at(each.actionAt), end: at(each.actionAt + each.actionLength) };
    if (range.end.line < range.start.line) range.end = range.start;
    const actions =
      (await this.server.request<CodeAction[] | null>(CodeActionRequest.method, {
        textDocument: text,
        range,
        context: { diagnostics: [] },
      })) ?? [];
    const enabled = actions.filter((action) => !action.disabled);
    if (enabled.length === 0) return undefined;
    const picked = enabled[each.pick % enabled.length]!;
    await this.resolveAndCheck(picked, each);
    return picked;
  }

  private async resolveAndCheck(action: CodeAction, each: Step): Promise<void> {
    const resolved = await this.server.request<CodeAction>(CodeActionResolveRequest.method, action);
    this.counts.actionsResolved++;
    if (!resolved.edit) {
      check(resolved.disabled, () => `"${action.title}" resolved to neither an edit nor a reason`);
      return;
    }
    const edits = editsOf(resolved, this.uri, this.version);
    const applied = checkLoweringEdits(this.parser, this.model, edits, action.title);
    if (!each.apply) return;
    const before = this.model;
    const summaryBefore = JSON.stringify(await this.summary(this.uri));
    await this.change(contentChangesFor(before, applied.spans));
    check(this.model.text === applied.text, () => 'the server-side apply diverged from the edit');
    this.counts.editsApplied++;
    if (!each.undo) return;
    await this.change(contentChangesFor(this.model, inverseSpans(before.text, applied)));
    check(this.model.text === before.text, () => 'undo did not give the original bytes back');
    const summaryAfter = JSON.stringify(await this.summary(this.uri));
    check(
      summaryAfter === summaryBefore,
      () => `after apply + undo the server sees another file:\n${summaryAfter}`,
    );
    this.counts.editsUndone++;
  }

  private async checkStaleRefused(action: CodeAction): Promise<void> {
    const resolved = await this.server.request<CodeAction>(CodeActionResolveRequest.method, action);
    check(!resolved.edit, () => `"${action.title}" for an older version resolved to an edit`);
    const data = action.data as { uri: string; version: number; target: unknown; mode: unknown } | undefined;
    // A quick fix offered with its edit ("Set input shape…") has no lowering to ask for.
    if (!data) return;
    try {
      await this.server.request('kerasLower/lower', data);
    } catch (error) {
      check(
        error instanceof ResponseError && error.code === LSPErrorCodes.ContentModified,
        () => `a stale lowering failed with ${String(error)}, not ContentModified`,
      );
      this.counts.staleRefused++;
      return;
    }
    check(
      false,
      () => `kerasLower/lower computed edits for version ${data.version} at version ${this.version}`,
    );
  }

  private async summary(uri: string): Promise<SummaryRows> {
    return this.server.request<SummaryRows>('kerasLower/summary', { uri });
  }

  private async awaitDiagnostics(): Promise<void> {
    const started = performance.now();
    const deadline = Date.now() + 2000;
    const current = () => this.server.diagnostics.get(this.uri);
    while (current()?.version !== this.version) {
      check(Date.now() < deadline, () => `no diagnostics for version ${this.version} within 2 s`);
      check(this.server.alive, () => 'the server exited');
      await new Promise((poll) => setTimeout(poll, 5));
    }
    this.server.record('diagnostics (debounced)', performance.now() - started);
    checkDiagnostics(this.model, current()!);
  }

  /**
   * Incremental sync and reparsing must end where opening the same text afresh does; while the text does not
   * parse, where opening the last text that parsed and then replacing it by this one does.
   */
  private async compareWithFreshCopy(): Promise<void> {
    const freshUri = `${this.uri.slice(0, -3)}-fresh.py`;
    const history = this.lastGoodText !== undefined && this.lastGoodText !== this.model.text;
    await this.server.notify(DidOpenTextDocumentNotification.method, {
      textDocument: {
        uri: freshUri,
        languageId: 'python',
        version: 1,
        text: history ? this.lastGoodText : this.model.text,
      },
    });
    if (history)
      await this.server.notify(DidChangeTextDocumentNotification.method, {
        textDocument: { uri: freshUri, version: 2 },
        contentChanges: [{ text: this.model.text }],
      });
    const fresh = JSON.stringify(await this.summary(freshUri));
    await this.server.notify(DidCloseTextDocumentNotification.method, { textDocument: { uri: freshUri } });
    const edited = JSON.stringify(await this.summary(this.uri));
    check(
      fresh === edited,
      () => `the edited document's summary differs from a fresh open:\n${edited}\nvs\n${fresh}`,
    );
  }
}
