import { compilerTarget } from '../knowledge/cross-compilers';
import type { Stage } from '../model/dockerfile-model';
import type { GoCommand } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { brief, buildRelation, replaceValue, setCgoFor, stageLabel, goCommandsThat } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { NET_CGO_GCC } from './witness-runs';


/** What installs a native C compiler and C headers, by the image's C library. */
const INSTALL: Partial<Record<Stage['libc'], string>> = {
  musl: 'apk add --no-cache gcc musl-dev',
  glibc: 'apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*',
};

export const XB207: Rule<'dockerfile'> = {
  code: 'XB207',
  title: 'cgo turned on in an image without a C compiler',
  severity: 'error',
  kinds: ['dockerfile'],
  fixable: true,
  witnesses: [
    {
      claim: 'CGO_ENABLED=1 with no C compiler on PATH (golang:*-alpine, whose Go looks for gcc): the build stops.',
      program: 'net',
      cc: 'none',
      env: { CGO_ENABLED: '1', CC: 'gcc' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH' },
    },
    {
      claim: 'Without CGO_ENABLED Go turns cgo off by itself when no C compiler is found.',
      cc: 'none',
      env: {},
      args: ['env', 'CGO_ENABLED'],
      expect: { exit: 'ok', stdout: '0' },
    },
    {
      claim: 'Only packages that need C fail: a program without net, os/user or import "C" builds with CGO_ENABLED=1 and no compiler.',
      program: 'hello',
      cc: 'none',
      env: { CGO_ENABLED: '1', CC: 'gcc' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
    },
    {
      claim: 'With a C compiler installed the same cgo build succeeds.',
      ...NET_CGO_GCC,
      expect: { exit: 'ok' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const { context, command } of goCommandsThat(ctx.model, 'compiles')) {
      if (context.stageIndex === undefined) continue;
      const cgo = context.env.get('CGO_ENABLED');
      if (cgo?.value !== '1') continue;
      const stage = ctx.model.stages[context.stageIndex];
      if (stage.cc !== false || stage.crossCC.length > 0) continue;
      const cc = context.env.get('CC');
      if (cc && cc.value === undefined) continue;
      const compiler = cc?.value ? compilerTarget(cc.value) : undefined;
      if (compiler && compiler.kind !== 'native') continue; // a cross compiler set up some other way: not ours to judge
      const name = compiler?.name ?? 'gcc';
      const rel = buildRelation(context, ctx);
      const cross = rel.relation === 'cross' || rel.relation === 'per-target';
      const fixes: Fix[] = [];
      const install = INSTALL[stage.libc];
      if (install && !cross && name === 'gcc') {
        fixes.push({ title: `Install a C compiler: RUN ${install.split(' && ').find((p) => /install|add/.test(p))}`, isPreferred: true, edits: [installBefore(ctx, command, install)] });
      }
      const off = cgo.site?.literal ? replaceValue(cgo.site, '0') : setCgoFor(ctx, command, '0');
      if (off) fixes.push({ title: 'Turn cgo off (CGO_ENABLED=0), if nothing needs C', isPreferred: fixes.length === 0, edits: [off] });
      const site = cgo.site;
      reports.push({
        range: site && site.kind === 'prefix' ? site.range : command.goRange,
        message: brief(
          `CGO_ENABLED=1 in an image without a C compiler: ${cross ? "install the target's with tonistiigi/xx" : 'install one first'}.`,
          !cross && install && `For ${stage.imageExpr}: ${install.split(' && ').find((p) => /install|add/.test(p))}.`,
          `Once a package needs cgo, the build stops with "cgo: C compiler "${name}" not found".`,
        ),
        related: [
          { file: ctx.file.path, range: stage.fromRange, message: `${stageLabel(stage)} has no C compiler` },
          {
            file: ctx.file.path,
            range: site && site.kind === 'prefix' ? site.range : command.goRange,
            message:
              `as soon as a package needs cgo (net or os/user, so any network program, or any import "C") the build stops with ` +
              `"cgo: C compiler "${name}" not found: exec: "${name}": executable file not found in $PATH"` +
              (cross ? '; tonistiigi/xx installs the target\'s compiler (`xx-apk add gcc musl-dev`, `xx-apt-get install gcc libc6-dev`) and `xx-go build` uses it' : ''),
          },
        ],
        fixes,
      });
    }
    return reports;
  },
};

/** `RUN <install>` on its own line right before the RUN instruction that holds the go command. */
function installBefore(ctx: RuleContext, command: GoCommand, install: string): TextEdit {
  const text = ctx.file.text;
  const lineText = (l: number) => text.slice(ctx.lines.offsetAt({ line: l, character: 0 }), ctx.lines.lineEnd(l));
  let line = command.range.start.line;
  while (line > 0 && !/^\s*RUN\b/i.test(lineText(line))) line--;
  const indent = /^\s*/.exec(lineText(line))![0];
  const at = ctx.lines.offsetAt({ line, character: 0 });
  return { file: ctx.file.path, range: ctx.lines.range(at, at), newText: `${indent}RUN ${install}${ctx.lines.eol}` };
}
