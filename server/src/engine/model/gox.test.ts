import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, only, ready, textAt } from '../testing';
import { HOST_FACTS } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';

before(ready);

describe('gox targets', () => {
  const makefile = (line: string) => `build:\n\t${line}\n`;
  const targets = (line: string) =>
    buildModel({ path: '/w/Makefile', kind: 'makefile', text: makefile(line) }, { goVersion: defaultGoVersion(HOST_FACTS) })
      .model.contexts.filter((c) => c.command?.tool === 'gox' && c.env.has('GOOS'))
      .map((c) => `${c.env.get('GOOS')?.value}/${c.env.get('GOARCH')?.value}`);

  it('builds the cross product of -os and -arch, the -osarch pairs, minus the excluded ones', () => {
    assert.deepEqual(targets('gox -os="linux darwin" -arch=amd64 -arch arm64 -osarch="windows/386 !darwin/arm64" ./cmd/app'), ['windows/386', 'linux/amd64', 'linux/arm64', 'darwin/amd64']);
    assert.deepEqual(targets('gox -os="$(OSES)" -arch=amd64 .'), [], 'a list we cannot read makes no pairs');
  });

  it('reports a removed port in the product on the architecture gox was given (XB103)', () => {
    const text = makefile('gox -os="linux" -os="darwin" -arch="amd64" -arch="386" -output="build/{{.OS}}_{{.Arch}}"');
    const [f] = only(check(text, 'makefile'), 'XB103');
    assert.ok(f);
    assert.match(f.message, /darwin\/386/);
    assert.equal(textAt(text, f), '386');
    assert.deepEqual(only(check(makefile('gox -os="linux darwin" -arch="amd64 arm64" -osarch="linux/386"'), 'makefile'), 'XB103'), []);
  });

  it('reports in the make variable the gox command comes from, where the architecture is written', () => {
    const text = 'GOX := gox -os="linux darwin" -arch="386"\nbuild:\n\t$(GOX) ./cmd/app\n';
    const [f] = only(check(text, 'makefile'), 'XB103');
    assert.ok(f);
    assert.equal(f.range.start.line, 0);
    assert.equal(textAt(text, f), '386');
  });

  it('reads a wholly quoted flag word and lists padded with blanks; an -osarch entry without os/arch makes no pair', () => {
    assert.deepEqual(targets('gox "-osarch=linux/amd64 linux/arm64" ./cmd/app'), ['linux/amd64', 'linux/arm64']);
    assert.deepEqual(targets('gox -os=" linux darwin " -arch="amd64" ./cmd/app'), ['linux/amd64', 'darwin/amd64']);
    assert.deepEqual(targets('gox -osarch="linux/amd64 darwin windows/" ./cmd/app'), ['linux/amd64']);
  });

  it('marks the whole word for an os or arch list it reads from a make variable', () => {
    const text = 'OSES := linux darwin\nbuild:\n\tgox -os="$(OSES)" -arch=amd64 ./cmd/app\n';
    const m = buildModel({ path: '/w/Makefile', kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
    const line = text.split('\n')[2];
    const word = [line.indexOf('-os'), line.indexOf(' -arch')];
    assert.deepEqual(
      m.assignments.filter((a) => a.kind === 'gox-target').map((a) => [a.value, a.range.start.character, a.range.end.character]),
      [['linux', ...word], ['darwin', ...word], ['amd64', line.indexOf('amd64'), line.indexOf(' ./cmd')]],
    );
  });

  it('records each os and arch as a GOOS or GOARCH argument at the place it is written, once', () => {
    const text = makefile('gox -os="linux" -arch="amd64 arm64 arm" -osarch="windows/386" ./cmd/app');
    const m = buildModel({ path: '/w/Makefile', kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
    const line = text.split('\n')[1];
    assert.deepEqual(
      m.assignments.map((a) => [a.name, a.kind, a.value, a.range.start.line, a.range.start.character]),
      [
        ['GOOS', 'gox-target', 'linux', 1, line.indexOf('linux')],
        ['GOARCH', 'gox-target', 'amd64', 1, line.indexOf('amd64')],
        ['GOARCH', 'gox-target', 'arm64', 1, line.indexOf('arm64')],
        ['GOARCH', 'gox-target', 'arm', 1, line.indexOf('arm"')],
        ['GOOS', 'gox-target', 'windows', 1, line.indexOf('windows')],
        ['GOARCH', 'gox-target', '386', 1, line.indexOf('windows')],
      ],
    );
  });
});
