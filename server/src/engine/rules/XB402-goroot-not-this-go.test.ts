import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { applyFix, check, fixAndRecheck, HOST_FACTS, only, ready, textAt, said } from '../testing';
import type { Facts, GoInstallation } from '../types';

before(ready);

const GOENV = '/root/.config/go/env'; // where testing.ts puts goenv documents
const ENV_FILE = 'GOPRIVATE=github.com/acme/*\nGOROOT=/usr/local/go\nGOPROXY=https://proxy.golang.org,direct\n';

function facts(goroot: GoInstallation['goroot'], extra: Partial<GoInstallation> = {}): Facts {
  return { ...HOST_FACTS, installation: { goenvFile: GOENV, release: 'go1.22.12', goroot, ...extra } };
}

const emptyDir = (from: 'goenv' | 'environment', value = '/usr/local/go') => facts({ value, from, hasRuntime: false, hasGoCommand: false, ownRoot: '/usr/lib/go-1.22', sameInstallation: false });
const otherRelease = (from: 'goenv' | 'environment') =>
  facts({ value: '/usr/local/go', from, hasRuntime: true, hasGoCommand: true, release: 'go1.24.4', ownRoot: '/usr/lib/go-1.22', sameInstallation: false });

describe('XB402 GOROOT is not the root of the go in use', () => {
  it('flags a GOROOT line of the go env file that names no Go installation, with both failures go prints', () => {
    const [f] = only(check(ENV_FILE, 'goenv', emptyDir('goenv')), 'XB402');
    assert.equal(f.severity, 'error');
    assert.equal(textAt(ENV_FILE, f), 'GOROOT=/usr/local/go');
    assert.match(said(f), /no src\/runtime and no bin\/go/);
    assert.match(said(f), /package fmt is not in std \(\/usr\/local\/go\/src\/fmt\)/);
    assert.match(said(f), /go: cannot find GOROOT directory: \/usr\/local\/go/);
    assert.match(said(f), /Go 1\.27 refuses it/);
    assert.equal(f.message, 'GOROOT=/usr/local/go is not a Go installation: remove this line, go finds its own root. Every build fails ("package fmt is not in std").');
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Remove GOROOT from the go env file (go finds its own root)', true]]);
  });

  it('flags another release\'s root with the compiler\'s own words for the mismatch', () => {
    const [f] = only(check(ENV_FILE, 'goenv', otherRelease('goenv')), 'XB402');
    assert.match(said(f), /\/usr\/local\/go \(go1\.24\.4\) belongs to another Go installation than the go in use \(go1\.22\.12, whose root is \/usr\/lib\/go-1\.22\)/);
    assert.match(said(f), /compile: version "go1\.24\.4" does not match go tool version "go1\.22\.12"/);
    assert.equal(f.message, 'GOROOT=/usr/local/go is another Go (go1.24.4): remove this line, go finds its own root.', 'the mismatch is in the related information');
    const [env] = only(check(ENV_FILE, 'goenv', otherRelease('environment')), 'XB402');
    assert.match(env.message, /^GOROOT=\/usr\/local\/go in go's environment is another Go \(go1\.24\.4\): unset it where it is exported\.$/);
    assert.match(said(env), /wins over this go env file\): \/usr\/local\/go \(go1\.24\.4\) belongs to another Go installation[^\n]*\. Unset it in the shell profile, CI settings or the editor's environment; go finds its own root\.$/);
  });

  it('a Go source tree that was never built (src/runtime, no bin/go) is another Go whose release is unknown: no mismatch claimed', () => {
    const sourceTree = facts({ value: '/home/dev/src/go', from: 'goenv', hasRuntime: true, hasGoCommand: false, sameInstallation: false }, { release: undefined });
    const text = 'GOROOT=/home/dev/src/go\n';
    const [f] = only(check(text, 'goenv', sourceTree), 'XB402');
    assert.equal(f.message, 'GOROOT=/home/dev/src/go is another Go: remove this line, go finds its own root. Builds fail when the two releases differ.');
    assert.match(said(f), /\/home\/dev\/src\/go belongs to another Go installation than the go in use: the go command compiles with that root's tools and standard library, and when the two releases differ, builds fail/);
    const withOwnRoot = facts({ value: '/home/dev/src/go', from: 'goenv', hasRuntime: true, hasGoCommand: false, sameInstallation: false, ownRoot: '/usr/local/go' });
    assert.match(said(only(check(text, 'goenv', withOwnRoot), 'XB402')[0]), /than the go in use \(go1\.22\.12, whose root is \/usr\/local\/go\):/);
    const unknownGo = facts({ value: '/usr/local/go', from: 'goenv', hasRuntime: true, hasGoCommand: true, release: 'go1.24.4', sameInstallation: false }, { release: undefined });
    const [g] = only(check(ENV_FILE, 'goenv', unknownGo), 'XB402');
    assert.match(g.message, /is another Go \(go1\.24\.4\): remove this line, go finds its own root\. Builds fail when the two releases differ\.$/, 'the go in use has no known release: no mismatch claimed');
    assert.match(said(g), /and when the two releases differ, builds fail/);
    const unknownInstallation = facts({ value: '/home/dev/src/go', from: 'goenv', hasRuntime: true, hasGoCommand: false });
    assert.deepEqual(only(check(text, 'goenv', unknownInstallation), 'XB402'), [], 'a root with src/runtime, installation unknown: no verdict');
    const releaseOnly = facts({ value: '/home/dev/src/go', from: 'goenv', hasRuntime: true, hasGoCommand: false, sameInstallation: false });
    assert.match(said(only(check(text, 'goenv', releaseOnly), 'XB402')[0]), /than the go in use \(go1\.22\.12\):/);
  });

  it('another installation of the same release: says what go uses, claims no failure it cannot know', () => {
    const same = facts({ value: '/usr/local/go', from: 'goenv', hasRuntime: true, hasGoCommand: true, release: 'go1.22.12', ownRoot: '/usr/lib/go-1.22', sameInstallation: false });
    const [f] = only(check(ENV_FILE, 'goenv', same), 'XB402');
    assert.match(f.message, /when the two releases differ/);
    assert.match(said(f), /and when the two releases differ, builds fail with `compile: version "…" does not match go tool version "…"`\./);
  });

  it('is silent when GOROOT is the go\'s own root, unset, or its installation is unknown and the root is real', () => {
    const own = facts({ value: '/usr/local/go', from: 'goenv', hasRuntime: true, hasGoCommand: true, ownRoot: '/usr/local/go', sameInstallation: true });
    assert.deepEqual(only(check(ENV_FILE, 'goenv', own), 'XB402'), []);
    assert.deepEqual(only(check(ENV_FILE, 'goenv', facts(undefined)), 'XB402'), []);
    const unknown = facts({ value: '/usr/local/go', from: 'goenv', hasRuntime: true, hasGoCommand: true });
    assert.deepEqual(only(check(ENV_FILE, 'goenv', unknown), 'XB402'), []);
    assert.deepEqual(only(check(ENV_FILE, 'goenv'), 'XB402'), []); // no facts: go was not asked
  });

  it('says nothing when the file no longer holds the value go read (an unsaved edit)', () => {
    assert.deepEqual(only(check('GOROOT=/opt/go\n', 'goenv', emptyDir('goenv')), 'XB402'), []);
  });

  it('reports a GOROOT from the process environment at the file start, without a fix (the file is not its source)', () => {
    const text = 'GOPRIVATE=github.com/acme/*\n';
    const [f] = only(check(text, 'goenv', emptyDir('environment')), 'XB402');
    assert.deepEqual(f.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(said(f), /set in the environment the go command runs with/);
    assert.deepEqual(f.fixes, []);
    // The same for an empty or missing file: the finding still has somewhere to go.
    assert.equal(only(check('', 'goenv', emptyDir('environment')), 'XB402').length, 1);
    // A line with the same value (a view of `go env`, or a file that repeats it) is where it shows; still no fix.
    const [g] = only(check(ENV_FILE, 'goenv', emptyDir('environment')), 'XB402');
    assert.equal(textAt(ENV_FILE, g), 'GOROOT=/usr/local/go');
    assert.deepEqual(g.fixes, []);
  });

  it('belongs to the environment\'s go env file only: a project\'s go.env or $GOROOT/go.env is not it', () => {
    const other = analyze({ path: '/work/app/go.env', kind: 'goenv', text: ENV_FILE }, { facts: emptyDir('goenv') }).findings;
    assert.deepEqual(only(other, 'XB402'), []);
    const asUri = analyze({ path: 'file:///root/.config/go/env', kind: 'goenv', text: ENV_FILE }, { facts: emptyDir('goenv') }).findings;
    assert.equal(only(asUri, 'XB402').length, 1);
    assert.deepEqual(only(check('#!/bin/sh\nGOROOT=/usr/local/go go build .\n', 'shell', emptyDir('goenv')), 'XB402'), []);
  });

  it('fix deletes the line and nothing else (what go env -u GOROOT did before Go 1.27)', () => {
    const fixed = fixAndRecheck(ENV_FILE, 'XB402', 'goenv', undefined, emptyDir('goenv'));
    assert.equal(fixed, 'GOPRIVATE=github.com/acme/*\nGOPROXY=https://proxy.golang.org,direct\n');
    const last = 'GOOS=linux\nGOROOT=/usr/local/go';
    assert.equal(applyFix(last, only(check(last, 'goenv', emptyDir('goenv')), 'XB402')[0]), 'GOOS=linux\n');
  });
});
