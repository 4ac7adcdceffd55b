// The `kerasLower/*` requests about a notebook's URI answer for its program; the panel's data and a lowering's
// edits also say where they fall in the cells (the client then needs no position map of its own).
import { ResponseError, type Connection } from 'vscode-languageserver';
import { toCellEdits } from '../../core/index.ts';
import { LowerRequest, PanelDataRequest, type LowerResult, type PanelData } from '../../protocol.ts';
import type { NotebookCells, OpenNotebook } from './cells.ts';

type InCells = (result: never, notebook: OpenNotebook) => unknown;

const inCells: Record<string, InCells> = {
  [PanelDataRequest.method]: (data: PanelData, notebook) => ({
    ...data,
    models: data.models.map((model) => ({
      ...model,
      layers: model.layers.map((row) => {
        const placed = notebook.program.rangeToCell(row.range);
        const cell = placed && notebook.cells[placed.cell];
        return cell ? { ...row, cell: { uri: cell.uri, range: placed.range } } : row;
      }),
    })),
  }),
  [LowerRequest.method]: (result: LowerResult, notebook): LowerResult => {
    // Only edits of the notebook's current program can be placed in its cells as they are now.
    if (!result.ok || result.version !== notebook.version) return result;
    const placed = toCellEdits(notebook.program, result.edits);
    if (!placed.ok) return result;
    const cellEdits = [...placed.cells].map(([index, edits]) => {
      const { uri, version } = notebook.cells[index]!;
      return { uri, version, edits };
    });
    return { ...result, cellEdits };
  },
};

/** `connection.onRequest`, with the answers above placed in cells when asked about a notebook. */
export function onRequestInCells(connection: Connection, cells: NotebookCells): Connection['onRequest'] {
  // The overloads of onRequest take a type or a method name, then a handler.
  const register = connection.onRequest.bind(connection) as (
    ...args: unknown[]
  ) => ReturnType<Connection['onRequest']>;
  return ((
    type: unknown,
    handler?: (params: { uri?: string } | undefined, ...rest: unknown[]) => unknown,
  ) => {
    const method = typeof type === 'string' ? type : (type as { method?: string } | undefined)?.method;
    const map = method === undefined ? undefined : inCells[method];
    if (!map || typeof handler !== 'function') return register(type, handler);
    return register(type, async (params: { uri?: string } | undefined, ...rest: unknown[]) => {
      const result = await handler(params, ...rest);
      const notebook = cells.notebook(params?.uri ?? '');
      return notebook && !(result instanceof ResponseError) ? map(result as never, notebook) : result;
    });
  }) as Connection['onRequest'];
}
