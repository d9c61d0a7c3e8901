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
];
