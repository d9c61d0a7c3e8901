/** Data shared by parsers, the build model, rules and adapters. Positions are 0-based, UTF-16, as in LSP. */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  isPreferred: boolean;
  edits: TextEdit[];
}

export interface RelatedInformation {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  file: string;
  range: Range;
  code: string;
  severity: Severity;
  message: string;
  fixes: Fix[];
  related?: RelatedInformation[];
}

export type DocumentKind = 'dockerfile' | 'makefile' | 'shell' | 'gomod' | 'goenv';

/** One document as the engine sees it: a path (or URI string), its kind and its current text. */
export interface SourceFile {
  path: string;
  kind: DocumentKind;
  text: string;
}

/** The host the user builds on, and what the workspace's own Go reports (when it could be run). */
export interface Facts {
  host: { goos: string; goarch: string };
  /** `go version` of the workspace's toolchain, e.g. "1.22"; undefined when unknown. */
  goVersion?: string;
  /**
   * The ports of that toolchain from `go tool dist list -json` (replace the embedded table for its
   * version); undefined when the workspace's go could not be asked.
   */
  ports?: readonly { goos: string; goarch: string; cgo: boolean; firstClass: boolean }[];
  /** The platform the user says the builds are for (status-bar picker, `--target`); undefined = host. */
  target?: { goos: string; goarch: string; variant?: string };
}
