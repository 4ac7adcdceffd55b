// The connection the feature handlers see: a request about a notebook cell is asked of its notebook's program
// (positions mapped in), and the answer is mapped back to the cell (positions out; edits and diagnostics
// split by cell; the panel's rows and a lowering's edits also in cells, requests.ts). Requests about plain files
// pass through untouched, so the handlers know nothing of notebooks.
import {
  CodeAction,
  ResponseError,
  type Command,
  TextDocumentEdit,
  type Connection,
  type Diagnostic,
  type Hover,
  type InlayHint,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { toCellEdits, type Range } from '../../core/index.ts';
import type { LowerParams } from '../../protocol.ts';
import type { NotebookCells, OpenNotebook } from './cells.ts';
import { onRequestInCells } from './requests.ts';

// The handlers' further arguments (token, progress reporters) pass through as they come.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler<P, R> = (params: P, ...rest: any[]) => R | Promise<R>;

/** `connection`, with hover, inlay hints, code actions and diagnostics speaking cells for notebooks. */
export function notebookAware(connection: Connection, cells: NotebookCells): Connection {
  const inCell = (uri: string) => cells.ofCell(uri);

  const onHover: Connection['onHover'] = (handler) =>
    connection.onHover(
      wrap(handler as Handler<Parameters<typeof handler>[0], Hover | null>, (params) => {
        const at = inCell(params.textDocument.uri);
        if (!at) return undefined;
        const position = at.notebook.program.toProgram(at.index, params.position);
        return {
          params: { ...params, textDocument: { uri: at.notebook.uri }, position },
          out: (hover: Hover | null) =>
            hover && { ...hover, range: hover.range && cellRange(at, hover.range) },
        };
      }),
    );

  const inlayHint: Connection['languages']['inlayHint']['on'] = (handler) =>
    connection.languages.inlayHint.on(
      wrap(handler as Handler<Parameters<typeof handler>[0], InlayHint[] | null>, (params) => {
        const at = inCell(params.textDocument.uri);
        if (!at) return undefined;
        const { program } = at.notebook;
        return {
          params: {
            ...params,
            textDocument: { uri: at.notebook.uri },
            range: program.rangeToProgram(at.index, params.range),
          },
          out: (hints: InlayHint[] | null) =>
            (hints ?? []).flatMap((hint) => {
              const { cell, position } = program.toCell(hint.position);
              return cell === at.index ? [{ ...hint, position }] : [];
            }),
        };
      }),
    );

  const onCodeAction: Connection['onCodeAction'] = (handler) =>
    connection.onCodeAction(
      wrap(handler as Handler<Parameters<typeof handler>[0], (CodeAction | Command)[] | null>, (params) => {
        const at = inCell(params.textDocument.uri);
        if (!at) return undefined;
        const { program } = at.notebook;
        const toProgram = (range: Range) => program.rangeToProgram(at.index, range);
        const diagnostics = params.context.diagnostics.map((d) => ({ ...d, range: toProgram(d.range) }));
        return {
          params: {
            ...params,
            textDocument: { uri: at.notebook.uri },
            range: toProgram(params.range),
            context: { ...params.context, diagnostics },
          },
          out: (actions: (CodeAction | Command)[] | null) =>
            (actions ?? []).map((action) => (CodeAction.is(action) ? inCells(cells, action) : action)),
        };
      }),
    );

  const onCodeActionResolve: Connection['onCodeActionResolve'] = (handler) =>
    connection.onCodeActionResolve(async (action, ...rest) => {
      const notebook = cells.notebook((action.data as LowerParams | undefined)?.uri ?? '');
      if (!notebook) return handler(action, ...rest);
      // An action offered with its edit (a quick fix) already speaks cells: keep it only while they are unchanged.
      if (action.edit) return editIsCurrent(notebook, action.edit) ? action : { ...action, edit: undefined };
      const resolved = await handler(action, ...rest);
      return resolved instanceof ResponseError ? resolved : inCells(cells, resolved);
    });

  const sendDiagnostics: Connection['sendDiagnostics'] = async (params) => {
    const notebook = cells.notebook(params.uri);
    if (!notebook) return connection.sendDiagnostics(params);
    const byCell = new Map<string, Diagnostic[]>(notebook.cells.map((cell) => [cell.uri, []]));
    for (const diagnostic of params.diagnostics) {
      const placed = notebook.program.rangeToCell(diagnostic.range);
      const cell = placed && notebook.cells[placed.cell];
      if (cell) byCell.get(cell.uri)!.push({ ...diagnostic, range: placed.range });
    }
    for (const [uri, diagnostics] of byCell) await connection.sendDiagnostics({ uri, diagnostics });
  };

  const onRequest = onRequestInCells(connection, cells);
  const overrides: Partial<Connection> = {
    onHover,
    onCodeAction,
    onCodeActionResolve,
    onRequest,
    sendDiagnostics,
  };
  const languages = new Proxy(connection.languages, {
    get: (target, key) =>
      key === 'inlayHint' ? { ...target.inlayHint, on: inlayHint } : Reflect.get(target, key, target),
  });
  return new Proxy(connection, {
    get: (target, key) => {
      if (key === 'languages') return languages;
      const override = overrides[key as keyof Connection];
      if (override) return override;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A handler that, for a cell, is called on its notebook's program and has its answer mapped back. */
function wrap<P, R>(
  handler: Handler<P, R>,
  map: (params: P) => { params: P; out: (result: R) => R } | undefined,
): Handler<P, R> {
  return async (params, ...rest) => {
    const mapped = map(params);
    if (!mapped) return handler(params, ...rest);
    return mapped.out(await handler(mapped.params, ...rest));
  };
}

function cellRange(at: { notebook: OpenNotebook; index: number }, range: Range): Range | undefined {
  const placed = at.notebook.program.rangeToCell(range);
  return placed && placed.cell === at.index ? placed.range : undefined;
}

/**
 * An action's edit of a notebook's program as edits of its cells, each pinned to the cell's version; an edit
 * made for another version of the program, or that cannot be split into cells, is dropped with the reason.
 */
function inCells(cells: NotebookCells, action: CodeAction): CodeAction {
  const changes = action.edit?.documentChanges;
  if (!changes) return action;
  const edits: TextDocumentEdit[] = [];
  for (const change of changes) {
    if (!TextDocumentEdit.is(change)) return action;
    const notebook = cells.notebook(change.textDocument.uri);
    if (!notebook) {
      edits.push(change);
      continue;
    }
    if (change.textDocument.version !== notebook.version)
      return { ...action, edit: undefined, disabled: { reason: 'the notebook changed; ask again' } };
    const placed = toCellEdits(notebook.program, change.edits);
    if (!placed.ok) return { ...action, edit: undefined, disabled: { reason: placed.reason } };
    for (const [index, cellEdits] of placed.cells) {
      const cell = notebook.cells[index]!;
      edits.push(TextDocumentEdit.create({ uri: cell.uri, version: cell.version }, cellEdits));
    }
  }
  const edit: WorkspaceEdit = { documentChanges: edits };
  return { ...action, edit };
}

function editIsCurrent(notebook: OpenNotebook, edit: WorkspaceEdit): boolean {
  const versions = new Map(notebook.cells.map((cell) => [cell.uri, cell.version]));
  return (edit.documentChanges ?? []).every(
    (change) =>
      !TextDocumentEdit.is(change) || versions.get(change.textDocument.uri) === change.textDocument.version,
  );
}
