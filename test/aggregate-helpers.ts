import { buildScenario, byCode } from "../server/scenario-builder.ts";
import { closePointDay } from "../server/services/close.ts";
import { signMinutes } from "../server/services/minutes.ts";
import { BOARD_ACTOR, CHEAP_SEAL, PASSWORD, type TestApp, testPasswordHash, unwrap } from "./helpers.ts";

export const DAY = "2026-10-27";
export const NEXT_DAY = "2026-10-28";

const team = [
  { name: "Trần Văn Tổ", role: "Tổ trưởng" as const },
  { name: "Lê Thị Thư", role: "Thư ký" as const },
];

/**
 * A campaign of three old communes merged into two new ones, four officials and five points, built
 * for the aggregate (every ballot through the services):
 *
 * - HQ-T1 (xã Hương Quang): 3 × {HQ-01 low, HQ-02 high}, 1 × {HQ-01 high, HQ-02 low}
 *   → HQ-01 3/4 low (two-thirds here), HQ-02 1/4.
 * - HQ-T2 (xã Hương Quang): 4 × {HQ-01 high, HQ-02 low} → HQ-01 0/4, HQ-02 4/4.
 * - HT-T1 (xã Hương Thọ), whose ballot also rates HQ-01: 3 × {HT-01 low, HQ-01 low}, 1 × {HT-01 high}
 *   (HQ-01 left blank) → HT-01 3/4, HQ-01 3/4.
 * - PD-T1 (xã Phong Điền, another new commune): 2 × {PD-01 low}, 1 × {PD-01 high} → PD-01 2/3.
 * - HQ-T3 (xã Hương Quang) votes the next day: not opened.
 *
 * Aggregates (collected base): HQ-01 6/12 low (exactly half: not over half, while two-thirds at two
 * of its points), HQ-02 5/8 (over half), HT-01 3/4, PD-01 2/3 (exactly two-thirds).
 */
export async function aggregateCampaign(t: TestApp, options: { ruleSet?: string; aggregator?: string } = {}) {
  const passwordHash = await testPasswordHash(PASSWORD);
  const built = unwrap(
    await buildScenario(
      t,
      BOARD_ACTOR,
      {
        campaign: {
          code: "VQ-AGG",
          name: "Lấy phiếu tín nhiệm các xã sáp nhập",
          ruleSet: options.ruleSet ?? "qd96-2023",
          aggregator: options.aggregator ?? "Ban Tổ chức Huyện ủy",
          district: "Huyện Hương Trà",
          days: [DAY, NEXT_DAY],
          onePer: "resident",
        },
        communes: [
          { code: "HQ", name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" },
          { code: "HT", name: "Xã Hương Thọ", mergedInto: "Xã Quang Thọ" },
          { code: "PD", name: "Xã Phong Điền", mergedInto: "Xã Phong Thu" },
        ],
        officials: [
          { code: "HQ-01", name: "Đỗ Thanh Hường", position: "Bí thư Đảng ủy xã", commune: "HQ" },
          { code: "HQ-02", name: "Đặng Quang Long", position: "Chủ tịch UBND xã", commune: "HQ" },
          { code: "HT-01", name: "Bùi Thu Mai", position: "Bí thư Đảng ủy xã", commune: "HT" },
          { code: "PD-01", name: "=Ngô Văn Ẩn", position: "+Phó Chủ tịch UBND xã", commune: "PD" },
        ],
        points: [
          {
            code: "HQ-T1",
            name: "Thôn 1, Xã Hương Quang",
            commune: "HQ",
            day: DAY,
            roster: 10,
            officers: team,
            ballots: [
              { count: 3, marks: { "HQ-01": "low", "HQ-02": "high" } },
              { count: 1, marks: { "HQ-01": "high", "HQ-02": "low" } },
            ],
          },
          {
            code: "HQ-T2",
            name: "Thôn 2, Xã Hương Quang",
            commune: "HQ",
            day: DAY,
            roster: 8,
            officers: team,
            ballots: [{ count: 4, marks: { "HQ-01": "high", "HQ-02": "low" } }],
          },
          {
            code: "HQ-T3",
            name: "Thôn 3, Xã Hương Quang",
            commune: "HQ",
            day: NEXT_DAY,
            roster: 5,
            officers: team,
          },
          {
            code: "HT-T1",
            name: "Thôn Đông, Xã Hương Thọ",
            commune: "HT",
            day: DAY,
            roster: 6,
            officials: ["HT-01", "HQ-01"],
            officers: team,
            ballots: [
              { count: 3, marks: { "HT-01": "low", "HQ-01": "low" } },
              { count: 1, marks: { "HT-01": "high" } },
            ],
          },
          {
            code: "PD-T1",
            name: "Thôn Tây, Xã Phong Điền",
            commune: "PD",
            day: DAY,
            roster: 4,
            officers: team,
            ballots: [
              { count: 2, marks: { "PD-01": "low" } },
              { count: 1, marks: { "PD-01": "high" } },
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
  const pointId = (code: string) => byCode(built.points, code).id;
  const officersOf = (code: string) => built.officers.filter((o) => o.pointCode === code);

  /** The officers close the point's day (today). */
  const close = (code: string) =>
    unwrap(
      closePointDay(
        t,
        { name: `${code.toLowerCase()}-1`, address: null },
        { campaignId: built.campaign.id, pointId: pointId(code) },
      ),
    );

  /** Officers of the point sign its minutes of `day`, by their place in the team (0: the Tổ trưởng). */
  const sign = async (code: string, which: readonly number[] = [0, 1], day = DAY) => {
    for (const officer of which.map((i) => officersOf(code)[i])) {
      if (!officer) throw new Error(`no officer ${which.join(",")} at ${code}`);
      unwrap(
        await signMinutes(
          t,
          { name: officer.username, address: null },
          {
            userId: officer.userId,
            pointId: pointId(code),
            day,
            password: PASSWORD,
          },
        ),
      );
    }
  };

  /** Closes and signs every point voting today; `except` are closed but left unsigned. */
  const closeAndSignAll = async (except: readonly string[] = []) => {
    for (const code of ["HQ-T1", "HQ-T2", "HT-T1", "PD-T1"]) {
      close(code);
      if (!except.includes(code)) await sign(code);
    }
  };

  return { built, campaign: built.campaign, pointId, officersOf, close, sign, closeAndSignAll };
}

/**
 * Stuffs the ballot box before the close, as someone with the raw file could: `count` empty slots
 * filled with `marks` (one character per official of the point's ballot) and the box's counter
 * raised to match, so that the close finds more ballots than tickets handed out.
 */
export function stuffBallots(t: TestApp, pointId: number, day: string, count: number, marks: string): void {
  const box = t.store.ballots.db;
  const empty = box
    .query<{ key: number }, [number, string, number]>(
      "SELECT key FROM slots WHERE point_id = ? AND day = ? AND filled = 0 ORDER BY key LIMIT ?",
    )
    .all(pointId, day, count);
  if (empty.length < count) throw new Error("not enough empty slots to stuff");
  for (const { key } of empty) {
    box.run("UPDATE slots SET filled = 1, marks = ? WHERE point_id = ? AND day = ? AND key = ?", [
      marks,
      pointId,
      day,
      key,
    ]);
  }
  box.run("UPDATE counts SET collected = collected + ? WHERE point_id = ? AND day = ?", [
    count,
    pointId,
    day,
  ]);
}

/** Overwrites one stored ballot of a point-day in the ballot file, as someone with the file could. */
export function tamperOneBallot(t: TestApp, pointId: number, day: string): void {
  const box = t.store.ballots.db;
  const row = box
    .query<{ key: number; marks: string }, [number, string]>(
      "SELECT key, marks FROM slots WHERE point_id = ? AND day = ? AND filled = 1 ORDER BY key LIMIT 1",
    )
    .get(pointId, day);
  if (!row) throw new Error("no ballot to tamper with");
  const swap: Record<string, string> = { H: "L", M: "L", L: "H", _: "L" };
  const marks = [...row.marks].map((ch) => swap[ch] ?? ch).join("");
  box.run("UPDATE slots SET marks = ? WHERE point_id = ? AND day = ? AND key = ?", [
    marks,
    pointId,
    day,
    row.key,
  ]);
}
