import type { GoInstallation, Range } from '../types';
import { brief } from './helpers';
import { fileStart, goenvLine, installationOf } from './installation';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';

// Each script writes the line by hand, as an older Go's `go env -w` did: Go 1.27 refuses to write it.
const GOROOT_LINE = 'mkdir -p empty-root "$(dirname "$GOENV")"\nprintf \'GOROOT=%s/empty-root\\n\' "$PWD" > "$GOENV"\n';

/** What happens to builds with this GOROOT, in the go command's words (measured with Go 1.21–1.27). */
function consequence(root: NonNullable<GoInstallation['goroot']>, inst: GoInstallation): string {
  if (!root.hasRuntime && !root.hasGoCommand) {
    return (
      `${root.value} is not a Go installation (it has no src/runtime and no bin/go): every build fails, ` +
      `with "package fmt is not in std (${root.value}/src/fmt)" (for the first standard package imported) when the directory exists and ` +
      `"go: cannot find GOROOT directory: ${root.value}" when it does not.`
    );
  }
  const theirs = root.release ? ` (${root.release})` : '';
  const details = [inst.release, root.ownRoot && `whose root is ${root.ownRoot}`].filter(Boolean).join(', ');
  const ours = `the go in use${details ? ` (${details})` : ''}`;
  const failure =
    root.release && inst.release && root.release !== inst.release
      ? `builds fail with \`compile: version "${root.release}" does not match go tool version "${inst.release}"\`.`
      : 'when the two releases differ, builds fail with `compile: version "…" does not match go tool version "…"`.';
  return `${root.value}${theirs} belongs to another Go installation than ${ours}: the go command compiles with that root's tools and standard library, and ${failure}`;
}

/**
 * GOROOT is set (process environment or go env file) to something that is not the root of the go in
 * use. The facts come from server/src/go (stat, realpath, `go env GOROOT` with GOROOT unset).
 */
export const XB402: Rule<'goenv'> = {
  code: 'XB402',
  title: 'GOROOT is set to something other than the root of the go in use',
  severity: 'error',
  kinds: ['goenv'],
  fixable: true,
  witnesses: [
    {
      claim: 'GOROOT pointing at an empty directory: every build fails, the standard library is missing.',
      env: {},
      goroot: 'empty',
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'package fmt is not in std' },
    },
    {
      claim: 'GOROOT pointing at a directory that does not exist: every go command that builds fails at once.',
      env: {},
      goroot: 'missing',
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: cannot find GOROOT directory: ' },
    },
    {
      claim: 'GOROOT pointing at another Go release\'s root: the go command uses that root\'s compiler, which refuses to work for it.',
      env: {},
      goroot: 'other',
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'does not match go tool version' },
    },
    {
      claim: 'A GOROOT line in the go env file is read like the environment variable: builds fail the same way.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { sh: `${GOROOT_LINE}go build -o app .\n` },
      expect: { exit: 'fail', stderr: 'package fmt is not in std' },
    },
    {
      claim: 'Up to Go 1.26, `go env -w GOROOT=…` writes the line and `go env -u GOROOT` removes it again.',
      versions: { to: '1.26' },
      env: {},
      args: ['run', '.'],
      script: { sh: 'mkdir -p empty-root\ngo env -w GOROOT="$PWD/empty-root"\ngo build -o app . && exit 3\ngo env -u GOROOT\ngo run .\n' },
      expect: { exit: 'ok', stdout: 'hello', stderr: 'package fmt is not in std' },
    },
    {
      claim: 'Go 1.27 refuses `go env -u GOROOT` (and `-w`), yet still reads a GOROOT line that an older Go wrote.',
      versions: { from: '1.27' },
      env: {},
      args: ['env', '-u', 'GOROOT'],
      script: { sh: `${GOROOT_LINE}go build -o app . && exit 3\ngo env -w GOROOT=/usr && exit 3\ngo env -u GOROOT\n` },
      expect: { exit: 'fail', code: 1, stderr: 'go: GOROOT cannot be modified' },
    },
    {
      claim: 'Deleting the GOROOT line from the go env file (the quick fix) makes builds work again with every release.',
      env: {},
      args: ['run', '.'],
      script: { sh: `${GOROOT_LINE}sed -i '/^GOROOT=/d' "$GOENV"\ngo run .\n` },
      expect: { exit: 'ok', stdout: 'hello' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'goenv'>>): RuleReport[] {
    const inst = installationOf(ctx);
    const root = inst?.goroot;
    if (!inst || !root) return [];
    const broken = (!root.hasRuntime && !root.hasGoCommand) || root.sameInstallation === false;
    if (!broken) return [];
    const what = consequence(root, inst);
    const notGo = !root.hasRuntime && !root.hasGoCommand;
    const wrong = notGo ? 'is not a Go installation' : `is another Go${root.release ? ` (${root.release})` : ''}`;
    const fails = notGo
      ? 'Every build fails ("package fmt is not in std").'
      : root.release && inst.release && root.release !== inst.release
        ? // The compiler's words are in the related information: beside the lead they never fit in a message.
          undefined
        : 'Builds fail when the two releases differ.';
    const line = goenvLine(ctx, 'GOROOT', root.value);
    if (root.from === 'goenv') {
      // The file says something else than what go read (an unsaved edit): unknown, say nothing.
      if (!line) return [];
      return [
        {
          range: line.range,
          message: brief(`GOROOT=${root.value} ${wrong}: remove this line, go finds its own root.`, fails),
          related: [
            { file: ctx.file.path, range: line.range, message: `this go env file sets GOROOT for every go command on this machine: ${what}` },
            {
              file: ctx.file.path,
              range: line.range,
              message: '`go env -u GOROOT` removes the line up to Go 1.26; Go 1.27 refuses it with "go: GOROOT cannot be modified" but still reads the line',
            },
          ],
          fixes: [{ title: 'Remove GOROOT from the go env file (go finds its own root)', isPreferred: true, edits: [line.remove()] }],
        },
      ];
    }
    const range: Range = line?.range ?? fileStart();
    return [
      {
        range,
        message: brief(`GOROOT=${root.value} in go's environment ${wrong}: unset it where it is exported.`, fails),
        related: [
          {
            file: ctx.file.path,
            range,
            message:
              `GOROOT is set in the environment the go command runs with (which wins over this go env file): ${what} ` +
              'Unset it in the shell profile, CI settings or the editor\'s environment; go finds its own root.',
          },
        ],
      },
    ];
  },
};
