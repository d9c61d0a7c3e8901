// Fuzz (fast-check) over xbd check's arguments and the shapes of the folder it walks: build files in UTF-8,
// Latin-1 or with a BOM and CRLF, read-only, unreadable or write-only files, symbolic links that loop, repeat
// or point nowhere, FIFOs. Run as an unprivileged user. Whatever the input: the exit status is one the help
// documents, no stack trace is printed, no file changes unless the output lists an edit of it, and the run
// ends within the bound. Deterministic (fixed seed, XBD_FUZZ_RUNS runs); a failure prints the shrunk case.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { unprivilegedIds, userProject, xbdAsUser } from '../support/cli';

const RUNS = Number(process.env.XBD_FUZZ_RUNS) || 14;
const SEED = Number(process.env.XBD_FUZZ_SEED) || 20261202;
const BOUND_MS = 20_000;
const DOCUMENTED_EXITS = [0, 1, 2, 3, 4];
const STACK = /\n\s+at [^\n]*:\d+:\d+\)?/;

const TEXTS = [
  'FROM golang:1.22\nRUN GOOS=linux GOARCH=aarch64 go build -o /app .\n',
  'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .\nFROM alpine\nCOPY --from=build /out/app /app\n',
  'export GOOS := Linux\nexport GOARCH := armv7\n\nbuild:\n\tgo build -o bin/app .\n',
  '#!/bin/sh\n# caf\u00e9 \u00a9\nGOOS=macos GOARCH=x86_64 go build .\n',
  'GOARCH=arm64\nCGO_ENABLED=1\n',
  '\u0000\u0001 RUN "unterminated <<EOF\n',
];
const NAMES = ['Dockerfile', 'Dockerfile.arm', 'Makefile', 'build.sh', 'go.env', 'notes.txt', 'release'];
const DIRS = ['', 'a', 'a/b', 'vendor'];

const fileArb = fc.record({
  dir: fc.constantFrom(...DIRS),
  name: fc.constantFrom(...NAMES),
  text: fc.constantFrom(...TEXTS),
  encoding: fc.constantFrom('utf8', 'latin1', 'bom-crlf'),
  mode: fc.constantFrom(0o644, 0o644, 0o644, 0o644, 0o444, 0o000, 0o200),
});
const linkArb = fc.record({ dir: fc.constantFrom(...DIRS), name: fc.constantFrom('up', 'self', 'Dockerfile.link', 'loop', 'gone'), to: fc.constantFrom('..', '.', 'a', 'Dockerfile', 'missing', 'loop') });
const shapeArb = fc.record({
  files: fc.array(fileArb, { minLength: 0, maxLength: 5 }),
  links: fc.array(linkArb, { maxLength: 3 }),
  fifo: fc.option(fc.constantFrom('Dockerfile.pipe', 'a/Makefile'), { nil: undefined }),
  lockedDir: fc.constantFrom(false, false, false, true),
});
// Mostly valid arguments (they reach the walk and --fix); now and then an invalid one (usage errors, exit 2).
const validArg = fc.oneof(
  fc.constant(['--fix']),
  fc.constant(['--fix']),
  fc.constantFrom(['--fix-severity', 'hint'], ['--fix-severity', 'information']),
  fc.constantFrom(['--format', 'json'], ['--format', 'sarif'], ['--format', 'github'], ['--format=text']),
  fc.constantFrom(['--rule', 'XB102=off'], ['--rule', 'XB107=warning'], ['--rule=XB306=hint']),
  fc.constantFrom(['--host', 'linux/arm64'], ['--target', 'linux/arm/v7']),
  fc.constantFrom(['--exclude', 'a'], ['--exclude', '*.sh'], ['--exclude', '*']),
  fc.constantFrom(['.'], ['a'], ['Dockerfile'], ['--', 'a']),
);
const invalidArg = fc.constantFrom(['--fix-severity', 'loud'], ['--format', 'xml'], ['--rule', 'XB999=off'], ['--rule', 'XB102=info'], ['--host', 'linux/aarch64'], ['--host'], ['missing'], ['-x'], ['--help']);
const argArb = fc.array(fc.oneof({ arbitrary: validArg, weight: 12 }, { arbitrary: invalidArg, weight: 1 }), { maxLength: 4 });

function bytesOf(text: string, encoding: string): Buffer {
  if (encoding === 'latin1') return Buffer.from(text, 'latin1');
  if (encoding === 'bom-crlf') return Buffer.from(`\ufeff${text.replace(/\n/g, '\r\n')}`, 'utf8');
  return Buffer.from(text, 'utf8');
}

type Shape = typeof shapeArb extends fc.Arbitrary<infer T> ? T : never;

function build(shape: Shape): string {
  const dir = userProject();
  const { uid, gid } = unprivilegedIds();
  for (const d of DIRS) mkdirSync(join(dir, d), { recursive: true });
  const modes: [string, number][] = [];
  for (const f of shape.files) {
    const path = join(dir, f.dir, f.name);
    writeFileSync(path, bytesOf(f.text, f.encoding));
    modes.push([path, f.mode]);
  }
  for (const l of shape.links) {
    try {
      symlinkSync(l.to, join(dir, l.dir, l.name));
    } catch {
      // the name is taken: that shape is already there
    }
  }
  if (shape.fifo) spawnSync('mkfifo', [join(dir, shape.fifo)]);
  if (process.getuid!() === 0) spawnSync('chown', ['-R', '-h', `${uid}:${gid}`, dir]);
  for (const [path, mode] of modes) chmodSync(path, mode);
  if (shape.lockedDir) chmodSync(join(dir, 'a', 'b'), 0o000);
  return dir;
}

/** Every regular file under dir with its bytes (read as root, or after opening what we locked). */
function snapshot(dir: string, out = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory()) {
      const mode = st.mode & 0o777;
      if (mode === 0) chmodSync(path, 0o700);
      snapshot(path, out);
      if (mode === 0) chmodSync(path, 0);
    } else if (st.isFile()) {
      const mode = st.mode & 0o777;
      if (!(mode & 0o400)) chmodSync(path, mode | 0o400);
      out.set(path, readFileSync(path));
      if (!(mode & 0o400)) chmodSync(path, mode);
    }
  }
  return out;
}

/** The files the output says were edited: `file:line: fixed XBnnn …` lines and JSON's `applied`. */
function editedFiles(stdout: string, stderr: string, dir: string): Set<string> {
  const files = new Set<string>();
  for (const m of `${stdout}\n${stderr}`.matchAll(/^(.+?):\d+: fixed XB\d{3} /gm)) files.add(normalize(join(dir, m[1])));
  try {
    for (const e of JSON.parse(stdout).applied ?? []) files.add(normalize(join(dir, e.file)));
  } catch {
    // not JSON output
  }
  return files;
}

describe('xbd check fuzzed over arguments and file-system shapes (as an unprivileged user)', () => {
  it(`${RUNS} runs: documented exit status, no stack trace, no unreported write, within ${BOUND_MS / 1000} s`, () => {
    let statuses = new Map<number, number>();
    fc.assert(
      fc.property(shapeArb, argArb, (shape, argList) => {
        const dir = build(shape);
        const args = ['check', '--no-go', ...argList.flat()];
        const before = snapshot(dir);
        const r = xbdAsUser(args, dir, BOUND_MS);
        const after = snapshot(dir);
        const context = `xbd ${args.join(' ')} in ${dir}\nexit ${r.code} signal ${r.signal} in ${r.ms} ms\nstderr: ${r.stderr}\nstdout: ${r.stdout.slice(0, 2000)}`;
        assert.equal(r.signal, null, `did not end within the bound\n${context}`);
        assert.ok(DOCUMENTED_EXITS.includes(r.code!), `undocumented exit status\n${context}`);
        assert.doesNotMatch(`${r.stderr}\n${r.stdout}`, STACK, `stack trace\n${context}`);
        assert.doesNotMatch(r.stderr, /internal error/, `internal error\n${context}`);
        const edited = editedFiles(r.stdout, r.stderr, dir);
        assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), `files appeared or vanished\n${context}`);
        for (const [path, bytes] of after) {
          if (!bytes.equals(before.get(path)!)) assert.ok(edited.has(normalize(path)), `${relative(dir, path)} changed but no edit of it was reported\n${context}`);
        }
        statuses.set(r.code!, (statuses.get(r.code!) ?? 0) + 1);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(`fuzz: seed ${SEED}, ${RUNS} runs; exit statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    statuses = new Map();
  });
});
