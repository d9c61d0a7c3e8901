/**
 * What a base image brings that decides how a Go binary links and runs: its C library and whether a C
 * compiler is installed. Facts from the images' own definitions (golang's Debian variants ship gcc, its
 * alpine variants do not; distroless/static and scratch have no libc).
 */

export type Libc = 'none' | 'glibc' | 'musl' | 'unknown';

export interface ImageFacts {
  libc: Libc;
  /** true: a C compiler is on PATH; false: none; undefined: cannot tell. */
  cc: boolean | undefined;
}

/** Strips the registry of Docker Hub, the digest, and lower-cases: `docker.io/library/Alpine:3@sha..` → `alpine:3`. */
export function normalizeImage(ref: string): string {
  return ref
    .trim()
    .toLowerCase()
    .replace(/@sha256:[0-9a-f]+$/, '')
    .replace(/^(docker\.io\/|index\.docker\.io\/)/, '')
    .replace(/^library\//, '');
}

/**
 * Docker Hub's per-architecture namespaces of the official images (`arm64v8/golang`, `arm32v7/alpine`): each
 * carries that one platform only, so a stage FROM it runs there whatever platform is being built.
 */
const ARCH_NAMESPACES: Readonly<Record<string, string>> = {
  amd64: 'linux/amd64',
  arm64v8: 'linux/arm64',
  arm32v7: 'linux/arm/v7',
  arm32v6: 'linux/arm/v6',
  arm32v5: 'linux/arm/v5',
  i386: 'linux/386',
  ppc64le: 'linux/ppc64le',
  s390x: 'linux/s390x',
  riscv64: 'linux/riscv64',
  mips64le: 'linux/mips64le',
};

/** The platform an image's name pins (`arm64v8/golang:1.22` → linux/arm64, with its namespace), if any. */
export function imagePlatform(ref: string): { platform: string; namespace: string } | undefined {
  const namespace = /^([a-z0-9]+)\/[^/]+$/.exec(normalizeImage(ref).replace(/:[^/]*$/, ''))?.[1];
  return namespace !== undefined && Object.hasOwn(ARCH_NAMESPACES, namespace) ? { platform: ARCH_NAMESPACES[namespace], namespace } : undefined;
}

/** The official image an architecture's namespace mirrors: `arm64v8/golang:1.22` → `golang:1.22`. */
function officialName(ref: string): string {
  const name = normalizeImage(ref);
  return imagePlatform(name) ? name.slice(name.indexOf('/') + 1) : name;
}

const RULES: [RegExp, ImageFacts][] = [
  [/^scratch$/, { libc: 'none', cc: false }],
  [/^gcr\.io\/distroless\/static(-debian\d+)?(:|$)/, { libc: 'none', cc: false }],
  [/^cgr\.dev\/chainguard\/static(:|$)/, { libc: 'none', cc: false }],
  [/^golang(:[^-]*-?alpine.*|:alpine.*)$/, { libc: 'musl', cc: false }],
  [/^golang(:|$)/, { libc: 'glibc', cc: true }],
  [/^(buildpack-deps|gcc)(:|$)/, { libc: 'glibc', cc: true }],
  [/^(alpine|busybox:.*musl)(:|$)/, { libc: 'musl', cc: false }],
  [/^(debian|ubuntu)(:|$)/, { libc: 'glibc', cc: false }],
  [/^gcr\.io\/distroless\/(base|cc)(-nossl)?(-debian\d+)?(:|$)/, { libc: 'glibc', cc: false }],
  [/^(redhat\/ubi|registry\.access\.redhat\.com\/ubi)/, { libc: 'glibc', cc: false }],
  [/^(fedora|amazonlinux)(:|$)/, { libc: 'glibc', cc: false }],
  [/^cgr\.dev\/chainguard\/(glibc-dynamic|wolfi-base)(:|$)/, { libc: 'glibc', cc: false }],
  [/^balenalib\/.*-alpine/, { libc: 'musl', cc: false }],
  [/^balenalib\//, { libc: 'glibc', cc: false }],
];

/** Facts about a base image by name; `unknown` for images we do not know (rules stay silent on those). */
export function imageFacts(ref: string): ImageFacts {
  const name = officialName(ref);
  for (const [re, facts] of RULES) if (re.test(name)) return facts;
  return { libc: 'unknown', cc: undefined };
}

/**
 * The WORKDIR an image starts in: the official golang images set /go (so `go build x.go` without -o
 * writes /go/x); other images start in /.
 */
export function imageWorkdir(ref: string): string {
  return /^golang(:|$)/.test(officialName(ref)) ? '/go' : '/';
}

/** Go packaged by a distribution: `golang-go`, `golang-1.22-go`, `golang` (Debian, Ubuntu, Fedora), `go` (Alpine). */
const DISTRIBUTION_GO = /^(go|golang|golang-go|golang-1\.\d+(-go)?)(=.*)?$/;

/** Package names that put a C compiler for the image's own platform on PATH. */
const NATIVE_CC_PACKAGES = new Set(['gcc', 'build-base', 'build-essential', 'clang', 'musl-dev gcc', 'gcc-c++', 'cc']);

/**
 * What a package-manager command installs that matters here: a native C compiler, or a cross one
 * (`gcc-aarch64-linux-gnu`, `crossbuild-essential-arm64`, `xx-apk add gcc`).
 */
export function installEffect(command: string, args: (string | undefined)[]): { nativeCC?: boolean; ccUnknown?: boolean; crossCC?: string[]; glibcCompat?: boolean } | undefined {
  const words = args.filter((a): a is string => a !== undefined && !a.startsWith('-'));
  const installing =
    ((command === 'apk' || command === 'xx-apk') && words[0] === 'add') ||
    ((command === 'apt-get' || command === 'apt' || command === 'xx-apt-get' || command === 'xx-apt') && words[0] === 'install') ||
    ((command === 'yum' || command === 'dnf' || command === 'microdnf') && words[0] === 'install');
  if (!installing) return undefined;
  const packages = words.slice(1);
  if (command.startsWith('xx-')) {
    // tonistiigi/xx installs the package for the TARGET platform: a cross compiler for cgo.
    return packages.some((p) => p === 'gcc' || p === 'clang' || p === 'build-base') ? { crossCC: ['xx'] } : {};
  }
  const cross = packages.filter((p) => /^(gcc|g\+\+)-[a-z0-9_-]+-linux-gnu[a-z0-9]*$|^crossbuild-essential-|^gcc-mingw-w64/.test(p));
  // Alpine's gcompat / libc6-compat put a glibc loader (ld-linux-*.so) in a musl image.
  const glibcCompat = command === 'apk' && packages.some((p) => p === 'gcompat' || p === 'libc6-compat');
  // Go from the distribution: Debian's and Ubuntu's golang-1.NN-go recommend gcc and libc6-dev, which apt installs
  // unless told not to (apt-cache show golang-1.22-go on bookworm); what other distributions' go brings is not known here.
  const distributionGo = packages.some((p) => DISTRIBUTION_GO.test(p));
  const recommends = !args.some((a) => a === '--no-install-recommends' || (a !== undefined && /^APT::Install-Recommends=(false|0)$/i.test(a)));
  const apt = command === 'apt-get' || command === 'apt';
  return {
    nativeCC: packages.some((p) => NATIVE_CC_PACKAGES.has(p)) || (distributionGo && apt && recommends) || undefined,
    ccUnknown: (distributionGo && !apt) || undefined,
    crossCC: cross.length ? cross : undefined,
    glibcCompat: glibcCompat || undefined,
  };
}
