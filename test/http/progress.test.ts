import { describe, expect, it } from "vitest";
import { hashPassword } from "../../server/crypto/password.ts";
import type { Store } from "../../server/db/store.ts";
import { kioskStatusOf } from "../../server/domain/voting.ts";
import { paths } from "../../server/http/paths.ts";
import { buildScenario, type ScenarioFixture } from "../../server/scenario-builder.ts";
import { issueBallot } from "../../server/services/voting.ts";
import { type ProgressKiosk, type ProgressRow, ProgressSection } from "../../views/progress-page.tsx";
import {
  addUser,
  BOARD_ACTOR,
  CHEAP_SEAL,
  Client,
  makeApp,
  PASSWORD,
  type TestApp,
  unwrap,
} from "../helpers.ts";

const htmx = { "HX-Request": "true" };

/**
 * `n` points of one commune: most vote today (27/10/2026, the test clock's day), every fifth
 * tomorrow; today's points cast a few ballots and void a few tickets on their one kiosk.
 */
const progressScenario = (n: number): ScenarioFixture => ({
  campaign: {
    code: "TD",
    name: "Đợt đo tiến độ",
    ruleSet: "qd96-2023",
    aggregator: "Ban Tổ chức",
    district: "Huyện",
    days: ["2026-10-27", "2026-10-28"],
    onePer: "resident",
  },
  communes: [{ code: "X", name: "Xã X", mergedInto: "Xã Y" }],
  officials: [{ code: "X-01", name: "Người Một", position: "Chủ tịch UBND xã", commune: "X" }],
  points: Array.from({ length: n }, (_, i) => ({
    code: `X-T${String(i + 1).padStart(2, "0")}`,
    name: `Thôn ${i + 1}`,
    commune: "X",
    day: i % 5 === 4 ? "2026-10-28" : "2026-10-27",
    roster: 6,
    officers: [
      { name: "Cán bộ Một", role: "Tổ trưởng" as const },
      { name: "Cán bộ Hai", role: "Thư ký" as const },
    ],
    ballots: i % 3 === 0 ? [] : [{ count: i % 3, marks: { "X-01": "high" as const } }],
    voided: i % 2,
    kiosks: 1,
  })),
});

/** The progress rows as the page used to compute them: several queries per point-day row. */
function perRowProgress(store: Store, campaignId: number): ProgressRow[] {
  const sizes = store.rosters.sizes(campaignId);
  const rows = store.points.list(campaignId).flatMap((point) =>
    point.days.map((day) => ({
      point,
      day,
      roster: sizes.get(point.id) ?? 0,
      record: store.voting.pointDay(point.id, day),
      busyKiosks: store.voting.kiosksAt(point.id).filter((k) => store.tickets.forKiosk(k.id)?.day === day)
        .length,
    })),
  );
  return rows.sort((a, b) =>
    a.day === b.day ? a.point.code.localeCompare(b.point.code) : a.day < b.day ? -1 : 1,
  );
}

/** The kiosks as per-point queries would list them, with their status and pace. */
function perPointKiosks(t: TestApp, campaignId: number): ProgressKiosk[] {
  const now = t.clock.now().getTime();
  return t.store.points
    .list(campaignId)
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .flatMap((point) =>
      t.store.voting.kiosksAt(point.id).map((kiosk) => ({
        point,
        kiosk,
        status: kioskStatusOf(kiosk, t.store.tickets.forKiosk(kiosk.id), now),
        pace: t.store.tickets.paceOf(kiosk.id),
      })),
    );
}

/** Counts the statements the store prepares or runs from now on. */
function countStatements(store: Store): () => number {
  let count = 0;
  const db = store.db as unknown as Record<"query" | "prepare" | "run", (...args: unknown[]) => unknown>;
  for (const method of ["query", "prepare", "run"] as const) {
    const original = db[method].bind(store.db);
    db[method] = (...args: unknown[]) => {
      count++;
      return original(...args);
    };
  }
  return () => count;
}

async function progressPage(points: number, passwordHash: string) {
  const t = makeApp();
  const built = unwrap(
    await buildScenario(t, BOARD_ACTOR, progressScenario(points), {
      until: "voting",
      officers: { password: PASSWORD, seal: CHEAP_SEAL, passwordHash },
    }),
  );
  // A resident on their way to the kiosk at every fourth point voting today: a busy kiosk.
  for (const [i, kiosk] of built.kiosks.entries()) {
    if (i % 4 !== 0) continue;
    const point = built.points.find((p) => p.code === kiosk.pointCode);
    const entry = t.store.rosters.list(point?.id ?? 0).find((e) => !t.store.voting.checkedIn(e.id));
    if (!point || !entry) throw new Error("fixture");
    unwrap(
      issueBallot(t, BOARD_ACTOR, {
        campaign: built.campaign,
        point,
        rosterEntryId: entry.id,
        kioskId: kiosk.id,
      }),
    );
    // Some points vote on a second day too: the ticket counts on today's row only.
    if (i % 8 === 0)
      t.store.db.run("INSERT INTO point_days (point_id, day) VALUES (?, '2026-10-28')", [point.id]);
  }
  await addUser(t, "bantochuc", "board");
  const board = new Client(t, "192.0.2.95");
  await board.login("bantochuc");
  await board.get(paths.board.progress, htmx); // the first request after a login may write the session
  const statements = countStatements(t.store);
  const res = await board.get(paths.board.progress, htmx);
  expect(res.status).toBe(200);
  return { html: await res.text(), statements: statements(), t, campaignId: built.campaign.id };
}

describe("board progress", () => {
  it("progress - a constant number of queries whatever the number of points, and the same rows as per-row queries", async () => {
    const passwordHash = await hashPassword(PASSWORD);
    const one = await progressPage(1, passwordHash);
    const fifty = await progressPage(50, passwordHash);
    expect(fifty.statements).toBe(one.statements);
    const expected = perRowProgress(fifty.t.store, fifty.campaignId);
    expect(expected).toHaveLength(50 + 5); // five points also vote on 28/10
    expect(expected.filter((r) => r.busyKiosks > 0)).toHaveLength(10);
    expect(expected.filter((r) => r.record?.voided)).not.toHaveLength(0);
    const kiosks = perPointKiosks(fifty.t, fifty.campaignId);
    expect(kiosks).toHaveLength(40); // one per point voting today
    expect(kiosks[0]?.kiosk).toMatchObject({ label: "Máy 1", pairedBy: "x-t01-1", confirmedBy: "x-t01-2" });
    expect(fifty.html).toBe((await ProgressSection({ rows: expected, kiosks })).toString());
  }, 30_000);
});
