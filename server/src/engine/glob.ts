/**
 * The `xbd.exclude` / `--exclude` globs: `*` and `?` within a path segment, `**` across segments,
 * `{a,b}` alternatives and `[...]` classes. Paths are relative to the workspace folder (editor) or to
 * the current directory (CLI), with `/` separators. As in .gitignore, a pattern without a `/` matches a
 * name at any depth (`*.gen.sh`, `vendor`), and a pattern that matches a folder excludes what is in it.
 */
export type GlobMatcher = (relativePath: string) => boolean;

export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  const res = patterns.map((p) => p.trim()).filter(Boolean).map(globToRegExp);
  if (!res.length) return () => false;
  return (path) => {
    const parts = path.replace(/\\/g, '/').replace(/^\.\//, '').split('/').filter(Boolean);
    // The path itself and each folder above it.
    for (let i = parts.length; i > 0; i--) {
      const candidate = parts.slice(0, i).join('/');
      if (res.some((re) => re.test(candidate))) return true;
    }
    return false;
  };
}

export function globToRegExp(pattern: string): RegExp {
  let p = pattern.replace(/\\/g, '/');
  if (p.startsWith('./')) p = p.slice(2);
  if (p.endsWith('/')) p = p.slice(0, -1);
  const anchored = p.startsWith('/');
  if (anchored) p = p.slice(1);
  else if (!p.includes('/')) p = `**/${p}`;
  let re = '';
  let inBraces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const segmentStart = i === 0 || p[i - 1] === '/';
        const segmentEnd = i + 2 === p.length || p[i + 2] === '/';
        if (segmentStart && segmentEnd) {
          // `**/` matches zero or more folders; a trailing `**` anything below.
          if (p[i + 2] === '/') {
            re += '(?:[^/]+/)*';
            i += 2;
          } else {
            re += '.*';
            i += 1;
          }
          continue;
        }
        i++;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      inBraces++;
      re += '(?:';
    } else if (c === '}' && inBraces) {
      inBraces--;
      re += ')';
    } else if (c === ',' && inBraces) re += '|';
    else if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        const body = p.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += /[.+^$()|\\]/.test(c) ? `\\${c}` : c;
  }
  while (inBraces-- > 0) re += ')';
  return new RegExp(`^${re}$`);
}
