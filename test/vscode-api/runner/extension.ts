// A test-runner extension for code-server, where @vscode/test-electron cannot launch anything: on startup
// it loads the mocha suite (test/vscode-api/suite, bundled to out/vscode-api/suite) into this extension
// host, runs it and writes the results as JSON. The driver (test/vscode/api-suite.test.ts) writes
// runner-config.json next to this file before packaging it.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import type { SuiteResults } from '../suite/index';

interface RunnerConfig {
  /** Absolute path of out/vscode-api/suite/index.js. */
  suite: string;
  /** Where the results go (written whole, then renamed, so a reader never sees half a file). */
  results: string;
}

export function activate(context: vscode.ExtensionContext): void {
  const config = JSON.parse(readFileSync(join(context.extensionPath, 'runner-config.json'), 'utf8')) as RunnerConfig;
  // Not awaited: activation returns at once and the suite runs beside the workbench.
  void runAndReport(config);
}

async function runAndReport(config: RunnerConfig): Promise<void> {
  let results: SuiteResults;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const suite = require(config.suite) as { runSuite: () => Promise<SuiteResults> };
    results = await suite.runSuite();
  } catch (e) {
    results = { files: [], passes: [], failures: [{ title: 'loading or running the suite', error: (e as Error).stack ?? String(e) }], pending: [], durationMs: 0 };
  }
  writeFileSync(`${config.results}.tmp`, JSON.stringify(results, null, 2));
  renameSync(`${config.results}.tmp`, config.results);
}
