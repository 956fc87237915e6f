/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type OfficerDay, OfficerHomePage } from "../../views/officer-home-page.tsx";
import type { Store } from "../db/store.ts";
import { vietnamDate } from "../domain/calendar.ts";
import type { Point } from "../domain/setup.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { paths } from "../http/paths.ts";
import { page } from "../http/respond.tsx";
import { minutesSignatures } from "../services/signers.ts";
import { pointDayStatus } from "../services/voting.ts";

/** Each of the point's days up to today, as the officer should see where it stands. */
function officerDays(store: Store, point: Point, today: string, viewer: string): OfficerDay[] {
  return [...point.days]
    .filter((d) => d <= today)
    .sort()
    .map((day) => ({
      day,
      status: pointDayStatus(store, point.id, day),
      minutes: minutesSignatures(store, point.id, day, viewer),
    }));
}

export const officerRoutes = new Hono<AppEnv>().get(paths.officer.home, allow("officer"), (c) => {
  const user = c.var.user;
  if (!user) throw new Error("allow('officer') let an anonymous request through");
  const { store, clock } = c.var.deps;
  const campaign = store.campaigns.current();
  const today = vietnamDate(clock.now());
  const officer = store.officers.get(user.id);
  const points = campaign ? store.points.list(campaign.id) : [];
  const mine = officer ? points.filter((p) => officer.pointIds.includes(p.id)) : [];
  return page(
    c,
    "Tổ công tác",
    <OfficerHomePage
      user={user}
      officer={officer}
      points={mine.map((point) => ({ point, days: officerDays(store, point, today, user.username) }))}
      today={today}
      campaign={campaign}
    />,
  );
});
