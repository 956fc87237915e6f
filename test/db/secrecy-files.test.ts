import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { votingFixture } from "../../scripts/voting-fixture.ts";
import { BallotBox } from "../../server/db/ballot-box.ts";
import { Store } from "../../server/db/store.ts";
import { SYSTEM_ACTOR } from "../../server/domain/audit.ts";
import { castBallot, issueBallot } from "../../server/services/voting.ts";
import { testClock } from "../support/clock.ts";
import {
  allRecords,
  type ForensicFiles,
  firstAppearances,
  searchBytes,
  snapshotFiles,
  spearman,
} from "../support/forensic.ts";

/**
 * Issue #9 §1, read as an attacker reads a copy of the files: at several moments of a voting day
 * with three kiosks (check-ins and casts interleaved), copy every file the server wrote and try to
 * (a) find a ticket, (b) find a ballot in the main database, (c) line check-ins up with ballots,
 * (d) order the ballots. Ballot i spells i in base 4 over its five rows, so each is recognisable.
 */
it("raw files - at any moment of a voting day no copy links a check-in to a ballot or orders the ballots", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tn-secrecy-files-"));
  try {
    const path = join(dir, "tin-nhiem.sqlite");
    const boxPath = BallotBox.pathBeside(path);
    const store = Store.open(path);
    const { campaign, point, officialCodes, today, kiosks } = await votingFixture(store, {
      code: "RAW",
      officials: 5,
      roster: 260,
      kiosks: 3,
      clock: testClock,
    });
    const entries = store.db.query<{ id: number }, []>("SELECT id FROM roster_entries ORDER BY id").all();
    const deps = { store, clock: testClock };
    const ballotText = (i: number) =>
      officialCodes.map((_, d) => "HML_".charAt(Math.floor(i / 4 ** d) % 4)).join("");
    const formFor = (i: number) => {
      const form: Record<string, string> = { confirmBlank: "1" };
      officialCodes.forEach((code, d) => {
        const level = ["high", "medium", "low", ""][Math.floor(i / 4 ** d) % 4] ?? "";
        if (level) form[`m.${code}`] = level;
      });
      return form;
    };
    const tickets: string[] = [];
    /** The truth an attacker is after: roster entry → the ballot that resident cast. */
    const truth: { entry: number; ballot: string }[] = [];
    const holding = new Map<string, number>(); // kiosk → roster entry whose ballot it shows
    let next = 0;
    let cast = 0;
    const attack = (files: { main: ForensicFiles; box: ForensicFiles }) => {
      const bytes = [...Object.values(files.main), ...Object.values(files.box)];
      // (a) No ticket, outstanding or consumed, is in any file.
      for (const ticket of tickets) for (const b of bytes) expect(searchBytes(b, ticket)).toEqual([]);
      // (b) The ballot file has neither WAL nor journal once a cast was acknowledged; the main files
      // hold no ballot at all.
      expect(files.box.wal).toBeUndefined();
      expect(files.box.journal).toBeUndefined();
      const mainValues = new Set(
        allRecords(files.main).flatMap((r) => r.values.filter((v) => typeof v === "string")),
      );
      for (const { ballot } of truth) expect(mainValues.has(ballot)).toBe(false);
      // (c, d) The best order an attacker gets: check-ins by WAL write order or cell position,
      // ballots by their position in the ballot file.
      const checkIns = firstAppearances(allRecords(files.main), (r) =>
        r.tree === "check_ins" && r.live && r.rowid !== null ? String(r.rowid) : undefined,
      );
      const slots = new Map(
        allRecords(files.box)
          .filter((r) => r.tree === "slots" && r.live && typeof r.values[4] === "string")
          .map((r) => [r.values[4] as string, r.offset]),
      );
      const known = truth.filter((x) => checkIns.has(String(x.entry)) && slots.has(x.ballot));
      expect(known.length).toBe(truth.length);
      const checkInRank = known.map((x) => {
        const r = checkIns.get(String(x.entry));
        return (r?.writeOrder ?? -1) * 1e9 + (r?.offset ?? 0);
      });
      const ballotPlace = known.map((x) => slots.get(x.ballot) ?? 0);
      return {
        linkage: spearman(checkInRank, ballotPlace),
        order: spearman(
          known.map((_, i) => i),
          ballotPlace,
        ),
      };
    };
    const moments: ReturnType<typeof attack>[] = [];
    while (cast < 240) {
      // Fill every free kiosk, then the kiosks cast in a rotating order: three residents at once.
      for (const kiosk of kiosks.map((k) => k.id)) {
        if (holding.has(kiosk)) continue;
        const entry = entries[next++]?.id ?? 0;
        const issued = issueBallot(deps, SYSTEM_ACTOR, {
          campaign,
          point,
          rosterEntryId: entry,
          kioskId: kiosk,
        });
        expect(issued.ok).toBe(true);
        tickets.push(store.tickets.forKiosk(kiosk)?.id ?? "?");
        holding.set(kiosk, entry);
      }
      const kiosk = kiosks[[1, 0, 2][cast % 3] ?? 0]?.id ?? "";
      const ticket = store.tickets.forKiosk(kiosk);
      expect(
        castBallot(deps, SYSTEM_ACTOR, { kioskId: kiosk, ticketId: ticket?.id ?? "", form: formFor(cast) })
          .ok,
      ).toBe(true);
      truth.push({ entry: holding.get(kiosk) ?? 0, ballot: ballotText(cast) });
      holding.delete(kiosk);
      cast++;
      // Right after a cast was acknowledged, mid-day, and at the end.
      if (cast === 60 || cast === 150 || cast === 240) {
        moments.push(attack({ main: snapshotFiles(path), box: snapshotFiles(boxPath) }));
      }
    }
    const last = moments.at(-1);
    expect(truth).toHaveLength(240);
    expect(new Set(truth.map((x) => x.ballot)).size).toBe(240);
    expect(store.ballots.collected(point.id, today)).toBe(240);
    // Over 240 ballots cast one by one: no better than chance.
    expect(Math.abs(last?.linkage ?? 1)).toBeLessThan(0.2);
    expect(Math.abs(last?.order ?? 1)).toBeLessThan(0.2);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
