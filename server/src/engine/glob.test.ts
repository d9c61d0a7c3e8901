import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGlobs } from './glob';

describe('exclude globs', () => {
  const cases: [string, string, boolean][] = [
    ['vendor', 'vendor/x/Makefile', true],
    ['vendor', 'a/vendor/Dockerfile', true],
    ['vendor', 'vendors/Dockerfile', false],
    ['*.gen.sh', 'scripts/a.gen.sh', true],
    ['*.gen.sh', 'scripts/a.sh', false],
    ['**/testdata/**', 'pkg/testdata/Dockerfile', true],
    ['**/testdata/**', 'testdata/Dockerfile', true],
    ['/build/*.sh', 'build/x.sh', true],
    ['/build/*.sh', 'sub/build/x.sh', false],
    ['build/*.sh', 'build/sub/x.sh', false],
    ['deploy/', 'deploy/k8s/Dockerfile', true],
    ['Dockerfile.{dev,test}', 'svc/Dockerfile.dev', true],
    ['Dockerfile.{dev,test}', 'svc/Dockerfile.prod', false],
    ['Dockerfile.[a-c]*', 'Dockerfile.arm', true],
    ['Dockerfile.[!a-c]*', 'Dockerfile.arm', false],
    ['third_party/**/*.mk', 'third_party/a/b/rules.mk', true],
    ['a+b(c).sh', 'a+b(c).sh', true],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(compileGlobs([glob])(path), expected);
    });
  }

  it('no patterns match nothing; Windows separators are accepted', () => {
    assert.equal(compileGlobs([])('a/Dockerfile'), false);
    assert.equal(compileGlobs(['', '  '])('a/Dockerfile'), false);
    assert.equal(compileGlobs(['vendor'])('vendor\\x\\Makefile'), true);
  });
});
