import type { CampaignSettings } from "../db/campaign-repo.ts";
import type { Actor } from "../domain/audit.ts";
import type { Campaign } from "../domain/campaign.ts";
import { fail, ok, type Refusal, type Result } from "../domain/result.ts";
import { record, type ServiceDeps } from "./deps.ts";
import { type DraftRefusal, whileDraft } from "./draft.ts";

export type SaveCampaignError = DraftRefusal | Refusal<"exists" | "duplicate">;

/**
 * Creates the campaign (campaignId null: there is none yet) or changes the draft campaign's
 * settings, rule set included. Refused: a campaign already exists (a second "create" that landed
 * meanwhile), the campaign is stamped or gone, the code is already used (field `code`).
 */
export function saveCampaign(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaignId: number | null; settings: CampaignSettings },
): Result<Campaign, SaveCampaignError> {
  const { store, clock } = deps;
  const { campaignId, settings } = input;
  const audited = () =>
    record(deps, actor, campaignId === null ? "campaign.create" : "campaign.update", settings.code, {
      ...settings,
    });
  const duplicate = () => fail("duplicate", "Mã đợt này đã có.", "code");
  if (campaignId === null) {
    return store.withTransaction((): Result<Campaign, SaveCampaignError> => {
      if (store.campaigns.current()) return fail("exists", "Đã có đợt lấy phiếu; hãy tải lại trang.");
      const created = store.campaigns.create({
        ...settings,
        isSample: false,
        createdAt: clock.now().toISOString(),
      });
      if (!created.ok) return duplicate();
      audited();
      return created;
    });
  }
  return whileDraft(deps, campaignId, (): Result<Campaign, SaveCampaignError> => {
    if (!store.campaigns.update(campaignId, settings).ok) return duplicate();
    audited();
    const updated = store.campaigns.byId(campaignId);
    if (!updated) throw new Error("campaign vanished inside its own transaction");
    return ok(updated);
  });
}
