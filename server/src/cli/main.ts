import { resolve } from 'node:path';
import { VERSION } from '../contract';
import { initShellParser, parsePlatformArg, RULES, SUPPRESSION_CODE, type Facts, type Finding, type RuleSetting, type Severity } from '../engine';
import { hostPlatform } from '../go/toolchain';
import { cliEnvironment, envCommand, probeCliToolchain } from './env';
import { check, FAILURE_REASONS, SEVERITIES, UsageError, type CheckResult } from './check';
import { appliedLines, toGithub, toJson, toSarif, toText } from './format';
import { baselineWasmOnly } from '../wasm-tiering';

/** The exit statuses, as `xbd check --help` and the README list them. */
export const EXIT = { clean: 0, errors: 1, usage: 2, nothingAnalysed: 3, unreadable: 4 } as const;

const USAGE = `usage: xbd check [OPTIONS] [--] [PATH...]
       xbd env [--format text|json]
       xbd --version | --help

Checks Dockerfiles, Makefiles, shell build scripts and go env files for Go cross-build mistakes.
\`xbd check --help\` lists the options and exit statuses.`;

const CHECK_USAGE = `usage: xbd check [OPTIONS] [--] [PATH...]

Checks the build files under each PATH (default: .). Folders are walked (skipping .git, node_modules,
vendor); symbolic links are followed, each real file is checked once, and links that loop or repeat are
named on stderr and skipped.

Options:
  --format text|json|sarif|github  output (default text); github prints workflow commands (::error …)
  --fix                   apply the preferred fix of each reported error and warning, print each edit
  --fix-severity SEV      with --fix: lowest severity whose fixes are applied (error, warning,
                          information, hint; default warning)
  --rule CODE=SEV         set a rule's severity (error, warning, information, hint) or turn it off (off);
                          repeatable
  --exclude GLOB          skip matching files and folders (relative to the current directory); repeatable
  --host OS/ARCH          the machine that runs go (default: this one); decides cgo's default, and where
                          go run/go test can execute their binaries (XB503). --target is its old name
  --no-go                 never run go (otherwise \`go version\` with GOTOOLCHAIN=local, 5 s timeout)
  --                      end of options: what follows is a PATH even if it starts with -
  -h, --help              this help

Exit status:
  0  no error-severity finding
  1  at least one error-severity finding
  2  usage error (bad option or value, PATH does not exist) or internal error
  3  nothing was analysed (no build file found, or every one excluded or skipped)
  4  a path could not be read (or, with --fix, written); the others were still checked
     (4 wins over 1 and 3: the report is incomplete)`;

type Format = 'text' | 'json' | 'sarif' | 'github';
const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github'];
const SETTINGS: readonly RuleSetting[] = [...SEVERITIES, 'off'];
const CODES = [...RULES.map((r) => r.code), SUPPRESSION_CODE];

interface Args {
  format: Format;
  fix: boolean;
  fixSeverity: Severity;
  host?: { goos: string; goarch: string };
  noGo: boolean;
  rules: Record<string, RuleSetting>;
  exclude: string[];
  paths: string[];
  help: boolean;
  notes: string[];
}

function oneOf<T extends string>(what: string, value: string, valid: readonly T[]): T {
  if ((valid as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${what}: "${value}" is not one of ${valid.join(', ')}`);
}

function parseCheckArgs(argv: string[]): Args {
  const args: Args = { format: 'text', fix: false, fixSeverity: 'warning', noGo: false, rules: {}, exclude: [], paths: [], help: false, notes: [] };
  let fixSeveritySet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    }
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const noValue = () => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (flag) {
      case '-h':
      case '--help':
        args.help = true;
        break;
      case '--format':
        args.format = oneOf('--format', value(), FORMATS);
        break;
      case '--fix':
        noValue();
        args.fix = true;
        break;
      case '--fix-severity':
        args.fixSeverity = oneOf('--fix-severity', value(), SEVERITIES);
        fixSeveritySet = true;
        break;
      case '--no-go':
        noValue();
        args.noGo = true;
        break;
      case '--target':
      case '--host': {
        const parsed = parsePlatformArg(value());
        if ('error' in parsed) throw new UsageError(`${flag}: ${parsed.error}`);
        args.host = { goos: parsed.platform.goos, goarch: parsed.platform.goarch };
        if (flag === '--target') args.notes.push('xbd: --target is read as --host (the machine that runs go); use --host');
        break;
      }
      case '--rule': {
        const v = value();
        const m = /^([^=]+)=(.*)$/.exec(v);
        if (!m) throw new UsageError(`--rule takes CODE=SEVERITY, e.g. XB107=off; got "${v}"`);
        const code = m[1].trim().toUpperCase();
        if (!CODES.includes(code)) throw new UsageError(`--rule: unknown rule code "${m[1]}"; known codes: ${CODES.join(', ')}`);
        args.rules[code] = oneOf(`--rule ${code}`, m[2].trim().toLowerCase(), SETTINGS);
        break;
      }
      case '--exclude':
        args.exclude.push(value());
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option: ${a}`);
        args.paths.push(a);
    }
  }
  if (fixSeveritySet && !args.fix) throw new UsageError('--fix-severity needs --fix');
  if (!args.paths.length) args.paths.push('.');
  return args;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V' || command === 'version') {
    console.log(`xbd ${VERSION}`);
    return EXIT.clean;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(`${USAGE}\n\n${CHECK_USAGE}`);
    return EXIT.clean;
  }
  if (command === 'env') return envCommand(rest, __dirname);
  let args: Args;
  try {
    if (command !== 'check') throw new UsageError(command ? `unknown command: ${command}` : 'missing command');
    args = parseCheckArgs(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`xbd: ${err.message}\n${command === 'check' ? 'Run `xbd check --help` for the options.' : USAGE}`);
      return EXIT.usage;
    }
    throw err;
  }
  if (args.help) {
    console.log(CHECK_USAGE);
    return EXIT.clean;
  }
  for (const note of args.notes) console.error(note);
  await initShellParser(__dirname);
  const facts: Facts = { host: args.host ?? hostPlatform() };
  const log = (m: string) => console.error(m);
  // The go env file's findings (XB401-XB404, value rules), file = its path; --no-go runs no process.
  let environment: { file?: string; findings: Finding[] } = { findings: [] };
  if (!args.noGo) {
    const info = await probeCliToolchain();
    if (info.error && args.format === 'text') console.error(info.version ? `xbd: ${info.error}` : `xbd: ${info.error}; using embedded knowledge only`);
    environment = cliEnvironment(info, facts, args.rules, log);
  }
  let result: CheckResult;
  try {
    result = check(args.paths, {
      facts,
      rules: args.rules,
      fixSeverity: args.fix ? args.fixSeverity : undefined,
      log,
      exclude: args.exclude,
      // Each edit is printed as soon as its file is written; JSON carries them in `applied` instead.
      onApplied: (edits) => {
        const lines = appliedLines(edits).join('\n');
        if (args.format === 'text' || args.format === 'github') process.stdout.write(`${lines}\n`);
        else if (args.format === 'sarif') process.stderr.write(`${lines}\n`);
      },
      onSkipped: (s) => console.error(`xbd: ${s.file}: ${s.message}`),
    });
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`xbd: ${err.message}`);
      return EXIT.usage;
    }
    throw err;
  }
  // A go env file named on the command line was checked (and fixed) with the same facts: no second report.
  const envFile = environment.file && resolve(environment.file);
  if (envFile && environment.findings.length && !result.analysed.some((p) => resolve(p) === envFile)) {
    result = { ...result, findings: [...environment.findings, ...result.findings], analysed: [environment.file!, ...result.analysed] };
  }
  const run = { analysed: result.analysed.length, skipped: result.skipped, applied: result.applied };
  const out =
    args.format === 'json'
      ? toJson(result.findings, run)
      : args.format === 'sarif'
        ? toSarif(result.findings, VERSION)
        : args.format === 'github'
          ? toGithub(result.findings, run)
          : toText(result.findings, run);
  process.stdout.write(`${out}\n`);
  if (result.skipped.some((s) => FAILURE_REASONS.has(s.reason))) return EXIT.unreadable;
  if (result.findings.some((f) => f.severity === 'error')) return EXIT.errors;
  if (!result.analysed.length) {
    console.error('xbd: nothing was analysed: no build file found under the given paths, or every one was excluded or skipped');
    return EXIT.nothingAnalysed;
  }
  return EXIT.clean;
}

baselineWasmOnly();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // One line for the user; the stack only when asked for (XBD_DEBUG=1), never by default.
    const message = err instanceof Error ? err.message : String(err);
    console.error(`xbd: internal error: ${message}${process.env.XBD_DEBUG ? `\n${err instanceof Error ? err.stack : ''}` : ' (XBD_DEBUG=1 shows where)'}`);
    process.exitCode = EXIT.usage;
  },
);
