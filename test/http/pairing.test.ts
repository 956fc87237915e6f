import { describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { Client, dataAttr, makeApp, type TestApp, unwrap } from "../helpers.ts";
import { htmx, openPairingWindow, votingDay } from "../voting-helpers.ts";

/**
 * Issue #9 §2, pairing: a flood of registrations, codes guessed by an officer's session, a kiosk of
 * one point captured by another. Each finding of the review is a test here.
 */

const kioskRows = (t: TestApp) =>
  t.store.db.query<{ n: number }, []>("SELECT count(*) AS n FROM kiosks").get()?.n ?? 0;
const registrationRows = (t: TestApp) =>
  t.store.db
    .query<{ n: number }, []>("SELECT count(*) AS n FROM login_throttle WHERE key LIKE 'kiosk-register:%'")
    .get()?.n ?? 0;

/** A browser at /kiosk: what it shows, and its code if it shows one. */
async function openKiosk(kiosk: Client, path: string = paths.kiosk.home) {
  const res = await kiosk.get(path);
  const html = await res.text();
  return { status: res.status, html, code: dataAttr(html, "pairing-code") };
}

/** The kiosk's pairing poll, as its screen sends it: reloads /kiosk when the server says so. */
async function pollAndReload(kiosk: Client, stepKey: string) {
  const res = await kiosk.get(`${paths.kiosk.pairing}?s=${stepKey}`, htmx);
  if (res.headers.get("HX-Redirect") !== paths.kiosk.home) return null;
  return openKiosk(kiosk);
}

/** `n` registrations from `addresses` addresses (as many as each address may start). */
async function flood(t: TestApp, n: number, addresses: number, stepMs = 0) {
  for (let i = 0; i < n; i++) {
    const res = await new Client(t, `203.0.113.${1 + (i % addresses)}`).get(paths.kiosk.home);
    expect(res.status).toBe(200);
    t.clock.advance(stepMs);
  }
}

const pairingAudit = (t: TestApp, action: string) => t.store.audit.list().filter((e) => e.action === action);

describe("pairing windows (issue #9 §2)", () => {
  it("window - outside a pairing window /kiosk shows “Chờ tổ công tác mở kết nối” and creates no row, whoever asks", async () => {
    const t = makeApp();
    await votingDay(t);
    for (let i = 0; i < 30; i++) {
      const kiosk = new Client(t, `198.51.100.${i}`);
      const shown = await openKiosk(kiosk);
      expect(shown.status).toBe(200);
      expect(shown.html).toContain("Chờ tổ công tác mở kết nối");
      expect(shown.code).toBeNull();
      expect(kiosk.cookies.has("tn_kiosk")).toBe(false);
      // Its poll answers "nothing new" and writes nothing either.
      expect((await kiosk.get(`${paths.kiosk.pairing}?s=wait`, htmx)).status).toBe(204);
    }
    expect(kioskRows(t)).toBe(0);
    expect(registrationRows(t)).toBe(0);
  });

  it("window - a waiting kiosk shows its code once the officer presses “Kết nối máy mới”, and waits again when the window closes", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const kiosk = new Client(t, "192.0.2.50");
    expect((await openKiosk(kiosk)).html).toContain("Chờ tổ công tác mở kết nối");

    const opened = await day.officer.post(paths.officer.pairingWindow(day.point.id), {}, htmx);
    expect(opened.status).toBe(200);
    const form = await opened.text();
    expect(form).toContain("Đang mở kết nối đến <strong>08:05</strong>");
    expect(form).toContain("Nhập mã 8 số hiện trên máy ghi phiếu");
    // Said once: the card's status, no message beside it repeating the time (nor a bare "/kiosk").
    expect(form.match(/kết nối đến/g)).toHaveLength(1);
    expect(form).not.toContain("Đã mở kết nối");
    expect(form).not.toContain("Mở trang /kiosk");
    expect(/<div id="pair-message">\s*<\/div>/.test(form)).toBe(true);
    expect(pairingAudit(t, "kiosk.pair.window")).toMatchObject([
      { actor: "hq-t1-1", subject: "HQ-T1", details: { until: "2026-10-27T01:05:00.000Z" } },
    ]);

    const shown = await pollAndReload(kiosk, "wait");
    expect(shown?.code).toMatch(/^\d{8}$/);
    expect(kiosk.cookies.has("tn_kiosk")).toBe(true);
    expect((await kiosk.get(`${paths.kiosk.pairing}?s=code-${shown?.code}`, htmx)).status).toBe(204);

    t.clock.advance(5 * 60_000);
    const after = await pollAndReload(kiosk, `code-${shown?.code}`);
    expect(after?.html).toContain("Chờ tổ công tác mở kết nối");
    const late = await day.officer.post(paths.officer.pair(day.point.id), { code: shown?.code ?? "" }, htmx);
    expect(late.status).toBe(422);
    expect(await late.text()).toContain("Chưa mở kết nối hoặc đã hết 5 phút");
  });

  it("flood - 200 registrations from 10 addresses in half a second do not refuse a real kiosk that comes next: it pairs", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await openPairingWindow(day.officer, day.point.id);
    await flood(t, 200, 10);
    const kiosk = new Client(t, "192.0.2.50");
    const shown = await openKiosk(kiosk);
    expect(shown.status).toBe(200);
    expect(shown.code).toMatch(/^\d{8}$/);
    const paired = await day.officer.post(paths.officer.pair(day.point.id), { code: shown.code ?? "" }, htmx);
    expect(paired.status).toBe(200);
    // The words as read: the kiosk label is kept whole in a span of its own.
    expect((await paired.text()).replace(/<[^>]+>/g, "")).toContain("Đã kết nối Máy 1.");
    // Bounded: the window keeps at most 100 codes, whatever the flood.
    expect(kioskRows(t)).toBeLessThanOrEqual(101);
  });

  it("flood - a real kiosk that keeps polling keeps its code through a flood, and the officer pairs it", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await openPairingWindow(day.officer, day.point.id);
    const kiosk = new Client(t, "192.0.2.50");
    const shown = await openKiosk(kiosk);
    // Ten registrations a second for 20 seconds, from ten addresses; the kiosk polls every 2 seconds.
    for (let s = 0; s < 20; s += 2) {
      await flood(t, 20, 10, 100);
      expect((await kiosk.get(`${paths.kiosk.pairing}?s=code-${shown.code}`, htmx)).status).toBe(204);
    }
    const paired = await day.officer.post(paths.officer.pair(day.point.id), { code: shown.code ?? "" }, htmx);
    expect(paired.status).toBe(200);
  });

  it("flood - a real kiosk whose code a flood pushed out shows a fresh code at its next poll, and that one pairs", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await openPairingWindow(day.officer, day.point.id);
    const kiosk = new Client(t, "192.0.2.50");
    const first = await openKiosk(kiosk);
    t.clock.advance(1_000);
    await flood(t, 200, 10);
    const stale = await day.officer.post(paths.officer.pair(day.point.id), { code: first.code ?? "" }, htmx);
    expect(stale.status).toBe(422);
    const fresh = await pollAndReload(kiosk, `code-${first.code}`);
    expect(fresh?.code).toMatch(/^\d{8}$/);
    expect(fresh?.code).not.toBe(first.code);
    const paired = await day.officer.post(
      paths.officer.pair(day.point.id),
      { code: fresh?.code ?? "" },
      htmx,
    );
    expect(paired.status).toBe(200);
  });

  it("guessing - wrong codes are limited to 5 a minute per officer and point, refused unchecked after that, and audited at most twice a minute", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await openPairingWindow(day.officer, day.point.id);
    const kiosk = await openKiosk(new Client(t, "192.0.2.50"));
    const guess = (code: string, officer = day.officer) =>
      officer.post(paths.officer.pair(day.point.id), { code }, htmx);
    const answers: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const res = await guess(String(10_000_000 + i));
      expect(res.status).toBe(422);
      answers.push(await res.text());
    }
    // The sixth attempt is refused before any code is looked up, even the right one.
    const right = await guess(kiosk.code ?? "");
    expect(right.status).toBe(429);
    for (const [i, text] of answers.slice(0, 4).entries())
      expect(text).toContain(`Còn được nhập sai ${4 - i} lần trong phút này.`);
    expect(await right.text()).toContain("Đã nhập sai mã kết nối 5 lần trong một phút. Xin đợi 60 giây");
    for (let i = 0; i < 100; i++) expect((await guess(String(20_000_000 + i))).status).toBe(429);
    expect(t.store.voting.kiosksAt(day.point.id)).toEqual([]);
    // Audited, bounded: the first failure of the minute and the one that used it up.
    expect(pairingAudit(t, "kiosk.pair.failed")).toMatchObject([
      { actor: "hq-t1-1", subject: "HQ-T1", details: { failures: 1, locked: false } },
      { actor: "hq-t1-1", subject: "HQ-T1", details: { failures: 5, locked: true } },
    ]);
    // Another officer of the point is not held up by it.
    const second = new Client(t, "192.0.2.22");
    await second.login("hq-t1-2");
    expect((await guess("31111111", second)).status).toBe(422);
    // A minute later the officer may type again.
    t.clock.advance(60_000);
    await day.officer.login("hq-t1-1");
    await openPairingWindow(day.officer, day.point.id);
    expect((await guess(kiosk.code ?? "")).status).toBe(200);
  });

  it("capture - a code shown under one point's window does not pair with another point, even with that point's window open", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const other = unwrap(
      t.store.points.create(day.campaign.id, {
        code: "HQ-T2",
        name: "Thôn 2, Xã Hương Quang",
        communeId: day.hq.id,
        days: ["2026-10-27"],
      }),
    );
    // hq-t1-2 now works at the other point only.
    const moved = day.officers.find((o) => o.username === "hq-t1-2");
    if (!moved) throw new Error("fixture");
    t.store.officers.update(moved.userId, moved.displayName, moved.teamRole, [other.id]);
    const officerB = new Client(t, "192.0.2.23");
    await officerB.login("hq-t1-2");

    await openPairingWindow(day.officer, day.point.id);
    const kiosk = await openKiosk(new Client(t, "192.0.2.50"));
    await openPairingWindow(officerB, other.id);
    const captured = await officerB.post(paths.officer.pair(other.id), { code: kiosk.code ?? "" }, htmx);
    expect(captured.status).toBe(422);
    expect(kiosk.html).toContain("Thôn 1, Xã Hương Quang");
    expect(await captured.text()).toContain("Không có máy nào đang chờ kết nối với điểm này bằng mã này");
    expect(t.store.voting.kiosksAt(other.id)).toEqual([]);
    expect(pairingAudit(t, "kiosk.pair.failed")).toMatchObject([{ actor: "hq-t1-2", subject: "HQ-T2" }]);
    // At its own point the code pairs.
    const paired = await day.officer.post(paths.officer.pair(day.point.id), { code: kiosk.code ?? "" }, htmx);
    expect(paired.status).toBe(200);

    // With both windows open, a new kiosk asks which point it stands at; its code is for that one.
    const asking = new Client(t, "192.0.2.51");
    const choice = await openKiosk(asking);
    expect(choice.html).toContain("Máy này đặt ở điểm nào?");
    expect(choice.code).toBeNull();
    expect(kioskRows(t)).toBe(1);
    const picked = await openKiosk(asking, `${paths.kiosk.home}?diem=${other.id}`);
    expect(picked.html).toContain("Thôn 2, Xã Hương Quang");
    const wrongPoint = await day.officer.post(
      paths.officer.pair(day.point.id),
      { code: picked.code ?? "" },
      htmx,
    );
    expect(wrongPoint.status).toBe(422);
    expect(
      (await officerB.post(paths.officer.pair(other.id), { code: picked.code ?? "" }, htmx)).status,
    ).toBe(200);
  });

  it("choose - a kiosk given another point's code (only that window was open) chooses its own point once its window opens", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const other = unwrap(
      t.store.points.create(day.campaign.id, {
        code: "HQ-T2",
        name: "Thôn 2, Xã Hương Quang",
        communeId: day.hq.id,
        days: ["2026-10-27"],
      }),
    );
    // hq-t1-1 now works at both points.
    const lead = day.officers.find((o) => o.username === "hq-t1-1");
    if (!lead) throw new Error("fixture");
    t.store.officers.update(lead.userId, lead.displayName, lead.teamRole, [day.point.id, other.id]);
    await openPairingWindow(day.officer, other.id);
    const kiosk = new Client(t, "192.0.2.50");
    const first = await openKiosk(kiosk);
    expect(first.html).toContain("Thôn 2, Xã Hương Quang");
    expect(first.html).not.toContain("Chọn lại điểm");
    // Its own point opens a window too: the kiosk's poll notices, and it offers to choose again.
    await openPairingWindow(day.officer, day.point.id);
    const again = await pollAndReload(kiosk, `code-${first.code}`);
    expect(again?.code).toBe(first.code);
    expect(again?.html).toContain("Máy không đặt ở Thôn 2, Xã Hương Quang? Chọn lại điểm");
    const choice = await openKiosk(kiosk, `${paths.kiosk.home}?chon=1`);
    expect(choice.html).toContain("Máy này đặt ở điểm nào?");
    expect((await kiosk.get(`${paths.kiosk.pairing}?s=code-${first.code}-choice`, htmx)).status).toBe(204);
    const own = await openKiosk(kiosk, `${paths.kiosk.home}?diem=${day.point.id}`);
    expect(own.html).toContain("Thôn 1, Xã Hương Quang");
    expect(own.code).not.toBe(first.code);
    expect(kioskRows(t)).toBe(1);
    const paired = await day.officer.post(paths.officer.pair(day.point.id), { code: own.code ?? "" }, htmx);
    expect(paired.status).toBe(200);
  });
});

describe("the kiosk card without script", () => {
  it("no htmx - a refused pairing or kiosk action answers with the console and its reason (4xx), changing nothing; a pairing that works is post, redirect, get", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await openPairingWindow(day.officer, day.point.id);
    const kiosk = await openKiosk(new Client(t, "192.0.2.50"));
    // A wrong code: the console, its pairing card, and why (it used to be a bare 303 to the console).
    const wrong = await day.officer.post(paths.officer.pair(day.point.id), { code: "12345678" });
    expect(wrong.status).toBe(422);
    const page = await wrong.text();
    expect(page).toContain("Còn được nhập sai 4 lần trong phút này.");
    expect(page).toContain('id="pair-status"');
    expect(t.store.voting.kiosksAt(day.point.id)).toEqual([]);
    // The right code pairs: post, redirect, get.
    const paired = await day.officer.post(paths.officer.pair(day.point.id), { code: kiosk.code ?? "" });
    expect(paired.status).toBe(303);
    expect(paired.headers.get("Location")).toBe(paths.officer.point(day.point.id));
    const [pairedKiosk] = t.store.voting.kiosksAt(day.point.id);
    if (!pairedKiosk) throw new Error("the kiosk did not pair");
    // A kiosk action refused: "Ngắt" on a kiosk holding a resident's ticket.
    await day.officer.post(paths.officer.confirmKiosk(day.point.id, pairedKiosk.id), {});
    const second = new Client(t, "192.0.2.22");
    await second.login("hq-t1-2");
    await second.post(paths.officer.confirmKiosk(day.point.id, pairedKiosk.id), {}, htmx);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const entry = t.store.rosters.list(day.point.id)[0];
    if (!entry) throw new Error("fixture: no resident");
    const issued = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entry.id), kioskId: pairedKiosk.id },
      htmx,
    );
    expect(issued.status).toBe(200);
    const unpair = await day.officer.post(
      `${paths.officer.point(day.point.id)}/may/${pairedKiosk.id}/ngat`,
      {},
    );
    expect(unpair.status).toBe(409);
    expect(await unpair.text()).toContain("Máy đang có phiếu của cử tri");
    expect(t.store.voting.kiosksAt(day.point.id)).toHaveLength(1);
  });
});
