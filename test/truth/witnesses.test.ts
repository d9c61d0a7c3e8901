/**
 * The truth harness: every claim a rule makes about the go command is run here with every covered Go
 * version, on a tiny module, and the outcome is compared with what the rule says. The results are
 * written to test-results/truth.json, from which scripts/verified-docs.mjs fills the docs pages.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { goBetween } from '../../server/src/engine/knowledge/go-versions';
import { RULES } from '../../server/src/engine/rules';
import type { Inspection, Witness } from '../../server/src/engine/rules/rule';
import { repoRoot } from '../support/paths';
import { requireAllToolchains, runGo, type Toolchain } from './toolchains';

const PROGRAMS: Record<NonNullable<Witness['program']>, string> = {
  hello: 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n',
  net: 'package main\n\nimport (\n\t"fmt"\n\t"net"\n\t"os/user"\n)\n\nfunc main() {\n\tu, _ := user.Current()\n\t_, err := net.LookupHost("localhost")\n\tfmt.Println(u != nil, err == nil)\n}\n',
  cgo: 'package main\n\n// int answer(void) { return 42; }\nimport "C"\nimport "fmt"\n\nfunc main() { fmt.Println(C.answer()) }\n',
  cgodep: 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/witness/sqlite"\n)\n\nfunc main() { fmt.Println(sqlite.Version()) }\n',
};

/** Files besides main.go (path in the module → text). */
const EXTRA_FILES: Partial<Record<NonNullable<Witness['program']>, Record<string, string>>> = {
  cgodep: { 'sqlite/sqlite.go': 'package sqlite\n\n// static int version(void) { return 3; }\nimport "C"\n\n// Version asks the C library.\nfunc Version() int { return int(C.version()) }\n' },
};

const work = mkdtempSync(join(tmpdir(), 'xbd-truth-'));
const results: {
  code: string;
  claim: string;
  go: string;
  env: Record<string, string>;
  args: string[];
  /** The Makefile or script run instead of go itself. */
  script?: Witness['script'];
  exit: number | null;
  stderr: string;
  stdout: string;
  inspections: { kind: string; command: string; exit: number | null; output: string }[];
}[] = [];

/** Runs a witness's Makefile or script with the toolchain's go first on PATH (isolated like runGo). */
function runScript(tc: Toolchain, script: NonNullable<Witness['script']>, cwd: string, env: Record<string, string>) {
  const file = script.make !== undefined ? 'Makefile' : 'build.sh';
  writeFileSync(join(cwd, file), script.make ?? script.sh ?? '');
  const path = `${dirname(tc.goBin)}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  // runGo's isolation (private HOME/GOENV, GOTOOLCHAIN=local, timeout) applies: go is run by make or sh.
  return runGo({ ...tc, goBin: script.make !== undefined ? 'make' : 'sh' }, script.make !== undefined ? ['-s'] : ['build.sh'], { cwd, env: { PATH: path, ...env } });
}

/** Looks at or runs the binary a witness built; returns the command shown in the docs and its outcome. */
function inspect(i: Inspection, binary: string): { command: string; exit: number | null; output: string } {
  let argv: string[];
  if (i.kind === 'file') argv = ['file', '-b', binary];
  else if (i.kind === 'interp') argv = ['readelf', '-l', binary];
  else if (i.kind === 'run') argv = [binary];
  else if (i.kind === 'qemu') argv = [`qemu-${i.qemu!.arch}-static`, ...(i.qemu!.cpu ? ['-cpu', i.qemu!.cpu] : []), binary];
  else {
    // FROM scratch: an empty root holding only the binary.
    const root = mkdtempSync(join(work, 'scratch-'));
    copyFileSync(binary, join(root, 'app'));
    argv = ['chroot', root, '/app'];
  }
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 60_000 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`;
  const shown = i.kind === 'scratch' ? 'chroot <empty root with only the binary> /app' : i.kind === 'interp' ? `readelf -l app` : argv.map((a) => (a === binary ? 'app' : a)).join(' ');
  return { command: shown, exit: r.status, output };
}

after(() => {
  mkdirSync(join(repoRoot(), 'test-results'), { recursive: true });
  writeFileSync(join(repoRoot(), 'test-results', 'truth.json'), `${JSON.stringify(results, null, 2)}\n`);
  rmSync(work, { recursive: true, force: true });
});

function moduleFor(program: NonNullable<Witness['program']>): string {
  const dir = join(work, program);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), 'module example.com/witness\n\ngo 1.21\n');
  writeFileSync(join(dir, 'main.go'), PROGRAMS[program]);
  for (const [path, text] of Object.entries(EXTRA_FILES[program] ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const toolchains: Toolchain[] = requireAllToolchains();

/**
 * A witness's GOROOT: the path go gets, and how the docs show it (temporary paths differ on every run).
 * `other` is the previous covered release's root (the next one's for the oldest).
 */
function witnessGoroot(kind: NonNullable<Witness['goroot']>, tc: Toolchain): { path: string; shown: string } {
  if (kind === 'empty') return { path: mkdtempSync(join(work, 'empty-goroot-')), shown: '<an empty directory>' };
  if (kind === 'missing') return { path: join(work, 'no-such-goroot'), shown: '<a path that does not exist>' };
  const i = toolchains.indexOf(tc);
  const other = toolchains[i > 0 ? i - 1 : i + 1];
  assert.ok(other, 'a GOROOT witness of another release needs two installed releases');
  return { path: other.goroot, shown: "<another release's root>" };
}

/** What one run of go (or of a witness's script) gave, and the binary it wrote, kept aside for inspections. */
interface RunOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  binary: string;
  shownEnv: Record<string, string>;
  env: Record<string, string>;
}

/**
 * Witnesses of several rules share runs (witness-runs.ts): each distinct run is made once per toolchain, and
 * each inspection of its binary once, whichever rules' expectations are then checked against them.
 */
const runs = new Map<string, RunOutcome>();
const inspections = new Map<string, ReturnType<typeof inspect>>();
let keptBinaries = 0;

function runKey(witness: Witness, tc: Toolchain): string {
  const { env, args, program, cc, goroot, script } = witness;
  return JSON.stringify([tc.full, env, args, program ?? 'hello', cc ?? 'host', goroot, script]);
}

function runWitness(witness: Witness, tc: Toolchain): RunOutcome {
  const key = runKey(witness, tc);
  const known = runs.get(key);
  if (known) return known;
  const cwd = moduleFor(witness.program ?? 'hello');
  // `cc: none` hides every C compiler: PATH holds nothing (go runs by its full path).
  let env = witness.cc === 'none' ? { PATH: join(work, 'empty-path'), ...witness.env } : witness.env;
  let shownEnv = witness.env;
  if (witness.goroot) {
    const goroot = witnessGoroot(witness.goroot, tc);
    env = { ...env, GOROOT: goroot.path };
    shownEnv = { ...shownEnv, GOROOT: goroot.shown };
  }
  const out = witness.args.indexOf('-o');
  const built = join(cwd, out >= 0 ? witness.args[out + 1] : 'app');
  rmSync(built, { force: true });
  const r = witness.script ? runScript(tc, witness.script, cwd, env) : runGo(tc, witness.args, { cwd, env });
  // The next run in this module overwrites the binary: inspections look at a copy of this run's own.
  const kept = join(work, `run-${++keptBinaries}`);
  mkdirSync(kept);
  const binary = join(kept, 'app');
  if (existsSync(built)) copyFileSync(built, binary);
  const outcome = { code: r.code, stdout: r.stdout, stderr: r.stderr, binary, shownEnv, env };
  runs.set(key, outcome);
  return outcome;
}

function inspectOnce(i: Inspection, run: RunOutcome): ReturnType<typeof inspect> {
  const key = `${run.binary}\0${JSON.stringify([i.kind, i.qemu])}`;
  const known = inspections.get(key) ?? inspect(i, run.binary);
  inspections.set(key, known);
  return known;
}

for (const rule of RULES) {
  describe(`${rule.code} ${rule.title}`, () => {
    for (const witness of rule.witnesses) {
      for (const tc of toolchains.filter((t) => goBetween(t.version, witness.versions?.from, witness.versions?.to))) {
        it(`${tc.full}: ${witness.claim}`, () => {
          const r = runWitness(witness, tc);
          const record = { code: rule.code, claim: witness.claim, go: tc.full, env: r.shownEnv, args: witness.args, script: witness.script, exit: r.code, stderr: r.stderr, stdout: r.stdout, inspections: [] as { kind: string; command: string; exit: number | null; output: string }[] };
          results.push(record);
          const shown = `go ${witness.args.join(' ')} with ${JSON.stringify(r.env)} → exit ${r.code}\nstderr: ${r.stderr}\nstdout: ${r.stdout}`;
          if (witness.expect.exit === 'ok') assert.equal(r.code, 0, shown);
          else assert.notEqual(r.code, 0, shown);
          if (witness.expect.code !== undefined) assert.equal(r.code, witness.expect.code, shown);
          if (witness.expect.stderr !== undefined) assert.ok(r.stderr.includes(witness.expect.stderr), shown);
          if (witness.expect.notStderr !== undefined) assert.ok(!r.stderr.includes(witness.expect.notStderr), shown);
          if (witness.expect.stdout !== undefined) assert.equal(r.stdout.trim(), witness.expect.stdout, shown);
          for (const i of witness.inspect ?? []) {
            const got = inspectOnce(i, r);
            record.inspections.push({ kind: i.kind, ...got });
            const seen = `${got.command} → exit ${got.exit}\n${got.output}`;
            if (i.expect.exit === 'ok') assert.equal(got.exit, 0, seen);
            if (i.expect.exit === 'fail') assert.notEqual(got.exit, 0, seen);
            if (i.expect.output !== undefined) assert.ok(got.output.includes(i.expect.output), seen);
            if (i.expect.notOutput !== undefined) assert.ok(!got.output.includes(i.expect.notOutput), seen);
          }
        });
      }
    }
  });
}

after(() => {
  // Shown in the harness's output: how much sharing saved.
  console.log(`truth: ${results.length} witness checks from ${runs.size} runs of go and ${inspections.size} inspections`);
});
