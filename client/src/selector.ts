import type { DocumentSelector } from 'vscode-languageclient';

/** The documents the server analyses, in VS Code on the desktop and in the browser. */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  { language: 'dockerfile' },
  { language: 'makefile' },
  { language: 'shellscript' },
  { language: 'goenv' },
  { pattern: '**/{Dockerfile,Containerfile}{,.*}' },
  { pattern: '**/*.{dockerfile,Dockerfile,mk}' },
  { pattern: '**/go.env' },
  // CI and release configs are known by path: their yaml/hcl language ids say nothing about them.
  { pattern: '**/.github/workflows/*.{yml,yaml}' },
  { pattern: '**/{.goreleaser,goreleaser}.{yml,yaml}' },
  { pattern: '**/docker-bake{,.override}.{hcl,json}' },
  // Compose files: bake reads their services' builds (and `x-bake`) as targets.
  { pattern: '**/{compose,docker-compose}.{yml,yaml}' },
];
