import { describe, expect, it } from "vitest";
import { verifyMinutes } from "../../server/crypto/verify-minutes.ts";
import { signedDocument } from "../../server/db/minutes-repo.ts";
import { throttleKeys } from "../../server/db/throttle-repo.ts";
import { INCIDENT_LIMITS, incidentLines, minutesDigest } from "../../server/domain/minutes.ts";
import type { MinutesDocument } from "../../server/domain/minutes-document.ts";
import { CampaignFormSchema } from "../../server/domain/setup.ts";
import { paths } from "../../server/http/paths.ts";
import { changePassword } from "../../server/services/accounts.ts";
import { closePointDay, digestOfStored, ensureMinutes, reopenMinutes } from "../../server/services/close.ts";
import { openPairingWindow } from "../../server/services/kiosks.ts";
import { signMinutes } from "../../server/services/minutes.ts";
import { createOfficer } from "../../server/services/officers.ts";
import { castBallot, issueBallot, openPoint } from "../../server/services/voting.ts";
import { BOARD_ACTOR, CHEAP_SEAL, makeApp, PASSWORD, type TestApp, unwrap } from "../helpers.ts";
import { entryIdOf, heldTicket, htmx, kioskIdOf, pairedKiosk, votingDay } from "../voting-helpers.ts";

const DAY = "2026-10-27";
const officerActor = { name: "hq-t1-1", address: null };

/** A day at HQ-T1: three ballots cast (one with a blank row), one ticket voided. */
async function dayWithBallots(t: TestApp) {
  const day = await votingDay(t);
  await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
  await pairedKiosk(t, day.officer, day.point.id);
  const kioskId = kioskIdOf(t);
  const forms: Record<string, string>[] = [
    { "m.HQ-01": "low", "m.HQ-02": "high" },
    { "m.HQ-01": "low", "m.HQ-02": "medium" },
    { "m.HQ-01": "high", confirmBlank: "1" },
  ];
  const names = ["Võ Văn Dũng", "Lê Diệu Lan", "Nguyễn Thị Hường"];
  for (const [i, form] of forms.entries()) {
    const rosterEntryId = entryIdOf(t, names[i] ?? "");
    expect(
      issueBallot(t, officerActor, { campaign: day.campaign, point: day.point, rosterEntryId, kioskId }).ok,
    ).toBe(true);
    const ticketId = t.store.tickets.forKiosk(kioskId)?.id ?? "";
    expect(castBallot(t, officerActor, { kioskId, ticketId, form }).ok).toBe(true);
  }
  expect(
    issueBallot(t, officerActor, {
      campaign: day.campaign,
      point: day.point,
      rosterEntryId: entryIdOf(t, "Bùi Thế Hùng"),
      kioskId,
    }).ok,
  ).toBe(true);
  return { ...day, kioskId };
}

/** The same day, the fourth resident's ticket voided ("không thu về") and the point-day closed. */
async function closedDay(t: TestApp) {
  const day = await dayWithBallots(t);
  await day.officer.post(
    paths.officer.voidTicket(day.point.id, day.kioskId),
    heldTicket(t, day.kioskId),
    htmx,
  );
  expect(closePointDay(t, officerActor, { campaignId: day.campaign.id, pointId: day.point.id }).ok).toBe(
    true,
  );
  return day;
}

describe("close of day (issue #10)", () => {
  it("incidentLines - one per line whatever the line break, trimmed, NFC, blanks dropped; at the limits kept whole, one over refused naming the line, never cut", () => {
    expect(unwrap(incidentLines([" Máy 1 hỏng \r\n\r\nMa\u0301y 2 hết pin\rMất điện\n"]))).toEqual([
      "Máy 1 hỏng",
      "Máy 2 hết pin",
      "Mất điện",
    ]);
    const { lines, chars } = INCIDENT_LIMITS;
    const full = Array.from(
      { length: lines },
      (_, i) => `${i + 1} ${"ệ".repeat(chars - String(i + 1).length - 1)}`,
    );
    // Exactly the limits (characters, not UTF-16 units or bytes: "ệ" is one).
    expect(unwrap(incidentLines([full.join("\n")]))).toEqual(full);
    const tooMany = incidentLines([[...full, "thêm một"].join("\n")]);
    expect(tooMany.ok ? null : tooMany.error.message).toBe(
      `Phần sự cố có ${lines + 1} dòng; biên bản ghi được tối đa ${lines} dòng. Xin gộp bớt rồi bấm lại. Chưa kết thúc.`,
    );
    const tooLong = incidentLines([`ngắn\n${"a".repeat(chars + 1)}`]);
    expect(tooLong.ok ? null : tooLong.error.message).toBe(
      `Sự cố thứ 2 dài ${chars + 1} ký tự; mỗi sự cố tối đa ${chars} ký tự. Xin viết gọn lại rồi bấm lại. Chưa kết thúc.`,
    );
    expect(unwrap(incidentLines([]))).toEqual([]);
  });

  it("closePointDay - refused while a kiosk holds a ticket; then closes, tallies, and nothing more can be issued or cast", async () => {
    const t = makeApp();
    const day = await dayWithBallots(t);
    const refused = closePointDay(t, officerActor, { campaignId: day.campaign.id, pointId: day.point.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe("tickets_outstanding");
      expect(refused.error.message).toContain("Máy 1");
    }
    expect(t.store.voting.pointDay(day.point.id, DAY)?.status).toBe("open");
    await day.officer.post(
      paths.officer.voidTicket(day.point.id, day.kioskId),
      heldTicket(t, day.kioskId),
      htmx,
    );
    const closed = closePointDay(t, officerActor, { campaignId: day.campaign.id, pointId: day.point.id });
    expect(closed.ok).toBe(true);
    if (!closed.ok) return;
    const doc = JSON.parse(closed.value.minutes.document);
    expect(doc.counts).toEqual({ roster: 4, issued: 4, collected: 3, notCollected: 1 });
    const hq01 = doc.officials.find((o: { code: string }) => o.code === "HQ-01");
    // 2 of 3 "tín nhiệm thấp" is two-thirds: QĐ 96 "từ hai phần ba trở lên".
    expect(hq01).toMatchObject({ high: 1, medium: 0, low: 2, blank: 0, denominator: 3, band: "two_thirds" });
    const hq02 = doc.officials.find((o: { code: string }) => o.code === "HQ-02");
    expect(hq02).toMatchObject({ high: 1, medium: 1, low: 0, blank: 1 });
    // Fewer than five ballots: the small-point warning, recorded, not blocking.
    expect(doc.warnings).toContainEqual({ kind: "small_point", threshold: 5 });
    expect(closed.value.minutes.checks.every((c) => c.ok)).toBe(true);
    // After close nothing can be issued or cast for that point-day.
    const issued = issueBallot(t, officerActor, {
      campaign: day.campaign,
      point: day.point,
      rosterEntryId: entryIdOf(t, "Bùi Thế Hùng"),
      kioskId: day.kioskId,
    });
    expect(issued.ok).toBe(false);
    expect(closePointDay(t, officerActor, { campaignId: day.campaign.id, pointId: day.point.id }).ok).toBe(
      false,
    );
    // Idempotent: the same minutes, not a second version.
    const again = ensureMinutes(t, officerActor, {
      campaignId: day.campaign.id,
      pointId: day.point.id,
      day: DAY,
    });
    expect(again.ok && again.value.id).toBe(closed.value.minutes.id);
  });

  it("signMinutes - two officers, the Tổ trưởng among them, sign with their password; the verifier accepts every check", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    const [leader, secretary] = day.officers;
    if (!leader || !secretary) throw new Error("two officers expected");
    const input = (userId: number, password = PASSWORD) => ({
      userId,
      pointId: day.point.id,
      day: DAY,
      password,
    });
    const first = await signMinutes(t, { name: secretary.username, address: null }, input(secretary.userId));
    expect(first.ok && first.value).toEqual({ signers: 1, complete: false });
    expect(
      (await signMinutes(t, { name: secretary.username, address: null }, input(secretary.userId))).ok,
    ).toBe(false);
    const second = await signMinutes(t, officerActor, input(leader.userId));
    expect(second.ok && second.value).toEqual({ signers: 2, complete: true });
    const stored = t.store.minutes.current(day.point.id, DAY);
    if (!stored) throw new Error("no minutes");
    const keys = new Map(day.officers.map((o) => [o.username, o.publicKey]));
    const verified = await verifyMinutes(signedDocument(stored), { registeredKeys: keys });
    expect(verified.ok).toBe(true);
    if (verified.ok) {
      expect(verified.value.checks.every((c) => c.ok)).toBe(true);
      expect([...verified.value.signers].sort()).toEqual(["hq-t1-1", "hq-t1-2"]);
    }
    // The stored minutes cannot be edited or deleted, nor their signatures.
    expect(() => t.store.db.run("UPDATE minutes SET document = '{}'")).toThrow(/immutable/);
    expect(() => t.store.db.run("DELETE FROM minutes")).toThrow(/immutable/);
    expect(() => t.store.db.run("DELETE FROM minutes_signatures")).toThrow(/immutable/);
  });

  it("signMinutes - a wrong password signs nothing, is audited, and after three a wait is imposed", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    const leader = day.officers[0];
    if (!leader) throw new Error("no officer");
    const attempt = (password: string) =>
      signMinutes(t, officerActor, { userId: leader.userId, pointId: day.point.id, day: DAY, password });
    for (let i = 0; i < 3; i++) {
      const wrong = await attempt("sai-mat-khau");
      expect(wrong.ok).toBe(false);
      if (!wrong.ok) expect(wrong.error.code).toBe("wrong_password");
    }
    const waiting = await attempt(PASSWORD);
    expect(waiting.ok).toBe(false);
    if (!waiting.ok) expect(waiting.error.code).toBe("wait");
    expect(t.store.minutes.current(day.point.id, DAY)?.signatures).toEqual([]);
    expect(t.store.audit.list().filter((e) => e.action === "minutes.sign.failed")).toHaveLength(3);
    t.clock.advance(60 * 60_000 + 1);
    expect((await attempt(PASSWORD)).ok).toBe(true);
  });

  it("reopenMinutes - the board reopens with a reason: the old version is kept, a new one chains to it and must be signed again", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    const leader = day.officers[0];
    if (!leader) throw new Error("no officer");
    await signMinutes(t, officerActor, {
      userId: leader.userId,
      pointId: day.point.id,
      day: DAY,
      password: PASSWORD,
    });
    const v1 = t.store.minutes.current(day.point.id, DAY);
    if (!v1) throw new Error("no minutes");
    const board = { name: "bantochuc", address: null };
    const input = { campaignId: day.campaign.id, pointId: day.point.id, day: DAY };
    const noReason = reopenMinutes(t, board, { ...input, reason: "  " });
    expect(noReason.ok).toBe(false);
    const reopened = reopenMinutes(t, board, { ...input, reason: "Tổ công tác báo nhầm người ký" });
    expect(reopened.ok).toBe(true);
    if (!reopened.ok) return;
    expect(reopened.value.version).toBe(2);
    expect(reopened.value.signatures).toEqual([]);
    expect(JSON.parse(reopened.value.document).commitments.previous).toBe(digestOfStored(v1));
    const versions = t.store.minutes.versions(day.point.id, DAY);
    expect(versions.map((v) => [v.version, v.supersededAt !== null, v.signatures.length])).toEqual([
      [1, true, 1],
      [2, false, 0],
    ]);
    expect(t.store.audit.list().filter((e) => e.action === "minutes.reopen")).toHaveLength(1);
  });

  it("minutes - a point voting on two days: the second day's minutes chain to the first day's digest", async () => {
    const t = makeApp();
    const day = await dayWithBallots(t);
    await day.officer.post(
      paths.officer.voidTicket(day.point.id, day.kioskId),
      heldTicket(t, day.kioskId),
      htmx,
    );
    // Test set-up only: the point also votes the next day.
    unwrap(t.store.points.update(day.point.id, { ...day.point, days: [DAY, "2026-10-28"] }));
    const input = { campaignId: day.campaign.id, pointId: day.point.id };
    const first = closePointDay(t, officerActor, input);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(JSON.parse(first.value.minutes.document).commitments.previous).toBeNull();
    t.clock.advance(24 * 3_600_000);
    expect(openPoint(t, officerActor, input).ok).toBe(true);
    const second = closePointDay(t, officerActor, input);
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.value.minutes.day).toBe("2026-10-28");
    expect(JSON.parse(second.value.minutes.document).commitments.previous).toBe(
      digestOfStored(first.value.minutes),
    );
  });

  it("closePointDay - a day left open past midnight is closed late rather than never, and its ballots reach its minutes", async () => {
    const t = makeApp();
    const day = await dayWithBallots(t);
    await day.officer.post(
      paths.officer.voidTicket(day.point.id, day.kioskId),
      heldTicket(t, day.kioskId),
      htmx,
    );
    t.clock.advance(24 * 3_600_000);
    const closed = closePointDay(t, officerActor, { campaignId: day.campaign.id, pointId: day.point.id });
    expect(closed.ok).toBe(true);
    if (closed.ok) {
      expect(closed.value.minutes.day).toBe(DAY);
      expect(JSON.parse(closed.value.minutes.document).counts.collected).toBe(3);
    }
  });

  it("closePointDay - a kiosk's fast casts reach the minutes at their worst of the day, not at the first alert", async () => {
    const t = makeApp();
    const day = await votingDay(t, { residents: 8 });
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    await pairedKiosk(t, day.officer, day.point.id);
    const kioskId = kioskIdOf(t);
    const names = ["Võ Văn Dũng", "Lê Diệu Lan", "Nguyễn Thị Hường", "Bùi Thế Hùng", "Cử Tri Số 1"];
    // Five ballots each cast a second after its hand-off, all within the hour of the first alert.
    for (const name of names) {
      const rosterEntryId = entryIdOf(t, name);
      unwrap(
        issueBallot(t, officerActor, { campaign: day.campaign, point: day.point, rosterEntryId, kioskId }),
      );
      t.clock.advance(1_000);
      const ticketId = t.store.tickets.forKiosk(kioskId)?.id ?? "";
      unwrap(
        castBallot(t, officerActor, { kioskId, ticketId, form: { "m.HQ-01": "high", confirmBlank: "1" } }),
      );
    }
    expect(t.store.tickets.paceOf(kioskId, DAY)).toMatchObject({ fast: names.length, of: names.length });
    const closed = unwrap(
      closePointDay(t, officerActor, { campaignId: day.campaign.id, pointId: day.point.id }),
    );
    const fast = signedDocument(closed.minutes).incidents.filter((i) => i.code === "kiosk.fast_cast");
    expect(fast.map((i) => i.message)).toEqual([
      `Hệ thống phát hiện Máy 1 gửi phiếu nhanh bất thường: lúc phát hiện, ${names.length} trong ${names.length} phiếu gần nhất của máy được gửi chưa đầy 15 giây sau khi phát phiếu.`,
    ]);
  });

  it("signMinutes - parallel wrong passwords are counted one by one: the wait cannot be raced", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    const leader = day.officers[0];
    if (!leader) throw new Error("no officer");
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        signMinutes(t, officerActor, {
          userId: leader.userId,
          pointId: day.point.id,
          day: DAY,
          password: "doan-mo",
        }),
      ),
    );
    const codes = results.map((r) => (r.ok ? "ok" : r.error.code));
    expect(codes.filter((c) => c === "wrong_password")).toHaveLength(3);
    expect(codes.filter((c) => c === "wait")).toHaveLength(3);
  });

  it("key password - signing and changing the password share one limit: two wrong at signing, one wrong at the password form, and signing must wait; the second mistake warns", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    const leader = day.officers[0];
    if (!leader) throw new Error("no officer");
    const sign = (password: string) =>
      signMinutes(t, officerActor, { userId: leader.userId, pointId: day.point.id, day: DAY, password });
    const first = await sign("doan-mo-1");
    expect(first.ok ? "" : first.error.message).toBe("Mật khẩu không đúng: biên bản chưa được ký.");
    const second = await sign("doan-mo-2");
    expect(second.ok ? "" : second.error.message).toContain("Nếu nhập sai thêm 1 lần, phải chờ 30 giây");
    const user = t.store.users.byId(leader.userId);
    if (!user) throw new Error("no user");
    const changed = await changePassword(t, officerActor, {
      user,
      current: "doan-mo-3",
      next: "mật khẩu mới dài",
      confirm: "mật khẩu mới dài",
      session: { idleMinutes: 30, maxHours: 12 },
    });
    expect(changed.ok).toBe(false);
    if (!changed.ok && changed.error.code === "invalid")
      expect(changed.error.fields.current).toContain("vui lòng chờ 30 giây");
    // The right password at signing now waits too: the three mistakes were one count.
    const waited = await sign(PASSWORD);
    expect(waited.ok ? "ok" : waited.error.code).toBe("wait");
    expect(t.store.minutes.current(day.point.id, DAY)?.signatures).toHaveLength(0);
    t.clock.advance(31_000);
    expect((await sign(PASSWORD)).ok).toBe(true);
    expect(t.store.throttle.get(throttleKeys.keyPassword(leader.userId)) ?? null).toBeNull();
  });

  it("signMinutes - an officer not listed in the minutes' team cannot sign them", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    const late = unwrap(
      await createOfficer(
        t,
        BOARD_ACTOR,
        { username: "hq-t1-9", displayName: "Cán Bộ Mới", teamRole: "Thành viên", pointIds: [day.point.id] },
        { password: PASSWORD, mustChangePassword: false, seal: CHEAP_SEAL },
      ),
    );
    const refused = await signMinutes(
      t,
      { name: "hq-t1-9", address: null },
      {
        userId: late.userId,
        pointId: day.point.id,
        day: DAY,
        password: PASSWORD,
      },
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe("not_yours");
  });

  it("closePointDay - today's close ends the point's pairing window; closing a day left open since yesterday does not cut this morning's", async () => {
    const t = makeApp();
    const day = await dayWithBallots(t);
    await day.officer.post(
      paths.officer.voidTicket(day.point.id, day.kioskId),
      heldTicket(t, day.kioskId),
      htmx,
    );
    const windows = () => t.store.voting.openPairingWindows(t.clock.now().toISOString()).length;
    // The point votes again the next day (test set-up: a second day). That morning the first day was
    // never closed; the team opens a pairing window for today, then closes yesterday.
    t.store.db.run("INSERT INTO point_days (point_id, day) VALUES (?, ?)", [day.point.id, "2026-10-28"]);
    const twoDays = t.store.points.get(day.campaign.id, day.point.id);
    if (!twoDays) throw new Error("fixture: no point");
    t.clock.advance(24 * 60 * 60_000);
    expect(openPairingWindow(t, officerActor, { point: twoDays }).ok).toBe(true);
    expect(windows()).toBe(1);
    expect(closePointDay(t, officerActor, { campaignId: day.campaign.id, pointId: day.point.id }).ok).toBe(
      true,
    );
    expect(t.store.voting.pointDay(day.point.id, DAY)?.status).toBe("closed");
    expect(windows()).toBe(1);
    // The same day: the close ends it.
    const other = makeApp();
    const today = await dayWithBallots(other);
    await today.officer.post(
      paths.officer.voidTicket(today.point.id, today.kioskId),
      heldTicket(other, today.kioskId),
      htmx,
    );
    expect(openPairingWindow(other, officerActor, { point: today.point }).ok).toBe(true);
    expect(
      closePointDay(other, officerActor, { campaignId: today.campaign.id, pointId: today.point.id }).ok,
    ).toBe(true);
    expect(other.store.voting.openPairingWindows(other.clock.now().toISOString())).toEqual([]);
  });

  it("signMinutes - complete minutes are final: a third member of the team is refused, and the minutes' code is the one printed", async () => {
    const t = makeApp();
    const day = await dayWithBallots(t);
    const third = unwrap(
      await createOfficer(
        t,
        BOARD_ACTOR,
        {
          username: "hq-t1-3",
          displayName: "Bùi Thế Hùng",
          teamRole: "Thành viên",
          pointIds: [day.point.id],
        },
        { password: PASSWORD, mustChangePassword: false, seal: CHEAP_SEAL },
      ),
    );
    await day.officer.post(
      paths.officer.voidTicket(day.point.id, day.kioskId),
      heldTicket(t, day.kioskId),
      htmx,
    );
    expect(closePointDay(t, officerActor, { campaignId: day.campaign.id, pointId: day.point.id }).ok).toBe(
      true,
    );
    const sign = (o: { username: string; userId: number }) =>
      signMinutes(
        t,
        { name: o.username, address: null },
        { userId: o.userId, pointId: day.point.id, day: DAY, password: PASSWORD },
      );
    for (const o of day.officers) expect((await sign(o)).ok).toBe(true);
    const stored = t.store.minutes.current(day.point.id, DAY);
    // The code printed and QR-encoded on the PDF: the whole document's digest, signatures included.
    const code = stored ? minutesDigest(signedDocument(stored) as MinutesDocument) : "";
    const refused = await sign({ username: "hq-t1-3", userId: third.userId });
    expect(refused.ok ? "signed" : refused.error.code).toBe("complete");
    if (!refused.ok) expect(refused.error.message).toContain("đã đủ chữ ký");
    const after = t.store.minutes.current(day.point.id, DAY);
    expect(after?.signatures).toHaveLength(2);
    expect(after ? minutesDigest(signedDocument(after) as MinutesDocument) : "").toBe(code);
    expect(code).toMatch(/^[0-9a-f]{64}$/);
  });

  it("signMinutes - the campaign's number of signers: with 3 required, two signatures (the Tổ trưởng's included) are not enough", async () => {
    const t = makeApp();
    const day = await dayWithBallots(t);
    // Test set-up: the campaign asks for three officers' signatures.
    t.store.db.run("UPDATE campaigns SET required_signers = 3 WHERE id = ?", [day.campaign.id]);
    await day.officer.post(
      paths.officer.voidTicket(day.point.id, day.kioskId),
      heldTicket(t, day.kioskId),
      htmx,
    );
    expect(closePointDay(t, officerActor, { campaignId: day.campaign.id, pointId: day.point.id }).ok).toBe(
      true,
    );
    const results = [];
    for (const o of day.officers) {
      results.push(
        await signMinutes(
          t,
          { name: o.username, address: null },
          {
            userId: o.userId,
            pointId: day.point.id,
            day: DAY,
            password: PASSWORD,
          },
        ),
      );
    }
    expect(results.map((r) => r.ok && r.value)).toEqual([
      { signers: 1, complete: false },
      { signers: 2, complete: false },
    ]);
    expect(CampaignFormSchema.shape.requiredSigners.safeParse("1").success).toBe(false);
    expect(CampaignFormSchema.shape.requiredSigners.safeParse(undefined)).toEqual({ success: true, data: 2 });
  });
});
