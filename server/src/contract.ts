/**
 * The contract between the VS Code client, the language server and the CLI: protocol names, command ids,
 * the target grammar, the settings and the version. All three import this module, so none of them can
 * restate (and drift from) another. Plain TypeScript, no runtime dependency: the client bundle takes it
 * whole.
 */

import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { RuleSetting } from './engine/analyze';
import type { PortEntry } from './engine/targets';

export type { PortEntry, RuleSetting };

declare const XBD_VERSION: string | undefined;

/** package.json's version, put in at build time (scripts/build.mjs `define`). */
export const VERSION: string = typeof XBD_VERSION === 'string' ? XBD_VERSION : '0.0.0-dev';

// ---- Protocol: custom requests, notifications and commands -------------------------------------------

/** Request: the platforms the workspace builds for, and the ports of the Go in use (the picker's lists). */
export const WORKSPACE_PLATFORMS_REQUEST = 'xbd/workspacePlatforms';
/** Request: what a target means here (the status bar's tooltip), `{ target: '' | 'linux/arm64' }`. */
export const TARGET_INFO_REQUEST = 'xbd/targetInfo';
/** Request: the "Show Go environment" view, `{ uri }` → GoEnvironmentResult. */
export const GO_ENVIRONMENT_REQUEST = 'xbd/goEnvironment';
/** Notification to the client: the workspace's go or its environment changed (refetch the view, the status bar). */
export const GO_ENVIRONMENT_CHANGED = 'xbd/goEnvironmentChanged';

/** Commands the server executes (workspace/executeCommand). */
export const SERVER_COMMANDS = {
  /** `go env -u NAME…` for the workspace's go: arguments `[GoEnvUnsetArgs]`. */
  goEnvUnset: 'xbd.goEnvUnset',
  /** Opens a rule's documentation: arguments `[url]`. */
  openDocs: 'xbd.openDocs',
} as const;

/** Commands the VS Code client contributes (package.json `contributes.commands`). */
export const CLIENT_COMMANDS = {
  restartServer: 'xbd.restartServer',
  showOutput: 'xbd.showOutput',
  pickTarget: 'xbd.pickTarget',
  showGoEnvironment: 'xbd.showGoEnvironment',
} as const;

/** The read-only "Show Go environment" document's URI scheme. */
export const GO_ENVIRONMENT_SCHEME = 'xbd-goenv';

export interface WorkspacePlatforms {
  /** This machine: `linux/amd64`. */
  host: string;
  /** The target platform when none is picked: `linux/amd64 (this machine)`, `linux/arm64 (go env)`. */
  unpicked?: string;
  /** `1.22`, and where that comes from. */
  goVersion: string;
  goVersionBecause: string;
  /** Each platform once, with every place that names it (open documents first, then the workspace scan). */
  used: { platform: string; sources: { uri: string; line: number; what: string }[] }[];
  ports: PortEntry[];
}

export interface TargetInfo {
  /** The status item's text: `linux/arm64`, `linux/arm64 (go env)`, `linux/amd64 (this machine)`. */
  label: string;
  markdown: string;
  /** Set when the workspace's go is not in use: "go not found — using built-in Go 1.27 tables". */
  goNotice?: string;
}

export interface GoEnvUnsetArgs {
  names: string[];
  goenv?: string;
  /** Set by a client that asked the user itself (VS Code: a modal dialog); otherwise the server asks. */
  confirmed?: boolean;
}

export interface GoEnvironmentResult {
  uri: string;
  text: string;
  /** The go env file `go env -u` edits, when go named one. */
  goenv?: string;
  diagnostics: Diagnostic[];
  /** Every variable some finding would have removed: what "unset all" runs. */
  unset: string[];
}

export interface GoEnvironmentChangedParams {
  /** The go env file of the workspace's go, so the client can give it the goenv language. */
  goenv?: string;
}

// ---- Terms ------------------------------------------------------------------------------------------------

/**
 * The three platforms, named the same way on every surface (status item and its tooltip, picker, hovers,
 * inlay hints, messages, README). "host" is not one of them: it meant all three.
 */
export const PLATFORM_TERMS = {
  /** What go builds for: GOOS/GOARCH (Docker: TARGETPLATFORM). The picker's choice, else what go env says. */
  target: 'target platform',
  /** Where go runs: the machine that runs make or the script, or a Dockerfile stage's platform (BUILDPLATFORM when pinned to it). */
  build: 'build platform',
  /** The computer VS Code and the language server run on: whether a binary runs here, the go env file here. */
  machine: 'this machine',
} as const;

// ---- Target grammar -----------------------------------------------------------------------------------

/** A platform as Docker and the picker write it: `linux/arm64`, `linux/arm/v7`, `linux/arm64/v8.2`. */
export interface Target {
  goos: string;
  goarch: string;
  /** Docker's variant: v5–v7 for arm (GOARM), v1–v4 for amd64 (GOAMD64), v8.x/v9.x for arm64 (GOARM64). */
  variant?: string;
}

/** The `xbd.target` setting's pattern in package.json (a test checks it against parseTarget). */
export const TARGET_SETTING_PATTERN = '^([a-z0-9]+/[a-z0-9]+(/v[0-9]+(\\.[0-9]+)?)?)?$';

/**
 * `linux/arm/v7` → target; '' (the host) and anything malformed → undefined. Grammar only: whether Go has
 * the port or the variant is the engine's knowledge (rules report it; the CLI rejects it).
 */
export function parseTarget(text: string | undefined): Target | undefined {
  const m = /^([a-z0-9]+)\/([a-z0-9]+)(?:\/(v\d+(?:\.\d+)?))?$/.exec((text ?? '').trim());
  return m ? { goos: m[1], goarch: m[2], ...(m[3] ? { variant: m[3] } : {}) } : undefined;
}

export function formatTarget(t: Target): string {
  return [t.goos, t.goarch, t.variant].filter(Boolean).join('/');
}

// ---- Settings (section `xbd`) -------------------------------------------------------------------------

export const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Settings the server reads per resource; package.json declares the same keys with the same defaults. */
export interface Settings {
  rules: Record<string, RuleSetting>;
  debounceMs: number;
  maxFileSize: number;
  /** Globs of files not to analyse, relative to the workspace folder (see engine/glob.ts). */
  exclude: string[];
  /** Inlay hints on go commands: resolved target and cgo state. */
  inlayHints: boolean;
  /** The platform builds are analysed for (`linux/arm64`, `linux/arm/v7`); '' = the host. */
  target: string;
  /** The go binary to ask (`go version`, `go env -json`, `go tool dist list -json`); '' = Go extension's settings, else PATH. */
  goPath: string;
}

export const DEFAULT_SETTINGS: Settings = {
  rules: {},
  debounceMs: 200,
  maxFileSize: 2 * 1024 * 1024,
  exclude: [],
  inlayHints: true,
  target: '',
  goPath: '',
};

/** Settings only the VS Code client reads; the server never asks for them. */
export const CLIENT_SETTINGS = {
  /** Mirror the picked target into the workspace's `gopls` → `build.env`. */
  syncGopls: true,
} as const;

/** Accepts whatever the client sent and returns complete, valid settings. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [code, value] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && (RULE_SETTINGS as readonly string[]).includes(value)) rules[code.toUpperCase()] = value as RuleSetting;
    }
  }
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  return {
    rules,
    debounceMs: num(r.debounceMs, DEFAULT_SETTINGS.debounceMs),
    maxFileSize: num(r.maxFileSize, DEFAULT_SETTINGS.maxFileSize),
    exclude: Array.isArray(r.exclude) ? r.exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : DEFAULT_SETTINGS.exclude,
    inlayHints: typeof r.inlayHints === 'boolean' ? r.inlayHints : DEFAULT_SETTINGS.inlayHints,
    target: typeof r.target === 'string' && parseTarget(r.target) ? r.target.trim() : DEFAULT_SETTINGS.target,
    goPath: typeof r.goPath === 'string' ? r.goPath.trim() : DEFAULT_SETTINGS.goPath,
  };
}
