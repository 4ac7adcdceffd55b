// Publishes a document's diagnostics (and its model count, for the client's status item) once edits pause.
import { DocumentStatusNotification } from '../protocol.ts';
import type { ServerContext } from './context.ts';
import { isEditorDocument, toLspDiagnostic } from './convert.ts';
import { Debouncer } from './debouncer.ts';
import { describe } from './guard.ts';

const quietPeriodMs = 200;

export function diagnosticsPublisher(context: ServerContext): Debouncer {
  return new Debouncer(quietPeriodMs, (uri) => {
    try {
      publish(context, uri);
    } catch (error) {
      context.log(`publishing diagnostics for ${uri} failed: ${describe(error)}`);
    }
  });
}

function publish({ connection, store }: ServerContext, uri: string): void {
  if (!isEditorDocument(uri)) return;
  const analysis = store.analysis(uri);
  if (!analysis) return;
  void connection.sendDiagnostics({
    uri,
    version: analysis.version,
    diagnostics: analysis.diagnostics.map(toLspDiagnostic),
  });
  void connection.sendNotification(DocumentStatusNotification, {
    uri,
    version: analysis.version,
    modelCount: analysis.models.length,
    staleModelCount: analysis.models.filter((model) => model.stale !== undefined).length,
  });
}
