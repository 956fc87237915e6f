import type * as z from "zod";
import type { Actor } from "../domain/audit.ts";
import type { Official } from "../domain/campaign.ts";
import { fail, mapOk, ok, type Refusal, type Result } from "../domain/result.ts";
import type { OfficialFormSchema } from "../domain/setup.ts";
import { record, type ServiceDeps } from "./deps.ts";
import { type DraftRefusal, whileDraft } from "./draft.ts";

export type OfficialInput = z.infer<typeof OfficialFormSchema>;

export type SaveOfficialError = DraftRefusal | Refusal<"not_found" | "invalid" | "duplicate">;

/**
 * Adds an official (at the end of their commune's ballot) or changes one; moving an official to
 * another commune puts them at the end of that commune's ballot. Refused: campaign stamped or gone,
 * official not in this campaign, commune not in this campaign (field `communeId`), code already used
 * (field `code`).
 */
export function saveOfficial(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaignId: number; officialId: number | null; data: OfficialInput },
): Result<Official, SaveOfficialError> {
  const { store } = deps;
  const { campaignId, officialId, data } = input;
  return whileDraft(deps, campaignId, (): Result<Official, SaveOfficialError> => {
    const editing = officialId === null ? null : store.campaigns.official(campaignId, officialId);
    if (officialId !== null && !editing) return fail("not_found", "Không tìm thấy người này.");
    if (!store.campaigns.commune(campaignId, data.communeId)) return fail("invalid", "Chọn xã.", "communeId");
    let saved: Result<Official, unknown>;
    if (editing) {
      const moved = editing.communeId !== data.communeId;
      const displayOrder = moved ? store.campaigns.nextOfficialOrder(data.communeId) : editing.displayOrder;
      saved = mapOk(store.campaigns.updateOfficial(editing.id, data), () => ({
        ...editing,
        ...data,
        displayOrder,
      }));
      if (saved.ok && moved) store.campaigns.setOfficialOrder(editing.id, displayOrder);
    } else {
      saved = store.campaigns.addOfficial(campaignId, {
        ...data,
        displayOrder: store.campaigns.nextOfficialOrder(data.communeId),
      });
    }
    if (!saved.ok) return fail("duplicate", "Mã này đã có.", "code");
    record(deps, actor, editing ? "official.update" : "official.create", data.code, { ...data });
    return ok(saved.value);
  });
}

export type MoveOfficialError = DraftRefusal | Refusal<"not_found">;

/**
 * Swaps an official with the neighbour above (direction −1) or below (+1) on their commune's
 * ballot and renumbers the commune 1..n. At either end nothing changes (and nothing is audited).
 */
export function moveOfficial(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaignId: number; officialId: number; direction: -1 | 1 },
): Result<{ moved: boolean }, MoveOfficialError> {
  const { store } = deps;
  return whileDraft(deps, input.campaignId, (): Result<{ moved: boolean }, MoveOfficialError> => {
    const official = store.campaigns.official(input.campaignId, input.officialId);
    if (!official) return fail("not_found", "Không tìm thấy người này.");
    const list = store.campaigns
      .officials(input.campaignId)
      .filter((o) => o.communeId === official.communeId);
    const i = list.findIndex((o) => o.id === official.id);
    const other = list[i + input.direction];
    if (!other) return ok({ moved: false });
    // Renumber the whole commune so orders stay 1..n even after deletions.
    const reordered = [...list];
    reordered[i] = other;
    reordered[i + input.direction] = official;
    reordered.forEach((o, n) => {
      store.campaigns.setOfficialOrder(o.id, n + 1);
    });
    record(deps, actor, "official.reorder", official.code, { position: i + input.direction + 1 });
    return ok({ moved: true });
  });
}

export type DeleteOfficialError = DraftRefusal | Refusal<"not_found">;

/** Deletes an official from a draft campaign (and so from every ballot). */
export function deleteOfficial(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaignId: number; officialId: number },
): Result<Official, DeleteOfficialError> {
  const { store } = deps;
  return whileDraft(deps, input.campaignId, (): Result<Official, DeleteOfficialError> => {
    const official = store.campaigns.official(input.campaignId, input.officialId);
    if (!official) return fail("not_found", "Không tìm thấy người này.");
    store.campaigns.deleteOfficial(official.id);
    record(deps, actor, "official.delete", official.code, { name: official.name });
    return ok(official);
  });
}
