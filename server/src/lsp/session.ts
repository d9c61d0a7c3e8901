import { fileURLToPath } from 'node:url';
import type { InitializeParams } from 'vscode-languageserver/node';

/** What the client may pass in `initializationOptions`. */
export interface InitOptions {
  /** False in an untrusted (restricted) workspace: then no process is ever spawned. */
  trusted?: boolean;
  /** Overrides the debounce for every document (tests and benchmarks use 0). */
  debounceMs?: number;
  /** The go binary to ask for its version; `false` disables running go at all. */
  goPath?: string | false;
}

/** What the client told the server at `initialize`: its options, its capabilities, the workspace folders. */
export class ClientSession {
  init: InitOptions = {};
  canPullConfiguration = false;
  rootPath: string | undefined;
  folderPaths: string[] = [];
  canShowDocument = false;
  canRefreshInlayHints = false;
  canWatchFiles = false;
  relativePatterns = false;

  read(params: InitializeParams): void {
    this.init = (params.initializationOptions ?? {}) as InitOptions;
    this.canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    this.rootPath = root?.startsWith('file:') ? fileURLToPath(root) : undefined;
    this.folderPaths = (params.workspaceFolders ?? []).map((f) => f.uri).filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    if (!this.folderPaths.length && this.rootPath) this.folderPaths = [this.rootPath];
    this.canShowDocument = Boolean(params.capabilities.window?.showDocument?.support);
    this.canRefreshInlayHints = Boolean(params.capabilities.workspace?.inlayHint?.refreshSupport);
    this.canWatchFiles = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    this.relativePatterns = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport);
  }

  /** False only in a workspace the user has not trusted. */
  get trusted(): boolean {
    return this.init.trusted !== false;
  }
}
