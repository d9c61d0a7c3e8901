import type { Assignment, HostValues } from './types';

/**
 * The protocol between the walker and a caller that puts its own references into shell text before the
 * shell reads it (make pastes `$(ARCH)` into a recipe): each reference becomes one token, a plain shell
 * word, and the table says what it stands for. Tokens never reach a user: the walker shows the reference
 * as written wherever it keeps text for messages, hovers and hints.
 */
export interface Placeholder {
  value: string | undefined;
  /** When the value depends on the build machine only: its value per build host. */
  hostValues?: HostValues;
  /** The reference as written (`$(ARCH)`), shown in place of the token. */
  expr: string;
  /** The build-variable assignment the value comes from, if any. */
  site?: Assignment;
  /** Where the referenced variable's value was written, for any variable (Word.source). */
  definition?: Assignment;
}

export type Placeholders = Map<string, Placeholder>;

const TOKEN = /__xbd\d+__/g;
const WHOLE_TOKEN = /^__xbd\d+__$/;

/** The token for the next entry of `table`. */
export function nextPlaceholder(table: Placeholders): string {
  return `__xbd${table.size}__`;
}

/** True when `text` holds a token (a value written with a reference, so not literal). */
export function hasPlaceholder(text: string): boolean {
  return text.includes('__xbd');
}

/** The placeholder `text` consists of, if it is exactly one token. */
export function placeholderOf(text: string, table: Placeholders | undefined): Placeholder | undefined {
  return WHOLE_TOKEN.test(text) ? table?.get(text) : undefined;
}

/** Replaces each token of `text`; `replace` gets the token and its entry. */
export function replacePlaceholders(text: string, table: Placeholders | undefined, replace: (token: string, entry: Placeholder | undefined) => string): string {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a text without a token comes back unchanged from replace(), and only the caller that made the tokens has a table; the test saves the work
  if (!table || !hasPlaceholder(text)) return text;
  return text.replace(TOKEN, (token) => replace(token, table.get(token)));
}

/** `text` as the user wrote it: each token back to its reference. */
export function shownText(text: string, table: Placeholders | undefined): string {
  return replacePlaceholders(text, table, (token, entry) => entry?.expr ?? token);
}
