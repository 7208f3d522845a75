import { setTimeout as sleep } from 'node:timers/promises';

/** The first wrong passphrase waits this long before its answer; each further one doubles it. */
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 60_000;

/**
 * Passphrase checks one at a time, with a growing delay after each wrong one: scrypt alone
 * costs a guesser a few hundred ms per try, and parallel requests would share the cores. The
 * delay is spent before the wrong answer is given, while the next check waits in line, so
 * sending many at once gains nothing. A right passphrase resets the count.
 */
export class PassphraseAttempts {
  private queue: Promise<unknown> = Promise.resolve();
  private wrong = 0;
  private readonly wait: (ms: number) => Promise<unknown>;

  constructor(wait: (ms: number) => Promise<unknown> = sleep) {
    this.wait = wait;
  }

  /** Runs `check` in line; it resolves true for a right passphrase. */
  check(attempt: () => Promise<boolean>): Promise<boolean> {
    const run = this.queue.then(async () => {
      const right = await attempt();
      if (right) {
        this.wrong = 0;
        return true;
      }
      this.wrong += 1;
      await this.wait(Math.min(FIRST_DELAY_MS * 2 ** (this.wrong - 1), MAX_DELAY_MS));
      return false;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
