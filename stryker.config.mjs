// Mutation testing of the engine (server/src/engine): `npm run test:mutation` (every engine file),
// `npm run test:mutation:changed` (only the engine files changed against main, what .ci/run runs).
// Stryker changes one small thing in the code at a time (a mutant) and runs the engine's unit tests that
// reach it; a mutant no test notices is a behaviour no test pins.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'server/src/engine/**/*.ts',
    '!server/src/engine/**/*.test.ts',
    // Test helpers, not product code.
    '!server/src/engine/testing.ts',
  ],
  // The engine's tests, bundled with esbuild as `npm run test:unit` does, run under mocha: the mocha runner
  // records which tests reach each mutant (coverageAnalysis perTest) and runs only those, in one process that
  // keeps the bundle loaded. scripts/mutation/build.mjs builds the bundle inside Stryker's sandbox.
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner', './scripts/mutation/ignore-witnesses.mjs'],
  ignorers: ['witnesses'],
  buildCommand: 'node scripts/mutation/build.mjs',
  mochaOptions: {
    spec: ['out/mutation/engine.test.js'],
    // Left out: the tests that bound analysis time (hostile input, growth). Their verdict depends
    // on the machine's load, and they reach almost every mutant at ~20 s each. fuzz.test.ts (time-bounded
    // properties too) is left out of the bundle by scripts/mutation/build.mjs for the same reason.
    grep: '^(?!analyze on hostile input |analyze on growing input |XB504 .* grows linearly )',
  },
  coverageAnalysis: 'perTest',
  // One worker: the machine is shared.
  concurrency: 1,
  // eval/ stays out of the sandbox except the fix-history repros, which messages.test.ts reads.
  ignorePatterns: ['out', '/eval/*', '!/eval/fix-history', 'test-results', '.xbd-cache', 'reports'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: 80 },
};
