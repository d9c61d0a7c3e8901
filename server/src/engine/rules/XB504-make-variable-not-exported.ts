import type { Assignment, GoCommand } from '../model/types';
import { subcommandDoes } from '../knowledge/go-command';
import { brief, fit, makeTrailingBlanks, notes, underMakeConditional } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';

/** The variables whose absence changes what go builds (GOFLAGS is often a make-only flag list). */
const TARGETING = new Set(['GOOS', 'GOARCH', 'GOARM', 'GOAMD64', 'GOARM64', 'CGO_ENABLED', 'CC', 'CXX', 'GOEXPERIMENT']);

/** The go commands named one by one in a finding (a generated Makefile may have thousands). */
const SHOWN_COMMANDS = 20;

const RECIPE_CONTEXT = /^recipe of (.+)$/;

export const XB504: Rule<'makefile'> = {
  code: 'XB504',
  title: 'Make variable does not reach the go command',
  severity: 'error',
  kinds: ['makefile'],
  fixable: true,
  witnesses: [
    {
      claim: 'A make variable is not an environment variable: go builds for the host.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: 'GOARCH := arm64\n\napp:\n\tgo build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'x86-64', notOutput: 'aarch64' } }],
    },
    {
      claim: 'Exported, it reaches go.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: 'export GOARCH := arm64\n\napp:\n\tgo build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'aarch64' } }],
    },
  ],
  check(ctx: RuleContext<ModelOf<'makefile'>>): RuleReport[] {
    const missing = new Map<Assignment, GoCommand[]>();
    // Target-specific sites (`release: GOOS := linux`) apply only to their targets' recipes: the text
    // before the name holds the targets and a colon.
    const targetOf = new Map<GoCommand, string>();
    for (const context of ctx.model.contexts) {
      const recipe = RECIPE_CONTEXT.exec(context.where);
      if (recipe && context.command) targetOf.set(context.command, recipe[1]);
    }
    const byTarget = new Map<string, Map<string, Assignment>>();
    const sites: Assignment[] = [];
    for (const site of ctx.model.assignments) {
      if (site.kind !== 'make' || !TARGETING.has(site.name) || site.unread) continue;
      if (!site.makeTargets) {
        sites.push(site);
        continue;
      }
      for (const target of site.makeTargets) {
        const own = byTarget.get(target) ?? new Map<string, Assignment>();
        own.set(site.name, site);
        byTarget.set(target, own);
      }
    }
    // The last assignment of a name is the one a recipe would see. When it sits in a conditional and
    // another branch leaves the value unknown (containerd: `GOOS ?= $(shell $(GO) env GOOS)` when go is
    // installed, a guess from uname otherwise), which one holds is not ours to guess either.
    const last = new Map(sites.map((s) => [s.name, s]));
    for (const [name, site] of last) {
      if (underMakeConditional(ctx, site) && sites.some((s) => s.name === name && s.value === undefined)) last.delete(name);
    }
    const text = ctx.file.text;
    const recipeLines = text.split(/\r?\n/).filter((l) => l.startsWith('\t'));
    // Asked once per name: a scan of every recipe line per go command grew with the square of the Makefile.
    const deliberateByName = new Map<string, boolean>();
    const deliberate = (name: string): boolean => {
      let known = deliberateByName.get(name);
      if (known === undefined) {
        known = passedExplicitly(name, recipeLines) || unsetInRecipe(name, recipeLines) || new RegExp(`^[ \\t]*unexport\\s+(?:[^\\n]*\\s)?${name}(?:\\s|$)`, 'm').test(text);
        deliberateByName.set(name, known);
      }
      return known;
    };
    for (const command of ctx.model.commands) {
      if (command.tool !== 'go' || !subcommandDoes(command.subcommand, 'compiles')) continue;
      const target = targetOf.get(command);
      const visible = new Map(last);
      for (const [name, site] of (target && byTarget.get(target)) || []) visible.set(name, site);
      for (const site of visible.values()) {
        // Unknown values (`$(shell go env GOOS)`) are usually the host's anyway; not our guess to make.
        if (site.value === undefined || deliberate(site.name)) continue;
        if (command.env.has(site.name)) continue;
        const list = missing.get(site);
        if (list) list.push(command);
        else missing.set(site, [command]);
      }
    }
    return [...missing].flatMap(([site, all]): RuleReport[] => {
      // A go command in a loop is one command per loop value: one line, one edit.
      const starts = new Set<string>();
      const commands = all.filter((c) => {
        const start = `${c.range.start.line}:${c.range.start.character}`;
        return !starts.has(start) && Boolean(starts.add(start));
      });
      // Exported, the blanks after the value would reach go with it (XB505): they go too.
      const blanks = makeTrailingBlanks(ctx, site);
      const exportFix = {
        title: `Export ${site.name}`,
        isPreferred: true,
        edits: [{ file: site.file, range: { start: site.nameRange.start, end: site.nameRange.start }, newText: 'export ' }, ...(blanks ? [blanks.remove] : [])],
      };
      const passFix = (on: GoCommand[]) => ({
        title: `Pass ${site.name}=$(${site.name}) on the go command${on.length > 1 ? 's' : ''}`,
        isPreferred: false,
        edits: on.map((c) => c.insertBefore(`${site.name}=$(${site.name}) `)),
      });
      if (site.file !== ctx.file.path) {
        // Set in an included file: reported where it matters, on each go command of this Makefile.
        const where = `${relativeTo(ctx.file.path, site.file)} (line ${site.nameRange.start.line + 1})`;
        return commands.map((c) => ({
          range: c.goRange,
          message: includedMessage(site.name, where),
          fixes: [exportFix, passFix([c])],
          related: [{ file: site.file, range: site.nameRange, message: `${site.name} is set here, not exported` }],
        }));
      }
      const shown = commands.slice(0, SHOWN_COMMANDS);
      const more = commands.length - shown.length;
      const lines = `${shown.map((c) => c.range.start.line + 1).join(', ')}${more ? ` and ${more} more` : ''}`;
      const { message, rest } = fit(
        `${site.name} is a make variable the go command does not see: export it, or pass ${site.name}=$(${site.name}).`,
        `On line${commands.length > 1 ? 's' : ''} ${lines} go uses its own default, unless ${site.name} comes from the environment.`,
      );
      return [
        {
          range: site.nameRange,
          message,
          // Passing it on each of many go commands is no fix anyone wants: exporting it is one edit.
          fixes: more ? [exportFix] : [exportFix, passFix(commands)],
          related: [...notes(site.file, site.nameRange, rest), ...shown.map((c) => ({ file: c.file, range: c.goRange, message: `runs without ${site.name}` }))],
        },
      ];
    });
  },
};

/** The message for a variable set in an included file, reported on the go command. */
export function includedMessage(name: string, where: string): string {
  return brief(
    `${name} from ${where} is not exported, so go does not see it: export it there, or pass it here.`,
    `go uses its own default, unless ${name} comes from the environment or the make command line.`,
  );
}

/** `other` relative to the directory of `from` when it lies below it (paths or URIs alike). */
function relativeTo(from: string, other: string): string {
  const dir = from.slice(0, from.lastIndexOf('/') + 1);
  return dir && other.startsWith(dir) ? other.slice(dir.length) : other;
}

/**
 * Whether a recipe line unsets the variable (`unset GOARCH`, `env -u GOARCH`): go then goes without it
 * whether make exports it or not, so exporting is no fix.
 */
function unsetInRecipe(name: string, recipeLines: string[]): boolean {
  const unset = new RegExp(`\\bunset\\s+(?:-v\\s+)?(?:[A-Za-z_][A-Za-z0-9_]*\\s+)*${name}\\b|(?:-u\\s*|--unset[=\\s])${name}\\b`);
  return recipeLines.some((l) => unset.test(l));
}

/**
 * Whether a recipe line hands the variable to go itself: `VAR=$(VAR)`, `VAR="${VAR}"`, or `$(VAR)` on
 * a line that runs a go build-like subcommand (`$(GO) build`, `go test`).
 */
function passedExplicitly(name: string, recipeLines: string[]): boolean {
  const ref = `\\$[({]${name}[)}]`;
  const assigned = new RegExp(`(?:^|[\\s;&|('"@-])${name}=["']?${ref}`);
  const used = new RegExp(ref);
  const goLine = /(?:\bgo|\$[({][A-Za-z_][A-Za-z0-9_]*[)}])\s+(?:build|install|run|test|vet)\b/;
  return recipeLines.some((l) => assigned.test(l) || (used.test(l) && goLine.test(l)));
}
