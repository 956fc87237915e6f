import type { Context } from "hono";
import type { Campaign } from "../domain/campaign.ts";
import type { AppEnv } from "../http/context.ts";
import { isHtmx } from "../http/htmx.ts";
import { paths } from "../http/paths.ts";

export const currentCampaign = (c: Context<AppEnv>): Campaign | null =>
  c.get("deps").store.campaigns.current();

/** A numeric route id; anything else is 0, which matches nothing (→ a Vietnamese 404). */
export function idParam(c: Context<AppEnv>, name = "id"): number {
  const raw = c.req.param(name) ?? "";
  return /^\d{1,12}$/.test(raw) ? Number(raw) : 0;
}

/** Set-up pages before any campaign exists send the board to create one first. */
export function toCampaignCreation(c: Context<AppEnv>): Response {
  if (isHtmx(c)) {
    c.header("HX-Redirect", paths.board.campaign);
    return c.body(null, 204);
  }
  return c.redirect(paths.board.campaign, 302);
}

/** A refused step shown as the section's error message (the section re-renders with it). */
export const refusal = (error: { message: string }) => ({
  message: { kind: "error" as const, text: error.message },
});
