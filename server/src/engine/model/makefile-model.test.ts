import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, check, only, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import { LineIndex } from '../text';
import type { TextEdit } from '../types';

before(ready);

function make(text: string) {
  return buildModel({ path: '/w/Makefile', kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
}

function makeLogged(text: string, logs: string[]) {
  return buildModel({ path: '/w/Makefile', kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS), log: (l) => logs.push(l) }).model;
}

describe('Makefile model', () => {
  it('expands make variables in recipes and passes only exported ones to go', () => {
    const m = make(['GOOS ?= linux', 'export GOARCH := arm64', 'BIN = bin/app-$(GOOS)-$(GOARCH)', '', 'build:', '\tCGO_ENABLED=0 go build -o $(BIN) ./cmd/app', ''].join('\n'));
    const [cmd] = m.commands;
    assert.equal(cmd.flags.get('o')?.value, 'bin/app-linux-arm64');
    assert.equal(cmd.env.get('GOARCH')?.value, 'arm64');
    assert.equal(cmd.env.has('GOOS'), false, 'GOOS is a make variable, not in the environment');
    assert.equal(cmd.env.get('CGO_ENABLED')?.value, '0');
  });

  it('runs each recipe line in its own shell, unless .ONESHELL', () => {
    const text = 'build:\n\texport GOOS=linux\n\tgo build .\n';
    assert.equal(make(text).commands[0].env.has('GOOS'), false);
    assert.equal(make(`.ONESHELL:\n${text}`).commands[0].env.get('GOOS')?.value, 'linux');
  });

  it('keeps continuation lines, $$ for the shell, and a recursion guard', () => {
    const m = make(['A = $(B)', 'B = $(A)', 'GOARCH = $(A)', 'export GOARCH', 'build:', '\tfor t in a b; do \\', '\t  GOOS=$$t go build . ; \\', '\tdone', ''].join('\n'));
    assert.equal(m.assignments.find((a) => a.name === 'GOARCH')?.value, undefined);
    assert.deepEqual(m.commands.map((c) => c.env.get('GOOS')?.value), ['a', 'b'], 'the continued loop is one shell, walked per value');
  });

  it('iterates a PLATFORMS list in a recipe loop', () => {
    const m = make(['PLATFORMS := linux/amd64 linux/arm64', 'release:', '\tfor p in $(PLATFORMS); do \\', '\t  GOOS=$${p%/*} GOARCH=$${p#*/} go build -o dist/$${p%/*}-$${p#*/} . ; \\', '\tdone', ''].join('\n'));
    assert.deepEqual(m.commands.map((c) => c.flags.get('o')?.value), ['dist/linux-amd64', 'dist/linux-arm64']);
  });

  it('evaluates the common functions on static values', () => {
    const m = make(['PLATFORM := linux/arm64', 'export GOOS := $(word 1,$(subst /, ,$(PLATFORM)))', 'export GOARCH := $(notdir $(PLATFORM))', 'x:', '\tgo build .', ''].join('\n'));
    assert.deepEqual([m.commands[0].env.get('GOOS')?.value, m.commands[0].env.get('GOARCH')?.value], ['linux', 'arm64']);
  });

  it('keeps target-specific variables out of other recipes (telegraf-like)', () => {
    const m = make(
      [
        'windows_i386.zip: export GOOS := windows',
        'windows_i386.zip: export GOARCH := 386',
        '',
        'windows_i386.zip:',
        '\tgo build -o telegraf.exe ./cmd/telegraf',
        '',
        'test:',
        '\tgo test ./...',
        '',
      ].join('\n'),
    );
    const [zip, test] = m.commands;
    assert.equal(zip.env.get('GOOS')?.value, 'windows');
    assert.equal(zip.env.get('GOARCH')?.value, '386');
    assert.equal(test.env.has('GOOS'), false, 'the test recipe does not see windows_i386.zip\'s GOOS');
    assert.equal(test.env.has('GOARCH'), false);
    // Still sites for the value rules, but not in the Makefile's global variables.
    assert.deepEqual(m.assignments.filter((a) => a.kind === 'make').map((a) => [a.name, a.value]), [['GOOS', 'windows'], ['GOARCH', '386']]);
    const global = m.contexts.find((c) => c.where === "the Makefile's variables");
    assert.equal(global, undefined);
    const scoped = m.contexts.find((c) => c.where === 'variables of target windows_i386.zip');
    assert.deepEqual([scoped?.env.get('GOOS')?.value, scoped?.env.get('GOARCH')?.value], ['windows', '386']);
  });

  it('exports a target-specific variable only for its target, following global export (nebula-like)', () => {
    const text = [
      'GOFLAGS ?= -trimpath',
      'export CGO_ENABLED := 0',
      'bin-pkcs11: CGO_ENABLED = 1',
      'bin-pkcs11: BUILD_ARGS += -tags pkcs11',
      '',
      'bin:',
      '\tgo build $(BUILD_ARGS) -o ./nebula ./cmd/nebula',
      '',
      'bin-pkcs11:',
      '\tgo build $(BUILD_ARGS) -o ./nebula ./cmd/nebula',
      '',
    ].join('\n');
    const m = make(text);
    const [bin, pkcs11] = m.commands;
    assert.equal(bin.env.get('CGO_ENABLED')?.value, '0', 'bin keeps the global value');
    assert.equal(pkcs11.env.get('CGO_ENABLED')?.value, '1', 'exported globally, so the target value is exported too');
    assert.equal(m.contexts.find((c) => c.where === "the Makefile's variables")?.env.get('CGO_ENABLED')?.value, '0');
    assert.equal(m.contexts.find((c) => c.where === 'variables of target bin-pkcs11')?.env.get('CGO_ENABLED')?.value, '1');
    // Not exported anywhere: a make variable of that recipe only.
    const plain = make(['bin-pkcs11: CGO_ENABLED = 1', 'bin-pkcs11:', '\tgo build -o nebula .', 'other:', '\tgo build .', ''].join('\n'));
    assert.deepEqual(plain.commands.map((c) => c.env.has('CGO_ENABLED')), [false, false]);
    const all = make(['.EXPORT_ALL_VARIABLES:', 'bin-pkcs11: CGO_ENABLED = 1', 'bin-pkcs11:', '\tgo build -o nebula .', 'other:', '\tgo build .', ''].join('\n'));
    assert.deepEqual(all.commands.map((c) => c.env.get('CGO_ENABLED')?.value), ['1', undefined]);
  });

  it('reads a target-specific ?= and += over the global value', () => {
    const text = [
      'GOOS = darwin',
      'export GOFLAGS = -mod=vendor',
      'release: GOOS ?= linux',
      'release: GOARCH ?= arm64',
      'release: GOFLAGS += -trimpath',
      'release:',
      '\tGOOS=$(GOOS) GOARCH=$(GOARCH) go build -o bin/app .',
      'other:',
      '\tGOOS=$(GOOS) GOARCH=$(GOARCH) go build -o bin/other .',
      '',
    ].join('\n');
    const env = (c: { env: Map<string, { value?: string }> }) => ['GOOS', 'GOARCH', 'GOFLAGS'].map((n) => c.env.get(n)?.value);
    // GNU make 4.3: release sees darwin, arm64 and '-mod=vendor -trimpath'; other sees darwin and '-mod=vendor', and
    // a GOARCH the Makefile never sets for it (unknown here: the environment may set it).
    assert.deepEqual(make(text).commands.map(env), [['darwin', 'arm64', '-mod=vendor -trimpath'], ['darwin', undefined, '-mod=vendor']]);
  });

  it('checks target-specific pairs in the target\'s own context', () => {
    const m = make(['GOARCH := amd64', 'mac: GOOS := darwin', 'mac: GOARCH := 386', 'mac:', '\tGOOS=$(GOOS) GOARCH=$(GOARCH) go build .', ''].join('\n'));
    const scoped = m.contexts.find((c) => c.where === 'variables of target mac');
    assert.deepEqual([scoped?.env.get('GOOS')?.value, scoped?.env.get('GOARCH')?.value], ['darwin', '386']);
    assert.equal(m.contexts.find((c) => c.where === "the Makefile's variables")?.env.get('GOARCH')?.value, 'amd64');
    assert.equal(m.contexts.find((c) => c.where === "the Makefile's variables")?.env.has('GOOS'), false);
    assert.deepEqual([m.commands[0].env.get('GOOS')?.value, m.commands[0].env.get('GOARCH')?.value], ['darwin', '386'], 'the recipe expands the target\'s values');
    const text = ['mac: export GOOS := darwin', 'mac: export GOARCH := 386', 'mac:', '\t@echo no go here', ''].join('\n');
    assert.equal(only(check(text, 'makefile'), 'XB103').length, 1, 'XB103 still sees the pair');
  });
});

describe('Makefile values the shell re-reads', () => {
  it('reads an unexported value as the shell will (loki-like GOFLAGS=""), an exported one as go will', () => {
    const text = ['ifeq ($(UNAME_S),Linux)', 'GOFLAGS=-tags=linux', 'else', 'GOFLAGS=""', 'endif', 'lint:', '\tGOFLAGS=$(GOFLAGS) faillint ./...', ''].join('\n');
    assert.deepEqual(make(text).assignments.filter((a) => a.kind === 'make').map((a) => a.value), ['-tags=linux', '']);
    assert.deepEqual(only(check(text, 'makefile'), 'XB213'), []);
    const exported = `export GOFLAGS\n${text}`;
    assert.equal(only(check(exported, 'makefile'), 'XB213').length, 1, 'exported, go reads the two quotes');
  });
});

describe('Makefile values the shell re-reads, by quote', () => {
  it('keeps a $ inside single quotes, and leaves a double-quoted value the shell expands unknown', () => {
    const value = (line: string) => make(`${line}\nlint:\n\tGOFLAGS=$(GOFLAGS) go vet ./...\n`).assignments.find((a) => a.name === 'GOFLAGS')?.value;
    assert.equal(value("GOFLAGS = '-tags=$$TAGS'"), '-tags=$TAGS');
    assert.equal(value('GOFLAGS = "-tags=$$TAGS"'), undefined, 'the shell expands $TAGS');
    assert.equal(value('GOFLAGS = "-tags=`cat tags`"'), undefined);
    assert.equal(value('GOFLAGS = "-tags=netgo" -mod=mod'), undefined, 'a quoted word and more: the shell splits it, unknown');
  });
});

describe('Makefile functions on static values', () => {
  // GNU make 4.3 prints the same values (git describe aside); `if`, `or` and `and` expand only the arguments they reach.
  it('evaluates text functions as make does, and leaves the others unknown', () => {
    const exprs: [string, string | undefined][] = [
      ['$(strip  bin/  app )', 'bin/ app'],
      ['$(patsubst %/arm64,bin/%-arm64,linux/arm64 linux/amd64)', 'bin/linux-arm64 linux/amd64'],
      ['$(patsubst linux,bin/linux,linux darwin)', 'bin/linux darwin'],
      ['$(patsubst cmd/%,bin,cmd/api)', 'bin'],
      ['$(patsubst %.go,%,x)', 'x'],
      ['$(patsubst go%go,bin,go gogo gotogo)', 'go bin bin'],
      ['$(word 2,$(PLATFORMS))', 'linux/arm64'],
      ['bin/$(word 9,$(PLATFORMS))', 'bin/'],
      ['$(firstword $(PLATFORMS))', 'linux/amd64'],
      ['bin/$(firstword $(EMPTY))', 'bin/'],
      ['$(lastword $(PLATFORMS))', 'darwin/arm64'],
      ['bin/$(lastword $(EMPTY))', 'bin/'],
      ['$(notdir cmd/api cmd/worker)', 'api worker'],
      ['$(if $(PLATFORMS),dist,bin)', 'dist'],
      ['$(if $(EMPTY),dist,bin)', 'bin'],
      ['bin/$(if $(EMPTY),dist)', 'bin/'],
      ['$(if $(VERSION),dist,bin)', undefined],
      ['$(or $(EMPTY),bin,dist)', 'bin'],
      ['bin/$(or $(EMPTY), )', 'bin/'],
      ['$(and $(PLATFORMS),bin)', 'bin'],
      ['bin/$(and $(EMPTY),dist)', 'bin/'],
      ['bin/$(or $(EMPTY), dist)', 'bin/dist'],
      ['$(or bin,$(VERSION))', 'bin'],
      ['$(or $(VERSION),bin)', undefined],
      ['$(and $(PLATFORMS), bin )', 'bin'],
      ['bin/$(and $(EMPTY),$(VERSION))', 'bin/'],
      ['$(and $(VERSION),bin)', undefined],
      ['$(if $(SPACE),dist,bin)', 'dist'],
      ['$(if $(EMPTY) ,dist,bin)', 'bin'],
      ['bin/$(if $(EMPTY),dist,$(VERSION))', undefined],
      ['$(if $(EMPTY),dist,bin,extra)', 'bin,extra'],
      ['$(subst /,-,linux/amd64,linux/arm64)', 'linux-amd64,linux-arm64'],
      ['$(subst  /,-,linux/arm64)', 'linux-arm64'],
      ['$(firstword linux/amd64,linux/arm64 darwin/arm64)', 'linux/amd64,linux/arm64'],
      ['$(subst -,/,$(VERSION))', undefined],
      ['$(wildcard cmd/*)', undefined],
      ['$(shell git describe)', undefined],
    ];
    // Quoted, so the shell keeps each value one word (unquoted, `bin/ app` would be two).
    const text = ['PLATFORMS := linux/amd64 linux/arm64 darwin/arm64', 'EMPTY :=', 'SPACE := $(EMPTY) $(EMPTY)', 'VERSION = $(shell git describe)', 'build:', ...exprs.map(([e]) => `\tgo build -o "${e}" .`), ''].join('\n');
    assert.deepEqual(make(text).commands.map((c, i) => [exprs[i][0], c.flags.get('o')?.value]), exprs);
  });
});

describe('Makefile reading', () => {
  function edited(text: string, e: TextEdit): string {
    const lines = new LineIndex(text);
    return text.slice(0, lines.offsetAt(e.range.start)) + e.newText + text.slice(lines.offsetAt(e.range.end));
  }

  it('says which conditional branch a variable is set in', () => {
    const text = [
      'ifeq ($(OS),Windows_NT)',
      'GOOS = windows',
      'else ifeq ($(shell uname -s),Darwin)',
      'GOOS = darwin',
      'else',
      'GOOS = linux',
      'ifdef CROSS',
      'ifneq ($(CROSS_TARGET_ARCHITECTURE_FROM_THE_CI_ENVIRONMENT),)',
      'GOARCH = $(CROSS_TARGET_ARCHITECTURE_FROM_THE_CI_ENVIRONMENT)',
      'endif',
      'endif',
      'endif',
      'GOFLAGS = -trimpath',
      '',
    ].join('\n');
    const m = make(text);
    const condition = (name: string) => m.assignments.filter((a) => a.name === name).map((a) => m.rangeNotes.get(a.nameRange, a.file)?.condition);
    assert.deepEqual(condition('GOOS'), [
      'when `ifeq ($(OS),Windows_NT)` holds',
      'when `ifeq ($(shell uname -s),Darwin)` holds after `ifeq ($(OS),Windows_NT)` did not',
      'in the else branch of `ifeq ($(OS),Windows_NT)`',
    ]);
    assert.deepEqual(condition('GOARCH'), ['when `ifneq ($(CROSS_TARGET_ARCHITECTURE_FROM_THE_CI_ENVIRONMEN...` holds, inside 2 other conditionals']);
    assert.deepEqual(condition('GOFLAGS'), [undefined]);
  });

  it('folds continued variable lines and drops comments; a line ending in an escaped backslash does not continue', () => {
    const text = ['GOFLAGS := -trimpath\\', '\t-mod=vendor', 'export GOARM = 7\\\\', 'GOAMD64 := v3 # x86-64-v3 servers', 'build: ; GOFLAGS="$(GOFLAGS)" go build .', ''];
    for (const eol of ['\n', '\r\n']) {
      const m = make(text.join(eol));
      assert.deepEqual(m.assignments.filter((a) => a.kind === 'make').map((a) => [a.name, a.value]), [['GOFLAGS', '-trimpath -mod=vendor'], ['GOARM', '7\\\\'], ['GOAMD64', 'v3']], JSON.stringify(eol));
      assert.equal(m.commands[0].env.get('GOFLAGS')?.value, '-trimpath -mod=vendor', 'the recipe after `;`');
    }
  });

  it('reads \\# in a value as #, and a # after \\\\ as a comment, as make does', () => {
    const text = ['export GOFLAGS := -ldflags=-X=main.channel=\\#stable', 'export GOTMPDIR := C:\\tmp\\\\# on the Windows runner', 'build:', '\tgo build -o bin/app .', ''].join('\n');
    const m = make(text);
    // GNU make 4.3 runs the recipe with GOFLAGS=-ldflags=-X=main.channel=#stable and GOTMPDIR=C:\tmp\.
    assert.deepEqual(['GOFLAGS', 'GOTMPDIR'].map((n) => m.commands[0].env.get(n)?.value), ['-ldflags=-X=main.channel=#stable', 'C:\\tmp\\']);
    assert.equal(m.assignments[0].valueText, '-ldflags=-X=main.channel=\\#stable', 'the value still points at what is written');
  });

  it('folds a continuation and the blanks around it into one space, as make does outside recipes', () => {
    const text = [
      'GOFLAGS := -trimpath \\',
      '           -mod=vendor',
      'LDFLAGS := -s -w \\',
      '\t\\',
      '\t-X main.version=1.4.0',
      'export GOFLAGS',
      'build:',
      '\tgo build -ldflags "$(LDFLAGS)" -o bin/app .',
      '',
    ].join('\n');
    const m = make(text);
    const [goflags] = m.assignments;
    // GNU make 4.3 prints both values with one blank where each line was continued.
    assert.equal(goflags.value, '-trimpath -mod=vendor');
    assert.equal(goflags.valueText, '-trimpath \\\n           -mod=vendor', 'the value still points at what is written');
    assert.equal(m.commands[0].env.get('GOFLAGS')?.value, '-trimpath -mod=vendor');
    assert.equal(m.commands[0].flags.get('ldflags')?.value, '-s -w -X main.version=1.4.0');
  });

  it('reads the flags of a variable make pastes into the go command, quotes and all (`LDFLAGS := -ldflags "…"`)', () => {
    const text = [
      'VERSION := 1.4.0',
      'LDFLAGS := -ldflags "-s -w -X main.version=$(VERSION)"',
      'TAGS := -tags \'netgo osusergo\'',
      '',
      'build:',
      '\tCGO_ENABLED=0 go build $(LDFLAGS) $(TAGS) -o bin/app ./cmd/app',
      '',
    ].join('\n');
    const [cmd] = make(text).commands;
    assert.equal(cmd.flags.get('ldflags')?.value, '-s -w -X main.version=1.4.0');
    assert.equal(cmd.flags.get('tags')?.value, 'netgo osusergo');
    assert.equal(cmd.flags.get('o')?.value, 'bin/app');
  });

  it('applies ?=, += and != as make does', () => {
    const text = [
      'GOOS ?= linux',
      'GOOS ?= windows',
      'GOARCH =',
      'GOARCH ?= arm64',
      'TAGS := netgo',
      'TAGS += osusergo',
      'FLAGS = -tags',
      'FLAGS += $(TAGS)',
      'GOAMD64 != echo v3',
      'build:',
      '\tGOOS=$(GOOS) GOARCH=$(GOARCH) GOAMD64=$(GOAMD64) go build $(FLAGS) .',
      '',
    ].join('\n');
    const [cmd] = make(text).commands;
    // `GOARCH =` defines GOARCH (empty): `?=` leaves it so (GNU make 4.3 prints an empty GOARCH).
    assert.deepEqual(['GOOS', 'GOARCH', 'GOAMD64'].map((n) => cmd.env.get(n)?.value), ['linux', '', undefined]);
    // make pastes `-tags netgo osusergo` and the shell splits it: go takes osusergo for a package, as it would.
    assert.deepEqual(cmd.args.map((a) => a.value), ['-tags', 'netgo', 'osusergo', '.']);
    // A simple variable added to, or adding, what make cannot know here is unknown.
    const unknown = ['export GOFLAGS := $(shell cat .goflags)', 'GOFLAGS += -trimpath', 'export CGO_CFLAGS := -O2', 'CGO_CFLAGS += $(shell pkg-config --cflags sqlite3)', 'build:', '\tgo build .', ''].join('\n');
    assert.deepEqual(['GOFLAGS', 'CGO_CFLAGS'].map((n) => make(unknown).commands[0].env.get(n)?.value), [undefined, undefined]);
  });

  it('exports the variables export names, not those unexport names, and all after a bare export', () => {
    const text = [
      'GOOS = linux',
      'GOARCH = arm64',
      'CGO_ENABLED = 0',
      'export GOOS GOARCH',
      'unexport GOARCH',
      'export GOFLAGS',
      'vpath %.go src',
      'define GOFLAGS',
      '-trimpath',
      'endef',
      'build:',
      '\tgo build -o bin/app .',
      '',
    ].join('\n');
    const env = (t: string) => ['GOOS', 'GOARCH', 'CGO_ENABLED', 'GOFLAGS'].map((n) => make(t).commands[0].env.get(n)?.value);
    assert.deepEqual(env(text), ['linux', undefined, undefined, '-trimpath']);
    // make keeps an unexported name out of a bare export too.
    assert.deepEqual(env(`export\n${text}`), ['linux', undefined, '0', '-trimpath']);
    assert.deepEqual(env(`export\nunexport\n${text}`), ['linux', undefined, undefined, '-trimpath']);
  });

  it('keeps an unexported variable out of the recipes whatever exports everything, before or after it', () => {
    const text = ['GOOS ?= linux', 'GOFLAGS = -mod=vendor', 'unexport GOFLAGS', 'build:', '\tgo build -o bin/app .', ''].join('\n');
    const env = (t: string) => ['GOOS', 'GOFLAGS'].map((n) => make(t).commands[0].env.get(n)?.value);
    // GNU make 4.3: `unexport` wins over a bare export and over .EXPORT_ALL_VARIABLES, wherever they are.
    assert.deepEqual(env(`export\n${text}`), ['linux', undefined]);
    assert.deepEqual(env(`${text}export\n`), ['linux', undefined]);
    assert.deepEqual(env(`.EXPORT_ALL_VARIABLES:\n${text}`), ['linux', undefined]);
    assert.deepEqual(env(`${text}export GOFLAGS\n`), [undefined, '-mod=vendor'], 'a later export NAME exports it again');
  });

  it('exports a define written with export, with its lines as the value', () => {
    const text = ['export define GOFLAGS', '-trimpath', '-mod=readonly', 'endef', 'build:', '\tgo build -o bin/app .', ''].join('\n');
    assert.equal(make(text).commands[0].env.get('GOFLAGS')?.value, '-trimpath\n-mod=readonly', 'GNU make 4.3 exports it, newline and all');
    assert.equal(make(text.replace('export define', 'define')).commands[0].env.has('GOFLAGS'), false);
  });

  it('fixes the value of ::= and :::= where they are written, as := does', () => {
    for (const op of [':=', '::=', ':::=']) {
      const text = ['OS = linux', `GOOS ${op} $(OS)`, 'OS = darwin', 'export GOOS', 'build: ; go build -o bin/app .', ''].join('\n');
      assert.equal(make(text).commands[0].env.get('GOOS')?.value, 'linux', op);
    }
    assert.equal(make('OS = linux\nGOOS = $(OS)\nOS = darwin\nexport GOOS\nbuild: ; go build .\n').commands[0].env.get('GOOS')?.value, 'darwin', '= expands when the recipe runs');
  });

  it('skips the recipe prefixes @, - and + before the command the shell runs', () => {
    const m = make(['build:', '\t@-GOOS=linux go build -o bin/linux .', '\t+ -@CGO_ENABLED=0 go build -o bin/static .', ''].join('\n'));
    assert.deepEqual(m.commands.map((c) => [c.env.get('GOOS')?.value, c.env.get('CGO_ENABLED')?.value, c.range.start.character]), [['linux', undefined, 3], [undefined, '0', 5]]);
  });

  it('points a target-specific value\'s finding at the value after the target', () => {
    const text = 'release-arm64: GOARCH := aarch64\nrelease-arm64:\n\tGOOS=linux GOARCH=$(GOARCH) go build -o bin/app .\n';
    const found = only(check(text, 'makefile'), 'XB102');
    assert.ok(found.length >= 1);
    assert.deepEqual(found.map((f) => [f.range.start.line, f.range.start.character, f.range.end.character]).slice(0, 1), [[0, 25, 32]]);
  });

  it('reads a tab-indented assignment outside any rule as an assignment, as make does', () => {
    const text = ['ifeq ($(OS),Windows_NT)', '\texport GOOS = windows', 'else', '\texport GOOS = linux', 'endif', 'build:', '\tgo build -o bin/app .', ''].join('\n');
    const m = make(text);
    assert.deepEqual(m.assignments.map((a) => [a.name, a.value]), [['GOOS', 'windows'], ['GOOS', 'linux']]);
    assert.equal(m.commands[0].env.get('GOOS')?.value, 'linux');
  });

  it('reads undefine, -include inside a value, $(info …) lines, an export with no value and a recipe after ; as make does', () => {
    const text = [
      'export GOFLAGS = -mod=vendor',
      'undefine GOFLAGS',
      'export CGO_CFLAGS := -include compat.h',
      'export CGO_CPPFLAGS=-include compat.h',
      'export GOEXPERIMENT',
      '$(info building for $(GOOS))',
      'build:;go build -o bin/app .',
      '',
    ].join('\n');
    const [cmd] = make(text).commands;
    // GNU make 4.3: GOFLAGS unset, both CGO flags '-include compat.h', GOEXPERIMENT exported empty.
    assert.deepEqual(['GOFLAGS', 'CGO_CFLAGS', 'CGO_CPPFLAGS', 'GOEXPERIMENT'].map((n) => cmd.env.get(n)?.value), [undefined, '-include compat.h', '-include compat.h', '']);
    assert.deepEqual([cmd.range.start, cmd.range.end], [{ line: 6, character: 7 }, { line: 6, character: 28 }]);
  });

  it('takes a target whose name starts with export for a rule, not a bare export', () => {
    const m = make(['GOOS = linux', 'export-images:', '\tdocker buildx bake images', 'build:', '\tgo build -o bin/app .', ''].join('\n'));
    assert.equal(m.commands[0].env.has('GOOS'), false, 'GNU make 4.3 leaves GOOS unexported');
  });

  it('reads on after an else or endif with no conditional open (a fragment meant for another file)', () => {
    const m = make(['else', 'endif', 'export GOOS := linux', 'build:', '\tgo build .', ''].join('\n'));
    assert.equal(m.commands[0].env.get('GOOS')?.value, 'linux');
  });

  it('shares one site among the targets of a target-specific line, and keeps its quotes when one target exports it', () => {
    const text = [
      'linux-amd64 linux-arm64: GOOS := linux',
      "release: export GOFLAGS = '-trimpath'",
      'lint: GOFLAGS = "-mod=mod"',
      'linux-arm64:',
      '\tGOOS=$(GOOS) go build -o bin/$@ .',
      '',
    ].join('\n');
    const m = make(text);
    const sites = m.assignments.filter((a) => a.kind === 'make');
    assert.deepEqual(sites.map((a) => [a.name, a.makeTargets, a.value]), [
      ['GOOS', ['linux-amd64', 'linux-arm64'], 'linux'],
      ['GOFLAGS', ['release'], "'-trimpath'"],
      ['GOFLAGS', ['lint'], '-mod=mod'],
    ]);
    assert.deepEqual(m.commands.map((c) => [c.flags.get('o')?.value, c.env.get('GOOS')?.value, c.args.at(-1)?.value]), [['bin/linux-arm64', 'linux', '.']], 'the second target of the line has the value too');
  });

  it('expands ${NAME} references like $(NAME), and passes $$ to the shell', () => {
    const text = ['TARGET_OS := linux', 'APP = api', 'build:', '\tGOOS=${TARGET_OS} go build -o bin/$(APP)-${TARGET_OS}-$$GOARCH .', ''].join('\n');
    const [cmd] = make(text).commands;
    assert.deepEqual([cmd.env.get('GOOS')?.value, cmd.flags.get('o')?.value], ['linux', undefined]);
    assert.equal(make(text.replace('-$$GOARCH', '')).commands[0].flags.get('o')?.value, 'bin/api-linux');
  });

  it('expands a variable whose name is built from another (GOARCH_$(PLATFORM)), in both bracket styles', () => {
    const text = ['PLATFORM := pi', 'GOARCH_pi := arm', 'GOARM_pi := 6', 'build:', '\tGOOS=linux GOARCH=$(GOARCH_$(PLATFORM)) GOARM=${GOARM_${PLATFORM}} go build -o bin/app-$(PLATFORM) .', ''].join('\n');
    const [cmd] = make(text).commands;
    // GNU make 4.3 runs it with GOARCH=arm GOARM=6.
    assert.deepEqual([cmd.env.get('GOARCH')?.value, cmd.env.get('GOARM')?.value, cmd.flags.get('o')?.value], ['arm', '6', 'bin/app-pi']);
  });

  it('pastes nothing for a $(call) argument the call does not pass', () => {
    const text = ['BUILD_CMD = GOOS=$(1) go build -o $(2)$(3) ./cmd/app', 'build:', '\t$(call BUILD_CMD,linux,bin/app)', ''].join('\n');
    const [cmd] = make(text).commands;
    assert.deepEqual([cmd.env.get('GOOS')?.value, cmd.flags.get('o')?.value], ['linux', 'bin/app']);
  });

  it('lists the images and bake runs a recipe starts, by recipe and line', () => {
    const text = [
      'REGISTRY ?= ghcr.io/acme',
      'image:',
      '\tdocker buildx build --platform linux/amd64,linux/arm64 -t $(REGISTRY)/api:latest --push .',
      'bake:',
      '\tdocker buildx bake -f docker-bake.hcl release',
      '',
    ].join('\n');
    const m = make(text);
    assert.equal(m.kind, 'makefile');
    if (m.kind !== 'makefile') return;
    assert.deepEqual(m.images.map((i) => [i.by, i.platforms?.map((p) => p.value), i.range.start.line]), [['recipe of image (line 3)', ['linux/amd64', 'linux/arm64'], 2]]);
    assert.deepEqual(m.bakes?.map((b) => [b.by, b.files, b.targets, b.cwd]), [['recipe of bake (line 5)', ['docker-bake.hcl'], ['release'], '.']]);
  });

  it('says which build variable a value comes from (CC from CROSS_COMPILE)', () => {
    const m = make(['CROSS_COMPILE ?= aarch64-linux-gnu-', 'CC := $(CROSS_COMPILE)gcc', 'export CC', ''].join('\n'));
    const cc = m.assignments.find((a) => a.name === 'CC');
    assert.deepEqual([cc?.value, cc?.fromSite?.name, cc?.fromSite?.range.start.line], ['aarch64-linux-gnu-gcc', 'CROSS_COMPILE', 0]);
  });

  it('notes an export of an earlier recipe line as lost to the go command of a later line', () => {
    const m = make(['build:', '\texport GOOS=linux', '\tGOARCH=arm64 go build .', ''].join('\n'));
    assert.deepEqual(m.lost.map((l) => [l.site.name, l.why, l.command.range.start.line]), [['GOOS', 'earlier-recipe-line', 2]]);
    assert.deepEqual(make(['build:', '\texport GOOS=linux', '\tGOOS=windows go build .', ''].join('\n')).lost, [], 'the later line sets its own');
  });

  it('adds a sibling after an assignment line and removes the whole line', () => {
    const text = 'export \tGOOS   := linux\r\nGOARCH = amd64\r\nbuild:\r\n\tgo build .\r\n';
    const m = make(text);
    const [goos, goarch] = m.assignments;
    assert.equal(edited(text, goos.addSibling!('CGO_ENABLED', '0')), 'export \tGOOS   := linux\r\nexport CGO_ENABLED := 0\r\nGOARCH = amd64\r\nbuild:\r\n\tgo build .\r\n');
    assert.equal(edited(text, goarch.remove!()), 'export \tGOOS   := linux\r\nbuild:\r\n\tgo build .\r\n');
    const lf = text.replace(/\r/g, '');
    assert.equal(edited(lf, make(lf).assignments[1].remove!()), 'export \tGOOS   := linux\nbuild:\n\tgo build .\n');
    const spaced = 'GOARCH = amd64\n\nbuild:\n\tgo build .\n';
    assert.equal(edited(spaced, make(spaced).assignments[0].remove!()), '\nbuild:\n\tgo build .\n', 'the blank line after it stays');
  });
});

describe('Makefile recipes, line by line', () => {
  it('notes the assignment of an earlier recipe line as lost, but not a prefix that ran its own command there', () => {
    const m = make(['build:', '\tGOARCH=arm64', '\tCGO_ENABLED=0 ./scripts/check-cgo.sh', '\tgo build -o bin/app .', ''].join('\n'));
    assert.deepEqual(m.lost.map((l) => [l.site.name, l.why, l.command.range.start.line]), [['GOARCH', 'earlier-recipe-line', 3]]);
  });

  it('puts the condition on the go commands of the recipe lines under it only', () => {
    const text = ['build:', 'ifdef CROSS', '\tGOOS=linux GOARCH=arm64 go build -o bin/app-arm64 .', 'endif', '\tgo build -o bin/app .', ''].join('\n');
    for (const t of [text, `.ONESHELL:\n${text}`]) {
      const m = make(t);
      assert.deepEqual(m.commands.map((c) => m.rangeNotes.get(c.range, '/w/Makefile')), [{ condition: 'when `ifdef CROSS` holds' }, undefined], 'in one shell too');
    }
  });

  it('gives a target a context of its own only when it sets a build variable', () => {
    const m = make(['export GOOS := linux', 'release: VERSION := 1.4.0', 'arm: GOARCH := arm64', 'release arm:', '\tgo build -o bin/app .', ''].join('\n'));
    assert.deepEqual(m.contexts.filter((c) => !c.command).map((c) => [c.where, [...c.env.keys()]]), [["the Makefile's variables", ['GOOS']], ['variables of target arm', ['GOOS', 'GOARCH']]]);
  });
});

describe('Makefile recursive variables, expanded once until what they read changes', () => {
  it('gives the value of the line where it is read, and the final one in recipes, when a variable it reads is set again', () => {
    const m = make(['ARCH = amd64', 'SUFFIX = $(ARCH)', 'GOARCH = $(SUFFIX)', 'OUT = bin/app-$(SUFFIX)', 'ARCH = arm64', 'export GOARCH', 'build:', '\tgo build -o $(OUT) .', ''].join('\n'));
    assert.equal(m.assignments.find((a) => a.name === 'GOARCH')?.value, 'amd64', 'as written on its line');
    const [cmd] = m.commands;
    assert.equal(cmd.env.get('GOARCH')?.value, 'arm64', 'make expands it when the recipe runs');
    assert.equal(cmd.flags.get('o')?.value, 'bin/app-arm64');
  });

  it('knows a value that a later assignment makes refer to itself is none', () => {
    const logs: string[] = [];
    const m = makeLogged(['A = $(B)', 'B = base', 'GOARCH = $(A)', 'B = $(GOARCH)', 'export GOARCH', 'build:', '\tgo build .', ''].join('\n'), logs);
    assert.equal(m.assignments.find((a) => a.name === 'GOARCH')?.value, 'base', 'on its line the loop is not there yet');
    assert.equal(m.commands[0].env.get('GOARCH')?.value, undefined, 'GOARCH → A → B → GOARCH: make stops');
    assert.deepEqual(logs, [], 'a loop is seen where it closes, not by going deeper and deeper');
  });

  it('expands again a value whose variable reads a variable set again, through a value kept before', () => {
    // 120 variables read first: the names below are numbered past what one word of bits holds.
    const fillers = Array.from({ length: 120 }, (_, i) => `F${i} = x`);
    const all = `ALL = ${fillers.map((_, i) => `$(F${i})`).join(' ')}`;
    const m = make([...fillers, all, 'FILLERS = $(ALL)', 'C = one', 'B = $(C)', 'USE_B = $(B)', 'A = $(B)', 'GOARCH = $(A)', 'C = two', 'export GOARCH', 'build:', '\tgo build .', ''].join('\n'));
    assert.equal(m.assignments.find((a) => a.name === 'GOARCH')?.value, 'one');
    assert.equal(m.commands[0].env.get('GOARCH')?.value, 'two', 'A read C through B, whose value was kept when A was expanded');
  });

  it('expands again a value whose variable read a variable set again, through a value expanded for it', () => {
    // Z is written before Y, so nothing expands Y before GOOS's line expands Z.
    const m = make(['D = one', 'Z = $(Y)', 'Y = $(D)', 'GOOS = $(Z)', 'D = two', 'export GOOS', 'build:', '\tgo build .', ''].join('\n'));
    assert.equal(m.commands[0].env.get('GOOS')?.value, 'two', 'Z read D through Y, expanded while Z was');
  });

  it('expands again a value that read forty-one variables when the last of them is set again', () => {
    const many = Array.from({ length: 40 }, (_, i) => `A${i} = a`);
    const w = `W = ${many.map((_, i) => `$(A${i})`).join('')}-$(K)`;
    const m = make([...many, 'K = one', w, 'GOARCH = $(W)', 'K = two', 'export GOARCH', 'build:', '\tgo build .', ''].join('\n'));
    assert.equal(m.commands[0].env.get('GOARCH')?.value, `${'a'.repeat(40)}-two`);
  });

  it('does not take a kept value that read the variable being assigned, which would refer to itself', () => {
    const m = make(['GOARCH = amd64', 'X = $(GOARCH)', 'USE_X = $(X)', 'GOARCH = $(X)-v2', 'build:', '\tgo build .', ''].join('\n'));
    assert.deepEqual(m.assignments.filter((a) => a.name === 'GOARCH').map((a) => a.value), ['amd64', undefined]);
  });

  it('keeps no value cut short by the depth bound: asked from nearer its start, it is expanded', () => {
    // GOOS → P0…P99 → Q0…Q199 → arm64 is 301 deep; GOARCH → Q0… is 201.
    const p = Array.from({ length: 100 }, (_, i) => `P${i} = $(${i < 99 ? `P${i + 1}` : 'Q0'})`);
    const q = Array.from({ length: 200 }, (_, i) => `Q${i} = ${i < 199 ? `$(Q${i + 1})` : 'arm64'}`);
    const logs: string[] = [];
    const m = makeLogged(['export GOOS = $(P0)', 'export GOARCH = $(Q0)', ...p, ...q, 'build:', '\tgo build .', ''].join('\n'), logs);
    assert.equal(m.commands[0].env.get('GOOS')?.value, undefined);
    assert.equal(m.commands[0].env.get('GOARCH')?.value, 'arm64');
    assert.equal(logs.length, 1);
  });

  it('reads an undefined variable again once it is defined', () => {
    const m = make(['PREFIX = $(ROOT)/bin', 'GOBIN_DIR := $(PREFIX)', 'ROOT = /opt', 'build:', '\tgo build -o $(PREFIX)/app .', ''].join('\n'));
    assert.equal(m.commands[0].flags.get('o')?.value, '/opt/bin/app');
  });

  it('expands a chain of 3,000 variables, each built on the one before, in linear time', () => {
    const chain = ['V0 = linux'];
    for (let i = 1; i < 3000; i++) chain.push(`V${i} = $(V${i - 1})`);
    const started = performance.now();
    const m = make([...chain, 'export GOOS = $(V2999)', 'build:', '\tgo build .', ''].join('\n'));
    const ms = performance.now() - started;
    assert.equal(m.commands[0].env.get('GOOS')?.value, 'linux');
    // Expanded from its start at every link, it overflowed the stack after ~1 s here; kept, ~0.1 s.
    assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
  });

  it('takes a value nested more than 256 variables deep as unknown, and says so', () => {
    // Written last link first: nothing is expanded before the recipe asks for all 3,000 at once.
    const chain = ['export GOOS = $(V2999)'];
    for (let i = 2999; i > 0; i--) chain.push(`V${i} = $(V${i - 1})`);
    const logs: string[] = [];
    const m = makeLogged([...chain, 'V0 = linux', 'GOARCH = $(V100)', 'export GOARCH', 'build:', '\tgo build .', ''].join('\n'), logs);
    assert.equal(m.commands[0].env.get('GOOS')?.value, undefined);
    assert.equal(m.commands[0].env.get('GOARCH')?.value, 'linux', 'a shallower chain of the same variables is still expanded');
    assert.deepEqual(logs, ['xbd: /w/Makefile: not followed: make variables nested more than 256 deep; what they could set is taken as unknown']);
  });
});
