/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type OfficialsModel, OfficialsSection } from "../../views/officials-page.tsx";
import type { Official } from "../domain/campaign.ts";
import { checkEditable, fieldErrors, OfficialFormSchema } from "../domain/setup.ts";
import { audit } from "../http/audit.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { paths } from "../http/paths.ts";
import { renderError } from "../http/respond.tsx";
import { afterChange, boardSection } from "../http/section.tsx";
import {
  currentCampaign,
  idParam,
  isUniqueViolation,
  refusal,
  toCampaignCreation,
  writeWhileDraft,
} from "./setup-shared.ts";

function render(c: Context<AppEnv>, extra: Partial<OfficialsModel> = {}, status: ContentfulStatusCode = 200) {
  const { store } = c.var.deps;
  const campaign = currentCampaign(c);
  if (!campaign) return toCampaignCreation(c);
  const m: OfficialsModel = {
    communes: store.campaigns.communes(campaign.id),
    officials: store.campaigns.officials(campaign.id),
    editable: checkEditable(campaign).ok,
    csrfToken: c.var.csrfToken,
    editing: null,
    ...extra,
  };
  return boardSection(c, "Người được lấy phiếu", "officials", <OfficialsSection m={m} />, status);
}

function findOfficial(c: Context<AppEnv>): Official | null {
  const campaign = currentCampaign(c);
  return campaign ? c.var.deps.store.campaigns.official(campaign.id, idParam(c)) : null;
}

async function save(c: Context<AppEnv>, editing: Official | null) {
  const { store } = c.var.deps;
  const campaign = currentCampaign(c);
  if (!campaign) return renderError(c, 409, "Chưa có đợt lấy phiếu.");
  const editable = checkEditable(campaign);
  if (!editable.ok) return render(c, refusal(editable.error), 409);
  const values = await readForm(c);
  const parsed = OfficialFormSchema.safeParse(values);
  if (!parsed.success) return render(c, { editing, values, errors: fieldErrors(parsed.error) }, 422);
  const data = parsed.data;
  if (!store.campaigns.commune(campaign.id, data.communeId)) {
    return render(c, { editing, values, errors: { communeId: "Chọn xã." } }, 422);
  }
  try {
    const written = writeWhileDraft(c, campaign.id, () => {
      if (editing) {
        store.campaigns.updateOfficial(editing.id, data);
        // Moving to another commune puts the official at the end of that commune's ballot.
        if (editing.communeId !== data.communeId) {
          store.campaigns.setOfficialOrder(editing.id, store.campaigns.nextOfficialOrder(data.communeId));
        }
      } else {
        store.campaigns.addOfficial(campaign.id, {
          ...data,
          displayOrder: store.campaigns.nextOfficialOrder(data.communeId),
        });
      }
      audit(c, editing ? "official.update" : "official.create", data.code, { ...data });
    });
    if (!written.ok) return render(c, refusal(written.error), 409);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return render(c, { editing, values, errors: { code: "Mã này đã có." } }, 422);
  }
  return afterChange(c, paths.board.officials, () =>
    render(c, { message: { kind: "ok", text: `Đã lưu ${data.name}.` } }),
  );
}

/** Swaps an official with the neighbour above or below within the same commune. */
function move(c: Context<AppEnv>, direction: -1 | 1) {
  const { store } = c.var.deps;
  const campaign = currentCampaign(c);
  const official = findOfficial(c);
  if (!campaign || !official) return renderError(c, 404, "Không tìm thấy người này.");
  const editable = checkEditable(campaign);
  if (!editable.ok) return render(c, refusal(editable.error), 409);
  const list = store.campaigns.officials(campaign.id).filter((o) => o.communeId === official.communeId);
  const i = list.findIndex((o) => o.id === official.id);
  const other = list[i + direction];
  if (other) {
    const written = writeWhileDraft(c, campaign.id, () => {
      // Renumber the whole commune so orders stay 1..n even after deletions.
      const reordered = [...list];
      reordered[i] = other;
      reordered[i + direction] = official;
      reordered.forEach((o, n) => {
        store.campaigns.setOfficialOrder(o.id, n + 1);
      });
      audit(c, "official.reorder", official.code, { position: i + direction + 1 });
    });
    if (!written.ok) return render(c, refusal(written.error), 409);
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
    const { store } = c.var.deps;
    const campaign = currentCampaign(c);
    const official = findOfficial(c);
    if (!campaign || !official) return renderError(c, 404, "Không tìm thấy người này.");
    const editable = checkEditable(campaign);
    if (!editable.ok) return render(c, refusal(editable.error), 409);
    const written = writeWhileDraft(c, campaign.id, () => {
      store.campaigns.deleteOfficial(official.id);
      audit(c, "official.delete", official.code, { name: official.name });
    });
    if (!written.ok) return render(c, refusal(written.error), 409);
    return afterChange(c, paths.board.officials, () =>
      render(c, { message: { kind: "ok", text: `Đã xóa ${official.name}.` } }),
    );
  });
