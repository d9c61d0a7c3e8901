import { BUILD_HOSTS, type BuildHost } from '../knowledge/hosts';
import type { HostValues } from './types';
import { parseShell, type ShellNode } from '../shell/parser';

/**
 * Pipelines whose output depends on nothing but the machine they run on: `uname -m`, `arch`,
 * `dpkg --print-architecture`, `go env GOARCH`, optionally fed through the deterministic filters people
 * use to turn those names into Go's (`tr A-Z a-z`, `sed 's/x86_64/amd64/'`). Anything else (another
 * program, an expansion, a sed command we do not model) makes the whole pipeline unknown.
 */
export type HostPipeline = (host: BuildHost) => string | undefined;

type Stage = (input: string | undefined, host: BuildHost) => string | undefined;

const cache = new Map<string, HostPipeline | null>();

/** The pipeline in `text` (one pipeline, nothing else), or undefined when it is not a host pipeline. */
export function hostPipeline(text: string): HostPipeline | undefined {
  // Stryker disable all: the cache changes how often a text is compiled, never the pipeline it gives (the tests compile afresh)
  const key = text.trim();
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = compile(key) ?? null;
    if (cache.size > 500) cache.clear();
    cache.set(key, compiled);
  }
  // Stryker restore all
  return compiled ?? undefined;
}

/** Empties the cache of compiled pipelines: tests compile each text afresh, so that a change in compiling shows. */
// Stryker disable next-line BlockStatement: the cache changes how often a text is compiled, never the pipeline it gives
export function forgetHostPipelines(): void {
  cache.clear();
}

/**
 * The output of a host pipeline on each build host, when it is not the same on all of them (`uname -m`);
 * undefined when `text` is not a host pipeline or its output does not depend on the host.
 */
export function hostOutputs(text: string): HostValues | undefined {
  // Stryker disable next-line ConditionalExpression: compile() makes the same test; this one spares the cache lookup
  if (!mentionsHostCommand(text)) return undefined;
  const pipeline = hostPipeline(text);
  if (!pipeline) return undefined;
  const out = new Map<string, string>();
  for (const h of BUILD_HOSTS) {
    const v = pipeline(h)?.replace(/\n+$/, '');
    if (v !== undefined && !v.includes('\n')) out.set(h.id, v);
  }
  return out.size && (new Set(out.values()).size > 1 || out.size < BUILD_HOSTS.length) ? out : undefined;
}

/** Whether `text` names a program that reads the host (cheap test before parsing). */
export function mentionsHostCommand(text: string): boolean {
  return /\b(uname|arch|dpkg|go\s+env)\b/.test(text);
}

function compile(text: string): HostPipeline | undefined {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: every source program (source()) is a host command word; the test spares the parse
  if (!text || !mentionsHostCommand(text)) return undefined;
  const top = parseShell(text).namedChildren.filter((c) => c && c.type !== 'comment');
  if (top.length !== 1 || !top[0]) return undefined;
  const node = top[0];
  const commands = node.type === 'pipeline' ? node.namedChildren : node.type === 'command' ? [node] : [];
  if (!commands.length || commands.some((c) => c?.type !== 'command')) return undefined;
  const stages: Stage[] = [];
  for (const c of commands) {
    const argv = literalWords(c!);
    const stage = argv && stageOf(argv, stages.length === 0);
    if (!stage) return undefined;
    stages.push(stage);
  }
  return (host) => {
    let out: string | undefined;
    for (const s of stages) {
      out = s(out, host);
      if (out === undefined) return undefined;
    }
    return out;
  };
}

/** The words of a command when each is written without expansions (quotes removed); undefined otherwise. */
function literalWords(command: ShellNode): string[] | undefined {
  const out: string[] = [];
  for (const c of command.namedChildren) {
    if (!c) continue;
    const word = c.type === 'command_name' ? c.namedChildren.at(0) : c;
    if (!word) return undefined;
    const v = literal(word);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function literal(n: ShellNode): string | undefined {
  switch (n.type) {
    case 'word':
      return n.text.replace(/\\(.)/g, '$1');
    case 'raw_string':
      return n.text.slice(1, -1);
    case 'string':
      return n.namedChildren.every((c) => c?.type === 'string_content') ? n.text.slice(1, -1).replace(/\\([$`"\\])/g, '$1') : undefined;
    case 'concatenation': {
      let s = '';
      for (const c of n.namedChildren) {
        const v = c && literal(c);
        if (v === undefined) return undefined;
        s += v;
      }
      return s;
    }
    default:
      return undefined;
  }
}

/** One stage of the pipeline; `first` for the program that produces the text. */
function stageOf(argv: string[], first: boolean): Stage | undefined {
  const [program, ...args] = argv;
  if (first) return source(program, args);
  if (program === 'tr') return tr(args);
  if (program === 'sed') return sed(args);
  return undefined;
}

const UNAME_FIELDS: Record<string, (h: BuildHost) => string | undefined> = {
  s: (h) => h.unameS,
  m: (h) => h.unameM,
  p: (h) => h.unameP,
};

function source(program: string, args: string[]): Stage | undefined {
  if (program === 'uname') {
    const letters = args.length ? args.map((a) => (/^-[smp]+$/.test(a) ? a.slice(1) : a === '--kernel-name' ? 's' : a === '--machine' ? 'm' : a === '--processor' ? 'p' : '?')).join('') : 's';
    if (/[^smp]/.test(letters)) return undefined;
    // uname prints the fields in its own order, whatever the order of the options.
    const fields = ['s', 'm', 'p'].filter((f) => letters.includes(f));
    return (_in, h) => {
      const values = fields.map((f) => UNAME_FIELDS[f](h));
      return values.some((v) => v === undefined) ? undefined : values.join(' ');
    };
  }
  if (program === 'arch' && !args.length) return (_in, h) => (h.goos === 'darwin' ? (h.goarch === 'amd64' ? 'i386' : 'arm64') : h.unameM);
  if (program === 'dpkg' && args.length === 1 && args[0] === '--print-architecture') return (_in, h) => h.dpkg;
  if (program === 'go' && args[0] === 'env' && args.length === 2 && (args[1] === 'GOARCH' || args[1] === 'GOOS' || args[1] === 'GOHOSTARCH' || args[1] === 'GOHOSTOS')) {
    const arch = args[1].endsWith('ARCH');
    return (_in, h) => (arch ? h.goarch : h.goos);
  }
  return undefined;
}

/** `tr SET1 SET2` and `tr -d SET` with ranges (`A-Z`) and the classes [:upper:] / [:lower:]. */
function tr(args: string[]): Stage | undefined {
  if (args[0] === '-d' && args.length === 2) {
    const set = trSet(args[1]);
    return set ? (input) => (input === undefined ? undefined : [...input].filter((c) => !set.includes(c)).join('')) : undefined;
  }
  if (args.length !== 2) return undefined;
  const from = trSet(args[0]);
  const to = trSet(args[1]);
  if (!from || !to || !to.length) return undefined;
  return (input) => {
    // Stryker disable next-line ConditionalExpression: the pipeline stops at the first stage without output, so a filter always gets some
    if (input === undefined) return undefined;
    return [...input].map((c) => {
      const i = from.lastIndexOf(c);
      return i < 0 ? c : to[Math.min(i, to.length - 1)];
    }).join('');
  };
}

function trSet(spec: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < spec.length) {
    const cls = /^\[:(upper|lower|digit):\]/.exec(spec.slice(i));
    if (cls) {
      out.push(...range(cls[1] === 'upper' ? 'A' : cls[1] === 'lower' ? 'a' : '0', cls[1] === 'digit' ? '9' : cls[1] === 'upper' ? 'Z' : 'z'));
      i += cls[0].length;
      continue;
    }
    if (spec[i] === '[' || spec[i] === '\\') return undefined;
    if (spec[i + 1] === '-' && i + 2 < spec.length) {
      if (spec[i + 2] < spec[i]) return undefined;
      out.push(...range(spec[i], spec[i + 2]));
      i += 3;
      continue;
    }
    out.push(spec[i++]);
  }
  return out;
}

function range(a: string, b: string): string[] {
  const out: string[] = [];
  for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) out.push(String.fromCharCode(c));
  return out;
}

/** `sed [-e] SCRIPT` (also -E/-r) whose commands are all `s/re/replacement/[g]`. */
function sed(args: string[]): Stage | undefined {
  let extended = false;
  const scripts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-E' || a === '-r' || a === '--regexp-extended') extended = true;
    else if (a === '-e' && i + 1 < args.length) scripts.push(args[++i]);
    else if (a.startsWith('-')) return undefined;
    else if (!scripts.length) scripts.push(a);
    else return undefined; // a file operand (any operand after a script): sed reads that file, not the pipe
  }
  const subs: ((line: string) => string)[] = [];
  for (const script of scripts) {
    for (const cmd of splitSedScript(script)) {
      const s = substitution(cmd, extended);
      if (!s) return undefined;
      subs.push(s);
    }
  }
  if (!subs.length) return undefined;
  // Stryker disable next-line ConditionalExpression: the pipeline stops at the first stage without output, so a filter always gets some
  return (input) => (input === undefined ? undefined : input.split('\n').map((line) => subs.reduce((l, s) => s(l), line)).join('\n'));
}

/** Splits `s/a/b/;s/c/d/` into its commands (a `;` inside an s command's parts does not split). */
function splitSedScript(script: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i])) i++;
    if (i >= script.length) break;
    if (script[i] !== 's' || i + 1 >= script.length) {
      out.push(script.slice(i)); // not an s command: rejected by the caller
      break;
    }
    const delim = script[i + 1];
    let k = i + 2;
    let parts = 0;
    while (k < script.length && parts < 2) {
      if (script[k] === '\\') k++;
      else if (script[k] === delim) parts++;
      k++;
    }
    while (k < script.length && /[a-zA-Z0-9]/.test(script[k])) k++;
    out.push(script.slice(i, k));
    i = k;
  }
  return out;
}

function substitution(cmd: string, extended: boolean): ((line: string) => string) | undefined {
  if (cmd[0] !== 's' || cmd.length < 4) return undefined;
  const delim = cmd[1];
  const parts: string[] = [];
  let cur = '';
  let k = 2;
  for (; k < cmd.length && parts.length < 2; k++) {
    if (cmd[k] === '\\' && cmd[k + 1] === delim) {
      cur += delim;
      k++;
    } else if (cmd[k] === '\\' && k + 1 < cmd.length) {
      cur += cmd[k] + cmd[++k];
    } else if (cmd[k] === delim) {
      parts.push(cur);
      cur = '';
    } else cur += cmd[k];
  }
  if (parts.length !== 2) return undefined;
  const flags = cmd.slice(k);
  if (!/^g?$/.test(flags)) return undefined;
  const source = extended ? ereSource(parts[0]) : breSource(parts[0]);
  if (source === undefined) return undefined;
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch {
    return undefined;
  }
  const replacement = parts[1];
  if (/\\[^0-9&\\]/.test(replacement)) return undefined;
  return (line) =>
    line.replace(re, (...m: unknown[]) => {
      const groups = m.slice(0, -2) as (string | undefined)[];
      return replacement.replace(/\\([0-9&\\])|&/g, (all, esc: string | undefined) => (esc === undefined ? groups[0] ?? '' : esc === '&' || esc === '\\' ? esc : groups[Number(esc)] ?? ''));
    });
}

/** A POSIX basic regular expression as a JavaScript one (the subset build files use). */
function breSource(re: string): string | undefined {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      const n = re[++i];
      if (n === undefined) return undefined;
      if (n === '(' || n === ')' || n === '{' || n === '}' || n === '|' || n === '+' || n === '?') out += n;
      else if (/[.*[\]^$\\/]/.test(n)) out += `\\${n}`;
      else return undefined;
    } else if (c === '[') {
      const end = re.indexOf(']', i + 2);
      if (end < 0) return undefined;
      out += re.slice(i, end + 1).replace(/\\/g, '\\\\');
      i = end;
    } else if (c === '.' || c === '*' || (c === '^' && i === 0) || (c === '$' && i === re.length - 1)) out += c;
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

function ereSource(re: string): string | undefined {
  return /\\[^.*+?^${}()|[\]\\/]/.test(re) ? undefined : re;
}
