// The GitHub Action as a runner runs it: action.yml read with a YAML parser, its composite step's `run` line
// executed by bash with the env mapping evaluated (inputs or their declared defaults), in the environment a
// runner gives (GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_ACTION_PATH). The
// CLI it installs is the npm package that scripts/package.mjs builds (the `package` input names the tarball,
// so the install is the action's real `npm install`, offline).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { load } from 'js-yaml';
import { repoRoot } from '../support/paths';

const root = repoRoot();
const scratch = mkdtempSync(join(tmpdir(), 'xbd-action-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface ActionYml {
  inputs: Record<string, { description: string; default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id: string; shell: string; run: string; env: Record<string, string> }[] };
}
const action = load(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionYml;
const runnerTemp = join(scratch, 'runner-temp');
let tarball = '';

const BAD_DOCKERFILE = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN GOOS=linux GOARCH=x86_64 go build -o /out/app .\n';
// XB304 (warning) and XB302 (error) on a stage pinned to linux/amd64.
// The release workflow that builds deploy/Dockerfile for two platforms: the build plan's evidence for XB302/XB304.
const RELEASE_WORKFLOW = 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: deploy/Dockerfile\n          platforms: linux/amd64,linux/arm64\n';
const PINNED_DOCKERFILE = 'FROM --platform=linux/amd64 golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n';

/** Runs the action's step in a new workspace holding `files`, with these inputs (by their action.yml names). */
function runAction(files: Record<string, string>, inputs: Record<string, string> = {}) {
  const workspace = mkdtempSync(join(scratch, 'ws-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, name)), { recursive: true });
    writeFileSync(join(workspace, name), text);
  }
  const outputFile = join(workspace, '..', `${workspace.split('/').pop()}-output`);
  const summaryFile = `${outputFile}-summary`;
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const step = action.runs.steps[0];
  const given: Record<string, string> = { package: tarball, ...inputs };
  const env: NodeJS.ProcessEnv = {
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: scratch,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ACTION_PATH: root,
    RUNNER_TEMP: runnerTemp,
  };
  for (const [name, expr] of Object.entries(step.env)) {
    const m = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(expr);
    assert.ok(m && action.inputs[m[1]], `${name}: ${expr} is not one of the inputs`);
    env[name] = given[m[1]] ?? action.inputs[m[1]].default;
  }
  // What a runner does with `shell: bash`.
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd: workspace, env, encoding: 'utf8', timeout: 120_000 });
  const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary: readFileSync(summaryFile, 'utf8'), workspace };
}

describe('GitHub Action', { timeout: 300_000 }, () => {
  before(() => {
    const out = join(scratch, 'package');
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', out, '--cli-only'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    tarball = join(out, readdirSync(out).find((f) => f.endsWith('.tgz'))!);
  });

  it('action.yml: a composite action whose every input reaches the entry point, and outputs from its step', () => {
    assert.equal(action.runs.using, 'composite');
    const step = action.runs.steps[0];
    assert.equal(step.shell, 'bash');
    assert.match(step.run, /action\/main\.mjs/);
    const main = readFileSync(join(root, 'action', 'main.mjs'), 'utf8');
    for (const input of Object.keys(action.inputs)) {
      const name = `INPUT_${input.toUpperCase().replace(/-/g, '_')}`;
      assert.equal(step.env[name], `\${{ inputs.${input} }}`, `${input} is not passed as ${name}`);
      assert.ok(main.includes(name), `action/main.mjs never reads ${name}`);
    }
    for (const [name, o] of Object.entries(action.outputs)) assert.equal(o.value, `\${{ steps.${step.id}.outputs.${name} }}`);
  });

  it('annotates the pull request: one workflow command per finding, 1-based, and fails on an error', () => {
    const r = runAction({ Dockerfile: BAD_DOCKERFILE, 'deploy/Dockerfile': PINNED_DOCKERFILE, '.github/workflows/release.yml': RELEASE_WORKFLOW, 'README.md': '# app\n' });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const lines = r.stdout.split('\n');
    assert.ok(lines.some((l) => /^::error file=Dockerfile,line=4,endLine=4,col=23,endColumn=\d+,title=XB102::GOARCH=x86_64 is not a Go architecture/.test(l)), r.stdout);
    assert.ok(lines.some((l) => /^::warning file=deploy\/Dockerfile,line=1,.*title=XB304::/.test(l)), r.stdout);
    assert.ok(lines.some((l) => /^::error file=deploy\/Dockerfile,line=4,.*title=XB302::/.test(l)), r.stdout);
    assert.ok(lines.some((l) => l === '::error title=xbd::2 finding(s) at or above error'), r.stdout);
    assert.deepEqual(r.outputs, { findings: '3', errors: '2', warnings: '1' });
    assert.match(r.summary, /^### Go Cross-Build Doctor\n/);
    assert.match(r.summary, /3 finding\(s\): 2 error\(s\), 1 warning\(s\), 0 note\(s\) in \.; fails on error and above\./);
    assert.match(r.summary, /\| Dockerfile:4 \| XB102 \| error \| GOARCH=x86_64 is not/);
    // The package was installed by the action into RUNNER_TEMP.
    assert.ok(existsSync(join(runnerTemp, 'xbd-cli', 'bin', 'xbd')));
  });

  it('writes SARIF for upload-sarif instead of annotating', () => {
    const r = runAction({ Dockerfile: BAD_DOCKERFILE }, { 'sarif-file': 'results/xbd.sarif' });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.ok(!/^::error file=/m.test(r.stdout), 'no annotations next to SARIF');
    const path = join(r.workspace, 'results', 'xbd.sarif');
    assert.equal(r.outputs['sarif-file'], path);
    const sarif = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    const [result] = sarif.runs[0].results;
    assert.equal(result.ruleId, 'XB102');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'Dockerfile');
    assert.ok(result.partialFingerprints['xbdLineHash/v1']);
  });

  it('rule overrides, excludes, paths and fail-on reach the check', () => {
    const files = { Dockerfile: BAD_DOCKERFILE, 'deploy/Dockerfile': PINNED_DOCKERFILE, '.github/workflows/release.yml': RELEASE_WORKFLOW, 'vendor-images/Dockerfile': BAD_DOCKERFILE };
    // XB302 off and vendor-images excluded: one warning left, which fails only with fail-on warning.
    const quiet = runAction(files, { paths: 'deploy\nvendor-images', rules: 'XB302=off', exclude: 'vendor-images' });
    assert.equal(quiet.code, 0, quiet.stdout + quiet.stderr);
    assert.deepEqual(quiet.outputs, { findings: '1', errors: '0', warnings: '1' });
    const strict = runAction(files, { paths: 'deploy', rules: 'XB302=off', 'fail-on': 'warning' });
    assert.equal(strict.code, 1, strict.stdout);
    assert.match(strict.stdout, /^::error title=xbd::1 finding\(s\) at or above warning$/m);
    const raised = runAction({ Dockerfile: BAD_DOCKERFILE }, { rules: 'XB102=warning', 'fail-on': 'never' });
    assert.equal(raised.code, 0);
    assert.match(raised.stdout, /^::warning file=Dockerfile,.*title=XB102::/m);
  });

  it('a host input is passed on, and a bad input fails the step with a message', () => {
    // XB503 names the machine that runs go when the go run is for another platform.
    const riscv = runAction({ Makefile: 'run:\n\tGOARCH=amd64 go run .\n' }, { host: 'linux/riscv64', 'fail-on': 'never' });
    assert.equal(riscv.code, 0, riscv.stdout + riscv.stderr);
    assert.match(riscv.stdout, /^::warning file=Makefile,line=2,.*title=XB503::.*on this linux\/riscv64 machine/m);
    const bad = runAction({ Dockerfile: BAD_DOCKERFILE }, { 'fail-on': 'sometimes' });
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /^::error title=xbd::fail-on must be one of error, warning, information, hint or never/m);
    const badHost = runAction({ Dockerfile: BAD_DOCKERFILE }, { host: 'arm64' });
    assert.equal(badHost.code, 2);
    assert.match(badHost.stdout, /^::error title=xbd::xbd check .* failed \(2\)/m);
  });
});
