/**
 * Sub-architecture variables (GOARM, GOAMD64, ...) and how each Go release validates them, as MEASURED
 * with Debian's go1.21.13 … go1.27.4 (`go build` for the variable's own GOARCH and for another one,
 * `go env`, `go build -x`, `go version -m`, on a trivial module). The mechanics, from internal/buildcfg:
 * - buildcfg parses every variable at start-up whatever GOARCH is, keeps only the LAST error and the
 *   go command (and go env) exits 2 with `go: <error>`;
 * - from 1.23 GOARM64 is parsed after GOAMD64 and GOARM with `g, Error = ParseGoarm64(...)`, which
 *   overwrites an earlier error with nil: a bad GOAMD64 or GOARM is accepted silently, the compiler uses
 *   the default level, `go env` echoes the bad value and `go version -m` records it;
 * - GO386 is not checked by buildcfg at all: only the compiler rejects it, and only for GOARCH=386;
 * - an empty value means unset (the default applies) in every release.
 * A bad value persisted in the go env file (`go env -w` accepts any value) is not seen by the go
 * command's own check, which reads the process environment: the compiler reports it instead, with
 * `compile:` in place of `go:` and then `go: error obtaining buildID for go tool compile: exit status 2`
 * (exit 1); the 1.23+ bug hides GOAMD64/GOARM there too.
 */
import { compareGo, type GoVersion } from './go-versions';

export const SUBARCH_VARS = ['GOARM', 'GOAMD64', 'GOARM64', 'GORISCV64', 'GO386', 'GOMIPS', 'GOMIPS64', 'GOPPC64', 'GOWASM'] as const;
export type SubarchVar = (typeof SUBARCH_VARS)[number];

/** The GOARCH values each variable applies to */
export const SUBARCH_ARCHES: Record<SubarchVar, readonly string[]> = {
  GOARM: ['arm'],
  GOAMD64: ['amd64'],
  GOARM64: ['arm64'],
  GORISCV64: ['riscv64'],
  GO386: ['386'],
  GOMIPS: ['mips', 'mipsle'],
  GOMIPS64: ['mips64', 'mips64le'],
  GOPPC64: ['ppc64', 'ppc64le'],
  GOWASM: ['wasm'],
};

export type SubarchVerdict =
  | { ok: true }
  | { ok: false; severity: 'error' | 'warning'; goMessage: string /* exact line go prints, or '' if it silently accepts */; note?: string };

/** Releases before these do not read the variable at all (any value is ignored). */
const INTRODUCED: Partial<Record<SubarchVar, GoVersion>> = { GOARM64: '1.23', GORISCV64: '1.23' };

const since = (v: GoVersion, from: GoVersion) => compareGo(v, from) >= 0;

const ARM64_LEVELS = [...Array.from({ length: 10 }, (_, i) => `v8.${i}`), ...Array.from({ length: 6 }, (_, i) => `v9.${i}`)];
const GOARM_FLOAT = ['softfloat', 'hardfloat'];

/** Values the variable accepts in version v, for completions and messages */
export function validSubarchValues(name: SubarchVar, v: GoVersion): string[] {
  const from = INTRODUCED[name];
  if (from && !since(v, from)) return [];
  switch (name) {
    case 'GOARM': // the `,softfloat`/`,hardfloat` suffix exists from 1.22
      return since(v, '1.22') ? ['5', '6', '7', ...['5', '6', '7'].flatMap((n) => GOARM_FLOAT.map((f) => `${n},${f}`))] : ['5', '6', '7'];
    case 'GOAMD64':
      return ['v1', 'v2', 'v3', 'v4'];
    case 'GOARM64': // each may end in `,lse` and/or `,crypto` (any order)
      return [...ARM64_LEVELS];
    case 'GORISCV64':
      return since(v, '1.25') ? ['rva20u64', 'rva22u64', 'rva23u64'] : ['rva20u64', 'rva22u64'];
    case 'GO386':
      return ['sse2', 'softfloat'];
    case 'GOMIPS':
    case 'GOMIPS64':
      return ['hardfloat', 'softfloat'];
    case 'GOPPC64':
      return ['power8', 'power9', 'power10'];
    case 'GOWASM': // a comma list of these (no spaces); no-ops from 1.26, where both are always on
      return ['satconv', 'signext'];
  }
}

/** internal/buildcfg's own error text for each variable (1.22 changed GOARM's, 1.25 GORISCV64's). */
function buildcfgMessage(name: SubarchVar, value: string, v: GoVersion): string {
  switch (name) {
    case 'GOARM':
      return since(v, '1.22')
        ? 'go: invalid GOARM: must start with 5, 6, or 7, and may optionally end in either ",hardfloat" or ",softfloat"'
        : 'go: invalid GOARM: must be 5, 6, 7';
    case 'GOAMD64':
      return 'go: invalid GOAMD64: must be v1, v2, v3, v4';
    case 'GOARM64':
      return 'go: invalid GOARM64: must start with v8.{0-9} or v9.{0-5} and may optionally end in ",lse" and/or ",crypto"';
    case 'GORISCV64':
      return `go: invalid GORISCV64: must be ${validSubarchValues(name, v).join(', ')}`;
    case 'GOMIPS':
    case 'GOMIPS64':
      return `go: invalid ${name}: must be hardfloat, softfloat`;
    case 'GOPPC64':
      return 'go: invalid GOPPC64: must be power8, power9, power10';
    case 'GOWASM': {
      // buildcfg keeps going after a bad feature, so the LAST bad one is named.
      const bad = value.split(',').filter((f) => f !== '' && f !== 'satconv' && f !== 'signext');
      return `go: invalid GOWASM: no such feature "${bad[bad.length - 1]}"`;
    }
    case 'GO386':
      return ''; // never checked by buildcfg
  }
}

/** Whether buildcfg's parser accepts the value (same algorithm as internal/buildcfg of release v). */
function parses(name: SubarchVar, value: string, v: GoVersion): boolean {
  switch (name) {
    case 'GOARM': {
      if (!since(v, '1.22')) return /^[567]$/.test(value);
      // buildcfg strips one `,softfloat`, then one `,hardfloat`: `7,hardfloat,softfloat` passes, the reverse not.
      const rest = value.replace(/,softfloat$/, '').replace(/,hardfloat$/, '');
      return /^[567]$/.test(rest);
    }
    case 'GOARM64': {
      let rest = value;
      while (/,(lse|crypto)$/.test(rest)) rest = rest.replace(/,(lse|crypto)$/, '');
      return ARM64_LEVELS.includes(rest);
    }
    case 'GOWASM':
      return value.split(',').every((f) => f === '' || f === 'satconv' || f === 'signext');
    default:
      return validSubarchValues(name, v).includes(value);
  }
}

/**
 * 1.23+ with GOARCH=amd64: the go command passes `-D GOAMD64_<value>` to the assembler, which fails
 * when that is not one identifier (`3` and `V3` pass, `v3,x` fails). Returns the line asm prints, or ''.
 */
function asmDefineError(value: string): string {
  const name = `GOAMD64_${value.split('=')[0]}`.trimEnd(); // asm splits `name=value`; blanks separate tokens
  if (/^[\p{L}\p{Nd}_\u00B7\u2215]+$/u.test(name)) return '';
  const first = /^[\p{L}\p{Nd}_\u00B7\u2215]*/u.exec(name)?.[0] ?? name;
  return `asm: parsing -D: "${first}" is not a valid identifier name`;
}

/**
 * What Go `v` does with `name=value`. Without `goarch` the verdict is the one for a GOARCH the variable
 * applies to (the strictest); with another `goarch` the checks that only run for the variable's own
 * architecture (GO386 in the compiler, the GOAMD64 assembler define) do not fail the build.
 */
export function checkSubarch(name: SubarchVar, value: string, v: GoVersion, goarch?: string): SubarchVerdict {
  if (value === '') return { ok: true }; // empty is unset: Go applies its default
  const from = INTRODUCED[name];
  if (from && !since(v, from)) {
    return { ok: false, severity: 'warning', goMessage: '', note: `Go ${v} does not read ${name} (new in Go ${from}): the value is ignored` };
  }
  if (parses(name, value, v)) return { ok: true };
  const ownArch = goarch === undefined || SUBARCH_ARCHES[name].includes(goarch);

  if (name === 'GO386') {
    if (!ownArch) return { ok: false, severity: 'warning', goMessage: '', note: 'GO386 is only checked (by the compiler) when GOARCH=386' };
    const goMessage = value === '387' ? 'unsupported setting GO386=387. Consider using GO386=softfloat instead.' : `unsupported setting GO386=${value}`;
    return { ok: false, severity: 'error', goMessage, note: 'printed by the compiler, then "go: error obtaining buildID for go tool compile: exit status 1" (exit 1)' };
  }

  // The 1.23+ buildcfg bug: a valid GOARM64 (always, unless set badly too) clears the GOAMD64/GOARM error.
  if ((name === 'GOAMD64' || name === 'GOARM') && since(v, '1.23')) {
    if (name === 'GOAMD64' && ownArch) {
      const asm = asmDefineError(value);
      if (asm) return { ok: false, severity: 'error', goMessage: asm, note: 'printed by the assembler for each package with assembly (exit 1)' };
    }
    const note =
      name === 'GOAMD64'
        ? 'a buildcfg bug in Go 1.23+ hides the error: the code is compiled for v1, `go version -m` records the bad value'
        : 'a buildcfg bug in Go 1.23+ hides the error: Go code is compiled for GOARM=7 (the default), assembly for ' +
          'ARMv7 if the value contains "7", ARMv6 if "6", else ARMv5, and `go version -m` records the bad value';
    return { ok: false, severity: 'warning', goMessage: '', note };
  }

  return { ok: false, severity: 'error', goMessage: buildcfgMessage(name, value, v) };
}
