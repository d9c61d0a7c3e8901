import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import type { FilePlan } from '../plan/build-plan';
import { HOST_FACTS, MULTI_PLATFORM_PLAN, planBuilding, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import type { DockerfileModel, IncludeReader } from './types';

before(ready);

const MAKEFILE = ['VERSION ?= dev', '', 'build: generate', '\tgo build -ldflags "-X main.version=$(VERSION)" -o bin/resolver ./cmd/resolver', '', 'generate:', '\tgo generate ./...', ''].join('\n');

/** The build context: files next to the Dockerfile (/w), as an adapter's include reader would return them. */
function context(files: Record<string, string>): { read: IncludeReader; asked: string[] } {
  const asked: string[] = [];
  const read: IncludeReader = (word, from) => {
    asked.push(word);
    assert.equal(from, '/w/Dockerfile');
    return files[word] === undefined ? [] : [{ path: `/w/${word}`, text: files[word] }];
  };
  return { read, asked };
}

function model(text: string, read?: IncludeReader): DockerfileModel {
  const m = buildModel({ path: '/w/Dockerfile', kind: 'dockerfile', text }, { goVersion: defaultGoVersion(HOST_FACTS), readInclude: read }).model;
  assert.equal(m.kind, 'dockerfile');
  return m as DockerfileModel;
}

describe('RUN make TARGET follows the Makefile the stage copied in', () => {
  const dockerfile = ['FROM golang:1.22-alpine AS build', 'RUN apk add --no-cache make', 'ENV CGO_ENABLED=0', 'WORKDIR /src', 'COPY . .', 'RUN GOARCH=arm64 make build', '', 'FROM scratch', 'COPY --from=build /src/bin/resolver /resolver'].join('\n');

  it('runs the target\'s go commands in the stage, with its ENV and the RUN\'s prefixes, on the make line', () => {
    const { read } = context({ Makefile: MAKEFILE });
    const m = model(dockerfile, read);
    // make runs the prerequisite `generate` too (its recipe comes later in the file).
    assert.deepEqual(m.commands.map((c) => c.subcommand), ['build', 'generate']);
    const [go] = m.commands;
    assert.equal(go.range.start.line, 5, 'placed on RUN make build');
    assert.equal(go.env.get('CGO_ENABLED')?.value, '0');
    assert.equal(go.env.get('GOARCH')?.value, 'arm64');
    assert.equal(m.artefacts[0].path, '/src/bin/resolver');
    assert.deepEqual(m.deliveries.map((d) => d.stageIndex), [1]);
    assert.deepEqual(m.included, ['/w/Makefile']);
    assert.deepEqual(go.via, { makefile: '/w/Makefile' }, 'the command says which Makefile ran it');
  });

  it('follows -C into a subdirectory of the context, and reads nothing when the context was not copied there', () => {
    const sub = context({ 'server/Makefile': MAKEFILE });
    const m = model(dockerfile.replace('make build', 'make -C server build').replace('/src/bin/resolver', '/src/server/bin/resolver'), sub.read);
    assert.equal(m.artefacts[0]?.path, '/src/server/bin/resolver');
    const none = context({ Makefile: MAKEFILE });
    assert.deepEqual(model(dockerfile.replace('COPY . .', 'COPY go.mod go.sum ./'), none.read).commands, []);
    assert.deepEqual(none.asked, [], 'no Makefile of the context is where make runs');
    assert.deepEqual(model(dockerfile).commands, [], 'no include reader: nothing read');
  });

  it('follows gmake too, in a stage built FROM the one that copied the context in', () => {
    const { read } = context({ Makefile: MAKEFILE });
    const text = dockerfile.replace('RUN GOARCH=arm64 make build', 'FROM build AS release\nRUN GOARCH=arm64 gmake build');
    const m = model(text, read);
    assert.deepEqual(m.commands.map((c) => c.subcommand), ['build', 'generate']);
    assert.deepEqual(m.contexts.filter((c) => c.command).map((c) => [c.where, c.stageIndex]), [['stage release, make in Makefile', 1], ['stage release, make in Makefile', 1]]);
  });

  it('passes the stage\'s variables that the Makefile names in export, and none it names in unexport', () => {
    // GNU make 4.3: `export GOARCH` keeps the value the caller gives; `unexport CGO_ENABLED` keeps even ENV's value from the recipe.
    const { read } = context({ Makefile: ['export GOARCH', 'unexport CGO_ENABLED', '', 'build:', '\tgo build -o bin/resolver ./cmd/resolver', ''].join('\n') });
    const [go] = model(dockerfile, read).commands;
    assert.equal(go.env.get('GOARCH')?.value, 'arm64', 'RUN GOARCH=arm64 make build');
    assert.equal(go.env.has('CGO_ENABLED'), false, 'ENV CGO_ENABLED=0 is unexported');
  });

  it('runs the first target that is not a special one, with its prerequisites, order-only ones and those before an inline recipe', () => {
    const makefile = [
      'GO_IMAGE ?= golang:1.22',
      'ifeq ($(GO_IMAGE),golang:1.22)',
      'export GOTOOLCHAIN = local',
      'else ifeq ($(GO_IMAGE),golang:1.21)',
      'export GOTOOLCHAIN = go1.22.0',
      'endif',
      'vpath %.go cmd:internal',
      '.PHONY: build generate tools lint',
      'build: generate | tools ; go build -o bin/resolver ./cmd/resolver',
      'generate:',
      '\tgo generate ./...',
      'tools:',
      '\tgo install golang.org/x/tools/cmd/stringer@latest',
      'lint:',
      '\tgo vet ./...',
      '',
    ].join('\n');
    const { read } = context({ Makefile: makefile });
    // GNU make 4.3 runs generate, tools, then build; lint is no prerequisite.
    assert.deepEqual(model(dockerfile.replace('make build', 'make'), read).commands.map((c) => c.subcommand).sort(), ['build', 'generate', 'install']);
  });

  it('runs the recipe of a prerequisite written as a reference, $(BIN), the way its rule writes it', () => {
    const makefile = ['BIN := bin/resolver', 'build: $(BIN)', '$(BIN): go.mod', '\tgo build -o $(BIN) ./cmd/resolver', ''].join('\n');
    const { read } = context({ Makefile: makefile });
    // GNU make 4.3 builds bin/resolver for `make build`.
    assert.deepEqual(model(dockerfile, read).commands.map((c) => c.flags.get('o')?.value), ['bin/resolver']);
  });

  it('runs a recipe shared by several targets for the one named, with $@ that target', () => {
    const makefile = ['linux-amd64: GOARCH = amd64', 'linux-arm64: GOARCH = arm64', 'linux-amd64 linux-arm64:', '\tGOOS=linux GOARCH=$(GOARCH) go build -o bin/$@ ./cmd/resolver', ''].join('\n');
    const { read } = context({ Makefile: makefile });
    const built = (run: string) => model(dockerfile.replace('RUN GOARCH=arm64 make build', run), read).commands.map((c) => [c.env.get('GOARCH')?.value, c.flags.get('o')?.value]);
    // GNU make 4.3: `make linux-arm64` runs it once with $@ = linux-arm64; naming both runs it twice.
    assert.deepEqual(built('RUN make linux-arm64'), [['arm64', 'bin/linux-arm64']]);
    assert.deepEqual(built('RUN make linux-amd64 linux-arm64'), [['amd64', 'bin/linux-amd64'], ['arm64', 'bin/linux-arm64']]);
  });

  it('runs the first target when make is called without one', () => {
    const { read } = context({ Makefile: MAKEFILE });
    assert.deepEqual(model(dockerfile.replace('make build', 'make'), read).commands.map((c) => c.subcommand), ['build', 'generate']);
    assert.deepEqual(model(dockerfile.replace('make build', 'make generate'), read).commands.map((c) => c.subcommand), ['generate']);
  });

  it('counts for XB301 as the build plan says: a warning for a multi-platform build, nothing for a single-platform one', () => {
    const plain = ['FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN make build', '', 'FROM gcr.io/distroless/static', 'COPY --from=build /src/bin/resolver /resolver'].join('\n');
    const xb301 = (text: string, plan?: FilePlan) =>
      analyze({ path: '/w/Dockerfile', kind: 'dockerfile', text }, { facts: HOST_FACTS, readInclude: context({ Makefile: MAKEFILE }).read, ...(plan ? { plan } : {}) }).findings
        .filter((f) => f.code === 'XB301')
        .map((f) => f.severity);
    assert.deepEqual(xb301(plain, planBuilding(undefined)), [], "a single-platform project's RUN make build");
    assert.deepEqual(xb301(plain, planBuilding(['linux/amd64'])), []);
    assert.deepEqual(xb301(plain, MULTI_PLATFORM_PLAN), ['warning']);
    assert.deepEqual(xb301(plain), ['information'], 'no plan: no evidence either way');
    assert.deepEqual(xb301(plain.replace('RUN make build', 'ARG TARGETARCH\nRUN GOARCH=$TARGETARCH make build')), ['warning'], 'the Dockerfile itself uses $TARGETARCH');
  });
});

describe('RUN make: where make runs, and which Makefile it reads there', () => {
  const stage = (...lines: string[]) => ['FROM golang:1.22-bookworm AS build', ...lines, '', 'FROM gcr.io/distroless/static-debian12', 'COPY --from=build /out/relay /relay'].join('\n');
  const RELAY = ['build:', '\tgo build -o /out/relay ./cmd/relay', ''].join('\n');
  const read = (text: string, files: Record<string, string>) => {
    const ctx = context(files);
    const m = model(text, ctx.read);
    return { included: m.included ?? [], asked: ctx.asked, commands: m.commands };
  };

  it('follows a cd before make into that directory of the context', () => {
    const text = stage('WORKDIR /src', 'COPY . .', 'RUN cd services/relay && make build');
    assert.deepEqual(read(text, { 'services/relay/Makefile': RELAY }).included, ['/w/services/relay/Makefile']);
  });

  it('reads nothing where it cannot tell the directory make runs in: a WORKDIR from an unset ARG, a cd or -C into a command\'s output', () => {
    // The context sits at /, so any directory would do, were it taken for the image's root.
    const root = (...lines: string[]) => stage('WORKDIR /', 'COPY . .', ...lines);
    for (const text of [root('ARG APP_DIR', 'WORKDIR ${APP_DIR}', 'RUN make build'), root('RUN cd "$(go env GOPATH)/src/relay" && make build'), root('RUN make -C "$(go env GOPATH)/src/relay" build')]) {
      const { included, asked } = read(text, { Makefile: RELAY });
      assert.deepEqual([included, asked], [[], []], text);
    }
  });

  it('reads nothing when make runs beside the copied context, in a directory whose name only begins like it', () => {
    const { included, asked } = read(stage('WORKDIR /app', 'COPY . .', 'WORKDIR /app-build', 'RUN make build'), { Makefile: RELAY });
    assert.deepEqual([included, asked], [[], []]);
    assert.deepEqual(read(stage('WORKDIR /app', 'COPY . /src', 'RUN make build'), { Makefile: RELAY }).included, [], 'the context went to /src, make runs in /app');
  });

  it('finds make\'s directory in a context copied to the root of the image', () => {
    const text = stage('WORKDIR /', 'COPY . .', 'RUN make -C services/relay build');
    assert.deepEqual(read(text, { 'services/relay/Makefile': RELAY }).included, ['/w/services/relay/Makefile']);
    assert.deepEqual(read(stage('WORKDIR /', 'COPY . .', 'RUN make build'), { Makefile: RELAY }).included, ['/w/Makefile']);
  });

  it('reads make\'s directory from the deepest copy of the context that holds it, whichever was made first', () => {
    const files = { Makefile: RELAY, 'src/Makefile': RELAY.replace('relay', 'stale') };
    const rootFirst = stage('WORKDIR /', 'COPY . .', 'WORKDIR /src', 'COPY . .', 'RUN make build');
    const srcFirst = stage('WORKDIR /src', 'COPY . .', 'WORKDIR /', 'COPY . .', 'WORKDIR /src', 'RUN make build');
    assert.deepEqual(read(rootFirst, files).included, ['/w/Makefile']);
    assert.deepEqual(read(srcFirst, { Makefile: RELAY }).included, ['/w/Makefile']);
  });

  it('reads the Makefile GNU make picks: GNUmakefile, then makefile, then Makefile', () => {
    const text = stage('WORKDIR /src', 'COPY . .', 'RUN make build');
    const gnu = RELAY.replace('/out/relay', '/out/relay-gnu');
    assert.deepEqual(read(text, { GNUmakefile: gnu, makefile: RELAY, Makefile: RELAY }).included, ['/w/GNUmakefile']);
    assert.deepEqual(read(text, { makefile: RELAY, Makefile: RELAY }).included, ['/w/makefile']);
    assert.deepEqual(read(text, { Makefile: RELAY }).included, ['/w/Makefile']);
  });

  it('reads the Makefile -f names, relative to make\'s directory or absolute inside the context, and none outside it', () => {
    const files = { 'build/release.mk': RELAY };
    const src = (run: string) => read(stage('WORKDIR /src', 'COPY . .', run), files);
    assert.deepEqual(src('RUN make -f build/release.mk build').included, ['/w/build/release.mk']);
    assert.deepEqual(src('RUN make -C build -f ../build/release.mk build').included, ['/w/build/release.mk']);
    assert.deepEqual(src('RUN make -f /src/build/release.mk build').included, ['/w/build/release.mk']);
    const outside = src('RUN make -f /usr/local/share/cross.mk build');
    assert.deepEqual([outside.included, outside.asked], [[], []], 'a Makefile of the image, not of the context');
    const beside = src('RUN make -f /src-gen/release.mk build');
    assert.deepEqual([beside.included, beside.asked], [[], []], 'a directory beside /src is no part of the context');
    assert.deepEqual(src('RUN make -f build/release.mk build').commands.map((c) => c.flags.get('o')?.value), ['/out/relay']);
  });

  it('analyses the Dockerfile without the Makefile when the adapter cannot read it', () => {
    const text = stage('WORKDIR /src', 'COPY . .', 'RUN make build', 'RUN GOARCH=arm64 go build -o /out/relay-arm64 ./cmd/relay');
    const m = model(text, () => {
      throw new Error('EACCES: permission denied, open /w/Makefile');
    });
    assert.deepEqual([m.included, m.commands.map((c) => c.env.get('GOARCH')?.value)], [undefined, ['arm64']]);
  });

  it('leaves the Makefile\'s own assignments to the Makefile: a finding there is the Makefile\'s', () => {
    const makefile = ['GOARCH ?= arm64', 'export GOARCH', '', 'build:', '\tCGO_ENABLED=0 go build -o /out/relay ./cmd/relay', ''].join('\n');
    const ctx = context({ Makefile: makefile });
    const m = model(stage('WORKDIR /src', 'COPY . .', 'RUN make build'), ctx.read);
    const [go] = m.commands;
    for (const name of ['GOARCH', 'CGO_ENABLED']) {
      const site = go.env.get(name)!.site!;
      assert.equal(site.file, '/w/Makefile');
      assert.deepEqual([site.nameRange, site.range, site.valueRange].map((r) => m.rangeNotes.get(r)?.file), ['/w/Makefile', '/w/Makefile', '/w/Makefile'], name);
    }
  });
});
