import { BUILD_VARIABLE } from './go-command';
import { hostOutputs } from './host-commands';
import { buildxImage } from './workflow-model';
import { bakeCommandRun } from './bake-run';
import { LineIndex, MappedText } from '../text';
import type { SourceFile, TextEdit } from '../types';
import type { ModelBuilder } from './builder';
import type { Assignment, EnvEntry, GoEnvModel, GoModModel, ModelOptions, ShellModel } from './types';


/** A shell script: one shell, run top to bottom; the environment it inherits is unknown unless a caller's is given. */
export function shellModel(file: SourceFile, lines: LineIndex, options: ModelOptions, parts: ModelBuilder, inherited?: Map<string, EnvEntry>, callsFrom: string | undefined = ''): ShellModel {
  // `inherited`: the environment a caller runs it with (follow/); `callsFrom`: where its shell starts, from its
  // folder (its own when run alone), so the scripts and Makefiles it runs are found. The script runs on a
  // developer's machine or a CI runner: `$(uname -m)` is one of the build hosts' names.
  const result = parts.walk({ file: file.path, lines, source: MappedText.of(file.text, 0), env: new Map(inherited ?? []), hostCommand: hostOutputs }, { goVersion: options.goVersion, where: 'this script', callsFrom, script: true });
  const images = result.others.flatMap((p) => buildxImage(p.name, p.args, `docker build on line ${p.range.start.line + 1}`, p.range) ?? []);
  const bakes = result.others.flatMap((p) => bakeCommandRun(p.name, p.args, `docker buildx bake on line ${p.range.start.line + 1}`, p.range, '.') ?? []);
  const model: ShellModel = { ...parts.base(), kind: 'shell', images, ...(bakes.length ? { bakes } : {}) };
  const exported = new Map([...result.finalEnv].filter(([k]) => BUILD_VARIABLE.test(k)));
  if (exported.size) model.contexts.push({ env: exported, goVersion: options.goVersion, where: 'the script\'s environment' });
  return model;
}

/**
 * A go env file (`go env GOENV`, go.env): `KEY=VALUE` lines, `#` comments. Go reads values verbatim
 * (no quotes, no expansion), and the whole file is one environment that every build sees.
 */
export function goenvModel(file: SourceFile, lines: LineIndex, options: ModelOptions, parts: ModelBuilder): GoEnvModel {
  const model: GoEnvModel = { ...parts.base(), kind: 'goenv' };
  const env = new Map<string, EnvEntry>();
  for (let line = 0; line < lines.lineCount; line++) {
    const start = lines.offsetAt({ line, character: 0 });
    const end = lines.lineEnd(line);
    const text = file.text.slice(start, end);
    // A comment line (`#GOOS=…`) never matches: a name starts with a letter or _.
    const m = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)=(.*)/.exec(text);
    if (!m) continue;
    const [, indent, name, rawValue] = m;
    const value = rawValue.trim();
    const nameStart = start + indent.length;
    const valueStart = nameStart + name.length + 1 + (rawValue.length - rawValue.trimStart().length);
    const site: Assignment = {
      file: file.path,
      name,
      kind: 'goenv',
      nameRange: lines.range(nameStart, nameStart + name.length),
      range: lines.range(nameStart, end),
      valueRange: lines.range(valueStart, valueStart + value.length),
      valueText: value,
      value,
      literal: true, // go reads env file values verbatim
      addSibling: (n, v): TextEdit => ({ file: file.path, range: lines.range(end, end), newText: `${lines.eol}${n}=${v}` }),
      // Past the last line offsetAt is the text's end.
      remove: (): TextEdit => ({ file: file.path, range: lines.range(start, lines.offsetAt({ line: line + 1, character: 0 })), newText: '' }),
    };
    model.assignments.push(site);
    env.set(name, { name, value, expr: value, site });
  }
  if (env.size) model.contexts.push({ env, goVersion: options.goVersion, where: 'the go env file' });
  return model;
}

/** go.mod / go.work: the `go` and `toolchain` lines, which decide the Go version for scripts. */
export function goModVersion(text: string): string | undefined {
  const toolchain = /^toolchain\s+go(1\.\d+)/m.exec(text);
  const go = /^go\s+(1\.\d+)/m.exec(text);
  return toolchain?.[1] ?? go?.[1];
}

export function gomodModel(parts: ModelBuilder): GoModModel {
  return { ...parts.base(), kind: 'gomod' };
}
