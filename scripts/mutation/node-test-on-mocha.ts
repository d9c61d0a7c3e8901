// The engine's tests import describe/it/before/after from node:test. For mutation testing the same tests run
// under mocha (Stryker's mocha runner knows each test, so a mutant runs only the tests that reach it); this
// module stands in for node:test in that bundle and hands each call to mocha's globals. The tests use no
// other part of node:test (a test context argument would make mocha wait for a `done` callback, hence the
// zero-argument wrappers).
type Body = () => unknown;
type Registrar = (name: string, body: Body) => unknown;
type Hook = (body: Body) => unknown;
const mocha = globalThis as unknown as { describe: Registrar; it: Registrar; beforeEach: Hook; after: Hook };

export const describe = (name: string, body: Body) => mocha.describe(name, () => void body());
export const it = (name: string, body: Body) => mocha.it(name, () => body());
export const test = it;
export const after = (body: Body) => mocha.after(() => body());

/**
 * Runs `body` once per run, before the first test of its suite that runs (as node:test's `before` does), but
 * inside that test's beforeEach: Stryker notes which test reaches each mutant from its own root beforeEach,
 * so code a `before` reaches counts for that test. (In a mocha `before`, code reached before the first test
 * counts for no test: every mutant there would be rerun in a fresh process against every test.)
 */
export const before = (body: Body) => {
  let done = false;
  mocha.beforeEach(async () => {
    if (done) return;
    done = true;
    await body();
  });
  mocha.after(() => {
    done = false;
  });
};
