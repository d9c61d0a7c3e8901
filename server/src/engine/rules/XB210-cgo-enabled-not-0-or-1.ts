import { cgoState } from '../model/cgo';
import { brief, contextsOf, replaceValue, valueSites } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport, VALUE_FILES, type ValueFile } from './rule';

const ON = /^(true|yes|on|y|t|enable|enabled)$/i;
const OFF = /^(false|no|off|n|f|disable|disabled)$/i;

/** `0` or `1` for what a spelling means; undefined when it means neither. */
export function meantCgo(value: string): '0' | '1' | undefined {
  const v = value.trim();
  if (ON.test(v) || v === '1') return '1';
  if (OFF.test(v) || v === '0') return '0';
  return undefined;
}

export const XB210: Rule<ValueFile> = {
  code: 'XB210',
  title: 'CGO_ENABLED is neither 0 nor 1',
  severity: 'error',
  kinds: VALUE_FILES,
  fixable: true,
  witnesses: [
    {
      claim: 'CGO_ENABLED=false is ignored: a native build with a C compiler has cgo on.',
      env: { CGO_ENABLED: 'false' },
      args: ['env', 'CGO_ENABLED'],
      expect: { exit: 'ok', stdout: '1' },
    },
    {
      claim: 'So a build meant to be static is dynamically linked.',
      program: 'net',
      env: { CGO_ENABLED: 'false' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'dynamically linked' } }],
    },
    {
      claim: 'CGO_ENABLED=true natively: the default applies, which is on here.',
      env: { CGO_ENABLED: 'true' },
      args: ['env', 'CGO_ENABLED'],
      expect: { exit: 'ok', stdout: '1' },
    },
    {
      claim: 'CGO_ENABLED=yes for a cross build: the default applies, which is off.',
      env: { GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: 'yes' },
      args: ['env', 'CGO_ENABLED'],
      expect: { exit: 'ok', stdout: '0' },
    },
    {
      claim: 'The fix: CGO_ENABLED=0 is read.',
      env: { CGO_ENABLED: '0' },
      args: ['env', 'CGO_ENABLED'],
      expect: { exit: 'ok', stdout: '0' },
    },
  ],
  check(ctx: RuleContext<ModelOf<ValueFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const site of valueSites(ctx.model, ['CGO_ENABLED'])) {
      if (site.value === '0' || site.value === '1') continue;
      const meant = meantCgo(site.value);
      const shown = site.literal ? site.value : `${site.valueText} (= ${site.value})`;
      // What Go does instead, where the model can tell: the default for each go command it reaches.
      const states = new Set(
        contextsOf(site, ctx.model)
          .filter((c) => c.command)
          .map((c) => cgoState(c, ctx.model, ctx.facts).state),
      );
      const known = states.size === 1 ? [...states][0] : undefined;
      const effect =
        known === 'on'
          ? 'Here that default is ON'
          : known === 'off'
            ? 'Here that default is OFF'
            : known === 'native-leg'
              ? "Here that default is ON for the builder's own platform and OFF for the others"
              : '';
      const against =
        !meant || (known !== 'on' && known !== 'off') ? '' : (meant === '1') === (known === 'on') ? ', which happens to be what it says' : ', the opposite of what it says';
      reports.push({
        range: site.valueRange,
        message: brief(
          `CGO_ENABLED=${shown} is ignored (Go reads only 0 and 1): ${meant ? `write ${meant}` : 'write 0 or 1'}.`,
          effect && `${effect}${against}.`,
          !effect && 'Go applies its default: on for a native build with a C compiler, off for a cross build.',
        ),
        related: [
          {
            file: site.file,
            range: site.valueRange,
            message:
              'for any other value Go applies its default, cgo on for a native build with a C compiler and off for a cross build ' +
              '(natively, `CGO_ENABLED=false go env CGO_ENABLED` prints 1)',
          },
        ],
        fixes: meant && site.literal ? [{ title: `Change to CGO_ENABLED=${meant}`, isPreferred: true, edits: [replaceValue(site, meant)] }] : [],
      });
    }
    return reports;
  },
};
