import type * as z from "zod";
import type { Actor } from "../domain/audit.ts";
import { fail, mapOk, ok, type Refusal, type Result } from "../domain/result.ts";
import type { Point, PointFormSchema } from "../domain/setup.ts";
import { record, type ServiceDeps } from "./deps.ts";
import { type DraftRefusal, whileDraft } from "./draft.ts";

export type PointInput = z.infer<typeof PointFormSchema>;

export type SavePointError = DraftRefusal | Refusal<"not_found" | "invalid" | "duplicate">;

/**
 * Adds a polling point or changes one. Refused: campaign stamped or gone, point not in this
 * campaign, commune not in it (field `communeId`), a day outside the campaign's days (field `days`),
 * code already used (field `code`).
 */
export function savePoint(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaignId: number; pointId: number | null; data: PointInput },
): Result<Point, SavePointError> {
  const { store } = deps;
  const { campaignId, pointId, data } = input;
  return whileDraft(deps, campaignId, (campaign): Result<Point, SavePointError> => {
    const editing = pointId === null ? null : store.points.get(campaignId, pointId);
    if (pointId !== null && !editing) return fail("not_found", "Không tìm thấy điểm này.");
    if (!store.campaigns.commune(campaignId, data.communeId)) return fail("invalid", "Chọn xã.", "communeId");
    if (data.days.some((d) => !campaign.days.includes(d))) {
      return fail("invalid", "Chỉ chọn trong các ngày của đợt.", "days");
    }
    const saved = editing
      ? mapOk(store.points.update(editing.id, data), () => ({ ...editing, ...data }))
      : store.points.create(campaignId, data);
    if (!saved.ok) return fail("duplicate", "Mã điểm này đã có.", "code");
    record(deps, actor, editing ? "point.update" : "point.create", data.code, { ...data });
    return ok(saved.value);
  });
}

export type DeletePointError = DraftRefusal | Refusal<"not_found">;

/** Deletes a polling point of a draft campaign. */
export function deletePoint(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaignId: number; pointId: number },
): Result<Point, DeletePointError> {
  const { store } = deps;
  return whileDraft(deps, input.campaignId, (): Result<Point, DeletePointError> => {
    const point = store.points.get(input.campaignId, input.pointId);
    if (!point) return fail("not_found", "Không tìm thấy điểm này.");
    store.points.delete(point.id);
    record(deps, actor, "point.delete", point.code, { name: point.name });
    return ok(point);
  });
}

export type SetPointBallotError = DraftRefusal | Refusal<"not_found" | "invalid">;

/**
 * Sets a point's ballot style: null = every official of the point's commune (the default), or the
 * chosen officials of the campaign, in the officials' own order (commune, then display order).
 * Unknown ids are ignored; an empty custom ballot is refused.
 */
export function setPointBallot(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaignId: number; pointId: number; officialIds: readonly number[] | null },
): Result<Point, SetPointBallotError> {
  const { store } = deps;
  return whileDraft(deps, input.campaignId, (): Result<Point, SetPointBallotError> => {
    const point = store.points.get(input.campaignId, input.pointId);
    if (!point) return fail("not_found", "Không tìm thấy điểm này.");
    const officials = store.campaigns.officials(input.campaignId);
    let chosen: typeof officials | null = null;
    if (input.officialIds !== null) {
      const wanted = new Set(input.officialIds);
      chosen = officials.filter((o) => wanted.has(o.id));
      if (chosen.length === 0) return fail("invalid", "Phiếu riêng cần ít nhất một người được lấy phiếu.");
    }
    store.points.setBallot(point.id, chosen ? chosen.map((o) => o.id) : null);
    record(deps, actor, "point.ballot", point.code, {
      officials: chosen ? chosen.map((o) => o.code) : "default",
    });
    const updated = store.points.get(input.campaignId, point.id);
    if (!updated) throw new Error("point vanished inside its own transaction");
    return ok(updated);
  });
}
