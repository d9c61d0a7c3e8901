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
 * XB401, XB404, every value rule, and XB402/XB403 from the installation checked on disk. A missing
 * file has no lines of its own, but findings about the environment (GOROOT, PATH) still belong to it;
 * with GOENV=off they go on `go env`.
 */
export function environmentFindings(
  info: ToolchainInfo | undefined,
  opts: { facts: Facts; rules?: Record<string, RuleSetting>; log?: (m: string) => void },
): { file?: string; findings: Finding[] } {
  const installation = info?.installation;
  const file = goEnvFile(info) ?? installation?.goenvFile;
  if (!file) return { file, findings: [] };
  let text = '';
  try {
    if (existsSync(file)) {
      if (statSync(file).size > 1024 * 1024) return { file, findings: [] };
      text = readFileSync(file, 'utf8');
    }
  } catch (err) {
    opts.log?.(`xbd: cannot read the go env file ${file}: ${String(err)}`);
  }
  if (!text && !installation) return { file, findings: [] };
  const facts = installation ? { ...opts.facts, installation } : opts.facts;
  return { file, findings: analyze({ path: file, kind: 'goenv', text }, { facts, rules: opts.rules, log: opts.log }).findings };
}

/** `go env` as the user would read it: NAME=VALUE lines, sorted, values as go prints them. */
export function formatEnvironment(env: Record<string, string>): string {
  return Object.keys(env)
    .sort()
    .map((k) => `${k}=${env[k]}`)
    .join('\n');
}
