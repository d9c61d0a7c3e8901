import { execFile } from 'node:child_process';

/** What running the workspace's go told us; absent fields mean it could not be run. */
export interface GoProbe {
  version?: string;
  error?: string;
}

/**
 * Asks `go version` which Go the workspace uses. Always GOTOOLCHAIN=local (a go.mod `toolchain` line
 * must never trigger a download) and a timeout; failures are returned, never thrown.
 */
export function probeGo(goBin: string, cwd: string, timeoutMs = 5000): Promise<GoProbe> {
  return new Promise((resolve) => {
    execFile(
      goBin,
      ['version'],
      { cwd, timeout: timeoutMs, env: { ...process.env, GOTOOLCHAIN: 'local' }, windowsHide: true },
      (err, stdout) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          const error = err.killed
            ? `${goBin} version timed out after ${timeoutMs} ms`
            : code === 'ENOENT'
              ? `${goBin} was not found`
              : err.message.split('\n')[0];
          return resolve({ error });
        }
        const m = /go version go(1\.\d+(?:\.\d+)?)/.exec(stdout);
        resolve(m ? { version: m[1] } : { error: `unexpected output from ${goBin} version: ${stdout.trim()}` });
      },
    );
  });
}

/** Node's platform names → Go's. */
export function hostPlatform(): { goos: string; goarch: string } {
  const goos = ({ win32: 'windows', sunos: 'solaris' } as Record<string, string>)[process.platform] ?? process.platform;
  const goarch = ({ x64: 'amd64', ia32: '386', ppc64: 'ppc64le' } as Record<string, string>)[process.arch] ?? process.arch;
  return { goos, goarch };
}
