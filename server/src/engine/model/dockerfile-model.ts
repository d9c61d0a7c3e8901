import { type Env, type From, type Instruction, type Property, type Run, type Variable } from 'dockerfile-ast';
import { NEWEST_GO, toGoVersion } from '../knowledge/go-versions';
import { imageFacts, imagePlatform, imageWorkdir, installEffect, type Libc } from '../knowledge/images';
import { formatPlatform, parsePlatform } from '../knowledge/platforms';
import { isLiteral } from '../shell/walk';
import { BUILD_VARIABLE } from './go-command';
import { LineIndex, MappedText } from '../text';
import { comesBack } from '../shell/types';
import type { Position, Range, SourceFile, TextEdit } from '../types';
import type { ArgDefault, Artefact, Assignment, DockerfileModel, EnvEntry, FromVar, GoCommand, GoVersionSource, ModelOptions, Stage } from './types';
import type { ModelBuilder, Program } from './builder';
import { scriptOf } from './calls';
import { contextPath, joinPath, makeRun } from './make-in-run';
import './dockerfile-ast-memo';
import { keepReading, keptMemos, newReadingId, optionsKey, parseFrom, reusableStart, type Boundary, type Reading } from './dockerfile-prefix';
import { MemoUse, scopeInputs, type GlobalsRead } from './dockerfile-memo';

/** Instructions whose words BuildKit expands with the stage's ARG/ENV (ARG and ENV record theirs per property). */
const EXPANDS = new Set(['WORKDIR', 'COPY', 'ADD', 'USER', 'LABEL', 'EXPOSE', 'VOLUME', 'STOPSIGNAL']);

/** The automatic platform args BuildKit injects into the global scope. */
export const AUTOMATIC_PLATFORM_ARGS = [
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT',
] as const;

/** Their entries: the same objects in every reading, so what read them can be taken again (dockerfile-memo.ts). */
const AUTOMATIC_ENTRIES: readonly EnvEntry[] = AUTOMATIC_PLATFORM_ARGS.map((name) => ({ name, value: undefined, expr: `$${name}` }));

export type { ArgDefault, FromVar, GlobalArg, Stage, VariableReference } from './types';

/** Builds the model of a Dockerfile: stages in BuildKit's scoping, assignments, go commands in RUN. */
export function dockerfileModel(file: SourceFile, lines: LineIndex, options: ModelOptions, parts: ModelBuilder): DockerfileModel {
  const reader = readFromReusedStages(file, lines, options, parts) ?? readWhole(file, lines, options, parts);
  reader.finishStage();
  linkArtefacts(reader.model, reader.copies);
  if (options.keepReading === false) return reader.model;
  keepReading(file.path, {
    text: file.text,
    optionsKey: optionsKey(options),
    escapeChar: reader.escapeChar,
    lists: journal(reader).map((list) => [...list]),
    globals: reader.globals,
    contextCopies: reader.contextCopies,
    stageReadings: reader.finishReadings(),
    boundaries: reader.boundaries,
    memos: reader.memos.next,
    instructions: reader.instructions,
    lineCount: lines.lineCount,
  });
  return reader.model;
}

function readWhole(file: SourceFile, lines: LineIndex, options: ModelOptions, parts: ModelBuilder): DockerfileReader {
  const { read, all, escapeChar } = parseFrom(file.path, lines, undefined);
  const reader = new DockerfileReader(file, lines, options, parts, escapeChar);
  reader.instructions = all;
  for (const ins of read) reader.read(ins);
  return reader;
}

/**
 * An edit of the file read before (dockerfile-prefix.ts): the stages before the first one it touches are
 * taken from that reading, and only the text from that stage's FROM on is parsed and read. Undefined when
 * nothing can be reused.
 */
function readFromReusedStages(file: SourceFile, lines: LineIndex, options: ModelOptions, parts: ModelBuilder): DockerfileReader | undefined {
  const start = reusableStart(file.path, file.text, options);
  if (!start) return undefined;
  const { reading, boundary } = start;
  const { read, all, escapeChar } = parseFrom(file.path, lines, { boundary, escapeChar: reading.escapeChar });
  // The FROM that began the stage must begin the text now (it is re-read): else the whole file is read.
  // Stryker disable next-line OptionalChaining: the text from a boundary holds at least the instruction of its first line
  if (read[0]?.getKeyword() !== 'FROM' || read[0].getRange().start.line !== boundary.line) return undefined;
  const reader = new DockerfileReader(file, lines, options, parts, escapeChar);
  reader.instructions = all;
  reader.resume(reading, boundary);
  for (const ins of read) reader.read(ins);
  return reader;
}

type Handler = (r: DockerfileReader, ins: Instruction, stage: Stage) => void;

/** What each instruction inside a stage does to the model (FROM and ARG also run before the first FROM). */
const HANDLERS: Readonly<Record<string, Handler>> = {
  ENV: (r, ins) => r.remembered(ins, r.scope, () => r.env(ins as Env), '', 'names'),
  WORKDIR: (r, ins, stage) => {
    const dir = substitute(ins.getArgumentsContent() ?? '', r.scope);
    r.workdir = dir === undefined ? '' : joinPath(r.workdir, dir);
    stage.workdir = r.workdir;
  },
  COPY: (r, ins, stage) => r.copy(ins, stage),
  ADD: (r, ins, stage) => r.copy(ins, stage),
  RUN: (r, ins, stage) => r.run(ins as Run, stage),
};

/** The state of reading a Dockerfile top to bottom: BuildKit's global and stage scopes, the current stage. */
class DockerfileReader {
  readonly model: DockerfileModel;
  readonly copies: { stageIndex: number; from: string; sources: string[]; range: Range }[] = [];
  /** Per stage, the directories `COPY . DEST` put the build context in (a child stage has its parent's). */
  readonly contextCopies = new Map<number, string[]>();
  // Stryker disable next-line StringLiteral: from() sets it before any instruction of a stage reads it
  workdir = '/';
  readonly globals = new Map<string, EnvEntry>();
  stage: Stage | undefined;
  // Stryker disable next-line ArrayDeclaration: from() sets it before any ARG of a stage is pushed
  stageArgs: Instruction[] = [];
  scope = new Map<string, EnvEntry>();
  /** For the next reading of this file (dockerfile-prefix.ts): where each stage after the first starts. */
  boundaries: Boundary[] = [];
  stageReadings: number[][] = [];
  /** How many stages were taken from an earlier reading (resume). */
  private resumed = 0;
  readonly readingId = newReadingId();
  readonly memos: MemoUse;
  /** A stage read another file (make in RUN): the stages after it are read again next time. */
  readFiles = false;
  /** Every instruction of the text (parseFrom), for the next reading. */
  instructions: readonly Instruction[] = [];

  constructor(
    readonly file: SourceFile,
    readonly lines: LineIndex,
    readonly options: ModelOptions,
    readonly parts: ModelBuilder,
    readonly escapeChar: string,
  ) {
    this.model = { ...parts.base(), kind: 'dockerfile', stages: [], images: [], artefacts: [], deliveries: [], globalArgs: [], argDefaults: [] };
    for (const entry of AUTOMATIC_ENTRIES) this.globals.set(entry.name, entry);
    this.memos = new MemoUse(keptMemos(file.path, options), this.readingId, undefined);
  }

  /** Takes the stages before `boundary` from an earlier reading of the same text, and the scopes they leave. */
  resume(reading: Reading, boundary: Boundary): void {
    journal(this).forEach((list, i) => {
      for (const item of reading.lists[i].slice(0, boundary.lengths[i])) list.push(item);
    });
    // linkArtefacts fills copiesFrom again: the earlier model keeps its own.
    this.model.stages.forEach((stage, i) => (this.model.stages[i] = { ...stage, copiesFrom: [] }));
    this.globals.clear();
    for (const [name, entry] of reading.globals) this.globals.set(name, entry);
    for (const [stage, dirs] of reading.contextCopies) if (stage < boundary.lengths[0]) this.contextCopies.set(stage, [...dirs]);
    this.stageReadings = reading.stageReadings.slice(0, boundary.lengths[0]);
    this.resumed = this.stageReadings.length;
    // reusableStart took stages holding the objects of one reading: the memos this reading takes must be of that one.
    this.memos.older = this.stageReadings[0]?.[0];
    this.memos.keepAbove(reading.memos, boundary.line);
    // Stryker disable next-line EqualityOperator: keeping this boundary too only repeats it (reading its FROM records it again)
    this.boundaries = reading.boundaries.filter((b) => b.offset < boundary.offset);
  }

  /** Where the stage of `from` begins, and the state of reading there (the earlier stages finished). */
  private boundary(from: Instruction): Boundary {
    const line = from.getRange().start.line;
    return {
      offset: this.lines.offsetAt({ line, character: 0 }),
      line,
      lengths: journal(this).map((list) => list.length),
      readFiles: this.readFiles,
    };
  }

  read(ins: Instruction): void {
    const keyword = ins.getKeyword();
    if (keyword === 'FROM') return this.from(ins as unknown as From);
    if (keyword === 'ARG') {
      // declareArgs (the stage's quick fixes) looks through this reading's ARG instructions.
      if (this.stage) this.stageArgs.push(ins);
      return this.remembered(ins, this.stage ? this.scope : this.globals, () => this.arg(ins), `${this.stage?.index}`, 'entries');
    }
    const stage = this.stage;
    if (!stage) return;
    if (EXPANDS.has(keyword)) for (const v of ins.getVariables()) this.reference(v, keyword);
    HANDLERS[keyword]?.(this, ins, stage);
  }

  /** The stage's environment when it ends: one context when it sets build variables. */
  finishStage(): void {
    const stage = this.stage;
    if (!stage) return;
    stage.env = this.scope;
    if ([...this.scope.keys()].some((k) => BUILD_VARIABLE.test(k))) {
      this.model.contexts.push({ env: this.scope, goVersion: stage.goVersion, stageIndex: stage.index, where: describeStage(stage) });
    }
  }

  /** Records a variable an instruction of the current stage expands, and whether it has a value there. */
  reference(v: Variable, instruction: string, feeds?: string): void {
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(v.getName())?.[0];
    if (!this.stage || !name) return;
    this.stage.refs.push({ name, range: v.getRange(), instruction, declared: this.scope.has(name), global: this.globals.has(name), feeds });
  }

  /** The variables of `vars` that lie in the value of `prop`. */
  within(vars: Variable[], prop: Prop): Variable[] {
    return vars.filter((v) => {
      const at = this.lines.offsetAt(v.getRange().start);
      return prop.valueStart !== undefined && at >= prop.valueStart && at < (prop.valueEnd ?? prop.end);
    });
  }

  from(from: From): void {
    this.finishStage();
    const { model, globals, lines, escapeChar } = this;
    const ins = from as unknown as Instruction;
    if (model.stages.length) this.boundaries.push(this.boundary(ins));
    const imageExpr = from.getImage() ?? '';
    const image = substitute(imageExpr, globals);
    const parent = model.stages.find((s) => s.name !== undefined && image !== undefined && s.name === image.toLowerCase());
    // dockerfile-ast's getPlatformFlag() gives up when a FROM has several flags: look through them all.
    const flag = from.getPlatformFlag() ?? from.getFlags().find((f) => f.getName() === 'platform') ?? null;
    const imageRange = from.getImageRange() ?? ins.getRange();
    const args: Instruction[] = [];
    const platformExpr = flag?.getValue() ?? undefined;
    const platformValue = platformExpr ? substitute(platformExpr, globals) : undefined;
    // Stryker disable next-line StringLiteral: with no image the facts are not used (libc and cc are unknown below)
    const facts = parent ? { libc: parent.libc, cc: parent.cc } : imageFacts(image ?? '');
    // `FROM arm64v8/golang` runs on linux/arm64 like `FROM --platform=linux/arm64 golang` (a flag is left as written).
    const pinnedBy = !flag && !parent && image !== undefined ? imagePlatform(image) : undefined;
    const stage: Stage = {
      index: model.stages.length,
      name: from.getBuildStage()?.toLowerCase() ?? undefined,
      fromRange: ins.getRange(),
      imageExpr,
      image,
      imageRange,
      platform: flag ? { expr: flag.getValue() ?? '', range: flag.getValueRange() ?? flag.getRange(), flagRange: flag.getRange() } : undefined,
      runsOn: pinnedBy ? 'constant' : platformKind(platformExpr, platformValue),
      platformValue: pinnedBy ? pinnedBy.platform : platformValue !== undefined && parsePlatform(platformValue) ? formatPlatform(parsePlatform(platformValue)!) : undefined,
      ...(pinnedBy ? { pinnedByImage: pinnedBy.namespace } : {}),
      libc: image === undefined && !parent ? 'unknown' : facts.libc,
      cc: image === undefined && !parent ? undefined : facts.cc,
      crossCC: [...(parent?.crossCC ?? [])],
      glibcCompat: parent?.glibcCompat,
      // Stryker disable next-line StringLiteral: no name but golang's has a workdir of its own
      workdir: parent?.workdir ?? imageWorkdir(image ?? ''),
      parent: parent?.index,
      goVersion: parent ? parent.goVersion : imageGoVersion(image, imageExpr, imageRange, this.options),
      env: new Map(),
      declareArgs: argDeclarer(this.file, lines, ins, args, escapeChar),
      refs: [],
      copiesFrom: [],
      fromVars: [
        ...(flag?.getValueRange() ? fromVars(lines, flag.getValueRange()!, 'platform', escapeChar) : []),
        ...(from.getImageRange() ? fromVars(lines, imageRange, 'image', escapeChar) : []),
      ],
    };
    this.stage = stage;
    this.stageArgs = args;
    model.stages.push(stage);
    this.stageReadings.push([this.readingId]);
    model.images.push({ name: image ?? imageExpr, platform: stage.platform ? substitute(stage.platform.expr, globals) ?? stage.platform.expr : undefined, range: imageRange });
    this.scope = new Map(parent?.env ?? []);
    this.workdir = stage.workdir;
  }

  /**
   * Reads `ins` (`read` returns what a caller needs of it), or, when the previous reading read it at the same
   * place, with the same text, entering the same scopes, does what that reading did with the same objects
   * (dockerfile-memo.ts). `written` is the scope it sets, if any; `extra` what else its reading depends on; `globals`
   * what it reads of the global scope.
   */
  remembered<T>(ins: Instruction, written: Map<string, EnvEntry> | undefined, read: () => T, extra: string, globals: GlobalsRead): T {
    // A reading nobody keeps needs no memos (~a fifth of opening a 200-line Dockerfile).
    // Stryker disable next-line ConditionalExpression,BooleanLiteral: memos made or not change only the work of this reading and the next
    if (this.options.keepReading === false) return read();
    const range = ins.getRange();
    const place = `${ins.getKeyword()} ${range.start.line}:${range.start.character}`;
    const text = `${this.escapeChar}\u0000${extra}\u0000${this.lines.text.slice(this.lines.offsetAt(range.start), this.lines.offsetAt(range.end))}`;
    const inputs = scopeInputs(this.scope, this.globals, globals);
    const lists = this.memoLists();
    const memo = this.memos.take(place, text, inputs);
    if (memo) {
      for (const [i, items] of memo.appended) for (const item of items) lists[i].push(item);
      // Stryker disable next-line OptionalChaining: only a memo of an instruction that writes a scope has sets
      for (const [name, entry] of memo.sets) written?.set(name, entry);
      return memo.result as T;
    }
    const lengths = lists.map((list) => list.length);
    const before = written && new Map(written);
    const result = read();
    const appended: [number, unknown[]][] = [];
    lists.forEach((list, i) => list.length > lengths[i] && appended.push([i, list.slice(lengths[i])]));
    const sets = before ? [...written!].filter(([name, entry]) => before.get(name) !== entry) : [];
    this.memos.keep(place, { line: range.start.line, text, inputs, appended, sets, result });
    return result;
  }

  /** The lists reading an instruction appends to: the journal's (but the builder's lists of unique texts) and the stage's references. */
  private memoLists(): unknown[][] {
    const { cut, sourced } = this.parts;
    return [...journal(this).filter((list) => list !== cut && list !== sourced), this.stage?.refs ?? []];
  }

  /** Per stage, the readings whose objects it holds (dockerfile-prefix.ts): a stage read now may hold the older one's. */
  finishReadings(): number[][] {
    const older = this.memos.older;
    return this.stageReadings.map((ids, i) => (i < this.resumed || older === undefined ? ids : [...ids, older]));
  }

  /** ARG before the first FROM (global scope) or in a stage. */
  arg(ins: Instruction): void {
    const { model, stage, lines } = this;
    const props = argProperties(ins, lines, this.escapeChar);
    if (!stage) model.globalArgs.push(...props.map((p) => ({ name: p.name, value: p.value, instruction: ins.getRange() })));
    const vars = stage ? ins.getVariables() : [];
    for (const prop of props) {
      let entry: EnvEntry;
      if (prop.value !== undefined) {
        model.argDefaults.push({
          name: prop.name,
          stageIndex: stage?.index,
          range: lines.range(prop.start, prop.end),
          defaultRange: lines.range(prop.nameStart + prop.name.length, prop.end),
          value: prop.value,
        });
        for (const v of this.within(vars, prop)) this.reference(v, 'ARG', prop.name);
        entry = this.property(ins, prop, props, 'dockerfile-arg', prop.value, stage ? this.scope : this.globals);
      } else {
        // `ARG NAME` in a stage makes the global value (or an injected build arg) visible.
        entry = this.globals.get(prop.name) ?? { name: prop.name, value: undefined, expr: `$${prop.name}` };
      }
      // A build arg every build of the plan passes replaces the default (unknown when the builds disagree).
      const given = this.options.buildArgs;
      if (given?.has(prop.name) && (prop.value !== undefined || !stage || !this.globals.has(prop.name))) {
        const value = given.get(prop.name);
        entry = { name: prop.name, value, expr: value ?? `$${prop.name}`, definition: entry.definition ?? entry.site };
      }
      if (stage) this.scope.set(prop.name, entry);
      else this.globals.set(prop.name, entry);
    }
  }

  env(ins: Env): void {
    const props = ins.getProperties().map((p) => envProperty(p, this.lines));
    const vars = ins.getVariables();
    for (const prop of props) {
      for (const v of this.within(vars, prop)) this.reference(v, 'ENV', prop.name);
      this.scope.set(prop.name, this.property(ins, prop, props, 'dockerfile-env', prop.value ?? '', this.scope));
    }
  }

  /** The entry of an ENV or ARG property with a value, and its site when it is a build variable. */
  property(ins: Instruction, prop: Prop, props: Prop[], kind: 'dockerfile-env' | 'dockerfile-arg', text: string, scope: Map<string, EnvEntry>): EnvEntry {
    const refs: EnvEntry[] = [];
    const value = substitute(text, scope, refs);
    const site = BUILD_VARIABLE.test(prop.name) ? propertySite(this.file, this.lines, ins, prop, props, kind, value, refs) : undefined;
    if (site) this.model.assignments.push(site);
    // The value this one replaces in the scope comes back if this one is removed.
    const replaced = scope.get(prop.name)?.site;
    if (site && replaced) site.hides = comesBack(replaced);
    const definition = site ?? propertySite(this.file, this.lines, ins, prop, props, kind, value, refs);
    return { name: prop.name, value, expr: text, site, definition };
  }

  copy(ins: Instruction, stage: Stage): void {
    const copy = copyFrom(ins, this.lines, this.scope);
    if (copy) this.copies.push({ stageIndex: stage.index, ...copy });
    else {
      const words = copyWords(ins, this.lines);
      const dest = words && words.length >= 2 ? substitute(words[words.length - 1], this.scope) : undefined;
      if (words && dest && this.workdir && words.slice(0, -1).some((w) => w === '.' || w === './')) {
        const list = this.contextCopies.get(stage.index) ?? [...(stage.parent !== undefined ? this.contextCopies.get(stage.parent) ?? [] : [])];
        list.push(joinPath(this.workdir, dest));
        this.contextCopies.set(stage.index, list);
      }
    }
  }

  /** RUN: its mounts from other stages, then its script walked with the stage's environment. */
  run(ins: Run, stage: Stage): void {
    // `RUN --mount=from=build,source=/out/app,target=/app ...` brings another stage's file in, like COPY --from.
    for (const flag of ins.getFlags()) {
      if (flag.getName() !== 'mount') continue;
      const opts = new Map((flag.getValue() ?? '').split(',').map((kv) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)] as [string, string]));
      const from = opts.get('from');
      if (!from || (opts.has('type') && opts.get('type') !== 'bind')) continue;
      this.copies.push({ stageIndex: stage.index, from: substitute(from, this.scope) ?? from, sources: [opts.get('source') ?? opts.get('src') ?? '/'], range: ins.getRange() });
    }
    const source = runScript(ins, this.lines, this.escapeChar);
    if (!source) return;
    const place = { goVersion: stage.goVersion, where: describeStage(stage), stageIndex: stage.index };
    const walk = () => this.parts.walk({ file: this.file.path, lines: this.lines, source, env: this.scope, closed: true }, place);
    // The script's text and where it starts (a heredoc's body lies below the instruction) besides the instruction's.
    const at = this.lines.positionAt(source.origin(0));
    const result = this.remembered(ins, undefined, walk, `${at.line}:${at.character}\u0000${JSON.stringify(place)}\u0000${source.text}`, 'none');
    // A walk taken from its memo adds nothing to the builder's cuts (a list of unique phrases): note them here.
    this.parts.noteCuts(result.cut);
    for (const r of result.references) stage.refs.push({ name: r.name, range: r.range, instruction: 'RUN', declared: r.bound, global: this.globals.has(r.name), feeds: r.feeds });
    for (const call of result.others) {
      const effect = installEffect(call.name, call.args);
      if (effect?.nativeCC) stage.cc = true;
      else if (effect?.ccUnknown && stage.cc === false) stage.cc = undefined;
      if (effect?.crossCC) stage.crossCC.push(...effect.crossCC);
      if (effect?.glibcCompat) stage.glibcCompat = true;
    }
    // In order: a binary that a later `mv`/`cp` of the same RUN moves or copies is found at its new place.
    const written: Artefact[] = [];
    for (const run of result.runs) {
      if ('goRange' in run) {
        const artefact: Artefact = { command: run, stageIndex: stage.index, path: outputPath(run, this.workdir) };
        written.push(artefact);
        this.model.artefacts.push(artefact);
      } else if (run.name === 'mv' || run.name === 'cp' || run.name === 'install') moveArtefacts(written, run, this.workdir);
      else if (run.name === 'make' || run.name === 'gmake') this.make(run, stage, written);
      else this.script(run, stage);
    }
  }

  /**
   * `RUN ./build.sh`, `RUN bash scripts/build.sh`: a script of the build context the stage copied in, run with
   * the stage's environment, in a Linux container (its architecture is the stage's platform: unknown here).
   * A call the analysis follows (follow/): the script's findings land in the script.
   */
  private script(run: Program, stage: Stage): void {
    const script = scriptOf(run);
    if (script === undefined || !this.workdir || run.cwd === undefined) return;
    const context = this.contextCopies.get(stage.index) ?? (stage.parent !== undefined ? this.contextCopies.get(stage.parent) : undefined) ?? [];
    const cwd = joinPath(this.workdir, run.cwd || '.');
    const name = contextPath(joinPath(cwd, script), context);
    const at = contextPath(cwd, context);
    if (name === undefined || at === undefined) return;
    this.parts.calls.push({ kind: 'shell', names: [name], cwd: at, targets: [], env: run.env, range: run.range, where: describeStage(stage), runner: { goos: 'linux' } });
  }

  /** `make TARGET` in a RUN: the target's go commands, read from the Makefile the stage copied in (make-in-run.ts). */
  private make(run: Program, stage: Stage, written: Artefact[]): void {
    this.readFiles = true;
    const context = this.contextCopies.get(stage.index) ?? (stage.parent !== undefined ? this.contextCopies.get(stage.parent) : undefined) ?? [];
    const found = makeRun(run, this.file.path, this.workdir, context, { ...this.options, goVersion: stage.goVersion }, this.parts.notes);
    if (!found) return;
    (this.model.included ??= []).push(found.path);
    for (const command of found.commands) {
      this.parts.commands.push(command);
      this.model.contexts.push({ env: command.env, goVersion: stage.goVersion, command, stageIndex: stage.index, where: `${describeStage(stage)}, make in ${found.path.slice(found.path.lastIndexOf('/') + 1)}` });
      const artefact: Artefact = { command, stageIndex: stage.index, path: outputPath(command, found.dir) };
      written.push(artefact);
      this.model.artefacts.push(artefact);
    }
  }
}

/**
 * Every list reading a Dockerfile appends to, in a fixed order (the stages first): what a later reading
 * takes from this one. model.assignments, commands, contexts, lost and calls are the builder's.
 */
function journal(r: DockerfileReader): unknown[][] {
  const { model, parts } = r;
  return [model.stages, model.images, model.globalArgs, model.argDefaults, model.artefacts, parts.assignments, parts.commands, parts.contexts, parts.lost, parts.calls, parts.images, parts.bakes, parts.sourced, parts.cut, r.copies];
}

/** The variable references in a FROM word (a `$` after the escape character is literal). */
function fromVars(lines: LineIndex, range: Range, part: FromVar['part'], escapeChar: string): FromVar[] {
  const start = lines.offsetAt(range.start);
  const text = lines.text.slice(start, lines.offsetAt(range.end));
  const out: FromVar[] = [];
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // Stryker disable next-line EqualityOperator: text[-1] is undefined, never the escape character
    if (m.index > 0 && text[m.index - 1] === escapeChar) continue;
    out.push({ name: m[1] ?? m[2], text: m[0], range: lines.range(start + m.index, start + m.index + m[0].length), part });
  }
  return out;
}

function platformKind(expr: string | undefined, value: string | undefined): Stage['runsOn'] {
  if (expr === undefined) return 'target';
  const bare = expr.replace(/^\$\{?|\}?$/g, '');
  if (bare === 'TARGETPLATFORM') return 'target';
  if (bare === 'BUILDPLATFORM') return 'build';
  return value !== undefined && parsePlatform(value) ? 'constant' : 'other';
}

/** The stage each COPY --from names (by name or index), and the artefacts it brings. */
function linkArtefacts(model: DockerfileModel, copies: { stageIndex: number; from: string; sources: string[]; range: Range }[]): void {
  // Indexed once: a Dockerfile of hundreds of stages has hundreds of copies.
  const named = new Map<string, Stage>();
  // Stryker disable next-line ConditionalExpression,LogicalOperator: BuildKit refuses two stages of one name; the first is the one
  for (const s of model.stages) if (s.name !== undefined && !named.has(s.name)) named.set(s.name, s);
  const present = artefactsPresent(model);
  for (const copy of copies) {
    // Stryker disable next-line Regex: Number() of anything but digits is NaN, which is no stage's index
    const from = named.get(copy.from.toLowerCase()) ?? (/^\d+$/.test(copy.from) ? model.stages[Number(copy.from)] : undefined);
    // Stryker disable next-line EqualityOperator: BuildKit refuses a stage that copies from itself
    if (!from || from.index >= copy.stageIndex) continue;
    model.stages[copy.stageIndex].copiesFrom.push(from.index);
    for (const artefact of present(from.index)) {
      const paths = [artefact.path, ...(artefact.copies ?? [])].filter((p): p is string => p !== undefined);
      if (copy.sources.some((src) => paths.some((p) => covers(src, p)))) {
        model.deliveries.push({ artefact, stageIndex: copy.stageIndex, range: copy.range });
      }
    }
  }
  // A stage built FROM another holds everything that one wrote.
  for (const stage of model.stages) {
    if (stage.parent === undefined) continue;
    for (const artefact of present(stage.parent)) model.deliveries.push({ artefact, stageIndex: stage.index, range: stage.fromRange });
  }
}

/** The artefacts present in a stage's filesystem: those of the stages it is built FROM, then its own. */
function artefactsPresent(model: DockerfileModel): (stageIndex: number) => Artefact[] {
  const own = new Map<number, Artefact[]>();
  for (const a of model.artefacts) {
    const list = own.get(a.stageIndex);
    if (list) list.push(a);
    else own.set(a.stageIndex, [a]);
  }
  const known = new Map<number, Artefact[]>();
  const present = (stageIndex: number): Artefact[] => {
    let list = known.get(stageIndex);
    // Stryker disable next-line ConditionalExpression: computing a stage's list again gives the same list
    if (!list) {
      const parent = model.stages[stageIndex].parent;
      list = [...(parent === undefined ? [] : present(parent)), ...(own.get(stageIndex) ?? [])];
      known.set(stageIndex, list);
    }
    return list;
  };
  return present;
}

/** True when copying `source` (a path, a directory, or a glob) brings the file at `path`. */
function covers(source: string, path: string): boolean {
  const src = source.startsWith('/') ? source : `/${source}`;
  if (src === path || src === '/' || path.startsWith(src.endsWith('/') ? src : `${src}/`)) return true;
  if (!/[*?[]/.test(src)) return false;
  const re = new RegExp(`^${src.split('*').map((p) => p.replace(/[.+^${}()|[\]\\?]/g, '\\$&')).join('[^/]*')}(/.*)?$`);
  return re.test(path);
}

/** `COPY --from=x src... dest`: the stage named and the sources (dest is irrelevant here). */
function copyFrom(ins: Instruction, lines: LineIndex, scope: Map<string, EnvEntry>): { from: string; sources: string[]; range: Range } | undefined {
  const flag = (ins as unknown as import('dockerfile-ast').Copy).getFromFlag?.();
  const fromText = flag?.getValue();
  if (!fromText) return undefined;
  const from = substitute(fromText, scope) ?? fromText;
  const words = copyWords(ins, lines);
  if (!words) return undefined;
  const sources = words.slice(0, -1).map((w) => substitute(w, scope) ?? w);
  return { from, sources, range: ins.getRange() };
}

/** The sources and destination of a COPY/ADD (flags dropped), in either form; undefined for broken JSON. */
function copyWords(ins: Instruction, lines: LineIndex): string[] | undefined {
  const text = lines.text.slice(lines.offsetAt(ins.getRange().start), lines.offsetAt(ins.getRange().end));
  const json = /\[\s*"[\s\S]*\]\s*$/.exec(text);
  if (json) {
    try {
      return JSON.parse(json[0]) as string[];
    } catch {
      return undefined;
    }
  }
  return text.replace(/\\\r?\n/g, ' ').split(/\s+/).slice(1).filter((w) => w && !w.startsWith('--'));
}

/** `mv SRC… DEST`, `cp SRC… DEST`, `install [-m MODE] SRC… DEST` run after go commands of the same RUN: where their outputs end up. */
function moveArtefacts(written: Artefact[], run: Program, workdir: string): void {
  const args: (string | undefined)[] = [];
  for (let i = 0; i < run.args.length; i++) {
    const a = run.args[i];
    if (a === undefined) return; // a word we cannot read could be the destination or a flag
    if (run.name === 'install' && /^-[mgo]$/.test(a)) i++;
    else if (!a.startsWith('-')) args.push(a);
  }
  if (args.length < 2 || !workdir || run.cwd === undefined) return;
  const here = joinPath(workdir, run.cwd || '.');
  const dest = args[args.length - 1]!;
  if (!dest) return; // `mv app ""` fails
  const destPath = joinPath(here, dest);
  // The destination is a directory when it says so, when several files go there, or when it is a standard one.
  const intoDir = dest.endsWith('/') || args.length > 2 || dest === '.' || STANDARD_DIRS.has(destPath);
  for (const src of args.slice(0, -1)) {
    const from = joinPath(here, src!);
    for (const artefact of written) {
      if (artefact.path !== from) continue;
      const to = intoDir ? joinPath(destPath, from.slice(from.lastIndexOf('/') + 1)) : destPath;
      if (run.name === 'mv') artefact.path = to;
      else (artefact.copies ??= []).push(to);
    }
  }
}

/** Directories every Linux image has: `mv app /usr/local/bin` puts app inside. */
const STANDARD_DIRS = new Set(['/', '/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/tmp', '/go/bin', '/root', '/opt']);

/** Where a go command writes its binary: -o (relative to WORKDIR), or the package's name. */
function outputPath(command: GoCommand, workdir: string): string | undefined {
  if (command.tool !== 'go' || (command.subcommand !== 'build' && command.subcommand !== 'install')) return undefined;
  // The directory the command runs in: WORKDIR, then any `cd` earlier in the same RUN.
  const dir = command.cwd === undefined || !workdir ? undefined : joinPath(workdir, command.cwd || '.');
  // The package is the first argument that is neither a flag nor a flag's value.
  const flagWords = new Set([...command.flags.values()].map((w) => `${w.range.start.line}:${w.range.start.character}`));
  const pkg = command.args.find((a) => a.value !== undefined && !a.value.startsWith('-') && !flagWords.has(`${a.range.start.line}:${a.range.start.character}`))?.value ?? '.';
  // `go build main.go` is named after its first file; a directory or import path after its last element
  // (a pattern's, `./cmd/...`, is no name).
  const name = pkg === '.' || pkg === './' ? dir?.split('/').filter(Boolean).pop() : pkg.endsWith('.go') ? pkg.slice(pkg.lastIndexOf('/') + 1, -3) : pkg.replace(/\/$/, '').split('/').pop();
  const known = name && !name.includes('...') ? name : undefined;
  const o = command.flags.get('o');
  if (o) {
    if (o.value === undefined) return undefined;
    const target = o.value.startsWith('/') ? o.value : dir ? joinPath(dir, o.value) : undefined;
    // `-o dir/` writes dir/<name of the package>.
    if (target && o.value.endsWith('/')) return known ? joinPath(target, known) : undefined;
    return target;
  }
  if (command.subcommand === 'install') return undefined;
  return known && dir ? joinPath(dir, known) : undefined;
}

/**
 * A stage's declareArgs: names go into the first plain `ARG A B` line of the stage that ends before
 * `before`, else onto a new ARG line after the FROM. Rules ask once per finding, after the reading, so the
 * lines a name can join are found on the first call (hundreds of findings in a generated Dockerfile).
 */
function argDeclarer(file: SourceFile, lines: LineIndex, from: Instruction, stageArgs: Instruction[], escapeChar: string): Stage['declareArgs'] {
  // Merge only into a plain `ARG A B` line: a quote in it (even an unbalanced one) would swallow the name.
  const plain = (a: Instruction) => !/["'`]/.test(lines.text.slice(lines.offsetAt(a.getRange().start), lines.offsetAt(a.getRange().end)));
  let joinable: { ins: Instruction; end: number }[] | undefined;
  return (names, before) => {
    joinable ??= stageArgs
      .filter((a) => plain(a) && argProperties(a, lines, escapeChar).every((p) => p.value === undefined))
      .map((a) => ({ ins: a, end: lines.offsetAt(a.getRange().end) }));
    const limit = before ? lines.offsetAt(before) : Infinity;
    const existing = joinable.find((a) => a.end <= limit);
    if (existing) {
      const end = existing.ins.getRange().end;
      return { file: file.path, range: { start: end, end }, newText: ` ${names.join(' ')}` };
    }
    const end = from.getRange().end;
    return { file: file.path, range: { start: end, end }, newText: `${lines.eol}ARG ${names.join(' ')}` };
  };
}

function describeStage(stage: Stage): string {
  return stage.name ? `stage ${stage.name}` : `stage ${stage.index}`;
}

/** Go version of a stage from its image: golang:1.22-alpine → 1.22; other images → the workspace's Go. */
function imageGoVersion(image: string | undefined, expr: string, range: Range, options: ModelOptions): GoVersionSource {
  const ref = image ?? expr;
  const m = /^(?:(?:docker\.io\/)?library\/|docker\.io\/)?(?:(?:amd64|arm64v8|arm32v[5-7]|i386|ppc64le|s390x|riscv64|mips64le)\/)?golang(?::([^@\s]+))?/.exec(ref);
  if (m) {
    const tag = m[1] ?? 'latest';
    const v = toGoVersion(tag);
    if (v) return { version: v, because: `${ref} on line ${range.start.line + 1}` };
    return { version: NEWEST_GO, because: `${ref} (taken as the newest known Go)` };
  }
  return options.goVersion;
}

/**
 * Expands Dockerfile variables (`$X`, `${X}`, `${X:-d}`, `${X:+d}`) against a scope.
 * Undefined when any referenced value is unknown.
 */
// Stryker disable next-line ArrayDeclaration: the default list is read by no one
export function substitute(text: string, scope: Map<string, EnvEntry>, refs: EnvEntry[] = []): string | undefined {
  let unknown = false;
  const out = text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*)|[#%/][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, op, arg, bare) => {
    if (whole === '\\$') return '$';
    const name = braced ?? bare;
    const entry = scope.get(name);
    if (entry) refs.push(entry);
    // `${VAR#v}`, `${VAR%%-*}`, `${VAR/a/b}`: newer Dockerfile frontends trim or replace, older ones refuse; unknown here.
    if (braced !== undefined && op === undefined && whole !== `\${${braced}}`) return (unknown = true), '';
    const value = entry ? entry.value : '';
    // The word is expanded too (`${GOARCH:+-$GOARCH}`); one holding a `${…}` of its own is not read here.
    const word = (): string => {
      const expanded = arg.includes('${') ? undefined : substitute(arg, scope, refs);
      if (expanded === undefined) unknown = true;
      // Stryker disable next-line StringLiteral: an unknown word makes the whole value unknown, whatever stands in for it
      return expanded ?? '';
    };
    if (op === ':-' || op === '-') {
      if (value === undefined) return (unknown = true), '';
      return value === '' && (op === ':-' || !entry) ? word() : value;
    }
    if (op === ':+' || op === '+') {
      if (value === undefined) return (unknown = true), '';
      return value !== '' || (op === '+' && entry) ? word() : '';
    }
    if (value === undefined) unknown = true;
    return value ?? '';
  });
  return unknown ? undefined : out;
}

/** An ENV or ARG `NAME[=value]` with document offsets. */
interface Prop {
  name: string;
  nameStart: number;
  start: number;
  end: number;
  /** Offsets of the value as written (quotes included); undefined for `ARG NAME`. */
  valueStart?: number;
  valueEnd?: number;
  /** The value without quotes, not yet expanded. */
  value?: string;
  /** `NAME=value` rather than the legacy `ENV NAME value`. */
  equals: boolean;
}

function envProperty(p: Property, lines: LineIndex): Prop {
  const range = p.getRange();
  const valueRange = p.getValueRange();
  return {
    name: p.getName(),
    nameStart: lines.offsetAt(p.getNameRange().start),
    start: lines.offsetAt(range.start),
    end: lines.offsetAt(range.end),
    valueStart: valueRange ? lines.offsetAt(valueRange.start) : lines.offsetAt(range.end),
    valueEnd: valueRange ? lines.offsetAt(valueRange.end) : lines.offsetAt(range.end),
    value: p.getValue() ?? '',
    equals: p.getAssignmentOperator() === '=',
  };
}

/**
 * ARG's `NAME[=default]` list. dockerfile-ast reads `ARG A B` like the legacy ENV form (A="B"), but
 * BuildKit declares two args, so the words are split here, respecting quotes.
 */
function argProperties(ins: Instruction, lines: LineIndex, escapeChar: string): Prop[] {
  const argsRange = ins.getArgumentsRange();
  if (!argsRange) return [];
  const joined = joinContinuations(lines.text, lines.offsetAt(argsRange.start), lines.offsetAt(ins.getRange().end), escapeChar);
  const text = joined.text;
  const props: Prop[] = [];
  let i = 0;
  // Stryker disable next-line EqualityOperator: text[text.length] is undefined: no blank, and the line below stops there
  while (i < text.length) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: text[text.length] is undefined, no blank
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let quote = '';
    while (i < text.length && (quote || !/\s/.test(text[i]))) {
      if (quote && text[i] === quote) quote = '';
      else if (!quote && (text[i] === '"' || text[i] === "'")) quote = text[i];
      else if (text[i] === escapeChar) i++;
      i++;
    }
    const word = text.slice(start, i);
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    const [docStart, docEnd] = joined.span(start, i);
    if (eq < 0) {
      props.push({ name, nameStart: docStart, start: docStart, end: docEnd, equals: true });
      continue;
    }
    const rawValue = word.slice(eq + 1);
    props.push({
      name,
      nameStart: docStart,
      start: docStart,
      end: docEnd,
      valueStart: joined.span(start + eq + 1, i)[0],
      valueEnd: docEnd,
      value: rawValue.replace(/^"(.*)"$|^'(.*)'$/s, '$1$2'),
      equals: true,
    });
  }
  return props;
}

function propertySite(
  file: SourceFile,
  lines: LineIndex,
  ins: Instruction,
  prop: Prop,
  props: Prop[],
  kind: 'dockerfile-env' | 'dockerfile-arg',
  value: string | undefined,
  refs: EnvEntry[],
): Assignment {
  // Stryker disable next-line LogicalOperator: only a property with a value has a site, and it has both offsets
  const valueStart = prop.valueStart ?? prop.end;
  // Stryker disable next-line LogicalOperator: only a property with a value has a site, and it has both offsets
  const valueEnd = prop.valueEnd ?? prop.end;
  const valueText = file.text.slice(valueStart, valueEnd);
  const keyword = ins.getKeyword();
  const text = file.text;
  return {
    file: file.path,
    name: prop.name,
    kind,
    nameRange: lines.range(prop.nameStart, prop.nameStart + prop.name.length),
    range: lines.range(prop.start, prop.end),
    valueRange: lines.range(valueStart, valueEnd),
    valueText,
    value,
    literal: isLiteral(valueText),
    fromSite: refs.find((r) => r.site)?.site,
    addSibling: (name, v): TextEdit => {
      if (prop.equals) return { file: file.path, range: lines.range(prop.end, prop.end), newText: ` ${name}=${v}` };
      const end = ins.getRange().end;
      return { file: file.path, range: { start: end, end }, newText: `${lines.eol}${keyword} ${name}=${v}` };
    },
    remove: (): TextEdit => {
      if (props.length > 1) {
        // Take the separating blank on one side so the neighbours keep their single space.
        if (props[props.length - 1] === prop) {
          let s = prop.start;
          while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
          return { file: file.path, range: lines.range(s, prop.end), newText: '' };
        }
        let e = prop.end;
        while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
        return { file: file.path, range: lines.range(prop.start, e), newText: '' };
      }
      const whole = ins.getRange();
      return { file: file.path, range: { start: { line: whole.start.line, character: 0 }, end: { line: whole.end.line + 1, character: 0 } }, newText: '' };
    },
  };
}

/**
 * The shell script a RUN instruction runs, mapped back to the document: continuations joined and the
 * comment lines inside them dropped as BuildKit does; heredoc bodies when the heredoc is the script;
 * exec form only when it is `sh -c "..."` or a plain command.
 */
export function runScript(run: Run, lines: LineIndex, escapeChar: string): MappedText | undefined {
  const text = lines.text;
  const end = lines.offsetAt(run.getRange().end);
  const start = commandStart(text, lines.offsetAt(run.getInstructionRange().end), end, escapeChar);
  if (start >= end) return undefined;

  const heredocs = text.slice(start, end).includes('<<') ? run.getHeredocs() : [];
  if (heredocs.length) {
    const firstLineEnd = lines.lineEnd(lines.positionAt(start).line);
    const command = text.slice(start, firstLineEnd).replace(/<<-?\s*(["']?)[A-Za-z_][\w-]*\1/g, '').trim();
    if (command === '' || /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)( -[a-z]+)*$/.test(command)) {
      const content = heredocs[0].getContentRange();
      if (!content) return undefined;
      const s = lines.offsetAt(content.start);
      return MappedText.of(text.slice(s, lines.offsetAt(content.end)), s);
    }
    return MappedText.of(text.slice(start, firstLineEnd), start);
  }

  const script = joinContinuations(text, start, end, escapeChar);
  // Docker's rule: exec form when the arguments are a JSON array of strings; `RUN [ -n "$CI" ] && …` is shell form.
  if (jsonArrayOfStrings(script.text)) {
    // dockerfile-ast's JSON values drop inner blanks, so read each string's own source text.
    const strings = run.getJSONStrings().map((s) => {
      const from = lines.offsetAt(s.getRange().start);
      const raw = text.slice(from, lines.offsetAt(s.getRange().end));
      let value: string | undefined;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        value = undefined;
      }
      return { from, raw, value };
    });
    if (strings.some((s) => s.value === undefined)) return undefined;
    const values = strings.map((s) => s.value as string);
    const shellIndex = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)$/.test(values[0] ?? '') ? values.indexOf('-c') : -1;
    if (shellIndex > 0 && strings[shellIndex + 1]) {
      const s = strings[shellIndex + 1];
      if (s.raw.includes('\\')) return undefined; // escapes would shift positions
      return MappedText.of(s.value as string, s.from + 1);
    }
    if (values.every((v) => /^[\w./=,:@+-]*$/.test(v))) {
      const m = new MappedText();
      strings.forEach((s, i) => {
        // Stryker disable next-line ConditionalExpression: a blank before the first word changes no word of the command
        if (i) m.append(' ', s.from);
        m.append(s.value as string, s.from + 1);
      });
      return m;
    }
    return undefined;
  }
  return script;
}

function jsonArrayOfStrings(text: string): boolean {
  // Stryker disable next-line ConditionalExpression,StringLiteral: JSON.parse gives no array for text that does not start with [
  if (!text.startsWith('[')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
  // Stryker disable next-line BlockStatement: its one caller takes undefined as false
  } catch {
    return false;
  }
}

/** Where the command of a RUN starts: after the keyword, blanks, continuations and `--flag` words. */
function commandStart(text: string, from: number, end: number, escapeChar: string): number {
  let i = from;
  for (;;) {
    while (i < end && /\s/.test(text[i])) i++;
    if (text[i] === escapeChar && /^[ \t]*\r?\n/.test(text.slice(i + 1, i + 80))) {
      i++;
      continue;
    }
    if (text.startsWith('--', i)) {
      while (i < end && !/\s/.test(text[i])) i++;
      continue;
    }
    return i;
  }
}

/** BuildKit's line joining: `<escape><newline>` disappears, and so do comment and blank lines inside. */
export function joinContinuations(text: string, start: number, end: number, escapeChar: string): MappedText {
  const out = new MappedText();
  let i = start;
  let runStart = start;
  while (i < end) {
    if (text[i] === escapeChar) {
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (j >= end || text[j] === '\n' || text[j] === '\r') {
        out.append(text.slice(runStart, i), runStart);
        if (text[j] === '\r') j++;
        if (text[j] === '\n') j++;
        // Skip comment and empty lines that sit inside the continuation.
        for (;;) {
          const lineEnd = nextLineBreak(text, j, end);
          const line = text.slice(j, lineEnd);
          if (j < end && (/^\s*#/.test(line) || /^\s*$/.test(line)) && lineEnd < end) j = skipBreak(text, lineEnd);
          else break;
        }
        i = j;
        runStart = j;
        continue;
      }
      i += 2; // an escaped character
      continue;
    }
    i++;
  }
  out.append(text.slice(runStart, Math.min(i, end)), runStart);
  return out;
}

function nextLineBreak(text: string, from: number, end: number): number {
  let k = from;
  while (k < end && text[k] !== '\n' && text[k] !== '\r') k++;
  return k;
}

function skipBreak(text: string, at: number): number {
  if (text[at] === '\r') at++;
  if (text[at] === '\n') at++;
  return at;
}
