import { resolve } from 'node:path';
import { parseTarget, VERSION } from '../contract';
import { initShellParser, type Facts, type Finding, type RuleSetting } from '../engine';
import { hostPlatform } from '../go/toolchain';
import { cliEnvironment, envCommand, probeCliToolchain } from './env';
import { check, UsageError } from './check';
import { toJson, toSarif, toText } from './format';

const USAGE = `usage: xbd env [--format text|json]
       xbd check [--format text|json|sarif] [--fix] [--target OS/ARCH[/VARIANT]] [--no-go]
                 [--rule CODE=SEVERITY|off]... [--exclude GLOB]... PATH...

Checks Dockerfiles, Makefiles, shell build scripts and go env files for Go cross-build mistakes.
Exit status: 0 no error-severity finding, 1 at least one, 2 usage or internal error.`;

interface Args {
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  target?: { goos: string; goarch: string; variant?: string };
  noGo: boolean;
  rules: Record<string, RuleSetting>;
  exclude: string[];
  paths: string[];
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'check') throw new UsageError(command ? `unknown command: ${command}` : 'missing command');
  const args: Args = { format: 'text', fix: false, noGo: false, rules: {}, exclude: [], paths: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? rest[++i] ?? (() => { throw new UsageError(`${flag} needs a value`); })();
    switch (flag) {
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format: ${f}`);
        args.format = f;
        break;
      }
      case '--fix':
        args.fix = true;
        break;
      case '--no-go':
        args.noGo = true;
        break;
      case '--target': {
        const target = parseTarget(value());
        if (!target) throw new UsageError('--target takes OS/ARCH or OS/ARCH/VARIANT, e.g. linux/arm64 or linux/arm/v7');
        args.target = target;
        break;
      }
      case '--rule': {
        const m = /^(XB\d{3})=(error|warning|information|hint|off)$/i.exec(value());
        if (!m) throw new UsageError('--rule takes CODE=SEVERITY, e.g. XB107=off');
        args.rules[m[1].toUpperCase()] = m[2].toLowerCase() as RuleSetting;
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
  if (!args.paths.length) throw new UsageError('no PATH given');
  return args;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === 'version') {
    console.log(`xbd ${VERSION}`);
    return 0;
  }
  if (!argv.length || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(USAGE);
    return argv.length ? 0 : 2;
  }
  if (argv[0] === 'env') return envCommand(argv.slice(1), __dirname);
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`xbd: ${err.message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  await initShellParser(__dirname);
  const facts: Facts = { host: hostPlatform(), target: args.target };
  const log = (m: string) => console.error(m);
  // The go env file's findings (XB401-XB404, value rules), file = its path; --no-go runs no process.
  let environment: { file?: string; findings: Finding[] } = { findings: [] };
  if (!args.noGo) {
    const info = await probeCliToolchain();
    if (info.error && args.format === 'text') console.error(info.version ? `xbd: ${info.error}` : `xbd: ${info.error}; using embedded knowledge only`);
    environment = cliEnvironment(info, facts, args.rules, log);
  }
  let result;
  try {
    result = check(args.paths, { facts, rules: args.rules, fix: args.fix, log, exclude: args.exclude });
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`xbd: ${err.message}`);
      return 2;
    }
    throw err;
  }
  // A go env file named on the command line was checked (and fixed) with the same facts: no second report.
  const envFile = environment.file && resolve(environment.file);
  if (envFile && environment.findings.length && !result.checked.some((p) => resolve(p) === envFile)) {
    result = { ...result, findings: [...environment.findings, ...result.findings], files: result.files + 1 };
  }
  const out = args.format === 'json' ? toJson(result.findings) : args.format === 'sarif' ? toSarif(result.findings, VERSION) : toText(result.findings, result);
  process.stdout.write(`${out}\n`);
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`xbd: internal error: ${err instanceof Error ? err.stack : String(err)}`);
    process.exitCode = 2;
  },
);
