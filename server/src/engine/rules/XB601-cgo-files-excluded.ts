import type { RelatedInformation } from '../types';
import { notes, fit, brief, cgoOffWhy, once, rangeKey, goCommandsThat } from './helpers';
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
      const some = files.length === 1 ? `${files[0].path} imports` : `${files.length} files import`;
      const { message, rest } = fit(
          `${some} "C", which go ${command.subcommand} leaves out with cgo off: turn cgo on if the build needs ${files.length === 1 ? 'it' : 'them'}.`,
          files.length > 1 && `They include ${shown}.`,
        'Their packages then fail with missing symbols or "build constraints exclude all Go files".',
      );
      reports.push({ range: command.range, message, related: [...related, ...notes(ctx.file.path, command.range, rest)] });
    }
    return reports.filter(once((r) => rangeKey(r.range)));
  },
};
