import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Scheduler, type Clock } from './scheduler';
import { DEFAULT_SETTINGS, type Settings } from '../contract';

/** A clock that runs its timers only when told to, so the tests never sleep. */
class FakeClock implements Clock {
  now = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  private next = 1;
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, run });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at > this.now) continue;
      this.timers.delete(id);
      t.run();
    }
  }
}

function setup(debounceMs: number | undefined, settings: Settings = { ...DEFAULT_SETTINGS, debounceMs: 200 }) {
  const clock = new FakeClock();
  const runs: string[] = [];
  const scheduler = new Scheduler({ settingsFor: async () => settings, debounceMs: () => debounceMs, validate: (uri) => runs.push(uri), clock });
  return { clock, runs, scheduler };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('Scheduler', () => {
  it('waits for the debounce of the settings, then validates once', async () => {
    const { clock, runs, scheduler } = setup(undefined);
    scheduler.schedule('file:///a/Dockerfile');
    await settled();
    clock.advance(199);
    assert.deepEqual(runs, []);
    clock.advance(1);
    assert.deepEqual(runs, ['file:///a/Dockerfile']);
  });

  it('a newer edit replaces the pending validation (one run, timed from the last edit)', async () => {
    const { clock, runs, scheduler } = setup(undefined);
    scheduler.schedule('file:///a/Dockerfile');
    await settled();
    clock.advance(150);
    scheduler.schedule('file:///a/Dockerfile');
    await settled();
    clock.advance(150);
    assert.deepEqual(runs, []);
    clock.advance(50);
    assert.deepEqual(runs, ['file:///a/Dockerfile']);
  });

  it('a zero delay validates without a timer; the client option overrides the setting', async () => {
    const { runs, scheduler } = setup(0);
    scheduler.schedule('file:///a/Makefile');
    await settled();
    assert.deepEqual(runs, ['file:///a/Makefile']);
    assert.equal(scheduler.pending('file:///a/Makefile'), false);
  });

  it('cancel drops a pending validation', async () => {
    const { clock, runs, scheduler } = setup(undefined);
    scheduler.schedule('file:///a/build.sh');
    await settled();
    assert.equal(scheduler.pending('file:///a/build.sh'), true);
    scheduler.cancel('file:///a/build.sh');
    clock.advance(1000);
    assert.deepEqual(runs, []);
  });
});
