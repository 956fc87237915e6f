/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import * as z from "zod";
import { type AuditFilter, AuditPage } from "../../views/audit-page.tsx";
import { BoardHomePage } from "../../views/board-home-page.tsx";
import { auditDetailWords } from "../domain/audit-words.ts";
import { LOGIN_LIMITS } from "../domain/login-throttle.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { paths } from "../http/paths.ts";
import { boardSection } from "../http/section.tsx";

/** Entries on one page of the board's log. */
export const AUDIT_PAGE_SIZE = 50;

/** The log's filters and page, as links and the filter form write them. */
const AuditQuerySchema = z.object({
  "thao-tac": z.string().max(100).optional(),
  nguoi: z.string().max(200).optional(),
  diem: z.coerce.number().int().positive().optional().catch(undefined),
  trang: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
  den: z.coerce.number().int().min(0).optional().catch(undefined),
});

export const boardRoutes = new Hono<AppEnv>()
  .get(paths.board.home, allow("board"), (c) => {
    const { store, clock } = c.get("deps");
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
    const { store } = c.get("deps");
    // A malformed filter or page number is read as "none", never an error: it is only a view.
    const q = AuditQuerySchema.safeParse(c.req.query());
    const query = q.success ? q.data : {};
    const campaign = store.campaigns.current();
    const points = campaign ? store.points.list(campaign.id) : [];
    const point = points.find((p) => p.id === query.diem) ?? null;
    const filter: AuditFilter = {
      action: query["thao-tac"] ?? "",
      actor: query.nguoi ?? "",
      point: point?.id ?? null,
    };
    const head = store.audit.head();
    const upTo = Math.min(query.den ?? head, head);
    const first = store.audit.page(
      { action: filter.action, actor: filter.actor, point: point ?? undefined },
      { upTo, offset: 0, limit: 0 },
    );
    const pages = Math.max(1, Math.ceil(first.total / AUDIT_PAGE_SIZE));
    const pageNo = Math.min(query.trang ?? 1, pages);
    const { entries, total } = store.audit.page(
      { action: filter.action, actor: filter.actor, point: point ?? undefined },
      { upTo, offset: (pageNo - 1) * AUDIT_PAGE_SIZE, limit: AUDIT_PAGE_SIZE },
    );
    const byId = new Map(points.map((p) => [p.id, `${p.code} — ${p.name}`]));
    const byCode = new Map(points.map((p) => [p.code.toUpperCase(), p.name]));
    const facets = store.audit.facets();
    return boardSection(
      c,
      "Nhật ký thao tác",
      "audit",
      <AuditPage
        m={{
          check: store.audit.verify(),
          entries: entries.map((e) => ({
            ...e,
            words: auditDetailWords(e.details, (id) => byId.get(id) ?? null),
            subjectName: byCode.get(e.subject.toUpperCase()) ?? null,
          })),
          filter,
          actions: facets.actions,
          actors: facets.actors,
          points: points.map((p) => ({ id: p.id, code: p.code, name: p.name })),
          page: pageNo,
          pages,
          total,
          upTo,
        }}
      />,
    );
  });
