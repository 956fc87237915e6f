/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { OfficerHomePage } from "../../views/officer-home-page.tsx";
import { vietnamDate } from "../domain/calendar.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { paths } from "../http/paths.ts";
import { page } from "../http/respond.tsx";
import { pointDayStandings } from "../services/voting.ts";

export const officerRoutes = new Hono<AppEnv>().get(paths.officer.home, allow("officer"), (c) => {
  const user = c.get("user");
  if (!user) throw new Error("allow('officer') let an anonymous request through");
  const { store, clock } = c.get("deps");
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
      points={mine.map((point) => ({
        point,
        // Each of the point's days up to today, as the officer should see where it stands.
        days: pointDayStandings(store, point, user.username).filter((d) => d.day <= today),
      }))}
      today={today}
      campaign={campaign}
    />,
  );
});
