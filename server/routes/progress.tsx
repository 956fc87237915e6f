/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import {
  KioskList,
  type ProgressKiosk,
  type ProgressRow,
  ProgressSection,
} from "../../views/progress-page.tsx";
import { type StoredMinutes, signedDocument } from "../db/minutes-repo.ts";
import type { StoredVerification } from "../db/results-repo.ts";
import { vietnamDate, vietnamTime } from "../domain/calendar.ts";
import {
  type ProgressMinutes,
  pointDayStateText,
  progressAlerts,
  progressStateOf,
} from "../domain/progress.ts";
import type { Point } from "../domain/setup.ts";
import { minutesComplete } from "../domain/verification.ts";
import { kioskStatusOf, type PointDayRecord } from "../domain/voting.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { isHtmx } from "../http/htmx.ts";
import { paths } from "../http/paths.ts";
import { boardSection } from "../http/section.tsx";
import { rosterBallotsByPoint } from "../services/rosters.ts";
import { checkStillHolds } from "../services/verify-points.ts";
import { toCampaignCreation } from "./setup-shared.ts";

/**
 * What the progress page keeps of a point-day's current minutes: completeness, checks, warnings and
 * the latest check's outcome — never the tallies. A check counts only for the minutes it saw
 * (checkStillHolds), as the results count it.
 */
export function progressMinutesOf(
  m: StoredMinutes,
  v: StoredVerification | null | undefined,
  requiredSigners: number,
): ProgressMinutes {
  const doc = signedDocument(m);
  const fresh = checkStillHolds(m, v) ? v : null;
  return {
    // Complete by the campaign's own setting, as the results count it (services/results.ts).
    complete: minutesComplete(doc, requiredSigners),
    checks: m.checks,
    warnings: doc.warnings ?? [],
    collected: doc.counts.collected,
    verification: fresh ? { outcome: fresh.outcome, detail: fresh.detail } : null,
  };
}

export const progressRoutes = new Hono<AppEnv>()
  // Every kiosk, on demand from the progress page (it is not redrawn with it).
  .get(paths.board.progressKiosks, allow("board"), (c) => {
    const campaign = c.get("deps").store.campaigns.current();
    if (!campaign) return toCampaignCreation(c);
    const list = (
      <KioskList kiosks={progressKiosks(c, campaign.id)} at={c.get("deps").clock.now().toISOString()} />
    );
    if (isHtmx(c)) return c.html(list);
    return boardSection(
      c,
      "Máy ghi phiếu",
      "progress",
      <section class="card">
        <p>
          <a href={paths.board.progress}>← Tiến độ lấy phiếu</a>
        </p>
        <div id="progress-kiosk-list">{list}</div>
      </section>,
    );
  })
  .get(paths.board.progress, allow("board"), (c) => {
    const { store, clock } = c.get("deps");
    const campaign = store.campaigns.current();
    if (!campaign) return toCampaignCreation(c);
    // A constant number of queries whatever the number of points: the page refreshes every 5 s.
    const sizes = rosterBallotsByPoint(store, campaign);
    const key = (pointId: number, day: string) => `${pointId}:${day}`;
    const pointDays = store.voting.pointDaysOf(campaign.id);
    const records = new Map(pointDays.map((r) => [key(r.pointId, r.day), r]));
    const minutes = new Map(store.minutes.allCurrent().map((m) => [key(m.pointId, m.day), m]));
    const verifications = store.results.latestVerifications();
    // A ticket belongs to one day: a busy kiosk counts on that day's row only (tickets are in memory).
    const busy = store.tickets.outstandingAll();
    const excused = store.results.excusals();
    const points = store.points.list(campaign.id);
    const today = vietnamDate(clock.now());
    const rows: ProgressRow[] = points.flatMap((point) =>
      point.days.map((day) => {
        const k = key(point.id, day);
        const m = minutes.get(k);
        const row = {
          point,
          day,
          excused: excused.has(k),
          roster: sizes.get(point.id) ?? 0,
          record: records.get(k) ?? null,
          busyKiosks: busy.get(k) ?? 0,
          minutes: m ? progressMinutesOf(m, verifications.get(m.id), campaign.requiredSigners) : null,
        };
        const state = progressStateOf(row);
        return {
          ...row,
          state,
          stateText: pointDayStateText(state, day, today, row.excused),
          alerts: progressAlerts(row, {
            today,
            time: vietnamTime(clock.now()),
            campaignState: campaign.state,
            requiredSigners: campaign.requiredSigners,
          }),
        };
      }),
    );
    const communes = store.campaigns.communes(campaign.id);
    return boardSection(
      c,
      "Tiến độ lấy phiếu",
      "progress",
      <ProgressSection
        rows={rows}
        communes={communes}
        kiosks={progressKiosks(c, campaign.id, points, pointDays)}
      />,
    );
  });

/**
 * Every kiosk of the campaign, paired or awaiting confirmation, with its point, state and pace: one
 * query; tickets and pace are in memory (issue #9 §4). `votingToday`: its point votes today and has
 * not closed the day, nor did the board leave it out (its kiosks take ballots: silence is news). `onDuty`: that, or an earlier day
 * of it is still open or paused (left open past midnight: its row says so; its kiosks take nothing
 * more, but that day's fast pace is the board's business until the team closes it; the pace is
 * then that day's). A kiosk paired at a point whose day is over (its tablets switched off, its pace
 * from the day's ballots) is no emergency.
 */
function progressKiosks(
  c: Context<AppEnv>,
  campaignId: number,
  points: readonly Point[] = c.get("deps").store.points.list(campaignId),
  records: readonly PointDayRecord[] = c.get("deps").store.voting.pointDaysOf(campaignId),
): ProgressKiosk[] {
  const { store, clock } = c.get("deps");
  const byId = new Map(points.map((p) => [p.id, p]));
  const now = clock.now().getTime();
  const today = vietnamDate(clock.now());
  const closedToday = new Set(
    records.filter((r) => r.day === today && r.status === "closed").map((r) => r.pointId),
  );
  // The latest earlier day each point left open or paused.
  const leftOpen = new Map<number, string>();
  for (const r of records) {
    if (r.day >= today || (r.status !== "open" && r.status !== "paused")) continue;
    if ((leftOpen.get(r.pointId) ?? "") < r.day) leftOpen.set(r.pointId, r.day);
  }
  // Who paired and confirmed, by name as the console says it: one read of the accounts, whatever the
  // number of kiosks (the page's queries do not grow with the district).
  const displayNames: ReadonlyMap<string, string> = new Map(
    store.users.list().map((u) => [u.username, u.displayName]),
  );
  // A day the board left out takes no ballots: its kiosks are at rest, their silence no news.
  const excusals = store.results.excusals();
  return store.voting.kiosksOf(campaignId).flatMap((kiosk) => {
    const point = byId.get(kiosk.pointId ?? kiosk.awaitingPointId ?? 0);
    if (!point) return [];
    const status = kioskStatusOf(kiosk, store.tickets.forKiosk(kiosk.id), now, store.kioskPollHeld(kiosk.id));
    const votesToday =
      point.days.includes(today) && !closedToday.has(point.id) && !excusals.has(`${point.id}:${today}`);
    const dutyDay = votesToday ? today : leftOpen.get(point.id);
    return [
      {
        point,
        kiosk,
        names: displayNames,
        status,
        pace: store.tickets.paceOf(kiosk.id, dutyDay ?? today),
        votingToday: votesToday,
        onDuty: dutyDay !== undefined,
      },
    ];
  });
}
