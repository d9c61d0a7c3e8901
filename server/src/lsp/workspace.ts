import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultGoVersion, type DocumentKind, type Facts } from '../engine';
import { GoModLocator } from '../go/module';
import { hostPlatform } from '../go/toolchain';
import type { WorkspaceGo } from '../go/workspace-go';
import type { ClientSession } from './session';

/**
 * What analyses know beyond a document's text: the host, the workspace's Go (once started) and the
 * go.mod versions. `generation` moves whenever any of it changes, so cached analyses are redone.
 */
export class Workspace {
  readonly facts: Facts = { host: hostPlatform() };
  readonly goMods = new GoModLocator();
  go: WorkspaceGo | undefined;
  /** Bumped when anything outside a document changes (the workspace's Go, a go.mod). */
  generation = 0;

  constructor(private readonly session: ClientSession) {}

  /** Every cached analysis is stale. */
  changed(): void {
    this.generation++;
  }

  /** The host and, once known, the workspace go's facts (no target). */
  known(): Facts {
    return this.go ? this.go.facts(this.facts) : this.facts;
  }

  moduleGoVersion(uri: string): string | undefined {
    return uri.startsWith('file:') ? this.goMods.versionFor(fileURLToPath(uri)) : undefined;
  }

  /** Facts without a target, and the Go version builds outside golang images assume (workspace go, go.mod, newest). */
  defaults(): { known: Facts; goVersion: ReturnType<typeof defaultGoVersion> } {
    const known = this.known();
    const root = this.session.rootPath;
    const modVersion = root ? this.moduleGoVersion(pathToFileURL(join(root, 'Dockerfile')).href) : undefined;
    return { known, goVersion: defaultGoVersion(known, modVersion) };
  }

  /** The document's path relative to the workspace folder that holds it (for `xbd.exclude`), if any. */
  relativePath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const path = fileURLToPath(uri);
    for (const folder of this.session.folderPaths) {
      const rel = relative(folder, path);
      if (rel && !rel.startsWith('..') && !rel.startsWith('/')) return rel;
    }
    return undefined;
  }

  /** The go env file at the path `go env GOENV` names is one, whatever its name. */
  isGoEnvFile(uri: string): boolean {
    const goenv = this.go?.goEnvFile();
    return goenv !== undefined && uri.startsWith('file:') && fileURLToPath(uri) === goenv;
  }

  goEnvKind(uri: string): DocumentKind | undefined {
    return this.isGoEnvFile(uri) ? 'goenv' : undefined;
  }

  /** Why the workspace's go is not in use, said in the view and the status bar (the log says it once). */
  goNotice(version: string): string | undefined {
    if (!this.session.trusted) return `Restricted mode: go is not run; using built-in Go ${version} tables`;
    const why = this.go?.unavailable();
    if (!why) return undefined;
    return `${/ was not found$/.test(why) ? 'go not found' : `go could not be run (${why})`} — using built-in Go ${version} tables`;
  }
}
