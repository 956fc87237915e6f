/**
 * Long polls (issue #12 §4): a kiosk waiting for a ticket or watching its ballot, and an officer's
 * live panel, are answered when something changes or after POLL_HOLD_SECONDS. The browser must
 * wait longer than the server holds: htmx's default timeout (10 s on the kiosk, 15 s on the
 * consoles, so that a cast or a click that gets no answer is said quickly) would abort every held
 * poll, show the kiosk's "Mất kết nối" banner over a working connection, and leave the server
 * holding requests nobody waits for.
 */

/** The longest hold the configuration accepts (POLL_HOLD_SECONDS). */
export const POLL_HOLD_MAX_SECONDS = 55;

/** A held poll's own htmx timeout: the longest hold and a margin for a slow network (ms). */
export const HELD_POLL_TIMEOUT_MS = (POLL_HOLD_MAX_SECONDS + 15) * 1000;

/** The attribute that gives a polling element that timeout (htmx 4 `hx-config`, HCON). */
export const HELD_POLL = { "hx-config": `timeout:${HELD_POLL_TIMEOUT_MS}` } as const;
