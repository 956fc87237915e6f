/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  OfficerDetail,
  type OfficerDetailModel,
  type OfficersModel,
  OfficersSection,
} from "../../views/officers-page.tsx";
import { publicKeyFingerprint } from "../crypto/keys.ts";
import {
  fieldErrors,
  type Officer,
  OfficerEditSchema,
  OfficerFormSchema,
  type Point,
} from "../domain/setup.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readFormWithLists } from "../http/forms.ts";
import { paths } from "../http/paths.ts";
import { renderError } from "../http/respond.tsx";
import { boardSection } from "../http/section.tsx";
import { createOfficer, resetOfficer, updateOfficer } from "../services/officers.ts";
import { currentCampaign, idParam, toCampaignCreation } from "./setup-shared.ts";

function render(c: Context<AppEnv>, extra: Partial<OfficersModel> = {}, status: ContentfulStatusCode = 200) {
  const { store } = c.get("deps");
  const campaign = currentCampaign(c);
  if (!campaign) return toCampaignCreation(c);
  const m: OfficersModel = {
    officers: store.officers.list(),
    points: store.points.list(campaign.id),
    csrfToken: c.get("csrfToken"),
    ...extra,
  };
  return boardSection(c, "Tổ công tác", "officers", <OfficersSection m={m} />, status);
}

// Officers can be added after the stamp too (a replacement on the day): accounts are not part of
// the stamped lists, and each new officer comes with a fresh key of their own.
export const officerAdminRoutes = new Hono<AppEnv>()
  .get(paths.board.officers, allow("board"), (c) => render(c))

  .post(paths.board.officers, allow("board"), async (c) => {
    const { store } = c.get("deps");
    const campaign = currentCampaign(c);
    if (!campaign) return renderError(c, 404, "Chưa có đợt lấy phiếu.");
    const form = await readFormWithLists(c, ["pointIds"]);
    const values = { ...form, pointList: form.pointIds, pointIds: undefined };
    const parsed = OfficerFormSchema.safeParse(form);
    if (!parsed.success) return render(c, { values, errors: fieldErrors(parsed.error) }, 422);
    const data = parsed.data;
    const known = new Set(store.points.list(campaign.id).map((p) => p.id));
    if (data.pointIds.some((id) => !known.has(id))) {
      return render(c, { values, errors: { pointIds: "Chọn trong các điểm của đợt." } }, 422);
    }
    const created = await createOfficer(c.get("deps"), c.get("actor"), data);
    if (!created.ok) return render(c, { values, errors: { username: created.error.message } }, 422);
    c.header("Cache-Control", "no-store"); // the first password is on this page
    return render(c, {
      created: {
        username: data.username,
        displayName: data.displayName,
        password: created.value.password,
        fingerprint: publicKeyFingerprint(created.value.publicKey),
      },
    });
  })

  .get(`${paths.board.officers}/:id`, allow("board"), (c) => {
    const found = officerDetail(c);
    if (!found) return renderError(c, 404, "Không tìm thấy cán bộ này.");
    return renderDetail(c, found);
  })

  .post(`${paths.board.officers}/:id`, allow("board"), async (c) => {
    const found = officerDetail(c);
    if (!found) return renderError(c, 404, "Không tìm thấy cán bộ này.");
    const form = await readFormWithLists(c, ["pointIds"]);
    const values = { ...form, pointList: form.pointIds, pointIds: undefined };
    const parsed = OfficerEditSchema.safeParse(form);
    if (!parsed.success) return renderDetail(c, found, { values, errors: fieldErrors(parsed.error) }, 422);
    const saved = updateOfficer(c.get("deps"), c.get("actor"), {
      userId: found.officer.userId,
      ...parsed.data,
    });
    if (!saved.ok) {
      if (saved.error.code === "not_found") return renderError(c, 404, saved.error.message);
      return renderDetail(c, found, { values, errors: { pointIds: saved.error.message } }, 422);
    }
    const updated = officerDetail(c) ?? found;
    return renderDetail(c, updated, { message: { kind: "ok", text: "Đã lưu." } });
  })

  .post(`${paths.board.officers}/:id/cap-lai`, allow("board"), async (c) => {
    const found = officerDetail(c);
    if (!found) return renderError(c, 404, "Không tìm thấy cán bộ này.");
    const reset = await resetOfficer(c.get("deps"), c.get("actor"), { userId: found.officer.userId });
    if (!reset.ok) return renderError(c, 404, reset.error.message);
    c.header("Cache-Control", "no-store"); // the new first password is on this page
    const updated = officerDetail(c) ?? found;
    return renderDetail(c, updated, {
      reset: { password: reset.value.password, fingerprint: publicKeyFingerprint(reset.value.publicKey) },
    });
  });

function officerDetail(c: Context<AppEnv>) {
  const { store } = c.get("deps");
  const campaign = currentCampaign(c);
  const officer = store.officers.get(idParam(c));
  if (!officer) return null;
  return { officer, points: campaign ? store.points.list(campaign.id) : [] };
}

function renderDetail(
  c: Context<AppEnv>,
  found: { officer: Officer; points: Point[] },
  extra: Partial<OfficerDetailModel> = {},
  status: ContentfulStatusCode = 200,
) {
  const m: OfficerDetailModel = { ...found, csrfToken: c.get("csrfToken"), ...extra };
  return boardSection(c, found.officer.displayName, "officers", <OfficerDetail m={m} />, status);
}
