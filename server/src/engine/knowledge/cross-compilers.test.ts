import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilerFor, compilerOfPackage, compilerTarget, debianPackageOf } from './cross-compilers';

describe('cross C compiler table', () => {
  it('reads the target of compiler names as they are written in CC', () => {
    const read = (cc: string) => {
      const t = compilerTarget(cc);
      return t.kind === 'cross' ? `${t.goos}/${t.goarch}/${t.libc ?? '-'}` : t.kind;
    };
    assert.equal(read('aarch64-linux-gnu-gcc'), 'linux/arm64/glibc');
    assert.equal(read('/usr/bin/aarch64-linux-gnu-gcc-12'), 'linux/arm64/glibc');
    assert.equal(read('arm-linux-gnueabihf-gcc'), 'linux/arm/glibc');
    assert.equal(read('x86_64-w64-mingw32-gcc-posix'), 'windows/amd64/-');
    assert.equal(read('i686-w64-mingw32-gcc'), 'windows/386/-');
    assert.equal(read('aarch64-linux-musl-gcc'), 'linux/arm64/musl');
    assert.equal(read('aarch64-alpine-linux-musl-gcc'), 'linux/arm64/musl');
    assert.equal(read('mips64el-linux-gnuabi64-gcc'), 'linux/mips64le/glibc');
    assert.equal(read('zig cc -target aarch64-linux-gnu.2.28'), 'linux/arm64/glibc');
    assert.equal(read('clang --target=x86_64-linux-musl'), 'linux/amd64/musl');
    assert.equal(read('ccache riscv64-linux-gnu-gcc'), 'linux/riscv64/glibc');
    assert.equal(read('o64-clang'), 'darwin/amd64/-');
    assert.equal(read('gcc'), 'native');
    assert.equal(read('clang-17'), 'native');
    assert.equal(read('xx-clang'), 'follows-target');
    assert.equal(read('/opt/tools/mycc'), 'unknown');
    assert.deepEqual(compilerTarget('musl-gcc'), { kind: 'native', name: 'musl-gcc', libc: 'musl' });
  });

  it('says why arm64 with a 32-bit ARM ABI is not a toolchain', () => {
    const t = compilerTarget('arm64-linux-musleabihf-gcc');
    assert.equal(t.kind === 'cross' && t.goarch, 'arm');
    assert.match(t.kind === 'cross' ? (t.contradicts ?? '') : '', /musleabihf is the 32-bit ARM ABI/);
  });

  it('suggests a compiler per target and C library, and maps Debian packages both ways', () => {
    assert.equal(compilerFor('linux', 'arm64'), 'aarch64-linux-gnu-gcc');
    assert.equal(compilerFor('linux', 'arm64', 'musl'), 'aarch64-linux-musl-gcc');
    assert.equal(compilerFor('windows', 'amd64', 'musl'), 'x86_64-w64-mingw32-gcc');
    assert.equal(compilerFor('darwin', 'arm64'), undefined);
    assert.equal(debianPackageOf('arm-linux-gnueabihf-gcc'), 'gcc-arm-linux-gnueabihf');
    assert.equal(compilerOfPackage('crossbuild-essential-arm64')?.cc, 'aarch64-linux-gnu-gcc');
    assert.equal(compilerOfPackage('g++-aarch64-linux-gnu')?.cc, 'aarch64-linux-gnu-gcc');
    assert.equal(compilerOfPackage('gcc-12-aarch64-linux-gnu')?.cc, 'aarch64-linux-gnu-gcc-12');
    assert.equal(compilerOfPackage('gcc-mingw-w64-x86-64-posix')?.cc, 'x86_64-w64-mingw32-gcc');
    assert.equal(compilerOfPackage('gcc'), undefined);
  });
});
