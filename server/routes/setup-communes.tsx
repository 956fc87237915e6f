/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type CommunesModel, CommunesSection } from "../../views/communes-page.tsx";
import type { Commune } from "../domain/campaign.ts";
import { CommuneFormSchema, checkEditable, fieldErrors } from "../domain/setup.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { paths } from "../http/paths.ts";
import { renderError } from "../http/respond.tsx";
import { afterChange, boardSection } from "../http/section.tsx";
import { deleteCommune, saveCommune } from "../services/communes.ts";
import { currentCampaign, idParam, refusal, toCampaignCreation } from "./setup-shared.ts";

function render(c: Context<AppEnv>, extra: Partial<CommunesModel> = {}, status: ContentfulStatusCode = 200) {
  const { store } = c.get("deps");
  const campaign = currentCampaign(c);
  if (!campaign) return toCampaignCreation(c);
  const communes = store.campaigns
    .communes(campaign.id)
    .map((x) => ({ ...x, ...store.campaigns.communeUse(x.id) }));
  const m: CommunesModel = {
    communes,
    editable: checkEditable(campaign).ok,
    csrfToken: c.get("csrfToken"),
    editing: null,
    ...extra,
  };
  return boardSection(c, "Các xã", "communes", <CommunesSection m={m} />, status);
}

/** Create or update through the service: one transaction, its audit entry; a refusal changes nothing. */
async function save(c: Context<AppEnv>, editing: Commune | null) {
  const campaign = currentCampaign(c);
  if (!campaign) return renderError(c, 409, "Chưa có đợt lấy phiếu.");
  const editable = checkEditable(campaign);
  if (!editable.ok) return render(c, refusal(editable.error), 409);
  const values = await readForm(c);
  const parsed = CommuneFormSchema.safeParse(values);
  if (!parsed.success) return render(c, { editing, values, errors: fieldErrors(parsed.error) }, 422);
  const saved = saveCommune(c.get("deps"), c.get("actor"), {
    campaignId: campaign.id,
    communeId: editing?.id ?? null,
    data: parsed.data,
  });
  if (!saved.ok) {
    const { error } = saved;
    if (error.code === "duplicate")
      return render(c, { editing, values, errors: { code: error.message } }, 422);
    if (error.code === "not_found") return renderError(c, 404, error.message);
    return render(c, refusal(error), 409);
  }
  return afterChange(c, paths.board.communes, () =>
    render(c, { message: { kind: "ok", text: `Đã lưu xã ${parsed.data.name}.` } }),
  );
}

export const communeRoutes = new Hono<AppEnv>()
  .get(paths.board.communes, allow("board"), (c) => render(c))

  .post(paths.board.communes, allow("board"), (c) => save(c, null))

  .get(`${paths.board.communes}/:id/sua`, allow("board"), (c) => {
    const campaign = currentCampaign(c);
    const commune = campaign ? c.get("deps").store.campaigns.commune(campaign.id, idParam(c)) : null;
    if (!commune) return renderError(c, 404, "Không tìm thấy xã này.");
    return render(c, { editing: commune });
  })

  .post(`${paths.board.communes}/:id`, allow("board"), (c) => {
    const campaign = currentCampaign(c);
    const commune = campaign ? c.get("deps").store.campaigns.commune(campaign.id, idParam(c)) : null;
    if (!commune) return renderError(c, 404, "Không tìm thấy xã này.");
    return save(c, commune);
  })

  .post(`${paths.board.communes}/:id/xoa`, allow("board"), (c) => {
    const campaign = currentCampaign(c);
    if (!campaign) return renderError(c, 404, "Không tìm thấy xã này.");
    const deleted = deleteCommune(c.get("deps"), c.get("actor"), {
      campaignId: campaign.id,
      communeId: idParam(c),
    });
    if (!deleted.ok) {
      if (deleted.error.code === "not_found") return renderError(c, 404, deleted.error.message);
      return render(c, refusal(deleted.error), 409);
    }
    return afterChange(c, paths.board.communes, () =>
      render(c, { message: { kind: "ok", text: `Đã xóa xã ${deleted.value.name}.` } }),
    );
  });
