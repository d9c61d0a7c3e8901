import { analyze, type Facts } from '../engine';

/** Small documents of each kind whose analysis loads the shell grammar's code paths and lets V8 compile the engine. */
const SAMPLES = [
  {
    path: 'xbd-warm-up:/Dockerfile',
    kind: 'dockerfile' as const,
    text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
  },
  { path: 'xbd-warm-up:/Makefile', kind: 'makefile' as const, text: 'GOARCH ?= arm64\nbuild:\n\tGOOS=linux go build -o bin/app ./cmd/app\n' },
  { path: 'xbd-warm-up:/build.sh', kind: 'shell' as const, text: '#!/bin/sh\nfor a in amd64 arm64; do GOOS=linux GOARCH=$a go build -o "bin/app-$a" .; done\n' },
];

/**
 * Analyses the samples once, one per turn of the event loop, unless a real document arrives first (its
 * analysis warms the engine just as well). The first document a user opens then does not pay for it.
 */
export function warmUp(facts: Facts, busy: () => boolean): void {
  const next = (i: number) => {
    if (i >= SAMPLES.length || busy()) return;
    analyze(SAMPLES[i], { facts });
    setImmediate(() => next(i + 1));
  };
  setImmediate(() => next(0));
}
