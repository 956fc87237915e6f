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
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readFormWithLists } from "../http/forms.ts";
import { paths } from "../http/paths.ts";
import { renderError } from "../http/respond.tsx";
import { afterChange, boardSection } from "../http/section.tsx";
import { deletePoint, savePoint, setPointBallot } from "../services/points.ts";
import { currentCampaign, idParam, refusal, toCampaignCreation } from "./setup-shared.ts";

function render(c: Context<AppEnv>, extra: Partial<PointsModel> = {}, status: ContentfulStatusCode = 200) {
  const { store } = c.get("deps");
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
    csrfToken: c.get("csrfToken"),
    editing: null,
    ...extra,
  };
  return boardSection(c, "Điểm lấy phiếu", "points", <PointsSection m={m} />, status);
}

function findPoint(c: Context<AppEnv>): Point | null {
  const campaign = currentCampaign(c);
  return campaign ? c.get("deps").store.points.get(campaign.id, idParam(c)) : null;
}

async function save(c: Context<AppEnv>, editing: Point | null) {
  const campaign = currentCampaign(c);
  if (!campaign) return renderError(c, 404, "Chưa có đợt lấy phiếu.");
  const editable = checkEditable(campaign);
  if (!editable.ok) return render(c, refusal(editable.error), 409);
  const form = await readFormWithLists(c, ["days"]);
  const values = { ...form, dayList: form.days, days: undefined };
  const parsed = PointFormSchema.safeParse(form);
  if (!parsed.success) return render(c, { editing, values, errors: fieldErrors(parsed.error) }, 422);
  const saved = savePoint(c.get("deps"), c.get("actor"), {
    campaignId: campaign.id,
    pointId: editing?.id ?? null,
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
  return afterChange(c, paths.board.points, () =>
    render(c, { message: { kind: "ok", text: `Đã lưu điểm ${parsed.data.name}.` } }),
  );
}

function renderBallot(
  c: Context<AppEnv>,
  point: Point,
  extra: Partial<BallotStyleModel> = {},
  status: ContentfulStatusCode = 200,
) {
  const { store } = c.get("deps");
  const campaign = currentCampaign(c);
  if (!campaign) return renderError(c, 404, "Chưa có đợt lấy phiếu.");
  const m: BallotStyleModel = {
    point,
    communes: store.campaigns.communes(campaign.id),
    officials: store.campaigns.officials(campaign.id),
    editable: checkEditable(campaign).ok,
    csrfToken: c.get("csrfToken"),
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
    const campaign = currentCampaign(c);
    if (!campaign) return renderError(c, 404, "Không tìm thấy điểm này.");
    const deleted = deletePoint(c.get("deps"), c.get("actor"), {
      campaignId: campaign.id,
      pointId: idParam(c),
    });
    if (!deleted.ok) {
      if (deleted.error.code === "not_found") return renderError(c, 404, deleted.error.message);
      return render(c, refusal(deleted.error), 409);
    }
    return afterChange(c, paths.board.points, () =>
      render(c, { message: { kind: "ok", text: `Đã xóa điểm ${deleted.value.name}.` } }),
    );
  })
  .get(`${paths.board.points}/:id/phieu`, allow("board"), (c) => {
    const point = findPoint(c);
    if (!point) return renderError(c, 404, "Không tìm thấy điểm này.");
    return renderBallot(c, point);
  })
  .post(`${paths.board.points}/:id/phieu`, allow("board"), async (c) => {
    const campaign = currentCampaign(c);
    const point = findPoint(c);
    if (!campaign || !point) return renderError(c, 404, "Không tìm thấy điểm này.");
    const editable = checkEditable(campaign);
    if (!editable.ok) return renderBallot(c, point, refusal(editable.error), 409);
    const form = await readFormWithLists(c, ["officialIds"]);
    // The form always says which: a request without it (empty, or not this form) changes nothing.
    if (form["mode"] !== "default" && form["mode"] !== "custom") {
      return renderBallot(c, point, { error: "Chọn loại phiếu của điểm: mặc định hoặc phiếu riêng." }, 422);
    }
    const saved = setPointBallot(c.get("deps"), c.get("actor"), {
      campaignId: campaign.id,
      pointId: point.id,
      officialIds: form["mode"] === "custom" ? form.officialIds.map(Number) : null,
    });
    if (!saved.ok) {
      const { error } = saved;
      if (error.code === "not_found") return renderError(c, 404, error.message);
      if (error.code === "invalid") return renderBallot(c, point, { error: error.message }, 422);
      return renderBallot(c, point, refusal(error), 409);
    }
    return afterChange(c, `${paths.board.point(point.id)}/phieu`, () =>
      renderBallot(c, saved.value, { message: { kind: "ok", text: "Đã lưu phiếu của điểm." } }),
    );
  });
