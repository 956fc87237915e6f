/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type CampaignFormModel, CampaignSection } from "../../views/campaign-form-page.tsx";
import { CampaignFormSchema, checkEditable, fieldErrors, ruleSetFromForm } from "../domain/setup.ts";
import { audit } from "../http/audit.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { paths } from "../http/paths.ts";
import { renderError } from "../http/respond.tsx";
import { afterChange, boardSection } from "../http/section.tsx";
import { currentCampaign, isUniqueViolation } from "./setup-shared.ts";

function render(
  c: Context<AppEnv>,
  extra: Partial<CampaignFormModel> = {},
  status: ContentfulStatusCode = 200,
) {
  const campaign = currentCampaign(c);
  if (!campaign) return renderError(c, 404, "Chưa có đợt lấy phiếu.");
  const m: CampaignFormModel = {
    campaign,
    editable: checkEditable(campaign).ok,
    csrfToken: c.var.csrfToken,
    ...extra,
  };
  return boardSection(c, "Đợt lấy phiếu", "campaign", <CampaignSection m={m} />, status);
}

export const campaignRoutes = new Hono<AppEnv>()
  .get(paths.board.campaign, allow("board"), (c) => render(c))

  .post(paths.board.campaign, allow("board"), async (c) => {
    const { store } = c.var.deps;
    const campaign = currentCampaign(c);
    if (!campaign) return renderError(c, 404, "Chưa có đợt lấy phiếu.");
    const editable = checkEditable(campaign);
    if (!editable.ok) return render(c, { message: { kind: "error", text: editable.error.message } }, 409);
    const values = await readForm(c);
    const parsed = CampaignFormSchema.safeParse(values);
    if (!parsed.success) return render(c, { values, errors: fieldErrors(parsed.error) }, 422);
    const ruleSet = ruleSetFromForm(parsed.data, parsed.data.code);
    if (!ruleSet.ok) return render(c, { values, errors: { customSecond: ruleSet.error.message } }, 422);
    const { ruleSet: _choice, customDenominator, customFirst, customSecond, ...settings } = parsed.data;
    try {
      store.withTransaction(() => {
        store.campaigns.update(campaign.id, { ...settings, ruleSet: ruleSet.value });
        audit(c, "campaign.update", settings.code, { ...settings, ruleSet: ruleSet.value });
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return render(c, { values, errors: { code: "Mã đợt này đã có." } }, 422);
    }
    return afterChange(c, paths.board.campaign, () =>
      render(c, { message: { kind: "ok", text: "Đã lưu." } }),
    );
  });
