import type { Kiosk } from "./voting.ts";

/**
 * A kiosk polls every second or so; one silent for this long is not coming back by itself (a tablet
 * re-paired under a new number, switched off, or its browser closed). The console folds such kiosks
 * away and offers to clean them up (issue #14), so that "Máy 1–7" after a few re-pairings does not
 * hide the two screens actually in the hall. A few minutes, so that a tablet briefly out of Wi-Fi or
 * being restarted is not folded.
 */
export const KIOSK_SILENT_AFTER_MS = 3 * 60_000;

/** The threshold in whole minutes, as the console and the audit entry say it. */
export const KIOSK_SILENT_MINUTES = KIOSK_SILENT_AFTER_MS / 60_000;

/**
 * Whether the console folds this kiosk away and the clean-up may remove it: silent for longer than
 * KIOSK_SILENT_AFTER_MS (or never seen) and holding no ticket. A kiosk holding a ticket always stays
 * in sight: a resident may be standing at it, and the officer must decide about that ballot
 * ("Không thu về") first. Nor is a kiosk silent while one of its requests is held open right now
 * (`pollHeld`, as in kioskStatus): it is waiting there, whatever its last-seen time says (a write of
 * that time failing for minutes must not fold away, or let anyone remove, a tablet in use). `now`
 * in milliseconds since the epoch.
 */
export function isSilentKiosk(
  kiosk: Pick<Kiosk, "lastSeenAt">,
  hasTicket: boolean,
  now: number,
  pollHeld = false,
): boolean {
  if (hasTicket || pollHeld) return false;
  if (kiosk.lastSeenAt === null) return true;
  return now - Date.parse(kiosk.lastSeenAt) > KIOSK_SILENT_AFTER_MS;
}
