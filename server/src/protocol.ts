// The custom requests and notifications between the keras-lower server and its clients (the VS Code
// extension, the panel, tests). Only types from the engine are imported, so the client bundle stays free
// of the engine and of node-only code.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { LowerMode, LowerTarget, LoweringResult, SummaryJson } from './core/types.ts';

export interface SummaryParams {
  uri: string;
}

/** The document's models and rows, as `keras-lower summary --json` prints them. */
export const SummaryRequest = new RequestType<SummaryParams, SummaryJson, void>('kerasLower/summary');

export interface LowerParams {
  uri: string;
  /** The document version the caller saw; any other version is refused with `ContentModified`. */
  version: number;
  target: LowerTarget;
  mode: LowerMode;
}

/**
 * The edits that lower `target` in `mode`, computed for `version`. Fails with the LSP error code
 * `ContentModified` (-32801) when the document is no longer at `version`: an edit computed for one version is
 * never applied to another.
 */
export const LowerRequest = new RequestType<LowerParams, LoweringResult, void>('kerasLower/lower');

export interface DocumentStatusParams {
  uri: string;
  version: number;
  /** Keras models found in the document (shown in the client's language status item). */
  modelCount: number;
}

/** Sent by the server after it analyses a changed document. */
export const DocumentStatusNotification = new NotificationType<DocumentStatusParams>(
  'kerasLower/documentStatus',
);
