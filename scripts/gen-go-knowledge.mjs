// Generates the Go facts the engine embeds, from the REAL toolchains installed by
// scripts/install-test-deps.sh (never from memory or blog posts):
//   server/src/engine/knowledge/generated/go-ports.ts        `go tool dist list -json [-broken]`
//   server/src/engine/knowledge/generated/go-experiments.ts  $GOROOT/src/internal/goexperiment/flags.go
// Every experiment name is checked against the go command itself before it is written.
// Output is sorted, so re-running with the same toolchains changes nothing.
// Usage: node scripts/gen-go-knowledge.mjs [--check]   (--check: fail if the files are out of date)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const knowledge = join(root, 'server/src/engine/knowledge');
const check = process.argv.includes('--check');

// The covered releases come from go-versions.ts, so the list lives in one place.
const versionsSource = readFileSync(join(knowledge, 'go-versions.ts'), 'utf8');
const versions = [...(/GO_VERSIONS = \[([^\]]*)\]/.exec(versionsSource)?.[1] ?? '').matchAll(/'(1\.\d+)'/g)].map((m) => m[1]);
if (versions.length === 0) throw new Error('could not read GO_VERSIONS from go-versions.ts');

// Same places as test/truth/toolchains.ts looks in.
function findRoot(v) {
  const debs = process.env.XBD_GO_DEBS || '/opt/go-debs';
  return [`/usr/lib/go-${v}`, join(debs, 'usr/lib', `go-${v}`)].find((r) => existsSync(join(r, 'bin/go')));
}

const home = mkdtempSync(join(tmpdir(), 'xbd-gen-'));
process.on('exit', () => rmSync(home, { recursive: true, force: true }));

// Runs the go of `goroot` isolated from this machine's go env and GO* variables.
function go(goroot, args, extraEnv = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GO') && !k.startsWith('CGO_')));
  Object.assign(env, { HOME: home, GOENV: join(home, 'goenv'), GOFLAGS: '', GOPROXY: 'off', GOCACHE: join(home, 'cache') }, extraEnv, { GOTOOLCHAIN: 'local' });
  try {
    return { code: 0, stdout: execFileSync(join(goroot, 'bin/go'), args, { cwd: home, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }), stderr: '' };
  } catch (e) {
    return { code: e.status ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(e) };
  }
}

const byPort = (a, b) => (a.goos === b.goos ? (a.goarch < b.goarch ? -1 : 1) : a.goos < b.goos ? -1 : 1);

// Ports: the listed ones plus those only `-broken` shows (hidden from the list, still accepted by go).
function portsOf(goroot) {
  const parse = (extra) => {
    const r = go(goroot, ['tool', 'dist', 'list', '-json', ...extra]);
    if (r.code !== 0) throw new Error(`go tool dist list ${extra.join(' ')} failed in ${goroot}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const listed = new Set(parse([]).map((p) => `${p.GOOS}/${p.GOARCH}`));
  return parse(['-broken'])
    .map((p) => ({
      goos: p.GOOS,
      goarch: p.GOARCH,
      cgo: p.CgoSupported === true,
      firstClass: p.FirstClass === true,
      ...(p.Broken === true || !listed.has(`${p.GOOS}/${p.GOARCH}`) ? { broken: true } : {}),
    }))
    .sort(byPort);
}

// Experiments: internal/buildcfg lower-cases the field names of goexperiment.Flags and adds aliases
// (`names["regabi"] = ...`) and the keyword `none`; a `no` prefix negates a name.
function experimentsOf(goroot) {
  const flags = readFileSync(join(goroot, 'src/internal/goexperiment/flags.go'), 'utf8');
  const body = /\ntype Flags struct \{\n([\s\S]*?)\n\}/.exec(flags)?.[1];
  if (!body) throw new Error(`no Flags struct in ${goroot}/src/internal/goexperiment/flags.go`);
  const names = new Set();
  for (const line of body.split('\n')) {
    const m = /^\s*([A-Z][\w, ]*?)\s+bool\b/.exec(line.replace(/\/\/.*/, ''));
    if (m) for (const n of m[1].split(',')) names.add(n.trim().toLowerCase());
  }
  const exp = readFileSync(join(goroot, 'src/internal/buildcfg/exp.go'), 'utf8');
  for (const m of exp.matchAll(/names\["([a-z0-9]+)"\]\s*=/g)) names.add(m[1]);
  if (exp.includes('f == "none"')) names.add('none');
  const sorted = [...names].sort();
  // Trust but verify: the go command must accept each name (and its negation) and reject `unified`.
  for (const n of sorted) {
    for (const value of n === 'none' ? [n] : [n, `no${n}`]) {
      const r = go(goroot, ['env', 'GOEXPERIMENT'], { GOEXPERIMENT: value });
      if (r.stderr.includes('unknown GOEXPERIMENT')) throw new Error(`${goroot}: GOEXPERIMENT=${value} rejected: ${r.stderr.trim()}`);
    }
  }
  const bad = go(goroot, ['env', 'GOEXPERIMENT'], { GOEXPERIMENT: 'unified' });
  if (bad.code === 0 || bad.stderr.trim() !== 'go: unknown GOEXPERIMENT unified') {
    throw new Error(`${goroot}: expected GOEXPERIMENT=unified to be rejected, got exit ${bad.code}: ${bad.stderr.trim()}`);
  }
  return sorted;
}

const found = versions.map((v) => ({ v, goroot: findRoot(v) }));
const missing = found.filter((f) => !f.goroot).map((f) => f.v);
if (missing.length) {
  console.error(`gen-go-knowledge: missing Go ${missing.join(', ')}; install with: sudo scripts/install-test-deps.sh go`);
  process.exit(1);
}
const toolchains = found.map(({ v, goroot }) => ({ v, goroot, full: readFileSync(join(goroot, 'VERSION'), 'utf8').split('\n')[0].trim() }));
const fulls = toolchains.map((t) => t.full).join(', ');
const q = (s) => `'${s}'`;

function header(source) {
  return [
    '// GENERATED by scripts/gen-go-knowledge.mjs: do not edit; re-run `node scripts/gen-go-knowledge.mjs`.',
    `// Source: ${source}`,
    `// of Debian's Go packages ${fulls} (linux/amd64).`,
    "import type { GoVersion } from '../go-versions';",
    '',
  ].join('\n');
}

let ports = header('`go tool dist list -json` and `go tool dist list -json -broken` (broken: listed only with -broken)');
ports += '\n/** Every GOOS/GOARCH pair each Go release accepts; `broken` ones are hidden from `go tool dist list`. */\n';
ports += 'export const PORTS: Record<GoVersion, readonly { goos: string; goarch: string; cgo: boolean; firstClass: boolean; broken?: boolean }[]> = {\n';
for (const t of toolchains) {
  ports += `  // ${t.full}\n  ${q(t.v)}: [\n`;
  for (const p of portsOf(t.goroot)) {
    ports += `    { goos: ${q(p.goos)}, goarch: ${q(p.goarch)}, cgo: ${p.cgo}, firstClass: ${p.firstClass}${p.broken ? ', broken: true' : ''} },\n`;
  }
  ports += '  ],\n';
}
ports += '};\n';

let experiments = header('the fields of `type Flags struct` in $GOROOT/src/internal/goexperiment/flags.go (lower-cased, as\n// internal/buildcfg does) plus the aliases and the `none` keyword of src/internal/buildcfg/exp.go,\n// each checked with `GOEXPERIMENT=<name> go env GOEXPERIMENT` (and no<name>)');
experiments += '\n/** GOEXPERIMENT names each Go release accepts (`no` + name negates one; `none` takes no prefix). */\n';
experiments += 'export const EXPERIMENTS: Record<GoVersion, readonly string[]> = {\n';
for (const t of toolchains) {
  experiments += `  // ${t.full}\n  ${q(t.v)}: [\n${experimentsOf(t.goroot).map((n) => `    ${q(n)},\n`).join('')}  ],\n`;
}
experiments += '};\n';

let stale = false;
for (const [file, text] of [['go-ports.ts', ports], ['go-experiments.ts', experiments]]) {
  const path = join(knowledge, 'generated', file);
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (old === text) console.log(`gen-go-knowledge: ${file} up to date`);
  else if (check) (stale = true), console.error(`gen-go-knowledge: ${file} is out of date`);
  else writeFileSync(path, text), console.log(`gen-go-knowledge: wrote ${file}`);
}
if (stale) process.exit(1);
