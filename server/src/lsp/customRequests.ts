// The `kerasLower/*` requests of protocol.ts.
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { lowerWhereParsed, toSummaryJson, verifyPlan, type Analysis } from '../core/index.ts';
import {
  LoweredTextRequest,
  LowerRequest,
  PanelDataRequest,
  SummaryRequest,
  VerifyPlanRequest,
} from '../protocol.ts';
import type { ServerContext } from './context.ts';
import { guarded } from './guard.ts';
import { loweredText, panelData } from './panelData.ts';

export function registerCustomRequests(context: ServerContext): void {
  const { connection, log } = context;

  connection.onRequest(
    SummaryRequest,
    guarded(log, SummaryRequest.method, { models: [] }, ({ uri }) => toSummaryJson(analysisOf(context, uri))),
  );

  connection.onRequest(
    LowerRequest,
    guarded(
      log,
      LowerRequest.method,
      { ok: false, version: -1, reasons: [] },
      ({ uri, version, opened, target, mode }) =>
        lowerWhereParsed(analysisAt(context, uri, version, opened), target, mode),
    ),
  );

  connection.onRequest(
    PanelDataRequest,
    guarded(log, PanelDataRequest.method, { uri: '', version: -1, models: [], choices: [] }, ({ uri }) =>
      panelData(analysisOf(context, uri), uri),
    ),
  );

  connection.onRequest(
    LoweredTextRequest,
    guarded(
      log,
      LoweredTextRequest.method,
      { ok: false, version: -1, reasons: [] },
      ({ uri, version, opened, target, mode }) =>
        loweredText(analysisAt(context, uri, version, opened), target, mode),
    ),
  );

  connection.onRequest(
    VerifyPlanRequest,
    guarded(log, VerifyPlanRequest.method, { models: [] }, ({ uri, model }) =>
      verifyPlan(analysisOf(context, uri), model),
    ),
  );
}

/** The analysis of `version`, or `ContentModified`: an edit computed for one version is never shown for another. */
function analysisAt(
  context: ServerContext,
  uri: string,
  version: number,
  opened: number | undefined,
): Analysis {
  const analysis = analysisOf(context, uri);
  if (opened !== undefined && context.store.opened(uri) !== opened) {
    throw new ResponseError(
      LSPErrorCodes.ContentModified,
      `${uri} was closed and reopened since (version ${version} of an earlier opening requested); lowering not computed`,
    );
  }
  if (analysis.version !== version) {
    throw new ResponseError(
      LSPErrorCodes.ContentModified,
      `${uri} changed (version ${version} requested, ${analysis.version} current); lowering not computed`,
    );
  }
  return analysis;
}

function analysisOf({ store }: ServerContext, uri: string): Analysis {
  if (!store.has(uri)) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open`);
  const analysis = store.analysis(uri);
  if (!analysis) throw new ResponseError(ErrorCodes.InternalError, `${uri} could not be analysed`);
  return analysis;
}
