// Records what each installed Go release (1.21–1.27, where scripts/install-test-deps.sh puts them) says
// about itself into test/fixtures/go-env: `go version`, `go env -json` and `go tool dist list -json`.
// Each runs with GOTOOLCHAIN=local in a private, empty HOME outside any module, so no value of this
// machine's user leaks in; that HOME is written as /home/dev (and go's temporary build directory
// without its random suffix) so the files do not change between runs.
//   node scripts/record-go-env.mjs [1.NN ...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSIONS = ['1.21', '1.22', '1.23', '1.24', '1.25', '1.26', '1.27'];
const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'test', 'fixtures', 'go-env');
const debs = process.env.XBD_GO_DEBS || '/opt/go-debs';
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : VERSIONS;

let missing = 0;
for (const v of wanted) {
  const goBin = [`/usr/lib/go-${v}/bin/go`, join(debs, 'usr/lib', `go-${v}`, 'bin/go')].find((p) => existsSync(p));
  if (!goBin) {
    console.error(`record-go-env: Go ${v} is not installed (sudo scripts/install-test-deps.sh go)`);
    missing++;
    continue;
  }
  const home = mkdtempSync(join(tmpdir(), 'xbd-record-home-'));
  const cwd = mkdtempSync(join(tmpdir(), 'xbd-record-cwd-'));
  const env = { PATH: '/usr/bin:/bin', HOME: home, GOTOOLCHAIN: 'local', LANG: 'C' };
  const run = (args) => {
    const r = spawnSync(goBin, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${goBin} ${args.join(' ')} failed: ${r.stderr || r.error}`);
    // The private HOME and go's per-run temporary build directory would change the files on every run.
    return r.stdout.split(home).join('/home/dev').replace(/\/tmp\/go-build\d+/g, '/tmp/go-build');
  };
  try {
    writeFileSync(join(out, `go${v}.version.txt`), run(['version']));
    writeFileSync(join(out, `go${v}.env.json`), run(['env', '-json']));
    writeFileSync(join(out, `go${v}.dist.json`), run(['tool', 'dist', 'list', '-json']));
    console.log(`record-go-env: go${v} (${goBin})`);
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  }
}
process.exitCode = missing ? 1 : 0;
