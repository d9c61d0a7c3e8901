// A service repository built by compose (locally) and by bake in CI: the compose file is bake input, the
// release workflow's docker/bake-action overrides its platforms with `set:`, a Makefile runs `docker buildx bake`.
// Checked by the CLI, which finds the compose file as it finds bake files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { project, XBD } from '../support/cli';

type Finding = { file: string; code: string; severity: string; message: string; range: { start: { line: number } }; related?: { file: string; message: string }[] };

function checkJson(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [XBD, 'check', '--no-go', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
  return { code: r.status, findings: (JSON.parse(r.stdout) as { findings: Finding[] }).findings, stderr: r.stderr };
}

const COMPOSE = `services:
  gateway:
    build:
      context: .
      dockerfile: deploy/gateway.Dockerfile
      args:
        TARGETARCH: amd64
  postgres:
    image: postgres:16
`;

// Go compiled for amd64 into a runtime of amd64's namespace:
// right on an amd64 laptop, wrong in the arm64 image CI bakes.
const GATEWAY = `FROM golang:1.23-alpine AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/gateway ./cmd/gateway

FROM amd64/alpine:3.20
RUN apk add --no-cache ca-certificates
COPY --from=build /out/gateway /usr/local/bin/gateway
CMD gateway
`;

const RELEASE = `name: release
on:
  push:
    tags: ['v*']
jobs:
  images:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-qemu-action@v3
      - uses: docker/setup-buildx-action@v3
      - name: Bake images
        uses: docker/bake-action@v6
        with:
          source: .
          push: true
          set: |
            *.platform=linux/amd64,linux/arm64
`;

const MAKEFILE = `.PHONY: images
images:
\tdocker buildx bake --load gateway
`;

describe('xbd check: compose files as bake input, bake-action overrides', () => {
  it('without CI, the compose build is for the host: no multi-platform findings, XB705 on the compose arg', () => {
    const dir = project({ 'compose.yaml': COMPOSE, 'deploy/gateway.Dockerfile': GATEWAY, Makefile: MAKEFILE, 'go.mod': 'module example.com/gateway\n\ngo 1.23\n' });
    const { findings } = checkJson(dir, '.');
    assert.deepEqual(findings.filter((f) => f.code === 'XB708'), []);
    assert.deepEqual(findings.filter((f) => f.code === 'XB301'), []);
    const xb705 = findings.filter((f) => f.code === 'XB705');
    assert.equal(xb705.length, 1);
    assert.equal(xb705[0].file, 'compose.yaml');
    assert.equal(xb705[0].range.start.line, 6);
  });

  it('with the release workflow\'s set: the Dockerfile is judged as built for linux/amd64,linux/arm64, naming the workflow line', () => {
    const dir = project({ 'compose.yaml': COMPOSE, 'deploy/gateway.Dockerfile': GATEWAY, Makefile: MAKEFILE, '.github/workflows/release.yml': RELEASE, 'go.mod': 'module example.com/gateway\n\ngo 1.23\n' });
    const { findings, stderr } = checkJson(dir, 'deploy');
    assert.equal(stderr, '');
    const xb708 = findings.filter((f) => f.code === 'XB708');
    assert.equal(xb708.length, 1, JSON.stringify(findings, null, 1));
    assert.equal(xb708[0].file, 'deploy/gateway.Dockerfile');
    assert.equal(xb708[0].severity, 'error');
    assert.match(xb708[0].message, /^The image stage holds only linux\/amd64 \(amd64\/\): use alpine:3\.20\. Built for linux\/arm64 by \.github\/workflows\/release\.yml:18\./);
    // Related information points at the set: line, in the workflow the CLI read though only deploy/ was checked.
    assert.ok(xb708[0].related?.some((r) => r.file === '.github/workflows/release.yml' && /bake target gateway \(step Bake images \(line 12\)\) builds linux\/arm64 here/.test(r.message)), JSON.stringify(xb708[0].related));
  });
});
