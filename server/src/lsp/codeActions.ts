// The "Lower to tf.nn" code actions: one per engine offer, each carrying (or resolving to) an edit pinned to
// the document version it was computed for.
import {
  CodeActionTriggerKind,
  type CodeAction,
  type CodeActionContext,
  type Range,
} from 'vscode-languageserver';
import {
  lowerWhereParsed,
  loweringOffersWhereParsed,
  setInputShapeActions,
  type Analysis,
} from '../core/index.ts';
import { lowerToNewFileCommand, type LowerParams } from '../protocol.ts';
import { versionedEdit } from './convert.ts';
import { gradeSuffix, newFileTitle, plainReason, presented } from './offerTitles.ts';

/** The whole-file action's kind. Deliberately not `source.fixAll`: fix-all-on-save must not rewrite models. */
export const lowerFileKind = 'source.lowerToTf';

export interface CodeActionSupport {
  /** The client resolves `edit` lazily through `codeAction/resolve`. */
  resolveEdit: boolean;
  /** The client can show disabled actions with their reason. */
  disabled: boolean;
  /** The client has the command that writes a module-mode lowering to a new file. */
  newFile: boolean;
}

/** What an action's data pins it to: the document, its opening and its version. */
export interface PinnedTo {
  uri: string;
  version: number;
  opened?: number;
}

export function codeActionsFor(
  analysis: Analysis,
  { uri, opened }: { uri: string; opened: number | undefined },
  range: Range,
  context: CodeActionContext,
  support: CodeActionSupport,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const offer of loweringOffersWhereParsed(analysis, range).map((o) => presented(analysis, o))) {
    if (!isRequested(offer.kind, context)) continue;
    const data: LowerParams = {
      uri,
      version: analysis.version,
      opened,
      target: offer.target,
      mode: offer.mode,
    };
    const action: CodeAction = { title: offer.title, kind: offer.kind, data };
    if (offer.disabledReason !== undefined) {
      if (support.disabled) actions.push({ ...action, disabled: { reason: offer.disabledReason } });
      continue;
    }
    // A client that resolves lazily gets the edit computed only for the action the user picks.
    actions.push(support.resolveEdit ? action : withEdit(action, analysis));
    if (
      support.newFile &&
      offer.target.kind === 'model' &&
      offer.mode === 'module' &&
      uri.startsWith('file:')
    ) {
      const title = `${newFileTitle(analysis, offer.target.variable)}${gradeSuffix(offer.safe)}`;
      actions.push({
        title,
        kind: offer.kind,
        command: { title, command: lowerToNewFileCommand, arguments: [data] },
      });
    }
  }
  // An input whose shape comes from data keras-lower cannot read: write the annotation that states it.
  if (isRequested('quickfix', context))
    for (const fix of setInputShapeActions(analysis, range))
      actions.push({
        title: fix.title,
        kind: 'quickfix',
        edit: versionedEdit(uri, analysis.version, fix.edits),
        data: { uri, version: analysis.version, opened } satisfies PinnedTo,
      });
  return actions;
}

/** Computes the action's edit on `analysis`, which must be the analysis of the version in its data. */
export function withEdit(action: CodeAction, analysis: Analysis): CodeAction {
  const data = action.data as LowerParams;
  const result = lowerWhereParsed(analysis, data.target, data.mode);
  if (!result.ok)
    return {
      ...action,
      disabled: { reason: plainReason(result.reasons.map((reason) => reason.message).join('; ')) },
    };
  return { ...action, edit: versionedEdit(data.uri, result.version, result.edits) };
}

/**
 * Whether the client asked for this kind. The file-wide source action is left out of automatic requests
 * (such as code actions on save) unless they name it exactly.
 */
function isRequested(kind: string, context: CodeActionContext): boolean {
  const only = context.only;
  if (!only || only.length === 0) return true;
  if (kind === lowerFileKind && context.triggerKind === CodeActionTriggerKind.Automatic)
    return only.includes(kind);
  return only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}
