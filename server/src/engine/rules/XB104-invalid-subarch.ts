import { checkSubarch, SUBARCH_VARS, validSubarchValues, type SubarchVar } from '../knowledge/subarch';
import type { Assignment } from '../model/types';
import { brief, contextsOf, goVersionNote, replaceValue, versionAt } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport, VALUE_FILES, type ValueFile } from './rule';

/** `$TARGETVARIANT` or `${TARGETVARIANT}`, exactly (BuildKit's arg, so Dockerfiles only). */
const RAW_VARIANT = /^\$(TARGETVARIANT|\{TARGETVARIANT\})$/;

/** The value a typo most plausibly meant: GOARM=v7 → 7, GOAMD64=3 → v3, GOARM64=v8 → v8.0. */
function typoFix(name: SubarchVar, value: string): string | undefined {
  if (name === 'GOARM' && /^v[5-7]$/.test(value)) return value.slice(1);
  if (name === 'GOARM' && value === '8') return '7';
  if (name === 'GOAMD64' && /^[1-4]$/.test(value)) return `v${value}`;
  if (name === 'GOAMD64' && /^V[1-4]$/.test(value)) return value.toLowerCase();
  if (name === 'GOARM64' && /^v[89]$/.test(value)) return `${value}.0`;
  return undefined;
}

export const XB104: Rule<ValueFile> = {
  code: 'XB104',
  title: 'Invalid sub-architecture value',
  severity: 'error',
  kinds: VALUE_FILES,
  fixable: true,
  versioned: true,
  witnesses: [
    {
      claim: 'Go 1.21 and 1.22 reject GOAMD64 without its v.',
      versions: { to: '1.22' },
      env: { GOOS: 'linux', GOARCH: 'amd64', GOAMD64: '3' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: invalid GOAMD64: must be v1, v2, v3, v4' },
    },
    {
      claim: 'From Go 1.23 the same value is accepted without a word (a buildcfg bug) and the code is built for v1.',
      versions: { from: '1.23' },
      env: { GOOS: 'linux', GOARCH: 'amd64', GOAMD64: '3' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok', notStderr: 'invalid' },
    },
    {
      claim: 'Go 1.21 rejects GOARM=v7.',
      versions: { to: '1.21' },
      env: { GOOS: 'linux', GOARCH: 'arm', GOARM: 'v7' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: invalid GOARM: must be 5, 6, 7' },
    },
    {
      claim: 'Go 1.22 rejects it with the float-mode wording.',
      versions: { from: '1.22', to: '1.22' },
      env: { GOOS: 'linux', GOARCH: 'arm', GOARM: 'v7' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: invalid GOARM: must start with 5, 6, or 7, and may optionally end in either ",hardfloat" or ",softfloat"' },
    },
    {
      claim: 'GOARM64 needs the minor version: v8 is rejected (Go 1.23+).',
      versions: { from: '1.23' },
      env: { GOOS: 'linux', GOARCH: 'arm64', GOARM64: 'v8' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: invalid GOARM64: must start with v8.{0-9} or v9.{0-5} and may optionally end in ",lse" and/or ",crypto"' },
    },
  ],
  check(ctx: RuleContext<ModelOf<ValueFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const site of ctx.model.assignments) {
      if (!(SUBARCH_VARS as readonly string[]).includes(site.name)) continue;
      const name = site.name as SubarchVar;
      if (name === 'GOARM' && ctx.model.kind === 'dockerfile' && RAW_VARIANT.test(site.valueText.replace(/^["']|["']$/g, ''))) {
        // `ARG TARGETVARIANT=""` pins the variant (XB309 reports that): the raw value is then that default.
        const pinned = contextsOf(site, ctx.model).some((c) => c.env.get('TARGETVARIANT')?.value !== undefined);
        if (!pinned) reports.push(rawVariant(site));
        continue;
      }
      if (site.value === undefined || site.value === '' || (!site.literal && site.fromSite)) continue;
      const v = versionAt(site, ctx);
      const goarch = contextsOf(site, ctx.model)[0]?.env.get('GOARCH')?.value || undefined;
      const verdict = checkSubarch(name, site.value, v.version, goarch);
      if (verdict.ok) continue;
      const fix = typoFix(name, site.value);
      const values = validSubarchValues(name, v.version).filter((x) => !x.includes(','));
      // Stryker disable next-line EqualityOperator: no sub-architecture variable has exactly 5 levels, so > 5 and >= 5 agree
      const valid = values.length > 5 ? `${values[0]} to ${values[values.length - 1]}` : values.join(', ');
      const lead = values.length
        ? `${name}=${site.value} is not a valid ${name} value: use ${fix ?? `one of ${valid}`}.`
        : `${name}=${site.value} is ignored by Go ${v.version}: remove it, or build with a newer Go.`;
      const said = verdict.goMessage
        ? `Go ${v.version} stops with "${verdict.goMessage}".`
        : values.length
          ? `Go ${v.version} accepts it without a word and builds for the default level.`
          : verdict.note && `${verdict.note}.`;
      const related = [goVersionNote(site.file, site.valueRange, v)];
      if (verdict.goMessage) related.push({ file: site.file, range: site.valueRange, message: `Go ${v.version} stops with "${verdict.goMessage}"` });
      if (verdict.note) related.push({ file: site.file, range: site.valueRange, message: verdict.note });
      reports.push({
        range: site.valueRange,
        severity: verdict.severity,
        message: brief(lead, said),
        related,
        fixes: fix && site.literal ? [{ title: `Change ${name} to ${fix}`, isPreferred: true, edits: [replaceValue(site, fix)] }] : [],
      });
    }
    return reports;
  },
};

function rawVariant(site: Assignment): RuleReport {
  const quote = site.valueText[0] === '"' ? '"' : '';
  return {
    range: site.valueRange,
    message:
      'TARGETVARIANT is Docker\'s variant (v6, v7), not a GOARM value: use GOARM=${TARGETVARIANT#v}. ' +
      'A linux/arm/v7 build gets GOARM=v7, which Go rejects or ignores.',
    fixes: [
      {
        title: 'Use ${TARGETVARIANT#v}',
        isPreferred: true,
        edits: [{ file: site.file, range: site.valueRange, newText: `${quote}\${TARGETVARIANT#v}${quote}` }],
      },
    ],
  };
}
