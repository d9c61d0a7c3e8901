import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../../../test/support/paths';
import { GO_VERSIONS } from '../engine/knowledge/go-versions';
import { check, only, ready } from '../engine/testing';
import { parseGoEnvJson, parseGoVersion, parsePortsJson, resolveGoBinary, toolchainFacts, ToolchainService } from './toolchain';

const FIXTURES = join(repoRoot(), 'test', 'fixtures', 'go-env');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'xbd-toolchain-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
before(ready);

/** Every covered release, recorded by scripts/record-go-env.mjs (Debian's packages, private HOME /home/dev). */
const RECORDED = [
  ['1.21', '1.21.13'], ['1.22', '1.22.12'], ['1.23', '1.23.5'], ['1.24', '1.24.4'], ['1.25', '1.25.12'], ['1.26', '1.26.10'], ['1.27', '1.27.4'],
] as const;

describe('recorded go env -json / go tool dist list -json (Debian Go 1.21–1.27)', () => {
  it('covers every release the knowledge covers', () => {
    assert.deepEqual(RECORDED.map(([v]) => v), [...GO_VERSIONS]);
  });

  for (const [v, full] of RECORDED) {
    it(`reads go${v}`, () => {
      assert.equal(parseGoVersion(fixture(`go${v}.version.txt`)), full);
      const env = parseGoEnvJson(fixture(`go${v}.env.json`))!;
      assert.equal(env.GOVERSION, `go${full}`);
      assert.equal(env.GOENV, '/home/dev/.config/go/env');
      assert.equal(env.GOPATH, '/home/dev/go');
      assert.equal(env.GOTOOLCHAIN, 'local'); // what xbd always passes; never auto (no download)
      assert.equal(env.GOOS, 'linux');
      assert.equal(env.GOARCH, 'amd64');
      assert.equal(env.CGO_ENABLED, '1');
      assert.match(env.GOROOT, new RegExp(`/usr/lib/go-${v.replace('.', '\\.')}$`));
      // Go 1.27 reports GOBIN as GOPATH/bin when unset; older releases leave it empty.
      assert.equal(env.GOBIN, v === '1.27' ? '/home/dev/go/bin' : '');
      const ports = parsePortsJson(fixture(`go${v}.dist.json`))!;
      assert.deepEqual(ports.find((p) => p.goos === 'linux' && p.goarch === 'amd64'), { goos: 'linux', goarch: 'amd64', cgo: true, firstClass: true });
      assert.ok(ports.length > 40);
    });
  }

  it('the real port list replaces the embedded one for the version it belongs to', () => {
    const ports = parsePortsJson(fixture('go1.27.dist.json'))!;
    const script = '#!/bin/sh\nGOOS=linux GOARCH=riscv64 go build -o bin/app .\n';
    const facts = { host: { goos: 'linux', goarch: 'amd64' }, ...toolchainFacts({ goBin: 'go', version: '1.27.4', ports }) };
    assert.deepEqual(only(check(script, 'shell', facts), 'XB103'), []);
    const withoutRiscv = { ...facts, ports: ports.filter((p) => p.goarch !== 'riscv64') };
    assert.equal(only(check(script, 'shell', withoutRiscv), 'XB103').length, 1);
  });

  it('rejects junk', () => {
    assert.equal(parseGoEnvJson('go: cannot find GOROOT'), undefined);
    assert.equal(parsePortsJson('{}'), undefined);
    assert.equal(parseGoVersion('bash: go: command not found'), undefined);
  });
});

describe('which go', () => {
  it('xbd.goPath, else go.alternateTools.go, else go.goroot/bin/go, else PATH', () => {
    assert.equal(resolveGoBinary({ goPath: '/opt/go/bin/go', alternateTools: { go: '/x/go' }, goroot: '/r' }), '/opt/go/bin/go');
    assert.equal(resolveGoBinary({ alternateTools: { go: '/x/go' }, goroot: '/r' }), '/x/go');
    assert.equal(resolveGoBinary({ goroot: '/usr/lib/go-1.22' }), join('/usr/lib/go-1.22', 'bin', 'go'));
    assert.equal(resolveGoBinary({ goPath: ' ', alternateTools: { gopls: '/x/gopls' } }), 'go');
  });
});

describe('ToolchainService', () => {
  /** The service's retry timer does not hold the process open (a CLI exits at once): the test polls. */
  async function until(done: () => boolean): Promise<void> {
    for (let waited = 0; !done(); waited += 50) {
      assert.ok(waited < 10_000, 'timed out waiting');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  function fakeGo(body: string): string {
    const path = join(mkdtempSync(join(scratch, 'fake-')), 'go');
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it('never blocks: current() answers at once while a hanging go is asked, and the failure is said once', async () => {
    const messages: string[] = [];
    const hanging = fakeGo('sleep 20');
    const service = new ToolchainService({ goBin: () => hanging, cwd: scratch, trusted: () => true, timeoutMs: 2000, onUnavailable: (m) => messages.push(m) });
    let settled = false;
    const pending = service.refresh().then(() => (settled = true));
    assert.equal(service.current(), undefined); // what diagnostics use meanwhile: the embedded knowledge
    assert.equal(settled, false);
    await pending;
    await service.refresh();
    assert.equal(service.current(), undefined);
    assert.equal(messages.length, 1);
    assert.match(messages[0], /timed out after 2000 ms\); using embedded knowledge only/);
  });

  it('a go that timed out (a busy machine at start) is asked again, and its later answer is used', async () => {
    const calls = join(scratch, 'env-calls');
    // `go env -json` hangs the first time only; version and dist list answer at once.
    const go = fakeGo(`case "$1" in version) echo "go version go1.24.4 linux/amd64";; env) echo x >> '${calls}'; [ "$(wc -l < '${calls}')" -gt 1 ] || sleep 20; echo '{"GOENV":"/home/dev/.config/go/env"}';; *) echo '[]';; esac`);
    const updates: (string | undefined)[] = [];
    const service = new ToolchainService({ goBin: () => go, cwd: scratch, trusted: () => true, timeoutMs: 1000, retryDelayMs: 50, onUpdate: (i) => updates.push(i.env?.GOENV) });
    await service.refresh();
    assert.equal(service.current()?.env, undefined); // the first answer: version only, go env timed out
    await until(() => updates.length === 2);
    assert.deepEqual(updates, [undefined, '/home/dev/.config/go/env']);
    assert.equal(service.current()?.timedOut, undefined);
  });

  it('a go that always times out is asked twice more, then left alone until something changes', async () => {
    const calls = join(scratch, 'hanging-calls');
    const go = fakeGo(`echo x >> '${calls}'; sleep 20`);
    const updates: unknown[] = [];
    const service = new ToolchainService({ goBin: () => go, cwd: scratch, trusted: () => true, timeoutMs: 300, retryDelayMs: 20, onUpdate: (i) => updates.push(i) });
    await service.refresh();
    await until(() => updates.length === 3);
    await new Promise((r) => setTimeout(r, 700)); // a fourth probe would have started and timed out by now
    assert.equal(updates.length, 3);
    assert.equal(readFileSync(calls, 'utf8'), 'x\n'.repeat(9)); // version, env -json, dist list, three times
  });

  it('asked again during a probe, probes once more after it (the file may have changed meanwhile), not once per call', async () => {
    const counter = join(scratch, 'versions-asked');
    const go = fakeGo(`case "$1" in version) echo x >> '${counter}'; sleep 0.3; echo "go version go1.22.5 linux/amd64";; *) echo '{}';; esac`);
    const service = new ToolchainService({ goBin: () => go, cwd: scratch, trusted: () => true });
    const first = service.refresh();
    const again = [service.refresh(), service.refresh(), service.refresh()];
    assert.notEqual(again[0], first);
    assert.equal(again[1], again[0]);
    await Promise.all([first, ...again]);
    assert.equal(readFileSync(counter, 'utf8'), 'x\nx\n');
  });

  it('runs nothing in an untrusted workspace', async () => {
    const marker = join(scratch, 'ran');
    const service = new ToolchainService({ goBin: () => fakeGo(`touch ${marker}`), cwd: scratch, trusted: () => false });
    assert.equal(await service.refresh(), undefined);
    assert.throws(() => readFileSync(marker));
  });

  it('passes GOTOOLCHAIN=local to go whatever the environment says', async () => {
    const previous = process.env.GOTOOLCHAIN;
    process.env.GOTOOLCHAIN = 'go1.99.1';
    try {
      const go = fakeGo('case "$1" in version) echo "go version go1.23.5 linux/amd64";; env) printf \'{"GOTOOLCHAIN":"%s"}\' "$GOTOOLCHAIN";; *) exit 1;; esac');
      const updates: string[] = [];
      const service = new ToolchainService({ goBin: () => go, cwd: scratch, trusted: () => true, onUpdate: (i) => updates.push(i.version ?? '') });
      await service.refresh();
      assert.equal(service.current()?.env?.GOTOOLCHAIN, 'local');
      assert.equal(service.current()?.version, '1.23.5');
      assert.equal(service.current()?.ports, undefined); // dist list failed: the embedded table stays
      assert.deepEqual(updates, ['1.23.5']);
    } finally {
      if (previous === undefined) delete process.env.GOTOOLCHAIN;
      else process.env.GOTOOLCHAIN = previous;
    }
  });
});
