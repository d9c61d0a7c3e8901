/**
 * The flag lists Go splits itself: the value of -ldflags/-gcflags, GOFLAGS, and the linker's
 * -extldflags. All three go through Go's cmd/internal/quoted.Split, reproduced here, so rules see the
 * same words the go command and the linker see.
 */
import type { EnvEntry, GoCommand, Word } from './types';

/** One field of a quoted.Split list, with offsets into the split text (end exclusive, quotes included). */
export interface Field {
  text: string;
  start: number;
  end: number;
}

/**
 * Go's quoted.Split: fields are separated by blanks; a field that STARTS with ' or " runs to the next
 * same quote and may contain blanks. There are no escapes, and quotes elsewhere in a field are
 * ordinary characters (`-ldflags='-s -w'` is the two fields `-ldflags='-s` and `-w'`).
 */
export function splitQuoted(s: string): { fields: Field[]; error?: string } {
  const fields: Field[] = [];
  let i = 0;
  const blank = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  // Stryker disable next-line EqualityOperator: s[s.length] is undefined, no blank, and the next line stops there
  while (i < s.length) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: s[s.length] is undefined, which is no blank
    while (i < s.length && blank(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    const q = s[i];
    if (q === '"' || q === "'") {
      const close = s.indexOf(q, i + 1);
      // Stryker disable next-line EqualityOperator: the search starts after the opening quote, so close is never 0
      if (close < 0) return { fields, error: `unterminated ${q} string` };
      fields.push({ text: s.slice(i + 1, close), start, end: close + 1 });
      i = close + 1;
      continue;
    }
    while (i < s.length && !blank(s[i])) i++;
    fields.push({ text: s.slice(start, i), start, end: i });
  }
  return { fields };
}

/** Linker flags that take a value (`-X a=b`, `-extldflags -static`): `go tool link -help` of Go 1.21–1.27. */
const LINKER_VALUED = new Set([
  'B', 'D', 'E', 'H', 'I', 'L', 'R', 'T', 'X', 'benchmark', 'benchmarkprofile', 'buildid', 'buildmode',
  'capturehostobjs', 'cpuprofile', 'debugtextsize', 'debugtramp', 'extar', 'extld', 'extldflags', 'fipso',
  'funcalign', 'importcfg', 'installsuffix', 'k', 'libgcc', 'linkmode', 'macos', 'macsdk', 'memprofile',
  'memprofilerate', 'o', 'pluginpath', 'r', 'randlayout', 'strictdups', 'tmpdir',
]);

/** A flag as Go's flag package reads it: `-name`, `-name=value`, or `-name value` for valued flags. */
export interface LinkerFlag {
  name: string;
  value?: string;
  /** Indexes (in `fields`) of the flag's first and last field. */
  first: number;
  last: number;
}

export interface LinkerFlags {
  /** `all` in `-ldflags=all=-s -w`: the package pattern the flags apply to. */
  pattern?: string;
  fields: Field[];
  flags: LinkerFlag[];
  /** Offset of the flag list inside the value (after `pattern=`), so field offsets can be mapped back. */
  offset: number;
  error?: string;
}

/**
 * Reads an -ldflags value as the go command and the linker do: an optional `pattern=` prefix
 * (only when the value does not start with `-`), then quoted.Split, then the flag package's rules.
 */
export function parseLinkerFlags(value: string): LinkerFlags {
  let offset = value.length - value.trimStart().length;
  let pattern: string | undefined;
  const trimmed = value.trim();
  if (trimmed && !trimmed.startsWith('-')) {
    const eq = trimmed.indexOf('=');
    if (eq >= 0) {
      pattern = trimmed.slice(0, eq);
      offset += eq + 1;
    }
  }
  const { fields, error } = splitQuoted(value.slice(offset));
  const flags: LinkerFlag[] = [];
  for (let i = 0; i < fields.length; i++) {
    const m = /^--?([^-=][^=]*)(?:=([\s\S]*))?$/.exec(fields[i].text);
    if (!m) continue; // not a flag: the linker would stop reading flags here
    if (m[2] !== undefined) flags.push({ name: m[1], value: m[2], first: i, last: i });
    else if (LINKER_VALUED.has(m[1]) && i + 1 < fields.length) {
      flags.push({ name: m[1], value: fields[i + 1].text, first: i, last: i + 1 });
      i++;
    } else flags.push({ name: m[1], first: i, last: i });
  }
  return { pattern, fields, flags, offset, error };
}

/** The value of the last occurrence of a linker flag (the flag package keeps the last). */
export function lastFlag(list: LinkerFlags, name: string): LinkerFlag | undefined {
  for (let i = list.flags.length - 1; i >= 0; i--) if (list.flags[i].name === name) return list.flags[i];
  return undefined;
}

/** True when the linker links externally because the flags say so (`-linkmode external`, the last one wins). */
export function linksExternally(list: LinkerFlags): boolean {
  return lastFlag(list, 'linkmode')?.value === 'external';
}

/** True when -extldflags (the last one) passes `-static` to the C linker. */
export function extldflagsStatic(list: LinkerFlags): boolean {
  const ext = lastFlag(list, 'extldflags');
  return ext?.value !== undefined && splitQuoted(ext.value).fields.some((f) => f.text === '-static');
}

/** Rebuilds a flag list with some fields replaced or removed, keeping the rest of the text as written. */
export function editFields(value: string, list: LinkerFlags, edits: { from: number; to: number; text: string }[]): string {
  // Field offsets are relative to list.offset; apply from the end so earlier offsets stay valid.
  let out = value;
  for (const e of [...edits].sort((a, b) => b.from - a.from)) {
    const start = list.offset + list.fields[e.from].start;
    const end = list.offset + list.fields[e.to].end;
    if (e.text) {
      out = out.slice(0, start) + e.text + out.slice(end);
      continue;
    }
    // Removing: take the blanks after (or, for the last field, before) so no double blanks remain.
    let s = start;
    let t = end;
    const after = /^[ \t]+/.exec(out.slice(t));
    if (after) t += after[0].length;
    else while (out[s - 1] === ' ' || out[s - 1] === '\t') s--; // out[-1] is undefined: the walk stops at the start
    out = out.slice(0, s) + out.slice(t);
  }
  return out;
}

/** One entry of GOFLAGS, as the go command reads it. */
export interface GoflagsEntry {
  /** The field as Go sees it (quotes removed). */
  text: string;
  /** Offsets of the field in the GOFLAGS value. */
  start: number;
  end: number;
  /** Flag name without dashes; undefined for a non-flag (`netgo` in `-tags netgo`). */
  name?: string;
  value?: string;
}

/**
 * GOFLAGS: quoted.Split, then each field must be a whole flag (`-x`, `-x=value`); go stops at the first
 * non-flag field or unknown flag name (cmd/go/internal/base.InitGOFLAGS).
 */
export function parseGoflags(value: string): { entries: GoflagsEntry[]; error?: string } {
  const { fields, error } = splitQuoted(value);
  const entries = fields.map((f): GoflagsEntry => {
    const t = f.text;
    if (!t.startsWith('-') || t === '-' || t === '--' || t.startsWith('---') || t.startsWith('-=') || t.startsWith('--=')) {
      return { text: t, start: f.start, end: f.end };
    }
    // Stryker disable next-line Regex: t starts with a dash here, so the first dashes are at the start anyway
    const body = t.replace(/^--?/, '');
    const eq = body.indexOf('=');
    // Stryker disable next-line EqualityOperator: a body starting with = was turned away above (-= and --=)
    return { text: t, start: f.start, end: f.end, name: eq < 0 ? body : body.slice(0, eq), value: eq < 0 ? undefined : body.slice(eq + 1) };
  });
  return { entries, error };
}

/** The value of a build flag set in GOFLAGS (`-tags=netgo` → netgo); undefined when absent. */
export function goflagsValue(goflags: string, name: string): string | undefined {
  return goflagsValues(goflags)?.get(name);
}

/** The flags of a GOFLAGS value, the last of a name kept; undefined for a value go refuses to parse. */
function goflagsValues(goflags: string): ReadonlyMap<string, string> | undefined {
  const { entries, error } = parseGoflags(goflags);
  if (error) return undefined;
  // Stryker disable next-line ConditionalExpression: a field that is no flag would sit under the key undefined, which no flag name asks for
  return new Map(entries.flatMap((e) => (e.name === undefined ? [] : [[e.name, e.value ?? 'true'] as const])));
}

/**
 * The flags of each GOFLAGS entry, read once (null: malformed). Rules ask buildFlag for one flag at a time
 * of every go command, and an ENV GOFLAGS is one entry that reaches every command of its stages.
 */
const goflagsOfEntry = new WeakMap<EnvEntry, ReadonlyMap<string, string> | null>();

function entryGoflags(entry: EnvEntry, value: string): ReadonlyMap<string, string> | undefined {
  let values = goflagsOfEntry.get(entry);
  // Stryker disable next-line ConditionalExpression: an entry read again gives the same flags
  if (values === undefined) goflagsOfEntry.set(entry, (values = goflagsValues(value) ?? null));
  return values ?? undefined;
}

/**
 * The build tags of a -tags value as the go command reads them: split on commas, or, when the value
 * holds a blank or a single quote (the form from before Go 1.13), quoted.Split on blanks.
 */
export function tagList(value: string): string[] {
  if (value.includes(' ') || value.includes("'")) return splitQuoted(value).fields.map((f) => f.text);
  return value.split(',').filter(Boolean);
}

/** A build flag in effect for a go command: its own word, else an entry of GOFLAGS (the command line wins). */
export interface BuildFlag {
  /** undefined when it cannot be known (an unknown word, or a GOFLAGS that is not known). */
  value: string | undefined;
  /** The command-line word; undefined when the flag comes from GOFLAGS. */
  word?: Word;
}

export function buildFlag(command: GoCommand, name: string): BuildFlag | undefined {
  const word = command.flags.get(name);
  if (word) return { value: word.value, word };
  const goflags = command.env.get('GOFLAGS');
  if (!goflags) return undefined;
  if (goflags.value === undefined) return { value: undefined };
  const value = entryGoflags(goflags, goflags.value)?.get(name);
  return value === undefined ? undefined : { value };
}

/** True when a boolean build flag (-race, -msan, -asan, -trimpath) is on; undefined when unknown. */
export function boolFlagOn(command: GoCommand, name: string): boolean | undefined {
  const f = buildFlag(command, name);
  if (!f) return false;
  if (f.value === undefined) return undefined;
  return f.value !== 'false' && f.value !== '0' && f.value !== 'f' && f.value !== 'F' && f.value !== 'FALSE' && f.value !== 'False';
}
