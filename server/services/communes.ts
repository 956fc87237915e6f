import type * as z from "zod";
import type { Actor } from "../domain/audit.ts";
import type { Commune } from "../domain/campaign.ts";
import { fail, mapOk, ok, type Refusal, type Result } from "../domain/result.ts";
import type { CommuneFormSchema } from "../domain/setup.ts";
import { record, type ServiceDeps } from "./deps.ts";
import { type DraftRefusal, whileDraft } from "./draft.ts";

export type CommuneInput = z.infer<typeof CommuneFormSchema>;

export type SaveCommuneError = DraftRefusal | Refusal<"not_found" | "duplicate">;

/**
 * Adds a commune to a draft campaign (communeId null) or changes one. Refused: campaign stamped or
 * gone, commune not in this campaign, code already used in the campaign (field `code`).
 */
export function saveCommune(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaignId: number; communeId: number | null; data: CommuneInput },
): Result<Commune, SaveCommuneError> {
  const { store } = deps;
  const { campaignId, communeId, data } = input;
  return whileDraft(deps, campaignId, (): Result<Commune, SaveCommuneError> => {
    if (communeId !== null && !store.campaigns.commune(campaignId, communeId)) {
      return fail("not_found", "Không tìm thấy xã này.");
    }
    const saved =
      communeId === null
        ? store.campaigns.addCommune(campaignId, data)
        : mapOk(store.campaigns.updateCommune(communeId, data), () => ({ id: communeId, ...data }));
    if (!saved.ok) return fail("duplicate", "Mã xã này đã có.", "code");
    record(deps, actor, communeId === null ? "commune.create" : "commune.update", data.code, { ...data });
    return ok(saved.value);
  });
}

export type DeleteCommuneError = DraftRefusal | Refusal<"not_found" | "in_use">;

/** Deletes a commune no official and no point belongs to any more. */
export function deleteCommune(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaignId: number; communeId: number },
): Result<Commune, DeleteCommuneError> {
  const { store } = deps;
  return whileDraft(deps, input.campaignId, (): Result<Commune, DeleteCommuneError> => {
    const commune = store.campaigns.commune(input.campaignId, input.communeId);
    if (!commune) return fail("not_found", "Không tìm thấy xã này.");
    const use = store.campaigns.communeUse(commune.id);
    if (use.officials > 0 || use.points > 0) {
      return fail(
        "in_use",
        `Không xóa được xã ${commune.name}: còn ${use.officials} người được lấy phiếu và ${use.points} điểm thuộc xã này.`,
      );
    }
    store.campaigns.deleteCommune(commune.id);
    record(deps, actor, "commune.delete", commune.code, { name: commune.name });
    return ok(commune);
  });
}
