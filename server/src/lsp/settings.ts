import type { RuleSetting } from '../engine';

/** Settings the server reads per resource (section `xbd`); package.json declares the same keys. */
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

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Accepts whatever the client sent and returns complete, valid settings. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [code, value] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && SEVERITIES.has(value)) rules[code.toUpperCase()] = value as RuleSetting;
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

/** `linux/arm64`, `linux/arm/v7` → the target the engine analyses for; '' (host) and junk → undefined. */
export function parseTarget(text: string): { goos: string; goarch: string; variant?: string } | undefined {
  const m = /^([a-z0-9]+)\/([a-z0-9]+)(?:\/(v\d+))?$/.exec(text.trim());
  return m ? { goos: m[1], goarch: m[2], ...(m[3] ? { variant: m[3] } : {}) } : undefined;
}
