import { basename, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileSystemWatcher } from 'vscode-languageserver/node';

/**
 * The files whose changes the server must hear about (registered dynamically, so any client that
 * supports it, Neovim included, watches them): go.mod and go.work (ask go again, re-read modules),
 * .go files (re-scan `import "C"` and cgo-only imports), files Makefiles include, and the go env file, which usually lies outside
 * the workspace: a relative pattern on its own folder when the client supports those, else its path.
 */
export function fileWatchers(goenv: string | undefined, relativePatterns: boolean): FileSystemWatcher[] {
  const watchers: FileSystemWatcher[] = [
    { globPattern: '**/{go.mod,go.work}' },
    { globPattern: '**/*.go' },
    // Files a Makefile may include: their Makefiles are analysed again.
    { globPattern: '**/{*.mk,*.make,Makefile*,makefile*,GNUmakefile*}' },
  ];
  if (goenv) {
    watchers.push({
      globPattern: relativePatterns ? { baseUri: pathToFileURL(dirname(goenv)).href, pattern: basename(goenv) } : goenv,
    });
  }
  return watchers;
}
