// The GitHub Action's entry point (action.yml runs it with the inputs as INPUT_* variables). It installs the
// CLI's npm package (the version of this action unless `package` names another), runs `xbd check --format
// json` in GITHUB_WORKSPACE, and then either writes SARIF for code scanning (`sarif-file`, a second run with
// `--format sarif`) or annotates the pull request with workflow commands; a summary table goes to
// GITHUB_STEP_SUMMARY, the counts to GITHUB_OUTPUT. The job fails when a finding is at or above `fail-on`.
// Plain Node, no dependencies: it runs from a checkout of this repository as it is.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SEVERITIES = ['error', 'warning', 'information', 'hint'];
const COMMAND = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };
/** Annotations GitHub shows per step and type are capped (10); the summary lists up to this many findings. */
const SUMMARY_ROWS = 100;

/** The inputs, from the INPUT_* variables action.yml sets. Lists are split on spaces and new lines. */
export function readInputs(env) {
  const list = (name) => (env[name] ?? '').split(/\s+/).filter(Boolean);
  const failOn = (env.INPUT_FAIL_ON || 'error').trim().toLowerCase();
  if (failOn !== 'never' && !SEVERITIES.includes(failOn)) throw new Error(`fail-on must be one of ${SEVERITIES.join(', ')} or never, not "${failOn}"`);
  const paths = list('INPUT_PATHS');
  return {
    paths: paths.length ? paths : ['.'],
    host: (env.INPUT_HOST ?? '').trim(),
    rules: list('INPUT_RULES'),
    exclude: list('INPUT_EXCLUDE'),
    failOn,
    sarifFile: (env.INPUT_SARIF_FILE ?? '').trim(),
    package: (env.INPUT_PACKAGE ?? '').trim(),
  };
}

/**
 * `npm install --global` of the CLI into a private prefix of the runner's temp folder; returns the xbd command.
 * A second step of the same job with the same package reuses it.
 */
function installCli(spec, prefix, log) {
  const bin = join(prefix, 'bin', process.platform === 'win32' ? 'xbd.cmd' : 'xbd');
  const marker = join(prefix, '.xbd-package');
  if (existsSync(bin) && existsSync(marker) && readFileSync(marker, 'utf8') === spec) return bin;
  log(`xbd: npm install ${spec}`);
  const r = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', spec], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (r.status !== 0 || !existsSync(bin)) throw new Error(`npm install ${spec} failed (${r.status ?? r.error?.message}): ${r.stderr}`);
  writeFileSync(marker, spec);
  return bin;
}

/** The arguments of `xbd check` for these inputs and format. */
export function checkArgs(inputs, format) {
  const args = ['check', '--format', format];
  if (inputs.host) args.push('--host', inputs.host);
  for (const r of inputs.rules) args.push('--rule', r);
  for (const g of inputs.exclude) args.push('--exclude', g);
  return [...args, ...inputs.paths];
}

function runXbd(bin, args, cwd) {
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, shell: process.platform === 'win32' });
  // 0: nothing at error severity, 1: something is; 3: nothing was analysed (no build file under the paths).
  if (r.status !== 0 && r.status !== 1 && r.status !== 3) throw new Error(`xbd ${args.join(' ')} failed (${r.status ?? r.error?.message}):\n${r.stderr}`);
  return r;
}

// Workflow commands: values escape %, CR and LF; properties also ':' and ','.
const escapeData = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** The path GitHub annotates: relative to the workspace, with '/' (a file outside it keeps its absolute path). */
function workspacePath(file, workspace) {
  const abs = isAbsolute(file) ? file : resolve(workspace, file);
  const rel = relative(workspace, abs);
  return rel.startsWith('..') || isAbsolute(rel) ? abs : rel.split(sep).join('/');
}

/** One workflow command per finding (the JSON has 0-based positions; annotations are 1-based). */
export function annotation(finding, workspace) {
  const { start, end } = finding.range;
  const props = [['file', workspacePath(finding.file, workspace)], ['line', start.line + 1], ['endLine', end.line + 1]];
  // Columns count only on a one-line annotation; endColumn is inclusive, the JSON's end is exclusive.
  if (start.line === end.line) props.push(['col', start.character + 1], ['endColumn', Math.max(end.character, start.character + 1)]);
  props.push(['title', finding.code]);
  const properties = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${COMMAND[finding.severity] ?? 'notice'} ${properties}::${escapeData(finding.message)}`;
}

const atOrAbove = (severity, failOn) => failOn !== 'never' && SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failOn);

/** The job summary: counts, then a table of the findings (Markdown). */
export function summary(findings, workspace, inputs) {
  const count = (s) => findings.filter((f) => f.severity === s).length;
  const cell = (s) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [
    '### Go Cross-Build Doctor',
    '',
    `${findings.length} finding(s): ${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} note(s) in ${inputs.paths.join(' ')}` +
      (inputs.failOn === 'never' ? '' : `; fails on ${inputs.failOn} and above`) + '.',
  ];
  if (findings.length) {
    lines.push('', '| where | rule | severity | message |', '|---|---|---|---|');
    for (const f of findings.slice(0, SUMMARY_ROWS)) {
      lines.push(`| ${cell(workspacePath(f.file, workspace))}:${f.range.start.line + 1} | ${f.code} | ${f.severity} | ${cell(f.message)} |`);
    }
    if (findings.length > SUMMARY_ROWS) lines.push('', `…and ${findings.length - SUMMARY_ROWS} more.`);
  }
  return `${lines.join('\n')}\n`;
}

export function main(env = process.env, log = (line) => console.log(line)) {
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const inputs = readInputs(env);
  const version = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')).version;
  const spec = inputs.package || `go-cross-build-doctor@${version}`;
  const prefix = join(env.RUNNER_TEMP || tmpdir(), 'xbd-cli');
  mkdirSync(prefix, { recursive: true });
  const bin = installCli(spec, prefix, log);

  const json = runXbd(bin, checkArgs(inputs, 'json'), workspace);
  if (json.stderr.trim()) log(json.stderr.trim());
  const { findings } = JSON.parse(json.stdout || '{"findings":[]}');
  if (json.status === 3 || !findings) log(`::warning title=xbd::no Dockerfile, Makefile, shell script or go env file under ${inputs.paths.join(' ')}`);
  const all = findings ?? [];

  const outputs = { findings: all.length, errors: all.filter((f) => f.severity === 'error').length, warnings: all.filter((f) => f.severity === 'warning').length };
  if (inputs.sarifFile) {
    const sarifPath = resolve(workspace, inputs.sarifFile);
    mkdirSync(dirname(sarifPath), { recursive: true });
    writeFileSync(sarifPath, runXbd(bin, checkArgs(inputs, 'sarif'), workspace).stdout);
    outputs['sarif-file'] = sarifPath;
    log(`xbd: wrote ${all.length} result(s) to ${sarifPath}`);
  } else {
    for (const f of all) log(annotation(f, workspace));
  }
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(''));
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary(all, workspace, inputs));

  const failing = all.filter((f) => atOrAbove(f.severity, inputs.failOn));
  if (failing.length) {
    log(`::error title=xbd::${failing.length} finding(s) at or above ${inputs.failOn}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (err) {
    console.log(`::error title=xbd::${escapeData(err instanceof Error ? err.message : String(err))}`);
    process.exitCode = 2;
  }
}
