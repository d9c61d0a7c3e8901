// `npm start`: install what is missing, build, and check the bundled example workspace.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status;

await import('./ensure-deps.mjs');
if (run(['scripts/build.mjs']) !== 0) process.exit(1);
const target = process.argv[2] ?? 'examples';
console.log(`\nxbd check ${target}\n`);
const status = run(['dist/xbd.js', 'check', target]);
// Findings in the examples are the point of the demo: only a usage or internal error (2) fails.
process.exit(status === 2 ? 2 : 0);
