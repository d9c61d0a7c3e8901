import { baseName } from '../plan/paths';
import type { LineIndex, MappedText } from '../text';
import { LineIndex as LineIndexOf, MappedText as Mapped } from '../text';
import type { Range, TextEdit } from '../types';
import { parseShell, type ShellNode } from './parser';
import { hasPlaceholder, placeholderOf, replacePlaceholders, shownText, type Placeholders } from './placeholders';
import { comesBack, type Assignment, type AssignmentKind, type EnvEntry, type HostValues, type Word } from './types';

export type { Placeholder } from './placeholders';

/**
 * What the caller cares about in a shell text. The walker knows shell semantics only; which variables
 * are worth a site and which programs matter (the go command and its wrappers) the model says.
 */
export interface Watch {
  /** Variables whose assignments are recorded as sites (ShellResult.assignments). */
  variable(name: string): boolean;
  /**
   * Programs that still run, with an environment we cannot read, behind words we cannot read
   * (`env $VARS go build`, `eval $FLAGS go build`); the walker's command budget counts their runs.
   */
  program(name: string): boolean;
  /** What an environment we cannot read may set: each becomes unknown for that command. */
  opaque: readonly string[];
}

export interface ShellInput {
  file: string;
  lines: LineIndex;
  source: MappedText;
  /** The environment the shell starts with (Dockerfile ENV/ARG, exported make variables). */
  env: Map<string, EnvEntry>;
  /** Tokens the caller put into the text, with what they stand for. */
  placeholders?: Placeholders;
  /**
   * True when `env` is the whole environment (a Dockerfile RUN: ENV and declared ARGs), so a
   * variable not in it expands to the empty string instead of an unknown value.
   */
  closed?: boolean;
  /**
   * For text the caller spliced in from elsewhere (a make variable holding a go command, expanded
   * into the recipe): the document span of the reference that brought the character at this index of
   * `source`. A go command found there is placed at the reference: that is where it runs, and where
   * a fix that only concerns this command inserts its text.
   */
  spliced?: (index: number) => { start: number; end: number } | undefined;
  /**
   * A command substitution's output when it depends only on the machine the script runs on (`$(uname -m)`):
   * its value per build host (HostValues), else undefined. Absent: every command substitution is unknown.
   */
  hostCommand?: (text: string) => HostValues | undefined;
  watch: Watch;
  /**
   * `. FILE` / `source FILE`: the file's text (the caller's reader, resolved from where the shell is), or
   * undefined when it cannot be read. The sourced text runs in this shell: its assignments and functions enter
   * the scope, its sites keep their own file and ranges. Programs it runs itself are not reported here.
   */
  readSourced?: (word: string, cwd: string | undefined) => { path: string; text: string } | undefined;
}

export interface ShellResult {
  assignments: Assignment[];
  /** The exported environment when the text ends (a script's final state). */
  finalEnv: Map<string, EnvEntry>;
  /** Every `$NAME` / `${NAME...}` the shell expands (a Dockerfile rule asks which ones have no value). */
  references: ShellReference[];
  /**
   * What a spent budget cut from the walk, one phrase per budget ("calls of setarm (function calls)").
   * Whatever the cut part could have set is unknown in the scope after it; the caller logs these.
   */
  cut: string[];
}

export interface ShellReference {
  name: string;
  /** The whole expansion. */
  range: Range;
  /** True when the name is in the starting environment or the script sets it (anywhere: order is not followed). */
  bound: boolean;
  /** The variable whose assignment the expansion is part of (`GOARCH=$TARGETARCH` → GOARCH). */
  feeds?: string;
}

/** One simple command as it runs: its evaluated words, its environment, where it is. */
export interface SimpleCommand {
  /** The program's base name (`go`, `apk`, `xx-go`), from the first word's value when known. */
  name: string;
  /** Every word, the program's included, evaluated; an array expansion or `"$@"` after it spreads. */
  words: Word[];
  /** The whole simple command, prefixes included (for spliced text: the reference that brought it). */
  range: Range;
  /** The first word (for spliced text: the reference). */
  nameRange: Range;
  /** The file the ranges are in (a sourced file's commands are in that file). */
  file: string;
  /** Where `cd` moved the shell before this command, relative to its start ('' = not moved; undefined = unknown). */
  cwd?: string;
  /** The exported environment the program gets. */
  readonly env: Map<string, EnvEntry>;
  /**
   * Sites of plain (unexported) shell variables set when it ran, except those the script hands on
   * explicitly elsewhere; none when its environment comes partly from words we cannot read.
   */
  unexported(): Assignment[];
  /** Inserts text (e.g. `CGO_ENABLED=0 `) right before the first word. */
  insertBefore(text: string): TextEdit;
}

/**
 * A SimpleCommand with its lazy parts. Built outside the walker's methods on purpose: the model keeps every
 * command, and a closure made inside a method that uses `this` would keep the whole walk (its pass, tree,
 * result) alive with it.
 */
function commandRun(
  name: string,
  words: Word[],
  range: Range,
  nameRange: Range,
  scope: Scope,
  passedOn: Set<string>,
  file: string,
  lines: LineIndex,
  nameStart: number,
): SimpleCommand {
  let env: Map<string, EnvEntry> | undefined;
  return {
    name,
    words,
    range,
    nameRange,
    file,
    cwd: scope.cwd,
    // Computed when asked (the scope is this command's own and is not changed after it runs).
    get env() {
      return (env ??= scope.environment());
    },
    unexported: () => (scope.opaque ? [] : unexportedSites(scope, passedOn)),
    insertBefore: insertAt(file, lines, nameStart),
  };
}

/**
 * A site's edits. Made apart from makeSite, so that they keep only these values alive, not the walk's
 * description of the site (the model keeps every site).
 */
function siteEdits(file: string, lines: LineIndex, kind: AssignmentKind, start: number, end: number, [valueStart, valueEnd]: [number, number]): Pick<Assignment, 'addSibling' | 'remove'> {
  return {
    addSibling: (name, value) => ({ file, range: lines.range(end, end), newText: ` ${name}=${value}` }),
    remove: () => {
      if (kind === 'prefix' || kind === 'env-command') {
        let stop = end;
        // Stryker disable next-line EqualityOperator,ConditionalExpression: past the end of the text there is no blank either
        while (stop < lines.text.length && (lines.text[stop] === ' ' || lines.text[stop] === '\t')) stop++;
        return { file, range: lines.range(start, stop), newText: '' };
      }
      // A lone `export X=...` or `X=...` statement: emptying the value keeps the script's shape.
      return { file, range: lines.range(valueStart, valueEnd), newText: '' };
    },
  };
}

/**
 * The edit that inserts text at `offset`. Made apart from commandRun: closures of one function share its
 * variables, so an edit made there would keep the command's scope alive in every go command that takes it.
 */
function insertAt(file: string, lines: LineIndex, offset: number): (text: string) => TextEdit {
  return (text) => ({ file, range: lines.range(offset, offset), newText: text });
}

/** A variable's binding. Bindings are shared between cloned scopes: replace one, never mutate it. */
interface Binding {
  readonly entry: EnvEntry;
  readonly exported: boolean;
  /** An indexed array's elements (`A=(GOOS=linux GOARCH=arm64)`); an element is undefined when unknown. */
  readonly elements?: readonly (string | undefined)[];
  /** The call argument the value is a copy of (`local arch=$2`), so GOARCH=$arch is reported at the call. */
  readonly argument?: Argument;
  /** After if/case branches that disagree: what each branch left (a plain assignment in any of them may be lost). */
  readonly alternatives?: readonly EnvEntry[];
  /** `export NAME` before NAME has a value: the export attribute alone (a later NAME=… is exported); in no environment yet. */
  readonly unset?: true;
  /** Set in text tree-sitter could not place (an ERROR): whether it stays a plain shell variable is not known. */
  readonly unplaced?: true;
}

/** A shell function as defined, with the parse it belongs to (its nodes live as long as that parse). */
interface FunctionDef {
  name: string;
  body: ShellNode;
  pass: Pass;
  called: boolean;
  alive: boolean;
}

/** Files a script sources to learn about the system, which set no build variable. */
const DESCRIBES_SYSTEM = /^\/(?:etc|usr\/lib)\/(?:os-release|lsb-release)$/;

/**
 * The words of a command written after its redirects: tree-sitter-bash reads `go build >log -o app ./cmd`
 * as a redirect with four destinations, where the shell redirects to the first and passes the rest to go,
 * and `go run . <<EOF -v` as a heredoc with an argument.
 */
function wordsAfterRedirects(redirected: ShellNode): ShellNode[] {
  return redirected.childrenForFieldName('redirect').flatMap((r) => (r.type === 'file_redirect' ? r.childrenForFieldName('destination').slice(1) : r.childrenForFieldName('argument')));
}

/** Where a piece of a parse lies (a node, or the part of a command after the assignments tree-sitter joined to it). */
type Span = { readonly startIndex: number; readonly endIndex: number };

/** A positional parameter of a function call: the word the caller wrote, evaluated where it was called. */
interface Argument {
  word: Word;
  /** Document offsets of the caller's word. */
  offsets: [number, number];
  /** Document offset where a prefix can be put before the call (`GOARM=7 build linux arm`). */
  callAt: number;
  /** The caller's own positional parameter when the word is exactly `"$N"`: values are reported where first written. */
  from?: Argument;
  /** The build variable's assignment the word's value was copied from. */
  fromSite?: Assignment;
  /** The caller's word, the parse it belongs to, its call and its own $1…: a wrapper that runs "$@" runs these. */
  node?: ShellNode;
  pass?: Pass;
  call?: Span;
  callerPositional?: Positional;
}

/** $1, $2… of a call; `open` when words we cannot read may add more (`build $UNKNOWN linux`). */
interface Positional {
  args: readonly Argument[];
  open: boolean;
  /** False when a word of the call is missing from args (an unknown "$@" passed on), so "$@" cannot be rerun. */
  whole: boolean;
}

class Scope {
  constructor(
    readonly vars: Map<string, Binding>,
    public allexport = false,
    /** Directory changes made by `cd` in this shell, relative to where it started; undefined once unknown. */
    public cwd: string | undefined = '',
    readonly functions = new Map<string, FunctionDef>(),
    /** $1, $2… of the running function call; undefined outside calls (a script's own arguments are unknown). */
    public positional: Positional | undefined = undefined,
    /** Bindings to put back when the running function call returns (`local` names, call prefixes). */
    public frame: Map<string, Binding | undefined> | undefined = undefined,
    /** True when the environment of this command comes partly from words we cannot read. */
    public opaque = false,
  ) {}
  clone(): Scope {
    // Stryker disable next-line StringLiteral: the directory is set right below
    const copy = new Scope(new Map(this.vars), this.allexport, '', new Map(this.functions), this.positional, this.frame && new Map(this.frame), this.opaque);
    // Set afterwards: passed as an argument, an unknown directory (undefined) would take the default '' (not moved).
    copy.cwd = this.cwd;
    return copy;
  }
  environment(): Map<string, EnvEntry> {
    const env = new Map<string, EnvEntry>();
    // (An array is exported by no shell: `export A` after `A=(…)` marks it in vain.)
    for (const [name, b] of this.vars) if (b.exported && !b.unset && !b.elements) env.set(name, b.entry);
    return env;
  }
}

/** Commands that run the rest of their arguments as a command. */
const PASS_THROUGH = new Set(['exec', 'time', 'nice', 'nohup', 'command', 'builtin']);
/** Their options that take the next word as a value (`nice -n 10 go build`: 10 is no program). */
const PASS_THROUGH_VALUED: Readonly<Record<string, readonly string[]>> = { nice: ['-n'], exec: ['-a'], time: ['-f', '-o'] };

/**
 * Walks shell text in execution order: records the watched variables' assignments, and hands every program
 * run (not the builtins and functions it follows) to `onCommand`, in order, as it runs.
 */
export function walkShell(input: ShellInput, onCommand: (command: SimpleCommand) => void): ShellResult {
  const result: ShellResult = { assignments: [], finalEnv: new Map(), references: [], cut: [] };
  const scope = new Scope(new Map());
  for (const [name, entry] of input.env) scope.vars.set(name, { entry, exported: true });
  const walker = new Walker(input, result, onCommand);
  walker.run(input.source, scope, 0);
  result.finalEnv = scope.environment();
  return result;
}

/** $1…, $#, $@, $*: a call's parameters, not variables of the scope. */
const POSITIONAL = /^(\d+|[#@*])$/;

/** Function calls followed per file at most; beyond that calls are not walked (their effects are unknown). */
const MAX_CALLS = 256;
/** Nor once the file has run this many watched programs: loops inside called functions multiply quickly. */
const MAX_COMMANDS = 2000;
/** `sh -c` / `eval` / `.` nesting followed. */
const MAX_DEPTH = 4;

class Walker {
  /** Function calls in progress (a recursive call is not followed). */
  readonly active = new Set<FunctionDef>();
  calls = 0;
  /** Runs of watched programs so far. */
  watchedRuns = 0;
  /** Files being sourced (a file sourcing itself, or two sourcing each other, is a cycle). */
  sourcing: string[] = [];
  /** One site per argument word, build variable and value, however often the call is walked. */
  readonly argumentSites = new Map<string, Assignment>();
  /**
   * Names the script hands to go itself somewhere (`GOOS=$GOOS go build`, `env "GOOS=${GOOS}"`, an env
   * array): it knows they are plain variables, so a go command elsewhere not seeing them is deliberate.
   */
  readonly passedOn = new Set<string>();

  constructor(
    private readonly input: ShellInput,
    private readonly out: ShellResult,
    readonly onCommand: (command: SimpleCommand) => void,
  ) {}

  /** `. FILE`: runs the file's text in this shell (scope), with a walker of its own file and lines. */
  source(file: { path: string; text: string }, scope: Scope, depth: number): void {
    // Nesting deeper than MAX_DEPTH is cut by run(), which forgets what the cut text could set.
    // The files being sourced, this one last.
    const chain = [...this.sourcing, this.input.file];
    if (chain.includes(file.path)) {
      this.cutOff(`${file.path} sourced while it is being sourced (a cycle)`);
      return;
    }
    const text = Mapped.of(file.text, 0);
    const lines = new LineIndexOf(file.text);
    // (The caller's splices stay: only text at depth 0, the caller's own, reads them.)
    const sub = new Walker({ ...this.input, file: file.path, lines, source: text, placeholders: undefined, closed: false }, this.out, (command) => {
      // A program the sourced file runs is placed in that file: not this file's to report.
      if (this.watch.program(command.name)) this.cutOff(`programs run inside sourced files (${file.path})`);
    });
    sub.sourcing = chain;
    sub.run(text, scope, depth + 1, true, true);
  }

  run(source: MappedText, scope: Scope, depth: number, sameShell = false, retain = false): void {
    if (depth > MAX_DEPTH) {
      // sh -c / eval / . nesting deeper than this is not followed: an eval's or a sourced file's text still runs in this shell.
      this.cutOff(`sh -c, eval or sourced files nested deeper than ${MAX_DEPTH}`);
      // Stryker disable next-line ConditionalExpression: an sh -c's scope is its own copy, so forgetting in it changes nothing here; the test saves the work
      if (sameShell) {
        forgetTouched(scope, touchedBy([parseShell(source.text)], scope, this.input.watch.opaque), 'eval');
      }
      return;
    }
    const root = parseShell(source.text);
    const pass = new Pass(this, source, depth);
    try {
      pass.references(root, scope);
      pass.statements(root, scope);
      pass.uncalledFunctions(scope);
    } finally {
      // A sourced file's functions stay callable after its `.` line (parse trees are plain objects, nothing to free).
      if (!retain) for (const def of pass.defined) def.alive = false;
    }
  }

  /** Notes that a budget cut part of the walk (once per kind of cut). */
  cutOff(what: string): void {
    if (!this.out.cut.includes(what)) this.out.cut.push(what);
  }

  get file(): string {
    return this.input.file;
  }
  get lines(): LineIndex {
    return this.input.lines;
  }
  get placeholders(): Placeholders | undefined {
    return this.input.placeholders;
  }
  get watch(): Watch {
    return this.input.watch;
  }
  get readSourced(): ShellInput['readSourced'] {
    return this.input.readSourced;
  }
  get hostCommand(): ShellInput['hostCommand'] {
    return this.input.hostCommand;
  }
  get spliced(): ShellInput['spliced'] {
    return this.input.spliced;
  }
  get closed(): boolean {
    return this.input.closed === true;
  }
  get result(): ShellResult {
    return this.out;
  }
}

/** One parse of one text (the script itself, or the string of an `sh -c`). */
class Pass {
  /** Functions defined in this text. */
  readonly defined: FunctionDef[] = [];
  /** Where the text has `$(` or a backquote, in order (found on first need). */
  private substitutionStarts: number[] | undefined;

  constructor(
    private readonly w: Walker,
    private readonly src: MappedText,
    private readonly depth: number,
  ) {}

  range(n: Span): Range {
    const [s, e] = this.src.span(n.startIndex, n.endIndex);
    return this.w.lines.range(s, e);
  }

  /** Document offsets of a node. */
  offsets(n: Span): [number, number] {
    return this.src.span(n.startIndex, n.endIndex);
  }

  /**
   * Records the expansions of this text (tree-sitter-bash parses none in a quoted heredoc's body). A name counts
   * as bound when the starting scope has it or the text assigns it anywhere (a conservative reading: no false alarms).
   */
  references(root: ShellNode, scope: Scope): void {
    const assigned = new Set<string>();
    const found: { node: ShellNode; name: string; feeds?: string }[] = [];
    // Iterative: a RUN line of thousands of `&&` is a tree thousands of levels deep.
    // Each entry carries its parent's type: Node.parent costs a walk from the root in tree-sitter.
    // Stryker disable next-line StringLiteral: the root has no parent; only command, array and declaration_command are asked for
    const stack: [ShellNode, string | undefined, string][] = [[root, undefined, '']];
    while (stack.length) {
      const [n, inherited, parentType] = stack.pop()!;
      let feeds = inherited;
      if (parentType === 'command' || parentType === 'array') {
        // A prefix, an env word or an array element that passes a variable on under its own name.
        // (Most values hold no `$` at all: no pattern is compiled for them.)
        // Stryker disable next-line ConditionalExpression,StringLiteral: a word without `$` fails the pattern below anyway; the test only saves compiling it
        const m = n.text.includes('$') ? /^"?([A-Za-z_][A-Za-z0-9_]*)=(.*)/s.exec(n.text) : null;
        if (m && new RegExp(`\\$\\{?${m[1]}\\b`).test(m[2])) this.w.passedOn.add(m[1]);
      }
      if (n.type === 'variable_assignment') {
        const name = n.childForFieldName('name')!.text;
        assigned.add(name);
        feeds = name;
      } else if (n.type === 'for_statement' || n.type === 'variable_name') {
        // `for X in`, `read X`, `export X`: the script gives X a value.
        const v = n.type === 'for_statement' ? n.childForFieldName('variable') : parentType === 'declaration_command' ? n : null;
        if (v) assigned.add(v.text);
      } else if (n.type === 'command') {
        const name = n.childForFieldName('name')?.text;
        // (Options are no names, and no expansion names them.)
        if (name === 'read') for (const a of n.childrenForFieldName('argument')) assigned.add(a.text);
      } else if (n.type === 'concatenation' && (parentType === 'command' || parentType === 'array')) {
        // `env GOARCH=$TARGETARCH go build`, `ENVS=(GOARCH=$TARGETARCH)`: the word is an assignment env makes.
        feeds = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(n.text)?.[1] ?? feeds;
      } else if (n.type === 'simple_expansion' || n.type === 'expansion') {
        const name = n.namedChildren.find((c) => c.type === 'variable_name')?.text;
        // `${V:-word}` / `${V-word}` / `${V:=word}` never expand to nothing: not an undeclared use.
        const defaulted = /^\$\{[A-Za-z_]\w*:?[-=][^}]/.test(n.text.trim());
        // $1, $#: a call's parameters, no variable the environment could lack.
        if (name && !defaulted && !POSITIONAL.test(name)) found.push({ node: n, name, feeds });
      }
      const children = n.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], feeds, n.type]);
    }
    // `found` is in document order: the stack visits a node before its children, and children left to right.
    for (const f of found) {
      // Inside double quotes tree-sitter may start the node at the blank before the `$`.
      const start = f.node.startIndex + Math.max(0, f.node.text.indexOf('$'));
      const range = this.range({ startIndex: start, endIndex: f.node.endIndex });
      this.w.result.references.push({ name: f.name, range, bound: scope.vars.has(f.name) || assigned.has(f.name), feeds: f.feeds });
    }
  }

  statements(node: ShellNode, scope: Scope): void {
    // A script the parser could not read at all is one ERROR.
    if (node.type === 'ERROR') this.statement(node, scope);
    else for (const child of node.namedChildren) this.statement(child, scope);
  }

  statement(n: ShellNode, scope: Scope): void {
    switch (n.type) {
      case 'command':
        this.command(n, scope);
        return;
      case 'variable_assignment':
        this.substitutions(n, scope);
        this.assignment(n, scope, 'shell');
        return;
      case 'variable_assignments':
        this.substitutions(n, scope);
        this.plainAssignments(n.namedChildren, scope);
        return;
      case 'declaration_command':
        this.substitutions(n, scope);
        this.declaration(n, scope);
        return;
      case 'command_substitution':
        this.statements(n, scope.clone());
        return;
      case 'unset_command':
        // (An option such as -v names no variable there is.)
        for (const a of n.namedChildren) scope.vars.delete(a.text);
        return;
      case 'pipeline':
        // Every part of a pipeline runs in a subshell: what it sets does not survive. (The first part may
        // carry a line of assignments tree-sitter joined to it, which the shell ran before: see command().)
        n.namedChildren.forEach((part, i) => {
          const first = i === 0 ? (part.type === 'redirected_statement' ? part.childForFieldName('body') : part) : null;
          // Stryker disable next-line ConditionalExpression,StringLiteral: the join shows only when the pipeline ends the script, where nothing after it tells this shell's copy from a subshell
          if (first?.type === 'command') this.command(first, scope, true, wordsAfterRedirects(part));
          else this.statement(part, scope.clone());
        });
        return;
      case 'subshell':
        this.statements(n, scope.clone());
        return;
      case 'function_definition': {
        // Bodies run when called (callFunction); a function this text never calls is walked at its end.
        const name = n.childForFieldName('name')?.text;
        const body = n.childForFieldName('body');
        // Stryker disable next-line ConditionalExpression,LogicalOperator: tree-sitter-bash makes a half-typed definition a command; the guard only keeps an odd tree from throwing
        if (!name || !body) return;
        const def: FunctionDef = { name, body, pass: this, called: false, alive: true };
        this.defined.push(def);
        scope.functions.set(name, def);
        return;
      }
      case 'for_statement':
      case 'c_style_for_statement':
      case 'while_statement': {
        const variable = n.childForFieldName('variable');
        const body = n.childForFieldName('body');
        // A while or until condition (a C-style for's is arithmetic: it runs nothing).
        const cond = n.childForFieldName('condition');
        if (cond) this.statement(cond, scope.clone());
        // Stryker disable next-line ConditionalExpression: tree-sitter-bash gives every loop a body (a half-typed one is an ERROR); the guard only keeps an odd tree from throwing
        if (!body) return;
        // `for t in linux/amd64 linux/arm64`: a static list is walked once per value (bounded), so each
        // iteration's go command gets its real GOOS/GOARCH; anything else once with the variable unknown.
        const values = this.staticList(n, scope);
        // After the loop: any iteration may have been the last, or none ran (break, an empty or false condition).
        const ends: Scope[] = [];
        for (const value of values ?? [undefined]) {
          const loopScope = scope.clone();
          if (variable) {
            // The loop variable keeps the export attribute it had (`export GOARCH; for GOARCH in …`), and gets it after `set -a`.
            const exported = loopScope.allexport || loopScope.vars.get(variable.text)?.exported === true;
            loopScope.vars.set(variable.text, { entry: { name: variable.text, value, expr: `$${variable.text}` }, exported });
          }
          this.statements(body, loopScope);
          ends.push(loopScope);
        }
        mergeBranches(scope, [...ends, scope.clone()]);
        return;
      }
      case 'if_statement':
        this.ifStatement(n, scope);
        return;
      case 'case_statement':
        this.caseStatement(n, scope);
        return;
      case 'redirected_statement': {
        const body = n.childForFieldName('body');
        // Stryker disable next-line ConditionalExpression: tree-sitter-bash gives every redirected statement a body; the guard only keeps an odd tree from throwing
        if (!body) return;
        if (body.type === 'command') this.command(body, scope, false, wordsAfterRedirects(n));
        else this.statement(body, scope);
        return;
      }
      case 'heredoc_body':
      case 'heredoc_redirect':
      case 'file_redirect':
        return;
      case 'list': {
        // `a && b && c` nests to the left, one level per operator: walk it as a flat sequence.
        const parts: { node: ShellNode; op: string }[] = [];
        let cur: ShellNode = n;
        while (cur.type === 'list') {
          const named: ShellNode[] = cur.namedChildren;
          const op = cur.children.some((c) => c.type === '||') ? '||' : '&&';
          for (let i = named.length - 1; i >= 1; i--) parts.push({ node: named[i], op });
          cur = named[0];
        }
        // Stryker disable next-line StringLiteral: the first part's op is only compared with '&&' and '||', which no other text is either
        parts.push({ node: cur, op: '' });
        parts.reverse();
        // Later parts run only when the chain got that far, so they see what earlier parts set. The state
        // after the chain may also be one where it stopped early: after a test (`[ -n "$CI" ] && export …`)
        // or at `||`. A failing `apk add` or `export` before `&&` is taken to end the script instead.
        const stopped: Scope[] = [];
        parts.forEach(({ node, op }, i) => {
          if (op === '||' || (op === '&&' && isTest(parts[i - 1].node))) stopped.push(scope.clone());
          this.statement(node, scope);
        });
        // Stryker disable next-line ConditionalExpression: merging the one end state into itself changes nothing; the test saves the work
        if (stopped.length) mergeBranches(scope, [scope.clone(), ...stopped]);
        return;
      }
      case 'ERROR':
        // Around an unbalanced quote or backtick the parser keeps what it can: an assignment there still gives
        // later commands its value, but it may sit inside the quote or substitution the parser gave up on, and
        // an `export` written before it can leave the parse as it was, so it is never reported as unexported.
        for (const child of n.namedChildren) {
          this.statement(child, scope);
          const b = child.type === 'variable_assignment' ? scope.vars.get(child.childForFieldName('name')!.text) : undefined;
          if (b && !b.exported) scope.vars.set(b.entry.name, { ...b, unplaced: true });
        }
        return;
      default:
        // compound_statement, if/case/elif/else/do_group, negated_command, test commands, strings...:
        // their children run in this shell, in order.
        for (const child of n.namedChildren) this.statement(child, scope);
    }
  }

  /**
   * if/elif/else: each branch runs from the state after the first condition; afterwards the shell is in
   * one of their end states (or the entering one when there is no else), so disagreements become unknown.
   */
  private ifStatement(n: ShellNode, scope: Scope): void {
    const branches: Scope[] = [];
    let hasElse = false;
    for (const [i, c] of n.namedChildren.entries()) {
      if (n.fieldNameForNamedChild(i) === 'condition') {
        this.statement(c, scope);
        continue;
      }
      if (!branches.length) branches.push(scope.clone()); // the then branch, from after the condition
      if (c.type === 'elif_clause' || c.type === 'else_clause') {
        // An elif's condition runs only when the branches before it were not taken: walk it in its branch.
        const branch = scope.clone();
        this.statements(c, branch);
        branches.push(branch);
        hasElse ||= c.type === 'else_clause';
      } else this.statement(c, branches[0]);
    }
    if (!hasElse) branches.push(scope.clone());
    mergeBranches(scope, branches);
  }

  /** case … esac: one item's body runs, or none when no pattern is `*`. */
  private caseStatement(n: ShellNode, scope: Scope): void {
    const branches: Scope[] = [];
    let hasDefault = false;
    for (const item of n.namedChildren) {
      if (item.type !== 'case_item') continue;
      const branch = scope.clone();
      for (const [i, c] of item.namedChildren.entries()) {
        if (item.fieldNameForNamedChild(i) === 'value') hasDefault ||= c.text === '*';
        else this.statement(c, branch);
      }
      branches.push(branch);
    }
    if (!hasDefault) branches.push(scope.clone());
    mergeBranches(scope, branches);
  }

  /**
   * Assignments that are statements of their own (`GOOS=linux GOARCH=arm64` on a line): plain shell variables,
   * each remembering where its statement starts, where one `export` exports the whole line.
   */
  plainAssignments(nodes: ShellNode[], scope: Scope): void {
    let statement = nodes[0];
    nodes.forEach((a, i) => {
      if (i > 0 && lineBreakBetween(this.src.text, nodes[i - 1], a)) statement = a;
      this.assignment(a, scope, 'shell', statement);
    });
  }

  /** NAME=value standing alone (kind shell) or inside export/declare (kind export). */
  assignment(n: ShellNode, scope: Scope, kind: AssignmentKind, statement?: ShellNode): Assignment | undefined {
    const nameNode = n.childForFieldName('name')!;
    if (nameNode.type === 'subscript') {
      // `A[2]=x`: the array's elements are no longer all known.
      const array = nameNode.childForFieldName('name')!.text;
      scope.vars.set(array, { entry: { name: array, value: undefined, expr: this.shown(n.text) }, exported: false, elements: [undefined] });
      return undefined;
    }
    const name = nameNode.text;
    const valueNode = n.childForFieldName('value');
    if (valueNode?.type === 'array') {
      this.arrayAssignment(n, name, valueNode, scope);
      return undefined;
    }
    const ev: Evaluated = valueNode ? this.evaluate(valueNode, scope) : { value: '', expr: '' };
    if (valueNode && this.w.watch.variable(name)) ev.fromSite = this.argumentSite(name, valueNode.text, scope) ?? ev.fromSite;
    const exported = kind === 'export' || scope.allexport || scope.vars.get(name)?.exported === true;
    const site = this.w.watch.variable(name) ? this.site(n, nameNode, valueNode, ev, kind, statement) : undefined;
    if (site) {
      this.w.result.assignments.push(site);
    }
    const definition = site ?? this.site(n, nameNode, valueNode, ev, kind);
    const argument = valueNode ? this.argumentOf(valueNode.text, scope) : undefined;
    scope.vars.set(name, { entry: { name, value: ev.value, expr: ev.expr, site, definition, ...hostPart(ev) }, exported, argument });
    return site;
  }

  /** `A=(GOOS=linux "GOARCH=$arch")`, `A+=(…)`: the elements, each evaluated (an array expansion spreads). */
  private arrayAssignment(n: ShellNode, name: string, value: ShellNode, scope: Scope): void {
    const previous = scope.vars.get(name);
    const elements: (string | undefined)[] = n.text.startsWith(`${name}+=`) ? [...(previous?.elements ?? [previous?.entry.value])] : [];
    for (const c of value.namedChildren) {
      if (c.type === 'comment') continue;
      const spread = this.arrayElements(c, scope);
      if (spread !== null) elements.push(...(spread ?? [undefined]));
      else elements.push(this.evaluate(c, scope).value);
    }
    // Arrays are never exported (bash has no way to), `export` and `set -a` notwithstanding.
    scope.vars.set(name, { entry: { name, value: elements[0], expr: this.shown(value.text) }, exported: false, elements });
  }

  declaration(n: ShellNode, scope: Scope): void {
    const keyword = n.children[0].text;
    // Every word: an option starts with `-`, a name or an assignment never does.
    const options = n.namedChildren.map((c) => c.text);
    const exporting = keyword === 'export' || options.some((o) => /^-[a-zA-Z]*x/.test(o));
    // In a function, local/declare/typeset (without -g) make the name local to the call.
    const local = scope.frame !== undefined && (keyword === 'local' || ((keyword === 'declare' || keyword === 'typeset') && !options.some((o) => /^-[a-zA-Z]*g/.test(o))));
    for (const c of n.namedChildren) {
      const name = c.type === 'variable_assignment' ? c.childForFieldName('name')?.text : c.type === 'variable_name' ? c.text : undefined;
      if (!name) continue;
      if (local && !scope.frame!.has(name)) {
        scope.frame!.set(name, scope.vars.get(name));
        // A new local starts unset and unexported, whatever the caller's variable was.
        if (c.type === 'variable_name') scope.vars.set(name, { entry: { name, value: '', expr: '' }, exported: exporting });
      }
      if (c.type === 'variable_assignment') this.assignment(c, scope, exporting ? 'export' : 'shell');
      else if (exporting) {
        const b = scope.vars.get(name);
        scope.vars.set(name, b ? { ...b, exported: true } : { entry: { name, value: undefined, expr: `$${name}` }, exported: true, unset: true });
      }
    }
  }

  /**
   * Runs a simple command in `scope`'s shell, or in a subshell of it (a pipeline's part). `more`: its
   * words after a redirect (`go build 2>/dev/null ./cmd`), which tree-sitter puts outside the command.
   */
  command(n: ShellNode, scope: Scope, subshell = false, more: ShellNode[] = []): void {
    this.substitutions(n, scope);
    for (const word of more) this.substitutions(word, scope);
    let prefixes: ShellNode[] = [];
    let nameNode: ShellNode | null = null;
    const args: ShellNode[] = [];
    /** Prefixes that stand before a line break: plain assignments of their own line (see below). */
    let plain = 0;
    let previous: ShellNode | null = null;
    for (const [i, c] of n.namedChildren.entries()) {
      const field = n.fieldNameForNamedChild(i);
      // tree-sitter-bash reads `GOOS=linux GOARCH=arm64⏎go build` as one command with two prefixes (a line of
      // several assignments swallows the next line's command, even across comments); the shell runs two statements.
      // (A comment ends at a line break too.)
      if (!nameNode && previous && lineBreakBetween(this.src.text, previous, c)) plain = prefixes.length;
      previous = c;
      // The name's word, not its command_name wrapper: `$(GO) build` names the command by its value.
      if (field === 'name') nameNode = (c.type === 'command_name' ? c.namedChildren[0] : undefined) ?? c;
      else if (!nameNode && c.type === 'variable_assignment') prefixes.push(c);
      else if (field === 'argument' || (nameNode && c.type !== 'file_redirect' && c.type !== 'herestring_redirect')) args.push(c);
    }
    if (!nameNode) plain = prefixes.length; // only assignments (tree-sitter shapes some as commands without a name)
    this.plainAssignments(prefixes.slice(0, plain), scope);
    prefixes = prefixes.slice(plain);
    if (!nameNode) return;
    const shell = subshell ? scope.clone() : scope;
    const cmdScope = shell.clone();
    for (const p of prefixes) this.prefix(p, cmdScope, 'prefix');
    const words = [nameNode, ...args, ...more];
    const endIndex = more.length ? more[more.length - 1].endIndex : n.endIndex;
    this.invoke(words, cmdScope, shell, { startIndex: plain ? (prefixes[0] ?? nameNode).startIndex : n.startIndex, endIndex });
  }

  /**
   * Runs the command substitutions in a command's words or an assignment's value, each in a subshell, before
   * it (`VERSION=$(go run ./tools/version)` runs go). Their values are read where the words are evaluated.
   */
  private substitutions(n: ShellNode, scope: Scope): void {
    // Most commands have none: a look at where the text has `$(` or a backquote saves walking their words.
    // Stryker disable all: the look-ahead only saves time; the walk below finds no substitution where it skips
    const at = (this.substitutionStarts ??= [...this.src.text.matchAll(/\$\(|`/g)].map((m) => m.index));
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid] < n.startIndex) lo = mid + 1;
      else hi = mid;
    }
    if (lo === at.length || at[lo] >= n.endIndex) return;
    // Stryker restore all
    const stack = [n];
    while (stack.length) {
      const c = stack.pop()!;
      // A substitution's own substitutions run when it runs. (Walking another node in a copy runs nothing:
      // statement() walks what a word holds, and only a substitution in it holds commands.)
      // Stryker disable next-line ConditionalExpression,EqualityOperator: see above
      if (c.type === 'command_substitution') this.statements(c, scope.clone());
      else for (let i = c.namedChildren.length - 1; i >= 0; i--) stack.push(c.namedChildren[i]);
    }
  }

  /** The words of `for x in …` when every one is known (word splitting on blanks), at most 16 of them; other loops have none. */
  private staticList(n: ShellNode, scope: Scope): string[] | undefined {
    const values = n.childrenForFieldName('value');
    const out: string[] = [];
    for (const v of values) {
      const elements = this.arrayElements(v, scope);
      if (elements !== null) {
        if (!elements) return undefined;
        out.push(...(elements as string[]));
        continue;
      }
      const value = this.evaluate(v, scope).value;
      const split = fields(v, value, scope);
      if (split.includes(undefined)) return undefined;
      out.push(...(split as string[]));
    }
    return out.length && out.length <= 16 ? out : undefined;
  }

  /** A prefix assignment: exported to this command only. */
  prefix(p: ShellNode, cmdScope: Scope, kind: AssignmentKind): Assignment | undefined {
    const nameNode = p.childForFieldName('name')!;
    const valueNode = p.childForFieldName('value');
    const ev: Evaluated = valueNode ? this.evaluate(valueNode, cmdScope) : { value: '', expr: '' };
    if (valueNode && this.w.watch.variable(nameNode.text)) ev.fromSite = this.argumentSite(nameNode.text, valueNode.text, cmdScope) ?? ev.fromSite;
    const site = this.w.watch.variable(nameNode.text) ? this.site(p, nameNode, valueNode, ev, kind) : undefined;
    if (site) this.w.result.assignments.push(site);
    // Without this prefix the command gets the exported value it replaces (`export GOARM=6` above).
    const replaced = cmdScope.vars.get(nameNode.text);
    if (site && replaced?.exported && replaced.entry.site) site.hides = comesBack(replaced.entry.site);
    const definition = site ?? this.site(p, nameNode, valueNode, ev, kind);
    cmdScope.vars.set(nameNode.text, { entry: { name: nameNode.text, value: ev.value, expr: ev.expr, site, definition, ...hostPart(ev) }, exported: true });
    return site;
  }

  /**
   * Runs words[0] with words[1..] in cmdScope's environment; `outer` is the shell's scope (for `set -a`, `cd`).
   * The words expand in `expandIn`, the shell before the prefixes: bash expands them first.
   */
  invoke(words: ShellNode[], cmdScope: Scope, outer: Scope, whole: Span, functions = true, expandIn = outer): void {
    if (!words.length) return;
    const elements = this.arrayElements(words[0], expandIn);
    if (elements !== null) {
      // `"${CMD[@]}" go build`: the command is the array's first element.
      this.arrayCommand(elements, words, cmdScope, outer, whole, expandIn);
      return;
    }
    if (allArguments(words[0].text)) {
      this.runArguments(words, expandIn, cmdScope, outer);
      return;
    }
    const split = this.splitFields(words[0], expandIn);
    if (split && split.length !== 1) {
      // `$SUDO go build` with SUDO empty runs go; `$GO_BUILD -o app .` with GO_BUILD="go build -trimpath" runs
      // the program its first field names, with the other fields as its first arguments.
      if (!split.length) this.invoke(words.slice(1), cmdScope, outer, whole, functions, expandIn);
      else this.simpleCommand(baseName(split[0]), words, cmdScope, whole, expandIn, split);
      return;
    }
    const name = this.evaluate(words[0], expandIn).value ?? words[0].text;
    const base = baseName(name);
    const def = functions && base === words[0].text ? cmdScope.functions.get(base) : undefined;
    if (def) {
      this.callFunction(def, words, cmdScope, outer, whole, expandIn);
      return;
    }
    if (PASS_THROUGH.has(base)) {
      const rest = words.slice(1);
      while (rest.length && rest[0].text.startsWith('-')) {
        // Shifted before the lookup: `?.` would skip evaluating a shift in its arguments (`command -v` looped forever).
        const option = rest.shift()!.text;
        if (PASS_THROUGH_VALUED[base]?.includes(option)) rest.shift();
      }
      // `command go` and `builtin` skip functions, and exec/nice/nohup run programs; `time` runs either.
      this.invoke(rest, cmdScope, outer, whole, base === 'time', expandIn);
      return;
    }
    if (base === 'shift') {
      const n = words[1] ? Number(this.evaluate(words[1], expandIn).value) : 1;
      if (outer.positional) outer.positional = Number.isInteger(n) && n >= 0 ? { ...outer.positional, args: outer.positional.args.slice(n) } : undefined;
      return;
    }
    if (base === 'eval') {
      this.evalCommand(words, cmdScope, outer, whole, expandIn);
      return;
    }
    if (base === 'cd') {
      // `cd dir && go build -o bin/app`: the output lands relative to dir.
      const dir = words[1] ? this.evaluate(words[1], expandIn).value : undefined;
      // An absolute directory is known wherever the shell was; a relative one only from a known place.
      if (dir !== undefined && dir.startsWith('/')) outer.cwd = dir;
      else outer.cwd = dir === undefined || dir === '-' || outer.cwd === undefined ? undefined : `${outer.cwd}${outer.cwd ? '/' : ''}${dir}`;
      return;
    }
    if (base === 'env') {
      this.envCommand(words.slice(1), cmdScope, outer, whole, expandIn);
      return;
    }
    if (base === 'set') {
      // `set -a` / `set -o allexport` export every later assignment; `set +a` stops it.
      const opts = words.map((w) => w.text);
      if (opts.includes('--')) outer.positional = undefined; // `set -- …` replaces $1…
      opts.forEach((o, i) => {
        if (/^-[a-zA-Z]*a/.test(o) || (o === 'allexport' && opts[i - 1] === '-o')) outer.allexport = true;
        if (/^\+[a-zA-Z]*a/.test(o) || (o === 'allexport' && opts[i - 1] === '+o')) outer.allexport = false;
      });
      return;
    }
    if (base === 'sh' || base === 'bash' || base === 'dash' || base === 'ash') {
      // `sh -ec '…'` runs the word after -c; `bash scripts/build.sh linux` runs a file: a program run (simpleCommand).
      const c = words.findIndex((w) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w.text));
      // Stryker disable next-line EqualityOperator: index 0 is the shell's own name, never an option
      if (c > 0) {
        const script = words[c + 1];
        if (script && isQuotedLiteral(script)) this.nested(script, cmdScope);
        return;
      }
    }
    if ((base === '.' || base === 'source') && words.length >= 2) {
      this.sourceFile(words, outer, expandIn);
      return;
    }
    this.simpleCommand(base, words, cmdScope, whole, expandIn);
  }

  /**
   * `. ./env.sh`: the file's text runs in this shell. A file we cannot read could set any build variable:
   * they become unknown after it, unless it only describes the system (`. /etc/os-release`).
   */
  private sourceFile([command, word]: ShellNode[], outer: Scope, expandIn: Scope): void {
    const path = this.evaluate(word, expandIn).value;
    const file = path === undefined ? undefined : this.w.readSourced?.(path, outer.cwd);
    if (file) {
      this.w.source(file, outer, this.depth);
      return;
    }
    // Stryker disable next-line StringLiteral: an unknown name is no system file, whatever text stands for it
    if (!DESCRIBES_SYSTEM.test(path ?? '')) forgetTouched(outer, { names: new Set(this.w.watch.opaque), cd: false }, `${command.text} ${this.shown(word.text)}`);
  }

  envCommand(words: ShellNode[], cmdScope: Scope, outer: Scope, whole: Span, expandIn: Scope): void {
    let i = 0;
    for (; i < words.length; i++) {
      const t = words[i].text;
      const elements = this.arrayElements(words[i], expandIn);
      // (An array expansion is never literal.)
      if (!isLiteral(t) && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) {
        // `env "${GO_BUILD_ENV[@]}" go build`, `env $VARS go build`: assignments we may or may not read.
        const values = elements ?? fields(words[i], this.evaluate(words[i], expandIn).value, expandIn);
        if (values.every((v) => v !== undefined && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v))) {
          for (const v of values as string[]) setFromText(cmdScope, v);
          continue;
        }
        if (!this.goFollows(words, i + 1, cmdScope)) break;
        markOpaque(cmdScope, this.shown(t), this.w.watch.opaque);
        continue;
      }
      if (t === '-i' || t === '--ignore-environment' || t === '-') {
        for (const [name, b] of cmdScope.vars) cmdScope.vars.set(name, { ...b, exported: false });
      } else if (t === '-u' || t === '--unset' || t === '-C' || t === '--chdir' || t === '-S') {
        if (t === '-u' || t === '--unset') cmdScope.vars.delete(words[i + 1]?.text ?? '');
        i++;
      } else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) {
        this.envWordAssignment(words[i], cmdScope, expandIn);
      } else if (!t.startsWith('-')) break; // other options are skipped
    }
    // env runs a program, never a shell function of the same name.
    this.invoke(words.slice(i), cmdScope, outer, whole, false, expandIn);
  }

  /** `env NAME=value`: the word is one token to tree-sitter, so split it here. */
  envWordAssignment(word: ShellNode, cmdScope: Scope, expandIn: Scope): void {
    const text = word.text;
    const eq = text.indexOf('=');
    const name = text.slice(0, eq);
    const ev = this.evaluate(word, expandIn);
    const full = ev.value;
    const value = full === undefined ? undefined : full.slice(full.indexOf('=') + 1);
    // `env GOARCH=$(uname -m)`: the value on each build host, without the name the word starts with.
    const hostValues = ev.hostValues && new Map([...ev.hostValues].map(([host, v]) => [host, v.slice(v.indexOf('=') + 1)]));
    const expr = this.shown(text.slice(eq + 1));
    let site: Assignment | undefined;
    if (this.w.watch.variable(name)) {
      const [s, e] = this.offsets(word);
      site = this.makeSite({
        name,
        kind: 'env-command',
        nameOffsets: [s, this.src.origin(word.startIndex + eq - 1) + 1],
        offsets: [s, e],
        valueOffsets: [this.src.origin(word.startIndex + eq + 1), e],
        valueText: expr,
        value,
        literal: isLiteral(expr),
        fromSite: this.argumentSite(name, text.slice(eq + 1), expandIn) ?? ev.fromSite,
        hostValues,
      });
      if (expr === '') site.valueRange = { start: site.range.end, end: site.range.end };
      this.w.result.assignments.push(site);
    }
    cmdScope.vars.set(name, { entry: { name, value, expr, site, ...(hostValues ? { hostValues } : {}) }, exported: true });
  }

  /** Runs a quoted literal script: in a new shell (`sh -c`), or in this one (`eval`). */
  nested(script: ShellNode, scope: Scope, sameShell = false): void {
    const inner = new Mapped();
    for (let i = script.startIndex + 1; i < script.endIndex - 1; i++) inner.append(this.src.text[i], this.src.origin(i));
    if (sameShell) {
      // (Functions it defines stay callable after it, as a sourced file's do.)
      this.w.run(inner, scope, this.depth + 1, true, true);
      return;
    }
    const childScope = scope.clone();
    for (const b of childScope.vars.values()) if (!b.exported) childScope.vars.delete(b.entry.name);
    childScope.functions.clear(); // a new shell knows none of this one's functions
    childScope.positional = undefined;
    childScope.frame = undefined;
    this.w.run(inner, childScope, this.depth + 1);
  }

  /**
   * `eval 'GOOS=linux go build'` runs its text in this shell. With words we cannot read (`eval $VARS go
   * build`), a literal go command among them still runs, with an environment we do not know.
   */
  evalCommand(words: ShellNode[], cmdScope: Scope, outer: Scope, whole: Span, expandIn: Scope): void {
    const args = words.slice(1);
    if (args.length === 1 && isQuotedLiteral(args[0])) {
      this.nested(args[0], outer, true);
      return;
    }
    if (args.every((w) => isLiteral(w.text) && !/["']/.test(w.text))) {
      this.invoke(args, cmdScope, outer, whole, true, expandIn);
      return;
    }
    const go = args.findIndex((w) => this.w.watch.program(w.text));
    if (go < 0) return;
    markOpaque(cmdScope, this.shown(words[1].text), this.w.watch.opaque);
    // Stryker disable next-line ConditionalExpression,Regex: a word without `=` before the program names no variable rules read
    for (const w of args.slice(0, go)) if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text)) this.envWordAssignment(w, cmdScope, expandIn);
    this.invoke(args.slice(go), cmdScope, outer, whole, false, expandIn);
  }

  /** True when a literal go tool word comes at or after `from` (what an unreadable env or eval runs). */
  private goFollows(words: ShellNode[], from: number, scope: Scope): boolean {
    for (let k = from; k < words.length; k++) {
      if (this.w.watch.program(words[k].text)) return true;
      if (!isLiteral(words[k].text)) continue; // (an array expansion is never literal)
      if (!/^[A-Za-z_][A-Za-z0-9_]*=|^-/.test(words[k].text)) return false;
    }
    return false;
  }

  /** `"${CMD[@]}" go build …`: an env-like array in front of go. */
  private arrayCommand(elements: readonly (string | undefined)[] | undefined, words: ShellNode[], cmdScope: Scope, outer: Scope, whole: Span, expandIn: Scope): void {
    const known = elements?.every((e) => e !== undefined) ? (elements as string[]) : undefined;
    if (known && known[0] !== undefined && baseName(known[0]) === 'env' && known.slice(1).every((e) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(e))) {
      for (const e of known.slice(1)) setFromText(cmdScope, e);
      this.invoke(words.slice(1), cmdScope, outer, whole, false, expandIn);
      return;
    }
    if (known && known.length === 0) {
      this.invoke(words.slice(1), cmdScope, outer, whole, true, expandIn);
      return;
    }
    if (!this.goFollows(words, 1, cmdScope)) return;
    const go = words.findIndex((w) => this.w.watch.program(w.text));
    markOpaque(cmdScope, this.shown(words[0].text), this.w.watch.opaque);
    this.invoke(words.slice(go), cmdScope, outer, whole, false, expandIn);
  }

  /**
   * Runs a shell function in the caller's shell: its assignments and exports stay after it returns,
   * except `local` ones and the call's own prefixes. $1… are the caller's words, evaluated there.
   */
  callFunction(def: FunctionDef, words: ShellNode[], cmdScope: Scope, outer: Scope, whole: Span, expandIn: Scope): void {
    if (!def.alive || this.w.active.has(def)) return;
    if (this.w.calls >= MAX_CALLS || this.w.watchedRuns >= MAX_COMMANDS) {
      // Not walked: what the call could set is unknown after it, never the value from before.
      this.w.cutOff(this.w.calls >= MAX_CALLS ? `function calls after the first ${MAX_CALLS}` : `function calls after ${MAX_COMMANDS} runs of the go command`);
      forgetTouched(outer, touchedBy([def.body], outer, this.w.watch.opaque), def.name);
      return;
    }
    def.called = true;
    this.w.calls++;
    const args = this.callArguments(words, expandIn, whole);
    const frame = new Map<string, Binding | undefined>();
    for (const [name, b] of cmdScope.vars) {
      if (outer.vars.get(name) === b) continue;
      frame.set(name, outer.vars.get(name));
      outer.vars.set(name, b);
    }
    const saved = { positional: outer.positional, frame: outer.frame };
    outer.positional = args;
    outer.frame = frame;
    this.w.active.add(def);
    try {
      def.pass.statement(def.body, outer);
    } finally {
      this.w.active.delete(def);
      for (const [name, b] of frame) {
        if (b) outer.vars.set(name, b);
        else outer.vars.delete(name);
      }
      outer.positional = saved.positional;
      outer.frame = saved.frame;
    }
  }

  /**
   * `"$@"` as a command: a wrapper (`run() { log "$*"; "$@"; }`) runs the words its caller passed. They
   * are walked as the caller's command, in the caller's $1…, when all come from one call in this text.
   */
  private runArguments(words: ShellNode[], expandIn: Scope, cmdScope: Scope, outer: Scope): void {
    const p = expandIn.positional;
    const first = p?.args[0];
    if (!p || !p.whole || !first?.node || !first.call || words.length > 1) return;
    if (!p.args.every((a) => a.node && a.pass === this && a.call === first.call)) return;
    const nodes = [...new Set(p.args.map((a) => a.node!))];
    // The caller's words expand in the caller's $1…; the environment is this command's.
    const callerWords = expandIn.clone();
    callerWords.positional = first.callerPositional;
    this.invoke(nodes, cmdScope, outer, first.call, true, callerWords);
  }

  /** Functions this text defines but never calls, walked once in the final state with unknown arguments. */
  uncalledFunctions(scope: Scope): void {
    for (const def of this.defined) {
      if (def.called) continue;
      const callScope = scope.clone();
      callScope.positional = undefined;
      callScope.frame = new Map();
      def.called = true;
      this.w.active.add(def);
      try {
        this.statement(def.body, callScope);
      } finally {
        this.w.active.delete(def);
      }
    }
  }

  /** The positional parameters of a call: each word evaluated in the caller; `"$@"` and arrays spread. */
  private callArguments(words: ShellNode[], scope: Scope, call: Span): Positional {
    const callAt = this.offsets(words[0])[0];
    const here = { pass: this, call, callerPositional: scope.positional };
    const out: Argument[] = [];
    let shifted = false; // after an unquoted unknown word, positions are unknown
    let whole = true;
    for (const w of words.slice(1)) {
      const offsets = this.offsets(w);
      const range = this.range(w);
      if (allArguments(w.text)) {
        if (!scope.positional || scope.positional.open) shifted = true;
        if (!scope.positional || !scope.positional.whole) whole = false;
        for (const a of scope.positional?.args ?? []) out.push({ ...a, word: shifted ? { ...a.word, value: undefined } : a.word, callAt, from: a.from ?? a });
        continue;
      }
      const elements = this.arrayElements(w, scope);
      if (elements !== null) {
        if (!elements) shifted = true;
        // An unknown array still counts as its word (for a wrapper that reruns "$@"), with no value.
        for (const e of elements ?? [undefined]) out.push({ word: { text: this.shown(w.text), value: shifted ? undefined : e, range }, offsets, callAt, node: w, ...here });
        continue;
      }
      const ev = this.evaluate(w, scope);
      out.push({ word: { text: this.shown(w.text), value: shifted ? undefined : ev.value, range, source: this.sourceOf(w, scope) }, offsets, callAt, from: this.argumentOf(w.text, scope), fromSite: ev.fromSite, node: w, ...here });
      // (A quoted word is one argument whatever its value; a raw string's value is always known.)
      if (ev.value === undefined && w.type !== 'string' && !isLiteral(w.text)) shifted = true;
    }
    return { args: out, open: shifted, whole };
  }

  /**
   * The site of a build variable's value that is exactly a function's positional parameter (`GOARCH=$2`):
   * the argument the caller wrote, where value rules report and fix it.
   */
  private argumentSite(name: string, valueText: string, scope: Scope): Assignment | undefined {
    const arg = this.argumentOf(valueText, scope);
    if (!arg) return undefined;
    const value = arg.word.value;
    const key = `${arg.offsets[0]}:${arg.offsets[1]}:${name}:${value ?? ''}`;
    let site = this.w.argumentSites.get(key);
    if (site) return site;
    const lines = this.w.lines;
    const file = this.w.file;
    site = {
      ...this.makeSite({ name, kind: 'argument', nameOffsets: arg.offsets, offsets: arg.offsets, valueOffsets: arg.offsets, valueText: arg.word.text, value, literal: isLiteral(arg.word.text), fromSite: arg.fromSite }),
      // A prefix on the call: bash exports it to the function's commands for the call's duration.
      addSibling: (n: string, v: string): TextEdit => ({ file, range: lines.range(arg.callAt, arg.callAt), newText: `${n}=${v} ` }),
      // Removing the word would shift the later arguments: pass an empty one (empty counts as unset).
      remove: (): TextEdit => ({ file, range: lines.range(...arg.offsets), newText: '""' }),
    };
    this.w.argumentSites.set(key, site);
    this.w.result.assignments.push(site);
    return site;
  }

  /** The call argument a word copies: `"$2"`, or `$arch` after `local arch=$2`. */
  private argumentOf(text: string, scope: Scope): Argument | undefined {
    const index = positionalIndex(text);
    const name = /^("?)\$\{?([A-Za-z_]\w*)\}?\1$/.exec(text)?.[2];
    const found = index !== undefined ? scope.positional?.args[index - 1] : name !== undefined ? scope.vars.get(name)?.argument : undefined;
    return found && (found.from ?? found);
  }

  /**
   * The elements of an array expansion word (`"${A[@]}"`, `${A[*]}`): undefined when not known, null
   * when the word is no array expansion.
   */
  arrayElements(word: ShellNode, scope: Scope): readonly (string | undefined)[] | undefined | null {
    const inner = unquoted(word);
    // Stryker disable next-line Regex: an expansion node's text is one `${…}`: either anchor alone already rules out all else
    const m = inner.type === 'expansion' ? /^\$\{([A-Za-z_]\w*)\[[@*]\]\}$/.exec(inner.text) : null;
    if (!m) return null;
    const b = scope.vars.get(m[1]);
    if (!b) return this.w.closed ? [] : undefined;
    const elements = b.elements ?? [b.entry.value];
    return elements.every((e) => e !== undefined) ? elements : undefined;
  }

  /**
   * The fields an unquoted `$NAME`, `${NAME}` or make reference becomes, its value known: the shell splits
   * it on blanks (`go build $FLAGS`). Undefined for any other word, or when IFS is set. A make value is
   * split only when it holds no character the shell would read (quotes, `$`, operators): else make's pasted
   * text would be parsed, not split, and the word stays whole.
   */
  splitFields(word: ShellNode, scope: Scope): string[] | undefined {
    const made = placeholderOf(word.text, this.w.placeholders);
    const simple = word.type === 'simple_expansion' || (word.type === 'expansion' && /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(word.text));
    if (!made && !simple) return undefined;
    const value = made ? made.value : this.evaluate(word, scope).value;
    if (value === undefined) return undefined;
    if (scope.vars.has('IFS')) return undefined;
    if (made && !PLAIN_FIELDS.test(value)) return this.pastedWords(value, scope);
    return fields(word, value, scope) as string[];
  }

  /**
   * The words make's pasted text is to the shell (`LDFLAGS := -ldflags "-s -w"` in `go build $(LDFLAGS)`),
   * when it is one command of literal words, quoted or not; undefined for anything else (an expansion, an
   * operator, a quote the text leaves open), whose word stays whole.
   */
  private pastedWords(value: string, scope: Scope): string[] | undefined {
    const root = parseShell(value);
    const [command, ...more] = root.namedChildren;
    if (!command || more.length || command.type !== 'command' || command.text !== value.trim()) return undefined;
    // (A quote the parser had to supply is a node of no width.)
    const literal = (n: ShellNode): boolean => PASTED_NODES.has(n.type) && n.endIndex > n.startIndex && n.children.every(literal);
    if (!literal(command)) return undefined;
    const words = command.namedChildren.flatMap((c) => (c.type === 'command_name' ? c.namedChildren : [c]));
    const values = words.map((w) => this.evaluate(w, scope).value);
    return values.every((v): v is string => v !== undefined) ? values : undefined;
  }

  /** Records a program's run: its words evaluated (arrays and `"$@"` spread), its environment, where it is. */
  simpleCommand(name: string, words: ShellNode[], scope: Scope, whole: Span, expandIn = scope, firstFields?: string[]): void {
    const evaluated: Word[] = words.flatMap((w, i): Word[] => {
      const shared = (values: readonly (string | undefined)[]): Word[] =>
        values.map((value) => ({ text: this.shown(w.text), value, range: this.range(w), ...(values.length > 1 ? { shared: true as const } : {}) }));
      if (i === 0 && firstFields) return shared(firstFields);
      // (Never the first word: invoke() ran a `"$@"` or an array in front as a command of its own.)
      if (expandIn.positional && !expandIn.positional.open && allArguments(w.text)) return expandIn.positional.args.map((a) => a.word);
      const elements = this.arrayElements(w, expandIn) ?? this.splitFields(w, expandIn);
      if (elements && elements.length !== 1) return shared(elements);
      const value = elements ? elements[0] : this.evaluate(w, expandIn).value;
      return [{ text: this.shown(w.text), value, range: this.range(w), source: this.sourceOf(w, expandIn) }];
    });
    if (this.w.watch.program(name)) this.w.watchedRuns++;
    const lines = this.w.lines;
    const file = this.w.file;
    // Only the caller's own text has splices (an `sh -c` string is another text).
    const spliced = this.depth === 0 ? this.w.spliced : undefined;
    const nameRef = spliced?.(words[0].startIndex);
    const [nameStart, nameEnd] = nameRef ? [nameRef.start, nameRef.end] : this.offsets(words[0]);
    const [wholeStart, wholeEnd] = this.offsets(whole);
    const range = lines.range(spliced?.(whole.startIndex)?.start ?? wholeStart, spliced?.(whole.endIndex - 1)?.end ?? wholeEnd);
    this.w.onCommand(commandRun(name, evaluated, range, lines.range(nameStart, nameEnd), scope, this.w.passedOn, file, lines, nameStart));
  }

  /** Word.source: the definition of the one variable a word consists of (`$X`, `"${X}"`, a make reference). */
  sourceOf(n: ShellNode, scope: Scope): Assignment | undefined {
    const inner = unquoted(n);
    if (inner.type === 'simple_expansion' || (inner.type === 'expansion' && /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(inner.text))) {
      const entry = scope.vars.get(inner.text.replace(/^\$\{?|\}$/g, ''))?.entry;
      return entry?.definition ?? entry?.site;
    }
    return placeholderOf(inner.text, this.w.placeholders)?.definition;
  }

  site(
    n: ShellNode,
    nameNode: ShellNode,
    valueNode: ShellNode | null,
    ev: Evaluated,
    kind: AssignmentKind,
    statement?: ShellNode,
  ): Assignment {
    const offsets = this.offsets(n);
    const valueOffsets: [number, number] = valueNode ? this.offsets(valueNode) : [offsets[1], offsets[1]];
    return this.makeSite({
      name: nameNode.text,
      kind,
      nameOffsets: this.offsets(nameNode),
      offsets,
      valueOffsets,
      valueText: this.shown(valueNode?.text ?? ''),
      value: ev.value,
      literal: isLiteral(valueNode?.text ?? ''),
      fromSite: ev.fromSite,
      hostValues: ev.hostValues,
      ...(kind === 'shell' ? { statementStart: this.offsets(statement ?? n)[0] } : {}),
    });
  }

  makeSite(s: {
    name: string;
    kind: AssignmentKind;
    nameOffsets: [number, number];
    offsets: [number, number];
    valueOffsets: [number, number];
    valueText: string;
    value: string | undefined;
    literal: boolean;
    fromSite?: Assignment;
    hostValues?: HostValues;
    statementStart?: number;
  }): Assignment {
    const lines = this.w.lines;
    const file = this.w.file;
    const [start, end] = s.offsets;
    return {
      file,
      name: s.name,
      kind: s.kind,
      nameRange: lines.range(...s.nameOffsets),
      range: lines.range(start, end),
      valueRange: lines.range(...s.valueOffsets),
      valueText: s.valueText,
      value: s.value,
      literal: s.literal,
      fromSite: s.fromSite,
      ...(s.hostValues ? { hostValues: s.hostValues } : {}),
      ...(s.statementStart !== undefined ? { statementStart: lines.positionAt(s.statementStart) } : {}),
      ...siteEdits(file, lines, s.kind, start, end, s.valueOffsets),
    };
  }

  /** Text of this parse as the user wrote it (a caller's placeholder tokens shown as their references). */
  shown(text: string): string {
    return shownText(text, this.w.placeholders);
  }

  /**
   * Static value of a word; undefined when it depends on something not known here. When it is unknown only
   * because a variable or make reference it reads depends on the build machine, `hostValues` says what it
   * is on each build host.
   */
  evaluate(n: ShellNode, scope: Scope): Evaluated {
    const st: EvalState = { refs: [] };
    const value = this.value(n, scope, st);
    const out: Evaluated = { value, expr: this.shown(n.text), fromSite: st.refs.find((r) => r !== undefined) };
    if (value === undefined && st.hosts) {
      const hostValues = new Map<string, string>();
      for (const host of st.hosts) {
        const v = this.value(n, scope, { refs: [], host });
        if (v !== undefined) hostValues.set(host, v);
      }
      if (hostValues.size) out.hostValues = hostValues;
    }
    return out;
  }

  /** Evaluates a word; `st.refs` collects the sites of the variables it reads. */
  private value(n: ShellNode, scope: Scope, st: EvalState): string | undefined {
    switch (n.type) {
      case 'word':
      case 'number':
        return this.placeholdersIn(unescape(n.text), st, true);
      case 'raw_string':
        // make pastes its references before the shell reads the line, into single quotes too: `GOOS='$(GOOS)'`.
        return this.placeholdersIn(n.text.slice(1, -1), st, false);
      case 'string':
      case 'concatenation': {
        let out = '';
        for (const c of n.children) {
          if (c.type === '"') continue;
          const v = c.type === 'string_content' ? this.placeholdersIn(unescapeQuoted(c.text), st, false) : this.value(c, scope, st);
          if (v === undefined) return undefined;
          out += v;
        }
        return out;
      }
      case 'simple_expansion':
        return this.lookup(n.text.slice(1), scope, st);
      case 'expansion':
        return this.expansion(n, scope, st);
      case 'command_substitution': {
        // `$(uname -m)`: unknown, but one of the build hosts' names (a value rules can report per host).
        const inner = n.text.startsWith('$(') ? n.text.slice(2, -1) : n.text.slice(1, -1);
        const hostValues = this.w.hostCommand?.(inner);
        return hostValues ? hostValue({ value: undefined, hostValues }, st) : undefined;
      }
      default:
        return undefined;
    }
  }

  private expansion(n: ShellNode, scope: Scope, st: EvalState): string | undefined {
    const elements = this.arrayElements(n, scope);
    if (elements !== null) return elements?.join(' ');
    const nameNode = n.namedChildren.find((c) => c.type === 'variable_name');
    if (!nameNode) return undefined;
    const current = this.lookup(nameNode.text, scope, st);
    const inner = n.text.slice(2, -1);
    const rest = inner.slice(nameNode.text.length);
    if (rest === '') return current;
    const op = /^(:?[-=+?]|%%?|##?)/.exec(rest)?.[1];
    if (!op) return undefined;
    const arg = rest.slice(op.length);
    if (/[$`]/.test(arg)) return undefined;
    if (current === undefined) return undefined;
    // `${V:=word}` also assigns word to V (not followed: only the value is read here).
    if (op === ':-' || op === ':=') return current === '' ? arg : current;
    if (op === ':+') return current === '' ? '' : arg;
    // Without the colon only an unset variable takes the word (in a closed environment an unbound name reads as '').
    if (op === '-') return scope.vars.has(nameNode.text) || POSITIONAL.test(nameNode.text) ? current : arg;
    if (op === '%' || op === '%%') return trimPattern(current, arg, 'suffix', op === '%%');
    if (op === '#' || op === '##') return trimPattern(current, arg, 'prefix', op === '##');
    return undefined;
  }

  private lookup(name: string, scope: Scope, st: EvalState): string | undefined {
    if (POSITIONAL.test(name)) return this.positionalValue(name, scope, st.refs);
    const entry = scope.vars.get(name)?.entry;
    st.refs.push(entry?.site);
    if (!entry) return this.w.closed && /^[A-Za-z_]/.test(name) ? '' : undefined;
    return hostValue(entry, st);
  }

  /** $1…, $#, $@, $*: known inside a call whose arguments are known; a script's own are unknown. */
  private positionalValue(name: string, scope: Scope, refs: (Assignment | undefined)[]): string | undefined {
    const p = scope.positional;
    if (!p || name === '0') return undefined;
    if (name === '#') return p.open ? undefined : String(p.args.length);
    if (name === '@' || name === '*') {
      const values = p.args.map((a) => a.word.value);
      return p.open || values.some((v) => v === undefined) ? undefined : values.join(' ');
    }
    const arg = p.args[Number(name) - 1];
    refs.push(arg?.fromSite);
    return arg ? arg.word.value : p.open ? undefined : '';
  }

  /** Replaces placeholder tokens the caller inserted (make references) by their values. */
  private placeholdersIn(text: string, st: EvalState, unquoted: boolean): string | undefined {
    let unknown = false;
    const out = replacePlaceholders(text, this.w.placeholders, (_token, entry) => {
      st.refs.push(entry?.site);
      let value = entry && hostValue(entry, st);
      // Make pastes its value before the shell reads the line: outside quotes the shell removes the
      // quotes the value brings (`OS := ""` makes `GOOS=$(OS)` an empty GOOS).
      if (value !== undefined && unquoted) value = quoteRemoval(value);
      if (value === undefined) unknown = true;
      // Stryker disable next-line StringLiteral: an unknown value makes the whole text unknown; what stands in for it is never read
      return value ?? '';
    });
    return unknown ? undefined : out;
  }
}

/** A word's value, as written, the build variable's site it copies, its values per build host. */
interface Evaluated {
  value: string | undefined;
  expr: string;
  fromSite?: Assignment;
  hostValues?: HostValues;
}

function hostPart(ev: Evaluated): { hostValues?: HostValues } {
  return ev.hostValues ? { hostValues: ev.hostValues } : {};
}

/** What evaluating one word collects: the sites it reads, the build hosts its values depend on; `host`: evaluate for that host. */
interface EvalState {
  refs: (Assignment | undefined)[];
  hosts?: Set<string>;
  host?: string;
}

/** An entry's value, or its value on the host being evaluated for; notes the hosts a host-dependent value knows. */
function hostValue(entry: { value: string | undefined; hostValues?: HostValues }, st: EvalState): string | undefined {
  if (entry.value !== undefined || !entry.hostValues) return entry.value;
  st.hosts ??= new Set();
  for (const h of entry.hostValues.keys()) st.hosts.add(h);
  // Stryker disable next-line ConditionalExpression: no host is named undefined, so the lookup would give undefined too
  return st.host === undefined ? undefined : entry.hostValues.get(st.host);
}

/** Shell quote removal on text without expansions; undefined when it holds any (or an unclosed quote). */
function quoteRemoval(text: string): string | undefined {
  // Stryker disable next-line ConditionalExpression: the loop below gives such text back unchanged; the test only saves the work
  if (!/["'\\$`]/.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      // Stryker disable next-line EqualityOperator: found after i, the quote is never at 0
      if (end < 0) return undefined;
      out += text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let k = i + 1;
      // Stryker disable next-line EqualityOperator: one step past the end only appends to text that is thrown away (no closing quote)
      for (; k < text.length && text[k] !== '"'; k++) {
        if (text[k] === '$' || text[k] === '`') return undefined;
        if (text[k] === '\\' && /[$`"\\]/.test(text[k + 1] ?? '')) k++;
        out += text[k];
      }
      if (k >= text.length) return undefined;
      i = k;
    } else if (c === '\\') {
      out += text[++i] ?? '';
    } else if (c === '$' || c === '`') return undefined;
    else out += c;
  }
  return out;
}

/** A line break that separates two statements between two nodes of a parse of `text` (a `\⏎` continues the line). */
function lineBreakBetween(text: string, a: ShellNode, b: ShellNode): boolean {
  // Stryker disable next-line StringLiteral: whatever replaces a continuation holds no line break
  return /\n/.test(text.slice(a.endIndex, b.startIndex).replace(/\\\r?\n/g, ''));
}

/** Sites of the plain shell variables (in any branch) of a scope, except those handed on explicitly somewhere. */
function unexportedSites(scope: Scope, passedOn: Set<string>): Assignment[] {
  const out: Assignment[] = [];
  for (const b of scope.vars.values()) {
    if (b.exported || b.unplaced || passedOn.has(b.entry.name)) continue;
    for (const { site } of b.alternatives ?? [b.entry]) if (site?.kind === 'shell') out.push(site);
  }
  return out;
}

/** The one node a double-quoted word holds whole (`"$X"`, `"${A[@]}"`), else the word itself. */
function unquoted(n: ShellNode): ShellNode {
  const only = n.type === 'string' && n.namedChildren.length === 1 ? n.namedChildren[0] : undefined;
  return only && n.text.length === only.text.length + 2 ? only : n;
}

/** A script in quotes without expansions: `'…'`, `"…"`. */
function isQuotedLiteral(n: ShellNode): boolean {
  return n.type === 'raw_string' || (n.type === 'string' && n.namedChildren.every((c) => c.type === 'string_content'));
}

/** `"$@"`, `$@`, `"${@}"`: a word that is all of a call's arguments. */
function allArguments(text: string): boolean {
  return /^"?\$(@|\{@\})"?$/.test(text);
}

/** N when a word is exactly one positional parameter: `$2`, `"$2"`, `${2}`, `"${2}"`. */
function positionalIndex(text: string): number | undefined {
  const m = /^("?)\$(?:([1-9])|\{([1-9][0-9]*)\})\1$/.exec(text);
  return m ? Number(m[2] ?? m[3]) : undefined;
}

/** `[ … ]`, `[[ … ]]`, `test …`, `! …`: a command that is expected to fail sometimes. */
function isTest(n: ShellNode): boolean {
  // (tree-sitter-bash makes `[ … ]` and `[[ … ]]` test_commands, never commands named [ or [[.)
  return n.type === 'test_command' || n.type === 'negated_command' || (n.type === 'command' && n.childForFieldName('name')?.text === 'test');
}

/**
 * Puts into `target` the state after alternative paths (branches of an if or case, a loop run or not):
 * a variable they leave alike keeps its binding; one they disagree on has no known value, and counts as
 * exported when any path exports it (so XB501 never calls an export that may have run lost). The entry
 * keeps the site of the first path that has one (the taken branch, the loop body), so hovers and site
 * rules still point at an assignment; its value stays unknown.
 */
function mergeBranches(target: Scope, branches: Scope[]): void {
  const names = new Set<string>();
  for (const b of branches) for (const name of b.vars.keys()) names.add(name);
  for (const name of names) {
    const bindings = branches.map((b) => b.vars.get(name));
    const first = bindings[0];
    // (A name some branch has: when all agree, the binding is there.)
    if (bindings.every((b) => b === first)) {
      target.vars.set(name, first!);
      continue;
    }
    target.vars.set(name, mergedBinding(name, bindings));
  }
  for (const name of [...target.vars.keys()]) if (!names.has(name)) target.vars.delete(name);
  target.allexport = branches.some((b) => b.allexport);
  target.cwd = branches.every((b) => b.cwd === branches[0].cwd) ? branches[0].cwd : undefined;
  if (!branches.every((b) => b.positional === branches[0].positional)) target.positional = undefined;
  for (const b of branches) {
    for (const [name, def] of b.functions) target.functions.set(name, def);
    // `local` in a branch of a function body: the call restores it on return whichever branch ran.
    if (target.frame && b.frame) for (const [name, saved] of b.frame) if (!target.frame.has(name)) target.frame.set(name, saved);
  }
}

function mergedBinding(name: string, bindings: (Binding | undefined)[]): Binding {
  const present = bindings.filter((b): b is Binding => b !== undefined);
  const values = new Set(bindings.map((b) => (b ? b.entry.value : null)));
  const value = values.size === 1 && !values.has(null) && !values.has(undefined) && !bindings.some((b) => b?.elements) ? present[0].entry.value : undefined;
  // Shown in hovers, inlay hints and messages: `arm64|amd64`, `0|unset`.
  const exprs = [...new Set(bindings.map((b) => (b ? b.entry.expr || '""' : 'unset')))];
  const sites = [...new Set(present.flatMap((b) => b.entry.branchSites ?? (b.entry.site ? [b.entry.site] : [])))];
  const same = <T>(f: (b: Binding) => T): T | undefined => (present.length === bindings.length && present.every((b) => f(b) === f(present[0])) ? f(present[0]) : undefined);
  // Only their shell assignment sites are read (unexportedSites), each once: kept whole, a loop variable
  // reused by loop after loop carried every earlier loop's values along, and each merge copied them all.
  const alternatives = [...new Set(present.flatMap((b) => b.alternatives ?? [b.entry]).filter((e) => e.site?.kind === 'shell'))];
  return {
    entry: { name, value, expr: exprs.join('|'), site: sites[0], definition: value === undefined ? undefined : same((b) => b.entry.definition), ...(sites.length > 1 ? { branchSites: sites } : {}) },
    exported: present.some((b) => b.exported),
    argument: same((b) => b.argument),
    alternatives,
  };
}

/**
 * What running `roots` could change in a shell: the names they (and the functions they call, as `scope`
 * knows them) assign, declare, read or unset, whether they `cd`, and whether they run text we cannot
 * see (`eval`, `.`, `source`), which could set anything rules judge.
 */
function touchedBy(roots: ShellNode[], scope: Scope, opaque: readonly string[]): { names: Set<string>; cd: boolean } {
  const names = new Set<string>();
  let cd = false;
  const seen = new Set<ShellNode>();
  const stack = [...roots];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'variable_assignment') {
      const name = n.childForFieldName('name');
      names.add((name?.type === 'subscript' ? name.childForFieldName('name') : name)?.text ?? '');
    } else if (n.type === 'for_statement') {
      names.add(n.childForFieldName('variable')?.text ?? '');
    } else if (n.type === 'declaration_command' || n.type === 'unset_command') {
      for (const c of n.namedChildren) if (c.type === 'variable_name' || c.type === 'word') names.add(c.text);
    } else if (n.type === 'command') {
      const name = n.childForFieldName('name')?.text ?? '';
      if (name === 'cd') cd = true;
      if (name === 'read') for (const a of n.childrenForFieldName('argument')) names.add(a.text);
      if (name === 'eval' || name === '.' || name === 'source') for (const v of opaque) names.add(v);
      const def = scope.functions.get(name);
      if (def?.alive && !seen.has(def.body)) {
        seen.add(def.body);
        stack.push(def.body);
      }
    }
    for (const c of n.namedChildren) stack.push(c);
  }
  for (const name of names) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) names.delete(name);
  return { names, cd };
}

/**
 * After a part of the script that was not walked: each name it could touch has no known value and counts
 * as exported (so no rule reports it missing or lost); the binding from before stays one alternative.
 */
function forgetTouched(scope: Scope, touched: { names: Set<string>; cd: boolean }, by: string): void {
  for (const name of touched.names) {
    const unknown: Binding = { entry: { name, value: undefined, expr: `(set by ${by})` }, exported: true };
    scope.vars.set(name, mergedBinding(name, [scope.vars.get(name), unknown]));
  }
  if (touched.cd) scope.cwd = undefined;
}

/** What a pasted make value may hold to be read as literal words: words, quoted strings, and their quotes. */
const PASTED_NODES = new Set(['command', 'command_name', 'word', 'string', 'string_content', 'raw_string', 'concatenation', '"']);

/** A make value that splitting on blanks reads as the shell would: no quotes, expansions, escapes, operators or globs. */
const PLAIN_FIELDS = /^[\w\s.,:=+@%/-]*$/;

/**
 * The words a word's value becomes: split on blanks unless quoted (`$VARS` → two, `"$VARS"` → one). With IFS
 * set in the script the split is not read: one unknown word.
 */
function fields(word: ShellNode, value: string | undefined, scope: Scope): (string | undefined)[] {
  if (value === undefined || word.type === 'string' || word.type === 'raw_string') return [value];
  if (scope.vars.has('IFS')) return [undefined];
  return value.match(/\S+/g) ?? [];
}

/** `NAME=value` read from a word's value (an array element): exported to the command, with no site to edit. */
function setFromText(scope: Scope, text: string): void {
  const eq = text.indexOf('=');
  const name = text.slice(0, eq);
  scope.vars.set(name, { entry: { name, value: text.slice(eq + 1), expr: text.slice(eq + 1) }, exported: true });
}

/** An environment partly set by words we cannot read: every variable rules judge becomes unknown. */
function markOpaque(scope: Scope, expr: string, names: readonly string[]): void {
  scope.opaque = true;
  for (const name of names) scope.vars.set(name, { entry: { name, value: undefined, expr }, exported: true });
}

/** Inside double quotes a backslash escapes $ ` " \\ and removes a line break (the line goes on). */
function unescapeQuoted(s: string): string {
  return s.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === '\n' ? '' : c));
}

/** Shell word unescaping outside quotes: a backslash keeps the next character literally. */
function unescape(s: string): string {
  return s.replace(/\\(\r?\n)/g, '').replace(/\\(.)/g, '$1');
}

/** A value written without expansions, so a fix can rewrite it in place. */
export function isLiteral(text: string): boolean {
  return !/[$`]/.test(text) && !hasPlaceholder(text);
}

/**
 * ${v%pat}, ${v%%pat}, ${v#pat}, ${v##pat} for the glob patterns used in target loops ("/" + "*" and the
 * like). Patterns with ? or [..] are left unknown.
 */
function trimPattern(value: string, pattern: string, side: 'prefix' | 'suffix', longest: boolean): string | undefined {
  if (/[?[\]]/.test(pattern)) return undefined;
  const glob = new RegExp(`^${pattern.split('*').map(escapeRe).join('.*')}$`, 's');
  const cuts = [...Array(value.length + 1).keys()];
  // Prefix: cut points from the left (shortest first); suffix: from the right (shortest first).
  const order = side === 'prefix' ? cuts : cuts.reverse();
  for (const i of longest ? [...order].reverse() : order) {
    if (side === 'prefix' && glob.test(value.slice(0, i))) return value.slice(i);
    if (side === 'suffix' && glob.test(value.slice(i))) return value.slice(0, i);
  }
  return value;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
