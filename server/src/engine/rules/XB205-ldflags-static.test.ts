import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyFix, check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

const xb205 = (text: string, kind: Parameters<typeof check>[1] = 'dockerfile') => only(check(text, kind), 'XB205');

describe('XB205 -static is not a Go linker flag', () => {
  const dockerfile = [
    'FROM golang:1.22-bookworm AS build',
    'WORKDIR /src',
    'COPY . .',
    "RUN go build -trimpath -ldflags '-s -w -static' -o /out/api ./cmd/api",
    '',
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=build /out/api /api',
    'ENTRYPOINT ["/api"]',
    '',
  ].join('\n');

  it('flags -static inside -ldflags and quotes the linker', () => {
    const [f] = xb205(dockerfile);
    assert.equal(lineOf(f), 4);
    assert.equal(textAt(dockerfile, f), "'-s -w -static'");
    assert.match(f.message, /"flag provided but not defined: -static"/);
  });

  it('without a need for cgo, drops -static and turns cgo off (one fix, two edits)', () => {
    const fixed = fixAndRecheck(dockerfile, 'XB205');
    assert.equal(fixed, dockerfile.replace("RUN go build -trimpath -ldflags '-s -w -static'", "RUN CGO_ENABLED=0 go build -trimpath -ldflags '-s -w'"));
  });

  it('offers the C-linker form too, keeping the single quotes', () => {
    const [f] = xb205(dockerfile);
    const fixed = applyFix(dockerfile, f, 'Link statically through the C linker (-linkmode external -extldflags "-static")');
    assert.equal(fixed, dockerfile.replace("'-s -w -static'", `'-s -w -linkmode external -extldflags "-static"'`));
    assert.deepEqual(xb205(fixed), []);
  });

  it('prefers the C-linker form when the command asks for cgo, with inner quotes that fit', () => {
    const text = 'build:\n\tCGO_ENABLED=1 go build -ldflags "-X main.version=1.4.0 -static" -o bin/app ./cmd/app\n';
    const [f] = xb205(text, 'makefile');
    assert.match(said(f), /this cgo build needs -linkmode external -extldflags \"-static\"/);
    const fixed = fixAndRecheck(text, 'XB205', 'makefile');
    assert.equal(fixed, `build:\n\tCGO_ENABLED=1 go build -ldflags "-X main.version=1.4.0 -linkmode external -extldflags '-static'" -o bin/app ./cmd/app\n`);
  });

  it('edits the make variable the flag comes from', () => {
    const text = 'LDFLAGS := -s -w -static\n\n.PHONY: build\nbuild:\n\tgo build -ldflags "$(LDFLAGS)" -o bin/app .\n';
    const fixed = fixAndRecheck(text, 'XB205', 'makefile');
    assert.equal(fixed, 'LDFLAGS := -s -w\n\n.PHONY: build\nbuild:\n\tCGO_ENABLED=0 go build -ldflags "$(LDFLAGS)" -o bin/app .\n');
  });

  it('drops the whole -ldflags=-static word when nothing else is in it', () => {
    const text = '#!/bin/sh\nset -e\nCGO_ENABLED=1 go build -ldflags=-static -o bin/app .\n';
    const fixed = applyFix(text, xb205(text, 'shell')[0], 'Drop -ldflags -static and set CGO_ENABLED=0');
    assert.equal(fixed, '#!/bin/sh\nset -e\nCGO_ENABLED=0 go build -o bin/app .\n');
    assert.deepEqual(xb205(fixed, 'shell'), []);
  });

  it('adds only what is missing when -linkmode external is already there', () => {
    const text = 'FROM golang:1.22\nRUN CGO_ENABLED=1 go build -ldflags="-linkmode external -static" -o /app .\n';
    assert.equal(fixAndRecheck(text, 'XB205'), `FROM golang:1.22\nRUN CGO_ENABLED=1 go build -ldflags="-linkmode external -extldflags '-static'" -o /app .\n`);
  });

  it('escapes the quotes it writes inside an exec-form sh -c string', () => {
    const text = `FROM golang:1.22\nRUN ["sh", "-c", "CGO_ENABLED=1 go build -ldflags '-static' -o /app ."]\n`;
    const fixed = fixAndRecheck(text, 'XB205');
    assert.equal(fixed, `FROM golang:1.22\nRUN ["sh", "-c", "CGO_ENABLED=1 go build -ldflags '-linkmode external -extldflags \\"-static\\"' -o /app ."]\n`);
    assert.deepEqual(JSON.parse(fixed.split('\n')[1].slice(4)), ['sh', '-c', `CGO_ENABLED=1 go build -ldflags '-linkmode external -extldflags "-static"' -o /app .`]);
  });

  it('writes plain quotes in a shell-form RUN that starts with a [ test', () => {
    const text = `FROM golang:1.22\nRUN [ -f go.sum ] && CGO_ENABLED=1 go build -ldflags '-static' -o /app .\n`;
    assert.equal(fixAndRecheck(text, 'XB205'), `FROM golang:1.22\nRUN [ -f go.sum ] && CGO_ENABLED=1 go build -ldflags '-linkmode external -extldflags "-static"' -o /app .\n`);
  });

  it('leaves -static that is the value of -extldflags alone', () => {
    assert.deepEqual(xb205("FROM golang:1.22\nRUN go build -ldflags '-extldflags -static' -o /app .\n"), []);
    assert.deepEqual(xb205("FROM golang:1.22\nRUN go build -ldflags '-linkmode external -extldflags=-static' -o /app .\n"), []);
  });

  it('does not guess on a value it cannot know', () => {
    assert.deepEqual(xb205('FROM golang:1.22\nARG LDFLAGS\nRUN go build -ldflags "$LDFLAGS" -o /app .\n'), []);
  });

  it('leads with the C-linker form for every flag that needs cgo: -race, -msan, c-shared, plugin', () => {
    const lead = '-static is not a Go linker flag: this cgo build needs -linkmode external -extldflags "-static".';
    for (const line of ["go test -race -ldflags '-static' ./...", "go build -msan -ldflags '-static' -o bin/app .", "go build -buildmode=c-shared -ldflags '-s -static' -o lib/libbridge.so ./bridge", "go build -buildmode=plugin -ldflags '-static' -o plugins/auth.so ./auth", "go build -buildmode=c-archive -ldflags '-static' -o lib/libbridge.a ./bridge"]) {
      const [f] = only(check(`#!/bin/sh\nset -e\n${line}\n`, 'shell'), 'XB205');
      assert.ok(f.message.startsWith(lead), line);
      assert.deepEqual(f.fixes.map((x) => x.isPreferred), [true, false], line);
      assert.equal(f.fixes[0].title, 'Link statically through the C linker (-linkmode external -extldflags "-static")', line);
    }
    const [plain] = only(check("#!/bin/sh\nCGO_ENABLED=0 go build -ldflags '-static' -o bin/app .\n", 'shell'), 'XB205');
    assert.ok(plain.message.startsWith('-static is not a Go linker flag: drop it and build with CGO_ENABLED=0, which links statically.'));
    // CGO_ENABLED=0 is already on the command: only -ldflags goes.
    assert.deepEqual(plain.fixes[0].edits.map((e) => e.newText), ['']);
  });

  it('replaces every -static, and keeps C flags it cannot merge into', () => {
    const text = "#!/bin/sh\nCGO_ENABLED=1 go build -ldflags '-static -s -static' -o bin/app .\n";
    const [f] = only(check(text, 'shell'), 'XB205');
    assert.equal(applyFix(text, f), "#!/bin/sh\nCGO_ENABLED=1 go build -ldflags '-linkmode external -extldflags \"-static\" -s' -o bin/app .\n");
    assert.equal(applyFix(text, f, 'Drop -static and set CGO_ENABLED=0'), "#!/bin/sh\nCGO_ENABLED=0 go build -ldflags '-s' -o bin/app .\n");
    const lm = "#!/bin/sh\nCGO_ENABLED=1 go build -ldflags '-static -extldflags -lm' -o bin/app .\n";
    const [g] = only(check(lm, 'shell'), 'XB205');
    assert.deepEqual(g.fixes.map((x) => [x.title, x.isPreferred]), [['Drop -static and set CGO_ENABLED=0', true]]);
  });

  it('reports a -static from GOFLAGS on its value, without an edit', () => {
    const text = '#!/bin/sh\nexport GOFLAGS=-ldflags=-static\ngo build -o bin/app .\n';
    const [f] = only(check(text, 'shell'), 'XB205');
    assert.equal(textAt(text, f), '-ldflags=-static');
    assert.deepEqual(f.fixes, []);
  });
});
