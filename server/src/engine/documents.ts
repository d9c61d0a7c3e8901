import type { DocumentKind } from './types';

/** The compose file names bake reads as build definitions (its default lookup lists them before its own files). */
export const COMPOSE_FILE = /^(compose|docker-compose)\.ya?ml$/i;

/** Language ids of editors that map straight to a kind; names decide for plaintext and unknown ids. */
const BY_LANGUAGE: Record<string, DocumentKind> = {
  dockerfile: 'dockerfile',
  makefile: 'makefile',
  shellscript: 'shell',
  'go.mod': 'gomod',
  'go.work': 'gomod',
  goenv: 'goenv',
};

/**
 * Decides what kind of build input a document is, from its file name, the editor's language id, and
 * for extension-less scripts the shebang. CI workflows (.github/workflows/*.yml), GoReleaser configs and
 * docker-bake and compose files are known by their paths only: YAML and HCL language ids say nothing about them. Returns undefined for documents we do not read.
 */
export function detectKind(path: string, languageId?: string, text?: string): DocumentKind | undefined {
  const name = basename(path);
  const lower = name.toLowerCase();
  if (/^(dockerfile|containerfile)([._-].*)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name)) return 'dockerfile';
  if (name === 'Makefile' || name === 'makefile' || name === 'GNUmakefile' || lower.endsWith('.mk') || lower.endsWith('.make')) return 'makefile';
  // `Makefile.release`, `Makefile.cross-compiles`; not the autotools templates `Makefile.am`/`Makefile.in`.
  if (/^[Mm]akefile\.(?!(?:am|in)$)[^.].*$/.test(name)) return 'makefile';
  if (name === 'go.mod' || name === 'go.work') return 'gomod';
  if (name === 'go.env' || (name === 'env' && /[\\/]go[\\/]env$/.test(path))) return 'goenv';
  if (lower.endsWith('.sh') || lower.endsWith('.bash')) return 'shell';
  if (/(?:^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/i.test(path)) return 'workflow';
  if (/^\.?goreleaser\.ya?ml$/i.test(name)) return 'goreleaser';
  // Bake's default files, compose files among them: bake reads each service with a `build:` as a target.
  if (/^docker-bake(\.override)?\.(hcl|json)$/i.test(name) || COMPOSE_FILE.test(name)) return 'bake';
  if (languageId && BY_LANGUAGE[languageId]) return BY_LANGUAGE[languageId];
  if (text !== undefined && /^#![ \t]*\/(?:usr\/)?bin\/(?:env[ \t]+)?(?:ba|da|k|z)?sh\b/.test(text)) return 'shell';
  return undefined;
}

function basename(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(cut + 1);
}
