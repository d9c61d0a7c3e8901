// Fills the "Verified" section of each docs/rules page from the truth harness's last run
// (test-results/truth.json, written by `npm run test:truth`). Run it after the harness.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsPath = `${root}test-results/truth.json`;
if (!existsSync(resultsPath)) {
  console.error('verified-docs: run `npm run test:truth` first (no test-results/truth.json)');
  process.exit(1);
}
const results = JSON.parse(readFileSync(resultsPath, 'utf8'));

const code = (text) => `\`${text.replace(/`/g, "'")}\``;
// Temp directories and build IDs differ on every run; the docs show them as … so pages change only with behaviour.
const stable = (line) =>
  line
    .replace(/\/tmp\/[^\s:'"]*/g, '/tmp/…')
    .replace(/\/root\/[^\s:'"]*/g, '…')
    .replace(/BuildID=[^\s,]+/g, 'BuildID=…')
    .replace(/\b[0-9a-f]{40}\b/g, '…');
const firstLines = (text, n) => text.trim().split('\n').filter((l) => l && !l.startsWith('#')).slice(0, n).map(stable).join(' ⏎ ');
const output = (r) => {
  const text = firstLines(r.stderr || r.stdout, 3);
  const main = text ? code(text) : '(no output)';
  // What the harness then saw of the binary: its type, interpreter, or how running it ended.
  const seen = (r.inspections ?? []).map((i) => {
    const line = i.kind === 'interp' ? (/Requesting program interpreter: [^\]]+/.exec(i.output)?.[0] ?? 'no program interpreter') : firstLines(i.output, 1);
    return `then ${code(i.command)} → ${line ? code(line) : '(no output)'} (exit ${i.exit})`;
  });
  return [main, ...seen].join('<br>');
};
/** How a run is shown: the go command line, or for a Makefile or script witness the command and the file it ran. */
const command = (r) => {
  const env = Object.entries(r.env).map(([k, v]) => `${k}=${v}`);
  if (!r.script) return `\`${[...env, 'go', ...r.args].join(' ')}\``;
  const make = r.script.make !== undefined;
  const body = (make ? r.script.make : r.script.sh).trimEnd();
  return `\`${[...env, make ? 'make -s' : 'sh build.sh'].join(' ')}\` with this ${make ? 'Makefile' : 'build.sh'}:\n\n\`\`\`${make ? 'make' : 'sh'}\n${body}\n\`\`\``;
};

const byCode = new Map();
for (const r of results) {
  if (!byCode.has(r.code)) byCode.set(r.code, new Map());
  const claims = byCode.get(r.code);
  const key = `${r.claim}\u0000${command(r)}`;
  if (!claims.has(key)) claims.set(key, []);
  claims.get(key).push(r);
}

let updated = 0;
for (const [code, claims] of byCode) {
  const page = `${root}docs/rules/${code}.md`;
  if (!existsSync(page)) continue;
  const parts = ['Run by the truth harness (`npm run test:truth`) on linux/amd64 with Debian\'s Go packages, in a', 'private HOME and GOENV with `GOTOOLCHAIN=local`.', ''];
  for (const runs of claims.values()) {
    parts.push(`**${runs[0].claim}**`, '', command(runs[0]), '', '| Go | exit | output |', '|---|---|---|');
    // Consecutive versions with the same outcome share a row.
    let group = [];
    const flush = () => {
      if (!group.length) return;
      const span = group.length === 1 ? group[0].go : `${group[0].go} – ${group[group.length - 1].go}`;
      parts.push(`| ${span} | ${group[0].exit} | ${output(group[0])} |`);
      group = [];
    };
    for (const r of runs) {
      if (group.length && (group[0].exit !== r.exit || output(group[0]) !== output(r))) flush();
      group.push(r);
    }
    flush();
    parts.push('');
  }
  const text = readFileSync(page, 'utf8');
  const next = text.replace(/<!-- verified:start -->[\s\S]*<!-- verified:end -->/, `<!-- verified:start -->\n${parts.join('\n').trim()}\n<!-- verified:end -->`);
  if (next !== text) {
    writeFileSync(page, next);
    updated++;
  }
}
console.log(`verified-docs: ${updated} page(s) updated from ${results.length} runs`);
