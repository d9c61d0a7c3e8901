import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultGoVersion, type DocumentKind, type Facts } from '../engine';
import { hostPlatform } from '../go/toolchain';
import { AnalysisPipeline, URI_IDS } from '../pipeline';
import type { WorkspaceGo } from '../go/workspace-go';
import type { ClientSession } from './session';

/**
 * What analyses know beyond a document's text: the host, the workspace's Go (once started) and the
 * modules (the pipeline's one cache of go.mod files). `generation` moves whenever any of it changes, so
 * cached analyses are redone.
 */
export class Workspace {
  readonly facts: Facts = { host: hostPlatform() };
  /** The per-file pipeline the CLI runs too; included files come from the editor when open. */
  readonly pipeline: AnalysisPipeline;
  go: WorkspaceGo | undefined;
  /** Bumped when anything outside a document changes (the workspace's Go, a go.mod). */
  generation = 0;

  constructor(
    private readonly session: ClientSession,
    openText: (uri: string) => string | undefined,
  ) {
    this.pipeline = new AnalysisPipeline({ ...URI_IDS, openText });
  }

  /** Every cached analysis is stale. */
  changed(): void {
    this.generation++;
  }

  /**
   * go.mod, go.work or .go files changed on disk or in the editor: a go.mod or go.work forgets the modules,
   * else each .go file is read again into its module (a full re-scan of a big module is slow).
   */
  modulesChanged(uris: string[]): void {
    if (uris.some((u) => /\/go\.(mod|work)$/.test(u))) this.pipeline.modules.clear();
    else for (const u of uris) if (u.startsWith('file:') && u.endsWith('.go')) this.pipeline.modules.goFileChanged(fileURLToPath(u));
    this.changed();
  }

  /** The host and, once known, the workspace go's facts (no target). */
  known(): Facts {
    return this.go ? this.go.facts(this.facts) : this.facts;
  }

  moduleGoVersion(uri: string): string | undefined {
    return uri.startsWith('file:') ? this.pipeline.modules.versionFor(fileURLToPath(uri)) : undefined;
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
