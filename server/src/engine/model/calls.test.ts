import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { HOST_FACTS, ready, repoReader } from '../testing';
import type { DocumentKind } from '../types';

before(ready);

/** The calls a file's model makes (what follow/ reads next): kind, the names tried in order, where it runs, the goals. */
function callsOf(text: string, kind: DocumentKind = 'shell', path = kind === 'makefile' ? '/r/Makefile' : '/r/build.sh') {
  const logs: string[] = [];
  const analysis = analyze({ path, kind, text }, { facts: HOST_FACTS, readInclude: repoReader({ [path]: text }), log: (m) => logs.push(m) });
  assert.deepEqual(logs, []);
  return (analysis.model?.calls ?? []).map((c) => ({ kind: c.kind, names: c.names, cwd: c.cwd, targets: c.targets }));
}

const MAKEFILES = (dir: string) => ['GNUmakefile', 'makefile', 'Makefile'].map((n) => (dir ? `${dir}/${n}` : n));

describe('calls a script makes', () => {
  it('a plain make in a script runs the Makefile of its directory: followed, with the findings there', () => {
    const files = {
      '/r/build.sh': '#!/bin/sh\nset -e\nGOARCH=arm64 make agent\n',
      '/r/Makefile': 'agent:\n\tCGO_ENABLED=1 go build ./cmd/agent\n',
    };
    const analysis = analyze({ path: '/r/build.sh', kind: 'shell', text: files['/r/build.sh'] }, { facts: HOST_FACTS, readInclude: repoReader(files) });
    assert.deepEqual(analysis.model?.included, ['/r/Makefile']);
    assert.deepEqual((analysis.reached ?? []).flatMap((r) => r.findings.map((f) => f.code)), ['XB202']);
  });

  it('make -C and -f name the Makefile; cd moves where make and scripts are looked for', () => {
    assert.deepEqual(callsOf('#!/bin/sh\nmake -C ./tools/agent dist\n'), [{ kind: 'makefile', names: MAKEFILES('tools/agent'), cwd: '', targets: ['dist'] }]);
    assert.deepEqual(callsOf('#!/bin/sh\nmake -f build/Makefile.cross release\n'), [{ kind: 'makefile', names: ['build/Makefile.cross'], cwd: '', targets: ['release'] }]);
    assert.deepEqual(callsOf('#!/bin/sh\ncd deploy\nmake -C ../tools image\n'), [{ kind: 'makefile', names: MAKEFILES('tools'), cwd: 'deploy', targets: ['image'] }]);
    assert.deepEqual(callsOf('#!/bin/sh\ncd ./cmd/agent && ../../scripts/cross.sh\n'), [{ kind: 'shell', names: ['scripts/cross.sh'], cwd: 'cmd/agent', targets: [] }]);
    assert.deepEqual(callsOf('#!/bin/sh\ncd .. && ./build.sh\n'), [{ kind: 'shell', names: ['../build.sh'], cwd: '..', targets: [] }]);
  });

  it('an absolute Makefile or script is named as written, not under the script\'s directory', () => {
    assert.deepEqual(callsOf('#!/bin/sh\ncd cmd\nmake -f /src/Makefile agent\n')[0].names, ['/src/Makefile']);
    assert.deepEqual(callsOf('#!/bin/sh\ncd tools\nbash /opt/ci/cross.sh\n')[0].names, ['/opt/ci/cross.sh']);
    assert.deepEqual(callsOf('#!/bin/sh\ncd /go/src/app && ./scripts/cross.sh\n')[0].names, ['/go/src/app/scripts/cross.sh']);
    assert.deepEqual(callsOf('#!/bin/sh\nmake -C /go/src/app/tools dist\n')[0].names, MAKEFILES('/go/src/app/tools'));
  });

  it('a script run by path or through a shell is a call; a program from PATH or an absolute one is not', () => {
    for (const line of ['./scripts/cross-compile.sh', 'bash scripts/cross-compile.sh', 'dash scripts/cross-compile.sh', 'ash scripts/cross-compile.sh', 'zsh -e scripts/cross-compile.sh linux'])
      assert.deepEqual(callsOf(`#!/bin/sh\n${line}\n`).map((c) => c.names), [['scripts/cross-compile.sh']], line);
    for (const line of [
      'release.sh',
      '/usr/local/go/src/make.bash',
      'bash "$1"',
      'chmod +x scripts/cross-compile.sh',
      'curl -sSfL https://raw.githubusercontent.com/golangci/golangci-lint/master/install.sh | sh -s -- -b /usr/local/bin v1.59.1',
    ])
      assert.deepEqual(callsOf(`#!/bin/sh\n${line}\n`), [], line);
  });

  it('a shell\'s -c string is commands, not a script file', () => {
    // bash's is walked as commands (the script it runs is the call); zsh's is not walked, and names no file.
    assert.deepEqual(callsOf("#!/bin/sh\nbash -euc 'cd tools && ./build.sh'\n").map((c) => c.names), [['tools/build.sh']]);
    assert.deepEqual(callsOf("#!/bin/sh\nzsh -euc 'cd tools && ./build.sh'\n"), []);
  });

  it('a make or script after a cd to an unknown directory is not followed', () => {
    assert.deepEqual(callsOf('#!/bin/sh\ncd "$(dirname "$0")/.."\nmake agent\n./scripts/cross.sh\ngoreleaser release --clean\n'), []);
  });
});

describe('calls a Makefile makes', () => {
  it('its own $(MAKE) is the model\'s; one with -C or -f runs another Makefile', () => {
    const makefile = 'release:\n\t$(MAKE) agent GOARCH=arm64\n\t$(MAKE) -C tools/agent dist\n\t$(MAKE) -f Makefile.cross dist\n\nagent:\n\tgo build ./cmd/agent\n';
    assert.deepEqual(callsOf(makefile, 'makefile'), [
      { kind: 'makefile', names: MAKEFILES('tools/agent'), cwd: '', targets: ['dist'] },
      { kind: 'makefile', names: ['Makefile.cross'], cwd: '', targets: ['dist'] },
    ]);
  });
});

describe('GoReleaser runs', () => {
  it('reads --config/-f, else the default names in GoReleaser\'s order', () => {
    const names = (line: string) => callsOf(`#!/bin/sh\n${line}\n`).map((c) => c.names);
    assert.deepEqual(names('goreleaser release --clean'), [['.goreleaser.yml', '.goreleaser.yaml', 'goreleaser.yml', 'goreleaser.yaml']]);
    assert.deepEqual(names('goreleaser release --clean --config=.goreleaser.prod.yaml'), [['.goreleaser.prod.yaml']]);
    assert.deepEqual(names('goreleaser build --snapshot -f build/goreleaser.yaml'), [['build/goreleaser.yaml']]);
    assert.deepEqual(names('cd dist && goreleaser release -f /etc/goreleaser.yaml'), [['/etc/goreleaser.yaml']]);
  });

  it('a config named by a value it cannot read is not followed', () => {
    assert.deepEqual(callsOf('#!/bin/sh\ngoreleaser release --clean --config "$CONFIG"\n'), []);
  });
});
