import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { scanSources } from '../../go/module';
import { analyze } from '../analyze';
import type { ModuleImport } from '../types';
import { fileIncluded, type BuildSituation } from './XB203-cgo-only-module';
import { CGO_MODULES, cgoOnlyModule } from '../knowledge/cgo-modules';
import { HOST_FACTS, only, ready, textAt, said } from '../testing';
import { LineIndex } from '../text';
import type { DocumentKind, Finding } from '../types';

before(ready);

const GO_MOD = [
  'module github.com/acme/inventory',
  '',
  'go 1.22',
  '',
  'require (',
  '\tgithub.com/go-chi/chi/v5 v5.0.12',
  '\tgithub.com/mattn/go-sqlite3 v1.14.22',
  ')',
  '',
].join('\n');

function checkIn(text: string, kind: DocumentKind, goMod = GO_MOD, extra: { imports?: (string | ModuleImport)[] } = {}): Finding[] {
  const path = ({ dockerfile: '/work/app/Dockerfile', makefile: '/work/app/Makefile', shell: '/work/app/build.sh', goenv: '/x/env', gomod: '/work/app/go.mod' } as Record<string, string>)[kind];
  return analyze({ path, kind, text }, { facts: HOST_FACTS, goMod: { path: '/work/app/go.mod', text: goMod, imports: extra.imports } }).findings;
}

describe('XB203 cgo-only module in a build with cgo off', () => {
  it('flags CGO_ENABLED=0 in a Dockerfile and points at the go.mod line', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/inventory ./cmd/inventory',
      '',
      'FROM gcr.io/distroless/static',
      'COPY --from=build /out/inventory /inventory',
      'ENTRYPOINT ["/inventory"]',
    ].join('\n');
    const [f] = only(checkIn(text, 'dockerfile'), 'XB203');
    assert.equal(f.severity, 'error');
    assert.equal(textAt(text, f), 'CGO_ENABLED=0 go build -o /out/inventory ./cmd/inventory');
    assert.match(said(f), /CGO_ENABLED=0/);
    assert.match(said(f), /requires cgo to work\. This is a stub/);
    assert.match(said(f), /modernc\.org\/sqlite/);
    assert.equal(f.related?.filter((r) => r.file.endsWith('go.mod')).length, 1);
    assert.equal(f.related![0].file, '/work/app/go.mod');
    const lines = new LineIndex(GO_MOD);
    assert.equal(GO_MOD.slice(lines.offsetAt(f.related![0].range.start), lines.offsetAt(f.related![0].range.end)), 'github.com/mattn/go-sqlite3 v1.14.22');
  });

  it('flags the cross legs of a $BUILDPLATFORM build and a cross build in a script, indirect requirements when imported', () => {
    const docker = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS TARGETARCH',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
      'FROM debian:bookworm-slim',
      'COPY --from=build /out/app /app',
    ].join('\n');
    const [leg] = only(checkIn(docker, 'dockerfile'), 'XB203');
    assert.match(said(leg), /every target platform other than the builder's own/);
    const indirect = 'module m\n\ngo 1.22\n\nrequire github.com/confluentinc/confluent-kafka-go/v2 v2.3.0 // indirect\n';
    const cross = '#!/bin/sh\nGOOS=linux GOARCH=arm64 go build -o dist/app-arm64 .\n';
    // Without a source scan an indirect requirement says nothing about the module's own code.
    assert.deepEqual(only(checkIn(cross, 'shell', indirect), 'XB203'), []);
    const kafka = [{ pkg: 'github.com/confluentinc/confluent-kafka-go/v2/kafka', file: 'queue/kafka.go' }];
    const [f] = only(checkIn(cross, 'shell', indirect, { imports: kafka }), 'XB203');
    assert.match(said(f), /cross-compiling for arm64/);
    assert.match(said(f), /indirect/);
    assert.match(said(f), /segmentio\/kafka-go/);
  });

  it('is silent when cgo stays on or is unknown, and without cgo-only modules', () => {
    const native = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n';
    assert.deepEqual(only(checkIn(native, 'dockerfile'), 'XB203'), []);
    assert.deepEqual(only(checkIn('#!/bin/sh\nCGO_ENABLED=1 GOARCH=arm64 CC=aarch64-linux-gnu-gcc go build .\n', 'shell'), 'XB203'), []);
    assert.deepEqual(only(checkIn('#!/bin/sh\nCGO_ENABLED=$CGO go build .\n', 'shell'), 'XB203'), []);
    assert.deepEqual(only(checkIn('#!/bin/sh\nCGO_ENABLED=0 go build .\n', 'shell', 'module m\n\nrequire modernc.org/sqlite v1.29.0\n'), 'XB203'), []);
  });

  it('names every cgo-only module once, and keeps the alternative and symptom for a single one', () => {
    const shop = 'module example.com/shop\n\ngo 1.22\n\nrequire (\n\tgithub.com/mattn/go-sqlite3 v1.14.22\n\tgithub.com/confluentinc/confluent-kafka-go/v2 v2.3.0\n)\n';
    const script = '#!/bin/sh\nCGO_ENABLED=0 go build -o dist/shop ./cmd/shop\n';
    const [both] = only(checkIn(script, 'shell', shop), 'XB203');
    assert.equal(both.message, 'github.com/mattn/go-sqlite3 and 1 more need cgo, but go build turns it off: turn cgo on or use a pure-Go package.');
    assert.deepEqual(both.related?.filter((r) => r.file === '/work/app/go.mod').map((r) => r.range.start.line + 1), [6, 7]);
    // Two modules: which alternative or symptom would be whose? Those stay in each go.mod note.
    assert.doesNotMatch(said(both), /Pure-Go alternative|Without cgo,/);
    const [one] = only(checkIn(script, 'shell', GO_MOD), 'XB203');
    assert.match(said(one), /Pure-Go alternative: modernc\.org\/sqlite, github\.com\/ncruces\/go-sqlite3 or github\.com\/glebarez\/go-sqlite \(pure Go\)\./);
    assert.match(said(one), /Without cgo, every sql\.Open\/query fails at run time/);
    const docker = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nWORKDIR /src\nCOPY . .\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/shop ./cmd/shop\n';
    assert.equal(
      only(checkIn(docker, 'dockerfile', shop), 'XB203')[0].message,
      'github.com/mattn/go-sqlite3 and 1 more need cgo, but go build turns it off for the cross-built platforms: turn cgo on or use a pure-Go package.',
    );
  });

  it('reports a build in a loop over architectures once', () => {
    const script = '#!/bin/sh\nfor arch in amd64 arm64; do\n  CGO_ENABLED=0 GOARCH=$arch go build -o dist/inventory-$arch ./cmd/inventory\ndone\n';
    assert.equal(only(checkIn(script, 'shell'), 'XB203').length, 1);
  });

  it('is silent when any of the pure-Go alternatives is required beside go-sqlite3', () => {
    const script = '#!/bin/sh\nCGO_ENABLED=0 go build -o dist/inventory ./cmd/inventory\n';
    for (const alt of ['modernc.org/sqlite v1.29.0', 'github.com/ncruces/go-sqlite3 v0.14.0']) {
      assert.deepEqual(only(checkIn(script, 'shell', GO_MOD.replace(')\n', `\t${alt}\n)\n`)), 'XB203'), [], alt);
    }
  });

  it('gopacket counts only when pcap is imported, and never for windows targets', () => {
    const mod = 'module m\n\nrequire github.com/google/gopacket v1.1.19\n';
    const script = '#!/bin/sh\nCGO_ENABLED=0 go build .\nGOOS=windows go build .\n';
    assert.deepEqual(only(checkIn(script, 'shell', mod), 'XB203'), []);
    const found = only(checkIn(script, 'shell', mod, { imports: ['github.com/google/gopacket/pcap'] }), 'XB203');
    assert.equal(found.length, 1);
    assert.match(said(found[0]), /pcapgo/);
  });

  it('every table entry cites the module source and names how it fails', () => {
    for (const m of CGO_MODULES) {
      assert.ok(m.citation.includes(': '), m.path);
      assert.ok(m.symptom.length > 20, m.path);
    }
    assert.equal(cgoOnlyModule('github.com/libgit2/git2go/v34')?.path, 'github.com/libgit2/git2go');
    assert.equal(cgoOnlyModule('github.com/mattn/go-sqlite3x'), undefined);
  });

  describe('only imports compiled in that build count (real source trees)', () => {
    let root: string;
    before(() => {
      root = mkdtempSync(join(tmpdir(), 'xb203-'));
    });
    after(() => rmSync(root, { recursive: true, force: true }));
    const tree = (name: string, files: Record<string, string>) => {
      const dir = join(root, name);
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      return scanSources(dir).imports;
    };
    const sqliteImporter = (constraint: string | undefined, pkg: string, imp = 'github.com/mattn/go-sqlite3') =>
      `${constraint ? `//go:build ${constraint}\n\n` : ''}package ${pkg}\n\nimport (\n\t"database/sql"\n\n\t_ "${imp}" // register the driver\n)\n\nvar _ = sql.Open\n`;
    const SQLITE_MOD = 'module example.com/app\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n';

    it('true positive: a main package importing go-sqlite3 with no constraint, built with CGO_ENABLED=0', () => {
      const imports = tree('tp', { 'main.go': sqliteImporter(undefined, 'main'), 'main_test.go': sqliteImporter(undefined, 'main') });
      assert.deepEqual(imports, [{ pkg: 'github.com/mattn/go-sqlite3', file: 'main.go' }]);
      const docker = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n';
      const [f] = only(checkIn(docker, 'dockerfile', SQLITE_MOD, { imports }), 'XB203');
      assert.match(said(f), /requires cgo to work/);
    });

    it('ntfy: every go-sqlite3 importer is `//go:build !noserver` and the build uses -tags noserver', () => {
      const imports = tree('ntfy', {
        'main.go': 'package main\n\nimport "example.com/ntfy/cmd"\n\nfunc main() { cmd.Run() }\n',
        'server/message_cache.go': sqliteImporter('!noserver', 'server'),
        'user/manager.go': sqliteImporter('!noserver', 'user'),
        'cmd/serve_unix.go': '//go:build linux && !noserver\n\npackage cmd\n',
      });
      assert.equal(imports.length, 2);
      assert.ok(imports.every((i) => i.constraint === '!noserver'));
      const make = 'cli-linux-arm64:\n\tCGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -tags noserver -o dist/ntfy .\n';
      assert.deepEqual(only(checkIn(make, 'makefile', SQLITE_MOD, { imports }), 'XB203'), []);
      // The same tree built without the tag does compile the importers.
      const server = '#!/bin/sh\nCGO_ENABLED=0 go build -o dist/ntfy .\n';
      assert.equal(only(checkIn(server, 'shell', SQLITE_MOD, { imports }), 'XB203').length, 1);
    });

    it('golang-migrate: the sqlite3 driver sits behind a tag the -tags list leaves out; unknown -tags stays silent', () => {
      const imports = tree('migrate', {
        'database/sqlite3/sqlite3.go': sqliteImporter(undefined, 'sqlite3'),
        'internal/cli/build_sqlite3.go': '//go:build sqlite3\n\npackage cli\n\nimport _ "example.com/migrate/database/sqlite3"\n',
        'cli/build_sqlite3.go': sqliteImporter('sqlite3', 'cli'),
      });
      // database/sqlite3 is a library package of the module: it is imported only by the tagged file.
      const known = '#!/bin/sh\nCGO_ENABLED=0 go build -tags "postgres mysql file github" -o migrate ./cmd/migrate\n';
      const withDriverOnly = imports.filter((i) => i.file.startsWith('cli/'));
      assert.deepEqual(only(checkIn(known, 'shell', SQLITE_MOD, { imports: withDriverOnly }), 'XB203'), []);
      const make = 'DATABASE ?= postgres mysql\nSOURCE ?= file github\nbuild:\n\tCGO_ENABLED=0 go build -a -o build/migrate -tags \'$(DATABASE) $(SOURCE)\' ./cmd/migrate\n';
      assert.deepEqual(only(checkIn(make, 'makefile', SQLITE_MOD, { imports: withDriverOnly }), 'XB203'), []);
      const unknown = '#!/bin/sh\nCGO_ENABLED=0 go build -tags "$TAGS" ./cmd/migrate\n';
      assert.deepEqual(only(checkIn(unknown, 'shell', SQLITE_MOD, { imports: withDriverOnly }), 'XB203'), []);
      const withSqlite = '#!/bin/sh\nCGO_ENABLED=0 go build -tags "postgres sqlite3" ./cmd/migrate\n';
      assert.equal(only(checkIn(withSqlite, 'shell', SQLITE_MOD, { imports: withDriverOnly }), 'XB203').length, 1);
    });

    it('pacoloco: the sources import GORM\'s sqlite dialector, go-sqlite3 is only `// indirect`', () => {
      const imports = tree('pacoloco', {
        'store.go': 'package main\n\nimport (\n\t"gorm.io/driver/sqlite"\n\t"gorm.io/gorm"\n)\n\nfunc openStore(p string) (*gorm.DB, error) { return gorm.Open(sqlite.Open(p), &gorm.Config{}) }\n',
      });
      assert.deepEqual(imports, [{ pkg: 'gorm.io/driver/sqlite', file: 'store.go' }]);
      const mod = 'module example.com/pkgcache\n\ngo 1.22\n\nrequire (\n\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n\tgorm.io/driver/sqlite v1.5.6\n\tgorm.io/gorm v1.25.10\n)\n';
      const docker = 'FROM golang:1.22 AS build\nWORKDIR /build\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /build/pkgcache\n';
      const [f] = only(checkIn(docker, 'dockerfile', mod, { imports }), 'XB203');
      assert.match(said(f), /gorm\.io\/driver\/sqlite v1\.5\.6 is required here; gorm\.io\/driver\/sqlite needs cgo/);
      assert.match(said(f), /requires cgo to work\. This is a stub/);
      assert.match(said(f), /github\.com\/glebarez\/sqlite/);
      assert.match(f.related![0].message, /imports github\.com\/mattn\/go-sqlite3/);
      // The pure-Go dialector required next to it: most likely a cgo/!cgo pair, as for go-sqlite3 itself.
      assert.deepEqual(only(checkIn(docker, 'dockerfile', mod.replace(')\n', '\tgithub.com/glebarez/sqlite v1.11.0\n)\n'), { imports }), 'XB203'), []);
    });

    it('golang-migrate v4 as a library: its database/sqlite3 driver wraps go-sqlite3, database/sqlite does not', () => {
      const migrator = (driver: string) => `package db\n\nimport (\n\t"github.com/golang-migrate/migrate/v4"\n\t_ "github.com/golang-migrate/migrate/v4/database/${driver}"\n)\n\nvar _ = migrate.New\n`;
      const mod = 'module example.com/app\n\ngo 1.22\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.1\n';
      const script = '#!/bin/sh\nCGO_ENABLED=0 go build -o app .\n';
      const cgo = tree('migrate-sqlite3', { 'db/migrate.go': migrator('sqlite3') });
      assert.deepEqual(cgo, [{ pkg: 'github.com/golang-migrate/migrate/v4/database/sqlite3', file: 'db/migrate.go' }]);
      const [f] = only(checkIn(script, 'shell', mod, { imports: cgo }), 'XB203');
      assert.match(said(f), /github\.com\/golang-migrate\/migrate\/v4 v4\.17\.1 is required here; github\.com\/golang-migrate\/migrate\/v4\/database\/sqlite3 needs cgo/);
      const pure = tree('migrate-sqlite', { 'db/migrate.go': migrator('sqlite') });
      assert.deepEqual(only(checkIn(script, 'shell', mod, { imports: pure }), 'XB203'), []);
      // Without a source scan a requirement of migrate/v4 alone says nothing about which driver is used.
      assert.deepEqual(only(checkIn(script, 'shell', mod), 'XB203'), []);
    });

    it('syncthing: mattn only in a `//go:build cgo` file, modernc in the `!cgo` twin', () => {
      const imports = tree('syncthing', {
        'lib/db/sqlite/sqlite_cgo.go': sqliteImporter('cgo', 'sqlite'),
        'lib/db/sqlite/sqlite_nocgo.go': sqliteImporter('!cgo', 'sqlite', 'modernc.org/sqlite'),
        'lib/osutil/sqlite_linux_arm64.go': sqliteImporter('cgo && linux', 'osutil'),
      });
      assert.equal(imports.length, 2);
      const mod = 'module github.com/syncthing/syncthing\n\ngo 1.23\n\nrequire (\n\tgithub.com/mattn/go-sqlite3 v1.14.24\n\tmodernc.org/sqlite v1.34.5\n)\n';
      const script = '#!/bin/sh\nCGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build ./cmd/syncthing\n';
      assert.deepEqual(only(checkIn(script, 'shell', mod, { imports }), 'XB203'), []);
      // Without the alternative in go.mod the constraint alone keeps it silent too.
      assert.deepEqual(only(checkIn(script, 'shell', SQLITE_MOD, { imports }), 'XB203'), []);
    });

    it('k9s: DataDog/zstd only `// indirect`, never imported', () => {
      const imports = tree('k9s', { 'main.go': 'package main\n\nimport "github.com/derailed/k9s/cmd"\n\nfunc main() { cmd.Execute() }\n' });
      assert.deepEqual(imports, []);
      const mod = 'module github.com/derailed/k9s\n\ngo 1.23\n\nrequire (\n\tgithub.com/DataDog/zstd v1.5.5 // indirect\n)\n';
      const make = 'build:\n\tCGO_ENABLED=0 go build -o execs/k9s main.go\n';
      assert.deepEqual(only(checkIn(make, 'makefile', mod, { imports }), 'XB203'), []);
      assert.deepEqual(only(checkIn(make, 'makefile', mod), 'XB203'), []);
    });

    it('file-name suffixes and GOOS/GOARCH terms: definite only when the target is known', () => {
      const imports = tree('suffix', {
        'db_linux.go': sqliteImporter(undefined, 'main'),
        'db_windows_amd64.go': sqliteImporter('!cgo || windows', 'main'),
      });
      assert.equal(imports.length, 2);
      const linux = '#!/bin/sh\nCGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build .\n';
      assert.equal(only(checkIn(linux, 'shell', SQLITE_MOD, { imports }), 'XB203').length, 1);
      const darwin = '#!/bin/sh\nCGO_ENABLED=0 GOOS=darwin GOARCH=arm64 go build .\n';
      assert.deepEqual(only(checkIn(darwin, 'shell', SQLITE_MOD, { imports }), 'XB203'), []);
      const windows = '#!/bin/sh\nGOOS=windows GOARCH=amd64 go build .\n';
      assert.equal(only(checkIn(windows, 'shell', SQLITE_MOD, { imports }), 'XB203').length, 1);
      const unknownOs = '#!/bin/sh\nCGO_ENABLED=0 GOOS=$OS go build .\n';
      assert.deepEqual(only(checkIn(unknownOs, 'shell', SQLITE_MOD, { imports: imports.filter((i) => i.file === 'db_linux.go') }), 'XB203'), []);
    });

    it('reads legacy `// +build` lines when there is no //go:build', () => {
      const imports = tree('legacy', { 'db.go': `// +build !noserver,linux\n\n${sqliteImporter(undefined, 'main')}` });
      assert.equal(imports[0].constraint, '((!noserver && linux))');
      rmSync(root, { recursive: true, force: true });
    });
  });

  it('decides as go/build does whether an importing file is compiled with cgo off (true, false, or unknown)', () => {
    const build = (goos?: string, goarch?: string, tags: string[] = []): BuildSituation => ({ tags: new Set(tags), goos, goarch });
    const linuxArm64 = build('linux', 'arm64');
    const cases: [file: string, constraint: string | undefined, situation: BuildSituation, compiled: boolean | undefined][] = [
      // File names: _GOOS, _GOARCH, _GOOS_GOARCH (an underscore alone means nothing).
      ['store/sqlite.go', undefined, linuxArm64, true],
      ['store/sql_lite.go', undefined, linuxArm64, true],
      ['store/db_linux.go', undefined, linuxArm64, true],
      ['store/db_darwin.go', undefined, linuxArm64, false],
      ['store/db_linux.go', undefined, build(), undefined],
      ['store/db_arm64.go', undefined, linuxArm64, true],
      ['store/db_amd64.go', undefined, linuxArm64, false],
      ['store/db_amd64.go', undefined, build('linux'), undefined],
      ['store/db_linux_arm64.go', undefined, linuxArm64, true],
      ['store/db_linux_amd64.go', undefined, linuxArm64, false],
      ['store/db_windows_arm64.go', undefined, linuxArm64, false],
      ['store/db_android.go', undefined, build('android', 'arm64'), true],
      // cgo is off, gccgo is not the compiler, gc is.
      ['db.go', 'cgo', linuxArm64, false],
      ['db.go', 'gccgo', linuxArm64, false],
      ['db.go', 'gc', linuxArm64, true],
      ['db.go', '!gc', linuxArm64, false],
      // unix, and the GOOS values that imply others.
      ['db.go', 'unix', linuxArm64, true],
      ['db.go', 'unix', build('windows', 'amd64'), false],
      ['db.go', 'unix', build(undefined, 'amd64'), undefined],
      ['db.go', 'linux', build('android', 'arm64'), true],
      ['db.go', 'solaris', build('illumos', 'amd64'), true],
      ['db.go', 'darwin', build('ios', 'arm64'), true],
      ['db.go', 'darwin', linuxArm64, false],
      ['db.go', 'windows', build(undefined, 'amd64'), undefined],
      ['db.go', 'amd64', build('linux'), undefined],
      // Tags: the -tags list, Go release tags (this engine assumes at least Go 1.21), experiments.
      ['db.go', 'sqlite3', build('linux', 'arm64', ['sqlite3']), true],
      ['db.go', 'sqlite3', linuxArm64, false],
      ['db.go', 'go1.18', linuxArm64, true],
      ['db.go', 'go1.21', linuxArm64, true],
      ['db.go', 'go1.22', linuxArm64, undefined],
      ['db.go', 'go1.9', linuxArm64, true],
      ['db.go', 'go1.18rc1', linuxArm64, false],
      ['db.go', 'xgo1.18', linuxArm64, false],
      ['db.go', 'goexperiment.rangefunc', linuxArm64, undefined],
      ['db.go', '!goexperiment.rangefunc', linuxArm64, undefined],
      // Operators with unknowns: || is true with one true side, && false with one false side.
      ['db.go', 'linux || go1.22', linuxArm64, true],
      ['db.go', 'go1.22 || linux', linuxArm64, true],
      ['db.go', 'cgo || gccgo', linuxArm64, false],
      ['db.go', 'cgo || go1.22', linuxArm64, undefined],
      ['db.go', 'go1.22 || cgo', linuxArm64, undefined],
      ['db.go', 'cgo && go1.22', linuxArm64, false],
      ['db.go', 'go1.22 && cgo', linuxArm64, false],
      ['db.go', 'gc && linux', linuxArm64, true],
      ['db.go', 'gc && go1.22', linuxArm64, undefined],
      ['db.go', 'go1.22 && gc', linuxArm64, undefined],
      ['db.go', '!go1.22', linuxArm64, undefined],
      ['db.go', '(linux || darwin) && !cgo', linuxArm64, true],
      ['db_windows.go', '!cgo', linuxArm64, false],
      // Unparsable: unknown, never a guess.
      ['db.go', '(linux', linuxArm64, undefined],
      ['db.go', 'linux)', linuxArm64, undefined],
      ['db.go', 'linux &&', linuxArm64, undefined],
      ['db.go', 'linux darwin', linuxArm64, undefined],
      ['db.go', 'linux && $OS', linuxArm64, undefined],
      ['db.go', 'linux && os-x', linuxArm64, undefined],
      ['db.go', 'linux || $', linuxArm64, undefined],
      ['db.go', 'cgo && !', linuxArm64, undefined],
    ];
    for (const goos of ['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd', 'openbsd', 'solaris']) cases.push(['db.go', 'unix', build(goos, 'amd64'), true]);
    for (const goos of ['windows', 'plan9', 'js', 'wasip1']) cases.push(['db.go', 'unix', build(goos, 'amd64'), false]);
    // Every GOOS a file name can carry, the ones only go/build knows included: not this Linux build.
    for (const goos of ['android', 'ios', 'hurd', 'nacl', 'zos', 'illumos', 'wasip1', 'js', 'windows']) cases.push([`store/db_${goos}.go`, undefined, build('linux', 'amd64'), false]);
    for (const [file, constraint, situation, compiled] of cases) {
      assert.equal(fileIncluded({ file, ...(constraint ? { constraint } : {}) }, situation), compiled, `${file} ${constraint ?? ''} for ${situation.goos}/${situation.goarch}`);
    }
  });
});
