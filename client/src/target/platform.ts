/**
 * The picked target as the client handles it, and what it writes into gopls's `build.env`. Pure: no
 * vscode import, so `npm test` runs it under plain node.
 */

import { formatTarget, type Target } from '../../../server/src/contract';

/** The status bar's text until the server says more: the picked target platform, or `linux/amd64 (this machine)`. */
export function statusLabel(target: Target | undefined, host: string): string {
  return target ? formatTarget(target) : `${host} (this machine)`;
}

/**
 * The go environment a target means: GOOS and GOARCH, plus the sub-architecture variable its Docker
 * variant maps to (arm/v6 → GOARM=6, as tonistiigi/xx maps it; amd64/v3 → GOAMD64=v3; arm64/v8.2 →
 * GOARM64=v8.2). `linux/arm` without a variant is Docker's arm/v7: GOARM=7.
 */
export function goEnvFor(t: Target): Record<string, string> {
  const env: Record<string, string> = { GOOS: t.goos, GOARCH: t.goarch };
  const n = t.variant?.replace(/^v/, '');
  if (t.goarch === 'arm') env.GOARM = n === '5' || n === '6' ? n : '7';
  else if (t.goarch === 'amd64' && n && /^[2-4]$/.test(n)) env.GOAMD64 = `v${n}`;
  else if (t.goarch === 'arm64' && n && /^[89](\.\d)?$/.test(n) && n !== '8') env.GOARM64 = n.includes('.') ? `v${n}` : `v${n}.0`;
  return env;
}

/** The keys the client may manage in build.env. */
export const MANAGED_KEYS = ['GOOS', 'GOARCH', 'GOARM', 'GOAMD64', 'GOARM64'] as const;

export interface EnvSync {
  /** The new build.env (undefined: remove the key altogether). */
  env: Record<string, unknown> | undefined;
  /** What the client wrote and now owns (remembered to undo it later). */
  written: Record<string, string>;
  /** Human summary: `GOOS=linux, GOARCH=arm64; removed GOARM`. Empty when nothing changes. */
  summary: string;
}

/**
 * Merges a target's variables into an existing build.env: other keys stay; keys the client wrote
 * before (`previous`) and that the user has not changed since are removed when the new target does not
 * set them, so going back to the host (`wanted` undefined) leaves build.env as the user had it. A key
 * the user set themselves is overwritten only while a target is picked and is then the client's.
 */
export function syncBuildEnv(current: Record<string, unknown> | undefined, wanted: Record<string, string> | undefined, previous: Record<string, string> = {}): EnvSync {
  const env: Record<string, unknown> = { ...(current ?? {}) };
  const removed: string[] = [];
  for (const [key, value] of Object.entries(previous)) {
    if (wanted && key in wanted) continue;
    if (env[key] === value) {
      delete env[key];
      removed.push(key);
    }
  }
  const set: string[] = [];
  const written: Record<string, string> = {};
  for (const [key, value] of Object.entries(wanted ?? {})) {
    if (env[key] !== value) set.push(`${key}=${value}`);
    env[key] = value;
    written[key] = value;
  }
  const summary = [set.join(', '), removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean).join('; ');
  return { env: Object.keys(env).length ? env : undefined, written, summary };
}

/** The workspace's `gopls` object with `build.env` replaced (other gopls keys untouched); undefined when empty. */
export function withBuildEnv(gopls: Record<string, unknown> | undefined, env: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const next: Record<string, unknown> = { ...(gopls ?? {}) };
  if (env) next['build.env'] = env;
  else delete next['build.env'];
  return Object.keys(next).length ? next : undefined;
}
