import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { child, items, pairs, spanOf, stringOf } from '../config/yaml';
import { GOARCH_ALIASES, GOOS_ALIASES } from '../knowledge/go-values';
import { isKnownGoarch, isKnownGoos } from '../knowledge/ports';
import type { MappedText } from '../text';
import type { Position } from '../types';
import type { Program } from './builder';
import { isTemplated, scalarSite, type ConfigFile } from './config-sites';
import type { Assignment, GoCommand, JobBuild, MatrixDimension } from './types';

/**
 * What a value of a matrix entry names: an operating system, an architecture (Go's name or one people
 * write for it: x86_64, aarch64), or a whole platform (`linux/arm64`). Undefined for anything else
 * (runner labels, Go versions, Rust triples).
 */
function roleOf(value: string): MatrixDimension['role'] | undefined {
  if (isKnownGoos(value) || Object.hasOwn(GOOS_ALIASES, value.toLowerCase())) return 'os';
  if (isKnownGoarch(value) || Object.hasOwn(GOARCH_ALIASES, value)) return 'arch';
  const [os, arch = ''] = value.split('/');
  if (isKnownGoos(os) && (isKnownGoarch(arch) || Object.hasOwn(GOARCH_ALIASES, arch))) return 'platform';
  return undefined;
}

/**
 * The entries of a job's matrix whose every value names a platform, an OS or an architecture: list keys
 * (`goarch: [amd64, arm64]`), fields of mapping items (`platform: [{ os: linux, arch: arm64 }]` →
 * `platform.os`, `platform.arch`), and keys `include` entries add. `exclude` removes legs, not values.
 */
export function platformDimensions(cfg: ConfigFile, matrix: Node | undefined): MatrixDimension[] {
  const found = new Map<string, Node[]>();
  const add = (path: string, node: Node | undefined): void => {
    if (isScalar(node)) found.set(path, [...(found.get(path) ?? []), node]);
  };
  for (const { key, value } of pairs(matrix)) {
    if (key === 'exclude') continue;
    if (key === 'include') {
      for (const entry of items(value)) for (const field of pairs(entry)) addValue(field.key, field.value, add);
      continue;
    }
    if (isSeq(value)) for (const item of items(value)) addValue(key, item, add);
  }
  const out: MatrixDimension[] = [];
  for (const [path, nodes] of found) {
    const values = nodes.map((n) => stringOf(n)).filter((v): v is string => v !== undefined && !isTemplated(v));
    const roles = new Set(values.map(roleOf));
    if (roles.size !== 1 || roles.has(undefined)) continue;
    const [start] = spanOf(nodes[0]);
    const end = spanOf(nodes[nodes.length - 1])[1];
    out.push({ path, role: [...roles][0]!, values: [...new Set(values)], range: cfg.lines.range(start, end) });
  }
  return out;
}

function addValue(path: string, node: Node | undefined, add: (path: string, node: Node | undefined) => void): void {
  if (!isMap(node)) {
    add(path, node);
    return;
  }
  for (const field of pairs(node)) add(`${path}.${field.key}`, field.value);
}

/** The scalar nodes `matrix.PATH` takes (`goarch`, `platform.os`), from its list and from `include` entries. */
export function matrixValueNodes(matrix: Node | undefined, path: string): Node[] {
  const [key, ...rest] = path.split('.');
  const pick = (node: Node | undefined): Node | undefined => rest.reduce<Node | undefined>((n, k) => child(n, k), node);
  const out: Node[] = [];
  for (const item of items(child(matrix, key))) {
    const v = pick(item);
    if (isScalar(v)) out.push(v);
  }
  for (const entry of items(child(matrix, 'include'))) {
    const v = pick(child(entry, key));
    if (isScalar(v)) out.push(v);
  }
  return out;
}

/** `${{ matrix.PATH }}` alone (maybe quoted): the PATH. */
const WHOLE_MATRIX_VALUE = /^["']?\$\{\{\s*matrix\.([\w-]+(?:\.[\w-]+)*)\s*\}\}["']?$/;

/**
 * Sites for the matrix values a build variable takes in a run: text (`export GOARCH=${{ matrix.arch }}`):
 * each value where the matrix writes it, so value rules judge every leg.
 */
export function matrixSitesOf(cfg: ConfigFile, matrix: Node | undefined, sites: readonly Assignment[], siteOf: (name: string, node: Node) => Assignment | undefined = (name, node) => scalarSite(cfg, name, node)): Assignment[] {
  const out: Assignment[] = [];
  for (const site of sites) {
    const m = WHOLE_MATRIX_VALUE.exec(site.valueText.trim());
    if (!m) continue;
    for (const node of matrixValueNodes(matrix, m[1])) {
      const leg = siteOf(site.name, node);
      if (leg) out.push(leg);
    }
  }
  return out;
}

/** Every `matrix.…` reference in a text (an expression, an `if:` condition); '' for the whole matrix. */
function matrixRefs(text: string): string[] {
  return [...text.matchAll(/\bmatrix\b(?:\.([\w-]+(?:\.[\w-]+)*))?/g)].map((m) => m[1] ?? '');
}

/**
 * True when a reference reads a dimension: `matrix.platform` reads `platform.os`, and the whole matrix reads
 * all. (A dimension's values are scalars: a reference below one, `matrix.goos.x`, is null and reads nothing.)
 */
function reads(ref: string, dims: readonly MatrixDimension[]): boolean {
  return dims.some((d) => ref === '' || ref === d.path || d.path.startsWith(`${ref}.`));
}

/** True when a node (any scalar under it) references a dimension. */
export function nodeReads(node: Node | undefined, dims: readonly MatrixDimension[]): boolean {
  if (!node) return false;
  if (isScalar(node)) return matrixRefs(stringOf(node) ?? '').some((r) => reads(r, dims));
  if (isMap(node)) return pairs(node).some((p) => nodeReads(p.value, dims));
  if (isSeq(node)) return items(node).some((n) => nodeReads(n, dims));
  return false;
}

/**
 * Actions that only fetch, cache or publish files: a matrix value in their inputs (an artifact's name)
 * does not choose what is built.
 */
const INERT_ACTIONS = /^(actions\/(checkout|setup-go|cache)|softprops\/action-gh-release)@/;
/** Any action named for moving files (`upload-artifact`, `actions-upload-release-asset`, `download-artifact`). */
const FILE_MOVING_ACTION = /^[^@/]+\/[^@]*(upload|download|artifact|release-asset)[^@]*@/i;
export function isInertAction(uses: string): boolean {
  return INERT_ACTIONS.test(uses) || FILE_MOVING_ACTION.test(uses);
}

/** Programs that archive, copy, move or checksum files: a matrix value in their words names a file. */
const INERT_PROGRAMS = new Set(['tar', 'zip', '7z', 'gzip', 'xz', 'mv', 'cp', 'ln', 'rm', 'mkdir', 'ls', 'chmod', 'sha256sum', 'sha512sum', 'shasum', 'md5sum', 'upx', 'gh']);

/**
 * True when a `${{ … }}` expression of a run: text that reads a dimension sits anywhere but in an archiving
 * or copying program's words or in a go build's own words (output names, -X values): in an assignment, an
 * echo (maybe to $GITHUB_ENV), a make or script call, those may choose the target.
 */
export function runTextReads(text: MappedText, dims: readonly MatrixDimension[], runs: readonly (GoCommand | Program)[], offsetOf: (p: Position) => number): boolean {
  const t = text.text;
  for (let open = t.indexOf('${{'); open >= 0; open = t.indexOf('${{', open + 3)) {
    const close = t.indexOf('}}', open + 3);
    const expr = t.slice(open, close < 0 ? t.length : close);
    if (!matrixRefs(expr).some((r) => reads(r, dims))) continue;
    const at = text.origin(open);
    // Stryker disable next-line EqualityOperator: an expression at a run's first character is its name, which no build or inert program has; one at its end is in no word of it
    const run = runs.find((r) => offsetOf(r.range.start) <= at && at < offsetOf(r.range.end));
    if (!run) return true;
    if ('tool' in run ? !(run.tool === 'go' && isGoBuild(run)) : !INERT_PROGRAMS.has(run.name)) return true;
  }
  return false;
}

function isGoBuild(c: GoCommand): boolean {
  return c.subcommand === 'build' || c.subcommand === 'install';
}

/** make targets that do not build a binary: a matrix job running only these builds nothing for a platform. */
const NON_BUILD_TARGETS = new Set(['test', 'tests', 'lint', 'vet', 'fmt', 'check', 'clean', 'tidy', 'generate', 'deps', 'tools', 'docs', 'coverage']);

/**
 * The builds of a run: text: `go build`/`go install`, and make, task runners and scripts (what they run is
 * another file; GOOS/GOARCH in their environment would reach it). Whether GOOS or GOARCH is there.
 */
export function jobBuildsOf(runs: readonly (GoCommand | Program)[]): JobBuild[] {
  const out: JobBuild[] = [];
  for (const run of runs) {
    if ('tool' in run) {
      if (run.tool !== 'go' || !isGoBuild(run)) continue;
      out.push({ range: run.range, kind: 'go', name: `go ${run.subcommand}`, targetSet: run.env.has('GOOS') || run.env.has('GOARCH'), insertBefore: run.insertBefore });
      continue;
    }
    const words = run.args.filter((a): a is string => a !== undefined && !a.startsWith('-') && !a.includes('='));
    const make = run.name === 'make' || run.name === 'gmake';
    const script = /\.sh$/.test(run.name) || ((run.name === 'bash' || run.name === 'sh') && /\.sh$/.test(words[0] ?? ''));
    const runner = run.name === 'mage' || run.name === 'task' || run.name === 'just';
    if (!make && !script && !runner) continue;
    if (make && words.length > 0 && words.every((w) => NON_BUILD_TARGETS.has(w))) continue;
    if (run.args.some((a) => a === undefined)) continue; // a word we cannot read may name the target
    const label = [run.name, ...(make || runner ? words.slice(0, 1) : script && run.name !== words[0] && /\.sh$/.test(words[0] ?? '') ? [words[0]] : [])].join(' ');
    out.push({ range: run.range, kind: 'program', name: label, targetSet: run.env.has('GOOS') || run.env.has('GOARCH'), insertBefore: run.insertBefore });
  }
  return out;
}
