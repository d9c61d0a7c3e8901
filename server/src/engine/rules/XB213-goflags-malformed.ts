import { goflagsToolFlag } from '../knowledge/flag-support';
import { goBuildFlag } from '../knowledge/go-command';
import type { GoVersion } from '../knowledge/go-versions';
import { parseGoflags, splitQuoted, tagList, type GoflagsEntry } from '../model/ldflags';
import type { Assignment } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { notes, fit, brief, goVersionNote, shellWord, valueSites, versionAt } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport, VALUE_FILES, type ValueFile } from './rule';

/** A build flag whose value is a flag list of its own (and so often has blanks): the tool that reads it. */
const listTool = (name: string): string | undefined => goBuildFlag(name)?.listFor;
/** Other build flags that take a value, which GOFLAGS wants as -flag=value. */
const takesPlainValue = (name: string): boolean => goBuildFlag(name)?.takesValue === true && !goBuildFlag(name)?.listFor;

interface Finding {
  severity: 'error' | 'warning';
  /** What go (or the linker) prints, verified. */
  says: string;
  why: string;
}

/** What the go command makes of a GOFLAGS value, in the order it checks (base.InitGOFLAGS). */
function diagnose(value: string, v: GoVersion): Finding | undefined {
  const { entries, error } = parseGoflags(value);
  if (error) return { severity: 'error', says: `go: parsing $GOFLAGS: ${error}`, why: 'a quote opens an entry that never ends' };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const prev = entries[i - 1];
    const cut = prev?.name !== undefined && (listTool(prev.name) !== undefined || takesPlainValue(prev.name)) ? ` (GOFLAGS is split at blanks, so it is not part of ${prev.text})` : '';
    if (e.name === undefined) return { severity: 'error', says: `go: parsing $GOFLAGS: non-flag "${e.text}"`, why: `"${e.text}" is an entry of its own${cut}` };
    if (/["'\\]/.test(e.name) || goflagsToolFlag(e.name, v) === 'unknown') {
      return { severity: 'error', says: `go: parsing $GOFLAGS: unknown flag -${e.name}`, why: `-${e.name} is an entry of its own${cut}, and no go command has that flag` };
    }
  }
  for (const e of entries) {
    if (e.name === 'ldflags' && e.value?.endsWith('\\')) {
      const last = splitQuoted(e.value).fields.pop()?.text ?? e.value;
      return { severity: 'error', says: `flag provided but not defined: ${last}`, why: 'GOFLAGS has no backslash escapes: the backslash stays in the value the linker gets' };
    }
  }
  for (let i = 1; i < entries.length; i++) {
    const e = entries[i];
    const prev = entries[i - 1];
    if (e.name !== undefined && goflagsToolFlag(e.name, v) === 'ignored' && prev.name !== undefined && listTool(prev.name)) {
      const tool = listTool(prev.name);
      return {
        severity: 'warning',
        says: `-${e.name} never reaches the ${tool}`,
        why:
          `${prev.text} gets only what comes before the blank; -${e.name} becomes an entry of its own, a flag of another go command ` +
          `(go build has none), so the build ignores it without a word`,
      };
    }
  }
  return undefined;
}

/** Entries that belong to the one before them: non-flags, linker/compiler flags go does not take, broken quoting. */
function stray(e: GoflagsEntry, v: GoVersion): boolean {
  return e.name === undefined || /["'\\]/.test(e.name) || goflagsToolFlag(e.name, v) !== undefined;
}

/** The GOFLAGS entries the author meant, one whole flag each (undefined when the intent is not clear). */
function repair(value: string, v: GoVersion): string[] | undefined {
  const { entries, error } = parseGoflags(value);
  if (error) return undefined;
  const out: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.name === undefined || /["'\\]/.test(e.name)) return undefined;
    let parts: string[] = e.value !== undefined ? [e.value] : [];
    // `-ldflags='-s` `-w'`: a quote inside an entry; take the entries up to the closing one.
    const q = e.value?.[0];
    if ((q === "'" || q === '"') && !e.value!.slice(1).includes(q)) {
      let j = i + 1;
      while (j < entries.length && !entries[j].text.endsWith(q)) j++;
      if (j >= entries.length) return undefined;
      parts = [e.value!.slice(1), ...entries.slice(i + 1, j).map((x) => x.text), entries[j].text.slice(0, -1)];
      i = j;
    }
    // `-ldflags=-s\` `-w`: the backslash meant "the blank belongs to the value".
    while (parts.length && parts[parts.length - 1].endsWith('\\') && i + 1 < entries.length) {
      parts[parts.length - 1] = parts[parts.length - 1].slice(0, -1);
      parts.push(entries[++i].text);
    }
    if (listTool(e.name)) {
      while (i + 1 < entries.length && stray(entries[i + 1], v)) parts.push(entries[++i].text);
      out.push(`-${e.name}=${parts.join(' ')}`);
    } else if (e.name === 'tags') {
      const tags = parts.length ? tagList(parts.join(' ')) : [];
      while (i + 1 < entries.length && entries[i + 1].name === undefined) tags.push(entries[++i].text);
      out.push(`-tags=${tags.join(',')}`);
    } else if (takesPlainValue(e.name) && e.value === undefined) {
      if (i + 1 >= entries.length || entries[i + 1].name !== undefined) return undefined;
      out.push(`-${e.name}=${entries[++i].text}`);
    } else out.push(parts.length > 1 ? `-${e.name}=${parts.join(' ')}` : e.text);
  }
  return out;
}

/** Entries joined as GOFLAGS needs: an entry with blanks is one quoted field (' or " at its start). */
function render(entries: string[], quote: '"' | "'"): string | undefined {
  const parts: string[] = [];
  for (const e of entries) {
    if (!/\s/.test(e)) parts.push(e);
    else if (!e.includes(quote)) parts.push(`${quote}${e}${quote}`);
    else return undefined;
  }
  return parts.join(' ');
}

/** The edit that writes `entries` into the assignment, in the assignment's own form. */
function writeBack(site: Assignment, entries: string[], ctx: RuleContext): TextEdit | undefined {
  if (!site.literal) return undefined;
  if (site.kind === 'make' || site.kind === 'goenv') {
    // Both pass the value on verbatim: the quotes GOFLAGS needs are written as they are.
    const value = render(entries, "'") ?? render(entries, '"');
    return value === undefined ? undefined : { file: site.file, range: site.valueRange, newText: site.kind === 'make' ? value.replace(/\$/g, '$$$$') : value };
  }
  const outer = /^["']/.exec(site.valueText)?.[0] ?? '';
  const value = render(entries, outer === "'" ? '"' : "'");
  if (value === undefined) return undefined;
  if (site.kind === 'dockerfile-env' || site.kind === 'dockerfile-arg') {
    // `ENV GOFLAGS -tags netgo` (no `=`) takes the rest of the line as it is: no quotes to add there.
    const after = ctx.file.text.slice(ctx.lines.offsetAt(site.nameRange.end), ctx.lines.offsetAt(site.nameRange.end) + 1);
    if (after !== '=' && /\s/.test(value)) return undefined;
  }
  return { file: site.file, range: site.valueRange, newText: shellWord(value, outer || (/\s/.test(value) ? '"' : '')) };
}

export const XB213: Rule<ValueFile> = {
  code: 'XB213',
  title: 'GOFLAGS is not a list of whole flags',
  severity: 'error',
  kinds: VALUE_FILES,
  fixable: true,
  versioned: true,
  witnesses: [
    {
      claim: 'A flag and its value separated by a blank: go stops at the value.',
      env: { GOFLAGS: '-tags netgo' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: parsing $GOFLAGS: non-flag "netgo"' },
    },
    {
      claim: 'Written -tags=netgo it works.',
      env: { GOFLAGS: '-tags=netgo' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
    },
    {
      claim: 'Two tags separated by a blank fail the same way; a comma list works.',
      env: { GOFLAGS: '-tags=netgo osusergo' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: parsing $GOFLAGS: non-flag "osusergo"' },
    },
    {
      claim: 'GOFLAGS="-ldflags=-s -w" builds and nothing reports that -w was cut off.',
      env: { GOFLAGS: '-ldflags=-s -w' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
    },
    {
      claim: 'An entry -w on its own never reaches the linker: the binary keeps its DWARF.',
      env: { GOFLAGS: '-w' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'with debug_info' } }],
    },
    {
      claim: 'In the other order the cut-off -s is a flag no go command has: go stops.',
      env: { GOFLAGS: '-ldflags=-w -s' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: parsing $GOFLAGS: unknown flag -s' },
    },
    {
      claim: 'So does -gcflags=all=-N -l.',
      env: { GOFLAGS: '-gcflags=all=-N -l' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: parsing $GOFLAGS: unknown flag -l' },
    },
    {
      claim: "One quoted entry keeps the blank: GOFLAGS=\"'-ldflags=-w -s'\" reaches the linker whole (-s strips the binary).",
      env: { GOFLAGS: "'-ldflags=-w -s'" },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: ', stripped' } }],
    },
    {
      claim: 'In a shell script those quotes go inside the shell\'s own.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { sh: `GOFLAGS="'-ldflags=-w -s'" go build -o app .\n` },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: ', stripped' } }],
    },
    {
      claim: "make passes a variable's quotes on: in a Makefile GOFLAGS := '-ldflags=-w -s' is already right.",
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: "export GOFLAGS := '-ldflags=-w -s'\n\nall:\n\tgo build -o app .\n" },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: ', stripped' } }],
    },
    {
      claim: 'Without them make passes the blank on, and go stops.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: 'export GOFLAGS := -ldflags=-w -s\n\nall:\n\tgo build -o app .\n' },
      expect: { exit: 'fail', stderr: 'go: parsing $GOFLAGS: unknown flag -s' },
    },
    {
      claim: "The go env file is read verbatim too: GOFLAGS='-ldflags=-w -s' there works.",
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { sh: `mkdir -p "$(dirname "$GOENV")"\nprintf '%s\\n' "GOFLAGS='-ldflags=-w -s'" > "$GOENV"\ngo build -o app .\n` },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: ', stripped' } }],
    },
    {
      claim: 'go env -w writes a bad GOFLAGS without a word; the next build stops.',
      env: {},
      args: ['env', '-w', 'GOFLAGS=-tags netgo'],
      script: { sh: 'go env -w GOFLAGS="-tags netgo"\ngo build -o app .\n' },
      expect: { exit: 'fail', stderr: 'go: parsing $GOFLAGS: non-flag "netgo"' },
    },
    {
      claim: 'Double quotes inside the value work the same way.',
      env: { GOFLAGS: '"-ldflags=-w -s"' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: ', stripped' } }],
    },
    {
      claim: 'A quote must open the entry: -ldflags=\'-s -w\' is split at the blank.',
      env: { GOFLAGS: "-ldflags='-s -w'" },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: "go: parsing $GOFLAGS: unknown flag -w'" },
    },
    {
      claim: 'A backslash does not escape the blank: the linker gets -s\\.',
      env: { GOFLAGS: '-ldflags=-s\\ -w' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'flag provided but not defined: -s\\' },
    },
    {
      claim: 'An unterminated quote stops go.',
      env: { GOFLAGS: "'-ldflags=-s -w" },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: "go: parsing $GOFLAGS: unterminated ' string" },
    },
  ],
  check(ctx: RuleContext<ModelOf<ValueFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const site of valueSites(ctx.model, ['GOFLAGS'])) {
      // A plain shell variable named GOFLAGS that no go command sees is just a string (e.g. passed to make).
      if (site.kind === 'shell' && !ctx.model.contexts.some((c) => c.env.get('GOFLAGS')?.site === site)) continue;
      const version = versionAt(site, ctx);
      const found = diagnose(site.value, version.version);
      if (!found) continue;
      const entries = repair(site.value, version.version);
      const edit = entries && writeBack(site, entries, ctx);
      const meant = entries && (render(entries, "'") ?? render(entries, '"'));
      const fixes: Fix[] = edit && edit.newText !== site.valueText ? [{ title: `Write GOFLAGS as ${meant}`, isPreferred: true, edits: [edit] }] : [];
      // Talk about quoting when the value has blanks inside an entry, or when the fix needs quotes.
      const quoting = /['"\\]/.test(site.value) || Boolean(meant && /['"]/.test(meant)) || found.severity === 'warning';
      const shown = site.literal ? site.value : `${site.valueText} (= ${site.value})`;
      const scope = ctx.model.kind === 'goenv' ? ' every go command on this machine' : '';
      const effect = found.severity === 'error' ? `Go ${version.version} stops${scope ? ` for${scope}` : ' every build'} with "${found.says}"` : `Go ${version.version} builds, and ${found.says}`;
      const { message, rest } = fit(
        `GOFLAGS=${shown} splits a flag: ${meant ? `write ${meant}` : 'make each entry a whole -flag or -flag=value'}.`,
        `${effect}.`,
      );
      reports.push({
        range: site.valueRange,
        severity: found.severity,
        message,
        related: [
          ...notes(site.file, site.valueRange, rest),
          { file: site.file, range: site.valueRange, message: found.why },
          goVersionNote(site.file, site.valueRange, version),
          ...(quoting
            ? [
                {
                  file: site.file,
                  range: site.valueRange,
                  message:
                    "each entry is a whole -flag or -flag=value; a value with blanks is one entry only when a quote opens it, as in '-ldflags=-s -w' " +
                    "(the quotes are part of the variable's value; a backslash or -ldflags='...' does not work)",
                },
              ]
            : []),
        ],
        fixes,
      });
    }
    return reports;
  },
};
