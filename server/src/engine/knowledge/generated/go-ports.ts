// TEMPORARY STUB (lead): replaced by scripts/gen-go-knowledge.mjs output.
import type { GoVersion } from '../go-versions';
type P = { goos: string; goarch: string; cgo: boolean; firstClass: boolean; broken?: boolean };
const base: P[] = [
  ['aix','ppc64'],['android','386'],['android','amd64'],['android','arm'],['android','arm64'],['darwin','amd64'],['darwin','arm64'],
  ['dragonfly','amd64'],['freebsd','386'],['freebsd','amd64'],['freebsd','arm'],['freebsd','arm64'],['illumos','amd64'],['ios','amd64'],['ios','arm64'],
  ['js','wasm'],['linux','386'],['linux','amd64'],['linux','arm'],['linux','arm64'],['linux','loong64'],['linux','mips'],['linux','mips64'],['linux','mips64le'],['linux','mipsle'],
  ['linux','ppc64'],['linux','ppc64le'],['linux','riscv64'],['linux','s390x'],['netbsd','386'],['netbsd','amd64'],['netbsd','arm'],['netbsd','arm64'],
  ['openbsd','386'],['openbsd','amd64'],['openbsd','arm'],['openbsd','arm64'],['openbsd','ppc64'],['openbsd','riscv64'],['plan9','386'],['plan9','amd64'],['plan9','arm'],
  ['solaris','amd64'],['wasip1','wasm'],['windows','386'],['windows','amd64'],['windows','arm'],['windows','arm64'],['openbsd','mips64'],['freebsd','riscv64'],
].map(([goos, goarch]) => ({ goos, goarch, cgo: true, firstClass: false }));
const upTo = (v: number) => base.filter((p) => !(v >= 26 && p.goos === 'windows' && p.goarch === 'arm') && !(v >= 27 && p.goos === 'openbsd' && p.goarch === 'mips64'));
export const PORTS: Record<GoVersion, readonly P[]> = {
  '1.21': upTo(21), '1.22': upTo(22), '1.23': upTo(23), '1.24': upTo(24), '1.25': upTo(25), '1.26': upTo(26), '1.27': upTo(27),
};
