/** The engine's public surface: adapters (LSP server, CLI) import from here only. */
export { analyze, type AnalyzeOptions, type Analysis, type RuleSetting } from './analyze';
export { findingsAfterCommentEdit } from './comment-edit';
export { detectKind } from './documents';
export { initShellParser } from './shell/parser';
export { RULES } from './rules';
export { docsUrl, PROJECT_URL, type Rule, type Witness } from './rules/rule';
export { applyOffsetEdits, LineIndex, utf8Length } from './text';
export { goModVersion } from './model/simple-models';
export type * from './types';
export { ignoreLineEdit, readSuppressions, SUPPRESSION_CODE } from './suppressions';
export { compileGlobs, type GlobMatcher } from './glob';
export { CGO_MODULES, CGO_ONLY_PACKAGES } from './knowledge/cgo-modules';
export { parseGoMod } from './model/gomod';
export { explainAt, goCommandHints, type Explanation, type GoCommandHint } from './explain';
export { describeTarget, platformsUsed, portList, type PlatformUse, type PortEntry, type TargetDescription } from './targets';
export { defaultGoVersion, type IncludeReader } from './model/build-model';
export { parsePlatformArg, type Platform } from './platform-arg';
