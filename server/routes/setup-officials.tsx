/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type OfficialsModel, OfficialsSection } from "../../views/officials-page.tsx";
import type { Official } from "../domain/campaign.ts";
import { checkEditable, fieldErrors, OfficialFormSchema } from "../domain/setup.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { paths } from "../http/paths.ts";
import { renderError } from "../http/respond.tsx";
import { afterChange, boardSection } from "../http/section.tsx";
import { deleteOfficial, moveOfficial, saveOfficial } from "../services/officials.ts";
import { currentCampaign, idParam, refusal, toCampaignCreation } from "./setup-shared.ts";

function render(c: Context<AppEnv>, extra: Partial<OfficialsModel> = {}, status: ContentfulStatusCode = 200) {
  const { store } = c.get("deps");
  const campaign = currentCampaign(c);
  if (!campaign) return toCampaignCreation(c);
  const m: OfficialsModel = {
    communes: store.campaigns.communes(campaign.id),
    officials: store.campaigns.officials(campaign.id),
    editable: checkEditable(campaign).ok,
    csrfToken: c.get("csrfToken"),
    editing: null,
    ...extra,
  };
  return boardSection(c, "Người được lấy phiếu", "officials", <OfficialsSection m={m} />, status);
}

function findOfficial(c: Context<AppEnv>): Official | null {
  const campaign = currentCampaign(c);
  return campaign ? c.get("deps").store.campaigns.official(campaign.id, idParam(c)) : null;
}

async function save(c: Context<AppEnv>, editing: Official | null) {
  const campaign = currentCampaign(c);
  if (!campaign) return renderError(c, 409, "Chưa có đợt lấy phiếu.");
  const editable = checkEditable(campaign);
  if (!editable.ok) return render(c, refusal(editable.error), 409);
  const values = await readForm(c);
  const parsed = OfficialFormSchema.safeParse(values);
  if (!parsed.success) return render(c, { editing, values, errors: fieldErrors(parsed.error) }, 422);
  const saved = saveOfficial(c.get("deps"), c.get("actor"), {
    campaignId: campaign.id,
    officialId: editing?.id ?? null,
    data: parsed.data,
  });
  if (!saved.ok) {
    const { error } = saved;
    if (error.code === "not_found") return renderError(c, 404, error.message);
    if (error.code === "duplicate" || error.code === "invalid") {
      return render(c, { editing, values, errors: { [error.field ?? "code"]: error.message } }, 422);
    }
    return render(c, refusal(error), 409);
  }
  return afterChange(c, paths.board.officials, () =>
    render(c, { message: { kind: "ok", text: `Đã lưu ${parsed.data.name}.` } }),
  );
}

/** Swaps an official with the neighbour above or below within the same commune. */
function move(c: Context<AppEnv>, direction: -1 | 1) {
  const campaign = currentCampaign(c);
  if (!campaign) return renderError(c, 404, "Không tìm thấy người này.");
  const moved = moveOfficial(c.get("deps"), c.get("actor"), {
    campaignId: campaign.id,
    officialId: idParam(c),
    direction,
  });
  if (!moved.ok) {
    if (moved.error.code === "not_found") return renderError(c, 404, moved.error.message);
    return render(c, refusal(moved.error), 409);
  }
  return afterChange(c, paths.board.officials, () => render(c));
}

export const officialRoutes = new Hono<AppEnv>()
  .get(paths.board.officials, allow("board"), (c) => render(c))
  .post(paths.board.officials, allow("board"), (c) => save(c, null))
  .get(`${paths.board.officials}/:id/sua`, allow("board"), (c) => {
    const official = findOfficial(c);
    if (!official) return renderError(c, 404, "Không tìm thấy người này.");
    return render(c, { editing: official });
  })
  .post(`${paths.board.officials}/:id`, allow("board"), (c) => {
    const official = findOfficial(c);
    if (!official) return renderError(c, 404, "Không tìm thấy người này.");
    return save(c, official);
  })
  .post(`${paths.board.officials}/:id/len`, allow("board"), (c) => move(c, -1))
  .post(`${paths.board.officials}/:id/xuong`, allow("board"), (c) => move(c, 1))
  .post(`${paths.board.officials}/:id/xoa`, allow("board"), (c) => {
    const campaign = currentCampaign(c);
    if (!campaign) return renderError(c, 404, "Không tìm thấy người này.");
    const deleted = deleteOfficial(c.get("deps"), c.get("actor"), {
      campaignId: campaign.id,
      officialId: idParam(c),
    });
    if (!deleted.ok) {
      if (deleted.error.code === "not_found") return renderError(c, 404, deleted.error.message);
      return render(c, refusal(deleted.error), 409);
    }
    return afterChange(c, paths.board.officials, () =>
      render(c, { message: { kind: "ok", text: `Đã xóa ${deleted.value.name}.` } }),
    );
  });
