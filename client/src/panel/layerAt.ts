// Which layer's source holds a position: the innermost row whose range contains it (no vscode import, so
// it is unit-testable).
import type { PanelData } from '../../../server/src/protocol.ts';

interface Position {
  line: number;
  character: number;
}

export function layerAt(data: PanelData, position: Position): string | null {
  let best: { id: string; size: number } | undefined;
  for (const model of data.models)
    for (const row of model.layers) {
      const { start, end } = row.range;
      if (compare(position, start) < 0 || compare(position, end) > 0) continue;
      const size = (end.line - start.line) * 1e6 + (end.character - start.character);
      if (!best || size < best.size) best = { id: row.id, size };
    }
  return best?.id ?? null;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
