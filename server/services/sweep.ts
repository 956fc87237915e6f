import type { Store } from "../db/store.ts";
import type { Logger } from "../logger.ts";

/** How often the database is swept while ballots are coming in. */
export const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Every few minutes, if ballots were cast since the last sweep, rebuild the tables in key order and
 * empty the WAL (Store.sweep): the write order of ballots and check-ins survives in the file only for
 * the few minutes since the last sweep, never for the whole day.
 */
export function startSecrecySweep(
  store: Store,
  logger: Logger,
  everyMs = SWEEP_EVERY_MS,
): { stop: () => void; sweepNow: () => void } {
  // -1: whatever a previous run left unswept (a crash between sweeps) is swept by the first call.
  let swept = -1;
  const sweepIfNeeded = () => {
    const now = store.collectedTotal();
    if (now === swept) return;
    const started = performance.now();
    const result = store.sweep();
    if (result.ok) {
      swept = now;
      logger.info("secrecy.sweep", { ms: Math.round(performance.now() - started) });
    } else {
      // Nothing is marked as swept, so the next tick tries again.
      logger.error("secrecy.sweep", { error: result.reason });
    }
  };
  const timer = setInterval(sweepIfNeeded, everyMs);
  return { stop: () => clearInterval(timer), sweepNow: sweepIfNeeded };
}
