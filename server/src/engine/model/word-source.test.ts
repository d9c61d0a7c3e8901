import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { DocumentKind } from '../types';
import { HOST_FACTS, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';

before(ready);

/** The -ldflags word of the file's first go command: its value and the text where that value was written. */
function ldflags(text: string, kind: DocumentKind) {
  const path = ({ dockerfile: '/w/Dockerfile', makefile: '/w/Makefile', shell: '/w/build.sh', goenv: '/w/env', gomod: '/w/go.mod' } as Record<string, string>)[kind];
  const { model, lines } = buildModel({ path, kind, text }, { goVersion: defaultGoVersion(HOST_FACTS) });
  const word = model.commands[0].flags.get('ldflags')!;
  const src = word.source;
  return {
    value: word.value,
    written: src ? text.slice(lines.offsetAt(src.valueRange.start), lines.offsetAt(src.valueRange.end)) : undefined,
    literal: src?.literal,
  };
}

describe('Word.source: where a flag value held in a variable was written', () => {
  it('follows a make variable into its definition', () => {
    const text = 'LDFLAGS := -s -w -extldflags "-static"\n\nbuild:\n\tgo build -ldflags "$(LDFLAGS)" -o bin/app .\n';
    assert.deepEqual(ldflags(text, 'makefile'), { value: '-s -w -extldflags "-static"', written: '-s -w -extldflags "-static"', literal: true });
  });

  it('gives no definition after += (the value is spread over several lines)', () => {
    const text = 'LDFLAGS := -s -w\nLDFLAGS += -static\n\nbuild:\n\tgo build -ldflags "$(LDFLAGS)" .\n';
    assert.deepEqual(ldflags(text, 'makefile'), { value: '-s -w -static', written: undefined, literal: undefined });
  });

  it('follows a Dockerfile ENV and ARG, quotes kept in the written text', () => {
    const env = 'FROM golang:1.22\nENV LDFLAGS="-s -w -static"\nRUN go build -ldflags "$LDFLAGS" -o /app .\n';
    assert.deepEqual(ldflags(env, 'dockerfile'), { value: '-s -w -static', written: '"-s -w -static"', literal: true });
    const arg = 'FROM golang:1.22\nARG LDFLAGS=-static\nRUN go build -ldflags=${LDFLAGS} -o /app .\n';
    assert.equal(ldflags(arg, 'dockerfile').written, undefined, '-ldflags=${X} is not a lone reference');
    const bare = 'FROM golang:1.22\nARG LDFLAGS=-static\nRUN go build -ldflags ${LDFLAGS} -o /app .\n';
    assert.deepEqual(ldflags(bare, 'dockerfile'), { value: '-static', written: '-static', literal: true });
  });

  it('follows a shell variable of a script', () => {
    const text = "#!/bin/sh\nLDFLAGS='-s -w -static'\ngo build -ldflags \"$LDFLAGS\" -o app .\n";
    assert.deepEqual(ldflags(text, 'shell'), { value: '-s -w -static', written: "'-s -w -static'", literal: true });
  });

  it('leaves a -flag=$X value unknown when X is unknown', () => {
    const text = '#!/bin/sh\ngo build -ldflags="$EXTRA -s" -o app .\n';
    assert.deepEqual(ldflags(text, 'shell'), { value: undefined, written: undefined, literal: undefined });
  });
});
