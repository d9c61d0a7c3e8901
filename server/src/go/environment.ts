import { existsSync, readFileSync, statSync } from 'node:fs';
import { analyze, type Facts, type Finding, type RuleSetting } from '../engine';
import type { ToolchainInfo } from './toolchain';

/** Codes that concern the machine's go environment rather than a build file. */
export const ENVIRONMENT_CODES = ['XB401', 'XB402', 'XB403', 'XB404'];

/** The go env file of a toolchain (`go env GOENV`); undefined when go could not say or it is `off`. */
export function goEnvFile(info: ToolchainInfo | undefined): string | undefined {
  const path = info?.env?.GOENV;
  return path && path !== 'off' ? path : undefined;
}

/**
 * Findings of the go env file the toolchain uses, analysed as a goenv document (file = its path):
 * XB401, XB404 and every value rule. A missing file has nothing to say.
 */
export function environmentFindings(
  info: ToolchainInfo | undefined,
  opts: { facts: Facts; rules?: Record<string, RuleSetting>; log?: (m: string) => void },
): { file?: string; findings: Finding[] } {
  const file = goEnvFile(info);
  if (!file || !existsSync(file)) return { file, findings: [] };
  let text: string;
  try {
    if (statSync(file).size > 1024 * 1024) return { file, findings: [] };
    text = readFileSync(file, 'utf8');
  } catch (err) {
    opts.log?.(`xbd: cannot read the go env file ${file}: ${String(err)}`);
    return { file, findings: [] };
  }
  return { file, findings: analyze({ path: file, kind: 'goenv', text }, { facts: opts.facts, rules: opts.rules, log: opts.log }).findings };
}

/** `go env` as the user would read it: NAME=VALUE lines, sorted, values as go prints them. */
export function formatEnvironment(env: Record<string, string>): string {
  return Object.keys(env)
    .sort()
    .map((k) => `${k}=${env[k]}`)
    .join('\n');
}
