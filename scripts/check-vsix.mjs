// Checks a built VSIX: under 1.1 MB, the bundles and grammars inside, no source maps, tests or sources.
// Usage: node scripts/check-vsix.mjs file.vsix   (prints the entries and sizes; exits 1 on a violation)
import { readFileSync, statSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/check-vsix.mjs file.vsix');
  process.exit(2);
}
// The budget catches what should never ship (a source map alone is over 2 MB, node_modules far more); the
// four bundles, three grammars and 40 rule pages came to 1,049,288 bytes at 46975f3, hence 10% above 1 MB.
const LIMIT = Math.round(1.1 * 1024 * 1024);
const buf = readFileSync(file);

/** The entries of a zip file, from its central directory. */
function entries(zip) {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt central directory');
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    out.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size, compressed });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

const list = entries(buf);
const problems = [];
const size = statSync(file).size;
if (size >= LIMIT) problems.push(`${file} is ${size} bytes, over the 1.1 MB limit`);
for (const required of ['extension/package.json', 'extension/changelog.md', 'extension/images/icon.png', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/client-browser.js', 'extension/dist/server-browser.js', 'extension/dist/tree-sitter-bash.wasm', 'extension/dist/tree-sitter-hcl.wasm', 'extension/dist/web-tree-sitter.wasm', 'extension/syntaxes/goenv.tmLanguage.json']) {
  if (!list.some((e) => e.name === required)) problems.push(`missing ${required}`);
}
for (const e of list) {
  if (/\.map$/.test(e.name)) problems.push(`source map inside: ${e.name}`);
  if (/(^|\/)(test|out|node_modules|server\/src|client\/src)\//.test(e.name.replace(/^extension\//, '')) || /\.test\.js$/.test(e.name)) problems.push(`test or source inside: ${e.name}`);
}
for (const e of list) console.log(`${String(e.size).padStart(9)}  ${e.name}`);
console.log(`${file}: ${list.length} entries, ${size} bytes (limit ${LIMIT})`);
if (problems.length) {
  for (const p of problems) console.error(`check-vsix: ${p}`);
  process.exit(1);
}
