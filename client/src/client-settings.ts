/**
 * Settings only the VS Code client reads (section `xbd`), with their defaults; the server never asks
 * for them. The server's own settings live in server/src/lsp/settings.ts; a test checks that both
 * lists together are exactly what package.json declares.
 */
export const CLIENT_SETTINGS = {
  /** Mirror the picked target into the workspace's `gopls` → `build.env`. */
  syncGopls: true,
} as const;
