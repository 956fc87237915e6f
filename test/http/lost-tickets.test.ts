import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { ManualClock } from "../../server/clock.ts";
import { defaultConfig } from "../../server/config.ts";
import { Store } from "../../server/db/store.ts";
import { paths } from "../../server/http/paths.ts";
import { lostTickets } from "../../server/services/voting.ts";
import { Client, makeApp, T0 } from "../helpers.ts";
import { ballotOnKiosk, entryIdOf, htmx, kioskIdOf, pairedKiosk, votingDay } from "../voting-helpers.ts";

const DAY = "2026-10-27";

describe("tickets live in memory only (issue #9 §1)", () => {
  it("restart - lost tickets are counted on the console and may be handed out again, each as an incident, never more often than lost", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tn-lost-"));
    try {
      const path = join(dir, "db.sqlite");
      const clock = new ManualClock(T0);
      const store = Store.open(path);
      const t = { store, clock, app: createApp({ store, clock, config: defaultConfig() }) };
      const day = await votingDay(t);
      await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
      const one = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.71");
      await pairedKiosk(t, day.officer, day.point.id, "192.0.2.72");
      for (const [name, kiosk] of [
        ["Võ Văn Dũng", "Máy 1"],
        ["Lê Diệu Lan", "Máy 2"],
      ] as const) {
        const res = await day.officer.post(
          paths.officer.issue(day.point.id),
          { entryId: String(entryIdOf(t, name)), kioskId: kioskIdOf(t, kiosk) },
          htmx,
        );
        expect(res.status).toBe(200);
      }
      const { ticket } = await ballotOnKiosk(one);
      expect(
        (await one.post(paths.kiosk.cast, { t: ticket ?? "", "m.HQ-01": "high", "m.HQ-02": "low" }, htmx))
          .status,
      ).toBe(200);
      // Máy 2's ticket is outstanding: not lost.
      expect(lostTickets(store, day.point.id, DAY)).toEqual({ lost: 0, reissued: 0 });

      // The server restarts: memory is gone, the files stay.
      store.close();
      const again = Store.open(path);
      const t2 = { store: again, clock, app: createApp({ store: again, clock, config: defaultConfig() }) };
      expect(lostTickets(again, day.point.id, DAY)).toEqual({ lost: 1, reissued: 0 });
      const officer = new Client(t2, "192.0.2.21");
      await officer.login("hq-t1-1");
      const live = await (await officer.get(paths.officer.live(day.point.id), htmx)).text();
      expect(live).toContain("1 phiếu đã phát nhưng chưa gửi đã bị mất");
      expect(live).toContain("Phát lại phiếu");

      const reissue = (kiosk: string) =>
        officer.post(paths.officer.reissue(day.point.id, kioskIdOf(t2, kiosk)), {}, htmx);
      const first = await reissue("Máy 2");
      expect(first.status).toBe(200);
      expect(await first.text()).toContain("Đã phát lại phiếu");
      expect(again.tickets.forKiosk(kioskIdOf(t2, "Máy 2"))).not.toBeNull();
      const second = await reissue("Máy 1");
      expect(second.status).toBe(409);
      expect(await second.text()).toContain("Không có phiếu nào bị mất");
      expect(again.voting.pointDay(day.point.id, DAY)).toMatchObject({
        issued: 2,
        collected: 1,
        voided: 0,
        reissued: 1,
      });
      // No second check-in: the resident had been checked in already.
      expect(again.db.query("SELECT count(*) AS n FROM check_ins").get()).toEqual({ n: 2 });
      const incidents = again.audit.list().filter((e) => e.action === "ticket.reissue");
      expect(incidents).toHaveLength(1);
      expect(incidents[0]?.details).toMatchObject({ lost: 1, reissued: 1 });
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("replay - the previous resident's ticket replayed while the kiosk holds a new one is refused, never 'đã ghi nhận'", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id);
    const issue = (name: string) =>
      day.officer.post(
        paths.officer.issue(day.point.id),
        { entryId: String(entryIdOf(t, name)), kioskId: kioskIdOf(t) },
        htmx,
      );
    await issue("Võ Văn Dũng");
    const { ticket: first } = await ballotOnKiosk(kiosk);
    const form = { t: first ?? "", "m.HQ-01": "high", "m.HQ-02": "high" };
    expect((await kiosk.post(paths.kiosk.cast, form, htmx)).status).toBe(200);
    // Before the next resident: a retry of the same ballot is answered "đã ghi nhận".
    const retry = await kiosk.post(paths.kiosk.cast, form, htmx);
    expect(await retry.text()).toContain("đã được ghi nhận");
    await issue("Lê Diệu Lan");
    const replay = await kiosk.post(paths.kiosk.cast, form, htmx);
    expect(replay.status).toBe(409);
    expect(await replay.text()).not.toContain("đã được ghi nhận");
    const still = await kiosk.get(`${paths.kiosk.still}?t=${first}`, htmx);
    expect(await still.text()).not.toContain("đã được ghi nhận");
    expect(t.store.ballots.collected(day.point.id, DAY)).toBe(1);
    // The new resident's ballot is still on the kiosk.
    expect((await ballotOnKiosk(kiosk)).ticket).not.toBe(first);
  });
});
