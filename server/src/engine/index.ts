/** The engine's public surface: adapters (LSP server, CLI) import from here only. */
export { analyze, type AnalyzeOptions, type Analysis, type RuleSetting } from './analyze';
export { detectKind } from './documents';
export { initShellParser } from './shell/parser';
export { RULES } from './rules';
export { docsUrl, PROJECT_URL, type Rule, type Witness } from './rules/rule';
export { applyOffsetEdits, LineIndex } from './text';
export { goModVersion } from './model/simple-models';
export type * from './types';
