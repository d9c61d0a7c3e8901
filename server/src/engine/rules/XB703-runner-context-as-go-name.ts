import type { WorkflowModel } from '../model/types';
import type { Rule, RuleContext, RuleReport } from './rule';
import { brief, notes } from './helpers';

/**
 * GitHub's runner context names (its documentation): runner.os is Linux, Windows or macOS; runner.arch is
 * X86, X64, ARM or ARM64. None is a Go name.
 */
const RUNNER_VALUE = /^["']?\$\{\{\s*runner\.(os|arch)\s*\}\}["']?$/;
const GO_NAME: Record<string, Record<string, string>> = {
  os: { Linux: 'linux', Windows: 'windows', macOS: 'darwin' },
  arch: { X86: '386', X64: 'amd64', ARM: 'arm', ARM64: 'arm64' },
};

export const XB703: Rule<'workflow'> = {
  code: 'XB703',
  title: 'GOOS or GOARCH set from the runner context',
  severity: 'error',
  kinds: ['workflow'],
  fixable: true,
  witnesses: [
    {
      claim: 'runner.arch is X64 on an x86-64 runner, which Go rejects as GOARCH.',
      env: { GOOS: 'linux', GOARCH: 'X64' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: unsupported GOOS/GOARCH pair linux/X64' },
    },
    {
      claim: 'runner.arch is ARM64 on an arm64 runner, also rejected.',
      env: { GOOS: 'linux', GOARCH: 'ARM64' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: unsupported GOOS/GOARCH pair linux/ARM64' },
    },
    {
      claim: 'runner.os is Linux, which Go rejects as GOOS.',
      env: { GOOS: 'Linux', GOARCH: 'amd64' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: unsupported GOOS/GOARCH pair Linux/amd64' },
    },
    {
      claim: 'The fix: with GOOS and GOARCH unset, go builds for the machine it runs on.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'run', expect: { exit: 'ok' } }],
    },
  ],
  check(ctx: RuleContext<WorkflowModel>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const site of ctx.model.assignments) {
      if (site.name !== 'GOOS' && site.name !== 'GOARCH') continue;
      const m = RUNNER_VALUE.exec(site.valueText.trim());
      if (!m || (m[1] === 'os') !== (site.name === 'GOOS')) continue;
      const values = Object.entries(GO_NAME[m[1]]).map(([gh, go]) => `${gh} for ${go}`).join(', ');
      reports.push({
        range: site.valueRange,
        message: brief(`${site.name} gets runner.${m[1]}, which is never a Go name: drop ${site.name} to build for the runner.`, 'go stops with "unsupported GOOS/GOARCH pair".'),
        related: notes(ctx.file.path, site.valueRange, [`GitHub says ${values}.`]),
        fixes: [{ title: `Remove ${site.name} (go builds for the runner)`, isPreferred: true, edits: [site.remove()] }],
      });
    }
    return reports;
  },
};
