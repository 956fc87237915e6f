/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { OfficerHomePage } from "../../views/officer-home-page.tsx";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { paths } from "../http/paths.ts";
import { page } from "../http/respond.tsx";

export const officerRoutes = new Hono<AppEnv>().get(paths.officer.home, allow("officer"), (c) => {
  const user = c.var.user;
  if (!user) throw new Error("allow('officer') let an anonymous request through");
  const { store } = c.var.deps;
  const campaign = store.campaigns.current();
  return page(
    c,
    "Tổ công tác",
    <OfficerHomePage
      user={user}
      officer={store.officers.get(user.id)}
      points={campaign ? store.points.list(campaign.id) : []}
      campaign={campaign}
    />,
  );
});
