// The custom requests and notifications between the keras-lower server and its clients (the VS Code
// extension, the panel, tests). Only types from the engine are imported, so the client bundle stays free
// of the engine and of node-only code.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type {
  LowerMode,
  LowerTarget,
  LoweringResult,
  Range,
  Reason,
  SummaryJson,
  TextEdit,
} from './core/types.ts';
import type { VerifyPlan, VerifyReport } from './core/verify/types.ts';

// The verify report's types travel to the client and the panel (which import nothing else of the server).
export type { VerifyModeReport, VerifyReport, VerifyRow } from './core/verify/types.ts';

export interface SummaryParams {
  uri: string;
}

/** The document's models and rows, as `keras-lower summary --json` prints them. */
export const SummaryRequest = new RequestType<SummaryParams, SummaryJson, void>('kerasLower/summary');

export interface LowerParams {
  uri: string;
  /** The document version the caller saw; any other version is refused with `ContentModified`. */
  version: number;
  /**
   * Which opening of the document the caller saw (code actions' data carries it): a document closed and
   * reopened numbers its versions afresh, so when given, another opening is refused with `ContentModified` too.
   */
  opened?: number;
  target: LowerTarget;
  mode: LowerMode;
}

/**
 * The edits that lower `target` in `mode`, computed for `version`. Fails with the LSP error code
 * `ContentModified` (-32801) when the document is no longer at `version`: an edit computed for one version is
 * never applied to another.
 */
export const LowerRequest = new RequestType<LowerParams, LowerResult, void>('kerasLower/lower');

/**
 * The client command behind "Lower model … to a new file…" (its one argument: the `LowerParams` of a
 * module-mode lowering). Offered only to clients that say in `initializationOptions` that they have it.
 */
export const lowerToNewFileCommand = 'kerasLower.lowerToNewFile';

export interface InitializationOptions {
  lowerToNewFile?: boolean;
}

/** A notebook cell's part of a lowering, pinned to the cell's version (edits in the cell's positions). */
export interface CellTextEdits {
  uri: string;
  version: number;
  edits: TextEdit[];
}

/** For a notebook, the edits of its program and, when they split into cells, the same edits per cell. */
export type LowerResult = LoweringResult & { cellEdits?: CellTextEdits[] };

export interface DocumentStatusParams {
  uri: string;
  version: number;
  /** Keras models found in the document (shown in the client's language status item). */
  modelCount: number;
  /** Of those, the models shown from their last good analysis because lines that build them do not parse. */
  staleModelCount?: number;
}

/** Sent by the server after it analyses a changed document. */
export const DocumentStatusNotification = new NotificationType<DocumentStatusParams>(
  'kerasLower/documentStatus',
);

/** One row of the side-by-side panel: the summary row, its Keras source and its TensorFlow ops. */
export type PanelRow = SummaryJson['models'][number]['layers'][number] & {
  /** The layer's constructor call (or operation expression) as written in the file. */
  source: string;
  /** The TF ops the layer lowers to, as Python (`layerOpsPreview`); empty when its shapes are unknown. */
  ops: string;
  /** In a notebook (`range` is in its program): the cell holding the layer and the range in that cell. */
  cell?: { uri: string; range: Range };
};

export type PanelModel = Omit<SummaryJson['models'][number], 'layers'> & { layers: PanelRow[] };

/** A lowering the panel's diff tab and the Preview Diff command can show: one layer, one model, the file. */
export interface LoweringChoice {
  title: string;
  target: LowerTarget;
  mode: LowerMode;
  safe: boolean;
  /** Set when the lowering exists but cannot be applied. */
  disabledReason?: string;
}

export interface PanelData {
  uri: string;
  version: number;
  models: PanelModel[];
  choices: LoweringChoice[];
}

/** Everything the side-by-side panel shows for a document's current version. */
export const PanelDataRequest = new RequestType<SummaryParams, PanelData, void>('kerasLower/panelData');

export type LoweredText =
  | { ok: true; version: number; original: string; lowered: string; safe: boolean; notes: string[] }
  | { ok: false; version: number; reasons: Reason[] };

/**
 * The document's text at `version` and the text after the lowering's edits (what the diff views show).
 * Fails with `ContentModified` like `kerasLower/lower` when the document is no longer at `version`.
 */
export const LoweredTextRequest = new RequestType<LowerParams, LoweredText, void>('kerasLower/loweredText');

export interface VerifyPlanParams {
  uri: string;
  /** Only the model bound to this variable; every model when absent. */
  model?: string;
}

/** The lowered texts `Verify Lowering` runs beside the user's file (the client runs them, never the server). */
export const VerifyPlanRequest = new RequestType<VerifyPlanParams, VerifyPlan, void>('kerasLower/verifyPlan');

/** The panel's messages, extension → webview. */
export type ToWebview =
  | { type: 'data'; data: PanelData; fileName: string }
  | { type: 'cursor'; layerId: string | null }
  | {
      type: 'diff';
      choice: LoweringChoice;
      result: LoweredText | { ok: false; version: number; error: string };
    }
  | { type: 'applied'; ok: boolean; message: string }
  | { type: 'verification'; report: VerifyReport; text: string };

/** The panel's messages, webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; layerId: string }
  | { type: 'showDiff'; choice: LoweringChoice; version: number }
  | { type: 'apply'; choice: LoweringChoice; version: number };

/** What the webview keeps across reloads (`vscode.setState`), also read by the panel serializer. */
export interface PanelState {
  uri: string;
  tab: 'layers' | 'graph' | 'diff';
}
