/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  type BallotStyleModel,
  BallotStyleSection,
  type PointsModel,
  PointsSection,
} from "../../views/points-page.tsx";
import { checkEditable, fieldErrors, type Point, PointFormSchema } from "../domain/setup.ts";
import { audit } from "../http/audit.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readFormWithLists } from "../http/forms.ts";
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

function render(c: Context<AppEnv>, extra: Partial<PointsModel> = {}, status: ContentfulStatusCode = 200) {
  const { store } = c.var.deps;
  const campaign = currentCampaign(c);
  if (!campaign) return toCampaignCreation(c);
  const m: PointsModel = {
    campaignDays: campaign.days,
    communes: store.campaigns.communes(campaign.id),
    officials: store.campaigns.officials(campaign.id),
    points: store.points.list(campaign.id),
    officers: store.officers.list(),
    rosterSizes: store.rosters.sizes(campaign.id),
    editable: checkEditable(campaign).ok,
    csrfToken: c.var.csrfToken,
    editing: null,
    ...extra,
  };
  return boardSection(c, "Điểm lấy phiếu", "points", <PointsSection m={m} />, status);
}

function findPoint(c: Context<AppEnv>): Point | null {
  const campaign = currentCampaign(c);
  return campaign ? c.var.deps.store.points.get(campaign.id, idParam(c)) : null;
}

async function save(c: Context<AppEnv>, editing: Point | null) {
  const { store } = c.var.deps;
  const campaign = currentCampaign(c);
  if (!campaign) return renderError(c, 404, "Chưa có đợt lấy phiếu.");
  const editable = checkEditable(campaign);
  if (!editable.ok) return render(c, refusal(editable.error), 409);
  const form = await readFormWithLists(c, ["days"]);
  const values = { ...form, dayList: form.days, days: undefined };
  const parsed = PointFormSchema.safeParse(form);
  if (!parsed.success) return render(c, { editing, values, errors: fieldErrors(parsed.error) }, 422);
  const data = parsed.data;
  if (!store.campaigns.commune(campaign.id, data.communeId)) {
    return render(c, { editing, values, errors: { communeId: "Chọn xã." } }, 422);
  }
  const strayDay = data.days.find((d) => !campaign.days.includes(d));
  if (strayDay)
    return render(c, { editing, values, errors: { days: "Chỉ chọn trong các ngày của đợt." } }, 422);
  try {
    const written = writeWhileDraft(c, campaign.id, () => {
      if (editing) store.points.update(editing.id, data);
      else store.points.create(campaign.id, data);
      audit(c, editing ? "point.update" : "point.create", data.code, { ...data });
    });
    if (!written.ok) return render(c, refusal(written.error), 409);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return render(c, { editing, values, errors: { code: "Mã điểm này đã có." } }, 422);
  }
  return afterChange(c, paths.board.points, () =>
    render(c, { message: { kind: "ok", text: `Đã lưu điểm ${data.name}.` } }),
  );
}

function renderBallot(
  c: Context<AppEnv>,
  point: Point,
  extra: Partial<BallotStyleModel> = {},
  status: ContentfulStatusCode = 200,
) {
  const { store } = c.var.deps;
  const campaign = currentCampaign(c);
  if (!campaign) return renderError(c, 404, "Chưa có đợt lấy phiếu.");
  const m: BallotStyleModel = {
    point,
    communes: store.campaigns.communes(campaign.id),
    officials: store.campaigns.officials(campaign.id),
    editable: checkEditable(campaign).ok,
    csrfToken: c.var.csrfToken,
    ...extra,
  };
  return boardSection(c, `Phiếu của điểm ${point.name}`, "points", <BallotStyleSection m={m} />, status);
}

export const pointRoutes = new Hono<AppEnv>()
  .get(paths.board.points, allow("board"), (c) => render(c))
  .post(paths.board.points, allow("board"), (c) => save(c, null))
  .get(`${paths.board.points}/:id/sua`, allow("board"), (c) => {
    const point = findPoint(c);
    if (!point) return renderError(c, 404, "Không tìm thấy điểm này.");
    return render(c, { editing: point });
  })
  .post(`${paths.board.points}/:id`, allow("board"), (c) => {
    const point = findPoint(c);
    if (!point) return renderError(c, 404, "Không tìm thấy điểm này.");
    return save(c, point);
  })
  .post(`${paths.board.points}/:id/xoa`, allow("board"), (c) => {
    const { store } = c.var.deps;
    const campaign = currentCampaign(c);
    const point = findPoint(c);
    if (!campaign || !point) return renderError(c, 404, "Không tìm thấy điểm này.");
    const editable = checkEditable(campaign);
    if (!editable.ok) return render(c, refusal(editable.error), 409);
    const written = writeWhileDraft(c, campaign.id, () => {
      store.points.delete(point.id);
      audit(c, "point.delete", point.code, { name: point.name });
    });
    if (!written.ok) return render(c, refusal(written.error), 409);
    return afterChange(c, paths.board.points, () =>
      render(c, { message: { kind: "ok", text: `Đã xóa điểm ${point.name}.` } }),
    );
  })
  .get(`${paths.board.points}/:id/phieu`, allow("board"), (c) => {
    const point = findPoint(c);
    if (!point) return renderError(c, 404, "Không tìm thấy điểm này.");
    return renderBallot(c, point);
  })
  .post(`${paths.board.points}/:id/phieu`, allow("board"), async (c) => {
    const { store } = c.var.deps;
    const campaign = currentCampaign(c);
    const point = findPoint(c);
    if (!campaign || !point) return renderError(c, 404, "Không tìm thấy điểm này.");
    const editable = checkEditable(campaign);
    if (!editable.ok) return renderBallot(c, point, refusal(editable.error), 409);
    const form = await readFormWithLists(c, ["officialIds"]);
    const officials = store.campaigns.officials(campaign.id);
    let ids: number[] | null = null;
    if (form["mode"] === "custom") {
      const chosen = new Set(form.officialIds.map(Number));
      // Ballot order follows the officials' own order: commune, then display order.
      ids = officials.filter((o) => chosen.has(o.id)).map((o) => o.id);
      if (ids.length === 0)
        return renderBallot(c, point, { error: "Phiếu riêng cần ít nhất một người được lấy phiếu." }, 422);
    }
    const written = writeWhileDraft(c, campaign.id, () => {
      store.points.setBallot(point.id, ids);
      audit(c, "point.ballot", point.code, {
        officials: ids ? officials.filter((o) => ids?.includes(o.id)).map((o) => o.code) : "default",
      });
    });
    if (!written.ok) return renderBallot(c, point, refusal(written.error), 409);
    const updated = findPoint(c) ?? point;
    return afterChange(c, `${paths.board.point(point.id)}/phieu`, () =>
      renderBallot(c, updated, { message: { kind: "ok", text: "Đã lưu phiếu của điểm." } }),
    );
  });
