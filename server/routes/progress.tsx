/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type ProgressKiosk, type ProgressRow, ProgressSection } from "../../views/progress-page.tsx";
import { kioskStatusOf } from "../domain/voting.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { paths } from "../http/paths.ts";
import { boardSection } from "../http/section.tsx";
import { toCampaignCreation } from "./setup-shared.ts";

export const progressRoutes = new Hono<AppEnv>().get(paths.board.progress, allow("board"), (c) => {
  const { store, clock } = c.var.deps;
  const campaign = store.campaigns.current();
  if (!campaign) return toCampaignCreation(c);
  // A constant number of queries whatever the number of points: the page refreshes every 5 s.
  const sizes = store.rosters.sizes(campaign.id);
  const key = (pointId: number, day: string) => `${pointId}:${day}`;
  const records = new Map(store.voting.pointDaysOf(campaign.id).map((r) => [key(r.pointId, r.day), r]));
  // A ticket belongs to one day: a busy kiosk counts on that day's row only (tickets are in memory).
  const busy = store.tickets.outstandingAll();
  const points = store.points.list(campaign.id);
  const rows: ProgressRow[] = points.flatMap((point) =>
    point.days.map((day) => ({
      point,
      day,
      roster: sizes.get(point.id) ?? 0,
      record: records.get(key(point.id, day)) ?? null,
      busyKiosks: busy.get(key(point.id, day)) ?? 0,
    })),
  );
  rows.sort((a, b) => (a.day === b.day ? a.point.code.localeCompare(b.point.code) : a.day < b.day ? -1 : 1));
  // Every kiosk in one query; its ticket and pace are in memory (issue #9 §4).
  const byId = new Map(points.map((p) => [p.id, p]));
  const now = clock.now().getTime();
  const kiosks: ProgressKiosk[] = store.voting.kiosksOf(campaign.id).flatMap((kiosk) => {
    const point = byId.get(kiosk.pointId ?? kiosk.awaitingPointId ?? 0);
    if (!point) return [];
    const status = kioskStatusOf(kiosk, store.tickets.forKiosk(kiosk.id), now);
    return [{ point, kiosk, status, pace: store.tickets.paceOf(kiosk.id) }];
  });
  return boardSection(c, "Tiến độ lấy phiếu", "progress", <ProgressSection rows={rows} kiosks={kiosks} />);
});
