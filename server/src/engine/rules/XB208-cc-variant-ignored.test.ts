import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

describe('XB208 C compiler variable that go build does not read', () => {
  it('flags CC_arm64 in a build script and renames it to CC', () => {
    const text = '#!/bin/sh\nset -e\nexport CGO_ENABLED=1\nCC_arm64=aarch64-linux-gnu-gcc GOOS=linux GOARCH=arm64 go build -o dist/app-linux-arm64 ./cmd/app\n';
    const [f] = only(check(text, 'shell'), 'XB208');
    assert.equal(lineOf(f), 4);
    assert.equal(textAt(text, f), 'CC_arm64');
    assert.match(said(f), /go build does not read CC_arm64: set CC=aarch64-linux-gnu-gcc instead\.[^]*the go command takes the C compiler from CC only \(there is no per-architecture CC_<arch>/);
    assert.match(said(f), /"go: unknown go command variable CC_arm64"/);
    assert.equal(fixAndRecheck(text, 'XB208', 'shell'), text.replace('CC_arm64=', 'CC='));
  });

  it('turns CROSS_COMPILE into CC with gcc appended', () => {
    const text = [
      'FROM golang:1.22-bookworm AS build',
      'RUN apt-get update && apt-get install -y gcc-arm-linux-gnueabihf',
      'ENV CROSS_COMPILE=arm-linux-gnueabihf-',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=1 GOARCH=arm GOARM=7 go build -o /out/app .',
      '',
    ].join('\n');
    const [f] = only(check(text), 'XB208');
    assert.match(said(f), /CROSS_COMPILE is the Linux kernel's prefix convention/);
    assert.equal(fixAndRecheck(text, 'XB208'), text.replace('ENV CROSS_COMPILE=arm-linux-gnueabihf-', 'ENV CC=arm-linux-gnueabihf-gcc'));
  });

  it('adds CC beside a CROSS_COMPILE that the file also uses for other tools', () => {
    const text = '#!/bin/bash\nexport CROSS_COMPILE=aarch64-linux-gnu-\nCGO_ENABLED=1 GOARCH=arm64 go build -o out/app .\n"${CROSS_COMPILE}strip" out/app\n';
    assert.equal(
      fixAndRecheck(text, 'XB208', 'shell'),
      text.replace('export CROSS_COMPILE=aarch64-linux-gnu-', 'export CROSS_COMPILE=aarch64-linux-gnu- CC=aarch64-linux-gnu-gcc'),
    );
  });

  it('explains that CC_FOR_TARGET is for make.bash, in a Makefile too', () => {
    const text = 'export CGO_ENABLED := 1\nexport GOOS := windows\nexport CC_FOR_TARGET := x86_64-w64-mingw32-gcc\n\nwindows:\n\tgo build -o bin/app.exe .\n';
    const [f] = only(check(text, 'makefile'), 'XB208');
    assert.match(said(f), /CC_FOR_TARGET is read only by make\.bash, when the Go toolchain itself is built/);
    assert.equal(fixAndRecheck(text, 'XB208', 'makefile'), text.replace('CC_FOR_TARGET', 'CC'));
  });

  it('recognises CC_FOR_linux_arm64 and CXX_FOR_TARGET', () => {
    const text = 'FROM golang:1.22\nENV CC_FOR_linux_arm64=aarch64-linux-gnu-gcc CXX_FOR_TARGET=aarch64-linux-gnu-g++\nRUN CGO_ENABLED=1 GOARCH=arm64 go build -o /out/app .';
    const found = only(check(text), 'XB208');
    assert.deepEqual(found.map((f) => textAt(text, f)), ['CC_FOR_linux_arm64', 'CXX_FOR_TARGET']);
    assert.match(said(found[1]), /C\+\+ compiler \(g\+\+/);
  });

  it('offers no rename when several per-architecture names act on one command, or the name is for another architecture', () => {
    const text = '#!/bin/sh\nexport CC_arm64=aarch64-linux-gnu-gcc CC_arm=arm-linux-gnueabihf-gcc\nCGO_ENABLED=1 GOARCH=arm64 go build -o out/a .\n';
    for (const f of only(check(text, 'shell'), 'XB208')) assert.deepEqual(f.fixes, [], f.message);
    const [other] = only(check('#!/bin/sh\nCC_arm=arm-linux-gnueabihf-gcc CGO_ENABLED=1 GOARCH=arm64 go build -o out/a .\n', 'shell'), 'XB208');
    assert.match(other.message, /builds for arm64, not arm/);
    assert.deepEqual(other.fixes, []);
  });

  it('is silent when CC is set as well, when no go command sees it, and for unrelated CC_ names', () => {
    const silent = [
      '#!/bin/sh\nCC=aarch64-linux-gnu-gcc CC_arm64=aarch64-linux-gnu-gcc CGO_ENABLED=1 GOARCH=arm64 go build .\n',
      '#!/bin/sh\nCROSS_COMPILE=aarch64-linux-gnu- make -C linux ARCH=arm64\n',
      '#!/bin/sh\nexport CC_FLAGS=-O2 CC_VERSION=12\ngo build .\n',
    ];
    for (const text of silent) assert.deepEqual(only(check(text, 'shell'), 'XB208'), [], text);
    assert.deepEqual(only(check('CC_arm64 := aarch64-linux-gnu-gcc\n\narm64:\n\tCC=$(CC_arm64) CGO_ENABLED=1 GOARCH=arm64 go build .\n', 'makefile'), 'XB208'), []);
  });

  it('reads CC_<arch> spellings Go does not use (aarch64) and CC_FOR_<goos>_<arch>, and names the C++ compiler for CXX_', () => {
    const script = (assign: string) => `#!/bin/sh\nset -e\n${assign} CGO_ENABLED=1 GOARCH=arm64 go build -o dist/app-arm64 ./cmd/app\n`;
    for (const name of ['CC_aarch64', 'CC_FOR_linux_aarch64', 'CC_arm64']) {
      const text = script(`${name}=aarch64-linux-gnu-gcc`);
      const [f] = only(check(text, 'shell'), 'XB208');
      assert.equal(f.message, `go build does not read ${name}: set CC=aarch64-linux-gnu-gcc instead. Without CC it uses Go's default C compiler (gcc for Linux targets).`, name);
      assert.equal(fixAndRecheck(text, 'XB208', 'shell'), text.replace(`${name}=`, 'CC='), name);
    }
    const [cxx] = only(check(script('CXX_arm64=aarch64-linux-gnu-g++'), 'shell'), 'XB208');
    assert.match(said(cxx), /the go command takes the C\+\+ compiler from CXX only \(there is no per-architecture CXX_<arch>\)/);
    assert.deepEqual(cxx.fixes.map((f) => f.title), ['Rename to CXX']);
  });

  it('keeps the rename when one of the builds is for that architecture, and for go vet too only when it compiles', () => {
    const text = '#!/bin/sh\nexport CC_arm64=aarch64-linux-gnu-gcc\nCGO_ENABLED=1 GOARCH=arm64 go build -o dist/a .\nCGO_ENABLED=1 GOARCH=amd64 go build -o dist/b .\n';
    const [f] = only(check(text, 'shell'), 'XB208');
    assert.match(f.message, /set CC=aarch64-linux-gnu-gcc instead/);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Rename to CC']);
  });

  it('names CROSS_COMPILE from another variable with its value but edits nothing', () => {
    const text = '#!/bin/sh\nTRIPLE=aarch64-linux-gnu-\nCROSS_COMPILE=$TRIPLE CGO_ENABLED=1 GOARCH=arm64 go build -o dist/app .\n';
    const [f] = only(check(text, 'shell'), 'XB208');
    assert.match(f.message, /^go build does not read CROSS_COMPILE: set CC=aarch64-linux-gnu-gcc instead\./);
    assert.deepEqual(f.fixes, []);
  });
});
