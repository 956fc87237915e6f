import { systemClock } from "../server/clock.ts";
import { sha256Hex } from "../server/crypto/digest.ts";
import type { Store } from "../server/db/store.ts";
import { vietnamDate } from "../server/domain/calendar.ts";
import type { Campaign } from "../server/domain/campaign.ts";
import { expectOk } from "../server/domain/result.ts";
import type { Point } from "../server/domain/setup.ts";

/**
 * A voting day ready to take ballots, written straight to a store, for the benchmark and the crash
 * test: one campaign in `voting`, one commune, `officials` officials, one point open today with a
 * roster of `roster` invented residents, and `kiosks` kiosks paired with it (device token per kiosk).
 */
export function votingFixture(
  store: Store,
  options: { code: string; officials: number; roster: number; kiosks: number },
): {
  campaign: Campaign;
  point: Point;
  today: string;
  officialCodes: string[];
  kiosks: { id: string; token: string }[];
} {
  const now = new Date().toISOString();
  const today = vietnamDate(systemClock.now());
  const campaign = expectOk(
    store.campaigns.create({
      code: options.code,
      name: `Đợt ${options.code}`,
      ruleSet: "qd96-2023",
      aggregator: "Ban Tổ chức",
      district: "Huyện",
      days: [today],
      onePer: "resident",
      minTurnoutPercent: null,
      smallPointThreshold: 5,
      isSample: false,
      createdAt: now,
    }),
  );
  const commune = expectOk(
    store.campaigns.addCommune(campaign.id, { code: "A", name: "Xã A", mergedInto: "Xã B" }),
  );
  const officialCodes = Array.from(
    { length: options.officials },
    (_, i) => `A-${String(i + 1).padStart(2, "0")}`,
  );
  for (const [i, code] of officialCodes.entries()) {
    expectOk(
      store.campaigns.addOfficial(campaign.id, {
        code,
        name: `Người ${i + 1}`,
        position: "Cán bộ",
        communeId: commune.id,
        displayOrder: i + 1,
      }),
    );
  }
  const point = expectOk(
    store.points.create(campaign.id, {
      code: "A-T1",
      name: "Thôn 1",
      communeId: commune.id,
      days: [today],
    }),
  );
  store.withTransaction(() =>
    store.rosters.replace(
      campaign.id,
      point.id,
      Array.from({ length: options.roster }, (_, i) => ({
        sourceRow: i + 2,
        fullName: `Cử tri ${i}`,
        birthYear: 1960,
        birthDate: null,
        gender: null,
        cccd: null,
        householdCode: null,
        relation: null,
        village: null,
      })),
    ),
  );
  store.db.run("UPDATE campaigns SET state = 'voting' WHERE id = ?", [campaign.id]);
  store.voting.openPointDay(point.id, today, now, "fixture");
  store.ballots.ensureSlots(point.id, today, officialCodes.length, options.roster);
  const kiosks = Array.from({ length: options.kiosks }, (_, i) => {
    const token = `${"b".repeat(56)}${String(i).padStart(8, "0")}`;
    const id = `k${i}`;
    store.voting.createKiosk(id, sha256Hex(token), String(100000 + i), now, now);
    store.voting.pair(id, point.id, now, "fixture");
    return { id, token };
  });
  const fresh = store.campaigns.byId(campaign.id);
  if (!fresh) throw new Error("fixture campaign vanished");
  return { campaign: fresh, point, today, officialCodes, kiosks };
}
