import { cgoOnlyModule } from '../knowledge/cgo-modules';
import { subcommandDoes, type SubcommandRole } from '../knowledge/go-command';
import { cgoState } from '../model/cgo';
import { NEWEST_GO } from '../knowledge/go-versions';
import { BUILD_HOSTS, type BuildHost } from '../knowledge/hosts';
import type { Stage } from '../model/dockerfile-model';
import { buildFlag, extldflagsStatic, parseLinkerFlags, tagList } from '../model/ldflags';
import type { Artefact, Assignment, AssignmentKind, BuildModel, DockerfileModel, EnvContext, EnvEntry, GoCommand, GoTool, GoVersionSource } from '../model/types';
import { atOrBefore, type LineIndex } from '../text';
import type { Facts, Position, Range, RelatedInformation, TextEdit } from '../types';
import type { RuleContext } from './rule';
import { stageOf } from '../model/stages';

/** Rewrites an assignment's value in place, keeping the quotes it was written with. */
export function replaceValue(site: Assignment, value: string): TextEdit {
  const q = site.valueText[0];
  const quoted = (q === '"' || q === "'") && site.valueText.endsWith(q) && site.valueText.length >= 2;
  return { file: site.file, range: site.valueRange, newText: quoted ? `${q}${value}${q}` : value };
}

/** The blanks make keeps after a value (`GOARCH := arm64  # Pi`): before its comment or the end of its line. */
export interface TrailingBlanks {
  text: string;
  /** A comment follows them (else the line ends). */
  beforeComment: boolean;
  /** Removes them, and nothing else. */
  remove: TextEdit;
}

/** The blanks after a make assignment's value in the file analysed; undefined when there are none. */
export function makeTrailingBlanks(ctx: RuleContext, site: Assignment): TrailingBlanks | undefined {
  if (site.kind !== 'make' || site.file !== ctx.file.path) return undefined;
  const start = site.valueRange.end;
  const from = ctx.lines.offsetAt(start);
  const m = /^([ \t]+)(?:#.*)?$/.exec(ctx.file.text.slice(from, ctx.lines.lineEnd(start.line)));
  if (!m) return undefined;
  const end = { line: start.line, character: start.character + m[1].length };
  return { text: m[1], beforeComment: m[0].length > m[1].length, remove: { file: site.file, range: { start, end }, newText: '' } };
}

/**
 * Assignments of `names` whose value is known and written there (not copied from another build
 * variable's assignment, which is checked itself): the places value rules report.
 */
export function valueSites(model: BuildModel, names: readonly string[]): (Assignment & { value: string })[] {
  return model.assignments.filter(
    (a): a is Assignment & { value: string } =>
      names.includes(a.name) && a.value !== undefined && a.value !== '' && (a.literal || !a.fromSite),
  );
}

/**
 * Assignments of `names` whose value depends on the build machine (`GOARCH=$(shell uname -m)`), with the
 * build hosts on which it is not `valid`: value rules report those hosts' values.
 */
export function hostValueSites(model: BuildModel, names: readonly string[], valid: (value: string) => boolean): { site: Assignment; bad: { host: BuildHost; value: string }[] }[] {
  const out: { site: Assignment; bad: { host: BuildHost; value: string }[] }[] = [];
  for (const site of model.assignments) {
    if (!names.includes(site.name) || site.value !== undefined || !site.hostValues || (!site.literal && site.fromSite)) continue;
    const bad = BUILD_HOSTS.flatMap((host) => {
      const value = site.hostValues!.get(host.id);
      return value !== undefined && value !== '' && !valid(value) ? [{ host, value }] : [];
    });
    if (bad.length) out.push({ site, bad });
  }
  return out;
}

/** An entry's value on a build host: its own value when known, else the host's. */
export function valueOnHost(entry: EnvEntry | undefined, host: BuildHost): string | undefined {
  return entry?.value ?? entry?.hostValues?.get(host.id);
}

const contextIndex = new WeakMap<BuildModel, Map<Assignment, EnvContext[]>>();

/** The contexts (go commands, scopes) in which this assignment is the effective value. */
export function contextsOf(site: Assignment, model: BuildModel): EnvContext[] {
  let index = contextIndex.get(model);
  if (!index) {
    // Built once per model so rules stay linear in the size of the file.
    index = new Map();
    for (const c of model.contexts) {
      for (const e of c.env.values()) {
        // A copied value (`GOARCH=$2` in a function, `GOOS=$(GOOS)` in a recipe) acts where its copy does.
        for (let site = e.site, hops = 0; site && hops < 4; site = site.fromSite, hops++) {
          const list = index.get(site) ?? [];
          if (list[list.length - 1] !== c) list.push(c);
          index.set(site, list);
        }
      }
    }
    contextIndex.set(model, index);
  }
  return index.get(site) ?? [];
}

/** Sites that are a word a caller wrote: a function call's argument, make's `NAME=value`, a gox target. */
const CALLER_WORDS: ReadonlySet<AssignmentKind> = new Set(['argument', 'make-command-line', 'gox-target']);

/**
 * Where a value was written: for `GOARCH=$2` in a shell function, the argument of the call (one site per
 * call and value), which is what the user typed and what a fix edits; otherwise the assignment itself.
 */
export function writtenAt(site: Assignment): Assignment;
export function writtenAt(site: Assignment | undefined): Assignment | undefined;
export function writtenAt(site: Assignment | undefined): Assignment | undefined {
  return site?.fromSite && CALLER_WORDS.has(site.fromSite.kind) ? site.fromSite : site;
}

/** Whether `site` is written inside a make conditional (make's model reads both branches in turn). */
export function underMakeConditional(ctx: RuleContext, site: Assignment | undefined): boolean {
  return site !== undefined && ctx.model.rangeNotes?.get(site.nameRange, site.file)?.condition !== undefined;
}

/** The Go version a verdict about this assignment assumes: that of the first context it acts in. */
export function versionAt(site: Assignment, ctx: RuleContext): GoVersionSource {
  const first = contextsOf(site, ctx.model)[0];
  if (first) return first.goVersion;
  return ctx.model.contexts[0]?.goVersion ?? { version: NEWEST_GO, because: 'the newest Go this version of xbd knows' };
}

/**
 * The platform Go would target in a context: the explicit GOOS/GOARCH, else the host's. In a Dockerfile
 * the host is the Linux builder.
 */
export function targetOf(env: Map<string, EnvEntry>, ctx: RuleContext): { goos?: string; goarch?: string; explicit: boolean } {
  const host = hostOf(ctx.model, ctx.facts);
  const goos = env.get('GOOS');
  const goarch = env.get('GOARCH');
  return {
    goos: goos && goos.value !== '' ? goos.value : host.goos,
    goarch: goarch && goarch.value !== '' ? goarch.value : host.goarch,
    explicit: Boolean((goos && goos.value !== '') || (goarch && goarch.value !== '')),
  };
}

export function hostOf(model: BuildModel, facts: Facts): { goos: string; goarch: string } {
  return model.kind === 'dockerfile' ? { goos: 'linux', goarch: facts.host.goarch } : facts.host;
}

/** "Go 1.22 (golang:1.22-alpine on line 3)" — how messages name the version a verdict assumes. */
export function goLabel(v: GoVersionSource): string {
  return `Go ${v.version} (${v.because})`;
}

/**
 * The shape of every message: VS Code's Problems panel shows one line per problem and cuts the rest, so
 * the first sentence says what is wrong and what to do, and the whole message stays short. Evidence that
 * does not fit goes in the finding's related information and on the rule's docs page.
 */
export const MESSAGE_LIMITS = { firstSentence: 110, message: 160 } as const;

/**
 * A message: `lead` (what is wrong and what to do), then each piece of evidence, in order, that still fits
 * in MESSAGE_LIMITS.message (a long value in `lead` leaves less room; what is left out is in the docs).
 */
export function brief(lead: string, ...evidence: (string | false | undefined)[]): string {
  return fit(lead, ...evidence).message;
}

/** brief, and the evidence that did not fit (`rest`), for the finding's related information (see `notes`). */
export function fit(lead: string, ...evidence: (string | false | undefined)[]): { message: string; rest: string[] } {
  let message = lead;
  const rest: string[] = [];
  for (const e of evidence) {
    if (!e) continue;
    if (message.length + 1 + e.length <= MESSAGE_LIMITS.message) message += ` ${e}`;
    else rest.push(e);
  }
  return { message, rest };
}

/** Related information on the finding's own range: evidence the message had no room for. */
export function notes(file: string, range: Range, texts: string[]): RelatedInformation[] {
  return texts.map((message) => ({ file, range, message }));
}

/** A fix's title as the end of a message's lead: "Set CGO_ENABLED=0" → "set CGO_ENABLED=0". */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

/**
 * Where the Go version a message names comes from ("Go 1.22: golang:1.22-alpine on line 3"), as related
 * information on the finding's own range: the message itself stays short enough for the Problems panel.
 */
export function goVersionNote(file: string, range: Range, v: GoVersionSource): RelatedInformation {
  return { file, range, message: `Go ${v.version}: ${v.because}` };
}

/** Reports once per range: the same assignment can act in several contexts. */
export function once<T>(keyOf: (t: T) => string): (t: T) => boolean {
  const seen = new Set<string>();
  return (t) => {
    const k = keyOf(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  };
}

export function rangeKey(r: { start: { line: number; character: number } }): string {
  return `${r.start.line}:${r.start.character}`;
}

/**
 * The stage whose platform `index` runs on: BuildKit gives a stage built FROM another stage that
 * stage's platform (its own --platform is then ignored), so follow the chain to the image stage.
 */
export function platformStage(model: DockerfileModel, index: number): Stage {
  let stage = model.stages[index];
  for (let hops = 0; stage.parent !== undefined && hops < model.stages.length; hops++) stage = model.stages[stage.parent];
  return stage;
}

/** The stages each artefact is delivered to, indexed once: a Dockerfile of hundreds of stages has as many deliveries. */
export function deliveredTo(model: DockerfileModel): Map<Artefact, number[]> {
  const to = new Map<Artefact, number[]>();
  for (const d of model.deliveries) {
    const list = to.get(d.artefact);
    if (list) list.push(d.stageIndex);
    else to.set(d.artefact, [d.stageIndex]);
  }
  return to;
}

const sources = new WeakMap<DockerfileModel, Set<number>>();

/**
 * The stages another stage is built FROM or copies from (such a stage is no image: `--target` candidates are
 * the others), found once per model: rules ask per stage, and a generated Dockerfile has hundreds.
 */
export function sourceStages(model: DockerfileModel): Set<number> {
  let set = sources.get(model);
  // Stryker disable next-line ConditionalExpression: found again, the set is the same
  if (!set) {
    set = new Set();
    for (const s of model.stages) {
      // Stryker disable next-line ConditionalExpression: an undefined in the set is never asked for (stage indices are numbers)
      if (s.parent !== undefined) set.add(s.parent);
      for (const i of s.copiesFrom) set.add(i);
    }
    sources.set(model, set);
  }
  return set;
}

/** True when the Dockerfile's image can be built for several platforms: its last stage pins no constant one. */
export function multiPlatformImage(model: DockerfileModel): boolean {
  const last = model.stages[model.stages.length - 1];
  return last !== undefined && platformStage(model, last.index).runsOn !== 'constant';
}

/** The stage a Dockerfile line belongs to (undefined before the first FROM). */
export function stageAtLine(model: BuildModel, line: number): Stage | undefined {
  if (model.kind !== 'dockerfile') return undefined;
  // The last stage whose FROM starts at or above `line`: stages are in document order, so a binary search
  // (rules ask this per reference, and a generated Dockerfile has hundreds of stages).
  const stages = model.stages;
  let lo = 0;
  let hi = stages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (stages[mid].fromRange.start.line <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? stages[lo - 1] : undefined;
}

/**
 * The images a stage copies files from by name (`COPY --from=tonistiigi/xx:golang / /`), and the images of
 * the stages it copies from (`COPY --from=xx` with `FROM tonistiigi/xx:golang AS xx`). The model links
 * COPY --from only to stages, so the image names are read from the stage's own COPY lines.
 */
export function copiedImages(ctx: RuleContext<DockerfileModel>, stage: Stage): string[] {
  const { model, lines } = ctx;
  const out = stage.copiesFrom.map((i) => model.stages[i].image).filter((i): i is string => i !== undefined);
  const next = model.stages[stage.index + 1];
  const last = next ? next.fromRange.start.line : lines.lineCount;
  for (let line = stage.fromRange.start.line + 1; line < last; line++) {
    const text = lines.text.slice(lines.offsetAt({ line, character: 0 }), lines.lineEnd(line));
    const m = /^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*?--from=(["']?)([^\s"']+)\1(?:\s|$)/i.exec(text);
    if (m && !model.stages.some((s) => s.name === m[2].toLowerCase() || String(s.index) === m[2])) out.push(m[2]);
  }
  return out;
}

/** js/wasm and wasip1/wasm: no image platform executes these binaries (a browser or a wasm runtime does). */
export function wasmTarget(goos: string | undefined, goarch: string | undefined): boolean {
  return goarch === 'wasm' || goos === 'js' || goos === 'wasip1';
}

/**
 * True when a binary for goos/goarch that lands in stage `stageIndex` is never executed there: a wasm module,
 * or a binary for another OS than linux in a stage that only collects artefacts: FROM scratch (no shell, no
 * loader: only files to export, `docker build --output`), or a stage that receives binaries for several
 * operating systems (darwin and windows CLI builds gathered for download).
 */
export function neverExecutedIn(model: DockerfileModel, stageIndex: number, goos: string | undefined, goarch: string | undefined): boolean {
  if (wasmTarget(goos, goarch)) return true;
  if (!goos || goos === 'linux') return false;
  const root = platformStage(model, stageIndex);
  if (root.image === 'scratch') return true;
  const systems = new Set(
    model.deliveries.filter((d) => d.stageIndex === stageIndex).map((d) => d.artefact.command.env.get('GOOS')?.value || 'linux'),
  );
  return systems.size > 1;
}

/** "stage build (golang:1.22, line 3)" — how messages name a stage. */
export function stageLabel(stage: Stage): string {
  const image = stage.imageExpr ? `${stage.imageExpr}, ` : '';
  return `stage ${stage.name ?? stage.index} (${image}line ${stage.fromRange.start.line + 1})`;
}

/** Removes a FROM flag (`--platform=value`) and the blanks after it; the rest of the line stays as written. */
export function dropFlag(path: string, lines: LineIndex, flagRange: Range): TextEdit {
  const start = lines.offsetAt(flagRange.start);
  let end = lines.offsetAt(flagRange.end);
  while (lines.text[end] === ' ' || lines.text[end] === '\t') end++;
  return { file: path, range: lines.range(start, end), newText: '' };
}

/**
 * True when a Dockerfile shows it builds 32-bit ARM images: it names such a platform or image, sets
 * GOARCH=arm, or reads TARGETVARIANT. Only then do XB301/XB302 fixes add GOARM=${TARGETVARIANT#v}: for
 * other platforms the variant is empty or an amd64 level (linux/amd64/v3 → GOARM=3, rejected by Go 1.21-1.22).
 */
export function buildsArm32(text: string): boolean {
  return /\b(linux\/arm|arm\/v[5-7]|arm32v[5-7]|armv[5-7]l?|armhf|armel|GOARCH=["']?arm|TARGETVARIANT)\b/.test(text);
}

/**
 * Edits that make go commands of one Dockerfile stage build for the requested platform, Docker's way:
 * GOOS=$TARGETOS GOARCH=$TARGETARCH (and GOARM=${TARGETVARIANT#v} with `goarm`) on each command that
 * does not follow the target yet, and one bare ARG line for the names not declared before them. A
 * constant GOOS stays (GOOS=windows is deliberate, linux right); a constant GOARCH is rewritten only
 * where `replaceGoarch` says so (its binary lands in an image that follows the target, as XB306 judges).
 */
export function targetBuildEdits(
  stage: Stage,
  commands: import('../model/types').GoCommand[],
  opts: { goarm: boolean; replaceGoarch?: (command: import('../model/types').GoCommand) => boolean },
): TextEdit[] {
  // A loop walked once per value gives one command per value at the same place: edit that place once.
  const seenPlaces = new Set<string>();
  commands = commands.filter((c) => !seenPlaces.has(rangeKey(c.goRange)) && Boolean(seenPlaces.add(rangeKey(c.goRange))));
  const edits = new Map<string, TextEdit>();
  const add = (e: TextEdit) => edits.set(`${rangeKey(e.range)}:${e.newText}`, e);
  const declare = new Set<string>();
  let before = commands[0]?.range.start;
  const earlier = (p: Position) => {
    if (!before || !atOrBefore(before, p)) before = p;
  };
  for (const command of commands) {
    const prefix: string[] = [];
    const need = (arg: string) => {
      if (!command.env.has(arg)) declare.add(arg);
    };
    /** Makes `name` follow `arg`; false when a value of the user's is kept. */
    const follow = (name: string, arg: string): boolean => {
      const entry = command.env.get(name);
      if (entry && new RegExp(`\\$\\{?${arg}\\b`).test(entry.expr)) return need(arg), true;
      if (entry && entry.value !== '') {
        if (name !== 'GOARCH' || entry.value === undefined || !entry.site?.literal || !opts.replaceGoarch?.(command)) return false;
        add(replaceValue(entry.site, `$${arg}`));
        earlier(entry.site.range.start);
        return need(arg), true;
      }
      // Unset or empty: an empty prefix (`GOARCH= go build`) is filled in, anything else gets a prefix.
      if (entry?.site?.kind === 'prefix' && entry.site.literal) add(replaceValue(entry.site, `$${arg}`));
      else prefix.push(`${name}=$${arg}`);
      return need(arg), true;
    };
    follow('GOOS', 'TARGETOS');
    if (follow('GOARCH', 'TARGETARCH') && opts.goarm && !command.env.has('GOARM')) {
      prefix.push('GOARM=${TARGETVARIANT#v}');
      need('TARGETVARIANT');
    }
    if (prefix.length) add(command.insertBefore(`${prefix.join(' ')} `));
  }
  const names = ['TARGETOS', 'TARGETARCH', 'TARGETVARIANT'].filter((n) => declare.has(n));
  if (names.length) add(stage.declareArgs(names, before));
  return [...edits.values()];
}

/**
 * True when text can be put before the `go` word as a shell prefix: not in an exec-form RUN
 * (`RUN ["go", "build"]`), where `GOARCH=x go` would become part of the program name.
 */
export function canPrefix(command: GoCommand, lines: LineIndex): boolean {
  return lines.text[lines.offsetAt(command.goRange.start) - 1] !== '"';
}

/*
 * Editing the words of a go command (flag rules): a fix rewrites only the flag's word and keeps how
 * it is written (single or double quotes, bare, an exec-form JSON string), or edits the literal of
 * the variable the word expands (Word.source), or offers nothing.
 */

type CommandWord = import('../model/types').Word;

/** A go flag as written on a command: the `-name` word (or the one `-name=value` word) and a separate value word. */
export interface FlagWords {
  flag: CommandWord;
  value?: CommandWord;
}

export function flagWords(command: GoCommand, name: string): FlagWords | undefined {
  const w = command.flags.get(name);
  if (!w) return undefined;
  const i = command.args.findIndex((a) => rangeKey(a.range) === rangeKey(w.range));
  if (i < 0) return undefined;
  if (new RegExp(`^--?${name}(=|$)`).test(command.args[i].value ?? command.args[i].text)) return { flag: command.args[i] };
  return i > 0 ? { flag: command.args[i - 1], value: command.args[i] } : undefined;
}

function docText(ctx: RuleContext, r: Range): string {
  return ctx.file.text.slice(ctx.lines.offsetAt(r.start), ctx.lines.offsetAt(r.end));
}

/** A word of an exec-form RUN that is a JSON string of its own (`RUN ["go", "build", "-race"]`). */
function jsonWord(ctx: RuleContext, r: Range): boolean {
  const t = ctx.file.text;
  return t[ctx.lines.offsetAt(r.start) - 1] === '"' && t[ctx.lines.offsetAt(r.end)] === '"' && !docText(ctx, r).startsWith('"');
}

/** True inside the `sh -c` string of an exec-form RUN, where quotes we write must be JSON-escaped. */
function inJsonScript(ctx: RuleContext, r: Range): boolean {
  if (ctx.model.kind !== 'dockerfile') return false;
  for (let line = r.start.line; line >= 0; line--) {
    const text = docText(ctx, { start: { line, character: 0 }, end: line === r.start.line ? r.start : { line: line + 1, character: 0 } });
    const m = /^\s*RUN\s+(?:--\S+\s+)*(\S)/i.exec(text);
    // A JSON string first: `RUN [ "$CI" = true ] && …` is shell form (Docker runs what is no JSON array with a shell).
    if (m) return m[1] === '[' && /^\[\s*"(?:[^"\\]|\\.)*(?:"\s*(?:,|\]|\\?\s*$)|$)/.test(text.slice(m[0].length - 1));
    if (/^\s*[A-Z]+\s/i.test(text) && !/^\s*#/.test(text) && line !== r.start.line && !/\\\s*$/.test(text)) return false;
  }
  return false;
}

const jsonEscape = (s: string) => s.replace(/[\\"]/g, '\\$&');

/** `value` written as a shell word in the quote style `q` ('' = bare, quoted only if it must be). */
export function shellWord(value: string, q: string): string {
  if (q === "'" && !value.includes("'")) return `'${value}'`;
  if (q === '' && /^[\w@%+=:,./-]+$/.test(value)) return value;
  if (q === '' && !value.includes("'")) return `'${value}'`;
  return `"${value.replace(/[\\"$`]/g, '\\$&')}"`;
}

/** The quote character a value written inside this word should use for its own inner quoting. */
export function innerQuote(ctx: RuleContext, word: CommandWord): '"' | "'" {
  return quoting(docText(ctx, word.range))?.quote === '"' ? "'" : '"';
}

/**
 * Rewrites a literal command word so its value becomes `prefix + value` (`prefix` is `-ldflags=` for
 * the one-word form), in the word's own quoting. Undefined when the word is not written literally.
 */
export function rewriteWord(ctx: RuleContext, word: CommandWord, value: string, prefix = ''): TextEdit | undefined {
  const text = docText(ctx, word.range);
  if (/[$`]/.test(text)) return undefined;
  if (jsonWord(ctx, word.range)) return { file: ctx.file.path, range: word.range, newText: jsonEscape(prefix + value) };
  const style = quoting(text);
  if (!style) return undefined; // mixed quoting: leave it to the author
  let newText: string;
  if (style.prefix === '' && prefix) newText = shellWord(prefix + value, style.quote); // "-ldflags=-s -w" quoted whole
  else if (prefix && /^--?[A-Za-z][\w.-]*=$/.test(style.prefix)) newText = style.prefix + shellWord(value, style.quote);
  else if (!prefix && style.prefix === '') newText = shellWord(value, style.quote);
  else return undefined;
  return { file: ctx.file.path, range: word.range, newText: inJsonScript(ctx, word.range) ? jsonEscape(newText) : newText };
}

/** How a shell word is quoted: one quoted or bare part, optionally after a bare `-flag=` prefix. */
function quoting(text: string): { prefix: string; quote: '' | '"' | "'" } | undefined {
  const m = /^((?:--?[A-Za-z][\w.-]*=)?)(?:'([^']*)'|"((?:[^"\\]|\\.)*)")$/.exec(text);
  if (m) return { prefix: m[1], quote: m[2] !== undefined ? "'" : '"' };
  return /["']/.test(text) ? undefined : { prefix: '', quote: '' };
}

/**
 * Edit that gives a flag word the value `value`: in the word itself when it is written literally, else in
 * the literal of the variable it expands (`-ldflags "$(LDFLAGS)"` → the LDFLAGS line). Undefined otherwise.
 */
export function setFlagValue(ctx: RuleContext, command: GoCommand, name: string, value: string): TextEdit | undefined {
  const fw = flagWords(command, name);
  if (!fw) return undefined;
  const word = fw.value ?? fw.flag;
  const src = word.source;
  if (src) {
    if (!src.literal || src.value !== command.flags.get(name)?.value) return undefined;
    // make and go env files keep values verbatim; shell, ENV and ARG values are shell words.
    if (src.kind === 'make' || src.kind === 'goenv') return { file: src.file, range: src.valueRange, newText: src.kind === 'make' ? value.replace(/\$/g, '$$$$') : value };
    const q = /^["']/.exec(src.valueText)?.[0] ?? '';
    return { file: src.file, range: src.valueRange, newText: shellWord(value, q) };
  }
  return rewriteWord(ctx, word, value, fw.value ? '' : `-${name}=`);
}

/** The quote character to use inside the value of a flag (opposite of the quotes around it). */
export function flagInnerQuote(ctx: RuleContext, command: GoCommand, name: string): '"' | "'" {
  const fw = flagWords(command, name);
  const word = fw?.value ?? fw?.flag;
  if (!word) return '"';
  if (word.source) return word.source.kind === 'make' || word.source.kind === 'goenv' ? '"' : word.source.valueText.startsWith('"') ? "'" : '"';
  return innerQuote(ctx, word);
}

/**
 * Removes command words `first`..`last` (a flag and its value) without leaving a broken line. Undefined
 * when either is one of several words one written word became (`$FLAGS`): its text holds the others too.
 */
export function removeWords(ctx: RuleContext, first: CommandWord, last: CommandWord = first): TextEdit | undefined {
  if (first.shared || last.shared) return undefined;
  const t = ctx.file.text;
  let s = ctx.lines.offsetAt(first.range.start);
  let e = ctx.lines.offsetAt(last.range.end);
  if (jsonWord(ctx, first.range)) {
    // `"-race", ` in an exec-form RUN: the quotes and one comma go too.
    s--;
    e++;
    const after = /^\s*,[ \t]*/.exec(t.slice(e));
    if (after) e += after[0].length;
    else while (s > 0 && /[\s,]/.test(t[s - 1])) s--;
    return { file: ctx.file.path, range: ctx.lines.range(s, e), newText: '' };
  }
  const lineStart = t.lastIndexOf('\n', s - 1) + 1;
  const nl = t.indexOf('\n', e);
  const lineEnd = nl < 0 ? t.length : nl;
  const before = t.slice(lineStart, s);
  const after = t.slice(e, lineEnd).replace(/\r$/, '');
  const blanksAfter = /^[ \t]*/.exec(after)![0].length;
  const range = (a: number, b: number): TextEdit => ({ file: ctx.file.path, range: ctx.lines.range(a, b), newText: '' });
  // Another word follows on this line: take the blanks after.
  if (blanksAfter > 0 && blanksAfter < after.length && after[blanksAfter] !== '\\') return range(s, e + blanksAfter);
  if (/\S/.test(before)) {
    // Last word before the line end or its continuation: take the blanks before.
    while (s > lineStart && (t[s - 1] === ' ' || t[s - 1] === '\t')) s--;
    return range(s, e);
  }
  // Alone on a continuation line: drop the line.
  if (after.trim() === '\\') return range(lineStart, nl < 0 ? t.length : nl + 1);
  // Alone on the command's last line: drop it with the previous line's ` \`.
  let cut = lineStart - 1;
  if (t[cut - 1] === '\r') cut--;
  if (t[cut - 1] === '\\') cut--;
  while (cut > 0 && (t[cut - 1] === ' ' || t[cut - 1] === '\t')) cut--;
  return range(cut, e);
}

/** Inserts flag words right after the subcommand (`go build -tags netgo ...`), in the command's form. */
export function insertFlags(ctx: RuleContext, command: GoCommand, words: string[]): TextEdit | undefined {
  const first = command.args[0];
  if (!first) {
    const end = command.range.end;
    return { file: ctx.file.path, range: { start: end, end }, newText: ` ${words.map((w) => shellWord(w, '')).join(' ')}` };
  }
  const at = ctx.lines.offsetAt(first.range.start);
  if (jsonWord(ctx, first.range)) {
    return { file: ctx.file.path, range: ctx.lines.range(at - 1, at - 1), newText: words.map((w) => `"${jsonEscape(w)}", `).join('') };
  }
  const text = `${words.map((w) => shellWord(w, '')).join(' ')} `;
  return { file: ctx.file.path, range: ctx.lines.range(at, at), newText: inJsonScript(ctx, first.range) ? jsonEscape(text) : text };
}

/**
 * Sets CGO_ENABLED for one go command: rewrites its own prefix (`CGO_ENABLED=1 go build`), else adds
 * a prefix. Undefined in an exec-form RUN, which has no shell to read a prefix.
 */
export function setCgoFor(ctx: RuleContext, command: GoCommand, value: '0' | '1'): TextEdit | undefined {
  const site = command.env.get('CGO_ENABLED')?.site;
  if (site && (site.kind === 'prefix' || site.kind === 'env-command') && site.literal) return replaceValue(site, value);
  if (!canPrefix(command, ctx.lines)) return undefined;
  return command.insertBefore(`CGO_ENABLED=${value} `);
}

/**
 * What a go command builds for relative to the machine that runs it, which decides cgo's defaults and
 * whether the C compiler must be a cross one: `native`, `cross`, `per-target` (GOARCH=$TARGETARCH in a
 * $BUILDPLATFORM stage: native for the builder's own platform, cross for every other), or `unknown`.
 * A $BUILDPLATFORM builder is taken to be this machine (as hostOf does); a stage without --platform runs
 * on the target, whose architecture is not known statically.
 */
export interface BuildRelation {
  relation: 'native' | 'cross' | 'per-target' | 'unknown';
  /** The target, where known. */
  goos?: string;
  goarch?: string;
  /** The machine go runs on ("linux/amd64", "the builder"). */
  runner: string;
}

export function buildRelation(context: EnvContext, ctx: RuleContext): BuildRelation {
  const stage = stageOf(ctx.model, context);
  const platform = stage && ctx.model.kind === 'dockerfile' ? platformStage(ctx.model, stage.index) : undefined;
  const ran = stage ? undefined : context.runner;
  const runnerOs = stage ? 'linux' : ran ? ran.goos : ctx.facts.host.goos;
  const runnerArch = !platform
    ? ran ? ran.goarch : ctx.facts.host.goarch
    : platform.runsOn === 'constant'
      ? platform.platformValue?.split('/')[1]
      : platform.runsOn === 'build'
        ? ctx.facts.host.goarch
        : undefined;
  const runner = runnerArch ? `${runnerOs}/${runnerArch}` : platform?.runsOn === 'target' ? 'the target platform' : 'the builder';
  if (runnerOs === undefined) return { relation: 'unknown', runner };
  const goosEntry = context.env.get('GOOS');
  const goarchEntry = context.env.get('GOARCH');
  const followsOs = Boolean(stage && goosEntry && goosEntry.value === undefined && /^\$\{?TARGETOS\}?$/.test(goosEntry.expr.trim()));
  const followsArch = Boolean(stage && goarchEntry && goarchEntry.value === undefined && /^\$\{?TARGETARCH\}?$/.test(goarchEntry.expr.trim()));
  // $TARGETOS is linux for the Linux platforms Docker builds; the architecture decides.
  const goos = goosEntry && goosEntry.value !== '' ? (followsOs ? 'linux' : goosEntry.value) : runnerOs;
  if (goos === undefined) return { relation: 'unknown', runner };
  if (goos !== runnerOs) return { relation: 'cross', goos, goarch: goarchEntry?.value || runnerArch, runner };
  if (!goarchEntry || goarchEntry.value === '') return { relation: 'native', goos, goarch: runnerArch, runner };
  if (followsArch) {
    if (platform?.runsOn === 'target') return { relation: 'native', goos, runner };
    if (platform?.runsOn === 'build') return { relation: 'per-target', goos, runner };
    return { relation: 'unknown', goos, runner };
  }
  const goarch = goarchEntry.value;
  if (goarch === undefined || runnerArch === undefined) return { relation: 'unknown', goos, goarch, runner };
  return { relation: goarch === runnerArch ? 'native' : 'cross', goos, goarch, runner };
}

/**
 * True when a cgo build still gives a statically linked binary: the tags netgo AND osusergo (the
 * standard library then needs no C), or -extldflags "-static" (with -linkmode external it is static
 * for every program; without it XB212 reports the programs it does not reach).
 */
export function staticWithCgo(command: GoCommand): boolean {
  const tags = buildFlag(command, 'tags')?.value;
  const list = tags === undefined ? [] : tagList(tags);
  if (list.includes('netgo') && list.includes('osusergo')) return true;
  const ldflags = buildFlag(command, 'ldflags')?.value;
  return ldflags !== undefined && extldflagsStatic(parseLinkerFlags(ldflags));
}

/**
 * The go commands of the model that do `role` (knowledge/go-command.ts), each with the context it acts in,
 * each command once. `tools` widens the set to wrappers that run go with the same meaning (xx-go).
 */
export function goCommandsThat(model: BuildModel, role: SubcommandRole, tools: readonly GoTool[] = ['go']): readonly { context: EnvContext; command: GoCommand }[] {
  // Most rules ask, once per Go version of the range: the answer is kept per contexts list (a model's, or a
  // matrix leg's view), and made again if that list has grown since.
  const key = `${role} ${tools.join(' ')}`;
  let kept = commandsThat.get(model.contexts);
  if (!kept || kept.length !== model.contexts.length) commandsThat.set(model.contexts, (kept = { length: model.contexts.length, answers: new Map() }));
  const known = kept.answers.get(key);
  if (known) return known;
  const seen = new Set<GoCommand>();
  const out: { context: EnvContext; command: GoCommand }[] = [];
  for (const context of model.contexts) {
    const command = context.command;
    if (!command || seen.has(command) || !tools.includes(command.tool) || !subcommandDoes(command.subcommand, role)) continue;
    seen.add(command);
    out.push({ context, command });
  }
  kept.answers.set(key, out);
  return out;
}

const commandsThat = new WeakMap<readonly EnvContext[], { length: number; answers: Map<string, readonly { context: EnvContext; command: GoCommand }[]> }>();

/** "cgo is off (CGO_ENABLED=0)" / "cgo is off for every target other than the builder's own (…)"; undefined when on or unknown. */
export function cgoOffWhy(context: EnvContext, ctx: RuleContext): string | undefined {
  const state = cgoState(context, ctx.model, ctx.facts);
  if (state.state === 'off') return `cgo is off (${state.why})`;
  if (state.state === 'native-leg') return `cgo is off for every target platform other than the builder's own (${state.why})`;
  return undefined;
}

/**
 * Cgo packages outside the standard library that the module's code imports, which make Go link externally
 * whenever cgo is on (the internal linker handles only the standard library's cgo: net, os/user,
 * runtime/cgo). `certain` counts only what is sure to be compiled for every target: imports in files
 * without a build constraint, or, without a source scan, direct requirements of a cgo-only module. Without
 * `certain` anything that may be compiled counts too, the module's own `import "C"` files included.
 * Module-wide: which packages a command builds is not known, as for XB203.
 */
export function moduleCgoPackages(ctx: RuleContext, goos: string | undefined, certain: boolean): string[] {
  const module = ctx.module;
  if (!module) return [];
  const out = new Set<string>();
  const sites = module.importSites;
  for (const req of module.mod.requires) {
    const entry = cgoOnlyModule(req.path, module.imports);
    if (!entry || (goos && entry.exceptGoos?.includes(goos))) continue;
    if (sites === undefined) {
      if (!req.indirect && !entry.packageOnly) out.add(entry.path);
      continue;
    }
    const root = entry.packageOnly ? entry.path : req.path;
    if (sites.some((s) => (s.pkg === root || s.pkg.startsWith(`${root}/`)) && (!certain || !s.constraint))) out.add(entry.path);
  }
  if (!certain && module.cgoFiles.length) out.add(`the module's own import "C" (${module.cgoFiles[0].path})`);
  return [...out];
}

/**
 * `FROM arm64v8/alpine:3.19` → `FROM alpine:3.19`: the official image the namespace mirrors, which has every
 * platform. Only when the FROM line spells the namespace itself (not through an ARG).
 */
export function officialImageEdit(ctx: RuleContext, stage: Stage): { image: string; edit: TextEdit } | undefined {
  if (!stage.pinnedByImage) return undefined;
  const start = ctx.lines.offsetAt(stage.imageRange.start);
  const written = ctx.lines.text.slice(start, ctx.lines.offsetAt(stage.imageRange.end));
  const at = written.toLowerCase().search(new RegExp(`(^|/)${stage.pinnedByImage}/`));
  if (at < 0 || written.includes('$')) return undefined;
  const from = start + at + (written[at] === '/' ? 1 : 0);
  const cut = stage.pinnedByImage.length + 1;
  return { image: written.slice(0, from - start) + written.slice(from - start + cut), edit: { file: ctx.file.path, range: ctx.lines.range(from, from + cut), newText: '' } };
}

/** True when the artefact's binary is built for $TARGETARCH: from the arg, or natively in a stage on the target platform. */
export function followsTarget(model: DockerfileModel, artefact: Artefact): boolean {
  const goarch = artefact.command.env.get('GOARCH');
  if (goarch && goarch.value === undefined && /\$\{?TARGETARCH\b/.test(goarch.expr)) return true;
  return (!goarch || (goarch.value === '' && !goarch.expr.includes('$'))) && platformStage(model, artefact.stageIndex).runsOn === 'target';
}
