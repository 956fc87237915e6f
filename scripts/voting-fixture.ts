import { type Clock, systemClock } from "../server/clock.ts";
import type { SealOptions } from "../server/crypto/keys.ts";
import type { Store } from "../server/db/store.ts";
import { SYSTEM_ACTOR } from "../server/domain/audit.ts";
import { vietnamDate } from "../server/domain/calendar.ts";
import type { Campaign } from "../server/domain/campaign.ts";
import type { Point } from "../server/domain/setup.ts";
import { type BuiltKiosk, type BuiltOfficer, buildScenario } from "../server/scenario-builder.ts";

/** Cheap key sealing: these fixtures never unseal a key. */
const CHEAP_SEAL: SealOptions = { kdf: { name: "scrypt", N: 1024, r: 8, p: 1 } };

/**
 * A voting day ready to take ballots, for the benchmark and the crash and sweep tests, built from a
 * scenario through the one builder (server/scenario-builder.ts): one campaign in `voting`, one
 * commune, `officials` officials, one point open today (by `clock`, the system's unless given) with
 * a roster of `roster` invented residents, two officers whose password is `password`, and `kiosks`
 * kiosks paired with it (device token per kiosk).
 */
export async function votingFixture(
  store: Store,
  options: {
    code: string;
    officials: number;
    roster: number;
    kiosks: number;
    password?: string;
    clock?: Clock;
  },
): Promise<{
  campaign: Campaign;
  point: Point;
  today: string;
  officialCodes: string[];
  officers: BuiltOfficer[];
  kiosks: BuiltKiosk[];
}> {
  const clock = options.clock ?? systemClock;
  const today = vietnamDate(clock.now());
  const officialCodes = Array.from(
    { length: options.officials },
    (_, i) => `A-${String(i + 1).padStart(2, "0")}`,
  );
  const built = await buildScenario(
    { store, clock },
    SYSTEM_ACTOR,
    {
      campaign: {
        code: options.code,
        name: `Đợt ${options.code}`,
        ruleSet: "qd96-2023",
        aggregator: "Ban Tổ chức",
        district: "Huyện",
        days: [today],
        onePer: "resident",
      },
      communes: [{ code: "A", name: "Xã A", mergedInto: "Xã B" }],
      officials: officialCodes.map((code, i) => ({
        code,
        name: `Người ${i + 1}`,
        position: "Cán bộ",
        commune: "A",
      })),
      points: [
        {
          code: "A-T1",
          name: "Thôn 1",
          commune: "A",
          day: today,
          roster: options.roster,
          officers: [
            { name: "Cán bộ Một", role: "Tổ trưởng" },
            { name: "Cán bộ Hai", role: "Thư ký" },
          ],
          kiosks: options.kiosks,
        },
      ],
    },
    {
      until: "voting",
      officers: { password: options.password, mustChangePassword: false, seal: CHEAP_SEAL },
    },
  );
  if (!built.ok) throw new Error(`voting fixture refused: ${built.error.message}`);
  const point = built.value.points[0];
  if (!point) throw new Error("voting fixture has no point");
  const { campaign, officers, kiosks } = built.value;
  return { campaign, point, today, officialCodes, officers, kiosks };
}
