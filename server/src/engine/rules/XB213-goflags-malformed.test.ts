import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

const xb213 = (text: string, kind: Parameters<typeof check>[1] = 'dockerfile') => only(check(text, kind), 'XB213');

describe('XB213 GOFLAGS is not a list of whole flags', () => {
  it('flags -tags netgo with go\'s message and fixes it to -tags=netgo in the ENV quotes', () => {
    const text = 'FROM golang:1.22 AS build\nENV CGO_ENABLED=0 GOFLAGS="-tags netgo"\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n';
    const [f] = xb213(text);
    assert.equal(lineOf(f), 2);
    assert.equal(f.severity, 'error');
    assert.equal(textAt(text, f), '"-tags netgo"');
    assert.match(f.message, /stops every build with "go: parsing \$GOFLAGS: non-flag "netgo""/);
    assert.match(said(f), /not part of -tags/);
    assert.equal(fixAndRecheck(text, 'XB213'), text.replace('"-tags netgo"', '"-tags=netgo"'));
  });

  it('warns that -ldflags=-s -w loses -w, and quotes the entry for a Makefile (make passes quotes on)', () => {
    const text = 'export GOFLAGS := -ldflags=-s -w\n\nbuild:\n\tgo build -o bin/app ./cmd/app\n';
    const [f] = xb213(text, 'makefile');
    assert.equal(f.severity, 'warning');
    assert.match(said(f), /-w becomes an entry of its own, a flag of another go command/);
    assert.match(f.message, /-w never reaches the linker/);
    assert.equal(fixAndRecheck(text, 'XB213', 'makefile'), "export GOFLAGS := '-ldflags=-s -w'\n\nbuild:\n\tgo build -o bin/app ./cmd/app\n");
  });

  it('puts single quotes inside double-quoted shell values', () => {
    const text = '#!/bin/sh\nset -e\nexport GOFLAGS="-ldflags=-s -w -trimpath"\ngo build -o bin/app .\n';
    assert.equal(fixAndRecheck(text, 'XB213', 'shell'), text.replace('"-ldflags=-s -w -trimpath"', `"'-ldflags=-s -w' -trimpath"`));
  });

  it('puts double quotes inside single-quoted values; -s cut off is an unknown flag (error)', () => {
    const text = "#!/bin/sh\nGOFLAGS='-ldflags=-w -s' go build -o app .\n";
    const [f] = xb213(text, 'shell');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /"go: parsing \$GOFLAGS: unknown flag -s"/);
    assert.equal(fixAndRecheck(text, 'XB213', 'shell'), `#!/bin/sh\nGOFLAGS='"-ldflags=-w -s"' go build -o app .\n`);
  });

  it('explains that a quote inside an entry does not group', () => {
    const text = `FROM golang:1.23\nENV GOFLAGS="-ldflags='-s -w'"\nRUN go build -o /app .\n`;
    const [f] = xb213(text);
    assert.match(f.message, /unknown flag -w'/);
    assert.equal(fixAndRecheck(text, 'XB213'), `FROM golang:1.23\nENV GOFLAGS="'-ldflags=-s -w'"\nRUN go build -o /app .\n`);
  });

  it('reads a backslash as GOFLAGS does: no escape, the linker fails', () => {
    const text = `#!/bin/sh\nexport GOFLAGS='-ldflags=-s\\ -w'\ngo build -o app .\n`;
    const [f] = xb213(text, 'shell');
    assert.match(f.message, /"flag provided but not defined: -s\\"/);
    assert.equal(fixAndRecheck(text, 'XB213', 'shell'), `#!/bin/sh\nexport GOFLAGS='"-ldflags=-s -w"'\ngo build -o app .\n`);
  });

  it('fixes -gcflags=all=-N -l in the go env file, where values are read verbatim', () => {
    const text = 'GOPRIVATE=example.com\nGOFLAGS=-gcflags=all=-N -l\n';
    const [f] = xb213(text, 'goenv');
    assert.match(said(f), /stops for every go command on this machine with "go: parsing \$GOFLAGS: unknown flag -l"/);
    assert.equal(fixAndRecheck(text, 'XB213', 'goenv'), "GOPRIVATE=example.com\nGOFLAGS='-gcflags=all=-N -l'\n");
  });

  it('joins blank-separated tags with commas', () => {
    const text = 'GOFLAGS=-tags netgo osusergo\n';
    assert.equal(fixAndRecheck(text, 'XB213', 'goenv'), 'GOFLAGS=-tags=netgo,osusergo\n');
  });

  it('keeps the legacy ENV form when no quotes are needed', () => {
    const text = 'FROM golang:1.22\nENV GOFLAGS -mod vendor\nRUN go build -o /app .\n';
    const [f] = xb213(text);
    assert.match(f.message, /non-flag "vendor"/);
    assert.equal(fixAndRecheck(text, 'XB213'), 'FROM golang:1.22\nENV GOFLAGS -mod=vendor\nRUN go build -o /app .\n');
  });

  it('accepts what go accepts', () => {
    assert.deepEqual(xb213("GOFLAGS='-ldflags=-s -w' -trimpath\n", 'goenv'), []);
    assert.deepEqual(xb213('export GOFLAGS := "-ldflags=-s -w" -mod=mod\n\nall:\n\tgo build .\n', 'makefile'), []);
    assert.deepEqual(xb213(`FROM golang:1.22\nENV GOFLAGS="'-ldflags=-s -w' -tags=netgo,osusergo -trimpath"\nRUN go build .\n`), []);
    assert.deepEqual(xb213('#!/bin/sh\nGOFLAGS="-mod=vendor -buildvcs=false -race" go test ./...\n', 'shell'), []);
  });

  it('reports an unterminated quote without guessing a fix', () => {
    const [f] = xb213(`FROM golang:1.22\nENV GOFLAGS="'-ldflags=-s -w"\nRUN go build .\n`);
    assert.match(said(f), /"go: parsing \$GOFLAGS: unterminated ' string"/);
    assert.deepEqual(f.fixes, []);
  });

  it('names the value but offers no edit when it is built from other variables', () => {
    const text = 'FROM golang:1.22\nARG EXTRA=-trimpath\nENV GOFLAGS="$EXTRA -tags netgo"\nRUN go build .\n';
    const [f] = xb213(text);
    assert.match(f.message, /GOFLAGS="\$EXTRA -tags netgo" \(= -trimpath -tags netgo\)/);
    assert.deepEqual(f.fixes, []);
  });

  it('repairs each kind of split entry in a release script: values of plain flags, tag lists, quoted and escaped values', () => {
    const cases: [goflags: string, meant: string, says: string][] = [
      ['-mod vendor', '-mod=vendor', 'non-flag "vendor"'],
      ['-p 4 -trimpath', '-p=4 -trimpath', 'non-flag "4"'],
      ['-mod=vendor -tags netgo osusergo', '-mod=vendor -tags=netgo,osusergo', 'non-flag "netgo"'],
      ['-tags= netgo', '-tags=netgo', 'non-flag "netgo"'],
      ["-ldflags='-s -w' -trimpath", "'-ldflags=-s -w' -trimpath", "unknown flag -w'"],
      ['-gcflags=-N -l -trimpath', "'-gcflags=-N -l' -trimpath", 'unknown flag -l'],
      ['-ldflags=-s -w -tags netgo', "'-ldflags=-s -w' -tags=netgo", 'non-flag "netgo"'],
      ['-ldflags=-s\\ -w', "'-ldflags=-s -w'", 'flag provided but not defined: -s\\'],
    ];
    for (const [goflags, meant, says] of cases) {
      const text = `#!/bin/sh\nset -eu\nexport GOFLAGS="${goflags}"\ngo build -o dist/app ./cmd/app\n`;
      const [f] = xb213(text, 'shell');
      assert.equal(f.severity, 'error', goflags);
      assert.ok(f.message.startsWith(`GOFLAGS=${goflags} splits a flag: write ${meant}.`), f.message);
      assert.match(said(f), new RegExp(`Go 1\\.27 stops every build with "${(says.startsWith('flag') ? '' : 'go: parsing \\$GOFLAGS: ') + says.replace(/[\\$.]/g, '\\$&')}"`), goflags);
      assert.deepEqual(f.fixes.map((x) => x.title), [`Write GOFLAGS as ${meant}`], goflags);
      assert.equal(fixAndRecheck(text, 'XB213', 'shell'), text.replace(goflags, meant), goflags);
    }
  });

  it('says why an entry is cut off, and explains quoting only where quotes or backslashes are involved', () => {
    const [plain] = xb213('#!/bin/sh\nexport GOFLAGS="-mod vendor"\ngo build .\n', 'shell');
    assert.deepEqual(plain.related?.map((r) => r.message).slice(0, 1), ['"vendor" is an entry of its own (GOFLAGS is split at blanks, so it is not part of -mod)']);
    assert.doesNotMatch(said(plain), /a value with blanks is one entry only when a quote opens it/);
    const [quoted] = xb213(`#!/bin/sh\nexport GOFLAGS="-ldflags='-s -w' -trimpath"\ngo build .\n`, 'shell');
    assert.match(said(quoted), /-w' is an entry of its own \(GOFLAGS is split at blanks, so it is not part of -ldflags='-s\), and no go command has that flag/);
    assert.match(said(quoted), /a value with blanks is one entry only when a quote opens it/);
  });

  it('offers no fix when a quote inside an entry never closes, or the legacy ENV form cannot hold the quotes', () => {
    const [open] = xb213(`#!/bin/sh\nexport GOFLAGS="-ldflags='-s -X main.v=1"\ngo build .\n`, 'shell');
    assert.match(open.message, /splits a flag: make each entry a whole -flag or -flag=value\./);
    assert.deepEqual(open.fixes, []);
    const [legacy] = xb213('FROM golang:1.22\nENV GOFLAGS -ldflags=-s -w\nRUN go build .\n');
    assert.equal(legacy.severity, 'warning');
    assert.deepEqual(legacy.fixes, []);
  });

  it('fixes a Dockerfile ARG default in its own quotes', () => {
    const text = 'FROM golang:1.22\nARG GOFLAGS="-tags netgo"\nRUN go build -o /out/app .\n';
    assert.equal(fixAndRecheck(text, 'XB213'), text.replace('"-tags netgo"', '"-tags=netgo"'));
  });

  it('ignores a shell variable named GOFLAGS that no go command sees, and names the value passed on to make', () => {
    assert.deepEqual(xb213('#!/bin/sh\nGOFLAGS="-tags netgo"\necho "$GOFLAGS"\n', 'shell'), []);
    const text = '#!/bin/sh\nGOFLAGS="-tags netgo"\nmake release GOFLAGS="$GOFLAGS"\n';
    const found = xb213(text, 'shell');
    assert.deepEqual(found.map((f) => textAt(text, f)), ['"$GOFLAGS"']);
    assert.match(found[0].message, /^GOFLAGS="\$GOFLAGS" \(= -tags netgo\) splits a flag: write -tags=netgo\./);
    assert.deepEqual(found[0].fixes, []);
  });
});
