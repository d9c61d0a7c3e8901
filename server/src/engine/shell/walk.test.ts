import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ready } from '../testing';
import { LineIndex, MappedText } from '../text';
import { writtenOnOneLine } from './types';
import { walkShell, type ShellInput, type ShellResult, type SimpleCommand, type Watch } from './walk';

before(ready);

/** A watch of our own: the walker knows no Go. */
const WATCH: Watch = { variable: (name) => name.startsWith('T_'), program: (name) => name === 'tool', opaque: ['T_OS'] };

function walk(text: string, more: Partial<ShellInput> = {}): ShellResult & { commands: SimpleCommand[] } {
  const commands: SimpleCommand[] = [];
  const result = walkShell({ file: '/w/s.sh', lines: new LineIndex(text), source: MappedText.of(text, 0), env: new Map(), watch: WATCH, ...more }, (c) => commands.push(c));
  return { ...result, commands };
}

/** Each run of `name`: its words' values after the program, and the listed variables of its environment. */
function runs(result: { commands: SimpleCommand[] }, name = 'tool', vars: string[] = []): (string | undefined)[][] {
  return result.commands.filter((c) => c.name === name).map((c) => [...c.words.slice(1).map((w) => w.value), ...vars.map((v) => c.env.get(v)?.value)]);
}

describe('shell walker', () => {
  it('runs every part of a pipeline and a ( … ) in a subshell: what they set does not leak', () => {
    const r = walk(['export T_OS=linux', 'export T_OS=darwin | cat', '( export T_ARCH=arm64 )', 'tool', ''].join('\n'));
    assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['linux', undefined]]);
    assert.equal(r.commands.find((c) => c.name === 'cat')?.env.get('T_OS')?.value, 'linux');
  });

  it('keeps a line of assignments tree-sitter joined to a pipeline\'s first command in this shell', () => {
    for (const pipeline of ['tool one | cat', 'tool one 2>&1 | tee log', 'cat list | tool one']) {
      const r = walk(`T_OS=linux T_ARCH=arm64\n${pipeline}\nexport T_OS T_ARCH\ntool two\n`);
      assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['one', undefined, undefined], ['two', 'linux', 'arm64']], pipeline);
    }
  });

  it('runs a line of several assignments as its own statement, though tree-sitter joins the next line\'s command to it', () => {
    // tree-sitter-bash parses `A=1 B=2⏎tool` as one command with two prefixes; sh runs two statements.
    const text = ['T_OS=linux T_ARCH=arm64', 'tool first', 'T_OS=darwin T_ARCH=amd64 OUT=x', '# a comment', 'tool "$OUT" | cat', 'T_OS=windows \\', '  tool prefixed', ''].join('\n');
    const r = walk(text);
    assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['first', undefined, undefined], ['x', undefined, undefined], ['prefixed', 'windows', undefined]]);
    const first = r.commands.find((c) => c.name === 'tool')!;
    assert.deepEqual(first.unexported().map((a) => [a.name, a.statementStart]), [['T_OS', { line: 0, character: 0 }], ['T_ARCH', { line: 0, character: 0 }]]);
    // The command's range starts at its name, on its own line.
    assert.deepEqual(first.range.start, { line: 1, character: 0 });
    // A pipeline's parts are subshells, but the line of assignments before it ran in this shell.
    assert.deepEqual(r.commands.find((c) => c.words[1]?.value === 'x')?.unexported().map((a) => a.value), ['darwin', 'amd64']);
  });

  it('expands a command\'s words before its prefixes: `T_OS=windows tool app-$T_OS` names app- plus the shell\'s T_OS', () => {
    // bash expands the words first, then assigns the prefixes for the program it starts (env's words too);
    // a prefix's value does see the prefixes before it.
    const text = [
      'T_OS=linux',
      'T_OS=windows tool "app-$T_OS"',
      'T_ARCH=arm64 T_OS=$T_ARCH tool "$T_OS"',
      'env T_OS=darwin tool "$T_OS"',
      'f() { tool "$1"; }',
      'T_OS=plan9 f "$T_OS"',
      '',
    ].join('\n');
    assert.deepEqual(runs(walk(text), 'tool', ['T_OS']), [['app-linux', 'windows'], ['linux', 'arm64'], ['linux', 'darwin'], ['linux', 'plan9']]);
  });

  it('passes the words after a redirect to the command (`go build 2>/dev/null -o app ./cmd`)', () => {
    const r = walk(['tool one >log two three', 'tool a 2>&1 b', 'tool x 2>/dev/null y | cat', 'tool <<EOF', 'body', 'EOF', 'tool run <<EOF -v', 'body', 'EOF', ''].join('\n'));
    assert.deepEqual(runs(r), [['one', 'two', 'three'], ['a', 'b'], ['x', 'y'], [], ['run', '-v']]);
    // The command's range runs to its last word.
    assert.deepEqual(r.commands[0].range.end, { line: 0, character: 'tool one >log two three'.length });
    // A redirected call runs in this shell: what the function exports stays.
    assert.deepEqual(runs(walk('setup() { export T_OS=linux; }\nsetup >/dev/null 2>&1\ntool\n'), 'tool', ['T_OS']), [['linux']]);
  });

  it('calls a function by name where bash does: not through env, through eval, an empty array, or a wrapper\'s "$@"', () => {
    const f = 'f() { tool "$1"; }\n';
    assert.deepEqual(runs(walk(`${f}eval f one\n`)), [['one']]);
    // A function an eval defines is called later like any other.
    assert.deepEqual(runs(walk(`eval 'setup() { export T_OS=linux; }'\nsetup\ntool\n`), 'tool', ['T_OS']), [['linux']]);
    assert.deepEqual(runs(walk(`${f}PRE=()\n"\${PRE[@]}" f two\n`)), [['two']]);
    assert.deepEqual(runs(walk(`${f}run() { echo running; "$@"; }\nrun f three\n`)), [['three']]);
    // env runs programs only; after words we cannot read (env's, perhaps) the program runs too.
    const wrapper = 'tool() { other "$@"; }\n';
    for (const line of ['env T_OS=linux tool x', 'eval $PRE tool x', '"${PRE[@]}" tool x']) {
      const r = walk(`${wrapper}${line}\n`);
      // (The function, never called, is walked once at the end with unknown arguments.)
      assert.deepEqual([runs(r), runs(r, 'other')], [[['x']], [[undefined]]], line);
    }
  });

  it('leaves a script\'s own "$@" unknown', () => {
    assert.deepEqual(runs(walk('tool "$@" x\n')), [[undefined, 'x']]);
  });

  it('runs the commands of a substitution in a subshell, wherever the substitution stands (quoted, in a value, nested, backquoted)', () => {
    const text = [
      'export T_OS=linux',
      'V=$(T_OS=darwin tool a; export T_OS=windows)',
      'local L=`tool b`',
      'if [ "$(tool c; export T_OS=plan9)" = yes ]; then tool d "$(tool e "$(tool f)")"; fi',
      'tool g',
      '',
    ].join('\n');
    const r = walk(text);
    assert.deepEqual(r.commands.filter((c) => c.name === 'tool').map((c) => [c.words[1].value, c.env.get('T_OS')?.value]), [
      ['a', 'darwin'], ['b', 'linux'], ['c', 'linux'], ['f', 'linux'], ['e', 'linux'], ['d', 'linux'], ['g', 'linux'],
    ]);
  });

  it('evaluates the default forms of an expansion: ${V:-w}, ${V:=w} (the same value), ${V:+w}', () => {
    const text = 'SET=x\nEMPTY=\ntool "${EMPTY:-a}" "${EMPTY:=b}" "${SET:=c}" "${SET:+d}" "${EMPTY:+e}"\n';
    assert.deepEqual(runs(walk(text)), [['a', 'b', 'x', 'd', '']]);
  });

  it('gives ${V-w} the word only when V is unset, and reads an unbound name as unset in a closed environment (a RUN line)', () => {
    // `RUN GOARCH=${TARGETARCH-amd64} go build` in a stage that declares no ARG TARGETARCH builds amd64.
    const cases: [string, Partial<ShellInput>, string | undefined][] = [
      ['tool "${T_ARCH-amd64}"', { closed: true }, 'amd64'],
      ['T_ARCH=\ntool "${T_ARCH-amd64}"', { closed: true }, ''],
      ['T_ARCH=arm64\ntool "${T_ARCH-amd64}"', { closed: true }, 'arm64'],
      ['tool "${T_ARCH-amd64}"', { env: new Map([['T_ARCH', { name: 'T_ARCH', value: 'riscv64', expr: 'riscv64' }]]), closed: true }, 'riscv64'],
      ['tool "${T_ARCH-amd64}"', {}, undefined],
      ['b() { tool "${1-amd64}"; }\nb arm64', { closed: true }, 'arm64'],
    ];
    for (const [text, more, expected] of cases) assert.deepEqual(runs(walk(`${text}\n`, more)), [[expected]], text);
  });

  it('joins an array expanded inside a word, and leaves ${@} in a word outside a call unknown', () => {
    assert.deepEqual(runs(walk('V=(1.2 1.3)\ntool "v${V[@]}" "x${@}"\n')), [['v1.2 1.3', undefined]]);
  });

  it('splits an unquoted $NAME or ${NAME} into fields, and marks the words one written word became', () => {
    const r = walk(['FLAGS="-race  -trimpath"', 'EMPTY=', 'tool $FLAGS ${FLAGS} "$FLAGS" $EMPTY -o app', ''].join('\n'));
    assert.deepEqual(runs(r), [['-race', '-trimpath', '-race', '-trimpath', '-race  -trimpath', '-o', 'app']]);
    assert.deepEqual(r.commands[0].words.slice(1).map((w) => w.shared ?? false), [true, true, true, true, false, false, false]);
    // Set IFS, and what splitting gives is not known here: the word stays whole.
    assert.deepEqual(runs(walk('IFS=:\nFLAGS="-race -trimpath"\ntool $FLAGS\n')), [['-race -trimpath']]);
  });

  it('with IFS set, a for list or env words split from a variable are unknown, not split on blanks', () => {
    // `IFS=,` then `for arch in $ARCHES`: the loop runs amd64 and arm64; split on blanks it would be one "amd64,arm64".
    const loop = walk('IFS=,\nARCHES=amd64,arm64\nfor arch in $ARCHES; do T_ARCH=$arch tool; done\n');
    assert.deepEqual(loop.commands.filter((c) => c.name === 'tool').map((c) => c.env.get('T_ARCH')?.value), [undefined]);
    const blanks = walk('ARCHES="amd64 arm64"\nfor arch in $ARCHES; do T_ARCH=$arch tool; done\n');
    assert.deepEqual(blanks.commands.map((c) => c.env.get('T_ARCH')?.value), ['amd64', 'arm64']);
    // `env $VARS tool`: with IFS set, which assignments the words hold is not known.
    const env = walk('IFS=,\nVARS=T_OS=linux,T_ARCH=arm64\nenv $VARS tool\n');
    const tool = env.commands.find((c) => c.name === 'tool')!;
    assert.deepEqual([tool.env.has('T_OS'), tool.env.get('T_OS')?.value], [true, undefined]);
    // One word of a for list that cannot be split makes the whole list unknown: not amd64 and one more.
    const mixed = walk('IFS=,\nARCHES=arm64,riscv64\nfor arch in amd64 $ARCHES; do T_ARCH=$arch tool; done\n');
    assert.deepEqual(mixed.commands.filter((c) => c.name === 'tool').map((c) => c.env.get('T_ARCH')?.value), [undefined]);
  });

  it('runs the program an unquoted command word names, with its other fields first (`$TOOL_CMD`, `$SUDO tool`)', () => {
    assert.deepEqual(runs(walk('TOOL_CMD="tool build -v"\n$TOOL_CMD -o app\n')), [['build', '-v', '-o', 'app']]);
    assert.deepEqual(runs(walk('SUDO=\n$SUDO tool -o app\n')), [['-o', 'app']]);
  });

  it('splits a make value only when it holds nothing the shell would read: else make\'s pasted text is parsed, not split', () => {
    const placeholders = new Map([
      ['__xbd0__', { value: '-race -tags netgo', expr: '$(FLAGS)' }],
      ['__xbd1__', { value: '-ldflags "-s -w"', expr: '$(LDFLAGS)' }],
    ]);
    assert.deepEqual(runs(walk('tool __xbd0__ "__xbd1__" "__xbd0__"\n', { placeholders })), [['-race', '-tags', 'netgo', '-ldflags "-s -w"', '-race -tags netgo']]);
    // Unquoted, make's pasted text is words with quotes of their own; one the text leaves open, or an expansion, keeps it whole.
    assert.deepEqual(runs(walk('tool __xbd1__\n', { placeholders })), [['-ldflags', '-s -w']]);
    const open = new Map([['__xbd0__', { value: '-ldflags "-s -w', expr: '$(LDFLAGS)' }], ['__xbd1__', { value: '-ldflags "-X main.v=$(git describe)"', expr: '$(LDFLAGS)' }]]);
    assert.deepEqual(runs(walk('tool __xbd0__ __xbd1__\n', { placeholders: open })).map((r) => r.length), [2]);
  });

  it('leaves unknown the expansions it does not evaluate: a default that expands, substitution, length, substring, $0', () => {
    const r = walk('T_OS=linux\nEMPTY=\ntool "${EMPTY:-$HOME}" "${T_OS/linux/darwin}" "${#T_OS}" "${T_OS:0:3}" "${T_OS:?}" "$0"\nb() { tool "$0" "${10}"; }\nb 1 2 3 4 5 6 7 8 9 ten\n');
    assert.deepEqual(runs(r), [[undefined, undefined, undefined, undefined, undefined, undefined], [undefined, 'ten']]);
  });

  it('removes a backslash inside double quotes only before $, `, " and \\ and a line break', () => {
    assert.deepEqual(runs(walk('tool "say \\"hi\\"" "\\$HOME" "C:\\temp" "a\\\\b"\n')), [['say "hi"', '$HOME', 'C:\\temp', 'a\\b']]);
    // Before a line break it continues the line: `-ldflags "-s -w \⏎-X main.version=1.2"`.
    assert.deepEqual(runs(walk('tool "-s -w \\\n-X main.version=1.2" "linux/\\\narm64"\n')), [['-s -w -X main.version=1.2', 'linux/arm64']]);
  });

  it('keeps the character after a backslash outside quotes', () => {
    assert.deepEqual(runs(walk('tool linux\\/arm64 a\\ b\n')), [['linux/arm64', 'a b']]);
  });

  it('trims from the side asked, across line breaks', () => {
    const r = walk("V=-linux-arm64\nP=linux/arm64/\nM='a\nb/c'\ntool \"${V%-*}\" \"${P#*/}\" \"${M#*/}\"\n");
    assert.deepEqual(runs(r), [['-linux', 'arm64/', 'c']]);
  });

  it('trims patterns with dots as literal dots, and leaves bracket patterns unknown', () => {
    const r = walk('V=v1.2.3\nX=linux-amd64\ntool "${V%.*}" "${V#v}" "${X%.amd64}" "${X%[a-z]*}"\n');
    assert.deepEqual(runs(r), [['v1.2', '1.2.3', 'linux-amd64', undefined]]);
  });

  it('unrolls a static for list of up to 16 words, one run per word', () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => `p${i}`);
    const r = walk(`for p in ${sixteen.join(' ')}; do tool "$p"; done\n`);
    assert.deepEqual(runs(r), sixteen.map((p) => [p]));
  });

  it('walks a longer or unknown list once, with the loop variable unknown', () => {
    const seventeen = Array.from({ length: 17 }, (_, i) => `p${i}`);
    assert.deepEqual(runs(walk(`for p in ${seventeen.join(' ')}; do tool "$p"; done\n`)), [[undefined]]);
    assert.deepEqual(runs(walk('for p in $PLATFORMS; do tool "$p"; done\n')), [[undefined]]);
  });

  it('after a loop, a variable its body sets is unknown: the body may have run any number of times', () => {
    const r = walk('export T_OS=linux\nfor p in a b; do export T_OS=$p; done\ntool\n');
    assert.deepEqual(runs(r, 'tool', ['T_OS']), [[undefined]]);
  });

  it('gives `sh -c` a new shell: exported variables only, no functions, nothing back', () => {
    const text = [
      'PLAIN=1',
      'export SHARED=2',
      'f() { tool from-function; }',
      `sh -c 'tool "$PLAIN" "$SHARED"; f; export T_OS=linux'`,
      'tool after',
      '',
    ].join('\n');
    const r = walk(text);
    assert.deepEqual(runs(r, 'tool', ['T_OS']), [[undefined, '2', undefined], ['after', undefined], ['from-function', undefined]]);
    // `f` inside sh -c is a program there; the function runs only where this shell calls it (never: walked at the end).
    assert.ok(r.commands.some((c) => c.name === 'f'));
  });

  it('runs a function at each call with $1… bound to the words the caller wrote; local names are restored', () => {
    const text = [
      'T_ARCH=amd64',
      'build() {',
      '  local T_ARCH=$2',
      '  T_OS=$1 tool "$T_ARCH" "$#"',
      '}',
      'build linux arm64',
      'build darwin amd64 extra',
      'tool "$T_ARCH"',
      '',
    ].join('\n');
    assert.deepEqual(runs(walk(text), 'tool', ['T_OS']), [['arm64', '2', 'linux'], ['amd64', '3', 'darwin'], ['amd64', undefined]]);
  });

  it('keeps a `local` inside a subshell of a function to that subshell', () => {
    const r = walk('b() {\n  ( local T_OS=darwin; tool inner )\n  export T_OS=linux\n}\nb\ntool after\n');
    assert.deepEqual(runs(r, 'tool', ['T_OS']), [['inner', undefined], ['after', 'linux']]);
  });

  it('shows an empty value as written, and names the build variable a value was copied from', () => {
    const r = walk('export T_OS=\nT_ARCH= tool one\nT_X=linux\nexport T_ARM=$T_X\nT_Y=$T_X tool two\nenv T_Z=$T_X tool three\n');
    assert.deepEqual([r.commands[0].env.get('T_OS')?.expr, r.commands[0].env.get('T_ARCH')?.expr], ['', '']);
    assert.deepEqual(r.assignments.slice(0, 2).map((a) => a.valueText), ['', '']);
    // The first build variable read, after one that is none.
    const mixed = walk('P=v\nT_X=linux\nexport T_ARM=$P$T_X\n');
    assert.equal(mixed.assignments[1].fromSite?.name, 'T_X');
    assert.deepEqual(r.assignments.filter((a) => a.fromSite).map((a) => [a.name, a.fromSite?.name, a.fromSite?.range.start.line]), [['T_ARM', 'T_X', 2], ['T_Y', 'T_X', 2], ['T_Z', 'T_X', 2]]);
  });

  it('starts a new local empty; a for variable shows as itself', () => {
    const r = walk('b() {\n  local T_OS\n  tool "x${T_OS}y"\n}\nb\nexport T_ARCH\nfor T_ARCH in amd64; do tool; done\n');
    assert.deepEqual(runs(r), [['xy'], []]);
    assert.equal(r.commands[1].env.get('T_ARCH')?.expr, '$T_ARCH');
  });

  it('keeps what a function exports after the call', () => {
    const r = walk('pin() { export T_ARM=7; }\npin\ntool\n');
    assert.deepEqual(runs(r, 'tool', ['T_ARM']), [['7']]);
  });

  it('reads if/else branches as alternatives: a value they agree on stays, one they disagree on is unknown', () => {
    const text = [
      'if [ "$CI" = true ]; then',
      '  export T_OS=linux T_ARCH=arm64',
      'else',
      '  export T_OS=linux T_ARCH=amd64',
      'fi',
      'tool',
      '',
    ].join('\n');
    const r = walk(text);
    assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['linux', undefined]]);
    assert.equal(r.commands[0].env.get('T_ARCH')?.expr, 'arm64|amd64');
  });

  it('takes an if without else or a case without `*)` as possibly not taken', () => {
    assert.deepEqual(runs(walk('export T_OS=linux\nif [ -n "$X" ]; then export T_OS=darwin; fi\ntool\n'), 'tool', ['T_OS']), [[undefined]]);
    assert.deepEqual(runs(walk('case "$X" in a) export T_OS=linux ;; esac\ntool\n'), 'tool', ['T_OS']), [[undefined]]);
    assert.deepEqual(runs(walk('case "$X" in a) export T_OS=linux ;; *) export T_OS=linux ;; esac\ntool\n'), 'tool', ['T_OS']), [['linux']]);
  });

  it('records sites for watched variables only, and says which plain variables a program did not get', () => {
    const r = walk('T_OS=linux\nOTHER=1\nexport T_ARCH=arm64\ntool\n');
    assert.deepEqual(r.assignments.map((a) => [a.name, a.kind]), [['T_OS', 'shell'], ['T_ARCH', 'export']]);
    assert.deepEqual(r.commands[0].unexported().map((s) => s.name), ['T_OS']);
  });

  it('makes the opaque names unknown behind an environment it cannot read, for watched programs', () => {
    const r = walk('export T_OS=linux\nT_ARCH=arm64\nenv $VARS tool\n');
    assert.equal(r.commands[0].name, 'tool');
    assert.equal(r.commands[0].env.get('T_OS')?.value, undefined);
    assert.equal(r.commands[0].env.get('T_OS')?.expr, '$VARS');
    // It may hold T_ARCH=…: no plain variable counts as lost there.
    assert.deepEqual(r.commands[0].unexported(), []);
  });

  it('runs a function or cd at the head of a pipeline in a subshell: its exports and directory do not survive', () => {
    const r = walk(['pin() { export T_ARCH=arm64; }', 'pin 2>&1 | tee pin.log', 'cd cmd/app | cat', 'tool', ''].join('\n'));
    assert.deepEqual(runs(r, 'tool', ['T_ARCH']), [[undefined]]);
    assert.equal(r.commands.find((c) => c.name === 'tool')?.cwd, '');
  });

  it('reports the commands of a while or until condition: a retry loop runs them', () => {
    const r = walk('until tool mod download; do sleep 5; done\nwhile ! tool vet; do :; done\n');
    assert.deepEqual(runs(r), [['mod', 'download'], ['vet']]);
  });

  it('takes a C-style for loop as run any number of times', () => {
    assert.deepEqual(runs(walk('export T_ARM=5\nfor ((i = 6; i < 8; i++)); do export T_ARM=$i; done\ntool\n'), 'tool', ['T_ARM']), [[undefined]]);
  });

  it('after `a || b`, the shell is in either state: b may not have run', () => {
    const r = walk('export T_OS=linux\napk add gcc || export T_OS=windows\ntool\n');
    assert.deepEqual(runs(r, 'tool', ['T_OS']), [[undefined]]);
    assert.equal(r.commands.find((c) => c.name === 'tool')?.env.get('T_OS')?.expr, 'windows|linux');
  });

  it('runs an if condition before either branch: what it does holds in both and after', () => {
    const r = walk('if cd ./cmd/server; then tool built; else tool failed; fi\ntool after\n');
    assert.deepEqual(r.commands.map((c) => c.cwd), ['./cmd/server', './cmd/server', './cmd/server']);
  });

  it('takes if/elif without else as possibly neither, even when the branches agree', () => {
    const text = 'if [ "$A" = 1 ]; then export T_OS=linux; elif [ "$A" = 2 ]; then export T_OS=linux; fi\ntool\n';
    assert.deepEqual(runs(walk(text), 'tool', ['T_OS']), [[undefined]]);
    const withElse = 'if [ "$A" = 1 ]; then export T_OS=linux; elif [ "$A" = 2 ]; then export T_OS=linux; else export T_OS=linux; fi\ntool\n';
    assert.deepEqual(runs(walk(withElse), 'tool', ['T_OS']), [['linux']]);
  });

  it('starts each line of a block of assignments as its own statement (where an export would go)', () => {
    const r = walk('T_OS=linux T_ARCH=arm64\nT_ARM=7 T_X=1\ntool\n');
    assert.deepEqual(r.commands[0].unexported().map((a) => [a.name, a.statementStart?.line, a.statementStart?.character]), [
      ['T_OS', 0, 0],
      ['T_ARCH', 0, 0],
      ['T_ARM', 1, 0],
      ['T_X', 1, 0],
    ]);
  });

  it('forgets an array\'s elements after one of them is assigned', () => {
    const r = walk('export T_OS=darwin\nENV=(T_OS=linux T_ARCH=arm64)\nenv "${ENV[@]}" tool first\nENV[1]=T_ARCH=$ARCH\nenv "${ENV[@]}" tool second\n');
    assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['first', 'linux', 'arm64'], ['second', undefined, undefined]]);
  });

  it('removes a variable on unset, options aside', () => {
    const r = walk('export T_OS=linux T_ARCH=arm64\nunset -v T_OS\nunset T_ARCH\ntool\n');
    assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [[undefined, undefined]]);
    assert.deepEqual([...r.finalEnv.keys()], []);
  });

  it('reports a build variable copied from a call argument by a plain assignment at the argument', () => {
    const r = walk('build() {\n  T_ARCH=$1\n  export T_ARCH\n  tool\n}\nbuild arm64\n');
    assert.deepEqual(runs(r, 'tool', ['T_ARCH']), [['arm64']]);
    assert.deepEqual(r.assignments.filter((a) => a.kind === 'argument').map((a) => [a.name, a.value, a.range.start.line, a.range.start.character]), [['T_ARCH', 'arm64', 5, 6]]);
  });

  it('does not count a plain variable as lost where the script passes it on by name elsewhere', () => {
    const r = walk('T_OS=linux\nT_OS=$T_OS tool first\ntool second\n');
    assert.deepEqual(r.commands.map((c) => c.unexported().map((a) => a.name)), [[], []]);
    const plain = walk('T_OS=linux\ntool only\n');
    assert.deepEqual(plain.commands[0].unexported().map((a) => a.name), ['T_OS']);
  });

  it('counts a plain variable as handed on by name in a prefix, an env word or an array element, not under another name', () => {
    const cases: [string, string[]][] = [
      ['T_OS=$T_OS other', ['T_ARCH']],
      ['env "T_OS=${T_OS}" other', ['T_ARCH']],
      ['ENVS=("T_OS=$T_OS")', ['T_ARCH']],
      ['T_OS=${T_OS_OLD} other', ['T_OS', 'T_ARCH']],
      ['T_ARCH=$T_OS other', ['T_OS', 'T_ARCH']],
      // In single quotes `$T_OS` is text.
      ["env 'T_OS=$T_OS' other", ['T_OS', 'T_ARCH']],
    ];
    for (const [line, lost] of cases) {
      const r = walk(`T_OS=linux\nT_ARCH=arm64\n${line}\ntool\n`);
      assert.deepEqual(r.commands.find((c) => c.name === 'tool')?.unexported().map((a) => a.name), lost, line);
    }
  });

  it('lists the expansions that may be empty: not ${V:-w}, ${V-w}, ${V:=w}; a name read or exported counts as bound', () => {
    const text = [
      'read -r VERSION < VERSION',
      'export GOFLAGS',
      'echo MISSING',
      'echo "$VERSION $GOFLAGS ${ARCH:-amd64} ${OS-linux} ${CC:=gcc} ${TAG:-} ${EXTRA:+x} $MISSING $1 ${2} $@ $? ${NOTE:+${GOARM:-7}}"',
      "cat > notes <<'EOF'",
      '$QUOTED',
      'EOF',
      'cat > motd <<EOF',
      '$PLAIN',
      'EOF',
      '',
    ].join('\n');
    assert.deepEqual(walk(text).references.map((r) => [r.name, r.bound, r.range.start.line]), [
      ['VERSION', true, 3],
      ['GOFLAGS', true, 3],
      ['TAG', false, 3],
      ['EXTRA', false, 3],
      ['MISSING', false, 3],
      ['NOTE', false, 3],
      ['PLAIN', false, 8],
    ]);
  });

  it('says which variable an expansion feeds: an assignment, an env word or an array element of that form; no option', () => {
    const text = 'T_OS=$A\nenv T_ARCH=$B tool\nENVS=(T_ARM=$C)\ntool --arch=$D "$E"\n';
    assert.deepEqual(walk(text).references.map((r) => [r.name, r.feeds]), [['A', 'T_OS'], ['B', 'T_ARCH'], ['C', 'T_ARM'], ['D', undefined], ['E', undefined]]);
  });

  it('follows cd: relative to where the shell is, absolute (from anywhere), and unknown after `cd -` or a directory it cannot read', () => {
    const r = walk(['cd cmd/app && tool one', 'builtin cd /src', 'cd sub', 'tool two', 'cd -', 'tool three', 'cd /src', 'cd "$DIR"', 'tool four', 'cd /out', 'tool five', 'cd "$DIR"', 'cd bin', 'tool six', ''].join('\n'));
    assert.deepEqual(r.commands.map((c) => c.cwd), ['cmd/app', '/src/sub', undefined, undefined, '/out', undefined]);
  });

  it('exports every assignment between `set -o allexport` and `set +o allexport`', () => {
    const r = walk('set -o allexport\nT_OS=linux\nset +o allexport\nT_ARCH=arm64\ntool\n');
    assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['linux', undefined]]);
  });

  it('runs env -i with only the assignments it names, and env -u without the variable', () => {
    const r = walk('export T_OS=linux T_ARCH=arm64\nenv -i T_OS=darwin tool clean\nenv -u T_ARCH tool unset\nenv - tool empty\n');
    assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['clean', 'darwin', undefined], ['unset', 'linux', undefined], ['empty', undefined, undefined]]);
  });

  it('trims the shortest or longest matching prefix or suffix: ${V%-*} ${V%%-*} ${V#*/} ${V##*/}, and leaves ? patterns unknown', () => {
    const r = walk('V=release-1.2-linux/arm64/v8\ntool "${V%-*}" "${V%%-*}" "${V#*/}" "${V##*/}" "${V%?}"\n');
    assert.deepEqual(runs(r), [['release-1.2', 'release', 'arm64/v8', 'v8', undefined]]);
  });

  it('drops $1… on shift N, and forgets them after set --', () => {
    const r = walk('b() {\n  shift\n  tool "$1" "$#"\n  shift 2\n  tool "$1" "$#"\n  set -- x\n  tool "$1"\n}\nb linux amd64 arm64 v8\n');
    assert.deepEqual(runs(r), [['amd64', '3'], ['v8', '1'], [undefined]]);
  });

  describe('declarations, budgets and the other builtins', () => {
    it('reads declare -x / typeset -x as export; local and declare without -g stay in the call, declare -g does not', () => {
      const text = [
        'export T_OS=linux',
        'declare -x T_ARCH=arm64',
        'typeset -x T_ARM=7',
        // A value with `-x` or `-g` in it is no option.
        'declare T_Y=x86_64-linux-gnu-gcc',
        'build() {',
        '  local T_OS',
        '  T_OS=darwin',
        '  declare T_ARM=6',
        '  typeset T_ARCH=amd64',
        '  declare -xg T_X=global',
        '  declare T_Z=aarch64-linux-gnu-gcc',
        '  tool inside',
        '}',
        'build',
        'tool after "$T_Z"',
        '',
      ].join('\n');
      assert.deepEqual(runs(walk(text), 'tool', ['T_OS', 'T_ARCH', 'T_ARM', 'T_X', 'T_Y']), [
        // A new local starts unexported: the program does not get the caller's exported T_OS, nor darwin.
        ['inside', undefined, 'amd64', '6', 'global', undefined],
        ['after', undefined, 'linux', 'arm64', '7', 'global', undefined],
      ]);
    });

    it('takes export with only options, or declare -r, as no export of anything', () => {
      const r = walk('T_OS=linux\nexport -p\ndeclare -r T_ARCH=arm64\ntool\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [[undefined, undefined]]);
      assert.deepEqual(r.commands[0].unexported().map((a) => a.name), ['T_OS', 'T_ARCH']);
    });

    it('after `[ … ] &&`, `test … &&` or `[[ … ]] &&` the chain may have stopped: what it sets is one possibility', () => {
      for (const t of ['[ -n "$CI" ]', 'test -n "$CI"', '[[ -n $CI ]]', '! false']) {
        const r = walk(`export T_OS=linux\n${t} && export T_OS=windows\ntool\n`);
        assert.deepEqual(runs(r, 'tool', ['T_OS']), [[undefined]], t);
      }
      // Any other command before && is taken to have succeeded (a failing one ends the script).
      assert.deepEqual(runs(walk('export T_OS=linux\napk add gcc && export T_OS=windows\ntool\n'), 'tool', ['T_OS']), [['windows']]);
    });

    it('reads $@ and $* as the call\'s words joined, and unknown when one of them is', () => {
      const r = walk('b() {\n  tool "$*" "$@x"\n}\nb linux arm64\nb linux "$UNKNOWN"\n');
      assert.deepEqual(runs(r), [['linux arm64', 'linux arm64x'], [undefined, undefined]]);
    });

    it('passes on a call\'s words through "$@" to another function, and after an unquoted unknown word nothing by position', () => {
      const r = walk('inner() { tool "$1" "$2" "$#"; }\nouter() { inner "$@"; }\nouter linux arm64\nouter $FLAGS arm64\n');
      assert.deepEqual(runs(r), [['linux', 'arm64', '2'], [undefined, undefined, undefined]]);
    });

    it('follows env options: -u and --unset drop a variable, -C and -S take a value, other options are skipped', () => {
      const r = walk('export T_OS=linux T_ARCH=arm64\nenv --unset T_OS -C cmd/app --debug tool one\nenv -S "x" T_ARM=7 tool two\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH', 'T_ARM']), [['one', undefined, 'arm64', undefined], ['two', 'linux', 'arm64', '7']]);
    });

    it('records env NAME= with an empty value at the end of the word', () => {
      const r = walk('env T_OS= tool\n');
      const [site] = r.assignments;
      assert.deepEqual([site.kind, site.value, site.valueText], ['env-command', '', '']);
      assert.deepEqual(site.valueRange, { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } });
      assert.deepEqual(site.nameRange, { start: { line: 0, character: 4 }, end: { line: 0, character: 8 } });
      assert.deepEqual(walk('env T_OS=linux tool\n').assignments[0].valueRange, { start: { line: 0, character: 9 }, end: { line: 0, character: 14 } });
    });

    it('leaves redirections out of a program\'s words', () => {
      const r = walk('tool build >build.log 2>&1\ntool vet <<< "input"\n');
      assert.deepEqual(runs(r), [['build'], ['vet']]);
    });

    it('walks one value per quoted word of a for list', () => {
      const r = walk(`for p in "linux/amd64 linux/arm64" 'windows/amd64'; do tool "$p"; done\n`);
      assert.deepEqual(runs(r), [['linux/amd64 linux/arm64'], ['windows/amd64']]);
    });

    it('runs sh -c, bash -ec, dash and ash scripts; sh with a script file or without -c runs nothing we see', () => {
      const r = walk(`bash -ec 'tool one'\ndash -c 'tool two'\nash -xc 'tool three'\nsh build.sh tool\nsh -c\nsh -c "tool $X"\n`);
      assert.deepEqual(runs(r), [['one'], ['two'], ['three']]);
    });

    it('set -a (alone or among other letters) exports what follows; set +a stops it', () => {
      const r = walk('set -ea\nT_OS=linux\nset +a\nT_ARCH=arm64\ntool\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['linux', undefined]]);
      assert.deepEqual(runs(walk('set -o errexit\nT_OS=linux\ntool\n'), 'tool', ['T_OS']), [[undefined]]);
    });

    it('forgets $1… after shift by a count it cannot read', () => {
      const r = walk('b() {\n  shift "$N"\n  tool "$1"\n}\nb linux arm64\n');
      assert.deepEqual(runs(r), [[undefined]]);
    });

    it('runs "${CMD[@]}" as env with the array\'s assignments, and an empty array as nothing', () => {
      const r = walk('CMD=(env T_OS=linux)\nNONE=()\n"${CMD[@]}" tool one\n"${NONE[@]}" tool two\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS']), [['one', 'linux'], ['two', undefined]]);
    });

    it('runs eval\'s literal words as a command, and its quoted text in this shell', () => {
      const r = walk(`eval tool one\neval 'export T_OS=linux'\ntool two\n`);
      assert.deepEqual(runs(r, 'tool', ['T_OS']), [['one', undefined], ['two', 'linux']]);
    });

    it('cuts function calls past the budget: what the cut calls could set or where they cd is unknown after them, nothing else', () => {
      const digits = Array.from({ length: 16 }, (_, i) => `d${i}`).join(' ');
      const text = [
        'noop() { :; }',
        'pin() {',
        '  export T_ARCH=arm64 T_ARM',
        '  unset T_X',
        '  read -r T_Y',
        '  for T_Z in a; do :; done',
        '  A[1]=x',
        '  cd sub',
        '}',
        'keep() { echo T_KEEP; }',
        'src() { source ./env.sh; }',
        'opaque() { eval "$EXTRA"; }',
        // What a cut call's own calls set is unknown too; a recursive one is read once.
        'wrap() { inner; wrap; }',
        'inner() { export T_W=1; }',
        `for a in ${digits}; do for b in ${digits}; do noop; done; done`,
        'A=(T_V=1)',
        'export T_OS=linux T_ARCH=amd64 T_ARM=6 T_X=1 T_Y=2 T_Z=3 T_W=0 T_KEEP=1',
        'cd /src',
        'keep',
        'tool kept',
        'src',
        'tool sourced',
        'export T_OS=linux',
        'pin',
        'opaque',
        'wrap',
        'tool',
        'env "${A[@]}" tool',
        '',
      ].join('\n');
      const r = walk(text);
      assert.deepEqual(r.cut, ['function calls after the first 256']);
      const vars = ['T_OS', 'T_ARCH', 'T_ARM', 'T_X', 'T_Y', 'T_Z', 'T_W', 'T_KEEP'];
      const state = (c: SimpleCommand) => [c.cwd, ...vars.map((v) => c.env.get(v)?.value)];
      const [kept, sourced, after, array] = r.commands.filter((c) => c.name === 'tool');
      assert.deepEqual(state(kept), ['/src', 'linux', 'amd64', '6', '1', '2', '3', '0', '1']);
      // `source` and `eval` could set the names rules judge (the opaque ones).
      assert.deepEqual(state(sourced), ['/src', undefined, 'amd64', '6', '1', '2', '3', '0', '1']);
      assert.deepEqual(state(after), [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, '1']);
      assert.equal(after.env.get('T_OS')?.expr, 'linux|(set by opaque)');
      // An array element assigned in a cut call: the array's elements are unknown.
      assert.equal(array.env.get('T_V'), undefined);
    });
  });

  describe('what runs a program, and what a caller pastes in', () => {
    it('skips the options of nice, time and exec, and their values', () => {
      const r = walk('nice -n 10 tool one\ntime -f "%e" tool two\nexec -a builder tool three\nnohup tool four\n');
      assert.deepEqual(runs(r), [['one'], ['two'], ['three'], ['four']]);
    });

    it('runs what each command line runs, with the environment it gets', () => {
      // [script, each run of tool: its words after the name, then T_OS in its environment]
      const cases: [string, (string | undefined)[][]][] = [
        // A path names a program, never a function of that name.
        ['tool() { echo wrapped; }\n./tool one\n/usr/bin/tool two', [['one', undefined], ['two', undefined]]],
        // shift 0 drops nothing; a negative count is an error that leaves $1… unknown.
        ['b() {\n  shift 0\n  tool "$1"\n  shift -1\n  tool "$1"\n}\nb linux', [['linux', undefined], [undefined, undefined]]],
        ['export T_OS=linux\nenv --ignore-environment T_ARCH=arm64 tool one\nenv --chdir /src tool two', [['one', undefined], ['two', 'linux']]],
        ['CMD=(/usr/bin/env T_OS=linux)\n"${CMD[@]}" tool one', [['one', 'linux']]],
        // Unquoted, a variable of assignments is split into them; quoted, it is one (env sets T_OS to all of it).
        ['VARS="T_OS=linux T_ARCH=arm64"\nenv $VARS tool one\nenv "$VARS" tool two', [['one', 'linux'], ['two', 'linux T_ARCH=arm64']]],
        // A pattern substitution is not read: unknown, never the value before it (its `-` is no default).
        ['ARCH=x86-64\nT_OS=${ARCH/-/_} tool one', [['one', undefined]]],
        // sh -c gets no positional parameters from the function that runs it.
        ["b() { sh -c 'tool \"$1\" \"$#\"'; }\nb linux", [[undefined, undefined, undefined]]],
        ['set -o errexit -o allexport\nT_OS=linux\ntool', [['linux']]],
        // A name ending in digits is a variable, not a positional parameter.
        ['V2=x\ntool "$V2"', [['x', undefined]]],
      ];
      for (const [text, expected] of cases) assert.deepEqual(runs(walk(`${text}\n`), 'tool', ['T_OS']), expected, text);
    });

    it('`command` and `exec` skip a function of the same name; `time` runs it', () => {
      const r = walk('tool() { command tool wrapped "$@"; }\ntool direct\ntime tool timed\nexec tool last\n');
      assert.deepEqual(runs(r), [['wrapped', 'direct'], ['wrapped', 'timed'], ['last']]);
    });

    it('appends to an array with +=, skipping comments, and exports it under set -a', () => {
      const r = walk('set -a\nENVS=(T_OS=linux)\nENVS+=(\n  # the arm64 runners\n  T_ARCH=arm64\n)\nenv "${ENVS[@]}" tool\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['linux', 'arm64']]);
    });

    it('spreads an array inside another array', () => {
      const r = walk('BASE=(T_OS=linux T_ARM=7)\nALL=("${BASE[@]}" T_ARCH=arm64)\nenv "${ALL[@]}" tool\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARM', 'T_ARCH']), [['linux', '7', 'arm64']]);
    });

    it('reads arrays as bash does: $A is the first element, none is exported, += on an unknown one stays unknown', () => {
      const r = walk('set -a\nTARGETS=(linux/amd64 linux/arm64)\nexport TARGETS\ntool "$TARGETS"\nFLAGS+=(-trimpath)\ntool "${FLAGS[@]}"\n');
      assert.deepEqual(runs(r, 'tool', ['TARGETS']), [['linux/amd64', undefined], [undefined, undefined]]);
    });

    it('walks a for list of an unknown array once, and splits unquoted values on blanks only', () => {
      const r = walk('for t in "${UNKNOWN[@]}"; do tool "$t"; done\nLIST=" linux/amd64  linux/arm64 "\nEMPTY=\nfor t in $LIST $EMPTY \'windows/amd64 windows/arm64\'; do tool "$t"; done\n');
      assert.deepEqual(runs(r), [[undefined], ['linux/amd64'], ['linux/arm64'], ['windows/amd64 windows/arm64']]);
    });

    it('runs a go tool behind words eval or env cannot read, with what they could set unknown, and its prefixes read', () => {
      const r = walk('export T_OS=linux T_ARCH=amd64\neval $FLAGS T_ARCH=arm64 tool one\nenv $VARS T_ARCH=arm64 --debug tool two\nenv $VARS echo tool\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['one', undefined, 'arm64'], ['two', undefined, 'arm64']]);
      assert.ok(!r.commands.some((c) => c.name === 'echo'), 'env $VARS echo … runs echo with an environment we cannot read, not a watched tool');
    });

    it('reads env words whose value is known assignments (an array or a variable holding NAME=value)', () => {
      const r = walk('SET=T_OS=linux\nexport T_ARCH=amd64\nenv "$SET" tool\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['linux', 'amd64']]);
    });

    it('runs a sourced file in this shell; a file sourcing itself is cut, not followed', () => {
      const files: Record<string, string> = { 'env.sh': 'export T_OS=linux\n. ./env.sh\n', 'loop.sh': '. ./loop.sh\n' };
      const readSourced = (word: string) => (files[word.replace(/^\.\//, '')] === undefined ? undefined : { path: `/w/${word.replace(/^\.\//, '')}`, text: files[word.replace(/^\.\//, '')] });
      const r = walk('. ./env.sh\nsource /etc/os-release\ntool\n', { readSourced });
      assert.deepEqual(runs(r, 'tool', ['T_OS']), [['linux']]);
      assert.deepEqual(r.cut, ['/w/env.sh sourced while it is being sourced (a cycle)']);
      assert.deepEqual(walk('. ./loop.sh\n', { readSourced, file: '/w/loop.sh' }).cut, ['/w/loop.sh sourced while it is being sourced (a cycle)']);
    });

    it('makes the watched variables unknown after a file it cannot read is sourced (generated, or outside the workspace)', () => {
      // (The reader is asked only for a name that is known.)
      const readSourced = (word: string): undefined => {
        assert.equal(typeof word, 'string');
        return undefined;
      };
      for (const line of ['. ./generated-env.sh', 'source "$ENV_FILE"', '. ${HOME}/.profile', '. ./etc/os-release', '. /etc/os-release.d/go.sh']) {
        const r = walk(`export T_OS=linux\n${line}\ntool\n`, { readSourced });
        assert.deepEqual(runs(r, 'tool', ['T_OS']), [[undefined]], line);
        // Either what it was or what the file set.
        assert.equal(r.commands[0].env.get('T_OS')?.expr, `linux|(set by ${line})`);
        // Without a reader (a RUN line: the file is in the image) the same.
        assert.deepEqual(runs(walk(`export T_OS=linux\n${line}\ntool\n`), 'tool', ['T_OS']), [[undefined]], line);
      }
      // /etc/os-release names the distribution: it sets no build variable. A half-typed `source` sources nothing.
      assert.deepEqual(runs(walk('export T_OS=linux\n. /etc/os-release\ntool "$ID"\n'), 'tool', ['T_OS']), [[undefined, 'linux']]);
      assert.deepEqual(runs(walk('export T_OS=linux\nsource\ntool\n'), 'tool', ['T_OS']), [['linux']]);
    });

    it('cuts two files that source each other at the second visit', () => {
      const files: Record<string, string> = { 'a.sh': '. ./b.sh\n', 'b.sh': 'export T_OS=linux\n. ./a.sh\n' };
      const readSourced = (word: string) => ({ path: `/w/${word.slice(2)}`, text: files[word.slice(2)] });
      const r = walk('. ./a.sh\ntool\n', { readSourced });
      assert.deepEqual(r.cut, ['/w/a.sh sourced while it is being sourced (a cycle)']);
      assert.deepEqual(runs(r, 'tool', ['T_OS']), [['linux']]);
    });

    it('keeps the functions a sourced file defines callable after it, their effects in this shell', () => {
      const readSourced = () => ({ path: '/w/lib.sh', text: 'set_target() {\n  export T_OS=$1 T_ARCH=$2\n}\n' });
      const r = walk('. ./lib.sh\nset_target linux arm64\ntool\n', { readSourced });
      assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['linux', 'arm64']]);
    });

    it('does not report a program a sourced file runs here, and says so when it is a watched one', () => {
      const readSourced = () => ({ path: '/w/build.sh', text: 'tool inside\necho hi\n' });
      const r = walk('. ./build.sh\n', { readSourced });
      assert.deepEqual(r.commands.map((c) => c.name), []);
      assert.deepEqual(r.cut, ['programs run inside sourced files (/w/build.sh)']);
      assert.deepEqual(walk('. ./env.sh\n', { readSourced: () => ({ path: '/w/env.sh', text: 'echo loading\n' }) }).cut, []);
    });

    it('reads a sourced file as it is on disk: the caller\'s pasted references are in its own text only', () => {
      const placeholders = new Map([['__xbd0__', { value: 'linux', expr: '$(OS)' }]]);
      const readSourced = () => ({ path: '/w/env.sh', text: 'export T_OS=__xbd0__\n' });
      const r = walk('. ./env.sh\ntool __xbd0__\n', { readSourced, placeholders });
      assert.deepEqual(runs(r, 'tool', ['T_OS']), [['linux', '__xbd0__']]);
    });

    /** `. ./env1.sh` sources env2.sh, and so on up to env<last>.sh, whose text is `text`. */
    const sourcedChain = (last: number, text: string) => (word: string) => {
      const n = Number(word.replace(/\D/g, ''));
      return { path: `/w/env${n}.sh`, text: n < last ? `. ./env${n + 1}.sh\n` : text };
    };

    it('cuts an eval nested past the depth, forgetting what its text could set in this shell', () => {
      const r = walk('export T_OS=linux\n. ./env1.sh\ntool\n', { readSourced: sourcedChain(4, "eval 'export T_OS=darwin'\n") });
      assert.deepEqual(r.cut, ['sh -c, eval or sourced files nested deeper than 4']);
      assert.deepEqual(runs(r, 'tool', ['T_OS']), [[undefined]]);
      assert.equal(r.commands[0].env.get('T_OS')?.expr, 'linux|(set by eval)');
    });

    it('cuts an sh -c nested past the depth without forgetting anything here: it ran in a shell of its own', () => {
      const r = walk('export T_OS=linux\n. ./env1.sh\ntool\n', { readSourced: sourcedChain(4, "sh -c 'export T_OS=darwin'\n") });
      assert.deepEqual(r.cut, ['sh -c, eval or sourced files nested deeper than 4']);
      assert.deepEqual(runs(r, 'tool', ['T_OS']), [['linux']]);
    });

    it('stops following sourced files nested deeper than four, forgetting what the cut file sets', () => {
      const r = walk('export T_OS=linux\n. ./env1.sh\ntool\n', { readSourced: sourcedChain(6, 'export T_OS=darwin\n') });
      assert.deepEqual(r.cut, ['sh -c, eval or sourced files nested deeper than 4']);
      assert.deepEqual(runs(r, 'tool', ['T_OS']), [[undefined]]);
    });

    it('removes the quotes a pasted value brings outside quotes, and leaves values with expansions unknown', () => {
      const placeholders = new Map([
        ['__xbd0__', { value: '"linux"', expr: '$(OS)' }],
        ['__xbd1__', { value: `'arm'64`, expr: '$(ARCH)' }],
        ['__xbd2__', { value: '"say \\"7\\""', expr: '$(ARM)' }],
        ['__xbd3__', { value: 'a\\ b', expr: '$(X)' }],
        ['__xbd4__', { value: '"$HOME"', expr: '$(Y)' }],
        ['__xbd5__', { value: '"open', expr: '$(Z)' }],
        ['__xbd6__', { value: "'open", expr: '$(W)' }],
        ['__xbd7__', { value: '`date`', expr: '$(V)' }],
        ['__xbd8__', { value: '"`date`"', expr: '$(U)' }],
        ['__xbd9__', { value: 'a\\\\b', expr: '$(T)' }],
        ['__xbd10__', { value: undefined, expr: '$(S)' }],
      ]);
      const r = walk('tool __xbd0__ __xbd1__ __xbd2__ __xbd3__ __xbd4__ __xbd5__ __xbd6__ __xbd7__ "__xbd0__" __xbd8__ __xbd9__ __xbd10__ __xbd99__\n', { placeholders });
      assert.deepEqual(runs(r), [['linux', 'arm64', 'say "7"', 'a b', undefined, undefined, undefined, undefined, '"linux"', undefined, 'a\\b', undefined, undefined]]);
      // `ARCH = $$(uname -m)` pastes a command substitution: the shell runs it, so the value is not its text.
      const substitution = new Map([['__xbd0__', { value: '$(uname -m)', expr: '$(ARCH)' }]]);
      assert.deepEqual(runs(walk('tool __xbd0__\n', { placeholders: substitution })), [[undefined]]);
      assert.deepEqual(r.commands[0].words.slice(1, 3).map((w) => w.text), ['$(OS)', '$(ARCH)']);
    });
  });

  it('tells the words written whole on one line (an offset into their text is one on that line) from continued or pasted ones', () => {
    const placeholders = new Map([['__xbd0__', { value: 'arm64', expr: '$(ARCH)' }]]);
    const r = walk('tool GOARCH=arm64 "GOARCH=arm\\\n64" GOARCH=__xbd0__\n', { placeholders });
    assert.deepEqual(r.commands[0].words.slice(1).map((w) => [w.value, writtenOnOneLine(w)]), [['GOARCH=arm64', true], ['GOARCH=arm64', false], ['GOARCH=arm64', false]]);
  });

  describe('sites, arguments and branches', () => {
    /** The text after applying one edit. */
    const edited = (text: string, e: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }) => {
      const lines = new LineIndex(text);
      return text.slice(0, lines.offsetAt(e.range.start)) + e.newText + text.slice(lines.offsetAt(e.range.end));
    };

    it('removes a prefix or env assignment with the blanks after it, and empties a statement\'s value', () => {
      const text = 'T_OS=linux  tool one\nenv T_ARCH=arm64\ttool two\nexport T_ARM=7\n';
      const [os, arch, arm] = walk(text).assignments;
      assert.equal(edited(text, os.remove()), 'tool one\nenv T_ARCH=arm64\ttool two\nexport T_ARM=7\n');
      assert.equal(edited(text, arch.remove()), 'T_OS=linux  tool one\nenv tool two\nexport T_ARM=7\n');
      assert.equal(edited(text, arm.remove()), 'T_OS=linux  tool one\nenv T_ARCH=arm64\ttool two\nexport T_ARM=\n');
      assert.equal(edited(text, os.addSibling('T_ARCH', 'arm64')), 'T_OS=linux T_ARCH=arm64  tool one\nenv T_ARCH=arm64\ttool two\nexport T_ARM=7\n');
    });

    it('fixes a value copied from a call argument at the call: an empty word in its place, or a prefix before the call', () => {
      const text = 'build() {\n  T_ARCH=$2 tool\n}\nbuild linux aarch64 v8\n';
      const site = walk(text).assignments.find((a) => a.kind === 'argument')!;
      assert.equal(edited(text, site.remove()), 'build() {\n  T_ARCH=$2 tool\n}\nbuild linux "" v8\n');
      assert.equal(edited(text, site.addSibling('T_ARM', '7')), 'build() {\n  T_ARCH=$2 tool\n}\nT_ARM=7 build linux aarch64 v8\n');
    });

    it('gives a word in a function the place of the call prefix it reads', () => {
      const r = walk('build() { tool "$OUT"; }\nOUT=bin/app build\n');
      assert.deepEqual(r.commands[0].words.slice(1).map((w) => [w.value, w.source?.range.start.line, w.source?.range.start.character]), [['bin/app', 1, 0]]);
    });

    it('gives a word that is one variable the place its value was written, quoted or braced', () => {
      const r = walk('OUT=bin/app\nT_OS=linux\ntool $OUT "$OUT" "${T_OS}" ${T_OS} "$OUT/x" "${OUT:-y}" "$OUT "\n');
      assert.deepEqual(r.commands[0].words.slice(1).map((w) => w.source?.range.start.line), [0, 0, 1, 1, undefined, undefined, undefined]);
    });

    it('keeps later arguments in place after a quoted unknown word; "$@" outside a function leaves every position unknown', () => {
      assert.deepEqual(runs(walk('b() { tool "$1" "$2" "$#"; }\nb "$X" arm64\nb "$@" linux\n')), [[undefined, 'arm64', '2'], [undefined, undefined, undefined]]);
    });

    it('gives an assignment with no value an empty value range right after the `=`', () => {
      const r = walk('export T_OS=\nT_ARCH=\ntool\n');
      assert.deepEqual(r.assignments.map((a) => [a.name, a.value, a.valueRange.start.character, a.valueRange.end.character]), [['T_OS', '', 12, 12], ['T_ARCH', '', 7, 7]]);
    });

    it('passes an array\'s elements as separate arguments, and after an unknown array nothing by position', () => {
      const r = walk('b() { tool "$1" "$2" "$#"; }\nTARGETS=(linux arm64)\nb "${TARGETS[@]}"\nb "${UNSET[@]}" arm64\n');
      assert.deepEqual(runs(r), [['linux', 'arm64', '2'], [undefined, undefined, undefined]]);
    });

    it('after branches of which one shifts, $1… are unknown', () => {
      const r = walk('b() {\n  if [ "$1" = -v ]; then shift; fi\n  tool "$1"\n}\nb -v linux\n');
      assert.deepEqual(runs(r), [[undefined]]);
    });

    it('keeps a function defined in a branch callable after it; each definition is walked', () => {
      const r = walk('if [ -n "$CI" ]; then f() { tool ci; }; else f() { tool local; }; fi\nf\n');
      assert.deepEqual(runs(r).sort(), [['ci'], ['local']]);
      assert.deepEqual(runs(walk('if [ -n "$CI" ]; then f() { tool ci; }; fi\nf 1\n')), [['ci']]);
    });

    it('after branches that copy the same call argument, the value is still reported at the call', () => {
      const text = 'build() {\n  if [ -n "$CI" ]; then T_ARCH=$1; else T_ARCH=$1; fi\n  T_ARCH=$T_ARCH tool\n}\nbuild arm64\n';
      const r = walk(text);
      assert.deepEqual(runs(r, 'tool', ['T_ARCH']), [['arm64']]);
      assert.ok(r.assignments.some((a) => a.kind === 'argument' && a.range.start.line === 4));
    });

    it('an if with no branch taken keeps the state from before; branches that all set the same binding keep it', () => {
      const r = walk('export T_OS=linux\nif tool check; then :; fi\ntool after\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS']), [['check', 'linux'], ['after', 'linux']]);
      assert.equal(r.commands[1].env.get('T_OS')?.site?.range.start.line, 0);
    });

    it('after an if/else: what both branches do holds, what one does may have happened', () => {
      const cases: [string, string, { cwd: string | undefined; os: [boolean, string | undefined, string | undefined] }][] = [
        // [then, else, the state a later `tool` runs in: cwd and T_OS (in its environment, value, expr)]
        ['unset T_OS', 'unset T_OS', { cwd: '', os: [false, undefined, undefined] }],
        ['cd cmd/app', 'cd cmd/app', { cwd: 'cmd/app', os: [true, 'linux', 'linux'] }],
        ['cd cmd/app', 'cd cmd/cli', { cwd: undefined, os: [true, 'linux', 'linux'] }],
        ['export T_OS=', ':', { cwd: '', os: [true, undefined, '""|linux'] }],
        // `set -a` in one branch: a later plain assignment may be exported, so it counts as exported.
        ['set -a', ':', { cwd: '', os: [true, 'darwin', 'darwin'] }],
      ];
      for (const [then, other, expected] of cases) {
        const text = `export T_OS=linux\nif [ -n "$CI" ]; then ${then}; else ${other}; fi\n${then === 'set -a' ? 'unset T_OS\nT_OS=darwin\n' : ''}tool\n`;
        const tool = walk(text).commands.find((c) => c.name === 'tool')!;
        const os = tool.env.get('T_OS');
        assert.deepEqual({ cwd: tool.cwd, os: [tool.env.has('T_OS'), os?.value, os?.expr] }, expected, `${then} / ${other}`);
      }
    });

    it('after branches that set different arrays, their elements are unknown, even where the first ones agree', () => {
      const r = walk('if [ -n "$CI" ]; then ENVS=(T_OS=linux); else ENVS=(T_OS=linux T_ARCH=arm64); fi\nenv "${ENVS[@]}" tool\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [[undefined, undefined]]);
    });

    it('a word keeps the place its value was written after branches that only export it, not after two assignments', () => {
      const exported = walk('OUT=bin/app\nif [ -n "$CI" ]; then export OUT; fi\ntool "$OUT"\n');
      assert.deepEqual(exported.commands[0].words.slice(1).map((w) => [w.value, w.source?.range.start.line]), [['bin/app', 0]]);
      const twice = walk('if [ -n "$CI" ]; then OUT=bin/app; else OUT=bin/app; fi\ntool "$OUT"\n');
      assert.deepEqual(twice.commands[0].words.slice(1).map((w) => [w.value, w.source?.range.start.line]), [['bin/app', undefined]]);
    });

    it('keeps an array and $1… through branches that leave them alone', () => {
      const r = walk('b() {\n  A=(T_OS=linux T_ARCH=arm64)\n  if [ -n "$CI" ]; then :; fi\n  env "${A[@]}" tool "$1"\n}\nb x\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['x', 'linux', 'arm64']]);
    });

    it('unset in a branch leaves the variable possibly unset', () => {
      const r = walk('export T_OS=linux\nif [ -n "$CI" ]; then unset T_OS; fi\ntool\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS']), [[undefined]]);
      assert.equal(r.commands[0].env.get('T_OS')?.expr, 'unset|linux');
      // One assignment among the branches: the site, and no list of them.
      assert.deepEqual([r.commands[0].env.get('T_OS')?.site?.range.start.line, r.commands[0].env.get('T_OS')?.branchSites], [0, undefined]);
    });
  });

  describe('wrappers that run "$@"', () => {
    it('runs the caller\'s words only when the wrapper runs "$@" alone and the call\'s words are all known to it', () => {
      const text = [
        'run() { "$@"; }',
        'quiet() { "$@" --quiet; }',
        'run tool one',
        'quiet tool two',
        'run $TOOL three',
        '',
      ].join('\n');
      const r = walk(text);
      assert.deepEqual(runs(r), [['one']]);
      // The command is the caller's: it is placed at the call.
      assert.deepEqual(r.commands.find((c) => c.name === 'tool')?.range.start, { line: 2, character: 0 });
    });

    it('runs the caller\'s words in the caller\'s own $1…', () => {
      assert.deepEqual(runs(walk('run() { "$@"; }\nbuild() { run tool "$1"; }\nbuild linux\n')), [['linux']]);
    });

    it('walks a function nobody calls with its locals local', () => {
      const r = walk('export T_OS=linux\nf() {\n  local T_OS\n  tool uncalled\n}\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS']), [['uncalled', undefined]]);
    });

    it('runs nothing when the words "$@" holds come from two calls', () => {
      assert.deepEqual(walk('run() { "$@"; }\nlogged() { run "$@" --verbose; }\nlogged tool one\n').commands, []);
    });

    it('runs the words of the outer call when a wrapper passes "$@" on to another wrapper', () => {
      const r = walk('run() { "$@"; }\nlogged() { run "$@"; }\nlogged tool one\n');
      assert.deepEqual(runs(r), [['one']]);
    });

    it('a pipeline\'s first part with a redirection still sees the line of assignments before it', () => {
      const r = walk('T_OS=linux T_ARCH=arm64\nexport T_OS\ntool build 2>&1 | tee build.log\n');
      assert.deepEqual(runs(r, 'tool', ['T_OS', 'T_ARCH']), [['build', 'linux', undefined]]);
    });
  });

  describe('what each kind of command line runs', () => {
    /** Each case: a script, then each run of tool: its words after the name, then T_OS in its environment. */
    const table = (cases: [string, (string | undefined)[][]][], more: Partial<ShellInput> = {}) => {
      for (const [text, expected] of cases) assert.deepEqual(runs(walk(`${text}\n`, more), 'tool', ['T_OS']), expected, text);
    };

    it('takes "$@", $@ and "${@}" as all of a call\'s words, and a word around them as one', () => {
      const forms = ['"$@"', '$@', '${@}', '"${@}"', 'x"$@"', '"$@"x'];
      table(forms.map((w, i) => [`inner() { tool "$#"; }\nouter() { inner ${w}; }\nouter a b`, [[i < 4 ? '2' : '1', undefined]]]));
    });

    it('reads set: options keep $1…, `set --` replaces them, -a and +a only as options', () => {
      table([
        ['b() {\n  set -e\n  tool "$1"\n}\nb linux', [['linux', undefined]]],
        ['set -- release-all\nT_OS=linux\ntool', [[undefined]]],
        ['set -a\nset +xa\nT_OS=linux\ntool', [[undefined]]],
      ]);
    });

    it('runs the quoted script after -c among other options, and nothing for an unquoted one', () => {
      table([
        ["bash -ce 'tool ce'", [['ce', undefined]]],
        ["bash --norc -c 'tool norc'", [['norc', undefined]]],
        ['sh -c tool', []],
      ]);
    });

    it('reads env: a lone env or one without a program runs nothing; a word it cannot read hides the environment', () => {
      table([
        ['env | sort\nenv T_OS=linux\nenv -u\nenv $VARS T_OS=linux', []],
        ['export T_OS=linux\nSET=T_ARCH=arm64\nenv "$SET" "$UNKNOWN" tool one\nenv $VARS "$MORE" tool two', [['one', undefined], ['two', undefined]]],
      ]);
      const r = walk('env OTHER=1 T_OS=linux tool\nb() { env T_ARCH=$1 tool; }\nb arm64\n');
      assert.deepEqual(r.assignments.map((a) => [a.name, a.kind, a.range.start.line, a.fromSite?.range.start.line]), [
        ['T_OS', 'env-command', 0, undefined],
        ['T_ARCH', 'argument', 2, undefined],
        ['T_ARCH', 'env-command', 1, 2],
      ]);
    });

    it('reads eval: literal words run with this environment, one word too; nothing for text it cannot read; words after the program are no assignments', () => {
      table([
        ['export T_OS=linux\neval tool one\neval tool', [['one', 'linux'], ['linux']]],
        ['eval "$BUILD_CMD"', []],
        ['eval $FLAGS tool T_OS=linux', [['T_OS=linux', undefined]]],
      ]);
    });

    it('runs a command array: env with assignments only, an empty one as nothing, others with an environment it cannot read', () => {
      table([
        ['export T_OS=linux\nSUDO=(sudo)\n"${SUDO[@]}" tool one', [['one', undefined]]],
        ['export T_OS=linux\nCMD=(env -i T_OS=darwin)\n"${CMD[@]}" tool one', [['one', undefined]]],
        ['export T_OS=linux\nNONE=()\n"${NONE[@]}" tool one', [['one', 'linux']]],
        ['"${PREFIX[@]}" echo hi', []],
        // env runs programs, never a function of this shell.
        ['tool() { echo wrapped; }\nCMD=(env T_OS=linux)\n"${CMD[@]}" tool one', [['one', 'linux']]],
      ]);
      const r = walk('CMD=(env T_OS=linux)\n"${CMD[@]}" tool\n');
      assert.deepEqual([...r.commands[0].env.keys()], ['T_OS']);
    });

    it('runs nothing for "$@" outside a function or a wrapper called without words, and shift outside one changes nothing', () => {
      table([
        ['exec "$@"\nshift\nrun() { "$@"; }\nrun\nrun tool "$@"', []],
      ]);
    });

    it('reads a call\'s arguments: a known unquoted word keeps later positions, an unknown array still is a word', () => {
      table([
        ['ARCH=arm64\nb() { tool "$2"; }\nb $ARCH linux', [['linux', undefined]]],
        ['run() { "$@"; }\nrun tool "${FLAGS[@]}" x', [[undefined, 'x', undefined]]],
        // After a nested call returns, the caller's $1… are back.
        ['inner() { :; }\nouter() { inner x; tool "$1"; }\nouter linux', [['linux', undefined]]],
      ]);
    });

    it('spreads a known array into a program\'s words; a scalar is a one-element array; one unknown element makes it unknown', () => {
      table([
        ['FLAGS=(-trimpath "-ldflags=-s -w")\nARGS=-v\nA=(x "$UNKNOWN")\ntool build "${FLAGS[@]}" "${ARGS[@]}" "${A[@]}"', [['build', '-trimpath', '-ldflags=-s -w', '-v', undefined, undefined]]],
      ]);
    });

    it('walks every function left uncalled, even one that an earlier uncalled function calls', () => {
      table([['f() { tool f; }\ng() { f; }', [['f', undefined], ['f', undefined]]]]);
    });
  });

  describe('budgets and argument sites', () => {
    it('cuts function calls once the file ran the go command 2000 times, not before', () => {
      const loops = (n: number) => `for a in ${Array.from({ length: n }, (_, i) => i).join(' ')}; do`;
      // 10 × 10 × 10 × n runs of tool, then a call.
      const text = (n: number) => `${loops(10)} ${loops(10)} ${loops(10)} ${loops(n)} tool; done; done; done; done\npin() { export T_OS=linux; }\npin\ntool after\n`;
      const cut = walk(text(2));
      assert.deepEqual(cut.cut, ['function calls after 2000 runs of the go command']);
      assert.equal(cut.commands.at(-1)?.env.get('T_OS')?.value, undefined);
      const under = walk(text(1));
      assert.deepEqual([under.cut, under.commands.at(-1)?.env.get('T_OS')?.value], [[], 'linux']);
    });

    it('records one argument site per word and value, however often the call is walked', () => {
      const r = walk('build() { T_ARCH=$1 tool; }\nfor a in amd64 arm64; do build "$a"; done\nfor i in 1 2; do build arm64; done\n');
      assert.deepEqual(r.assignments.filter((a) => a.kind === 'argument').map((a) => [a.value, a.range.start.line]), [['amd64', 1], ['arm64', 1], ['arm64', 2]]);
    });

    it('takes only a word that is exactly the copy of an argument as that argument', () => {
      const r = walk('build() {\n  local arch=$1\n  T_ARCH=v$arch T_ARM=$arch-x T_OS="${arch}" tool\n}\nbuild 8\n');
      assert.deepEqual(r.assignments.filter((a) => a.kind === 'argument').map((a) => a.name), ['T_OS']);
      const direct = walk('b() { T_ARCH=x$1 T_ARM=$1x T_OS=${1} T_X="${10}" tool; }\nb 1 2 3 4 5 6 7 8 9 ten\n');
      assert.deepEqual(direct.assignments.filter((a) => a.kind === 'argument').map((a) => [a.name, a.value]), [['T_OS', '1'], ['T_X', 'ten']]);
    });

    it('puts the prefix for an argument passed on through "$@" before the outermost call', () => {
      const text = 'inner() { T_ARCH=$1 tool; }\nouter() { inner "$@"; }\nouter aarch64\n';
      const site = walk(text).assignments.find((a) => a.kind === 'argument')!;
      const e = site.addSibling('T_ARM', '7');
      assert.deepEqual([e.range.start.line, e.range.start.character, e.newText], [2, 0, 'T_ARM=7 ']);
    });
  });
});
