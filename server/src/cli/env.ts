import { initShellParser, type Facts, type Finding, type RuleSetting } from '../engine';
import { environmentFindings, formatEnvironment } from '../go/environment';
import { hostPlatform, probeToolchain, type ToolchainInfo } from '../go/toolchain';
import { toJson, toText } from './format';

/** How long the CLI waits for each go command (XBD_GO_TIMEOUT_MS overrides; tests use it). */
export function goTimeoutMs(): number {
  const n = Number(process.env.XBD_GO_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : 5000;
}

/** The go the CLI asks: $XBD_GO, else `go` on PATH; always GOTOOLCHAIN=local, bounded by a timeout. */
export function probeCliToolchain(): Promise<ToolchainInfo> {
  return probeToolchain(process.env.XBD_GO || 'go', process.cwd(), goTimeoutMs());
}

/** Facts from the toolchain's answer plus the findings of its go env file (`xbd check` without --no-go). */
export function cliEnvironment(info: ToolchainInfo, facts: Facts, rules: Record<string, RuleSetting>, log: (m: string) => void): { file?: string; findings: Finding[] } {
  if (info.version) {
    facts.goVersion = info.version;
    if (info.ports) facts.ports = info.ports;
    // Also for `xbd check` of the go env file itself: XB402/XB403 then fire there.
    if (info.installation) facts.installation = info.installation;
  }
  return environmentFindings(info, { facts, rules, log });
}

const ENV_USAGE = `usage: xbd env [--format text|json]

Shows the effective environment of the go found (XBD_GO, else go on PATH; run with GOTOOLCHAIN=local)
and the findings of its go env file.
Exit status: 0 no error-severity finding, 1 at least one, 2 go could not be run or a usage error.`;

/**
 * `xbd env [--format text|json]`: the effective environment of the go found (`go env -json`) and the
 * findings of its go env file. Exit 1 when a finding is an error, 2 when go cannot be run.
 */
export async function envCommand(argv: string[], dirname: string): Promise<number> {
  let format: 'text' | 'json' = 'text';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = a.startsWith('--format=') ? a.slice('--format='.length) : a === '--format' ? argv[++i] : undefined;
    if (a === '--help' || a === '-h') {
      console.log(ENV_USAGE);
      return 0;
    }
    if (value === 'text' || value === 'json') format = value;
    else {
      console.error(`xbd: usage: xbd env [--format text|json]`);
      return 2;
    }
  }
  await initShellParser(dirname);
  const info = await probeCliToolchain();
  if (!info.version) {
    console.error(`xbd: could not run go (${info.error}); nothing to show`);
    return 2;
  }
  if (info.error) console.error(`xbd: ${info.error}`);
  const facts: Facts = { host: hostPlatform() };
  const { file, findings } = cliEnvironment(info, facts, {}, (m) => console.error(m));
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ version: 1, go: info.version, goBin: info.goBin, goenv: file, env: info.env ?? {}, findings: JSON.parse(toJson(findings)).findings })}\n`);
  } else {
    const head = `# go ${info.version} (${info.goBin}); go env file: ${file ?? 'none'}`;
    process.stdout.write(`${head}\n${formatEnvironment(info.env ?? {})}\n\n${toText(findings, { analysed: file ? 1 : 0, skipped: [], applied: [] })}\n`);
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
