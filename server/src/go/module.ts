import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { goModVersion } from '../engine';

/** Finds the go.mod of the module a file belongs to and reads its go/toolchain version, with a cache. */
export class GoModLocator {
  private readonly cache = new Map<string, string | undefined>();

  versionFor(filePath: string): string | undefined {
    const start = dirname(filePath);
    if (this.cache.has(start)) return this.cache.get(start);
    let version: string | undefined;
    for (let dir = start, i = 0; i < 64; i++) {
      const candidate = join(dir, 'go.mod');
      if (existsSync(candidate)) {
        try {
          version = goModVersion(readFileSync(candidate, 'utf8'));
        } catch {
          version = undefined; // unreadable go.mod: behave as if it said nothing
        }
        break;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    this.cache.set(start, version);
    return version;
  }

  clear(): void {
    this.cache.clear();
  }
}
