import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import type { LineIndex } from '../text';
import type { Memo } from './dockerfile-memo';
import type { EnvEntry, ModelOptions } from './types';

/**
 * What reading a Dockerfile's stages left behind, kept per file so the next version re-reads only from the
 * stage the edit touched. Reading is top to bottom and a stage depends only on what came before it (the
 * global ARGs, the stages it is built FROM or copies from), so when the text before a stage's FROM line is
 * unchanged, everything read before it is too: its objects are reused and reading starts at that FROM.
 * A stage that ran `make` read another file, which may have changed since: no stage after it is reused.
 */
export interface Reading {
  text: string;
  /** The model options it was read with: a reading is reused only under the same ones. */
  optionsKey: string;
  escapeChar: string;
  /** Every list the reading appends to (`journal` in dockerfile-model.ts), as it ended. */
  lists: unknown[][];
  /** The global scope: only what comes before the first FROM sets it, so it is the same at every boundary. */
  globals: Map<string, EnvEntry>;
  /** The build-context copies per stage: a stage sets only its own, so a boundary takes those of the stages before it. */
  contextCopies: Map<number, string[]>;
  /**
   * Per stage, the readings whose objects it holds (the one that read it, and the one whose memos it took;
   * reused stages keep theirs): bounds how many old parses stay alive.
   */
  stageReadings: number[][];
  /** What reading each instruction did (dockerfile-memo.ts), for the instructions an edit leaves alone. */
  memos: ReadonlyMap<string, Memo>;
  /** Every instruction of the text, in order: the next version parses only as far as its edit reaches (parseFrom). */
  instructions: readonly Instruction[];
  /** How many lines there were: an edit that adds or removes none leaves the instructions after it where they were. */
  lineCount: number;
  /** Where each stage after the first starts, and what was read before it. */
  boundaries: Boundary[];
}

export interface Boundary {
  /** The start of the FROM's line: the offset and the line number. */
  offset: number;
  line: number;
  /** How long each list of the journal was (the stages first). */
  lengths: number[];
  /** A stage before it read a file (make in RUN). */
  readFiles: boolean;
}

/**
 * Files whose last reading is kept: as many as the server keeps complete analyses of, and no more text than
 * a few of the largest Dockerfiles (a reading holds its model, whose size follows the text's).
 */
const READINGS_KEPT = 16;
const READING_CHARS_KEPT = 1024 * 1024;
/**
 * Objects of reused stages hold the whole parse of the reading that made them (dockerfile-ast instructions
 * point to their Dockerfile): reuse stops, and the whole file is read again, once the stages to keep would
 * come from two readings. A model then holds at most one older parse: with four, the bench's 5,000-line
 * documents kept ~100 MB more in the analysis worker.
 */
const READINGS_PER_MODEL = 2;

const readings = new Map<string, Reading>();
let nextReading = 0;

/** A number for a new reading. */
export function newReadingId(): number {
  // Stryker disable next-line UpdateOperator: any count that never repeats an id will do
  return nextReading++;
}

/** Forgets every kept reading (tests compare a reused reading with a fresh one). */
// Stryker disable next-line BlockStatement: a kept reading changes no verdict (the property tests' premise), only what is read again
export function forgetDockerfileReadings(): void {
  readings.clear();
}

/** The instructions the last reading of `file` holds (tests see which parse made them). */
export function keptInstructions(file: string): readonly Instruction[] | undefined {
  return readings.get(file)?.instructions;
}

/** Forgets the reading of one file (the editor closed it). */
export function forgetDockerfileReading(file: string): void {
  readings.delete(file);
}

/** The options a Dockerfile's reading depends on (`host` is read by Makefiles only; `readInclude` by make in RUN, never reused). */
export function optionsKey(options: ModelOptions): string {
  return JSON.stringify([options.goVersion, options.buildArgs ? [...options.buildArgs] : null]);
}

/** Keeps the reading of `file`, most recently used last. */
export function keepReading(file: string, reading: Reading): void {
  readings.delete(file);
  readings.set(file, reading);
  let chars = 0;
  for (const r of readings.values()) chars += r.text.length;
  // The oldest go first; the newest stays whatever its size.
  for (const [old, r] of readings) {
    // Stryker disable next-line EqualityOperator: one reading more or less kept changes only what is reused
    if ((readings.size <= READINGS_KEPT && chars <= READING_CHARS_KEPT) || old === file) break;
    readings.delete(old);
    chars -= r.text.length;
  }
}

/** The memos of the file's previous reading, when it was read with the same options. */
export function keptMemos(file: string, options: ModelOptions): ReadonlyMap<string, Memo> | undefined {
  const reading = readings.get(file);
  return reading?.optionsKey === optionsKey(options) ? reading.memos : undefined;
}

/**
 * The last boundary of the file's previous reading that the new text leaves intact (the text before it
 * unchanged), with that reading; undefined when none can be reused.
 */
export function reusableStart(file: string, text: string, options: ModelOptions): { reading: Reading; boundary: Boundary } | undefined {
  const reading = readings.get(file);
  if (!reading || reading.optionsKey !== optionsKey(options)) return undefined;
  const same = commonPrefixLength(reading.text, text);
  let found: Boundary | undefined;
  for (const b of reading.boundaries) {
    // Stryker disable next-line EqualityOperator: a FROM line whose first character changed is read again either way
    if (b.offset > same || b.readFiles) break;
    found = b;
  }
  if (!found) return undefined;
  const stages = found.lengths[0];
  // Stryker disable next-line MethodExpression: counting every stage's reading, not only the reused ones', stops reuse a little sooner; no verdict changes
  if (new Set(reading.stageReadings.slice(0, stages).flat()).size >= READINGS_PER_MODEL) return undefined;
  return { reading, boundary: found };
}

/**
 * Parses that have made instructions of one text at most (each instruction holds its parse's text and line
 * offsets): past them, the whole text is parsed again.
 */
const PARSES_PER_TEXT = 4;

/**
 * The instructions of `lines.text` from `from` (a boundary of the previous reading; the whole text without
 * one), and all of them. When an edit added or removed no line, the text is parsed only from there to the
 * first instruction of the previous reading that starts below the edit, which the new parse must start at
 * the same place (an edit can join lines to an instruction above, or open a heredoc): that instruction and
 * those after it are the previous reading's objects, their text and positions unchanged.
 */
export function parseFrom(file: string, lines: LineIndex, from: { boundary: Boundary; escapeChar: string } | undefined, reuse = true): { read: Instruction[]; all: Instruction[]; escapeChar: string } {
  const text = lines.text;
  const previous = readings.get(file);
  const start = from?.boundary.line ?? 0;
  // Stryker disable next-line all: the instructions above a resumed stage decide only how far a later edit above it is parsed
  const before = previous && from ? previous.instructions.filter((i) => i.getRange().start.line < start) : [];
  const tail = previous && reuse ? unchangedTail(previous, lines, start) : undefined;
  const end = tail ? lines.offsetAt({ line: tail.line + 1, character: 0 }) : text.length;
  const df = DockerfileParser.parse(from ? textFrom(text.slice(0, end), from.boundary, from.escapeChar) : text.slice(0, end));
  const parsed = df.getInstructions();
  if (tail) {
    // The parse holds the instruction at the tail's line or one above that joins it.
    const last = parsed[parsed.length - 1]!;
    // An instruction that starts on the tail's line was read there from a fresh start, as before the edit:
    // it is the same instruction (same place, same keyword), and so is every one after it.
    if (df.getEscapeCharacter() === previous!.escapeChar && last.getRange().start.line === tail.line) {
      const read = [...parsed.slice(0, -1), ...previous!.instructions.slice(tail.index)];
      // Stryker disable next-line EqualityOperator,ArrayDeclaration: the bound on parses keeps memory in check, not what is read
      if (parsesOf([...before, ...read]) <= PARSES_PER_TEXT) return { read, all: [...before, ...read], escapeChar: df.getEscapeCharacter() };
    }
    return parseFrom(file, lines, from, false);
  }
  return { read: parsed, all: [...before, ...parsed], escapeChar: df.getEscapeCharacter() };
}

/** The first instruction of the previous reading, below `start`, that starts after the last line the edit changed. */
function unchangedTail(previous: Reading, lines: LineIndex, start: number): { index: number; line: number } | undefined {
  if (previous.lineCount !== lines.lineCount) return undefined;
  // The same number of lines, and the text after the edit the same: its lines are where they were.
  const editEnd = lines.positionAt(lines.text.length - commonSuffixLength(previous.text, lines.text)).line;
  const index = previous.instructions.findIndex((i) => i.getRange().start.line > Math.max(editEnd, start));
  return index < 0 ? undefined : { index, line: previous.instructions[index].getRange().start.line };
}

/** How many parses the instructions come from. */
function parsesOf(instructions: Instruction[]): number {
  // Stryker disable next-line ArrowFunction: the bound on parses keeps memory in check, not what is read
  return new Set(instructions.map((i) => (i as unknown as { document: unknown }).document)).size;
}

function commonSuffixLength(a: string, b: string): number {
  let i = 0;
  // Before the start of either text charCodeAt is NaN, which equals nothing.
  while (a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  // Past the end of either text charCodeAt is NaN, which equals nothing.
  while (a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * The text to parse when reading starts at `boundary`: the lines before it left empty, so every position
 * stays where it is, and the escape directive kept (it changes how the rest parses).
 */
export function textFrom(text: string, boundary: Boundary, escapeChar: string): string {
  // The directive sits on line 0, which lies before the boundary (the FROM of a later stage): also for `\\`.
  const head = `# escape=${escapeChar}${'\n'.repeat(boundary.line)}`;
  return head + text.slice(boundary.offset);
}
