import { isSeq, type Node } from 'yaml';
import { child, items, pairs, parseYaml, spanOf, stringOf } from '../config/yaml';
import type { LineIndex } from '../text';
import type { SourceFile } from '../types';
import type { ModelBuilder } from './builder';
import { appendToList, entryOf, isTemplated, listItemSite, scalarSite, type ConfigFile } from './config-sites';
import { BUILD_VARIABLE, goFlags } from './go-command';
import { listValues } from './workflow-model';
import type { EnvEntry, GoCommand, GoReleaserBuild, GoReleaserModel, ImageBuild, ModelOptions, ReleaseTarget, Word } from './types';
import type { Range } from '../types';

/**
 * GoReleaser's defaults when a build leaves a list out (its documentation, versions 1 and 2): goos darwin,
 * linux, windows; goarch 386, amd64, arm64; goarm 6; goamd64 v1.
 */
const DEFAULTS = { goos: ['darwin', 'linux', 'windows'], goarch: ['386', 'amd64', 'arm64'], goarm: ['6'], goamd64: ['v1'] };
/** Contexts per build at most: a build's matrix rarely exceeds a few dozen targets. */
const MAX_TARGETS = 64;

/**
 * A GoReleaser config (`.goreleaser.yaml`, schema versions 1 and 2): each Go build's target matrix with its
 * values as sites (goos, goarch, goarm, goamd64 items), its `env` as the environment of every target, and
 * the images `dockers` and `dockers_v2` build.
 */
export function goreleaserModel(file: SourceFile, lines: LineIndex, options: ModelOptions, parts: ModelBuilder, inherited?: Map<string, EnvEntry>): GoReleaserModel {
  const model: GoReleaserModel = { ...parts.base(), kind: 'goreleaser', builds: [], images: [], ...(inherited ? { inherited } : {}) };
  const { root, error } = parseYaml(file.text);
  if (error) options.log?.(`xbd: ${file.path}: YAML: ${error}; reading what parsed`);
  const cfg: ConfigFile = { path: file.path, text: file.text, lines };
  // builds, dockers and dockers_v2 are lists in both schemas; `build:` (one mapping) is version 1's single build.
  const single = child(root, 'build');
  for (const [i, node] of (isSeq(child(root, 'builds')) ? items(child(root, 'builds')) : single ? [single] : []).entries()) {
    const build = buildOf(cfg, node, `builds[${i}]`, parts);
    model.builds.push(build);
    for (const t of build.targets.slice(0, MAX_TARGETS)) {
      // GoReleaser runs go with its own environment, the build's env over it.
      const env = new Map([...(inherited ?? []), ...build.env]);
      // A build that names a C compiler but not CGO_ENABLED expects cgo on from the environment GoReleaser runs
      // in (goreleaser-cross images set CGO_ENABLED=1): with no caller known here, that value is unknown.
      if (!inherited && !env.has('CGO_ENABLED') && (env.has('CC') || env.has('CXX'))) env.set('CGO_ENABLED', { name: 'CGO_ENABLED', value: undefined, expr: '$CGO_ENABLED' });
      env.set('GOOS', { name: 'GOOS', value: t.goos, expr: t.goos });
      env.set('GOARCH', { name: 'GOARCH', value: t.goarch, expr: t.goarch });
      if (t.goarm) env.set('GOARM', { name: 'GOARM', value: t.goarm, expr: t.goarm });
      if (t.goamd64) env.set('GOAMD64', { name: 'GOAMD64', value: t.goamd64, expr: t.goamd64 });
      if (t.goarm64) env.set('GOARM64', { name: 'GOARM64', value: t.goarm64, expr: t.goarm64 });
      const command = goCommandOf(cfg, build, env);
      parts.commands.push(command);
      model.contexts.push({ env, goVersion: options.goVersion, command, where: `GoReleaser build ${build.name} (${targetLabel(t)})` });
    }
  }
  for (const [i, node] of listOf(child(root, 'dockers')).entries()) model.images.push(withIds(dockerV1(cfg, node, i), node));
  for (const [i, node] of listOf(child(root, 'dockers_v2')).entries()) model.images.push(withIds(dockerV2(cfg, node, i), node));
  return model;
}

/**
 * The `go build` GoReleaser runs for one target: its flags from `flags`, `ldflags` (items joined by a
 * blank, as GoReleaser does), `tags` and `buildmode`, each word at its YAML entry; the target's
 * environment. The command has no argument words, so flag rules report at the build's first line and
 * offer no word edits (shell edits would break the YAML); `insertBefore(NAME=value)` edits the env list.
 */
function goCommandOf(cfg: ConfigFile, build: GoReleaserBuild, env: Map<string, EnvEntry>): GoCommand {
  const line = build.range.start.line;
  const first: Range = { start: build.range.start, end: { line, character: cfg.lines.lineEnd(line) - cfg.lines.offsetAt({ line, character: 0 }) } };
  return {
    file: cfg.path,
    tool: 'go',
    subcommand: 'build',
    range: first,
    goRange: first,
    args: [],
    // Stryker disable next-line StringLiteral: goFlags treats every subcommand but run alike
    flags: goFlags(build.flagWords, 'build'),
    env,
    insertBefore: (text) => {
      const m = /^([A-Z_][A-Z0-9_]*)=(\S*) $/.exec(text);
      const site = m ? env.get(m[1])?.site : undefined;
      if (site && site.file === cfg.path) return { file: cfg.path, range: site.valueRange, newText: m![2] };
      // No safe edit for several variables at once: an empty insert changes nothing (no rule asks it of a GoReleaser build).
      return (m ? build.addEnv(m[1], m[2]) : undefined) ?? { file: cfg.path, range: { start: first.start, end: first.start }, newText: '' };
    },
  };
}

/** A Go template action that makes text conditional (`{{ if … }}`, `{{- else }}`, `{{ range … }}`): its words are unknown. */
const CONDITIONAL = /\{\{-?\s*(if|else|end|range|with)\b/;

/** The words of a build's go flags: `flags` items, then `-ldflags=…`, `-tags=…`, `-buildmode=…`. Templates are unknown. */
function flagWordsOf(cfg: ConfigFile, node: Node): Word[] {
  const words: Word[] = [];
  const word = (text: string, n: Node): Word => {
    const [s, e] = spanOf(n);
    return { text, value: CONDITIONAL.test(text) ? undefined : text, range: cfg.lines.range(s, e) };
  };
  for (const item of items(child(node, 'flags'))) {
    const v = stringOf(item);
    if (v === undefined) continue;
    // A condition decides which of its words go is given: the item is one unknown word.
    if (CONDITIONAL.test(v)) words.push(word(v, item));
    else for (const part of v.match(/\S+/g) ?? []) words.push(word(part, item));
  }
  const joined = (key: string, sep: string): void => {
    const list = child(node, key);
    if (!list) return;
    const values = items(list).map(stringOf);
    if (values.some((v) => v === undefined)) return;
    words.push(word(`-${key}=${values.join(sep)}`, list));
  };
  joined('ldflags', ' ');
  joined('tags', ',');
  // Stryker disable next-line StringLiteral: buildmode is one string, nothing to join
  joined('buildmode', '');
  return words;
}

/** An image's `ids`: the builds it takes binaries from; a templated id makes the set unknown (all builds). */
function withIds(image: ImageBuild, node: Node): ImageBuild {
  const ids = child(node, 'ids');
  if (!ids) return image;
  const names = items(ids).map(stringOf);
  if (names.some((n) => n === undefined || isTemplated(n))) return image;
  return { ...image, ids: names as string[] };
}

function listOf(node: Node | undefined): Node[] {
  return isSeq(node) ? items(node) : [];
}

export function targetLabel(t: ReleaseTarget): string {
  return `${t.goos}/${t.goarch}${t.goarm ? `/v${t.goarm}` : ''}${t.goamd64 && t.goamd64 !== 'v1' ? `/${t.goamd64}` : ''}`;
}

function buildOf(cfg: ConfigFile, node: Node, fallbackName: string, parts: ModelBuilder): GoReleaserBuild {
  const [start, end] = spanOf(node);
  const first = pairs(node)[0];
  const keyStart = first ? spanOf(first.keyNode)[0] : start;
  const builder = stringOf(child(node, 'builder'));
  const envNode = child(node, 'env');
  const env = new Map<string, EnvEntry>();
  for (const item of items(envNode)) {
    const site = listItemSite(cfg, item, envNode!);
    if (!site) continue;
    const build = BUILD_VARIABLE.test(site.name);
    if (build) parts.assignments.push(site);
    env.set(site.name, entryOf(site, build));
  }
  const build: GoReleaserBuild = {
    name: stringOf(child(node, 'id')) ?? fallbackName,
    range: cfg.lines.range(keyStart, end),
    targets: [],
    targetsKnown: true,
    env,
    addEnv: (name, value) => appendToList(cfg, node, 'env', `${name}=${value}`),
    skipped: (builder !== undefined && builder !== 'go') || stringOf(child(node, 'skip')) === 'true',
    flagWords: flagWordsOf(cfg, node),
    overridesCC: items(child(node, 'overrides')).some((o) => items(child(o, 'env')).some((e) => /^(CC|CXX)=/.test(stringOf(e) ?? ''))),
  };
  if (build.skipped) return build;
  const lists: Record<keyof typeof DEFAULTS, string[]> = { goos: [], goarch: [], goarm: [], goamd64: [] };
  // A variable beside a matrix item (XB102's GOARM for armv7) is the build's list of it: goarm: ["7"].
  const beside = (name: string, value: string) => appendToList(cfg, node, name.toLowerCase(), JSON.stringify(value));
  const names = { goos: 'GOOS', goarch: 'GOARCH', goarm: 'GOARM', goamd64: 'GOAMD64' } as const;
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    const list = child(node, key);
    if (!list) {
      lists[key] = DEFAULTS[key];
      continue;
    }
    for (const item of items(list)) {
      const value = stringOf(item);
      if (value === undefined || isTemplated(value)) {
        build.targetsKnown = false;
        continue;
      }
      parts.assignments.push(scalarSite(cfg, names[key], item, beside)!);
      lists[key].push(value);
    }
  }
  // goarm64 (GoReleaser v2.4+): read only when written; its default (v8.0) is Go's own, so no target needs it.
  const goarm64: string[] = [];
  for (const item of items(child(node, 'goarm64'))) {
    const value = stringOf(item);
    if (value === undefined || isTemplated(value)) continue;
    parts.assignments.push(scalarSite(cfg, 'GOARM64', item, beside)!);
    goarm64.push(value);
  }
  if (child(node, 'targets')) build.targetsKnown = false; // an explicit target list replaces the matrix
  const ignore = items(child(node, 'ignore')).map((n) => ({
    goos: stringOf(child(n, 'goos')),
    goarch: stringOf(child(n, 'goarch')),
    goarm: stringOf(child(n, 'goarm')),
    goamd64: stringOf(child(n, 'goamd64')),
  }));
  for (const goos of lists.goos) {
    for (const goarch of lists.goarch) {
      const variants: Partial<ReleaseTarget>[] = goarch === 'arm' ? lists.goarm.map((goarm) => ({ goarm })) : goarch === 'amd64' ? lists.goamd64.map((goamd64) => ({ goamd64 })) : goarch === 'arm64' && goarm64.length ? goarm64.map((g) => ({ goarm64: g })) : [{}];
      for (const v of variants) {
        const t: ReleaseTarget = { goos, goarch, ...v };
        const ignored = ignore.some((i) => (i.goos ?? goos) === goos && (i.goarch ?? goarch) === goarch && (i.goarm === undefined || i.goarm === t.goarm) && (i.goamd64 === undefined || i.goamd64 === t.goamd64));
        if (!ignored) build.targets.push(t);
      }
    }
  }
  return build;
}

/** `dockers[]` (schema 1 style): one image per entry, for its goos/goarch (linux/amd64 by default). */
function dockerV1(cfg: ConfigFile, node: Node, i: number): ImageBuild {
  const [start, end] = spanOf(node);
  const image: ImageBuild = { by: `GoReleaser dockers[${i}]`, range: cfg.lines.range(start, end), args: new Map() };
  image.dockerfile = stringOf(child(node, 'dockerfile'));
  // GoReleaser's defaults for a docker entry: linux, amd64, goarm 6.
  const goos = stringOf(child(node, 'goos')) ?? 'linux';
  const goarch = stringOf(child(node, 'goarch')) ?? 'amd64';
  const goarm = stringOf(child(node, 'goarm')) ?? '6';
  const flagsKey = pairs(node).find((p) => p.key === 'build_flag_templates')?.keyNode;
  const [anchorStart, anchorEnd] = flagsKey ? spanOf(flagsKey) : [start, cfg.lines.lineEnd(cfg.lines.positionAt(start).line)];
  if (!isTemplated(goos + goarch + goarm)) {
    image.binaries = {
      platform: `${goos}/${goarch}${goarch === 'arm' ? `/v${goarm}` : ''}`,
      anchor: cfg.lines.range(anchorStart, anchorEnd),
      addFlag: (flag) => appendToList(cfg, node, 'build_flag_templates', JSON.stringify(flag)),
    };
  }
  for (const flag of items(child(node, 'build_flag_templates'))) {
    const text = stringOf(flag);
    const m = text ? /^--platform[= ](.+)$/.exec(text.trim()) : null;
    if (!m) continue;
    const [s, e] = spanOf(flag);
    image.platforms = [{ value: isTemplated(m[1]) ? undefined : m[1], range: cfg.lines.range(s, e) }];
  }
  return image;
}

/** `dockers_v2[]`: one multi-platform image per entry, for its `platforms`. */
function dockerV2(cfg: ConfigFile, node: Node, i: number): ImageBuild {
  const [start, end] = spanOf(node);
  const image: ImageBuild = { by: `GoReleaser dockers_v2[${i}]`, range: cfg.lines.range(start, end), args: new Map() };
  image.dockerfile = stringOf(child(node, 'dockerfile'));
  const platforms = child(node, 'platforms');
  if (platforms) image.platforms = listValues(cfg, platforms);
  return image;
}
