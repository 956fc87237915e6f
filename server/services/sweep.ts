import type { Store } from "../db/store.ts";
import type { Logger } from "../http/context.ts";

/** How often the database is swept while ballots are coming in. */
export const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Every few minutes, if ballots were cast since the last sweep, rebuild the tables in key order and
 * empty the WAL (Store.sweep): the write order of ballots and check-ins survives in the file only for
 * the few minutes since the last sweep, never for the whole day.
 */
export function startSecrecySweep(store: Store, logger: Logger, everyMs = SWEEP_EVERY_MS): () => void {
  let swept = store.collectedTotal();
  const timer = setInterval(() => {
    const now = store.collectedTotal();
    if (now === swept) return;
    const started = performance.now();
    try {
      store.sweep();
      swept = now;
      logger.info("secrecy.sweep", { ms: Math.round(performance.now() - started) });
    } catch (e) {
      // A busy database: try again at the next tick.
      logger.error("secrecy.sweep", { error: e instanceof Error ? e.message : String(e) });
    }
  }, everyMs);
  return () => clearInterval(timer);
}
