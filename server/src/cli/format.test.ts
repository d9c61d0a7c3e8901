import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../engine';
import { toGithub, toSarif, toText } from './format';

const finding = (over: Partial<Finding>): Finding => ({
  file: join(process.cwd(), 'Dockerfile'),
  range: { start: { line: 1, character: 4 }, end: { line: 2, character: 0 } },
  code: 'XB102',
  severity: 'error',
  message: 'm',
  fixes: [],
  ...over,
});

describe('--format github', () => {
  it('escapes %, CR and LF in the message, and also : and , in property values', () => {
    const out = toGithub([finding({ file: join(process.cwd(), 'a,b:c%d', 'Dockerfile'), message: '100% wrong:\r\nnext, line' })], { analysed: 1, skipped: [], applied: [] });
    const [line] = out.split('\n');
    assert.equal(
      line,
      '::error file=a%2Cb%3Ac%25d/Dockerfile,line=2,col=5,endLine=3,title=XB102::100%25 wrong:%0D%0Anext, line (https://github.com/go-cross-build-doctor/xbd/blob/main/docs/rules/XB102.md)',
    );
  });

  it('maps severities to error, warning and notice, and names unreadable paths as errors', () => {
    const out = toGithub(
      [finding({ severity: 'warning' }), finding({ severity: 'information' }), finding({ severity: 'hint' })],
      { analysed: 1, skipped: [{ file: 'locked/Dockerfile', reason: 'unreadable', message: 'cannot read: EACCES: permission denied' }, { file: 'up', reason: 'link-loop', message: 'x' }], applied: [] },
    );
    const lines = out.split('\n');
    assert.deepEqual(lines.slice(0, 3).map((l) => l.split(' ')[0]), ['::warning', '::notice', '::notice']);
    assert.equal(lines[3], '::error file=locked/Dockerfile,title=xbd::locked/Dockerfile: cannot read: EACCES: permission denied');
    assert.equal(lines.length, 5, 'a skipped link is no annotation; the summary line ends the output');
  });
});

describe('related information in every format', () => {
  // A Makefile finding reached from a workflow step: the step is where the reader looks next.
  const related = [{ file: join(process.cwd(), '.github', 'workflows', 'release.yml'), range: { start: { line: 39, character: 8 }, end: { line: 39, character: 20 } }, message: 'run by this step with GOARCH=arm64' }];
  const f = finding({ file: join(process.cwd(), 'Makefile'), message: 'cgo is on', related });

  it('text: an indented note line under the finding', () => {
    const lines = toText([f]).split('\n');
    assert.match(lines[0], /Makefile:2:5: error XB102: cgo is on/);
    assert.equal(lines[1], `  ${join(process.cwd(), '.github', 'workflows', 'release.yml')}:40:9: note: run by this step with GOARCH=arm64`);
    assert.match(lines[2], /^0 files analysed/);
  });

  it('github: the notes follow the message on their own lines', () => {
    const [line] = toGithub([f]).split('\n');
    assert.ok(line.endsWith('XB102.md)%0A.github/workflows/release.yml:40: run by this step with GOARCH=arm64'), line);
  });

  it('sarif: relatedLocations with their messages', () => {
    const result = JSON.parse(toSarif([f], '0.0.0', () => undefined)).runs[0].results[0];
    assert.deepEqual(result.relatedLocations, [
      { id: 0, physicalLocation: { artifactLocation: { uri: '.github/workflows/release.yml', uriBaseId: '%SRCROOT%' }, region: { startLine: 40, startColumn: 9, endLine: 40, endColumn: 21 } }, message: { text: 'run by this step with GOARCH=arm64' } },
    ]);
  });
});
