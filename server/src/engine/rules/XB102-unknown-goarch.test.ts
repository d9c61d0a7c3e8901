import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

describe('XB102 GOARCH is not a Go architecture', () => {
  it('flags aarch64 behind a line continuation and names the pair go prints', () => {
    const text = [
      'FROM golang:1.23-bookworm AS build',
      'WORKDIR /src',
      'RUN CGO_ENABLED=0 GOOS=linux \\',
      '    GOARCH=aarch64 \\',
      '    go build -trimpath -o /out/server ./cmd/server',
    ].join('\n');
    const [f] = only(check(text), 'XB102');
    assert.equal(lineOf(f), 4);
    assert.equal(textAt(text, f), 'aarch64');
    assert.match(f.message, /"go: unsupported GOOS\/GOARCH pair linux\/aarch64"/);
    assert.match(said(f), /: use arm64\./);
  });

  it('flags Docker platform variants and Debian names', () => {
    for (const value of ['arm/v7', 'armhf', 'x86_64', 'i386', 'ppc64el', 'loongarch64']) {
      assert.equal(only(check(`FROM golang:1.22\nRUN GOARCH=${value} go build .`), 'XB102').length, 1, value);
    }
  });

  it('flags a bad value that reaches GOARCH through an ARG default', () => {
    const text = 'FROM golang:1.22\nARG ARCH=x86_64\nENV GOARCH=$ARCH\nRUN go build .';
    const [f] = only(check(text), 'XB102');
    assert.match(f.message, /GOARCH=\$ARCH \(= x86_64\)/);
    assert.deepEqual(f.fixes, [], 'the literal lives elsewhere: no in-place fix');
  });

  it('does not guess on build args without a default', () => {
    assert.deepEqual(only(check('FROM golang:1.22\nARG ARCH\nRUN GOARCH=$ARCH go build .'), 'XB102'), []);
  });

  it('reports a value passed to a shell function where the call writes it, and fixes it there', () => {
    const text = '#!/bin/bash\nbuild() {\n  GOOS=$1 GOARCH=$2 go build -o "bin/app-$1-$2" .\n}\nbuild linux aarch64\nbuild darwin amd64\nbuild windows "x86_64"\n';
    const found = only(check(text, 'shell'), 'XB102');
    assert.deepEqual(found.map((f) => [lineOf(f), textAt(text, f)]), [[5, 'aarch64'], [7, '"x86_64"']]);
    assert.match(found[1].message, /pair windows\/x86_64/);
    assert.equal(fixAndRecheck(text, 'XB102', 'shell').split('\n')[4], 'build linux arm64');
    const arm = '#!/bin/bash\nbuild() { GOOS=$1 GOARCH=$2 go build .; }\nbuild linux armv7\n';
    assert.equal(fixAndRecheck(arm, 'XB102', 'shell'), '#!/bin/bash\nbuild() { GOOS=$1 GOARCH=$2 go build .; }\nGOARM=7 build linux arm\n');
  });

  it('fixes armv7 to GOARCH=arm plus GOARM=7 in one edit set', () => {
    const fixed = fixAndRecheck('FROM golang:1.22\nRUN GOOS=linux GOARCH=armv7 go build -o app .\n', 'XB102');
    assert.equal(fixed, 'FROM golang:1.22\nRUN GOOS=linux GOARCH=arm GOARM=7 go build -o app .\n');
  });

  it('changes only GOARCH when the command already sets GOARM: the level written there stays', () => {
    const text = 'FROM golang:1.22\nRUN GOOS=linux GOARCH=armv7 GOARM=6 go build -o /out/app-armv6 .\n';
    assert.equal(fixAndRecheck(text, 'XB102'), 'FROM golang:1.22\nRUN GOOS=linux GOARCH=arm GOARM=6 go build -o /out/app-armv6 .\n');
  });

  it('fixes ENV in the legacy space form by adding an ENV line', () => {
    const fixed = fixAndRecheck('FROM golang:1.22\nENV GOARCH armv6\nRUN go build .\n', 'XB102');
    assert.equal(fixed, 'FROM golang:1.22\nENV GOARCH arm\nENV GOARM=6\nRUN go build .\n');
  });

  it('fixes a Makefile variable and keeps its export', () => {
    const fixed = fixAndRecheck('export GOARCH := armv7\n\nbuild:\n\tgo build -o bin/app .\n', 'XB102', 'makefile');
    assert.equal(fixed, 'export GOARCH := arm\nexport GOARM := 7\n\nbuild:\n\tgo build -o bin/app .\n');
  });

  it('reports a GOARCH taken from uname -m on the build hosts where it is not a Go name', () => {
    const text = ['HOST_OS := $(shell uname -s | tr A-Z a-z)', "HOST_ARCH := $(shell uname -m | sed 's/x86_64/amd64/')", '', 'build:', '\tGOOS=$(HOST_OS) GOARCH=$(HOST_ARCH) go build -o bin/app .', ''].join('\n');
    const [f] = only(check(text, 'makefile'), 'XB102');
    assert.equal(lineOf(f), 5);
    assert.equal(textAt(text, f), '$(HOST_ARCH)');
    assert.match(f.message, /aarch64 on arm64 Linux/);
    assert.match(said(f), /pair linux\/aarch64/);
    assert.doesNotMatch(f.message, /Mac/, 'uname -m says arm64 on Apple Silicon');
    assert.deepEqual(f.fixes, []);
    const mapped = text.replace("s/x86_64/amd64/'", "s/x86_64/amd64/;s/aarch64/arm64/'");
    assert.deepEqual(only(check(mapped, 'makefile'), 'XB102'), []);
    assert.deepEqual(only(check('build:\n\tGOARCH=$(shell go env GOARCH) go build .\n', 'makefile'), 'XB102'), []);
  });

  it('reports a GOARCH taken from uname -m or arch in a shell script or a recipe\'s shell, with the names it takes', () => {
    const direct = '#!/bin/sh\nset -e\nGOOS=linux GOARCH=$(uname -m) go build -o dist/app .\n';
    const [f] = only(check(direct, 'shell'), 'XB102');
    assert.equal(textAt(direct, f), '$(uname -m)');
    assert.match(f.message, /GOARCH is x86_64 on x86-64 Linux, not a Go name/);
    assert.match(said(f), /aarch64 on arm64 Linux/);
    // Through env: the word's value on each host is the part after `GOARCH=`.
    const viaEnv = '#!/bin/sh\nenv GOOS=linux GOARCH=$(uname -m) go build -o dist/app .\n';
    const [e] = only(check(viaEnv, 'shell'), 'XB102');
    assert.equal(textAt(viaEnv, e), '$(uname -m)');
    assert.match(e.message, /GOARCH is x86_64 on x86-64 Linux, not a Go name/);
    const through = '#!/bin/bash\nARCH=`arch`\nexport GOARCH=$ARCH\ngo build -o dist/app .\n';
    assert.deepEqual(only(check(through, 'shell'), 'XB102').map(lineOf), [3]);
    assert.deepEqual(only(check('build:\n\tGOARCH=$$(uname -m) go build -o bin/app .\n', 'makefile'), 'XB102').map(lineOf), [2]);
  });

  it('is silent on a host value that is a Go name on every build host, or mapped to one', () => {
    // dpkg prints amd64 and arm64 (Go's names) on the hosts builds run on.
    assert.deepEqual(only(check('#!/bin/sh\nGOARCH=$(dpkg --print-architecture) go build .\n', 'shell'), 'XB102'), []);
    const mapped = "#!/bin/sh\nARCH=$(uname -m | sed 's/x86_64/amd64/;s/aarch64/arm64/')\nGOARCH=$ARCH go build .\n";
    assert.deepEqual(only(check(mapped, 'shell'), 'XB102'), []);
    const cased = '#!/bin/sh\ncase "$(uname -m)" in\n  x86_64) ARCH=amd64 ;;\n  aarch64) ARCH=arm64 ;;\n  *) ARCH=$(uname -m) ;;\nesac\nGOARCH=$ARCH go build .\n';
    assert.deepEqual(only(check(cased, 'shell'), 'XB102'), []);
    // In a Dockerfile RUN, uname -m describes the stage's platform, not a build host: not read this way.
    assert.deepEqual(only(check('FROM golang:1.22\nRUN GOARCH=$(uname -m) go build -o /app .\n'), 'XB102'), []);
  });

  it('names the pair and the fix for armv7, and offers no fix where no architecture is meant', () => {
    const [armv7] = only(check('FROM golang:1.22\nRUN GOARCH=armv7 go build -o /out/app .'), 'XB102');
    assert.match(armv7.message, /^GOARCH=armv7 is not a Go architecture: use GOARCH=arm with GOARM=7\./);
    assert.match(armv7.message, /pair linux\/armv7/);
    assert.match(said(armv7), /Go 1\.22: golang:1\.22 on line 1/);
    assert.deepEqual(armv7.fixes.map((x) => x.title), ['Change to GOARCH=arm with GOARM=7']);
    const [sparc] = only(check('FROM golang:1.22\nRUN GOOS=linux GOARCH=sparc go build -o /out/app .'), 'XB102');
    assert.match(sparc.message, /: pick one from `go tool dist list`\./);
    assert.deepEqual(sparc.fixes, []);
  });

  it('lists every build host a uname -m GOARCH fails on, and says the value depends on the machine', () => {
    const text = '#!/bin/sh\nGOOS=linux GOARCH=$(uname -m) go build -o dist/app .\n';
    const [f] = only(check(text, 'shell'), 'XB102');
    assert.match(f.message, /GOARCH is x86_64 on x86-64 Linux, not a Go name: map it to amd64 or use `go env GOARCH`\./);
    assert.match(said(f), /Also on: x86_64 on x86-64 Linux, aarch64 on arm64 Linux/);
    assert.match(said(f), /GOARCH=\$\(uname -m\) depends on the machine that runs the build\./);
    assert.match(said(f), /pair linux\/x86_64/);
  });

  it('lists no other hosts when the value fails on one host only', () => {
    const text = "#!/bin/sh\nGOOS=linux GOARCH=$(uname -m | sed 's/x86_64/amd64/') go build -o dist/app .\n";
    const [f] = only(check(text, 'shell'), 'XB102');
    assert.match(f.message, /^GOARCH is aarch64 on arm64 Linux, not a Go name: map it to arm64/);
    assert.doesNotMatch(said(f), /Also on/);
  });

  it('names the pair with linux for a value no go command reads', () => {
    const [f] = only(check('GOARCH ?= x86_64\n\nbuild:\n\tgo build -o bin/app .\n', 'makefile'), 'XB102');
    assert.match(f.message, /"go: unsupported GOOS\/GOARCH pair linux\/x86_64"/);
  });

  it("reports a value on make's command line where it is written, and fixes it there", () => {
    // A release target that runs the build target again for another platform: make exports command-line variables to the recipes.
    const makefile = ['build:', '\tgo build -o bin/app ./cmd/app', '', 'release-arm:', '\t$(MAKE) build GOOS=linux GOARCH=armv7', ''].join('\n');
    const [f] = only(check(makefile, 'makefile'), 'XB102');
    assert.equal(lineOf(f), 5);
    assert.equal(textAt(makefile, f), 'armv7');
    assert.equal(fixAndRecheck(makefile, 'XB102', 'makefile').split('\n')[4], '\t$(MAKE) build GOOS=linux GOARCH=arm GOARM=7');
    // The same from a build script and from a Dockerfile's RUN, whether or not the Makefile can be read.
    const script = '#!/bin/sh\nset -e\nmake -C services/api build GOARCH=x86_64\n';
    const [s] = only(check(script, 'shell'), 'XB102');
    assert.equal(textAt(script, s), 'x86_64');
    assert.equal(fixAndRecheck(script, 'XB102', 'shell'), '#!/bin/sh\nset -e\nmake -C services/api build GOARCH=amd64\n');
    const dockerfile = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN make build GOOS=linux GOARCH=aarch64\n';
    const [d] = only(check(dockerfile), 'XB102');
    assert.equal(textAt(dockerfile, d), 'aarch64');
    // A value that came from elsewhere has no place on the line to rewrite.
    assert.deepEqual(only(check('#!/bin/sh\nmake build "GOARCH=$ARCH"\n', 'shell'), 'XB102'), []);
  });

  it("names the make command line's own GOOS in the pair, judges a value it expands, and leaves other programs' VAR=value words alone", () => {
    const makefile = 'build:\n\tgo build -o bin/app ./cmd/app\n\nrelease-windows:\n\t$(MAKE) build GOOS=windows GOARCH=x86_64\n';
    const [w] = only(check(makefile, 'makefile'), 'XB102');
    assert.match(w.message, /"go: unsupported GOOS\/GOARCH pair windows\/x86_64"/);
    const script = '#!/bin/sh\nARCH=x86_64\nmake build GOARCH=$ARCH\n';
    const [e] = only(check(script, 'shell'), 'XB102');
    assert.match(e.message, /^GOARCH=\$ARCH \(= x86_64\) is not a Go architecture/);
    assert.deepEqual(e.fixes, [], 'the literal is on line 2, not on the make line');
    // A container's environment, a CMake cache entry: no go command of ours gets these.
    assert.deepEqual(only(check('#!/bin/sh\ndocker run --rm -e GOARCH=x86_64 alpine:3.20 uname -m\ncmake -B build GOARCH=x86_64\n', 'shell'), 'XB102'), []);
  });
});
