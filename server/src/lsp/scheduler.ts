import type { Settings } from '../contract';

/** The timers the scheduler uses: the real ones in the server, a fake one in tests. */
export interface Clock {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_CLOCK: Clock = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * When each document is validated: after its debounce (the `xbd.debounceMs` setting, or the client's
 * `debounceMs` option), or at once for a zero delay. A newer request for a document replaces the pending one.
 */
export class Scheduler {
  private readonly timers = new Map<string, unknown>();

  constructor(
    private readonly options: {
      settingsFor: (uri: string) => Promise<Settings>;
      /** The client's override of every debounce, if any. */
      debounceMs: () => number | undefined;
      validate: (uri: string, settings: Settings) => void;
      clock?: Clock;
    },
  ) {}

  private get clock(): Clock {
    return this.options.clock ?? REAL_CLOCK;
  }

  /** Validates `uri` after `delay` ms (default: its debounce). */
  schedule(uri: string, delay?: number): void {
    this.cancel(uri);
    void this.options.settingsFor(uri).then((settings) => {
      const wait = delay ?? this.options.debounceMs() ?? settings.debounceMs;
      this.cancel(uri);
      const run = () => {
        this.timers.delete(uri);
        this.options.validate(uri, settings);
      };
      // A zero delay runs now: setTimeout(…, 0) would still wait at least a millisecond.
      if (wait <= 0) run();
      else this.timers.set(uri, this.clock.setTimeout(run, wait));
    });
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.timers.delete(uri);
  }

  /** Whether a validation of `uri` waits for its timer. */
  pending(uri: string): boolean {
    return this.timers.has(uri);
  }
}
