import type { Context } from "hono";
import type { Campaign } from "../domain/campaign.ts";
import type { Point } from "../domain/setup.ts";
import type { AppEnv } from "../http/context.ts";
import { idParam } from "./setup-shared.ts";

/** Shown when the point in the path is not one of the logged-in officer's. */
export const NOT_YOURS = "Không tìm thấy điểm này trong các điểm bạn được phân công.";

/** The point in the path, if the logged-in officer works there (an officer sees only their own points). */
export function officerPoint(c: Context<AppEnv>): { campaign: Campaign; point: Point } | null {
  const { store } = c.get("deps");
  const user = c.get("user");
  const campaign = store.campaigns.current();
  if (!user || !campaign) return null;
  const point = store.points.get(campaign.id, idParam(c));
  if (!point || !store.officers.get(user.id)?.pointIds.includes(point.id)) return null;
  return { campaign, point };
}
