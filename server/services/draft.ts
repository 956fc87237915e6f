import type { Campaign } from "../domain/campaign.ts";
import { fail, type Refusal, type Result } from "../domain/result.ts";
import { checkEditable } from "../domain/setup.ts";
import type { ServiceDeps } from "./deps.ts";

/** Why a set-up write was refused before it started: the campaign is gone or already stamped. */
export type DraftRefusal = Refusal<"gone" | "stamped">;

/**
 * Runs a set-up write in one transaction, only while the campaign is still a draft (checked inside
 * the transaction: a stamp that lands while a form was being read wins, and the write changes
 * nothing). A failed Result from write rolls everything back.
 */
export function whileDraft<T, E>(
  deps: ServiceDeps,
  campaignId: number,
  write: (campaign: Campaign) => Result<T, E>,
): Result<T, E | DraftRefusal> {
  const { store } = deps;
  return store.withTransaction((): Result<T, E | DraftRefusal> => {
    const fresh = store.campaigns.byId(campaignId);
    if (!fresh) return fail("gone", "Không còn đợt lấy phiếu này.");
    const editable = checkEditable(fresh);
    if (!editable.ok) return fail("stamped", editable.error.message);
    return write(fresh);
  });
}
