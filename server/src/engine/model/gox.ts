import type { Range } from '../types';
import type { Assignment, EnvEntry, GoCommand, Word } from './types';
import { writtenOnOneLine } from '../shell/types';

/**
 * gox builds the cross product of its `-os` and `-arch` lists, plus each `-osarch` pair (a `!` in front
 * excludes a pair). Each os and arch written there is a site of GOOS/GOARCH (kind `argument`: the word
 * the user wrote), and each pair one target environment, so the value and port rules check them as
 * they check GOOS=… GOARCH=… go build. Lists read from words we cannot read make no pairs.
 */
export function goxTargets(command: GoCommand): { sites: Assignment[]; targets: Map<string, EnvEntry>[] } {
  const oses: Assignment[] = [];
  const arches: Assignment[] = [];
  const pairs: [Assignment, Assignment][] = [];
  const excluded = new Set<string>();
  const args = command.args;
  for (let k = 0; k < args.length; k++) {
    const m = /^--?(os|arch|osarch)(=|$)/.exec(args[k].value ?? args[k].text);
    if (!m) continue;
    const word = m[2] ? args[k] : args[k + 1];
    if (!m[2]) k++;
    if (!word || word.value === undefined) return { sites: [], targets: [] };
    const value = m[2] ? word.value.slice(word.value.indexOf('=') + 1) : word.value;
    for (const element of elements(word, value)) {
      if (m[1] === 'os') oses.push(site(command, 'GOOS', element.text, element.range));
      else if (m[1] === 'arch') arches.push(site(command, 'GOARCH', element.text, element.range));
      else if (element.text.startsWith('!')) excluded.add(element.text.slice(1));
      else {
        const [os, arch] = element.text.split('/');
        if (!os || !arch) continue;
        pairs.push([site(command, 'GOOS', os, element.range), site(command, 'GOARCH', arch, element.range)]);
      }
    }
  }
  for (const os of oses) for (const arch of arches) pairs.push([os, arch]);
  const targets = pairs
    .filter(([os, arch]) => !excluded.has(`${os.value}/${arch.value}`))
    .map(([os, arch]) => new Map([...command.env, ['GOOS', entry(os)], ['GOARCH', entry(arch)]]));
  const sites = [...new Set([...oses, ...arches, ...pairs.flat()])];
  return { sites, targets };
}

/** The blank-separated elements of a flag's value, each with its range when the word is written on one line. */
function elements(word: Word, value: string): { text: string; range: Range }[] {
  const out: { text: string; range: Range }[] = [];
  const oneLine = writtenOnOneLine(word);
  let from = 0;
  // Stryker disable next-line Regex: the empty texts between single blanks are filtered out as well
  for (const text of value.split(/\s+/).filter(Boolean)) {
    const at = oneLine ? word.text.indexOf(text, from) : -1;
    if (at >= 0) from = at + text.length;
    const range = at >= 0 ? { start: { line: word.range.start.line, character: word.range.start.character + at }, end: { line: word.range.start.line, character: word.range.start.character + at + text.length } } : word.range;
    out.push({ text, range });
  }
  return out;
}

function site(command: GoCommand, name: string, value: string, range: Range): Assignment {
  return {
    file: command.file,
    name,
    kind: 'gox-target',
    nameRange: range,
    range,
    valueRange: range,
    valueText: value,
    value,
    literal: true,
    addSibling: () => ({ file: command.file, range: { start: range.end, end: range.end }, newText: '' }),
    remove: () => ({ file: command.file, range, newText: '' }),
  };
}

function entry(site: Assignment): EnvEntry {
  return { name: site.name, value: site.value, expr: site.valueText, site, definition: site };
}
