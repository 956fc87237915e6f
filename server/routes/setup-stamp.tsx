/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type StampModel, StampSection } from "../../views/stamp-page.tsx";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { paths } from "../http/paths.ts";
import { renderError } from "../http/respond.tsx";
import { afterChange, boardSection } from "../http/section.tsx";
import { loadSetupModel, stampCampaign, stampPreviewDigest, stampReadiness } from "../services/setup.ts";
import { prepareCampaignSpeech } from "../speech/speech.ts";
import { currentCampaign, refusal, toCampaignCreation } from "./setup-shared.ts";

function render(c: Context<AppEnv>, extra: Partial<StampModel> = {}, status: ContentfulStatusCode = 200) {
  const { store } = c.get("deps");
  const campaign = currentCampaign(c);
  if (!campaign) return toCampaignCreation(c);
  const model = loadSetupModel(store, campaign);
  if (!model.ok) return renderError(c, 409, model.error.message);
  const m: StampModel = {
    campaign,
    problems: campaign.state === "draft" ? stampReadiness(store, model.value) : [],
    seen: campaign.state === "draft" ? stampPreviewDigest(store, model.value) : "",
    points: model.value.points.map((p) => ({
      ...p,
      rosterSize: model.value.rosterSizes.get(p.id) ?? 0,
      latest: store.rosters.commitments(p.id).at(-1) ?? null,
    })),
    csrfToken: c.get("csrfToken"),
    ...extra,
  };
  return boardSection(c, "Đóng dấu danh sách", "stamp", <StampSection m={m} />, status);
}

export const stampRoutes = new Hono<AppEnv>()
  .get(paths.board.stamp, allow("board"), (c) => render(c))

  .post(paths.board.stamp, allow("board"), async (c) => {
    // What the page showed would be frozen (stampPreviewDigest): that or nothing.
    const form = await readForm(c);
    const stamped = stampCampaign(
      c.get("deps"),
      { name: c.get("user")?.username ?? "khách", address: null },
      { seen: form["ban-xem"] ?? "" },
    );
    if (!stamped.ok) {
      return render(c, refusal(stamped.error), 409);
    }
    // The stamp has committed: the kiosk's audio is made now, in another process, not awaited.
    void prepareCampaignSpeech(c.get("deps"));
    return afterChange(c, paths.board.stamp, () =>
      render(c, {
        message: {
          kind: "ok",
          text: "Đã đóng dấu danh sách. Các điểm có thể bắt đầu lấy phiếu vào ngày của mình.",
        },
      }),
    );
  });
