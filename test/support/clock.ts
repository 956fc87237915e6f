import { secondsClearOfVietnamMidnight } from "../../scripts/bench-support.ts";
import { type Clock, offsetClock } from "../../server/clock.ts";

/**
 * Longer than a whole run of the suite, even on a busy machine (≈ 5 min; a worker's files share this
 * module, `isolate: false`, so the offset is fixed when the worker starts, not per file): within
 * this of Vietnam's midnight (17:00 UTC) a test's clock starts just past it instead.
 */
export const MIDNIGHT_WINDOW_MS = 15 * 60_000;

/**
 * Seconds a test moves its clock, fixed when this module is loaded (once per worker): 0 most of the
 * day, enough to put the whole run past Vietnam's midnight when it starts within
 * `MIDNIGHT_WINDOW_MS` of it. A point-day opened for "today" must still be today at the last ballot.
 */
export const TEST_CLOCK_OFFSET_SECONDS = secondsClearOfVietnamMidnight(new Date(), MIDNIGHT_WINDOW_MS);

/** The system's clock, moved by `TEST_CLOCK_OFFSET_SECONDS`: for tests that vote on "today". */
export const testClock: Clock = offsetClock(TEST_CLOCK_OFFSET_SECONDS * 1000);
