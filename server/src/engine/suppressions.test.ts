import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from './analyze';
import { ignoreLineEdit, readSuppressions } from './suppressions';
import { applyFix, check, HOST_FACTS, only, ready } from './testing';
import { applyOffsetEdits, LineIndex } from './text';
import type { DocumentKind } from './types';

before(ready);

/** The findings of the codes these tests use (other rules may see other things in the same snippets). */
const UNDER_TEST = new Set(['XB101', 'XB102', 'XB900']);
const codes = (text: string, kind: DocumentKind = 'dockerfile') =>
  check(text, kind).filter((f) => UNDER_TEST.has(f.code)).map((f) => `${f.code}@${f.range.start.line}`);

/** Applies "Ignore CODE for this line" for the first finding with `code` and returns the new text. */
function ignore(text: string, code: string, kind: DocumentKind = 'dockerfile'): string {
  const [finding] = only(check(text, kind), code);
  assert.ok(finding, `no ${code} to ignore in:\n${text}`);
  const lines = new LineIndex(text);
  const edit = ignoreLineEdit(text, kind, lines, finding.range.start.line, code);
  return applyOffsetEdits(text, [{ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText }]);
}

describe('suppressions', () => {
  it('a comment line above hides only the codes it names, for that line only', () => {
    const text = [
      'FROM golang:1.22',
      '# xbd-ignore XB102',
      'RUN GOOS=macos GOARCH=aarch64 go build .',
      'RUN GOARCH=aarch64 go build .',
      '',
    ].join('\n');
    assert.deepEqual(codes(text), ['XB101@2', 'XB102@3']);
  });

  it('several codes, comma or blank separated, and a reason after them', () => {
    const text = 'FROM golang:1.22\n# xbd-ignore XB101, xb102 -- the CI image patches these\nRUN GOOS=macos GOARCH=aarch64 go build .\n';
    assert.deepEqual(codes(text), []);
  });

  it('covers every line of a continued RUN, and a comment inside the continuation covers what follows', () => {
    const above = 'FROM golang:1.22\n# xbd-ignore XB102\nRUN CGO_ENABLED=0 \\\n    GOARCH=aarch64 \\\n    go build .\n';
    assert.deepEqual(codes(above), []);
    const inside = 'FROM golang:1.22\nRUN CGO_ENABLED=0 \\\n    # xbd-ignore XB102\n    GOARCH=aarch64 \\\n    go build .\n';
    assert.deepEqual(codes(inside), []);
    // Without the directive the finding is on the continuation line.
    assert.deepEqual(codes(above.replace('# xbd-ignore XB102\n', '')), ['XB102@2']);
  });

  it('a blank line between the comment and the line breaks the link; other comment lines do not', () => {
    assert.deepEqual(codes('FROM golang:1.22\n# xbd-ignore XB102\n\nRUN GOARCH=aarch64 go build .\n'), ['XB102@3']);
    assert.deepEqual(codes('FROM golang:1.22\n# xbd-ignore XB102\n# (the builder image maps it)\nRUN GOARCH=aarch64 go build .\n'), []);
  });

  it('trailing comments: honoured in RUN shell form, shell scripts and recipes; not in a go env file', () => {
    assert.deepEqual(codes('FROM golang:1.22\nRUN GOARCH=aarch64 go build .  # xbd-ignore XB102\n'), []);
    assert.deepEqual(codes('#!/bin/sh\nGOOS=macos go build . # xbd-ignore XB101\n', 'shell'), []);
    assert.deepEqual(codes('build:\n\tGOOS=macos go build . # xbd-ignore XB101\n', 'makefile'), []);
    // Go reads a go env file's value verbatim to the end of the line: this `#` is part of the value.
    const env = codes('GOARCH=aarch64 # xbd-ignore XB102\n', 'goenv');
    assert.ok(env.includes('XB102@0'), env.join());
    assert.deepEqual(codes('# xbd-ignore XB102\nGOARCH=aarch64\n', 'goenv'), []);
  });

  it('a # inside quotes or in $# is not a comment', () => {
    assert.deepEqual(codes("#!/bin/sh\nGOOS=macos go build -ldflags '-X main.tag=# xbd-ignore XB101' .\n", 'shell'), ['XB101@1']);
    const s = readSuppressions('echo $# "# xbd-ignore XB101"\n', 'shell', new LineIndex('echo $# "# xbd-ignore XB101"\n'));
    assert.deepEqual(s.directives, []);
  });

  it('xbd-ignore-file anywhere hides the code in the whole file', () => {
    const text = 'FROM golang:1.22\nRUN GOARCH=aarch64 go build .\nRUN GOOS=macos go build .\n# xbd-ignore-file XB102\n';
    assert.deepEqual(codes(text), ['XB101@2']);
    const mk = 'export GOARCH := x86_64 # xbd-ignore-file XB102\nbuild:\n\tGOOS=macos go build .\n';
    assert.deepEqual(codes(mk, 'makefile'), ['XB101@2']);
  });

  it('Dockerfiles with `# escape=`` continue lines with a backtick', () => {
    const text = '# escape=`\nFROM golang:1.22\n# xbd-ignore XB102\nRUN CGO_ENABLED=0 `\n    GOARCH=aarch64 go build .\n';
    assert.deepEqual(codes(text), []);
  });

  it('reports unknown codes and code-less directives as XB900 hints, with a fix that removes them', () => {
    const text = 'FROM golang:1.22\n# xbd-ignore XB120 XB102\nRUN GOARCH=aarch64 go build .\n# xbd-ignore-file SC2086\n# xbd-ignore\nRUN true\n';
    const found = only(check(text), 'XB900');
    assert.deepEqual(found.map((f) => f.range.start.line), [1, 3, 4]);
    assert.ok(found.every((f) => f.severity === 'hint'));
    assert.match(found[0].message, /XB120 in xbd-ignore is not a code of xbd.*Did you mean (XB\d+ or )?XB102\b/);
    assert.match(found[1].message, /SC2086 in xbd-ignore-file/);
    assert.match(found[2].message, /names no rule code/);
    // The known code still works.
    assert.deepEqual(only(check(text), 'XB102'), []);
    const lines = new LineIndex(text);
    const apply = (i: number) =>
      applyOffsetEdits(text, found[i].fixes[0].edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })));
    assert.equal(apply(0).split('\n')[1], '# xbd-ignore XB102');
    assert.ok(!apply(1).includes('SC2086') && apply(1).split('\n').length === text.split('\n').length - 1);
  });

  it('XB900 obeys xbd.rules and xbd-ignore-file XB900', () => {
    const text = '# xbd-ignore XB999\nGOOS=linux\n';
    const run = (rules?: Record<string, 'off' | 'warning'>, t = text) =>
      analyze({ path: '/w/go.env', kind: 'goenv', text: t }, { facts: HOST_FACTS, rules }).findings.filter((f) => UNDER_TEST.has(f.code)).map((f) => `${f.code}:${f.severity}`);
    assert.deepEqual(run(), ['XB900:hint']);
    assert.deepEqual(run({ XB900: 'off' }), []);
    assert.deepEqual(run({ XB900: 'warning' }), ['XB900:warning']);
    assert.deepEqual(run(undefined, `# xbd-ignore-file XB900\n${text}`), []);
  });

  describe('"Ignore XBnnn for this line"', () => {
    it('inserts a comment above the instruction, indented like it, and the finding is gone', () => {
      const text = 'FROM golang:1.22\n  RUN CGO_ENABLED=0 \\\n    GOARCH=aarch64 go build .\n';
      const fixed = ignore(text, 'XB102');
      assert.equal(fixed, 'FROM golang:1.22\n  # xbd-ignore XB102\n  RUN CGO_ENABLED=0 \\\n    GOARCH=aarch64 go build .\n');
      assert.deepEqual(codes(fixed), []);
    });

    it('adds the code to a directive already above the line', () => {
      const text = 'FROM golang:1.22\n# xbd-ignore XB101\nRUN GOOS=macos GOARCH=aarch64 go build .\n';
      const fixed = ignore(text, 'XB102');
      assert.equal(fixed.split('\n')[1], '# xbd-ignore XB101 XB102');
      assert.deepEqual(codes(fixed), []);
    });

    it('in a make recipe the comment starts at column 0 (a make comment, never handed to the shell)', () => {
      const text = 'build:\n\t@echo building\n\tGOOS=macos \\\n\t  go build .\n';
      const fixed = ignore(text, 'XB101', 'makefile');
      assert.equal(fixed, 'build:\n\t@echo building\n# xbd-ignore XB101\n\tGOOS=macos \\\n\t  go build .\n');
      assert.deepEqual(codes(fixed, 'makefile'), []);
    });

    it('in a shell script it goes above the first line of a continued command, keeping CRLF', () => {
      const text = '#!/bin/sh\r\nif true; then\r\n  GOOS=linux \\\r\n    GOARCH=aarch64 go build .\r\nfi\r\n';
      const fixed = ignore(text, 'XB102', 'shell');
      assert.equal(fixed, '#!/bin/sh\r\nif true; then\r\n  # xbd-ignore XB102\r\n  GOOS=linux \\\r\n    GOARCH=aarch64 go build .\r\nfi\r\n');
      assert.deepEqual(codes(fixed, 'shell'), []);
    });
  });
});

describe('suppressions: where a directive is, what it covers, what its fixes do', () => {
  /** The text after applying the preferred fix of each XB900 finding, one at a time. */
  const removed = (text: string, kind: DocumentKind = 'dockerfile') => only(check(text, kind), 'XB900').map((f) => applyFix(text, f));

  it('reads ## and a directive glued to the #, but not one mentioned inside another comment', () => {
    assert.deepEqual(codes('FROM golang:1.22\n## xbd-ignore XB102\nRUN GOARCH=aarch64 go build .\n'), []);
    assert.deepEqual(codes('FROM golang:1.22\n#xbd-ignore XB102\nRUN GOARCH=aarch64 go build .\n'), []);
    assert.deepEqual(codes('FROM golang:1.22\n# TODO: drop the xbd-ignore XB102 once CI has arm64 runners\nRUN GOARCH=aarch64 go build .\n'), ['XB102@2']);
  });

  it('ends the code list at the reason, even one that starts with letters and digits', () => {
    assert.deepEqual(codes('FROM golang:1.22\n# xbd-ignore XB102 amd64-only builders map it\nRUN GOARCH=aarch64 go build .\n'), []);
  });

  it('says what a mistyped code was probably meant to be, or nothing when no code is one edit away', () => {
    const said = (typo: string) => only(check(`FROM golang:1.22\n# xbd-ignore ${typo}\nRUN GOARCH=aarch64 go build .\n`), 'XB900').map((f) => f.message);
    assert.deepEqual(said('XB3O1'), ['XB3O1 in xbd-ignore is not a code of xbd, so nothing is suppressed for it. Did you mean XB301?']);
    assert.deepEqual(said('XB7011'), ['XB7011 in xbd-ignore is not a code of xbd, so nothing is suppressed for it. Did you mean XB701?']);
    assert.deepEqual(said('XB70'), [
      'XB70 in xbd-ignore is not a code of xbd, so nothing is suppressed for it. Did you mean XB701 or XB702 or XB703 or XB704 or XB705 or XB706 or XB707 or XB708?',
    ]);
    assert.deepEqual(said('XB130'), ['XB130 in xbd-ignore is not a code of xbd, so nothing is suppressed for it. Did you mean XB103 or XB310?']);
    assert.deepEqual(said('XB999'), ['XB999 in xbd-ignore is not a code of xbd, so nothing is suppressed for it.']);
  });

  it('reports an unknown code at its own columns, in an indented directive too', () => {
    const text = '#!/bin/sh\nif [ -n "$CI" ]; then\n  # xbd-ignore XB102 XB999\n  GOARCH=aarch64 go build .\nfi\n';
    const [f] = only(check(text, 'shell'), 'XB900');
    assert.deepEqual(f.range, { start: { line: 2, character: 21 }, end: { line: 2, character: 26 } });
    assert.equal(f.fixes[0].title, 'Remove XB999 from the xbd-ignore comment');
    assert.ok(f.fixes[0].isPreferred);
    assert.equal(applyFix(text, f).split('\n')[2], '  # xbd-ignore XB102');
    // A code-less directive is reported on its whole comment, and has no fix: what to suppress is the user's call.
    const [bare] = only(check('#!/bin/sh\nif true; then\n  # xbd-ignore\n  go build .\nfi\n', 'shell'), 'XB900');
    assert.deepEqual(bare.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 14 } });
    assert.deepEqual(bare.fixes, []);
  });

  it('removes a directive that names only an unknown code: the whole line, or a trailing comment with the blanks before it', () => {
    assert.deepEqual(removed('#!/bin/sh\n# xbd-ignore XB999\ngo build .\n', 'shell'), ['#!/bin/sh\ngo build .\n']);
    assert.equal(only(check('#!/bin/sh\n# xbd-ignore XB999\ngo build .\n', 'shell'), 'XB900')[0].fixes[0].title, 'Remove this xbd-ignore comment');
    assert.deepEqual(removed('#!/bin/sh\ngo build ./...   # xbd-ignore XB999\ngo vet ./...\n', 'shell'), ['#!/bin/sh\ngo build ./...\ngo vet ./...\n']);
    // On the last line, with no line break after it.
    assert.deepEqual(removed('FROM golang:1.22\nRUN go build .\n# xbd-ignore-file XB999'), ['FROM golang:1.22\nRUN go build .\n']);
  });

  it('a # inside quotes, escaped, or inside a word starts no comment; after ; or | it does', () => {
    const shell = (line: string) => codes(`#!/bin/sh\n${line}\n`, 'shell');
    assert.deepEqual(shell(`echo 'step # xbd-ignore XB101' && GOOS=macos go build .`), ['XB101@1']);
    assert.deepEqual(shell(`echo "step # xbd-ignore XB101" && GOOS=macos go build .`), ['XB101@1']);
    assert.deepEqual(shell(`echo "say \\"hi # xbd-ignore XB101\\"" && GOOS=macos go build .`), ['XB101@1']);
    assert.deepEqual(shell(`echo "it's" \\# xbd-ignore XB101 && GOOS=macos go build .`), ['XB101@1']);
    assert.deepEqual(shell(`echo args=$# && GOOS=macos go build . # xbd-ignore XB101`), []);
    assert.deepEqual(shell(`GOOS=macos go build .;# xbd-ignore XB101`), []);
    assert.deepEqual(shell(`GOOS=macos go build . |# xbd-ignore XB101`), []);
  });

  it('a first line of code starts a logical line of its own', () => {
    assert.deepEqual(codes('GOOS=macos go build . # xbd-ignore XB101\nGOOS=macos go build ./cmd/tool\n', 'shell'), ['XB101@1']);
  });

  it('continues a line only on an odd number of trailing backslashes; a Dockerfile allows blanks after it, a shell does not', () => {
    assert.deepEqual(codes('#!/bin/sh\n# xbd-ignore XB101\necho C:\\\\\nGOOS=macos go build .\n', 'shell'), ['XB101@3']);
    assert.deepEqual(codes('#!/bin/sh\n# xbd-ignore XB101\necho building \\ \nGOOS=macos go build .\n', 'shell'), ['XB101@3']);
    assert.deepEqual(codes('FROM golang:1.22\n# xbd-ignore XB102\nRUN CGO_ENABLED=0 \\  \n    GOARCH=aarch64 go build .\n'), []);
  });

  it('a directive above a RUN covers it past comment and blank lines inside its continuation (BuildKit drops them)', () => {
    const text = 'FROM golang:1.22\n# xbd-ignore XB102\nRUN CGO_ENABLED=0 \\\n    # our cross images call it aarch64\n    GOARCH=aarch64 \\\n\n    go build .\n';
    assert.deepEqual(codes(text), []);
    assert.deepEqual(codes(text.replace('# xbd-ignore XB102\n', '')), ['XB102@3']);
  });

  it('a trailing directive on a continuation line of a RUN covers the whole RUN', () => {
    assert.deepEqual(codes('FROM golang:1.22\nRUN CGO_ENABLED=0 \\\n    GOARCH=aarch64 go build .  # xbd-ignore XB102\n'), []);
    assert.deepEqual(codes('FROM golang:1.22\nRUN GOARCH=aarch64 \\\n    go build .  # xbd-ignore XB102\n'), []);
  });

  it('a RUN that starts with a [ test is shell form: its go command is read and a trailing directive counts', () => {
    assert.deepEqual(codes('FROM golang:1.22\nRUN [ -n "$CI" ] && GOARCH=aarch64 go build .\n'), ['XB102@1']);
    assert.deepEqual(codes('FROM golang:1.22\nRUN [ -n "$CI" ] && GOARCH=aarch64 go build . # xbd-ignore XB102\n'), []);
  });

  describe('"Ignore XBnnn for this line", next to other directives', () => {
    const edit = (text: string, kind: DocumentKind, line: number, code: string) => {
      const lines = new LineIndex(text);
      const e = ignoreLineEdit(text, kind, lines, line, code);
      return applyOffsetEdits(text, [{ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }]);
    };

    it('adds the code to an indented directive above the line', () => {
      const text = '#!/bin/sh\nif [ -n "$CI" ]; then\n  # xbd-ignore XB101\n  GOOS=macos GOARCH=aarch64 go build .\nfi\n';
      assert.equal(ignore(text, 'XB102', 'shell').split('\n')[2], '  # xbd-ignore XB101 XB102');
    });

    it('changes nothing when the directive above already names the code', () => {
      const text = 'FROM golang:1.22\n# xbd-ignore XB102\nRUN GOARCH=aarch64 go build .\n';
      assert.equal(edit(text, 'dockerfile', 2, 'XB102'), text);
    });

    it('leaves a file-wide directive and a trailing one alone: the new code goes on a line of its own', () => {
      const fileWide = 'FROM golang:1.22\n# xbd-ignore-file XB101\nRUN GOOS=macos GOARCH=aarch64 go build .\n';
      assert.equal(ignore(fileWide, 'XB102'), 'FROM golang:1.22\n# xbd-ignore-file XB101\n# xbd-ignore XB102\nRUN GOOS=macos GOARCH=aarch64 go build .\n');
      const trailing = 'FROM golang:1.22\nRUN GOOS=macos GOARCH=aarch64 go build . # xbd-ignore XB101\n';
      assert.equal(ignore(trailing, 'XB102'), 'FROM golang:1.22\n# xbd-ignore XB102\nRUN GOOS=macos GOARCH=aarch64 go build . # xbd-ignore XB101\n');
      const elsewhere = 'FROM golang:1.22\n# xbd-ignore XB101\nRUN go vet .\nRUN GOARCH=aarch64 go build .\n';
      assert.equal(ignore(elsewhere, 'XB102'), 'FROM golang:1.22\n# xbd-ignore XB101\nRUN go vet .\n# xbd-ignore XB102\nRUN GOARCH=aarch64 go build .\n');
    });

    it('keeps a tab indent in a shell script; a recipe line indented tab-then-blanks gets column 0; a go env file column 0', () => {
      const script = '#!/bin/sh\nif true; then\n\tGOOS=macos go build .\nfi\n';
      assert.equal(ignore(script, 'XB101', 'shell'), '#!/bin/sh\nif true; then\n\t# xbd-ignore XB101\n\tGOOS=macos go build .\nfi\n');
      const recipe = 'build:\n\tif [ -n "$$CI" ]; then \\\n\t  GOOS=macos go build .; \\\n\tfi\n';
      assert.equal(edit(recipe, 'makefile', 1, 'XB101'), 'build:\n# xbd-ignore XB101\n\tif [ -n "$$CI" ]; then \\\n\t  GOOS=macos go build .; \\\n\tfi\n');
      assert.equal(edit('  GOARCH=aarch64\n', 'goenv', 0, 'XB102'), '# xbd-ignore XB102\n  GOARCH=aarch64\n');
    });
  });
});
