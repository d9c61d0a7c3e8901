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

export type DocumentKind = 'dockerfile' | 'makefile' | 'shell' | 'gomod' | 'goenv' | 'workflow' | 'bake' | 'goreleaser';

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
  /** What server/src/go found on disk about the go in use (XB402, XB403); undefined when not asked. */
  installation?: GoInstallation;
}

/**
 * The installation behind the go in use, gathered by server/src/go (stat, realpath, PATH): the engine
 * only reads it. Its findings belong on the go env file (`goenvFile`), where the environment's go.
 */
export interface GoInstallation {
  /** `go env GOENV`, or `go env` when that is off: the document these findings are reported on. */
  goenvFile: string;
  /** GOROOT as the user set it; absent when it is not set and go finds its own root. */
  goroot?: {
    value: string;
    /** The process environment go runs with, or a `GOROOT=` line of the go env file. */
    from: 'environment' | 'goenv';
    hasRuntime: boolean;
    hasGoCommand: boolean;
    /** First line of $GOROOT/VERSION (e.g. `go1.24.4`), when there is one. */
    release?: string;
    /** The go in use's own root (its `go env GOROOT` with GOROOT unset); undefined when unknown. */
    ownRoot?: string;
    /** Whether GOROOT resolves to ownRoot (realpath); undefined when ownRoot is unknown. */
    sameInstallation?: boolean;
  };
  /** Where `go install` writes commands (GOBIN, else the first GOPATH entry's bin) and whether PATH has it. */
  installDir?: { dir: string; from: 'GOBIN' | 'GOPATH'; onPath: boolean };
  /** The go in use, e.g. `go1.22.12`, for messages. */
  release?: string;
}

/**
 * One import of a package of a cgo-only module (CGO_MODULES) by a .go file of the main module: the
 * file (relative to the module root, '/'-separated) and its `//go:build` expression, if any. A plain
 * string in `goMod.imports` is a package imported by some file with no known constraint.
 */
export interface ModuleImport {
  pkg: string;
  file: string;
  constraint?: string;
}
