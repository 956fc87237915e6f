/**
 * Wakes requests held open by long polls (issue #12 §4) when what they wait for may have changed: a
 * kiosk waiting for its ticket, a ballot screen asking whether its ticket still stands, a console's
 * live panel. In memory only, like the tickets it is about: a topic names a kiosk or a point, never
 * a resident or a ballot, and nothing here is written anywhere.
 *
 * A notification is a hint, not a fact: the woken request reads the state again and decides. A
 * notification from a transaction that then rolled back only costs that re-read.
 */
export class ChangeFeed {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Wakes every request waiting on `topic` now. */
  notify(topic: string): void {
    const waiting = this.waiters.get(topic);
    if (!waiting) return;
    this.waiters.delete(topic);
    for (const wake of waiting) wake();
  }

  /**
   * Resolves "changed" at the next `notify(topic)`, or "timeout" after `ms` milliseconds, or
   * "aborted" when `signal` aborts (the client went away). Never rejects.
   */
  wait(topic: string, ms: number, signal?: AbortSignal): Promise<"changed" | "timeout" | "aborted"> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve("aborted");
      let waiting = this.waiters.get(topic);
      if (!waiting) {
        waiting = new Set();
        this.waiters.set(topic, waiting);
      }
      const set = waiting;
      const finish = (how: "changed" | "timeout" | "aborted") => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        set.delete(wake);
        if (set.size === 0 && this.waiters.get(topic) === set) this.waiters.delete(topic);
        resolve(how);
      };
      const wake = () => finish("changed");
      const onAbort = () => finish("aborted");
      const timer = setTimeout(() => finish("timeout"), ms);
      signal?.addEventListener("abort", onAbort, { once: true });
      set.add(wake);
    });
  }

  /** Whether a request is held on `topic` right now (a kiosk waiting on its long poll is there). */
  isWaiting(topic: string): boolean {
    return (this.waiters.get(topic)?.size ?? 0) > 0;
  }

  /** Requests waiting now, all topics together (for tests and the load report). */
  waiting(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }
}

/** The topic of one kiosk: its ticket was handed out, voided, cast, or the kiosk was unpaired. */
export const kioskTopic = (kioskId: string): string => `kiosk:${kioskId}`;

/**
 * The topic of one polling point, what its consoles' live panels wait on: a ticket handed out,
 * cast or voided there, the point-day opened, paused, resumed or closed, a kiosk of it paired,
 * confirmed or removed. Counts and kiosk states only, never who checked in.
 */
export const pointTopic = (pointId: number): string => `point:${pointId}`;
