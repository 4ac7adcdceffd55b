// Engine values to LSP values. The engine already speaks LSP positions (zero-based line, UTF-16 character).
import {
  DiagnosticSeverity,
  InlayHintKind,
  MarkupKind,
  TextDocumentEdit,
  type Diagnostic as LspDiagnostic,
  type Hover as LspHover,
  type InlayHint as LspInlayHint,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Diagnostic, Hover, InlayHint, Severity, TextEdit } from '../core/index.ts';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(diagnostic: Diagnostic): LspDiagnostic {
  return {
    range: diagnostic.range,
    message: diagnostic.message,
    severity: severities[diagnostic.severity],
    source: 'keras-lower',
  };
}

export function toLspHover(hover: Hover): LspHover {
  return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: hover.range };
}

export function toLspInlayHint(hint: InlayHint): LspInlayHint {
  return {
    position: hint.position,
    label: hint.label,
    kind: InlayHintKind.Type,
    tooltip: hint.tooltip,
    paddingLeft: true,
  };
}

/**
 * A workspace edit pinned to the document version it was computed for: the editor refuses to apply it
 * once the document has changed.
 */
export function versionedEdit(uri: string, version: number, edits: TextEdit[]): WorkspaceEdit {
  return { documentChanges: [TextDocumentEdit.create({ uri, version }, edits)] };
}

/** Inlay hints and diagnostics are for documents the user edits, never for diff views or virtual documents. */
export function isEditorDocument(uri: string): boolean {
  return uri.startsWith('file:') || uri.startsWith('untitled:');
}
