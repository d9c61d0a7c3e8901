import { basename, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, type Connection, type Disposable, type FileSystemWatcher } from 'vscode-languageserver/node';
import type { ClientSession } from './session';
import type { Workspace } from './workspace';

/**
 * The files whose changes the server must hear about (registered dynamically, so any client that
 * supports it, Neovim included, watches them): go.mod and go.work (ask go again, re-read modules),
 * .go files (re-scan `import "C"` and cgo-only imports), files Makefiles include, build files (the workspace pass
 * reports those not open), and the go env file, which usually lies outside
 * the workspace: a relative pattern on its own folder when the client supports those, else its path.
 */
export function fileWatchers(goenv: string | undefined, relativePatterns: boolean): FileSystemWatcher[] {
  const watchers: FileSystemWatcher[] = [
    { globPattern: '**/{go.mod,go.work}' },
    { globPattern: '**/*.go' },
    // Files a Makefile may include: their Makefiles are analysed again.
    { globPattern: '**/{*.mk,*.make,Makefile*,makefile*,GNUmakefile*}' },
    // Build files not open: the workspace pass reports them again.
    { globPattern: '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*,*.sh,*.bash,go.env}' },
    // The build-plan inputs: CI workflows, bake and compose files, GoReleaser configs.
    { globPattern: '**/{.github/workflows/*.yml,.github/workflows/*.yaml,docker-bake*.hcl,docker-bake*.json,compose.yml,compose.yaml,docker-compose.yml,docker-compose.yaml,.goreleaser*.yml,.goreleaser*.yaml,goreleaser*.yml,goreleaser*.yaml}' },
  ];
  if (goenv) {
    watchers.push({
      globPattern: relativePatterns ? { baseUri: pathToFileURL(dirname(goenv)).href, pattern: basename(goenv) } : goenv,
    });
  }
  return watchers;
}

/** Keeps the client's file watchers on the current go env file, and reacts to the changes they report. */
export class FileWatchers {
  /** The watchers registered with the client, and the go env file they include. */
  private watching: { goenv: string | undefined; registration: Promise<Disposable | undefined> } | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly session: ClientSession,
    private readonly workspace: Workspace,
    private readonly log: (message: string) => void,
    private readonly on: {
      /** The Makefiles that include `uri` must be analysed again. */
      includedChanged: (uri: string) => void;
      /** Something every document depends on changed. */
      everythingChanged: () => void;
      /** A build file changed, appeared or went away on disk. */
      buildFileChanged?: (uri: string) => void;
    },
  ) {}

  register(): void {
    this.connection.onDidChangeWatchedFiles((params) => {
      // go.mod, go.work, .go files and the go env file concern every document; anything else is a file a
      // Makefile includes: redo only the Makefiles that read it.
      const goFiles = params.changes.map((c) => c.uri).filter((u) => /\/go\.(mod|work)$/.test(u) || u.endsWith('.go') || this.workspace.isGoEnvFile(u));
      for (const c of params.changes) {
        if (goFiles.includes(c.uri)) continue;
        this.on.includedChanged(c.uri);
        this.on.buildFileChanged?.(c.uri);
      }
      if (!goFiles.length) return;
      this.workspace.modulesChanged(goFiles);
      this.workspace.go?.changed(goFiles);
      this.on.everythingChanged();
    });
  }

  /** (Re-)registers the file watchers when the go env file they name is not the current one. */
  update(): void {
    if (!this.session.canWatchFiles) return;
    const goenv = this.workspace.go?.goEnvFile();
    if (this.watching && this.watching.goenv === goenv) return;
    const previous = this.watching?.registration;
    const registration = this.connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: fileWatchers(goenv, this.session.relativePatterns) })
      .catch((err) => {
        this.log(`xbd: the client did not accept file watchers: ${String(err)}`);
        return undefined;
      });
    this.watching = { goenv, registration };
    void previous?.then((d) => d?.dispose());
  }
}
