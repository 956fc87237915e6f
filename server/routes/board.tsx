/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { AuditPage } from "../../views/audit-page.tsx";
import { BoardHomePage } from "../../views/board-home-page.tsx";
import { LOGIN_LIMITS } from "../domain/login-throttle.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { paths } from "../http/paths.ts";
import { boardSection } from "../http/section.tsx";

export const boardRoutes = new Hono<AppEnv>()
  .get(paths.board.home, allow("board"), (c) => {
    const { store, clock } = c.var.deps;
    const campaign = store.campaigns.current();
    const model = {
      campaign,
      communes: campaign ? store.campaigns.communes(campaign.id) : [],
      officials: campaign ? store.campaigns.officials(campaign.id) : [],
      points: campaign ? store.points.list(campaign.id) : [],
      rosterSizes: campaign ? store.rosters.sizes(campaign.id) : new Map<number, number>(),
      officers: store.officers.list().length,
      loginAttacks: store.throttle.attacks(clock.now().getTime() - LOGIN_LIMITS.attackWindowMs),
    };
    return boardSection(c, "Ban Tổ chức", "home", <BoardHomePage model={model} />);
  })

  .get(paths.board.audit, allow("board"), (c) => {
    const { store } = c.var.deps;
    return boardSection(
      c,
      "Nhật ký thao tác",
      "audit",
      <AuditPage check={store.audit.verify()} entries={store.audit.recent(200)} />,
    );
  });
