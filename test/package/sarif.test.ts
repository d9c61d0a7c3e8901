// The SARIF that code scanning receives (`xbd check --format sarif`, what the GitHub Action uploads): valid
// against the SARIF 2.1.0 JSON schema (Microsoft's rtm.5, shipped by @microsoft/jest-sarif), and each result
// carries a partialFingerprint that survives lines moving around it, so an alert stays one alert across commits.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { project, xbd } from '../support/cli';
import { repoRoot } from '../support/paths';

const SCHEMA = join(repoRoot(), 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

interface Result { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { region: { startLine: number } } }[]; relatedLocations?: unknown[] }

function sarif(dir: string): { runs: { results: Result[] }[] } {
  const r = xbd(['check', '--no-go', '--format', 'sarif', '.'], dir);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return JSON.parse(r.stdout);
}

const DOCKERFILE = `FROM --platform=$BUILDPLATFORM golang:1.22 AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY . .
RUN GOOS=linux GOARCH=x86_64 go build -o /out/app .
RUN CGO_ENABLED=1 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/cgo-app ./cmd/cgo

FROM scratch
COPY --from=build /out/app /app
`;
const MAKEFILE = 'build:\n\tGOOS=linux GOARCH=x86_64 go build -o bin/app .\n';

// unicodeRegExp off: the schema's pattern for `language` is not a valid /u regular expression. The formats
// (uri, date-time) are checked too: helpUri and informationUri must be URIs.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));

describe('SARIF for code scanning', () => {
  it('is valid SARIF 2.1.0 (JSON schema), with results, rules, fixes and fingerprints', () => {
    const log = sarif(project({ Dockerfile: DOCKERFILE, Makefile: MAKEFILE }));
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
    const results = log.runs[0].results;
    assert.ok(results.length >= 3, JSON.stringify(results.map((r) => r.ruleId)));
    for (const r of results) assert.match(r.partialFingerprints['xbdLineHash/v1'], /^[0-9a-f]{32}:\d+$/);
    assert.ok(results.some((r) => r.relatedLocations?.length), 'related information travels as relatedLocations');
  });

  it('the schema check fails on a broken log (the validator really validates)', () => {
    const log = sarif(project({ Makefile: MAKEFILE })) as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0].results[0].level = 'fatal';
    assert.equal(validate(log), false);
    const badUri = sarif(project({ Makefile: MAKEFILE })) as unknown as { runs: { tool: { driver: { informationUri: string } } }[] };
    badUri.runs[0].tool.driver.informationUri = 'not a uri';
    assert.equal(validate(badUri), false);
  });

  it('fingerprints do not change when unrelated lines move; they do when the finding\'s line changes', () => {
    const dir = project({ Dockerfile: DOCKERFILE, Makefile: MAKEFILE });
    const before = sarif(dir).runs[0].results;
    // Unrelated lines above every finding: a comment and a label at the top, a new target in the Makefile.
    writeFileSync(join(dir, 'Dockerfile'), `# syntax=docker/dockerfile:1\n# builds the app for every platform\n${DOCKERFILE.replace('WORKDIR /src', 'LABEL org.opencontainers.image.source=example\nWORKDIR /src')}`);
    writeFileSync(join(dir, 'Makefile'), `.PHONY: lint build\nlint:\n\tgo vet ./...\n\n${MAKEFILE}`);
    const after = sarif(dir).runs[0].results;
    const key = (r: Result) => `${r.ruleId} ${r.partialFingerprints['xbdLineHash/v1']}`;
    assert.deepEqual(after.map(key).sort(), before.map(key).sort());
    // …while every result did move: the test would see line-number fingerprints.
    const lines = (rs: Result[]) => rs.map((r) => r.locations[0].physicalLocation.region.startLine).sort((a, b) => a - b);
    assert.notDeepEqual(lines(after), lines(before));
    for (const a of after) {
      const b = before.find((r) => key(r) === key(a));
      assert.ok(b && a.locations[0].physicalLocation.region.startLine > b.locations[0].physicalLocation.region.startLine);
    }

    // The finding's own line edited (another output path): a new alert.
    writeFileSync(join(dir, 'Makefile'), MAKEFILE.replace('bin/app', 'bin/app2'));
    const edited = sarif(dir).runs[0].results.filter((r) => r.ruleId === 'XB102' && JSON.stringify(r).includes('Makefile'));
    const original = before.filter((r) => r.ruleId === 'XB102' && JSON.stringify(r).includes('Makefile'));
    assert.equal(edited.length, 1);
    assert.notEqual(edited[0].partialFingerprints['xbdLineHash/v1'], original[0].partialFingerprints['xbdLineHash/v1']);
  });

  it('equal findings on equal lines of one file get distinct fingerprints', () => {
    const log = sarif(project({ Makefile: `${MAKEFILE}\nagain:\n\tGOOS=linux GOARCH=x86_64 go build -o bin/app .\n` }));
    const prints = log.runs[0].results.filter((r) => r.ruleId === 'XB102').map((r) => r.partialFingerprints['xbdLineHash/v1']);
    assert.equal(prints.length, 2);
    assert.notEqual(prints[0], prints[1]);
    assert.equal(prints[0].split(':')[0], prints[1].split(':')[0]);
  });
});
