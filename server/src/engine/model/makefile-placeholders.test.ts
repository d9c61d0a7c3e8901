import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { explainAt, goCommandHints } from '../explain';
import { HOST_FACTS, ready, said } from '../testing';

before(ready);

const MAKEFILE = [
  'ARCH := aarch64',
  'LDFLAGS := -s -w',
  '',
  'build:',
  '\tGOOS=linux GOARCH=$(ARCH) go build -ldflags "$(LDFLAGS)" -o bin/app .',
  '\tenv GOARCH=$(ARCH) go build -o bin/app2 .',
  '',
].join('\n');

describe('make references pasted into recipes', () => {
  it('show as written in messages, hovers and inlay hints, never as the walker\'s tokens', () => {
    const { findings, model, lines } = analyze({ path: '/w/Makefile', kind: 'makefile', text: MAKEFILE }, { facts: HOST_FACTS });
    const xb102 = findings.filter((f) => f.code === 'XB102');
    assert.equal(xb102.length, 2);
    assert.match(said(xb102[0]), /^GOARCH=\$\(ARCH\) \(= aarch64\) is not a Go architecture/);
    const shown = [
      ...findings.map((f) => f.message),
      ...model!.assignments.map((a) => explainAt(model!, lines!, a.nameRange.start, HOST_FACTS)?.markdown ?? ''),
      ...goCommandHints(model!, HOST_FACTS).flatMap((h) => [h.label, h.tooltip]),
      ...model!.commands.flatMap((c) => [...c.args.map((w) => w.text), ...[...c.env.values()].map((e) => e.expr)]),
    ];
    assert.ok(shown.some((t) => t.includes('$(ARCH)')), 'the reference is shown');
    for (const text of shown) assert.doesNotMatch(text, /__xbd/);
    const goarch = model!.assignments.filter((a) => a.name === 'GOARCH');
    assert.deepEqual(goarch.map((a) => [a.valueText, a.value]), [['$(ARCH)', 'aarch64'], ['$(ARCH)', 'aarch64']]);
  });

  it('take a value that makes the shell run a command (`$$(uname -m)`, backquotes) as unknown, not as its text', () => {
    for (const value of ['$$(uname -m)', '`uname -m`']) {
      const text = `ARCH = ${value}\nbuild:\n\tGOARCH=$(ARCH) go build .\n`;
      const { findings } = analyze({ path: '/w/Makefile', kind: 'makefile', text }, { facts: HOST_FACTS });
      assert.deepEqual(findings.filter((f) => f.code === 'XB102').map(said), [], value);
    }
  });

  it('show as written when a recipe line holds more than ten references', () => {
    const text = [
      'PKG := example.com/app/internal/version',
      'VERSION := 1.4.0',
      'ARCH := aarch64',
      '',
      'release:',
      '\tgo build -ldflags "-X $(PKG).Version=$(VERSION) -X $(PKG).Commit=$(COMMIT) -X $(PKG).Date=$(DATE) -X $(PKG).Builder=$(USER)" -o $(OUT)/$(NAME) . && \\',
      '\t  GOOS=linux GOARCH=$(ARCH) go build -o $(OUT)/app-$(ARCH) .',
      '',
    ].join('\n');
    const { findings } = analyze({ path: '/w/Makefile', kind: 'makefile', text }, { facts: HOST_FACTS });
    const [xb102] = findings.filter((f) => f.code === 'XB102');
    assert.ok(xb102);
    assert.match(said(xb102), /^GOARCH=\$\(ARCH\) \(= aarch64\) is not a Go architecture/);
    for (const f of findings) assert.doesNotMatch(said(f), /__xbd/);
  });
});
