// The engine's entry points, shared by the language server, the CLI and the tests.
// Nothing here imports vscode or the LSP libraries.
export * from './types.ts';
export { initParser, PythonDocument } from './parse/document.ts';
export type { TextChange } from './parse/document.ts';
export { analyze, analyzeText } from './analysis.ts';
export type { Analysis } from './analysis.ts';
export { hoverAt } from './features/hover.ts';
export type { Hover } from './features/hover.ts';
export { inlayHints } from './features/inlayHints.ts';
export { setInputShapeActions } from './features/setInputShape.ts';
export { layerOpsPreview } from './features/opsPreview.ts';
export type { InlayHint } from './features/inlayHints.ts';
export { loweringOffers, lower } from './emit/lower.ts';
export { loweringOffersWhereParsed, lowerWhereParsed } from './partialLowering.ts';
export { staleHoverAt, staleInlayHints } from './features/staleView.ts';
export { applyEdits } from './emit/textEdits.ts';
export { toSummaryJson } from './report/summaryJson.ts';
export { activationCatalog, ruleCatalog } from './layers/catalog.ts';
export type { RuleDescription } from './layers/catalog.ts';
export { verifyPlan } from './verify/plan.ts';
export type { VerifyModelPlan, VerifyPlan, VerifyReport } from './verify/types.ts';
export { verificationPassed, verifyReportText } from './verify/report.ts';
export * from './notebook/index.ts';
