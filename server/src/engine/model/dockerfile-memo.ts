import type { EnvEntry } from './types';

/**
 * What reading one instruction of a Dockerfile did (its ENV or ARG entries, a RUN's walk), kept with the
 * file's reading so that the next version takes the same objects again for an instruction that is unchanged,
 * at the same place, and enters the same scopes. Scopes are compared by identity: an entry an edit above made
 * again is another entry, so what read it is read again; an edit that leaves every entry alone (a keystroke
 * in an earlier RUN, a LABEL) leaves the instructions after it as they were.
 */
export interface Memo {
  /** The line the instruction starts on: a reading resumed below it keeps the memo. */
  line: number;
  /** The instruction's text and what else its reading depended on (the memo is kept by its keyword and place). */
  text: string;
  /** The names and entries of the scopes it read, in order (scopeInputs). */
  inputs: readonly unknown[];
  /**
   * The readings whose objects it holds: the one that read it, and the older one whose objects that reading
   * had taken. Only a memo holding one reading's objects is taken again (see MemoUse).
   */
  readings: readonly number[];
  /** What it appended to the reading's lists, by their index (lists without a change left out). */
  appended: readonly (readonly [number, readonly unknown[]])[];
  /** The entries it set in the scope it wrote, in order. */
  sets: readonly (readonly [string, EnvEntry])[];
  /** What the reading returned (a RUN's walk). */
  result?: unknown;
}

const GLOBALS = Symbol('globals');

/** What of the global scope an instruction reads: nothing (a RUN's walk), its names (ENV), or its entries too (ARG). */
export type GlobalsRead = 'none' | 'names' | 'entries';

/** What an instruction reads of the scopes: the stage's names and entries in order, then what it reads of the global scope. */
export function scopeInputs(scope: ReadonlyMap<string, EnvEntry>, globals: ReadonlyMap<string, EnvEntry>, read: GlobalsRead): unknown[] {
  const out: unknown[] = [];
  for (const [name, entry] of scope) out.push(name, entry);
  if (read === 'none') return out;
  out.push(GLOBALS);
  for (const [name, entry] of globals) {
    out.push(name);
    if (read === 'entries') out.push(entry);
  }
  return out;
}

/**
 * The memos one reading takes from the previous one and the memos it leaves for the next. Objects of a
 * reading hold its parse (dockerfile-ast instructions, the text's line index): a model may hold those of one
 * older reading besides its own, as the reused stages of dockerfile-prefix.ts do, so a memo of any other
 * reading is not taken (the instruction is read again).
 */
export class MemoUse {
  readonly next = new Map<string, Memo>();

  constructor(
    private readonly previous: ReadonlyMap<string, Memo> | undefined,
    readonly reading: number,
    /** The older reading whose objects the model already holds (the reused stages'), if any. */
    public older: number | undefined,
  ) {}

  /**
   * The memo of the instruction at `place` when it had the same text, read the same scopes and holds only
   * objects the model may take; it is kept for the next reading.
   */
  take(place: string, text: string, inputs: readonly unknown[]): Memo | undefined {
    const memo = this.previous?.get(place);
    if (!memo || memo.text !== text || !sameInputs(memo.inputs, inputs)) return undefined;
    const [from, ...more] = memo.readings;
    // Stryker disable next-line LogicalOperator,ConditionalExpression: what is taken bounds only the memory a model holds, not what it says
    if (more.length || (this.older !== undefined && this.older !== from)) return undefined;
    this.older = from;
    this.next.set(place, memo);
    return memo;
  }

  /** Keeps what this reading did with the instruction at `place`. */
  keep(place: string, memo: Omit<Memo, 'readings'>): void {
    // Its objects may hold entries taken from the older reading.
    // Stryker disable next-line ArrayDeclaration: the readings bound only the memory a model holds, not what it says
    this.next.set(place, Object.assign(memo, { readings: this.older === undefined ? [this.reading] : [this.reading, this.older] }));
  }

  /** Keeps the memos of the instructions before `line` (a reading resumed there holds their objects). */
  keepAbove(memos: ReadonlyMap<string, Memo>, line: number): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a memo kept in vain is never taken wrongly (same place, text and scopes read the same)
    for (const [place, memo] of memos) if (memo.line < line) this.next.set(place, memo);
  }
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
