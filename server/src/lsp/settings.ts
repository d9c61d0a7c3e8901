import type { RuleSetting } from '../engine';

/** Settings the server reads per resource (section `xbd`); package.json declares the same keys. */
export interface Settings {
  rules: Record<string, RuleSetting>;
  debounceMs: number;
  maxFileSize: number;
}

export const DEFAULT_SETTINGS: Settings = {
  rules: {},
  debounceMs: 200,
  maxFileSize: 2 * 1024 * 1024,
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
  };
}
