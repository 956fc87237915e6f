/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type CampaignFormModel, CampaignSection } from "../../views/campaign-form-page.tsx";
import { CampaignFormSchema, checkEditable, fieldErrors, ruleSetFromForm } from "../domain/setup.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { paths } from "../http/paths.ts";
import { afterChange, boardSection } from "../http/section.tsx";
import { saveCampaign } from "../services/campaign.ts";
import { currentCampaign, refusal } from "./setup-shared.ts";

function render(
  c: Context<AppEnv>,
  extra: Partial<CampaignFormModel> = {},
  status: ContentfulStatusCode = 200,
) {
  const campaign = currentCampaign(c);
  const m: CampaignFormModel = {
    campaign,
    // No campaign yet: the same form creates the first one.
    editable: campaign ? checkEditable(campaign).ok : true,
    csrfToken: c.get("csrfToken"),
    ...extra,
  };
  return boardSection(c, "Đợt lấy phiếu", "campaign", <CampaignSection m={m} />, status);
}

export const campaignRoutes = new Hono<AppEnv>()
  .get(paths.board.campaign, allow("board"), (c) => render(c))

  .post(paths.board.campaign, allow("board"), async (c) => {
    const campaign = currentCampaign(c);
    const editable = campaign ? checkEditable(campaign) : null;
    if (editable && !editable.ok) return render(c, refusal(editable.error), 409);
    const values = await readForm(c);
    const parsed = CampaignFormSchema.safeParse(values);
    if (!parsed.success) return render(c, { values, errors: fieldErrors(parsed.error) }, 422);
    const ruleSet = ruleSetFromForm(parsed.data, parsed.data.code);
    if (!ruleSet.ok) return render(c, { values, errors: { customSecond: ruleSet.error.message } }, 422);
    const { ruleSet: _choice, customDenominator, customFirst, customSecond, ...settings } = parsed.data;
    const saved = saveCampaign(c.get("deps"), c.get("actor"), {
      campaignId: campaign?.id ?? null,
      settings: { ...settings, ruleSet: ruleSet.value },
    });
    if (!saved.ok) {
      const { error } = saved;
      if (error.code === "duplicate") return render(c, { values, errors: { code: error.message } }, 422);
      return render(c, refusal(error), 409);
    }
    return afterChange(c, paths.board.campaign, () =>
      render(c, {
        message: {
          kind: "ok",
          text: campaign
            ? "Đã lưu."
            : "Đã tạo đợt lấy phiếu. Tiếp theo: thêm các xã, người được lấy phiếu và điểm.",
        },
      }),
    );
  });
