/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type CampaignFormModel, CampaignSection } from "../../views/campaign-form-page.tsx";
import { fail, ok } from "../domain/result.ts";
import { CampaignFormSchema, checkEditable, fieldErrors, ruleSetFromForm } from "../domain/setup.ts";
import { audit } from "../http/audit.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { paths } from "../http/paths.ts";
import { afterChange, boardSection } from "../http/section.tsx";
import { currentCampaign, isUniqueViolation, refusal, writeWhileDraft } from "./setup-shared.ts";

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
    csrfToken: c.var.csrfToken,
    ...extra,
  };
  return boardSection(c, "Đợt lấy phiếu", "campaign", <CampaignSection m={m} />, status);
}

export const campaignRoutes = new Hono<AppEnv>()
  .get(paths.board.campaign, allow("board"), (c) => render(c))

  .post(paths.board.campaign, allow("board"), async (c) => {
    const { store, clock } = c.var.deps;
    const campaign = currentCampaign(c);
    const editable = campaign ? checkEditable(campaign) : null;
    if (editable && !editable.ok) return render(c, refusal(editable.error), 409);
    const values = await readForm(c);
    const parsed = CampaignFormSchema.safeParse(values);
    if (!parsed.success) return render(c, { values, errors: fieldErrors(parsed.error) }, 422);
    const ruleSet = ruleSetFromForm(parsed.data, parsed.data.code);
    if (!ruleSet.ok) return render(c, { values, errors: { customSecond: ruleSet.error.message } }, 422);
    const { ruleSet: _choice, customDenominator, customFirst, customSecond, ...settings } = parsed.data;
    try {
      const write = () => {
        if (campaign) store.campaigns.update(campaign.id, { ...settings, ruleSet: ruleSet.value });
        else
          store.campaigns.create({
            ...settings,
            ruleSet: ruleSet.value,
            isSample: false,
            createdAt: clock.now().toISOString(),
          });
        audit(c, campaign ? "campaign.update" : "campaign.create", settings.code, {
          ...settings,
          ruleSet: ruleSet.value,
        });
      };
      // Checked inside the write: a stamp (or a second "create") that landed meanwhile wins.
      const written = campaign
        ? writeWhileDraft(c, campaign.id, write)
        : store.withTransaction(() => {
            if (store.campaigns.current()) return fail("exists", "Đã có đợt lấy phiếu; hãy tải lại trang.");
            write();
            return ok(true as const);
          });
      if (!written.ok) return render(c, refusal(written.error), 409);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return render(c, { values, errors: { code: "Mã đợt này đã có." } }, 422);
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
