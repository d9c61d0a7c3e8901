// TEMPORARY STUB (lead): replaced by the measured table.
import { compareGo, type GoVersion } from './go-versions';
export const SUBARCH_VARS = ['GOARM', 'GOAMD64', 'GOARM64', 'GORISCV64', 'GO386', 'GOMIPS', 'GOMIPS64', 'GOPPC64', 'GOWASM'] as const;
export type SubarchVar = (typeof SUBARCH_VARS)[number];
export const SUBARCH_ARCHES: Record<SubarchVar, readonly string[]> = {
  GOARM: ['arm'], GOAMD64: ['amd64'], GOARM64: ['arm64'], GORISCV64: ['riscv64'], GO386: ['386'], GOMIPS: ['mips', 'mipsle'], GOMIPS64: ['mips64', 'mips64le'], GOPPC64: ['ppc64', 'ppc64le'], GOWASM: ['wasm'],
};
export type SubarchVerdict = { ok: true } | { ok: false; severity: 'error' | 'warning'; goMessage: string; note?: string };
export function validSubarchValues(name: SubarchVar, v: GoVersion): string[] {
  switch (name) {
    case 'GOARM': return ['5', '6', '7'];
    case 'GOAMD64': return ['v1', 'v2', 'v3', 'v4'];
    case 'GOARM64': return ['v8.0', 'v9.0'];
    case 'GORISCV64': return compareGo(v, '1.25') >= 0 ? ['rva20u64', 'rva22u64', 'rva23u64'] : ['rva20u64', 'rva22u64'];
    case 'GO386': return ['sse2', 'softfloat'];
    case 'GOMIPS': case 'GOMIPS64': return ['hardfloat', 'softfloat'];
    case 'GOPPC64': return ['power8', 'power9', 'power10'];
    case 'GOWASM': return ['satconv', 'signext'];
  }
}
export function checkSubarch(name: SubarchVar, value: string, v: GoVersion): SubarchVerdict {
  const valid = validSubarchValues(name, v);
  if (name === 'GOARM' && /^[567](,(soft|hard)float)?$/.test(value)) return { ok: true };
  if (name === 'GOARM64' && /^v(8\.[0-9]|9\.[0-5])(,(lse|crypto))*$/.test(value)) return { ok: true };
  if (valid.includes(value)) return { ok: true };
  if (name === 'GOAMD64') return compareGo(v, '1.23') >= 0 ? { ok: false, severity: 'warning', goMessage: '' } : { ok: false, severity: 'error', goMessage: 'go: invalid GOAMD64: must be v1, v2, v3, v4' };
  if (name === 'GOARM') return compareGo(v, '1.23') >= 0 ? { ok: false, severity: 'warning', goMessage: '' } : { ok: false, severity: 'error', goMessage: 'go: invalid GOARM: must be 5, 6, 7' };
  return { ok: false, severity: 'error', goMessage: `go: invalid ${name}` };
}
