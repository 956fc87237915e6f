import { availableParallelism } from "node:os";

/**
 * A FIFO limit on how many deliberately slow computations run at once: the password hashes
 * (argon2id, 19 MiB, about 35 ms) and the signing keys' KDFs (scrypt, 128 MiB, about 0.4 s;
 * PBKDF2). Each runs on the runtime's worker threads, not the request thread, but unbounded they
 * take every core: at a change of shift, 128 first logins and 64 closes with signatures held the
 * server at 135–185 % of two cores for a minute and a half, and ballots waited behind them (issue
 * #12's district run). With the limit the request thread keeps a core of its own; logins queue
 * instead, which a tired officer notices as a slower login, not a resident as a stalled kiosk.
 *
 * `run` never refuses: a login waits its turn rather than failing. A slot is given back when the
 * work settles, resolved or rejected, so a failing KDF cannot shrink the lane.
 */
export class SlowLane {
  readonly #limit: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  /** limit: computations at once, a positive integer (throws otherwise: a configuration bug). */
  constructor(limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new Error(`slow lane limit must be ≥ 1, got ${limit}`);
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  /** Computations running now (≤ limit). */
  get running(): number {
    return this.#running;
  }

  /** Computations queued behind them. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Runs work once a slot is free, in the order of the calls. work must not itself wait on this
   * lane (with one slot that would wait forever): wrap only the leaf computations.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#limit) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line (running stays the same), so a call made in
      // between cannot jump the queue.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/**
 * The server's one lane: one computation fewer than the machine's cores, at least one, so that the
 * request thread always has a core (2 cores here: one at a time).
 */
export const slowLane = new SlowLane(Math.max(1, availableParallelism() - 1));
