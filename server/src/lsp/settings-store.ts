import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import type { ClientSession } from './session';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../contract';

/** `xbd.*` settings per document, pulled with workspace/configuration and cached until they change. */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();

  constructor(
    private readonly connection: Connection,
    private readonly session: ClientSession,
  ) {}

  for(uri: string): Promise<Settings> {
    if (!this.session.canPullConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    let s = this.cache.get(uri);
    if (!s) {
      s = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'xbd' })
        .then(normalizeSettings, () => DEFAULT_SETTINGS);
      this.cache.set(uri, s);
    }
    return s;
  }

  /** The settings of the workspace root (the go environment view and the target picker use these). */
  root(): Promise<Settings> {
    const root = this.session.rootPath;
    return root ? this.for(pathToFileURL(root).href) : Promise.resolve(DEFAULT_SETTINGS);
  }

  clear(): void {
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
