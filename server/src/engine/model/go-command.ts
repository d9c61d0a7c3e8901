import { GO_OTHER_VALUED_FLAGS, GO_TOOLS, goBuildFlag } from '../knowledge/go-command';
import type { SimpleCommand, Watch } from '../shell/walk';
import type { Assignment, GoCommand, GoTool, Word } from './types';

/**
 * Variables whose assignments the model records: those the go command reads (`go env` lists them),
 * plus the C-compiler names people mistake for them (XB208). GO_VERSION and the like are not Go's.
 */
export const BUILD_VARIABLE = new RegExp(
  '^(' +
    [
      'GOOS', 'GOARCH', 'GOARM', 'GOAMD64', 'GOARM64', 'GORISCV64', 'GO386', 'GOMIPS', 'GOMIPS64', 'GOPPC64', 'GOWASM',
      'GOEXPERIMENT', 'GOFLAGS', 'GOTOOLCHAIN', 'GOROOT', 'GOPATH', 'GOBIN', 'GOENV', 'GOCACHE', 'GOMODCACHE', 'GOWORK',
      'GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE', 'GOSUMDB', 'GODEBUG', 'GOFIPS140', 'GOAUTH',
      'GOTELEMETRY', 'GOCOVERDIR', 'GOTMPDIR', 'GCCGO', 'AR', 'PKG_CONFIG',
      'CGO_ENABLED', 'CGO_[A-Z]+FLAGS(?:_ALLOW|_DISALLOW)?', 'CC', 'CXX', 'CC_[A-Za-z0-9_]+', 'CXX_[A-Za-z0-9_]+', 'CROSS_COMPILE',
    ].join('|') +
    ')$',
);

/**
 * What an environment we cannot read (`env "${ENV[@]}" go build`, `eval $VARS go build`) may set: the
 * variables rules judge a build by. Each becomes unknown for that command, so no rule guesses.
 */
const OPAQUE_VARIABLES = [
  'GOOS', 'GOARCH', 'GOARM', 'GOAMD64', 'GOARM64', 'GORISCV64', 'GO386', 'GOMIPS', 'GOMIPS64', 'GOPPC64', 'GOWASM',
  'GOEXPERIMENT', 'GOFLAGS', 'GOTOOLCHAIN', 'CGO_ENABLED', 'CGO_CFLAGS', 'CGO_LDFLAGS', 'CC', 'CXX',
];

/** What every model asks the shell walker to watch: build variables and the go command. */
export const GO_WATCH: Watch = {
  variable: (name) => BUILD_VARIABLE.test(name),
  program: (name) => Object.hasOwn(GO_TOOLS, name),
  opaque: OPAQUE_VARIABLES,
};

const VALUED = new Set(GO_OTHER_VALUED_FLAGS);

/** A go flag that takes the next word as its value (when not written -flag=value). */
function takesValue(name: string): boolean {
  return goBuildFlag(name)?.takesValue === true || VALUED.has(name);
}

/** The go command (or a wrapper that sets the target itself) a simple command runs; undefined for other programs. */
export function goCommandOf(file: string, c: SimpleCommand): GoCommand | undefined {
  if (!Object.hasOwn(GO_TOOLS, c.name)) return undefined;
  const tool = c.name as GoTool;
  const words = c.words;
  let i = 1;
  let subcommand: string;
  switch (GO_TOOLS[tool].subcommand) {
    case 'after-flags':
      // `go -C dir build`: -C is the one go flag before the subcommand that takes a value (go reads --C too).
      while (i < words.length && words[i].text.startsWith('-')) i += /^--?C$/.test(words[i].text) ? 2 : 1;
      subcommand = words[i]?.value ?? words[i]?.text ?? '';
      i++;
      break;
    case 'first-word':
      subcommand = words[1]?.text ?? '';
      i = 2;
      break;
    case 'build':
      subcommand = 'build';
  }
  const args = words.slice(i);
  return {
    file,
    tool,
    subcommand,
    range: c.range,
    goRange: c.nameRange,
    args,
    // The wrappers' own arguments come first (xx-go build …, gox -osarch …): only go's own are read go's way.
    flags: goFlags(args, subcommand, tool === 'go'),
    env: c.env,
    cwd: c.cwd,
    insertBefore: c.insertBefore,
  };
}

/**
 * -tags, -ldflags, -o, -race… keyed without the dash; the value for valued flags, 'true' for the others.
 * `stopAtPackage`: as go reads its command line, flags end at the first package (go test's excepted).
 */
export function goFlags(args: Word[], subcommand: string, stopAtPackage = false): Map<string, Word> {
  const flags = new Map<string, Word>();
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const m = /^--?([A-Za-z][\w.-]*)(=([\s\S]*))?$/.exec(a.value ?? a.text);
    if (!m) {
      if (subcommand === 'run') break; // what follows the package is the program's own arguments
      // go's flags end at the first argument that is not one: `go build . -race` reads -race as an import path
      // (and stops); go test alone reads flags after its packages too. A word that may be several (an unknown
      // value, or `$(FLAGS)` = `-ldflags "-s -w"`, which the walker keeps as one) may hold flags: reading goes on.
      if (stopAtPackage && subcommand !== 'test' && a.value !== undefined && !a.value.trimStart().startsWith('-')) break;
      continue;
    }
    const key = m[1];
    // `-ldflags="$X"` with X unknown: the text after `=` is not the value.
    if (m[2] !== undefined) flags.set(key, { text: a.text, value: a.value === undefined ? undefined : m[3], range: a.range });
    else if (takesValue(key) && k + 1 < args.length) flags.set(key, args[++k]);
    else flags.set(key, { text: a.text, value: 'true', range: a.range });
  }
  return flags;
}

/**
 * The plain shell variables go did not see when `command` ran. `GOOS=${GOOS:-$(go env GOOS)}` is
 * exempt: exported if it came from the environment, else go's own default.
 */
export function unseenBy(c: SimpleCommand): Assignment[] {
  return c.unexported().filter((site) => !site.valueText.includes(`go env ${site.name})`));
}
