import { MIN_SIGNERS } from "../crypto/verify-minutes.ts";
import { type StoredMinutes, signedDocument } from "../db/minutes-repo.ts";
import type { Store } from "../db/store.ts";
import type { MinutesDocument } from "../domain/minutes-document.ts";
import { minutesComplete } from "../domain/verification.ts";

/** How many officers must sign a point's minutes: the campaign's setting (2 to 9). */
export const requiredSigners = (store: Store): number =>
  store.campaigns.current()?.requiredSigners ?? MIN_SIGNERS;

/**
 * Stored minutes signed by enough officers of the team they list, the Tổ trưởng among them
 * (DESIGN §4 step 3): the one test the sign screen, the verification and the results share.
 */
export const isMinutesComplete = (store: Store, minutes: StoredMinutes): boolean =>
  minutesComplete(signedDocument(minutes) as MinutesDocument, requiredSigners(store));
