import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { signedDocument } from "../../server/db/minutes-repo.ts";
import { resultsDocument } from "../../server/domain/aggregate.ts";
import { toMinutesPdfModel } from "../../server/domain/minutes.ts";
import type { MinutesDocument } from "../../server/domain/minutes-document.ts";
import { resolveRuleSet } from "../../server/domain/setup.ts";
import { householdsOn, rosterBallots } from "../../server/domain/voting.ts";
import { renderMinutesPdf } from "../../server/pdf/minutes-pdf.ts";
import { buildScenario, byCode } from "../../server/scenario-builder.ts";
import { closePointDay } from "../../server/services/close.ts";
import { signMinutes } from "../../server/services/minutes.ts";
import { loadAggregate } from "../../server/services/results.ts";
import { amendRoster, rosterBallotsByPoint, rosterUnitAt } from "../../server/services/rosters.ts";
import { verifyAll } from "../../server/services/verify-points.ts";
import {
  BOARD_ACTOR,
  CHEAP_SEAL,
  makeApp,
  PASSWORD,
  type TestApp,
  testPasswordHash,
  unwrap,
} from "../helpers.ts";

const DAY = "2026-10-27";

/**
 * One ballot per household (DESIGN §3): 3 households of 3 people, so the list allows 3 ballots, not
 * 9; 2 of the 3 ballots rate HQ-01 "thấp". Under NQ 85/2014 (base: the list) that is 2/3 — two
 * thirds; counted by people it would be 2/9, "không quá nửa".
 */
async function householdCampaign(t: TestApp, ruleSet: string) {
  const passwordHash = await testPasswordHash(PASSWORD);
  const residents = [1, 2, 3].flatMap((h) =>
    [0, 1, 2].map((m) => ({
      fullName: `Nguyễn Văn Hộ${h} Người${m}`,
      birthYear: 1960 + m,
      householdCode: `HO-${h}`,
      relation: m === 0 ? "Chủ hộ" : "Con",
    })),
  );
  const built = unwrap(
    await buildScenario(
      t,
      BOARD_ACTOR,
      {
        campaign: {
          code: "HH",
          name: "Lấy phiếu theo hộ",
          ruleSet,
          aggregator: "Ban Tổ chức Huyện ủy",
          district: "Huyện mẫu",
          days: [DAY],
          onePer: "household",
        },
        communes: [{ code: "HQ", name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" }],
        officials: [{ code: "HQ-01", name: "Đỗ Thanh Hường", position: "Bí thư Đảng ủy xã", commune: "HQ" }],
        points: [
          {
            code: "HQ-T1",
            name: "Thôn 1",
            commune: "HQ",
            day: DAY,
            roster: 9,
            residents,
            officers: [
              { name: "Lê Văn An", role: "Tổ trưởng" },
              { name: "Trần Thị Bình", role: "Thư ký" },
            ],
            ballots: [
              { count: 2, marks: { "HQ-01": "low" } },
              { count: 1, marks: { "HQ-01": "high" } },
            ],
          },
        ],
      },
      {
        until: "voting",
        officers: { password: PASSWORD, mustChangePassword: false, seal: CHEAP_SEAL, passwordHash },
        board: { username: "bantochuc", password: PASSWORD, mustChangePassword: false },
      },
    ),
  );
  const point = byCode(built.points, "HQ-T1");
  const closeAndSign = async () => {
    unwrap(
      closePointDay(
        t,
        { name: "hq-t1-1", address: null },
        { campaignId: built.campaign.id, pointId: point.id },
      ),
    );
    for (const o of built.officers) {
      unwrap(
        await signMinutes(
          t,
          { name: o.username, address: null },
          { userId: o.userId, pointId: point.id, day: DAY, password: PASSWORD },
        ),
      );
    }
  };
  return { built, point, closeAndSign };
}

describe("one ballot per household: the list counts households (DESIGN §3, §6)", () => {
  it("householdsOn, rosterBallots - distinct household keys as the check-in compares them; no code counts for none; a version from before households were counted keeps its entries", () => {
    expect(householdsOn(7, ["HO-1", "ho-1 ", "HO-2", null, "", "Đ-3", "đ-3"])).toBe(3);
    expect(rosterBallots("household", { entries: 9, households: 3 })).toBe(3);
    expect(rosterBallots("resident", { entries: 9, households: 3 })).toBe(9);
    expect(rosterBallots("household", { entries: 9, households: null })).toBe(9);
  });

  it("close, verify, aggregate under NQ 85/2014 - the minutes' roster, the denominator and the band are by household (2/3: two-thirds, not 2/9); the board's check holds", async () => {
    const t = makeApp();
    const { built, point, closeAndSign } = await householdCampaign(t, "nq85-2014");
    expect(t.store.rosters.commitments(point.id).at(-1)).toMatchObject({ entries: 9, households: 3 });
    expect(rosterBallotsByPoint(t.store, built.campaign).get(point.id)).toBe(3);
    await closeAndSign();
    const doc = signedDocument(t.store.minutes.current(point.id, DAY) ?? assertNever()) as MinutesDocument;
    expect(doc.counts).toMatchObject({ roster: 3, issued: 3, collected: 3 });
    expect(doc.officials[0]).toMatchObject({ low: 2, denominator: 3, band: "two_thirds" });
    const checked = unwrap(await verifyAll(t, BOARD_ACTOR));
    expect(checked.discrepant).toEqual([]);
    const results = resultsDocument(unwrap(loadAggregate(t.store)).aggregate);
    expect(results.points[0]).toMatchObject({ roster: 3, verified: true });
    expect(results.officials[0]).toMatchObject({ denominator: 3, low: 2, band: "two_thirds" });
  });

  it("amendment - a resident added to a household already on the list adds an entry, not a household; a new household adds one; each version keeps its own count", async () => {
    const t = makeApp();
    const { built, point } = await householdCampaign(t, "qd96-2023");
    const add = (fullName: string, householdCode: string) =>
      unwrap(
        amendRoster(t, BOARD_ACTOR, {
          campaign: built.campaign,
          point,
          amendment: {
            kind: "add",
            entry: {
              row: 0,
              fullName,
              birthYear: 1990,
              birthDate: null,
              gender: null,
              cccd: null,
              householdCode,
              relation: "Con",
              village: null,
            },
          },
          reason: "Bị sót khi lập danh sách",
        }),
      );
    add("Nguyễn Thị Bổ Sung", "HO-2");
    add("Phạm Văn Hộ Mới", "HO-4");
    expect(t.store.rosters.commitments(point.id).map((c) => [c.version, c.entries, c.households])).toEqual([
      [1, 9, 3],
      [2, 10, 3],
      [3, 11, 4],
    ]);
    expect(rosterBallotsByPoint(t.store, built.campaign).get(point.id)).toBe(4);
  });

  it("rosterUnitAt - minutes naming a version recorded before households were counted (migration 0018) say 'người': their roster is its entries, and the board's check says so too", async () => {
    const t = makeApp();
    const { built, point, closeAndSign } = await householdCampaign(t, "qd96-2023");
    expect(rosterUnitAt(t.store, built.campaign, point.id)).toBe("hộ");
    // The version as an older database recorded it: entries only.
    t.store.db.run("UPDATE roster_commitments SET households = NULL WHERE point_id = ?", [point.id]);
    expect(rosterUnitAt(t.store, built.campaign, point.id)).toBe("người");
    await closeAndSign();
    const minutes = t.store.minutes.current(point.id, DAY) ?? assertNever();
    const doc = signedDocument(minutes) as MinutesDocument;
    expect(doc.counts.roster).toBe(9);
    expect(rosterUnitAt(t.store, built.campaign, point.id, doc.commitments.roster)).toBe("người");
    const report = unwrap(await verifyAll(t, BOARD_ACTOR));
    expect(report.discrepant).toEqual([]);
    const check = t.store.results.latestVerification(minutes.id)?.checks.find((c) => c.id === "roster");
    expect(check?.detail).toContain("9 người");
  });

  it("minutes PDF - a household list is printed as 'Số hộ trong danh sách ghi phiếu'", async () => {
    const t = makeApp();
    const { built, point, closeAndSign } = await householdCampaign(t, "qd96-2023");
    await closeAndSign();
    const minutes = t.store.minutes.current(point.id, DAY) ?? assertNever();
    const ruleSet = unwrap(resolveRuleSet(built.campaign.ruleSet));
    const pdf = await renderMinutesPdf(
      toMinutesPdfModel(signedDocument(minutes) as MinutesDocument, {
        issuer: { superior: "Ban Tổ chức Huyện ủy", name: "Tổ công tác Thôn 1", party: false },
        communeName: "Xã Hương Quang",
        newCommuneName: "Xã Quang Thọ",
        ruleSet,
        checks: minutes.checks,
        rosterUnit: "hộ",
      }),
    );
    const text = execFileSync("pdftotext", ["-raw", "-", "-"], { input: pdf, encoding: "utf8" });
    expect(text).toContain("Số hộ trong danh sách ghi phiếu 3");
    expect(text).not.toContain("Số người trong danh sách");
  });
});

function assertNever(): never {
  throw new Error("missing");
}
