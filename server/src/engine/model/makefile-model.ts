import { nextPlaceholder, placeholderOf, type Placeholders } from '../shell/placeholders';
import { ModelBuilder, type Program } from './builder';
import { MAKE_PROGRAM, makeArguments, placedAt } from './make-command';
import { isLiteral } from '../shell/walk';
import { BUILD_VARIABLE } from './go-command';
import { buildxImage } from './workflow-model';
import { bakeCommandRun } from './bake-run';
import { LineIndex, MappedText } from '../text';
import type { Range, SourceFile, TextEdit } from '../types';
import { BUILD_HOSTS, type BuildHost } from '../knowledge/hosts';
import { hostOutputs, hostPipeline, mentionsHostCommand } from './host-commands';
import { comesBack } from '../shell/types';
import type { Assignment, EnvEntry, GoCommand, HostValues, MakefileModel, ModelOptions, RangeNote } from './types';

/**
 * GNU make as people write it, read statically: variables with their flavour and export state,
 * rules and their recipes. Both branches of conditionals are read (in order), but a branch that the
 * Makefile's own values rule out sets no value; `$(shell ...)` and functions we do not evaluate make a
 * value unknown.
 */

interface MakeVariable {
  name: string;
  /** Raw text after the operator (recursive variables are expanded when used). */
  raw: string;
  /** Simply expanded value, fixed at assignment time (for :=, ::=, !=). */
  simple?: string | undefined;
  flavor: 'recursive' | 'simple' | 'shell';
  /** What `export NAME` or `unexport NAME` (or an `export` modifier) said last; absent when none did: a bare `export` decides. */
  exported?: boolean;
  /** Defined only by `export NAME` / `unexport NAME`: empty, as make defines it, unless the caller's environment has it. */
  declaredOnly?: true;
  site?: Assignment;
  /** Where the value was written, for any variable; none after `+=` (spread over lines) or for `!=`. */
  definition?: Assignment;
  /** Offsets of the value in the Makefile itself (not an included file), when `definition` is set. */
  from?: { start: number; end: number };
  /** The variable as it was before this assignment (what a build host on which the assignment is skipped sees). */
  previous?: MakeVariable;
  /** Build hosts on which a conditional around this assignment certainly does not hold. */
  skippedOn?: ReadonlySet<string>;
  /** A simple variable's value on each build host, when that differs from `simple` on some host. */
  hostSimple?: ReadonlyMap<string, string | undefined>;
}

interface Recipe {
  target: string;
  /** Every target the rule names: make runs the recipe for each one it builds, `$@` being that one. */
  targets: string[];
  /** Recipe lines as [text offset start, end) with prefix characters already skipped. */
  lines: { start: number; end: number; condition?: string }[];
}

/** One logical line: physical lines joined by backslash continuations. */
interface LogicalLine {
  start: number;
  end: number;
  /** Text with `\<newline>` (and the blanks around it) folded to one space, as make does outside recipes. */
  text: string;
  /** Offset of each character of `text` in the document. */
  origin: MappedText;
  recipe: boolean;
}

const ASSIGNMENT = /^\s*((?:(?:override|export|private)\s+)*)([^\s:#=!?+]+)\s*(::?=|:::=|\?=|\+=|!=|=)(.*)$/s;

/** Bounds of `include`: nesting depth, and files per Makefile (globs can name many). */
const MAX_INCLUDE_DEPTH = 8;
const MAX_INCLUDED_FILES = 64;

/** One file being read: the Makefile itself or a file it includes. */
interface Source {
  file: SourceFile;
  lines: LineIndex;
  /** True for an included file: its recipes are analysed with that file, its sites are noted as foreign. */
  included: boolean;
}

/** An open conditional: its directive text, and whether the else branch is being read. */
interface Conditional {
  directive: string;
  inElse: boolean;
  /** `else ifeq …`: the directive of the else branch. */
  elseDirective?: string;
  /** Per build host, whether an earlier branch held (absent: not known); `skip`: hosts on which this branch is not read. */
  held: Map<string, boolean>;
  skip: Set<string>;
  /**
   * Known without the build host (both sides of an `ifeq` known): whether an earlier branch held, and
   * whether make skips the branch being read. Its recipe lines are still read (`make GOOS=windows` takes
   * it), but its assignments set no value, or `GOARM := 7` under `ifeq ($(GOARCH),arm)` would be paired
   * with the GOARCH=amd64 the Makefile sets.
   */
  taken: boolean;
  dead: boolean;
}

/** What reading a Makefile (and the files it includes) yields: make's own database, as plain data. */
interface MakeDatabase {
  /** The global variables. */
  vars: Map<string, MakeVariable>;
  /**
   * Target-specific variables (`release: GOOS := linux`), per target. GNU make applies them to that
   * target's recipe and, by inheritance, to the prerequisites it builds; we ignore inheritance (a
   * prerequisite's recipe sees only the global variables and its own target-specific ones).
   */
  targetVars: Map<string, Map<string, MakeVariable>>;
  recipes: Recipe[];
  /** Each target's prerequisites as written (plain names only: a reference or pattern is not followed), over all its rule lines. */
  prerequisites: Map<string, string[]>;
  exportAll: boolean;
  oneShell: boolean;
  /** The files `include` read (as the adapter named them), in reading order. */
  included: string[];
  /** True when some text read runs a program that describes the build host (`$(shell uname -m)`): values may depend on it. */
  readsHost: boolean;
  /** The name of every variable whose entry (global or a target's) was set or removed, in reading order. */
  changed: string[];
}

/**
 * Sets a variable in `table` (the global one or a target's). Every change goes through here or unsetVariable
 * and is logged in MakeDatabase.changed: an expansion kept by MakeEvaluator that read the name is made again.
 */
function setVariable(db: MakeDatabase, table: Map<string, MakeVariable>, name: string, v: MakeVariable): void {
  table.set(name, v);
  db.changed.push(name);
}

/** `undefine NAME`, logged as setVariable logs. */
function unsetVariable(db: MakeDatabase, name: string): void {
  db.vars.delete(name);
  db.changed.push(name);
}

/** The target-specific variables in effect (a recipe's target's), over the global ones; undefined for none. */
type TargetScope = Map<string, MakeVariable> | undefined;

/**
 * `invocation`: the Makefile as `make TARGET…` runs it from elsewhere (a Dockerfile RUN): only those
 * targets' recipes (the first rule's when none is named), with the caller's environment exported to them.
 */
export function makefileModel(file: SourceFile, lines: LineIndex, options: ModelOptions, parts: ModelBuilder, invocation?: MakeInvocation): MakefileModel {
  const model: MakefileModel = { ...parts.base(), kind: 'makefile', images: parts.images, bakes: parts.bakes };
  const reader = new MakeReader(file, options, parts);
  const db = reader.read(lines);
  if (db.included.length) model.included = db.included;
  // The reader's: the expansions it made still hold where nothing they read was set again after them.
  const evaluator = reader.evaluator;
  unquotePlainValues(model, db);
  new RecipeWalker(file, lines, options, parts, db, evaluator, { depth: 0, chain: [], logged: new Set() }).walkAll(invocation);
  variableContexts(model, db, evaluator, options);
  if (evaluator.spent.depth) parts.noteCuts([`make variables nested more than ${MAX_EXPANSION_DEPTH} deep`]);
  return model;
}

/**
 * A variable that is never exported reaches go only through recipe text, where the shell reads its
 * quotes (`GOFLAGS = ""` is an empty GOFLAGS there, not two quote characters).
 */
function unquotePlainValues(model: MakefileModel, db: MakeDatabase): void {
  for (const site of model.assignments) {
    if (site.kind !== 'make' || site.value === undefined || !/["'\\]/.test(site.value) || exportedGlobally(db, site.name)) continue;
    if ((site.makeTargets ?? []).some((t) => db.targetVars.get(t)?.get(site.name)?.exported)) continue;
    site.value = unquoteShellWord(site.value);
  }
}

export interface MakeInvocation {
  targets: string[];
  env: Map<string, EnvEntry>;
}

/** The Makefile's (global) variables act together; so do a target's own build variables, over them. */
function variableContexts(model: MakefileModel, db: MakeDatabase, evaluator: MakeEvaluator, options: ModelOptions): void {
  const globals = new Map<string, EnvEntry>();
  for (const v of db.vars.values()) if (v.site) globals.set(v.name, { name: v.name, ...hostAware(evaluator, db.readsHost, (e) => e.valueOf(v.name, new Set())), expr: v.raw, site: v.site });
  if (globals.size) model.contexts.push({ env: globals, goVersion: options.goVersion, where: 'the Makefile\'s variables' });
  for (const [target, table] of db.targetVars) {
    if (![...table.values()].some((v) => v.site)) continue;
    const scoped = withTargetVariables(evaluator, db.readsHost, globals, table, (v) => Boolean(v.site));
    model.contexts.push({ env: scoped, goVersion: options.goVersion, where: `variables of target ${target}` });
  }
}

/** `base` with the target-specific variables of `table` that `include` accepts set over it (values in that scope). */
function withTargetVariables(evaluator: MakeEvaluator, readsHost: boolean, base: Map<string, EnvEntry>, table: Map<string, MakeVariable>, include: (v: MakeVariable) => boolean): Map<string, EnvEntry> {
  const out = new Map(base);
  for (const v of table.values()) {
    if (include(v)) out.set(v.name, { name: v.name, ...hostAware(evaluator, readsHost, (e) => e.valueOf(v.name, new Set(), table)), expr: v.raw, site: v.site });
  }
  return out;
}

/**
 * make's expansion over a table of variables (those read so far while reading), in a target's scope when
 * given. With a build host, `$(shell …)` of a host pipeline has its value on that host and assignments
 * under conditionals that do not hold there are skipped.
 */
class MakeEvaluator {
  private readonly hosts = new Map<string, MakeEvaluator>();
  /** Values of recursive variables, per target scope (null: the global one): see recursiveValue. */
  private readonly expanded = new Map<Map<string, MakeVariable> | null, Map<string, Expansion>>();
  /** The names each expansion under way has looked up so far, innermost last. */
  private readonly reading: NameBits[] = [];
  /** Each name an expansion looked up, numbered in the order first met (its bit in NameBits). */
  private readonly ids = new Map<string, number>();
  /** How often an expansion met a variable it was inside of, or the depth bound: then its value depends on where it was asked. */
  private placeDependent = 0;

  constructor(
    private readonly vars: Map<string, MakeVariable>,
    /** MakeDatabase.changed: while the Makefile is read, the variables set since a value was expanded. */
    private readonly changed: readonly string[],
    private readonly host?: BuildHost,
    /** Shared with the evaluators of the build hosts: whether an expansion went deeper than MAX_EXPANSION_DEPTH. */
    // Stryker disable next-line ObjectLiteral: read only for truth; an absent flag is false too
    readonly spent: { depth: boolean } = { depth: false },
  ) {}

  /** The same expansion as run on `host`. */
  on(host: BuildHost): MakeEvaluator {
    let e = this.hosts.get(host.id);
    // Stryker disable next-line ConditionalExpression: the cache changes how often an evaluator is made, never what it gives
    if (!e) this.hosts.set(host.id, (e = new MakeEvaluator(this.vars, this.changed, host, this.spent)));
    return e;
  }

  variable(name: string, scope?: TargetScope): MakeVariable | undefined {
    return this.holding(scope?.get(name)) ?? this.holding(this.vars.get(name));
  }

  /** The latest version of a variable whose assignment is read on this evaluator's host. */
  private holding(v: MakeVariable | undefined): MakeVariable | undefined {
    while (v && this.host && v.skippedOn?.has(this.host.id)) v = v.previous;
    return v;
  }

  /** The expansion of `text`; undefined when not static. */
  expand(text: string, seen: Set<string>, scope?: TargetScope): string | undefined {
    let unknown = false;
    const out = replaceReferences(text, (ref) => {
      const r = this.evaluateReference(ref, seen, scope);
      if (r === undefined) unknown = true;
      // Stryker disable next-line StringLiteral: an unknown reference makes the whole expansion unknown, so its stand-in is dropped
      return r ?? '';
    });
    return unknown ? undefined : out;
  }

  valueOf(name: string, seen: Set<string>, scope?: TargetScope): string | undefined {
    // Looked up, found or not: a later assignment of the name changes what an expansion under way gives.
    this.reading.at(-1)?.add(this.idOf(name));
    const v = this.variable(name, scope);
    if (!v) return undefined; // could come from the environment or the command line
    if (seen.has(name)) {
      // Stryker disable next-line UpdateOperator: any change of the count marks the expansions under way
      this.placeDependent++;
      return undefined; // recursive variable that references itself
    }
    if (v.flavor === 'shell') return undefined;
    if (v.flavor === 'simple') return this.host && v.hostSimple?.has(this.host.id) ? v.hostSimple.get(this.host.id) : v.simple;
    return this.recursiveValue(name, v, seen, scope);
  }

  /**
   * A recursive variable's expansion, kept with the names it looked up: make expands it again at every use,
   * but it gives the same text until one of those names is set again. Without this, a chain of variables
   * each built on the one before (`V2 = $(V1) -x`) was expanded from its start at every link: quadratic
   * (900 of them, a 15 KB Makefile analysed on the server's thread, took half a second). An expansion that
   * met a variable it was inside of, or the depth bound, is not kept: its value depends on where it was asked.
   */
  private recursiveValue(name: string, v: MakeVariable, seen: Set<string>, scope: TargetScope): string | undefined {
    let kept = this.expanded.get(scope ?? null);
    if (!kept) this.expanded.set(scope ?? null, (kept = new Map()));
    const known = kept.get(name);
    if (known && this.stillHolds(known) && !this.readsAny(known, seen)) {
      this.reading.at(-1)?.addAll(known.reads);
      return known.value;
    }
    // Stryker disable next-line EqualityOperator: the bound's exact value is no claim, only that there is one
    if (this.reading.length >= MAX_EXPANSION_DEPTH) {
      // Unknown, as a self-reference is: a value asked for nearer the chain's start may still be expanded.
      this.spent.depth = true;
      // Stryker disable next-line UpdateOperator: any change of the count marks the expansions under way
      this.placeDependent++;
      return undefined;
    }
    const reads = new NameBits();
    reads.add(this.idOf(name));
    const before = this.placeDependent;
    this.reading.push(reads);
    let value: string | undefined;
    try {
      value = within(seen, name, () => this.expand(v.raw, seen, scope));
    } finally {
      this.reading.pop();
    }
    this.reading.at(-1)?.addAll(reads);
    if (this.placeDependent === before) kept.set(name, { value, reads, checked: this.changed.length });
    else kept.delete(name);
    return value;
  }

  private idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) this.ids.set(name, (id = this.ids.size));
    return id;
  }

  /** Whether none of the names an expansion read was set again since it was last checked. */
  private stillHolds(e: Expansion): boolean {
    // Stryker disable next-line EqualityOperator: one step past the end reads no name
    for (let i = e.checked; i < this.changed.length; i++) {
      const id = this.ids.get(this.changed[i]);
      // Stryker disable next-line ConditionalExpression: a wrong "stale" only expands the value again
      if (id !== undefined && e.reads.has(id)) return false;
    }
    e.checked = this.changed.length;
    return true;
  }

  /** Whether an expansion read one of `names` (variables being expanded where it is asked for again). */
  private readsAny(e: Expansion, names: Set<string>): boolean {
    for (const n of names) {
      const id = this.ids.get(n);
      if (id !== undefined && e.reads.has(id)) return true;
    }
    return false;
  }

  evaluateReference(ref: string, seen: Set<string>, scope?: TargetScope): string | undefined {
    const fn = /^([a-z-]+)\s+([\s\S]*)/.exec(ref);
    if (!fn) return this.valueOf(this.expand(ref, seen, scope) ?? ref, seen, scope);
    const [, name, argText] = fn;
    if (name === 'shell') {
      const command = this.host && this.expand(argText, seen, scope);
      // A host pipeline prints one line with no newline (uname joins its fields with blanks; tr and sed add none), as make gives it.
      return command === undefined || !this.host ? undefined : hostPipeline(command)?.(this.host);
    }
    const args = functionArguments(name, argText).map((x) => this.expand(x, seen, scope));
    // The text functions need all their arguments known; `if`, `or` and `and` only those they reach.
    if (!CONDITIONAL_FUNCTIONS.has(name) && args.some((x) => x === undefined)) return undefined;
    const [a = '', b = '', c = ''] = args as string[];
    switch (name) {
      case 'strip':
        return a.trim().replace(/\s+/g, ' ');
      case 'subst':
        return c.split(a).join(b);
      case 'patsubst':
        return words(c).map((w) => patsubst(a, b, w)).join(' ');
      case 'word':
        return words(b)[Number(a) - 1] ?? '';
      case 'firstword':
        return words(a)[0] ?? '';
      case 'lastword':
        return words(a).slice(-1)[0] ?? '';
      case 'notdir':
        return words(a).map((w) => w.slice(w.lastIndexOf('/') + 1)).join(' ');
      case 'if':
        if (args[0] === undefined) return undefined;
        return args[0] ? args[1] : args.length > 2 ? args[2] : '';
      case 'or': {
        // The first non-empty argument; one not known before it leaves the result unknown.
        const i = args.findIndex((x) => x !== '');
        return i < 0 ? '' : args[i];
      }
      case 'and': {
        // The last argument when none is empty; one not known before an empty one leaves the result unknown.
        const i = args.findIndex((x) => !x);
        return args[i < 0 ? args.length - 1 : i];
      }
      default:
        return undefined; // shell, wildcard, call, eval, foreach over dynamic lists, ...
    }
  }

  /**
   * What `evaluate` yields on each build host, when that is not the same on all of them (a value built
   * from `$(shell uname -m)`); undefined when the value does not depend on the host.
   */
  hostValues(evaluate: (e: MakeEvaluator) => string | undefined): HostValues | undefined {
    const out = new Map<string, string>();
    for (const h of BUILD_HOSTS) {
      const v = evaluate(this.on(h));
      if (v !== undefined) out.set(h.id, v);
    }
    const distinct = new Set(out.values());
    return out.size && (distinct.size > 1 || out.size < BUILD_HOSTS.length) ? out : undefined;
  }
}

/** How many recursive variables an expansion goes into, one inside the other; deeper ones are unknown (the stack's bound). */
const MAX_EXPANSION_DEPTH = 256;

/** A recursive variable's value as last expanded, the names that expansion looked up, and up to which change it holds. */
interface Expansion {
  value: string | undefined;
  reads: NameBits;
  checked: number;
}

/**
 * A set of variable names as bits (MakeEvaluator numbers them): an expansion's set is the union of those it
 * used, which for a chain of n variables is n words of n bits each, not n Sets of up to n strings.
 */
class NameBits {
  private words = new Uint32Array(1);

  add(id: number): void {
    this.fit(id >>> 5);
    this.words[id >>> 5] |= 1 << (id & 31);
  }

  has(id: number): boolean {
    const w = id >>> 5;
    // Stryker disable next-line all: past its words a typed array reads undefined, which has no bit; a wrong "read" only expands a value again
    return w < this.words.length && (this.words[w] & (1 << (id & 31))) !== 0;
  }

  addAll(other: NameBits): void {
    // Stryker disable next-line ArithmeticOperator: a word more is room to spare
    this.fit(other.words.length - 1);
    // Stryker disable next-line EqualityOperator: one word past the end adds no bit
    for (let i = 0; i < other.words.length; i++) this.words[i] |= other.words[i];
  }

  private fit(word: number): void {
    if (word < this.words.length) return;
    // Stryker disable next-line ArithmeticOperator: halving instead grows to exactly what is needed, which also holds
    const grown = new Uint32Array(Math.max(word + 1, this.words.length * 2));
    grown.set(this.words);
    this.words = grown;
  }
}

/** A value and, when it depends on the build host, its value per host (then `value` is unknown). */
function hostAware(evaluator: MakeEvaluator, readsHost: boolean, evaluate: (e: MakeEvaluator) => string | undefined): { value: string | undefined; hostValues?: HostValues } {
  const hostValues = readsHost ? evaluator.hostValues(evaluate) : undefined;
  return hostValues ? { value: undefined, hostValues } : { value: evaluate(evaluator) };
}

/** Reads a Makefile and the files it includes into make's database; records the sites of build variables. */
class MakeReader {
  // Stryker disable next-line ArrayDeclaration: a name no variable has changes nothing kept
  readonly db: MakeDatabase = { vars: new Map(), targetVars: new Map(), recipes: [], prerequisites: new Map(), exportAll: false, oneShell: false, included: [], readsHost: false, changed: [] };
  readonly evaluator = new MakeEvaluator(this.db.vars, this.db.changed);
  private current: Recipe | undefined;
  private inDefine: { name: string; exported: boolean; body: string[] } | undefined;
  private readonly conditionals: Conditional[] = [];

  constructor(
    private readonly file: SourceFile,
    private readonly options: ModelOptions,
    private readonly parts: ModelBuilder,
  ) {}

  read(lines: LineIndex): MakeDatabase {
    this.readSource({ file: this.file, lines, included: false }, [this.file.path]);
    return this.db;
  }

  /** Reads one file's lines into the tables; `chain` holds the files being read (cycle guard). */
  private readSource(src: Source, chain: string[]): void {
    // A conditional or define left open in an included file does not leak into the includer.
    const openConditionals = this.conditionals.length;
    if (/\$[({]shell\s|!=/.test(src.file.text) && mentionsHostCommand(src.file.text)) this.db.readsHost = true;
    for (const line of logicalLines(src.file.text)) this.readLine(src, line, chain);
    this.conditionals.length = Math.min(this.conditionals.length, openConditionals);
    this.inDefine = undefined;
  }

  private readLine(src: Source, line: LogicalLine, chain: string[]): void {
    const { db } = this;
    if (this.inDefine) {
      if (/^\s*endef\b/.test(line.text)) {
        const body = this.inDefine.body.join('\n');
        const { name, exported } = this.inDefine;
        // Stryker disable next-line StringLiteral: every flavour but shell and simple is expanded when used
        setVariable(db, db.vars, name, { name, raw: body, flavor: 'recursive', exported: exported || db.vars.get(name)?.exported });
        this.inDefine = undefined;
      } else this.inDefine.body.push(line.text);
      return;
    }
    if (line.recipe && this.current) {
      // A recipe line under a conditional that fails on the analysed machine (`ifneq ($(shell uname -s),Darwin)`) is not part of the recipe there.
      if (this.options.host && this.skippedHosts()?.has(`${this.options.host.goos}/${this.options.host.goarch}`)) return;
      const prefix = line.text.length - line.text.replace(/^\t[ \t@+-]*/, '').length;
      this.current.lines.push({ start: line.start + prefix, end: line.end, condition: this.conditionText() });
      return;
    }
    const text = stripComment(line.text);
    const define = /^\s*((?:override\s+|export\s+)*)define\s+([^\s:=]+)/.exec(text);
    if (define) {
      this.inDefine = { name: define[2], exported: /export/.test(define[1]), body: [] };
      return;
    }
    if (this.conditional(text.trim())) return;
    const include = /^\s*(?:-include|sinclude|include)\s+(.*)/.exec(text);
    if (include) return this.readIncludes(include[1], chain);
    if (/^\s*vpath\b/.test(text)) return;
    const undefine = /^\s*(?:override\s+)?undefine\s+(.*)$/.exec(text);
    if (undefine) {
      for (const n of words(undefine[1])) unsetVariable(db, n);
      return;
    }
    const exportLine = /^\s*(export|unexport)(\s+(.*))?$/.exec(text);
    if (exportLine && !ASSIGNMENT.test(text)) {
      const names = words(exportLine[3] ?? '');
      if (!names.length) db.exportAll = exportLine[1] === 'export';
      for (const n of names) {
        const v = db.vars.get(n) ?? { name: n, raw: '', flavor: 'recursive' as const, declaredOnly: true as const };
        v.exported = exportLine[1] === 'export';
        setVariable(db, db.vars, n, v);
      }
      return;
    }
    const assign = ASSIGNMENT.exec(text);
    if (assign) {
      this.current = undefined;
      this.recordAssignment(src, assign, line);
      return;
    }
    const rule = /^([^:=#]+?)\s*::?(?!=)(.*)/.exec(text);
    if (rule) this.readRule(src, line, rule);
  }

  /** A rule line: special targets, a target-specific variable, or the start of a recipe. */
  private readRule(src: Source, line: LogicalLine, rule: RegExpExecArray): void {
    const { db } = this;
    const targets = rule[1].trim();
    if (targets === '.EXPORT_ALL_VARIABLES') db.exportAll = true;
    if (targets === '.ONESHELL') db.oneShell = true;
    const after = rule[2];
    const names = words(targets);
    // Target-specific variable (`release: GOOS = linux`): a site for the value rules, but only the
    // recipe of its target sees it (kept out of the global table).
    const targetVar = ASSIGNMENT.exec(after);
    if (targetVar) {
      const shift = line.text.indexOf(after, rule[1].length);
      let site: Assignment | undefined;
      for (const target of names) {
        const table = db.targetVars.get(target) ?? new Map<string, MakeVariable>();
        db.targetVars.set(target, table);
        // One site for the line, shared by every target it names.
        site = this.recordAssignment(src, targetVar, line, shift, table, site);
      }
      if (site) site.makeTargets = names;
      return;
    }
    // make runs a goal's prerequisites' recipes before its own (order-only ones after `|` too). Names are
    // matched as written: `build: $(BIN)` runs the recipe of `$(BIN):`.
    const inline = after.indexOf(';');
    const prerequisites = words(inline >= 0 ? after.slice(0, inline) : after);
    for (const target of names) db.prerequisites.set(target, [...(db.prerequisites.get(target) ?? []), ...prerequisites]);
    // The recipes of an included file belong to that file's own analysis.
    this.current = { target: targets.split(/\s+/)[0], targets: names, lines: [] };
    if (src.included) return;
    db.recipes.push(this.current);
    if (inline >= 0) this.current.lines.push({ start: line.start + line.text.indexOf(';') + 1, end: line.end, condition: this.conditionText() });
  }

  /** Follows the conditional directives; true when `text` was one. Both branches are read. */
  private conditional(text: string): boolean {
    const open = /^(ifeq|ifneq|ifdef|ifndef)\b/.exec(text);
    if (open) {
      const holds = this.hostCondition(text);
      const skip = new Set([...holds].filter(([, h]) => !h).map(([id]) => id));
      const decided = this.staticCondition(text);
      this.conditionals.push({ directive: shorten(text), inElse: false, held: holds, skip, taken: decided === true, dead: decided === false });
      return true;
    }
    const otherwise = /^else\b\s*(.*)/.exec(text);
    if (otherwise) {
      const top = this.conditionals[this.conditionals.length - 1];
      if (top) {
        top.inElse = true;
        top.elseDirective = otherwise[1] ? shorten(otherwise[1]) : undefined;
        const decided = otherwise[1] ? this.staticCondition(otherwise[1]) : true;
        top.dead = top.taken || decided === false;
        top.taken ||= decided === true;
        // This branch is read on a host where no earlier branch held and its own condition (if any) holds.
        const holds = otherwise[1] ? this.hostCondition(otherwise[1]) : new Map<string, boolean>();
        top.skip = new Set();
        for (const h of BUILD_HOSTS) {
          const own = otherwise[1] ? holds.get(h.id) : true;
          if (top.held.get(h.id) || own === false) top.skip.add(h.id);
          if (own) top.held.set(h.id, true);
        }
      }
      return true;
    }
    if (/^endif\b/.test(text)) {
      this.conditionals.pop();
      // Stryker disable next-line BooleanLiteral: an endif line is no other directive either
      return true;
    }
    return false;
  }

  /**
   * Whether an `ifeq`/`ifneq` holds on each build host, where both sides are known there (as make does,
   * with the variables read so far); empty when the Makefile reads nothing from the host.
   */
  private hostCondition(text: string): Map<string, boolean> {
    const out = new Map<string, boolean>();
    if (!this.db.readsHost) return out;
    const m = /^(ifeq|ifneq)\s*(.*)/.exec(text);
    const sides = m && conditionSides(m[2]);
    if (!m || !sides) return out;
    for (const h of BUILD_HOSTS) {
      const e = this.evaluator.on(h);
      const a = e.expand(sides[0], new Set());
      const b = e.expand(sides[1], new Set());
      if (a !== undefined && b !== undefined) out.set(h.id, (a === b) === (m[1] === 'ifeq'));
    }
    return out;
  }

  /** Whether an `ifeq`/`ifneq` holds whatever the build host, when both sides are known without it. */
  private staticCondition(text: string): boolean | undefined {
    const m = /^(ifeq|ifneq)\s*(.*)/.exec(text);
    const sides = m && conditionSides(m[2]);
    if (!m || !sides) return undefined;
    const a = this.evaluator.expand(sides[0], new Set());
    const b = this.evaluator.expand(sides[1], new Set());
    return a === undefined || b === undefined ? undefined : (a === b) === (m[1] === 'ifeq');
  }

  /** Whether make skips the lines read now unless its command line changes a value (a branch decided without the host). */
  private inDeadBranch(): boolean {
    return this.conditionals.some((c) => c.dead);
  }

  /** Build hosts on which an enclosing conditional certainly does not hold here. */
  private skippedHosts(): ReadonlySet<string> | undefined {
    const out = new Set<string>();
    for (const c of this.conditionals) for (const id of c.skip) out.add(id);
    return out.size ? out : undefined;
  }

  /** The innermost open conditional as a message fragment (and how many enclose it); undefined outside any. */
  private conditionText(): string | undefined {
    const c = this.conditionals[this.conditionals.length - 1];
    if (!c) return undefined;
    const own = !c.inElse ? `when \`${c.directive}\` holds` : c.elseDirective ? `when \`${c.elseDirective}\` holds after \`${c.directive}\` did not` : `in the else branch of \`${c.directive}\``;
    const outer = this.conditionals.length - 1;
    return outer ? `${own}, inside ${outer} other conditional${outer > 1 ? 's' : ''}` : own;
  }

  /** Reads the files an include line names (static names, `$(VAR)` of static variables, simple globs). */
  private readIncludes(rest: string, chain: string[]): void {
    const { options, db } = this;
    if (!options.readInclude || chain.length > MAX_INCLUDE_DEPTH) return;
    // A name built from a variable set under a conditional (`-include Makefile.$(GOOS)`, GOOS from
    // uname in one branch) depends on the branch taken: both branches are read, so its value is a guess.
    for (const r of rest.matchAll(/\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]/g)) {
      const d = db.vars.get(r[1])?.definition;
      if (d && this.parts.notes.get(d.nameRange, d.file)?.condition) return;
    }
    const expanded = this.evaluator.expand(rest.trim(), new Set());
    if (expanded === undefined) return; // names from $(shell …) or the environment: not ours to guess
    for (const word of words(expanded)) {
      let found: { path: string; text: string }[];
      try {
        found = options.readInclude(word, this.file.path);
      } catch {
        continue; // the adapter's reader failing costs that include, never the analysis
      }
      for (const inc of found) {
        if (chain.includes(inc.path) || db.included.length >= MAX_INCLUDED_FILES) continue;
        db.included.push(inc.path);
        const incFile: SourceFile = { path: inc.path, kind: 'makefile', text: inc.text };
        const saved = this.current;
        this.current = undefined;
        this.readSource({ file: incFile, lines: new LineIndex(inc.text), included: true }, [...chain, inc.path]);
        this.current = saved;
      }
    }
  }

  /**
   * Records `m` in `table` (the global variables, or one target's own). For a target-specific
   * variable, `+=` and `?=` see the global value, and the export state is only what the line says:
   * the global export state is applied when the recipe's environment is built.
   */
  private recordAssignment(src: Source, m: RegExpExecArray, line: LogicalLine, shift = 0, table = this.db.vars, shared?: Assignment): Assignment | undefined {
    const vars = this.db.vars;
    const expand = (text: string, seen: Set<string>) => this.evaluator.expand(text, seen);
    const [, modifiers, name, op] = m;
    const rawValue = m[4];
    const leading = rawValue.length - rawValue.trimStart().length;
    const written = rawValue.trim();
    // `\#` is `#` in the value; the ranges stay on what is written.
    const value = unescapeHashes(written);
    const own = table.get(name);
    const prior = own ?? (table === vars ? undefined : vars.get(name));
    const exported = /\bexport\b/.test(modifiers) || own?.exported;
    const nameStart = line.origin.origin(shift + m.index + m[0].indexOf(name, modifiers.length));
    const opIndex = shift + m[0].indexOf(op, m[0].indexOf(name) + name.length);
    const valueStart = line.origin.origin(opIndex + op.length + leading);
    const valueEnd = value ? line.origin.span(opIndex + op.length + leading, opIndex + op.length + leading + written.length)[1] : valueStart;
    const siteOf = (evaluated: string | undefined): Assignment =>
      makeSite(src.file, src.lines, { name, modifiers, op, line, nameStart, valueStart, valueEnd, valueText: src.file.text.slice(valueStart, valueEnd), value: evaluated });
    if (this.inDeadBranch()) {
      // make skips it: its value rules may still judge it where it is written, but no build reads it.
      if (shared || !BUILD_VARIABLE.test(name)) return shared;
      const site = siteOf(op === '+=' || op === '!=' ? undefined : expand(value, new Set([name])));
      site.unread = true;
      this.note(site, src);
      this.parts.assignments.push(site);
      return site;
    }
    let v: MakeVariable;
    // Defined, even empty or only by `export NAME`, is enough for make to skip `?=`.
    if (op === '?=' && prior) {
      // Removing the assignment that set it first would let this line take effect.
      if (prior.site && !shared) {
        const skipped = siteOf(expand(value, new Set([name])));
        this.note(skipped, src);
        prior.site.hides = [...(prior.site.hides ?? []), skipped];
      }
      return shared;
    }
    if (op === '+=' && prior) v = { ...prior, raw: `${prior.raw} ${value}`, simple: prior.flavor === 'simple' ? join(prior.simple, expand(value, new Set())) : undefined, declaredOnly: undefined };
    else if (op === '!=') v = { name, raw: value, flavor: 'shell', exported, simple: undefined };
    else if (op === ':=' || op === '::=' || op === ':::=') v = { name, raw: value, flavor: 'simple', exported, simple: expand(value, new Set()) };
    else v = { name, raw: value, flavor: 'recursive', exported };
    v.exported = exported;
    v.previous = own;
    v.skippedOn = this.skippedHosts();
    if (this.db.readsHost && v.flavor === 'simple') {
      // A simple variable is expanded now, so its value on each host is fixed now too.
      const perHost = new Map<string, string | undefined>();
      for (const h of BUILD_HOSTS) {
        const e = this.evaluator.on(h);
        const added = e.expand(value, new Set());
        perHost.set(h.id, op === '+=' && prior ? join(e.valueOf(name, new Set()), added) : added);
      }
      if ([...perHost.values()].some((x) => x !== v.simple)) v.hostSimple = perHost;
    }
    const here = op === '+=' || op === '!=' ? { value: undefined } : hostAware(this.evaluator, this.db.readsHost, (e) => e.expand(value, new Set([name])));
    const evaluated = here.value;
    const site = shared ?? siteOf(evaluated);
    if (!shared && here.hostValues) site.hostValues = here.hostValues;
    // An earlier value of the same table that this one replaces would take effect again without it.
    if (!shared && own?.site && op !== '+=') site.hides = comesBack(own.site);
    if (!shared) this.note(site, src);
    v.definition = op === '+=' || op === '!=' ? undefined : site;
    v.from = src.included ? undefined : { start: valueStart, end: valueEnd };
    if (BUILD_VARIABLE.test(name)) {
      v.site = site;
      if (!shared) {
        const referenced = [...value.matchAll(/\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]/g)].map((r) => vars.get(r[1])?.site).find(Boolean);
        v.site.fromSite = referenced;
        this.parts.assignments.push(v.site);
      }
    }
    setVariable(this.db, table, name, v);
    return site;
  }

  /** Notes a site's ranges: the conditional around it, and its file when it is an included one. */
  private note(site: Assignment, src: Source): void {
    const condition = this.conditionText();
    const n: RangeNote = { ...(src.included ? { file: src.file.path } : {}), ...(condition ? { condition } : {}) };
    if (!n.file && !n.condition) return;
    for (const r of [site.nameRange, site.range, site.valueRange]) this.parts.notes.set(site.file, r, n);
  }
}

/** The goals with every prerequisite make runs before them (each once; a loop of prerequisites ends where it closes). */
function withPrerequisites(db: MakeDatabase, goals: string[]): string[] {
  const out: string[] = [];
  const visit = (t: string) => {
    if (out.includes(t) || out.length > 256) return;
    out.push(t);
    for (const p of db.prerequisites.get(t) ?? []) visit(p);
  };
  goals.forEach(visit);
  return out;
}

/** Sub-makes of a Makefile followed inside one another at most (a recursive build rarely nests deeper). */
const MAX_SUB_MAKE_DEPTH = 4;

/** Walks each recipe's shell text (per line, or whole with .ONESHELL) in its target's scope. */
class RecipeWalker {
  constructor(
    private readonly file: SourceFile,
    private readonly lines: LineIndex,
    private readonly options: ModelOptions,
    private readonly parts: ModelBuilder,
    private readonly db: MakeDatabase,
    private readonly evaluator: MakeEvaluator,
    /** Sub-makes of this Makefile being followed: how deep, which targets' recipes are running (a cycle), what was logged. */
    private readonly subMake: { depth: number; chain: string[]; logged: Set<string> },
  ) {}

  walkAll(invocation?: MakeInvocation): void {
    const { db, evaluator } = this;
    // Recipes are expanded when they run, so they see every variable's final value.
    const env = new Map<string, EnvEntry>(invocation?.env ?? []);
    for (const v of db.vars.values()) {
      // `unexport NAME` keeps even the caller's value from the recipes; `export NAME` alone exports the caller's value, if any.
      if (v.exported === false) env.delete(v.name);
      else if (exportedGlobally(db, v.name) && !(v.declaredOnly && env.has(v.name))) {
        env.set(v.name, { name: v.name, ...hostAware(evaluator, db.readsHost, (e) => e.valueOf(v.name, new Set())), expr: v.raw, site: v.site });
      }
    }
    const goal = db.recipes.find((r) => !r.target.startsWith('.'))?.target;
    const targets = invocation && withPrerequisites(db, invocation.targets.length ? invocation.targets : goal ? [goal] : []);
    for (const recipe of db.recipes) {
      const runs = targets ? recipe.targets.filter((t) => targets.includes(t)) : [recipe.target];
      for (const target of runs) this.walkRecipe(target === recipe.target ? recipe : { ...recipe, target }, env);
    }
  }

  /** One run of a recipe, for `recipe.target`, in that target's scope. */
  private walkRecipe(recipe: Recipe, env: Map<string, EnvEntry>): void {
    const { db, evaluator } = this;
    const scope = db.targetVars.get(recipe.target);
    const recipeEnv = scope ? withTargetVariables(evaluator, db.readsHost, env, scope, (v) => v.exported ?? exportedGlobally(db, v.name)) : env;
    const chunks = db.oneShell && recipe.lines.length ? [recipe.lines] : recipe.lines.map((l) => [l]);
    // Assignments of earlier recipe lines: each line is its own shell, so later lines never see them.
    const earlier: Assignment[] = [];
    for (const chunk of chunks) earlier.push(...this.walkChunk(recipe, chunk, scope, recipeEnv, earlier));
  }

  /**
   * `$(MAKE) clean binaries GOOS=linux` (or `GOOS=… $(MAKE) …`) in a recipe, on this same Makefile: the named
   * targets' recipes run again with the environment the sub-make gets. Their go commands are placed on the
   * $(MAKE) command: that is where the target is chosen, and where a prefix (CC=…) reaches them. Another
   * directory or file (-C, -f) is a call the analysis follows into that Makefile (follow/).
   */
  private followSubMake(program: Program, placeholders: Placeholders, recipe: Recipe): void {
    const shown = placeholderOf(program.name, placeholders)?.expr ?? program.name;
    if (!MAKE_PROGRAM.test(shown)) return;
    const args = makeArguments(program);
    if (!args || args.dir !== undefined || args.file !== undefined) return;
    const goal = this.db.recipes.find((r) => !r.target.startsWith('.'))?.target;
    const targets = args.targets.length ? args.targets : goal ? [goal] : [];
    const chain = [...this.subMake.chain, recipe.target];
    if (targets.some((t) => chain.includes(t))) {
      this.logOnce(`xbd: ${this.file.path}: not followed: a $(MAKE) of target ${targets.find((t) => chain.includes(t))} from its own recipe (a cycle); what it runs again is taken as unknown`);
      return;
    }
    if (this.subMake.depth >= MAX_SUB_MAKE_DEPTH) {
      this.logOnce(`xbd: ${this.file.path}: not followed: $(MAKE) nested deeper than ${MAX_SUB_MAKE_DEPTH}; what it runs is taken as unknown`);
      return;
    }
    const sub = new ModelBuilder(this.file.path);
    new RecipeWalker(this.file, this.lines, this.options, sub, this.db, this.evaluator, { depth: this.subMake.depth + 1, chain, logged: this.subMake.logged }).walkAll({ targets, env: args.env });
    const via = { makefile: this.file.path, multiPlatform: false };
    const placed = new Map(sub.commands.map((c) => [c, { ...placedAt(c, program.range, this.file.path), via }]));
    this.parts.commands.push(...placed.values());
    for (const context of sub.contexts) {
      const command = context.command && placed.get(context.command);
      if (command) this.parts.contexts.push({ ...context, command, where: `${context.where}, run by $(MAKE) in recipe of ${recipe.target}` });
    }
  }

  private logOnce(message: string): void {
    if (this.subMake.logged.has(message)) return;
    this.subMake.logged.add(message);
    this.options.log?.(message);
  }

  /** One shell of a recipe; returns the shell assignments it made (later lines run in other shells). */
  private walkChunk(recipe: Recipe, chunk: Recipe['lines'], scope: TargetScope, env: Map<string, EnvEntry>, earlier: Assignment[]): Assignment[] {
    const { lines, file, evaluator, db } = this;
    const notes = this.parts.notes;
    const placeholders: Placeholders = new Map();
    const source = new MappedText();
    const splices: Splice[] = [];
    const reader: RecipeReader = {
      evaluate: (ref) => ({
        ...(ref === '@' ? { value: recipe.target } : hostAware(evaluator, db.readsHost, (e) => e.evaluateReference(ref, new Set(), scope))),
        site: evaluator.variable(ref.trim(), scope)?.site,
        definition: evaluator.variable(ref.trim(), scope)?.definition,
      }),
      command: (ref, seen) => this.commandVariable(ref, seen, scope),
    };
    chunk.forEach((l, i) => {
      if (i) source.append('\n', l.start);
      recipeText(file.text, l.start, l.end, source, placeholders, reader, splices);
    });
    const spliced = splices.length ? (index: number) => splices.find((sp) => index >= sp.from && index < sp.to)?.reference : undefined;
    const result = this.parts.walk({ file: file.path, lines, source, env, placeholders, spliced, hostCommand: hostOutputs }, { goVersion: this.options.goVersion, where: `recipe of ${recipe.target}`, ...(this.subMake.depth === 0 ? { callsFrom: '' } : {}) });
    for (const program of result.others) this.followSubMake(program, placeholders, recipe);
    this.noteSplicedSites(result.assignments, splices, scope);
    for (const program of result.others) {
      const image = buildxImage(program.name, program.args, `recipe of ${recipe.target} (line ${program.range.start.line + 1})`, program.range);
      if (image) this.parts.images.push(image);
      const bake = bakeCommandRun(program.name, program.args, `recipe of ${recipe.target} (line ${program.range.start.line + 1})`, program.range, '.');
      if (bake) this.parts.bakes.push(bake);
    }
    // Sites written on a recipe line under a conditional carry its condition too.
    const lineCondition = (r: Range) => chunk.find((l) => lines.offsetAt(r.start) >= l.start && lines.offsetAt(r.start) <= l.end)?.condition;
    for (const site of result.assignments) {
      const condition = notes.has(site.nameRange, site.file) ? undefined : lineCondition(site.nameRange);
      if (condition) for (const r of [site.nameRange, site.range, site.valueRange]) notes.set(site.file, r, { condition });
    }
    for (const command of result.goCommands) {
      const condition = lineCondition(command.range);
      if (condition) for (const r of [command.range, command.goRange]) notes.set(file.path, r, { condition });
      for (const site of earlier) {
        if (!command.env.has(site.name)) this.parts.lost.push({ site, command, why: 'earlier-recipe-line' });
      }
    }
    return result.assignments.filter((a) => a.kind === 'export' || a.kind === 'shell');
  }

  /**
   * A make variable that holds a go command (`GOBUILD = CGO_ENABLED=0 go build`, `GO := env GOOS=linux go`):
   * make pastes its text into the recipe before the shell reads it, so the model does the same. Its
   * text in this Makefile, or its value when it was written in an included file; undefined for any
   * other variable (those stay one placeholder word).
   */
  private commandVariable(ref: string, seen: Set<string>, scope: TargetScope): CommandText | undefined {
    const name = ref.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) || seen.has(name)) return undefined;
    const v = this.evaluator.variable(name, scope);
    if (!v?.definition || v.flavor === 'shell' || !/[\s=]/.test(v.raw.trim())) return undefined;
    if (!within(seen, name, () => this.runsGo(v.raw, seen, scope))) return undefined;
    if (v.from) return { name, start: v.from.start, end: v.from.end };
    const value = this.evaluator.valueOf(name, new Set(), scope);
    return value === undefined ? undefined : { name, value, file: v.definition.file };
  }

  /** Whether a command text starts (after NAME=value words and `env`) with the go command or a variable that does. */
  private runsGo(raw: string, seen: Set<string>, scope: TargetScope): boolean {
    for (const word of words(raw)) {
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || word === 'env') continue;
      const ref = /^\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]$/.exec(word);
      if (ref) {
        if (seen.has(ref[1])) return false;
        const v = this.evaluator.variable(ref[1], scope);
        if (v && within(seen, ref[1], () => this.runsGo(v.raw, seen, scope))) return true;
        const value = this.evaluator.valueOf(ref[1], new Set(), scope);
        return value !== undefined && GO_WORD.test(value.trim());
      }
      return GO_WORD.test(word);
    }
    return false;
  }

  /**
   * Sites the shell found in spliced text: in a definition of this Makefile they carry its conditional;
   * from an included file's value they only point at the reference, so they are noted as that file's.
   */
  private noteSplicedSites(sites: Assignment[], splices: Splice[], scope: TargetScope): void {
    for (const site of sites) {
      const at = this.lines.offsetAt(site.nameRange.start);
      const sp = splices.find((x) => (x.file ? at === x.reference.start : at >= x.definition.start && at < x.definition.end));
      if (!sp) continue;
      const n: RangeNote = sp.file ? { file: sp.file } : { condition: this.conditionOfDefinition(sp.name, scope) };
      if (!n.file && !n.condition) continue;
      for (const r of [site.nameRange, site.range, site.valueRange]) this.parts.notes.set(site.file, r, n);
    }
  }

  private conditionOfDefinition(name: string, scope: TargetScope): string | undefined {
    const d = this.evaluator.variable(name, scope)?.definition;
    return d ? this.parts.notes.get(d.nameRange, d.file)?.condition : undefined;
  }
}

/** Where recipeText is while it pastes a command variable: the outermost reference, the names on the way, `$(call)` arguments. */
interface SpliceContext {
  reference: { start: number; end: number };
  seen: Set<string>;
  /** The arguments of the `$(call NAME,…)` being pasted: their spans in the recipe, read in the caller's context. */
  args?: { start: number; end: number; outer?: SpliceContext }[];
}

/** `$(call NAME,arg,…)` at [i, close): the name and each argument's span (make splits at top-level commas). */
function callOf(text: string, i: number, close: number): { name: string; args: { start: number; end: number }[] } | undefined {
  const head = /^\$[({]call\s+/.exec(text.slice(i, close));
  if (!head) return undefined;
  const [name, ...args] = argumentSpans(text, i + head[0].length, close - 1);
  return { name: text.slice(name.start, name.end).trim(), args };
}

/** A make variable's command text to paste: its span in the Makefile, or its value from an included file. */
type CommandText = { name: string; start: number; end: number; value?: undefined; file?: undefined } | { name: string; value: string; file: string; start?: undefined; end?: undefined };

/** Text pasted from a command variable: [from, to) in the shell text, the recipe's reference, the definition. */
interface Splice {
  name: string;
  from: number;
  to: number;
  /** The `$(GOBUILD)` in the recipe (the outermost one when variables nest). */
  reference: { start: number; end: number };
  /** Where the pasted text is in the Makefile (empty for an included file's value). */
  definition: { start: number; end: number };
  /** Set when the text is an included file's value. */
  file?: string;
}

interface RecipeReader {
  evaluate: (ref: string) => { value: string | undefined; hostValues?: HostValues; site?: Assignment; definition?: Assignment };
  command: (ref: string, seen: Set<string>) => CommandText | undefined;
}

/** The word that names the go command (or a wrapper the walker knows). */
const GO_WORD = /^(?:\S*\/)?(?:go|xx-go|gox|goreleaser)(?:\s|$)/;

/**
 * Copies a recipe line into `out`, turning each make reference into a placeholder token, except the
 * references to variables that hold a go command: their text is pasted (mapped to where it is written).
 */
function recipeText(
  text: string,
  start: number,
  end: number,
  out: MappedText,
  placeholders: Placeholders,
  reader: RecipeReader,
  splices: Splice[],
  outer?: SpliceContext,
): void {
  let i = start;
  let run = start;
  while (i < end) {
    if (text[i] !== '$') {
      i++;
      continue;
    }
    out.append(text.slice(run, i), run);
    if (text[i + 1] === '$') {
      out.append('$', i); // maps to the first $ so a range over it covers both
      i += 2;
    } else {
      const close = referenceEnd(text, i, end);
      const ref = text[i + 1] === '(' || text[i + 1] === '{' ? text.slice(i + 2, close - 1) : text[i + 1] ?? '';
      const seen = outer?.seen ?? new Set<string>();
      const reference = outer?.reference ?? { start: i, end: close };
      const argument = outer?.args && /^\d+$/.test(ref) ? Number(ref) : undefined;
      const call = argument === undefined && seen.size < 4 ? callOf(text, i, close) : undefined;
      const callee = call && reader.command(call.name, seen);
      const command = argument === undefined && !call && seen.size < 4 ? reader.command(ref, seen) : undefined;
      if (argument !== undefined) {
        // `$(1)` in a function `$(call …)` runs: the argument's own text in the recipe, references and all.
        const arg = outer?.args?.[argument - 1];
        if (arg) recipeText(text, arg.start, arg.end, out, placeholders, reader, splices, arg.outer);
      } else if (call && callee && callee.file === undefined) {
        const from = out.text.length;
        const args = call.args.map((a) => ({ ...a, outer }));
        recipeText(text, callee.start, callee.end, out, placeholders, reader, splices, { reference, seen: new Set([...seen, callee.name]), args });
        splices.push({ name: callee.name, from, to: out.text.length, reference, definition: { start: callee.start, end: callee.end } });
      } else if (command) {
        const from = out.text.length;
        if (command.file === undefined) {
          recipeText(text, command.start, command.end, out, placeholders, reader, splices, { reference, seen: new Set([...seen, command.name]) });
          splices.push({ name: command.name, from, to: out.text.length, reference, definition: { start: command.start, end: command.end } });
        } else {
          out.append(command.value, reference.start, false);
          splices.push({ name: command.name, from, to: out.text.length, reference, definition: { start: reference.start, end: reference.start }, file: command.file });
        }
      } else {
        const token = nextPlaceholder(placeholders);
        placeholders.set(token, { ...reader.evaluate(ref), expr: text.slice(i, close) });
        // The token stands for the whole reference: a range over it covers `$(NAME)`, not only its `$`.
        out.append(token.slice(0, -1), i, false);
        out.append(token.slice(-1), close - 1);
      }
      i = close;
    }
    run = i;
  }
  out.append(text.slice(run, end), run);
}

/** End offset (exclusive) of the make reference starting with `$` at `i`. */
function referenceEnd(text: string, i: number, end: number): number {
  const open = text[i + 1];
  if (open !== '(' && open !== '{') return Math.min(i + 2, end);
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let k = i + 1; k < end; k++) {
    if (text[k] === open) depth++;
    else if (text[k] === close && --depth === 0) return k + 1;
  }
  return end;
}

/** Whether make exports the global variable `name` to recipes: its own `export`/`unexport`, else a bare `export` or `.EXPORT_ALL_VARIABLES`. */
function exportedGlobally(db: MakeDatabase, name: string): boolean {
  return db.vars.get(name)?.exported ?? db.exportAll;
}

/**
 * `read` with `name` among the variables being expanded (`seen`, a stack: it holds the same names again
 * when `read` returns). A copy of the set per level cost the square of a chain's depth, per variable.
 */
function within<T>(seen: Set<string>, name: string, read: () => T): T {
  seen.add(name);
  try {
    return read();
  } finally {
    seen.delete(name);
  }
}

function replaceReferences(text: string, evaluate: (ref: string) => string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '$') {
      out += text[i++];
      continue;
    }
    if (text[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    const close = referenceEnd(text, i, text.length);
    const ref = text[i + 1] === '(' || text[i + 1] === '{' ? text.slice(i + 2, close - 1) : text[i + 1] ?? '';
    out += evaluate(ref);
    i = close;
  }
  return out;
}

/** The two sides of `ifeq (a,b)` / `ifeq "a" "b"` (also single quotes), blanks around them dropped as make does. */
function conditionSides(t: string): [string, string] | undefined {
  if (t.startsWith('(') && t.endsWith(')')) {
    const args = splitArgs(t.slice(1, -1));
    return args.length === 2 ? [args[0].trim(), args[1].trim()] : undefined;
  }
  const m = /^(["'])(.*?)\1\s+(["'])(.*?)\3$/.exec(t);
  return m ? [m[2], m[4]] : undefined;
}

/** How many arguments a function takes: commas after the last one's start are its text (`$(if c,a,b,c)` gives `b,c`). */
const ARITY: Record<string, number> = { strip: 1, firstword: 1, lastword: 1, notdir: 1, word: 2, subst: 3, patsubst: 3, if: 3 };

/** The functions that expand only the arguments they reach, so need only those known. */
const CONDITIONAL_FUNCTIONS = new Set(['if', 'or', 'and']);

/**
 * A function's arguments as make expands them: `if`'s condition and each argument of `or` and `and` lose
 * their blanks first (make then tests the expansion as it is: a variable holding a blank is not empty).
 */
function functionArguments(name: string, text: string): string[] {
  const args = splitArgs(text, ARITY[name]);
  if (name === 'or' || name === 'and') return args.map((x) => x.trim());
  if (name === 'if') args[0] = args[0].trim();
  return args;
}

/** Splits function arguments on top-level commas, into at most `max`. */
function splitArgs(text: string, max?: number): string[] {
  return argumentSpans(text, 0, text.length, max).map((a) => text.slice(a.start, a.end));
}

/** A make function's arguments in text[start, end): split at the commas outside nested parentheses or braces, into at most `max`. */
function argumentSpans(text: string, start: number, end: number, max = Infinity): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let depth = 0;
  let from = start;
  for (let k = start; k < end; k++) {
    const ch = text[k];
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') depth--;
    else if (ch === ',' && depth === 0 && spans.length < max - 1) {
      spans.push({ start: from, end: k });
      from = k + 1;
    }
  }
  spans.push({ start: from, end });
  return spans;
}

function words(s: string): string[] {
  return s.split(/\s/).filter(Boolean);
}

function patsubst(pattern: string, replacement: string, word: string): string {
  const p = pattern.indexOf('%');
  if (p < 0) return word === pattern ? replacement : word;
  const pre = pattern.slice(0, p);
  const post = pattern.slice(p + 1);
  if (!word.startsWith(pre) || !word.endsWith(post) || word.length < pre.length + post.length) return word;
  const stem = word.slice(pre.length, word.length - post.length);
  return replacement.replace('%', stem);
}

function join(a: string | undefined, b: string | undefined): string | undefined {
  return a === undefined || b === undefined ? undefined : a ? `${a} ${b}` : b;
}

/** What the shell makes of a make value that is one quoted word; undefined for anything more involved. */
function unquoteShellWord(text: string): string | undefined {
  const m = /^"([^"$`\\]*)"$|^'([^']*)'$/.exec(text);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** A directive as messages quote it: blanks folded, long ones cut. */
function shorten(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/** The line before its comment: a `#` after an even number of backslashes (none too) starts one; make keeps half of them. */
function stripComment(text: string): string {
  for (const m of text.matchAll(/(\\*)#/g)) {
    if (m[1].length % 2 === 0) return text.slice(0, m.index + m[1].length / 2);
  }
  return text;
}

/** A value as make reads it: of the backslashes before a `#` (an odd number, once comments are cut), half stay. */
function unescapeHashes(text: string): string {
  return text.replace(/(\\+)#/g, (_, backslashes: string) => `${backslashes.slice(0, backslashes.length >> 1)}#`);
}

/** Splits a makefile into logical lines; recipe lines keep their continuations for the shell. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    const recipe = text[i] === '\t';
    const origin = new MappedText();
    let folded = '';
    for (;;) {
      let e = i;
      while (e < text.length && text[e] !== '\n') e++;
      const lineEnd = e > i && text[e - 1] === '\r' ? e - 1 : e;
      const continued = lineEnd > i && text[lineEnd - 1] === '\\' && !(lineEnd - 2 >= i && text[lineEnd - 2] === '\\');
      if (recipe || !continued) {
        origin.append(text.slice(i, lineEnd), i);
        folded += text.slice(i, lineEnd);
        i = e + 1;
        if (recipe && continued && i < text.length) {
          // The shell sees the continuation: keep going into the next physical line.
          origin.append('\n', e);
          folded += '\n';
          continue;
        }
        out.push({ start, end: lineEnd, text: folded, origin, recipe });
        break;
      }
      // make folds the backslash-newline with the blanks before it and the indentation after it into one
      // space; a line holding only the backslash adds nothing to the space already there.
      const kept = text.slice(i, lineEnd - 1).replace(/[ \t]+$/, '');
      if (kept) {
        origin.append(kept, i);
        origin.append(' ', lineEnd - 1);
        folded += `${kept} `;
      }
      i = e + 1;
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    }
  }
  return out;
}

function makeSite(
  file: SourceFile,
  lines: LineIndex,
  s: {
    name: string;
    modifiers: string;
    op: string;
    line: LogicalLine;
    nameStart: number;
    valueStart: number;
    valueEnd: number;
    valueText: string;
    value: string | undefined;
  },
): Assignment {
  const lineStart = s.line.start;
  const lineEnd = s.line.end;
  return {
    file: file.path,
    name: s.name,
    kind: 'make',
    nameRange: lines.range(s.nameStart, s.nameStart + s.name.length),
    range: lines.range(lineStart, lineEnd),
    valueRange: lines.range(s.valueStart, s.valueEnd),
    valueText: s.valueText,
    value: s.value,
    literal: isLiteral(s.valueText),
    addSibling: (name, value): TextEdit => ({
      file: file.path,
      range: lines.range(lineEnd, lineEnd),
      newText: `${lines.eol}${s.modifiers.replace(/\s+/g, ' ')}${name} ${s.op} ${value}`,
    }),
    remove: (): TextEdit => {
      let end = lineEnd;
      if (file.text[end] === '\r') end++;
      // Stryker disable next-line ConditionalExpression: a line ends at a newline or at the end of the text, where the range stops anyway
      if (file.text[end] === '\n') end++;
      return { file: file.path, range: lines.range(lineStart, end), newText: '' };
    },
  };
}
