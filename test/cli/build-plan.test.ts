// A repository whose Dockerfiles are built by a release workflow, a bake file, GoReleaser and a Makefile,
// checked by the CLI: XB301 is judged against the build plan of the folder (one pass over the build files).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { project, XBD } from '../support/cli';

type Out = { findings: { file: string; code: string; severity: string; message: string; range: { start: { line: number } }; related?: { file: string; message: string }[] }[] };

function checkJson(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [XBD, 'check', '--no-go', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
  return { code: r.status, out: JSON.parse(r.stdout) as Out, stderr: r.stderr };
}

// Go compiled in a stage that runs on the target platform: emulated when the image is built for several.
const EMULATED = `FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/server /server
ENTRYPOINT ["/server"]
`;

const RELEASE = `name: release
on:
  push:
    tags: ['v*']
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-qemu-action@v3
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: deploy/server.Dockerfile
          platforms: linux/amd64,linux/arm64
          push: true
`;

const CI = `name: ci
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: tools
`;

const BAKE = `target "worker" {
  context = "worker"
  platforms = ["linux/amd64", "linux/arm64", "linux/arm/v6"]
}
`;

const MAKEFILE = `image:
\tdocker build -f cli/Dockerfile -t cli .
`;

const GOMOD = 'module example.com/app\n\ngo 1.22\n';

function repo() {
  return project({
    '.github/workflows/release.yml': RELEASE,
    '.github/workflows/ci.yml': CI,
    'docker-bake.hcl': BAKE,
    Makefile: MAKEFILE,
    'go.mod': GOMOD,
    'deploy/server.Dockerfile': EMULATED,
    'tools/Dockerfile': EMULATED,
    'cli/Dockerfile': EMULATED,
    'worker/Dockerfile': EMULATED.replace('FROM golang', 'FROM --platform=$BUILDPLATFORM golang').replace('RUN CGO_ENABLED=0 go build', 'ARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build'),
    'other/Dockerfile': EMULATED,
  });
}

describe('xbd check judges multi-platform claims against the build plan', () => {
  it('warns on a Dockerfile the release workflow builds for two platforms, naming the workflow line', () => {
    const { out } = checkJson(repo());
    const [f] = out.findings.filter((x) => x.code === 'XB301' && x.file.endsWith('deploy/server.Dockerfile'));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /Built for linux\/amd64,linux\/arm64 by (\.github\/workflows\/)?release\.yml:16\./);
    assert.ok(f.related?.some((r) => r.file.endsWith('.github/workflows/release.yml') && /release\.yml:16/.test(r.message)));
  });

  it("stays quiet about XB301 on Dockerfiles built only for the builder's platform (a CI step, a Makefile's docker build)", () => {
    const { out } = checkJson(repo());
    const quiet = out.findings.filter((x) => x.code === 'XB301' && (x.file.endsWith('tools/Dockerfile') || x.file.endsWith('cli/Dockerfile')));
    assert.deepEqual(quiet, []);
  });

  it('notes it as information on a Dockerfile nothing in the folder builds', () => {
    const { out } = checkJson(repo());
    const [f] = out.findings.filter((x) => x.code === 'XB301' && x.file.endsWith('other/Dockerfile'));
    assert.equal(f.severity, 'information');
  });

  it('names the bake target that builds linux/arm/v6 in the GOARM warning', () => {
    const { out } = checkJson(repo());
    const xb107 = out.findings.filter((x) => x.code === 'XB107' && x.file.endsWith('worker/Dockerfile'));
    assert.equal(xb107.length, 1, JSON.stringify(out.findings.filter((x) => x.file.endsWith('worker/Dockerfile'))));
    assert.equal(xb107[0].severity, 'warning');
    assert.match(xb107[0].message, /Built for linux\/arm\/v6 by docker-bake\.hcl:3\./);
  });

  it('checks a folder given as an argument with the plan of that folder', () => {
    const dir = repo();
    const { out } = checkJson(dir, '.');
    assert.equal(out.findings.find((x) => x.code === 'XB301' && x.file.endsWith('deploy/server.Dockerfile'))?.severity, 'warning');
  });

  it("checking one folder still reads the working directory's release workflow", () => {
    const { out } = checkJson(repo(), 'deploy');
    const [f] = out.findings.filter((x) => x.code === 'XB301');
    assert.equal(f?.severity, 'warning', JSON.stringify(out.findings));
    assert.deepEqual([...new Set(out.findings.map((x) => x.file))], ['deploy/server.Dockerfile'], 'the workflow is read, not reported');
  });
});
