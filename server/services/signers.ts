import { MIN_SIGNERS } from "../crypto/verify-minutes.ts";
import { type StoredMinutes, signedDocument } from "../db/minutes-repo.ts";
import type { Store } from "../db/store.ts";
import type { MinutesDocument } from "../domain/minutes-document.ts";
import { LEADER_ROLE } from "../domain/setup.ts";
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

/** Where a point-day's current minutes stand, for the officer looking at them. */
export type MinutesSignatures = {
  complete: boolean;
  /** Members of the team who signed. */
  signed: number;
  required: number;
  members: number;
  leaderSigned: boolean;
  /** The officer looking has signed. */
  viewerSigned: boolean;
  /** The officer looking is in the team the minutes list (only they may sign them). */
  viewerInTeam: boolean;
  /**
   * The officer looking may sign them now, as signMinutes would allow: in the team, not signed
   * yet, the minutes not complete (complete minutes are final), the campaign not certified.
   */
  canSign: boolean;
  /** "Trần Xuân Nam (Thư ký)", for each member who has not signed. */
  unsigned: string[];
};

/**
 * The signatures of the current minutes of point `pointId` on `day` ("YYYY-MM-DD") as `viewer` (a
 * login name) sees them; null while the day has no minutes. Read only.
 */
export function minutesSignatures(
  store: Store,
  pointId: number,
  day: string,
  viewer: string,
): MinutesSignatures | null {
  const minutes = store.minutes.current(pointId, day);
  if (!minutes) return null;
  const doc = signedDocument(minutes);
  const signed = new Set(doc.signatures.map((s) => s.officer));
  const complete = isMinutesComplete(store, minutes);
  const viewerInTeam = doc.officers.some((o) => o.code === viewer);
  return {
    complete,
    signed: doc.officers.filter((o) => signed.has(o.code)).length,
    required: requiredSigners(store),
    members: doc.officers.length,
    leaderSigned: doc.officers.some((o) => o.role === LEADER_ROLE && signed.has(o.code)),
    viewerSigned: signed.has(viewer),
    viewerInTeam,
    canSign:
      viewerInTeam &&
      !signed.has(viewer) &&
      !complete &&
      // A certified campaign is read-only (signMinutes refuses): nobody is asked to sign then.
      store.campaigns.current()?.state !== "certified",
    unsigned: doc.officers.filter((o) => !signed.has(o.code)).map((o) => `${o.name} (${o.role})`),
  };
}
