import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import { LineIndex, MappedText } from '../text';
import { walkShell } from '../shell/walk';
import { goCommandOf, GO_WATCH, unseenBy } from './go-command';

before(ready);

function goCommands(text: string) {
  const found: ReturnType<typeof goCommandOf>[] = [];
  walkShell({ file: '/w/s.sh', lines: new LineIndex(text), source: MappedText.of(text, 0), env: new Map(), watch: GO_WATCH }, (c) => found.push(goCommandOf('/w/s.sh', c)));
  return found;
}

describe('go commands from the walker\'s simple commands', () => {
  it('finds the subcommand after go\'s own flags (-C dir) and reads valued, boolean and -flag=value flags', () => {
    const [c] = goCommands('go -C ./cmd/app build -o bin/app -trimpath -ldflags="-s -w" -tags netgo .\n');
    assert.equal(c?.tool, 'go');
    assert.equal(c?.subcommand, 'build');
    assert.deepEqual([...c!.flags].map(([k, w]) => [k, w.value]), [['o', 'bin/app'], ['trimpath', 'true'], ['ldflags', '-s -w'], ['tags', 'netgo']]);
    assert.deepEqual(c?.args.map((a) => a.value).slice(-1), ['.']);
  });

  it('skips go\'s -C in every form go accepts: -C dir, --C dir, -C=dir', () => {
    const commands = goCommands('go --C ./cmd/app build -o bin/app .\ngo -C=./cmd/app build -o bin/app .\n');
    assert.deepEqual(commands.map((c) => [c?.subcommand, c?.flags.get('o')?.value]), [['build', 'bin/app'], ['build', 'bin/app']]);
  });

  it('reads a dashed package path as a package, not as a flag', () => {
    const [c] = goCommands('go build -o bin/api ./cmd/no-race\n');
    assert.deepEqual([...c!.flags.keys()], ['o']);
  });

  it('keeps a valued flag written last with nothing after it, as go would reject it', () => {
    const [c] = goCommands('go test ./... -run\n');
    assert.equal(c?.flags.get('run')?.text, '-run');
  });

  it('reads a bare goreleaser run', () => {
    const [c] = goCommands('goreleaser\n');
    assert.equal(c?.tool, 'goreleaser');
  });

  it('knows the wrappers: xx-go and gox build, goreleaser names its subcommand', () => {
    const [xx, gox, rel, other] = goCommands('xx-go build -o /out/app .\ngox -osarch linux/arm64\ngoreleaser release --clean\napk add gcc\n');
    assert.deepEqual([xx?.tool, xx?.subcommand, xx?.flags.get('o')?.value], ['xx-go', 'build', '/out/app']);
    assert.deepEqual([gox?.tool, gox?.subcommand], ['gox', 'build']);
    assert.deepEqual([rel?.tool, rel?.subcommand], ['goreleaser', 'release']);
    assert.equal(other, undefined);
  });

  it('stops reading flags at the first package of go build, as go does (a later -race is an import path), but not for go test', () => {
    const [build, test, unknown] = goCommands('go build -o app . -race\ngo test ./... -race -v\ngo build $BUILD_ARGS -race .\n');
    assert.deepEqual([...build!.flags.keys()], ['o']);
    assert.deepEqual([...test!.flags.keys()], ['race', 'v']);
    assert.deepEqual([...unknown!.flags.keys()], ['race'], 'an unknown word may be flags: reading goes on');
  });

  it('stops reading flags at the package of go run: the rest are the program\'s', () => {
    const [c] = goCommands('go run ./cmd/gen -o out.txt\n');
    assert.equal(c?.flags.has('o'), false);
  });

  it('keeps a -flag="$X" with X unknown unknown, rather than reading its text as the value', () => {
    const [build] = goCommands('go build -ldflags="$LDFLAGS -s" -tags "$TAGS" .\n');
    assert.deepEqual([build!.flags.get('ldflags')?.value, build!.flags.get('ldflags')?.text, build!.flags.get('tags')?.value], [undefined, '-ldflags="$LDFLAGS -s"', undefined]);
  });

  it('does not count GOOS=${GOOS:-$(go env GOOS)} as a setting go missed: it is go\'s own default', () => {
    const texts = ['GOOS=${GOOS:-$(go env GOOS)}\nGOARCH=arm64\ngo build .\n'];
    const seen: string[][] = [];
    for (const text of texts) {
      walkShell({ file: '/w/s.sh', lines: new LineIndex(text), source: MappedText.of(text, 0), env: new Map(), watch: GO_WATCH }, (c) => {
        // (The `go env` the substitution runs is a go command too.)
        if (c.words[1]?.value === 'build') seen.push(unseenBy(c).map((a) => a.name));
      });
    }
    assert.deepEqual(seen, [['GOARCH']]);
  });
});

describe('the variables the model watches', () => {
  // Every variable `go env` lists that a build script may set, and the C-toolchain names go reads.
  const GO_READS = [
    'GOOS', 'GOARCH', 'GOARM', 'GOAMD64', 'GOARM64', 'GORISCV64', 'GO386', 'GOMIPS', 'GOMIPS64', 'GOPPC64', 'GOWASM',
    'GOEXPERIMENT', 'GOFLAGS', 'GOTOOLCHAIN', 'GOROOT', 'GOPATH', 'GOBIN', 'GOENV', 'GOCACHE', 'GOMODCACHE', 'GOWORK',
    'GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE', 'GOSUMDB', 'GODEBUG', 'GOFIPS140', 'GOAUTH',
    'GOTELEMETRY', 'GOCOVERDIR', 'GOTMPDIR', 'GCCGO', 'AR', 'PKG_CONFIG', 'CGO_ENABLED', 'CGO_CFLAGS', 'CGO_LDFLAGS_ALLOW',
    'CGO_CXXFLAGS_DISALLOW', 'CC', 'CXX', 'CC_FOR_linux_arm64', 'CXX_FOR_TARGET', 'CROSS_COMPILE',
  ];

  it('records an export of every variable go reads, and passes it to go', () => {
    const text = `#!/bin/sh\n${GO_READS.map((n) => `export ${n}=x`).join('\n')}\ngo build -o bin/app .\n`;
    const m = buildModel({ path: '/w/build.sh', kind: 'shell', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
    assert.deepEqual(m.assignments.map((a) => a.name), GO_READS);
    assert.deepEqual([...m.commands[0].env.keys()].sort(), [...GO_READS].sort());
  });

  it('does not take a project\'s own GO-looking variables for go\'s', () => {
    const m = buildModel({ path: '/w/build.sh', kind: 'shell', text: '#!/bin/sh\nexport GO_VERSION=1.22 GOOSE=1 MY_GOOS=linux CC_=x\ngo build .\n' }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
    assert.deepEqual(m.assignments.map((a) => a.name), []);
  });

  it('makes every variable rules judge a build by unknown behind an environment it cannot read, and only those', () => {
    const judged = [
      'GOOS', 'GOARCH', 'GOARM', 'GOAMD64', 'GOARM64', 'GORISCV64', 'GO386', 'GOMIPS', 'GOMIPS64', 'GOPPC64', 'GOWASM',
      'GOEXPERIMENT', 'GOFLAGS', 'GOTOOLCHAIN', 'CGO_ENABLED', 'CGO_CFLAGS', 'CGO_LDFLAGS', 'CC', 'CXX',
    ];
    const text = `#!/bin/bash\n${[...judged, 'GOPROXY'].map((n) => `export ${n}=x`).join('\n')}\nenv "\${BUILD_ENV[@]}" go build -o bin/app .\n`;
    const m = buildModel({ path: '/w/build.sh', kind: 'shell', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
    const env = m.commands[0].env;
    assert.deepEqual(judged.filter((n) => env.get(n)?.value !== undefined), []);
    assert.equal(env.get('GOPROXY')?.value, 'x', 'a proxy setting is no part of the target');
  });
});
