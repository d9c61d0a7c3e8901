import { isKnownGoarch, isKnownGoos } from '../knowledge/ports';
import type { MatrixDimension, WorkflowModel } from '../model/types';
import type { Fix } from '../types';
import type { Rule, RuleContext, RuleReport } from './rule';
import { brief, notes } from './helpers';

export const XB704: Rule<'workflow'> = {
  code: 'XB704',
  title: 'Matrix names platforms that never reach the build',
  severity: 'error',
  kinds: ['workflow'],
  fixable: true,
  witnesses: [
    {
      claim: 'With GOOS and GOARCH unset, go builds for the machine it runs on, whatever the output is named.',
      env: {},
      args: ['build', '-o', 'app-windows-arm64.exe', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'ELF 64-bit', notOutput: 'PE32' } }],
    },
    {
      claim: 'The fix: GOOS and GOARCH from the matrix leg build that leg\'s platform.',
      env: { GOOS: 'windows', GOARCH: 'arm64' },
      args: ['build', '-o', 'app-windows-arm64.exe', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'PE32+ executable', notOutput: 'ELF' } }],
    },
  ],
  check(ctx: RuleContext<WorkflowModel>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const job of ctx.model.jobs) {
      if (!job.platformMatrix.length || job.matrixMayReach) continue;
      const runner = job.runner?.goos && job.runner.goarch ? `${job.runner.goos}/${job.runner.goarch}` : 'the runner\'s platform';
      const prefix = prefixFor(job.platformMatrix);
      for (const build of job.builds) {
        if (build.targetSet) continue;
        const fixes: Fix[] = prefix ? [{ title: `Pass ${prefix.trim()}`, isPreferred: true, edits: [build.insertBefore(prefix)] }] : [];
        const dims = job.platformMatrix.map((d) => `matrix.${d.path}`).join(', ');
        reports.push({
          range: build.range,
          // A make or script run may set the target itself in a file this one does not show: a warning there.
          ...(build.kind === 'program' ? { severity: 'warning' as const } : {}),
          message: brief(`${build.name} gets no GOOS/GOARCH from the matrix: every leg builds for ${runner}.`, `Pass ${dims} to it.`),
          related: [
            ...notes(ctx.file.path, job.platformMatrix[0].range, [`Job ${job.id}'s matrix names ${describe(job.platformMatrix)}; nothing passes them to GOOS or GOARCH.`]),
            ...(build.kind === 'program' ? notes(ctx.file.path, build.range, [`Unless ${build.name} sets the target itself, each artifact holds a ${runner} binary.`]) : []),
          ],
          fixes,
        });
      }
    }
    return reports;
  },
};

function describe(dims: readonly MatrixDimension[]): string {
  return dims.map((d) => `${d.path}: ${d.values.join(', ')}`).join('; ');
}

/**
 * `GOOS=${{ matrix.… }} GOARCH=${{ matrix.… }} ` when the matrix names the OS and/or the architecture in
 * Go's words (an alias or a whole platform string needs mapping first: no certain fix).
 */
function prefixFor(dims: readonly MatrixDimension[]): string | undefined {
  const os = dims.find((d) => d.role === 'os');
  const arch = dims.find((d) => d.role === 'arch');
  if (dims.some((d) => d.role === 'platform')) return undefined;
  if ((os && !os.values.every(isKnownGoos)) || (arch && !arch.values.every(isKnownGoarch))) return undefined;
  const parts = [os && `GOOS=\${{ matrix.${os.path} }}`, arch && `GOARCH=\${{ matrix.${arch.path} }}`].filter(Boolean);
  return parts.length ? `${parts.join(' ')} ` : undefined;
}
