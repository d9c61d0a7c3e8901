// A repository released three ways (workflow, GoReleaser, bake) checked by the CLI: each config is found by its
// path, read with its real parser, and its findings land on the config's own lines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { project, XBD } from '../support/cli';

type Out = { findings: { file: string; code: string; range: { start: { line: number } } }[]; files?: unknown };

function checkJson(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [XBD, 'check', '--no-go', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
  return { code: r.status, out: JSON.parse(r.stdout) as Out, stderr: r.stderr };
}

const WORKFLOW = `name: release
on: push
jobs:
  binaries:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        goarch: [amd64, aarch64]
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
      - env:
          GOARCH: \${{ matrix.goarch }}
          CGO_ENABLED: 0
        run: go build -o dist/tool-\${{ matrix.goarch }} ./cmd/tool
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64,linux/arm64
`;

const GORELEASER = `version: 2
builds:
  - id: tool
    main: ./cmd/tool
    goos: [linux, darwin]
    goarch: [amd64, arm64]
dockers:
  - dockerfile: Dockerfile
    image_templates: ["example/tool:{{ .Version }}"]
`;

const BAKE = `target "tool" {
  platforms = ["linux/amd64", "linux/arm64"]
  args = {
    GO_VERSION = "1.22"
  }
}
`;

describe('xbd check on workflows, GoReleaser and bake', () => {
  it('finds each config by its path and reports on its own lines', () => {
    const dir = project({ '.github/workflows/release.yml': WORKFLOW, '.goreleaser.yaml': GORELEASER, 'docker-bake.hcl': BAKE, 'go.mod': 'module example.com/tool\n\ngo 1.22\n' });
    const r = checkJson(dir, '.');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(
      r.out.findings.map((f) => [f.file, f.code, f.range.start.line + 1]),
      [
        ['.github/workflows/release.yml', 'XB102', 8],
        ['.goreleaser.yaml', 'XB701', 3],
        ['.goreleaser.yaml', 'XB702', 8],
      ],
    );
    assert.equal(r.stderr.includes('not read'), false, r.stderr);
  });

  it('fixes them in place with --fix, and the fixed files are clean', () => {
    const dir = project({ '.github/workflows/release.yml': WORKFLOW, '.goreleaser.yaml': GORELEASER, 'go.mod': 'module example.com/tool\n\ngo 1.22\n' });
    const fixed = spawnSync(process.execPath, [XBD, 'check', '--no-go', '--fix', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
    assert.match(fixed.stdout + fixed.stderr, /fixed XB102/);
    const r = checkJson(dir, '.');
    assert.deepEqual(r.out.findings, [], JSON.stringify(r.out.findings));
  });

  it('a broken YAML or HCL file costs a line on stderr, never the run', () => {
    const dir = project({ '.github/workflows/ci.yml': 'jobs:\n  a: [\n', '.goreleaser.yml': 'builds: {\n', 'docker-bake.hcl': 'target "x" {\n  platforms = [\n', 'Dockerfile': 'FROM golang:1.22\nENV GOARCH=aarch64\nRUN go build .\n' });
    const r = checkJson(dir, '.');
    assert.deepEqual(r.out.findings.map((f) => [f.file, f.code]), [['Dockerfile', 'XB102']]);
    assert.match(r.stderr, /ci\.yml: YAML: /);
  });
});
