import type { EnvContext } from '../model/types';
import type { Facts } from '../types';
import { notes, fit, brief, once, platformStage, rangeKey, wasmTarget } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { stageOf } from '../model/stages';
import { EXEC_FORMAT_ERROR, RUN_LINUX_ARM64 } from './witness-runs';

const FOLLOWS_TARGET = /^\$\{?TARGETARCH\}?$/;

/** Whether a machine of `host` runs binaries for goos/goarch (amd64 runs 386 too). */
function runs(host: { goos: string; goarch: string }, goos: string, goarch: string): boolean {
  return host.goos === goos && (host.goarch === goarch || (host.goarch === 'amd64' && goarch === '386'));
}

/** Where the command runs, as the message names it, and the verdict; undefined when it is fine or unknown. */
function foreign(context: EnvContext, ctx: RuleContext, facts: Facts): string | undefined {
  const goos = context.env.get('GOOS');
  const goarch = context.env.get('GOARCH');
  // A stage built FROM another runs on that one's platform.
  const own = stageOf(ctx.model, context);
  // Stryker disable next-line LogicalOperator,ConditionalExpression: stageOf finds stages in Dockerfiles only; the kind test narrows the model's type
  const stage = own && ctx.model.kind === 'dockerfile' ? platformStage(ctx.model, own.index) : undefined;
  if (stage) {
    if (goarch?.value === undefined && goarch && FOLLOWS_TARGET.test(goarch.expr.trim()) && stage.runsOn === 'build') {
      return 'on the builder for every target platform other than the builder\'s own';
    }
    if (stage.runsOn === 'constant' && stage.platformValue && goarch?.value) {
      const [os, arch] = stage.platformValue.split('/');
      if (!runs({ goos: os, goarch: arch }, goos?.value || 'linux', goarch.value)) return `in a ${stage.platformValue} stage`;
    }
    return undefined;
  }
  const host = facts.target ?? facts.host;
  const os = goos ? goos.value : host.goos;
  const arch = goarch ? goarch.value : host.goarch;
  if (!os || !arch || runs(host, os, arch)) return undefined;
  const where = facts.target ? `the chosen target ${host.goos}/${host.goarch}` : `this ${host.goos}/${host.goarch} machine`;
  return `for ${os}/${arch} on ${where}`;
}

export const XB503: Rule<BuildFile> = {
  code: 'XB503',
  title: 'go run or go test for a platform the host cannot execute',
  severity: 'warning',
  kinds: BUILD_FILES,
  fixable: false,
  witnesses: [
    {
      claim: 'go run builds for the target and then executes the result here.',
      ...RUN_LINUX_ARM64,
      expect: EXEC_FORMAT_ERROR,
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const context of ctx.model.contexts) {
      const command = context.command;
      if (!command || command.tool !== 'go' || (command.subcommand !== 'run' && command.subcommand !== 'test')) continue;
      if (command.flags.has('exec') || (command.subcommand === 'test' && command.flags.get('c')?.value === 'true')) continue;
      // js/wasm and wasip1/wasm: go runs the result through go_js_wasm_exec / go_wasip1_wasm_exec when they
      // are on PATH ($(go env GOROOT)/misc/wasm, lib/wasm from Go 1.24). PATH is not known here: no verdict.
      // Stryker disable next-line StringLiteral: either name alone tells a wasm target (js and wasip1 exist only with GOARCH=wasm)
      if (wasmTarget(context.env.get('GOOS')?.value, context.env.get('GOARCH')?.value)) continue;
      const where = foreign(context, ctx, ctx.facts);
      if (!where) continue;
      const { message, rest } = fit(
        `go ${command.subcommand} runs a binary this machine cannot execute: use ` +
          `${command.subcommand === 'test' ? '`go test -c`' : '`go build`'}, or an emulator with \`-exec\`.`,
        `It runs it ${where}.`,
        'That fails with "exec format error" unless qemu binfmt handlers are installed.',
      );
      reports.push({ range: command.range, message, related: notes(ctx.file.path, command.range, rest) });
    }
    return reports.filter(once((r) => rangeKey(r.range)));
  },
};
