/** Go releases whose behaviour the embedded knowledge covers, oldest first. */
export const GO_VERSIONS = ['1.21', '1.22', '1.23', '1.24', '1.25', '1.26', '1.27'] as const;
export type GoVersion = (typeof GO_VERSIONS)[number];
export const NEWEST_GO: GoVersion = GO_VERSIONS[GO_VERSIONS.length - 1];
export const OLDEST_GO: GoVersion = GO_VERSIONS[0];

/** Compares two `1.NN` versions numerically. */
export function compareGo(a: GoVersion, b: GoVersion): number {
  return minor(a) - minor(b);
}

/** True when `v` is within [from, to] (either bound optional). */
export function goBetween(v: GoVersion, from?: GoVersion, to?: GoVersion): boolean {
  return (!from || compareGo(v, from) >= 0) && (!to || compareGo(v, to) <= 0);
}

/**
 * Maps any version text (`1.22`, `1.22.5`, `go1.23rc1`, `1.24-alpine`) to a covered release:
 * older than covered → oldest, newer → newest, unparsable → undefined.
 */
export function toGoVersion(text: string): GoVersion | undefined {
  const m = /^(?:go)?1\.(\d+)/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n < minor(OLDEST_GO)) return OLDEST_GO;
  if (n > minor(NEWEST_GO)) return NEWEST_GO;
  return `1.${n}` as GoVersion;
}

function minor(v: GoVersion): number {
  return Number(v.slice(2));
}
