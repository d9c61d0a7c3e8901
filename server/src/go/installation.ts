import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { GoInstallation } from '../engine';

/** The document installation findings go on when GOENV is off (there is no file). */
export const NO_GOENV_FILE = 'go env';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A directory as the OS resolves it (symlinks followed); the plain absolute path when it does not exist. */
function canonical(path: string): string {
  let p = resolve(path);
  try {
    p = realpathSync(p);
  } catch {
    /* keep the absolute path */
  }
  return process.platform === 'win32' ? p.toLowerCase() : p;
}

/** The value of the last `GOROOT=` line of a go env file, if any (go reads the file's values verbatim). */
export function goenvFileValue(text: string, name: string): string | undefined {
  let value: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m && m[1] === name) value = m[2].trim();
  }
  return value || undefined;
}

function readSmallFile(path: string): string {
  try {
    return statSync(path).size <= 1024 * 1024 ? readFileSync(path, 'utf8') : '';
  } catch {
    return '';
  }
}

/**
 * Checks the installation behind a go's answer on disk: where a user-set GOROOT came from, whether it is
 * a Go root and the go's own one, and whether `go install`'s directory is on PATH. `ownRoot` asks the go
 * for its root without GOROOT (called only when GOROOT is set). Never throws.
 */
export async function inspectInstallation(opts: {
  /** `go env -json` of the go in use. */
  env: Record<string, string>;
  /** e.g. `go1.22.12`. */
  release?: string;
  ownRoot: () => Promise<string | undefined>;
  /** The environment the go runs with (process.env by default). */
  processEnv?: NodeJS.ProcessEnv;
}): Promise<GoInstallation> {
  const processEnv = opts.processEnv ?? process.env;
  const goenvPath = opts.env.GOENV && opts.env.GOENV !== 'off' ? opts.env.GOENV : undefined;
  const inst: GoInstallation = { goenvFile: goenvPath ?? NO_GOENV_FILE, ...(opts.release ? { release: opts.release } : {}) };

  const fromEnvironment = processEnv.GOROOT?.trim();
  const fromFile = goenvPath && existsSync(goenvPath) ? goenvFileValue(readSmallFile(goenvPath), 'GOROOT') : undefined;
  const value = fromEnvironment || fromFile;
  if (value) {
    const own = await opts.ownRoot().catch(() => undefined);
    const release = readSmallFile(join(value, 'VERSION')).split('\n')[0].trim();
    inst.goroot = {
      value,
      from: fromEnvironment ? 'environment' : 'goenv',
      hasRuntime: isDirectory(join(value, 'src', 'runtime')),
      hasGoCommand: isFile(join(value, 'bin', process.platform === 'win32' ? 'go.exe' : 'go')),
      ...(release.startsWith('go') ? { release } : {}),
      ...(own ? { ownRoot: own, sameInstallation: canonical(value) === canonical(own) } : {}),
    };
  }

  const gobin = opts.env.GOBIN?.trim();
  const gopath = opts.env.GOPATH?.split(delimiter).find((p) => p.trim())?.trim();
  const dir = gobin || (gopath ? join(gopath, 'bin') : undefined);
  if (dir) {
    const onPath = (processEnv.PATH ?? '')
      .split(delimiter)
      .filter((p) => p.trim())
      .some((p) => canonical(p) === canonical(dir));
    inst.installDir = { dir, from: gobin ? 'GOBIN' : 'GOPATH', onPath };
  }
  return inst;
}
