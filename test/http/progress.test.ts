import { describe, expect, it } from "vitest";
import type { Store } from "../../server/db/store.ts";
import { vietnamDate, vietnamTime } from "../../server/domain/calendar.ts";
import { pointDayStateText, progressAlerts, progressStateOf } from "../../server/domain/progress.ts";
import { kioskStatusOf } from "../../server/domain/voting.ts";
import { paths } from "../../server/http/paths.ts";
import { progressMinutesOf } from "../../server/routes/progress.tsx";
import { buildScenario, byCode, type ScenarioFixture } from "../../server/scenario-builder.ts";
import { closePointDay } from "../../server/services/close.ts";
import { signMinutes } from "../../server/services/minutes.ts";
import { loadAggregate } from "../../server/services/results.ts";
import { verifyPointDay } from "../../server/services/verify-points.ts";
import { issueBallot, pauseOrResume } from "../../server/services/voting.ts";
import { type ProgressKiosk, type ProgressRow, ProgressSection } from "../../views/progress-page.tsx";
import { tamperOneBallot } from "../aggregate-helpers.ts";
import {
  addUser,
  BOARD_ACTOR,
  CHEAP_SEAL,
  Client,
  makeApp,
  PASSWORD,
  type TestApp,
  testPasswordHash,
  unwrap,
} from "../helpers.ts";
import { castEach, pairedKiosk, votingDay } from "../voting-helpers.ts";

const htmx = { "HX-Request": "true" };
const DAY = "2026-10-27";
const NEXT_DAY = "2026-10-28";

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

/** The progress rows by per-row queries (what the page must not do): the reference for its one-query-per-kind reading. */
function perRowProgress(t: TestApp, campaignId: number): ProgressRow[] {
  const { store } = t;
  const campaign = store.campaigns.byId(campaignId);
  if (!campaign) throw new Error("fixture");
  const today = vietnamDate(t.clock.now());
  const sizes = store.rosters.sizes(campaignId);
  return store.points.list(campaignId).flatMap((point) =>
    point.days.map((day) => {
      const m = store.minutes.current(point.id, day);
      const row = {
        excused: store.results.excusals().has(`${point.id}:${day}`),
        point,
        day,
        roster: sizes.get(point.id) ?? 0,
        record: store.voting.pointDay(point.id, day),
        busyKiosks: store.voting.kiosksAt(point.id).filter((k) => store.tickets.forKiosk(k.id)?.day === day)
          .length,
        minutes: m
          ? progressMinutesOf(m, store.results.latestVerification(m.id), campaign.requiredSigners)
          : null,
      };
      const state = progressStateOf(row);
      return {
        ...row,
        state,
        stateText: pointDayStateText(state, day, today),
        alerts: progressAlerts(row, {
          today,
          time: vietnamTime(t.clock.now()),
          campaignState: campaign.state,
          requiredSigners: campaign.requiredSigners,
        }),
      };
    }),
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
        names: new Map(
          [kiosk.pairedBy, kiosk.confirmedBy].flatMap((u) => {
            const name = u ? t.store.users.displayName(u) : null;
            return u && name ? [[u, name] as const] : [];
          }),
        ),
        status: kioskStatusOf(kiosk, t.store.tickets.forKiosk(kiosk.id), now),
        pace: t.store.tickets.paceOf(kiosk.id, DAY),
        votingToday: point.days.includes(DAY) && t.store.voting.pointDay(point.id, DAY)?.status !== "closed",
        onDuty: point.days.includes(DAY) && t.store.voting.pointDay(point.id, DAY)?.status !== "closed",
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
  // Every seventh point voting today closes; every other of those signs (and is checked by itself).
  const today = built.points.filter((p) => p.days.includes(DAY));
  const closed = new Set<string>();
  for (const [i, point] of today.entries()) {
    if (i % 7 !== 0) continue;
    closed.add(point.code);
    unwrap(closePointDay(t, BOARD_ACTOR, { campaignId: built.campaign.id, pointId: point.id }));
    if (i % 14 !== 0) continue;
    for (const officer of built.officers.filter((o) => o.pointCode === point.code)) {
      const by = { name: officer.username, address: null };
      unwrap(
        await signMinutes(t, by, { userId: officer.userId, pointId: point.id, day: DAY, password: PASSWORD }),
      );
    }
  }
  // A resident on their way to the kiosk at every fourth open point voting today: a busy kiosk.
  for (const [i, kiosk] of built.kiosks.entries()) {
    if (i % 4 !== 0 || closed.has(kiosk.pointCode)) continue;
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
    const passwordHash = await testPasswordHash(PASSWORD);
    const one = await progressPage(1, passwordHash);
    const fifty = await progressPage(50, passwordHash);
    expect(fifty.statements).toBe(one.statements);
    const expected = perRowProgress(fifty.t, fifty.campaignId);
    expect(expected.length).toBeGreaterThan(50); // some points also vote on 28/10
    expect(expected.filter((r) => r.busyKiosks > 0)).not.toHaveLength(0);
    expect(expected.filter((r) => r.record?.voided)).not.toHaveLength(0);
    const states = new Set(expected.map((r) => r.state));
    expect([...states].sort()).toEqual(["not_opened", "open", "unsigned", "verified"]);
    expect(expected.filter((r) => r.alerts.length > 0)).not.toHaveLength(0);
    const kiosks = perPointKiosks(fifty.t, fifty.campaignId);
    expect(kiosks).toHaveLength(40); // one per point voting today
    expect(kiosks[0]?.kiosk).toMatchObject({ label: "Máy 1", pairedBy: "x-t01-1", confirmedBy: "x-t01-2" });
    const communes = fifty.t.store.campaigns.communes(fifty.campaignId);
    expect(fifty.html).toBe((await ProgressSection({ rows: expected, communes, kiosks })).toString());
  }, 30_000);
});

const team = [
  { name: "Trần Văn Tổ", role: "Tổ trưởng" as const },
  { name: "Lê Thị Thư", role: "Thư ký" as const },
];

/** Nine points of three old communes merged into two new ones, one per state the board can see. */
const statesScenario: ScenarioFixture = {
  campaign: {
    code: "TT",
    name: "Đợt xem trạng thái",
    ruleSet: "qd96-2023",
    aggregator: "Ban Tổ chức",
    district: "Huyện",
    days: [DAY, NEXT_DAY],
    onePer: "resident",
  },
  communes: [
    { code: "A", name: "Xã An", mergedInto: "Xã Mới Một" },
    { code: "B", name: "Xã Bình", mergedInto: "Xã Mới Một" },
    { code: "C", name: "Xã Cát", mergedInto: "Xã Mới Hai" },
  ],
  officials: [
    { code: "A-01", name: "Người An", position: "Chủ tịch UBND xã", commune: "A" },
    { code: "B-01", name: "Người Bình", position: "Chủ tịch UBND xã", commune: "B" },
    { code: "C-01", name: "Người Cát", position: "Chủ tịch UBND xã", commune: "C" },
  ],
  points: [
    ["A-T1", "A", 2],
    ["A-T2", "A", 1],
    ["A-T3", "A", 1],
    ["A-T4", "A", 3],
    ["B-T1", "B", 3],
    ["B-T2", "B", 6],
    ["B-T3", "B", 3],
    ["C-T1", "C", 1],
    ["C-T2", "C", 0],
  ].map(([code, commune, n]) => ({
    code: String(code),
    name: `Thôn ${code}`,
    commune: String(commune),
    day: code === "C-T2" ? NEXT_DAY : DAY,
    roster: 8,
    officers: team,
    ballots: Number(n) > 0 ? [{ count: Number(n), marks: { [`${commune}-01`]: "low" as const } }] : [],
  })),
};

async function statesPage() {
  const t = makeApp();
  const passwordHash = await testPasswordHash(PASSWORD);
  const built = unwrap(
    await buildScenario(t, BOARD_ACTOR, statesScenario, {
      until: "voting",
      officers: { password: PASSWORD, seal: CHEAP_SEAL, passwordHash },
    }),
  );
  const point = (code: string) => byCode(built.points, code);
  const officers = (code: string) => built.officers.filter((o) => o.pointCode === code);
  const campaignId = built.campaign.id;
  const close = (code: string) =>
    unwrap(closePointDay(t, BOARD_ACTOR, { campaignId, pointId: point(code).id }));
  const sign = async (code: string, who: readonly number[]) => {
    for (const i of who) {
      const o = officers(code)[i];
      if (!o) throw new Error("fixture");
      const by = { name: o.username, address: null };
      unwrap(
        await signMinutes(t, by, { userId: o.userId, pointId: point(code).id, day: DAY, password: PASSWORD }),
      );
    }
  };
  unwrap(pauseOrResume(t, BOARD_ACTOR, { point: point("A-T2"), action: "pause" }));
  // A close interrupted before its minutes (ensureMinutes repairs it later): closed, no minutes.
  expect(t.store.voting.setPointDayState(point("A-T3").id, DAY, "open", "closed")).toBe(true);
  close("A-T4");
  // Complete but never checked: the Tổ trưởng signs through the service, the second signature is
  // stored directly so that no check runs.
  close("B-T1");
  await sign("B-T1", [0]);
  const bt1 = t.store.minutes.current(point("B-T1").id, DAY);
  const secretary = officers("B-T1")[1];
  if (!bt1 || !secretary) throw new Error("fixture");
  t.store.minutes.addSignature({
    minutesId: bt1.id,
    officerId: secretary.userId,
    officerCode: secretary.username,
    publicKey: secretary.publicKey,
    signature: "x",
    at: t.clock.now().toISOString(),
  });
  close("B-T2");
  await sign("B-T2", [0, 1]);
  close("B-T3");
  await sign("B-T3", [0, 1]);
  tamperOneBallot(t, point("B-T3").id, DAY);
  const discrepant = unwrap(await verifyPointDay(t, BOARD_ACTOR, { pointId: point("B-T3").id, day: DAY }));
  expect(discrepant.outcome).toBe("discrepant");
  // Minutes whose reconciliation failed at close (a check stored as failed).
  expect(t.store.voting.setPointDayState(point("C-T1").id, DAY, "open", "closed")).toBe(true);
  const at4 = t.store.minutes.current(point("A-T4").id, DAY);
  if (!at4) throw new Error("fixture");
  t.store.minutes.insert({
    pointId: point("C-T1").id,
    day: DAY,
    version: 1,
    document: at4.document,
    signingDigest: at4.signingDigest,
    checks: at4.checks.map((c, i) => (i === 0 ? { ...c, ok: false, detail: "Lệch 1 phiếu." } : c)),
    at: t.clock.now().toISOString(),
  });
  await addUser(t, "bantochuc", "board");
  const board = new Client(t, "192.0.2.96");
  await board.login("bantochuc");
  const page = async () => {
    const res = await board.get(paths.board.progress, htmx);
    expect(res.status).toBe(200);
    return res.text();
  };
  return { t, point, page, board };
}

/** The `<tr>` of one point-day in the page. */
const rowOf = (html: string, code: string, day = DAY): string => {
  const start = html.indexOf(`data-point-day="${code} ${day}"`);
  expect(start).toBeGreaterThan(-1);
  // The row and its alerts' row, up to the next point-day or the end of the group.
  const next = html.indexOf("data-point-day=", start + 1);
  const end = html.indexOf("</tbody>", start);
  return html.slice(start, next > -1 && next < end ? next : end);
};

describe("board progress: states and alerts (issue #11 §1)", () => {
  it("progress - minutes are complete by the campaign's number of signers, as the results count them", async () => {
    const { t, page } = await statesPage();
    // Test set-up: the campaign asks for three signatures; B-T1 and B-T2 have two.
    t.store.db.run("UPDATE campaigns SET required_signers = 3");
    const html = await page();
    for (const code of ["B-T1", "B-T2"]) {
      expect(rowOf(html, code)).toContain(">Chờ ký");
      expect(rowOf(html, code)).toContain("ít nhất 3 cán bộ, trong đó có Tổ trưởng");
    }
    const results = unwrap(loadAggregate(t.store)).aggregate;
    expect(results.missing.find((p) => p.code === "B-T1")?.reason).toBe(
      "Biên bản chưa đủ chữ ký (mới có 2; cần ít nhất 3 cán bộ, trong đó có Tổ trưởng).",
    );
  });

  it("progress - every state, every alert, grouped by new then old commune, counts only", async () => {
    const { t, point, page, board } = await statesPage();
    const html = await page();
    const states: Record<string, string> = {
      "A-T1": "Đang lấy phiếu",
      "A-T2": "Tạm dừng",
      "A-T3": "Đã kết thúc",
      "A-T4": "Chờ ký",
      "B-T1": "Đã ký",
      // The server's own check when the minutes got their signatures: not a step the board took.
      "B-T2": "Đã kiểm tra tự động</span>",
      "B-T3": "Có sai lệch",
      "C-T1": "Chờ ký",
    };
    for (const [code, label] of Object.entries(states)) expect(rowOf(html, code)).toContain(`>${label}`);
    const stateIds = ["open", "paused", "closed", "unsigned", "signed", "verified", "discrepant", "unsigned"];
    for (const [i, code] of Object.keys(states).entries())
      expect(rowOf(html, code)).toContain(`data-state="${stateIds[i]}"`);
    // Tomorrow's point is not late: its day has not come.
    expect(rowOf(html, "C-T2", NEXT_DAY)).toContain("Chưa đến ngày");
    expect(rowOf(html, "C-T2", NEXT_DAY)).not.toContain(">Chưa mở<");
    // Alerts, in words.
    expect(rowOf(html, "A-T3")).toContain("Đã kết thúc nhưng chưa lập biên bản kiểm phiếu.");
    expect(rowOf(html, "A-T4")).toContain("biên bản chưa đủ chữ ký");
    expect(rowOf(html, "C-T1")).toContain("Đối chiếu không khớp");
    expect(rowOf(html, "C-T1")).toContain("Lệch 1 phiếu.");
    expect(rowOf(html, "B-T3")).toContain("Kiểm tra phát hiện sai lệch");
    expect(rowOf(html, "A-T4")).toContain("Điểm nhỏ: thu về 3 phiếu, ít hơn 5");
    expect(rowOf(html, "B-T2")).not.toContain("Điểm nhỏ");
    expect(rowOf(html, "A-T1")).not.toContain("<li");
    expect(rowOf(html, "C-T2", NEXT_DAY)).not.toContain("chưa mở trong ngày");
    // The board's minutes page is linked once there are minutes, never before.
    expect(rowOf(html, "A-T4")).toContain(`href="${paths.boardMinutes.view(point("A-T4").id, DAY)}"`);
    expect(rowOf(html, "A-T1")).not.toContain("bien-ban");
    // Turnout bar: an image with its percentage in words, and the percentage as text.
    expect(rowOf(html, "A-T1")).toMatch(/<svg role="img" aria-label="Tỉ lệ thu về 25,00% \(2\/8\)"/);
    expect(rowOf(html, "A-T1")).toContain("25,00%</span>");
    // Grouped: new commune, then its old communes, with totals per new commune and for the campaign.
    const order = ["Xã Mới Hai", "Xã Cát (xã cũ)", "Xã Mới Một", "Xã An (xã cũ)", "Xã Bình (xã cũ)"];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((i) => i > -1)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const total = (name: string) => html.slice(html.indexOf(`data-total="${name}"`)).split("</tr>")[0] ?? "";
    // Xã Mới Một: 7 points × 8 on the roster; collected 2+1+1+3+3+6+3 = 19 of 56.
    expect(total("Xã Mới Một")).toContain('aria-label="Tỉ lệ thu về 33,93% (19/56)"');
    expect(total("campaign")).toContain('aria-label="Tỉ lệ thu về 27,78% (20/72)"');
    // Counts only: no mark, no official, no tally of any point.
    expect(html).not.toMatch(/tín nhiệm (cao|thấp)|Người (An|Bình|Cát)|A-01|B-01/i);
    // Next day: the point that should have opened today and has not is flagged.
    t.clock.advance(24 * 3600 * 1000);
    await board.login("bantochuc"); // yesterday's login has expired
    const later = await page();
    expect(rowOf(later, "C-T2", NEXT_DAY)).toContain("Điểm chưa mở trong ngày lấy phiếu hôm nay.");
    expect(rowOf(later, "C-T2", NEXT_DAY)).toContain(">Chưa mở<");
  }, 30_000);

  it("progress - each alert is said once, in full, on its point-day's row; 'Cần chú ý' lists those point-days with what waits there, each a link to its row", async () => {
    const { page } = await statesPage();
    const html = await page();
    const summary =
      html.match(/<div class="alert alert-warn" data-progress-alerts="true">[\s\S]*?<\/div>/)?.[0] ?? "";
    const text = (fragment: string) =>
      fragment
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .replace(/ ([,:.)])/g, "$1");
    // Every alert on the page, each once: the summary repeats none of them.
    const alerts = [
      ...html.matchAll(/<li class="progress-alert-(?:error|warn)"><strong>[^<]+<\/strong> ([^<]+)<\/li>/g),
    ].map((m) => m[1] ?? "");
    expect(alerts.length).toBeGreaterThan(4);
    for (const alert of alerts) {
      // As many times on the page as rows carry it (two points may share one), never more.
      expect(html.split(alert).length - 1).toBe(alerts.filter((a) => a === alert).length);
      expect(summary).not.toContain(alert);
    }
    // The summary: one entry per point-day with alerts, in the table's order, each leading to its row.
    const entries = [...summary.matchAll(/<li><a href="#([^"]+)">([^<]+)<\/a>([^<]*)<\/li>/g)];
    const alerted = [...html.matchAll(/<tr class="progress-alert-row" data-alerts-of="([^"]+)">/g)].map(
      (m) => m[1],
    );
    expect(entries).toHaveLength(alerted.length);
    entries.forEach((entry, i) => {
      const [code, day] = (alerted[i] ?? "").split(" ");
      const id = entry[1] ?? "";
      expect(html).toMatch(new RegExp(`<tr data-point-day="${code} ${day}" data-state="[a-z_]+" id="${id}"`));
      expect(entry[2]).toContain(`Điểm ${code} (`);
    });
    // What waits there, by kind, as the row labels them ("Lỗi:", "Lưu ý:").
    const c1 = entries.find((e) => (e[2] ?? "").startsWith("Điểm C-T1 "));
    expect(text(c1?.[0] ?? "").trim()).toBe("Điểm C-T1 (Thôn C-T1), 27/10/2026: 1 lỗi, 2 lưu ý");
    expect(rowOf(html, "C-T1").match(/<li class="progress-alert-error">/g)).toHaveLength(1);
    expect(rowOf(html, "C-T1").match(/<li class="progress-alert-warn">/g)).toHaveLength(2);
    expect(text(summary)).toContain(
      "Cần chú ý: 5 điểm (tính theo từng ngày lấy phiếu). Nội dung ghi ngay dưới dòng của từng điểm trong bảng; bấm tên điểm để tới dòng đó.",
    );
  });

  it("progressAlerts - a point not open on its day is flagged from 08:00 (Vietnam) on, an error once the day has passed; before that it is only 'Chưa mở'", () => {
    const row = { day: "2026-10-27", record: null, minutes: null };
    const at = (today: string, time: string) =>
      progressAlerts(row, { today, time, campaignState: "voting", requiredSigners: 2 });
    expect(at("2026-10-27", "07:59")).toEqual([]);
    expect(at("2026-10-27", "08:00")).toEqual([
      { level: "warn", text: "Điểm chưa mở trong ngày lấy phiếu hôm nay." },
    ]);
    expect(at("2026-10-28", "00:05")).toEqual([
      { level: "error", text: "Điểm không mở trong ngày lấy phiếu 27/10/2026." },
    ]);
    expect(at("2026-10-26", "12:00")).toEqual([]);
    // Left out by the board with a reason: no longer something to act on.
    expect(
      progressAlerts(
        { ...row, excused: true },
        { today: "2026-10-28", time: "09:00", campaignState: "voting", requiredSigners: 2 },
      ),
    ).toEqual([]);
    // Lists stamped, no point opened yet (the first to open starts the voting): flagged all the same;
    // lists not stamped, or the campaign over: not a point's to open.
    const on = (campaignState: "draft" | "stamped" | "closed") =>
      progressAlerts(row, { today: "2026-10-27", time: "17:27", campaignState, requiredSigners: 2 });
    expect(on("stamped")).toEqual([{ level: "warn", text: "Điểm chưa mở trong ngày lấy phiếu hôm nay." }]);
    expect(on("draft")).toEqual([]);
    expect(on("closed")).toEqual([]);
    // One minute before 08:00 in Vietnam is 00:59 UTC.
    expect(vietnamTime(new Date("2026-10-27T00:59:00.000Z"))).toBe("07:59");
  });

  it("progress and results - a state wears the same badge and words on both pages, the system's check is said as such, and the point-days come in one order", async () => {
    const { page, board } = await statesPage();
    const progress = await page();
    const results = await (await board.get(paths.results.page)).text();
    /** Each listed point-day's badge (its classes, the colour, and its words), in page order. */
    const badges = (html: string, row: RegExp) =>
      [...html.matchAll(row)].map((m) => {
        const badge = html.slice(m.index).match(/<span class="(badge[^"]*)"[^>]*>([^<]+)<\/span>/);
        return { code: m[1] ?? "", state: m[2] ?? "", badge: badge?.[1] ?? "", words: badge?.[2] ?? "" };
      });
    const onProgress = badges(progress, /data-point-day="([A-Z]-T\d) [\d-]+" data-state="([a-z_]+)"/g);
    const onResults = badges(results, /data-point="([A-Z]-T\d)" data-state="([a-z_]+)"/g);
    // One order on both pages: the communes as the campaign lists them (Xã Mới Hai's Xã Cát, then
    // Xã Mới Một's Xã An and Xã Bình), then point code.
    const order = ["C-T1", "C-T2", "A-T1", "A-T2", "A-T3", "A-T4", "B-T1", "B-T2", "B-T3"];
    expect(onProgress.map((b) => b.code)).toEqual(order);
    expect(onResults.map((b) => b.code)).toEqual(order);
    // The same state, the same colour and words: "Chưa mở" grey, voting blue, waiting amber, green, red.
    expect(onResults).toEqual(onProgress);
    const colour = Object.fromEntries(onProgress.map((b) => [b.state, b.badge]));
    expect(colour).toEqual({
      not_opened: "badge badge-muted",
      open: "badge badge-info",
      paused: "badge",
      closed: "badge",
      unsigned: "badge",
      signed: "badge",
      verified: "badge badge-ok",
      discrepant: "badge badge-error",
    });
    // C-T2 votes tomorrow: both pages say its day has not come, in the grey of "Chưa mở".
    expect(onProgress.find((b) => b.code === "C-T2")?.words).toBe("Chưa đến ngày");
    expect(onProgress.find((b) => b.code === "B-T2")?.words).toBe("Đã kiểm tra tự động");
    // Both pages say under the table who made that check.
    for (const html of [progress, results]) {
      const note = html.match(/<p class="hint" data-state-note[^>]*>([^<]+)<\/p>/)?.[1] ?? "";
      expect(note.replace(/\s+/g, " ")).toContain(
        "“Đã kiểm tra tự động”: ngay khi biên bản đủ chữ ký, máy chủ tự đối chiếu chữ ký với khóa đã đăng ký của cán bộ, và số liệu của biên bản với danh sách và phiếu đã lưu; Ban Tổ chức không phải thao tác gì.",
      );
    }
  }, 30_000);
});

describe("board progress: a point left open past midnight (issue #9 §4)", () => {
  it("progress - a point whose day is still open after midnight keeps that day's fast-cast alarm until it closes; its kiosks, which take nothing more, are not 'Mất kết nối' news", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    expect((await day.officer.post(paths.officer.open(day.point.id), {}, htmx)).status).toBe(200);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.61");
    await kiosk.get(paths.kiosk.wait, htmx);
    // Three ballots cast as soon as they are handed out: faster than a person reads.
    await castEach(t, day.officer, day.point.id, kiosk, ["Võ Văn Dũng", "Lê Diệu Lan", "Nguyễn Thị Hường"]);
    expect(day.point.days).toEqual([DAY]);
    await addUser(t, "bantochuc", "board");
    const board = new Client(t, "192.0.2.97");
    // 01:00 the next day: the team never closed; the kiosk fell silent.
    t.clock.advance(17 * 60 * 60_000);
    expect((await board.login("bantochuc")).status).toBe(303);
    const html = await (await board.get(paths.board.progress)).text();
    // Its day is over: not "Đang lấy phiếu" (the console and the kiosk say it does not vote today).
    expect(rowOf(html, "HQ-T1")).toContain("Quá ngày, chưa kết thúc");
    expect(rowOf(html, "HQ-T1")).not.toContain("Đang lấy phiếu");
    // The alarm, not the calm note of a point whose day is over.
    expect(html).toContain("data-fast-cast-alert");
    expect(html).not.toContain("data-fast-cast-note");
    expect(html).toContain('<h3 id="progress-kiosks-look">Máy cần chú ý</h3>');
    const text = (s: string) => s.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    const counts = text(/<p data-kiosk-counts[^>]*>[\s\S]*?<\/p>/.exec(html)?.[0] ?? "").trim();
    expect(counts).toBe("1 máy. Ở điểm không lấy phiếu lúc này: 1.");
    const list = await (await board.get(paths.board.progressKiosks, htmx)).text();
    const row = /<tr data-kiosk="HQ-T1 Máy 1">[\s\S]*?<\/tr>/.exec(list)?.[0] ?? "";
    expect(text(row)).not.toContain("Mất kết nối");
    expect(text(row)).toContain("nhanh bất thường");

    // Once the team closes that day, its kiosk is off duty again.
    unwrap(closePointDay(t, BOARD_ACTOR, { campaignId: day.campaign.id, pointId: day.point.id }));
    const closed = await (await board.get(paths.board.progress)).text();
    expect(closed).not.toContain("data-fast-cast-alert");
    expect(text(/<p data-kiosk-counts[^>]*>[\s\S]*?<\/p>/.exec(closed)?.[0] ?? "").trim()).toBe(
      "1 máy. Ở điểm không lấy phiếu lúc này: 1.",
    );
  });
});
