import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ready } from '../testing';
import { LineIndex, MappedText } from '../text';
import { walkShell } from '../shell/walk';
import { goCommandOf, GO_WATCH, unseenBy } from './go-command';

before(ready);

function goCommands(text: string) {
  const found: ReturnType<typeof goCommandOf>[] = [];
  walkShell({ file: '/w/s.sh', lines: new LineIndex(text), source: MappedText.of(text, 0), env: new Map(), watch: GO_WATCH }, (c) => found.push(goCommandOf('/w/s.sh', c)));
  return found;
}

describe('go commands from the walker\'s simple commands', () => {
  it('finds the subcommand after go\'s own flags (-C dir) and reads valued, boolean and -flag=value flags', () => {
    const [c] = goCommands('go -C ./cmd/app build -o bin/app -trimpath -ldflags="-s -w" -tags netgo .\n');
    assert.equal(c?.tool, 'go');
    assert.equal(c?.subcommand, 'build');
    assert.deepEqual([...c!.flags].map(([k, w]) => [k, w.value]), [['o', 'bin/app'], ['trimpath', 'true'], ['ldflags', '-s -w'], ['tags', 'netgo']]);
    assert.deepEqual(c?.args.map((a) => a.value).slice(-1), ['.']);
  });

  it('knows the wrappers: xx-go and gox build, goreleaser names its subcommand', () => {
    const [xx, gox, rel, other] = goCommands('xx-go build -o /out/app .\ngox -osarch linux/arm64\ngoreleaser release --clean\napk add gcc\n');
    assert.deepEqual([xx?.tool, xx?.subcommand, xx?.flags.get('o')?.value], ['xx-go', 'build', '/out/app']);
    assert.deepEqual([gox?.tool, gox?.subcommand], ['gox', 'build']);
    assert.deepEqual([rel?.tool, rel?.subcommand], ['goreleaser', 'release']);
    assert.equal(other, undefined);
  });

  it('stops reading flags at the package of go run: the rest are the program\'s', () => {
    const [c] = goCommands('go run ./cmd/gen -o out.txt\n');
    assert.equal(c?.flags.has('o'), false);
  });

  it('keeps a -flag="$X" with X unknown unknown, rather than reading its text as the value', () => {
    const [build] = goCommands('go build -ldflags="$LDFLAGS -s" -tags "$TAGS" .\n');
    assert.deepEqual([build!.flags.get('ldflags')?.value, build!.flags.get('ldflags')?.text, build!.flags.get('tags')?.value], [undefined, '-ldflags="$LDFLAGS -s"', undefined]);
  });

  it('does not count GOOS=${GOOS:-$(go env GOOS)} as a setting go missed: it is go\'s own default', () => {
    const texts = ['GOOS=${GOOS:-$(go env GOOS)}\nGOARCH=arm64\ngo build .\n'];
    const seen: string[][] = [];
    for (const text of texts) {
      walkShell({ file: '/w/s.sh', lines: new LineIndex(text), source: MappedText.of(text, 0), env: new Map(), watch: GO_WATCH }, (c) => seen.push(unseenBy(c).map((a) => a.name)));
    }
    assert.deepEqual(seen, [['GOARCH']]);
  });
});
