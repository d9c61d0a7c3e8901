import type { RelatedInformation } from '../types';
import { cgoOffWhy, once, rangeKey, goCommandsThat } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';

const SHOWN = 3;

export const XB601: Rule<BuildFile> = {
  code: 'XB601',
  title: 'Files with import "C" in a build with cgo off',
  severity: 'information',
  kinds: BUILD_FILES,
  fixable: false,
  witnesses: [
    {
      claim: 'import "C" implies the cgo build constraint: with CGO_ENABLED=0 a package made only of such files is excluded.',
      env: { CGO_ENABLED: '0' },
      args: ['build', '-o', 'app', '.'],
      program: 'cgo',
      expect: { exit: 'fail', stderr: 'build constraints exclude all Go files in' },
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const module = ctx.module;
    if (!module?.cgoFiles.length) return [];
    const files = module.cgoFiles;
    const root = module.path.replace(/[\\/][^\\/]*$/, '');
    const reports: RuleReport[] = [];
    for (const { context, command } of goCommandsThat(ctx.model, 'links')) {
      const off = cgoOffWhy(context, ctx);
      if (!off) continue;
      const shown = files.slice(0, SHOWN).map((f) => f.path).join(', ') + (files.length > SHOWN ? ` and ${files.length - SHOWN} more` : '');
      const related: RelatedInformation[] = files.slice(0, SHOWN).map((f) => ({
        file: `${root}/${f.path}`,
        range: { start: { line: f.line, character: 0 }, end: { line: f.line, character: 10 } },
        message: 'import "C": excluded from builds with cgo off',
      }));
      reports.push({
        range: command.range,
        message:
          `go ${command.subcommand} builds with ${off}, and ${files.length === 1 ? 'a file' : `${files.length} files`} of this module import "C" (${shown}). ` +
          'import "C" implies the cgo build constraint, so these files are silently left out: if this build includes their packages it fails ' +
          'with missing symbols, or "build constraints exclude all Go files in …" when a package has no other files.',
        related,
      });
    }
    return reports.filter(once((r) => rangeKey(r.range)));
  },
};
