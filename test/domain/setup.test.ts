import { describe, expect, it } from "vitest";
import { digestOf } from "../../server/crypto/digest.ts";
import type { Campaign, Commune, Official } from "../../server/domain/campaign.ts";
import {
  ballotFor,
  CampaignFormSchema,
  checkEditable,
  configCommitment,
  DayListSchema,
  nextState,
  type Point,
  parseFraction,
  rosterCommitment,
  type SetupModel,
  stampProblems,
} from "../../server/domain/setup.ts";
import { RULE_SETS } from "../../server/domain/threshold.ts";

const campaign: Campaign = {
  requiredSigners: 2,
  kioskIdleMinutes: 2,
  id: 1,
  code: "VQ",
  name: "Đợt thử",
  ruleSet: "qd96-2023",
  aggregator: "Ban Tổ chức Huyện ủy",
  district: "Huyện mẫu",
  days: ["2026-10-27", "2026-10-28"],
  onePer: "resident",
  minTurnoutPercent: null,
  smallPointThreshold: 5,
  twoOfficerPairing: true,
  state: "draft",
  isSample: false,
  configDigest: null,
  stampedAt: null,
};
const communes: Commune[] = [
  { id: 1, code: "HQ", name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" },
  { id: 2, code: "HT", name: "Xã Hương Thọ", mergedInto: "Xã Quang Thọ" },
];
const officials: Official[] = [
  {
    id: 11,
    code: "HQ-02",
    name: "Đặng Quang Long",
    position: "Chủ tịch UBND xã",
    communeId: 1,
    displayOrder: 2,
  },
  {
    id: 10,
    code: "HQ-01",
    name: "Đỗ Thanh Hường",
    position: "Bí thư Đảng ủy xã",
    communeId: 1,
    displayOrder: 1,
  },
  {
    id: 20,
    code: "HT-01",
    name: "Bùi Thu Mai",
    position: "Bí thư Đảng ủy xã",
    communeId: 2,
    displayOrder: 1,
  },
];
const points: Point[] = [
  { id: 100, code: "HQ-T1", name: "Thôn 1", communeId: 1, days: ["2026-10-27"], customOfficialIds: null },
  { id: 101, code: "HT-T1", name: "Thôn 1", communeId: 2, days: ["2026-10-28"], customOfficialIds: [20, 10] },
];
const model: SetupModel = {
  campaign,
  ruleSet: RULE_SETS["qd96-2023"],
  communes,
  officials,
  points,
  officers: [
    {
      userId: 1,
      username: "a",
      displayName: "A",
      teamRole: "Tổ trưởng",
      publicKey: "k1",
      pointIds: [100, 101],
      mustChangePassword: false,
    },
    {
      userId: 2,
      username: "b",
      displayName: "B",
      teamRole: "Thư ký",
      publicKey: "k2",
      pointIds: [100, 101],
      mustChangePassword: false,
    },
  ],
  rosterSizes: new Map([
    [100, 10],
    [101, 12],
  ]),
};

describe("campaign states", () => {
  it.each([
    ["draft", "stamp", "stamped"],
    ["stamped", "open", "voting"],
    ["voting", "close", "closed"],
    ["closed", "certify", "certified"],
  ] as const)("nextState - %s --%s--> %s", (from, action, to) => {
    expect(nextState(from, action)).toEqual({ ok: true, value: to });
  });

  it.each([
    ["stamped", "stamp"],
    ["draft", "open"],
    ["draft", "close"],
    ["voting", "certify"],
    ["certified", "stamp"],
  ] as const)("nextState - %s cannot %s", (from, action) => {
    const r = nextState(from, action);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("wrong_state");
  });

  it("checkEditable - only a draft is edited directly; afterwards the refusal explains amendments", () => {
    expect(checkEditable({ state: "draft" }).ok).toBe(true);
    const r = checkEditable({ state: "stamped" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain("điều chỉnh");
  });
});

describe("ballot styles", () => {
  it("ballotFor - default: the point's commune's officials in display order", () => {
    expect(ballotFor(points[0] as Point, officials).map((o) => o.code)).toEqual(["HQ-01", "HQ-02"]);
  });

  it("ballotFor - a custom style keeps the board's order and may cross communes", () => {
    expect(ballotFor(points[1] as Point, officials).map((o) => o.code)).toEqual(["HT-01", "HQ-01"]);
  });
});

describe("stamp readiness", () => {
  it("stampProblems - a complete set-up has none", () => {
    expect(stampProblems(model)).toEqual([]);
  });

  it("stampProblems - names each missing piece per point", () => {
    const problems = stampProblems({
      ...model,
      points: [
        ...points,
        { id: 102, code: "HQ-T9", name: "Thôn 9", communeId: 2, days: ["2026-11-01"], customOfficialIds: [] },
      ],
      rosterSizes: new Map([[100, 10]]),
      officers: model.officers.slice(0, 1),
    });
    expect(problems).toContain("Điểm HT-T1 (Thôn 1) chưa có danh sách người ghi phiếu.");
    expect(problems).toContain("Điểm HQ-T9 (Thôn 9) chưa có người được lấy phiếu trên phiếu.");
    expect(problems).toContain("Điểm HQ-T9 (Thôn 9) có ngày 2026-11-01 không thuộc các ngày của đợt.");
    expect(problems).toContain(
      "Điểm HQ-T1 (Thôn 1) mới có 1 thành viên tổ công tác; cần ít nhất 2 người để ký biên bản.",
    );
  });

  it("stampProblems - no points at all", () => {
    expect(stampProblems({ ...model, points: [] })).toEqual(["Chưa có điểm lấy phiếu nào."]);
  });
});

describe("commitments", () => {
  it("configCommitment - same data in another insertion order gives the same digest", () => {
    const a = configCommitment(model);
    const b = configCommitment({
      ...model,
      communes: [...communes].reverse(),
      officials: [...officials].reverse(),
      points: [...points].reverse(),
      campaign: { ...campaign, days: [...campaign.days].reverse() },
    });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  it.each([
    [
      "an official's name",
      { officials: officials.map((o, i) => (i === 0 ? { ...o, name: "Đặng Quang Lông" } : o)) },
    ],
    ["the ballot order", { officials: officials.map((o) => (o.id === 10 ? { ...o, displayOrder: 3 } : o)) }],
    ["a point's day", { points: points.map((p, i) => (i === 0 ? { ...p, days: ["2026-10-28"] } : p)) }],
    ["a custom ballot", { points: points.map((p, i) => (i === 1 ? { ...p, customOfficialIds: [20] } : p)) }],
    ["the rule set", { ruleSet: RULE_SETS["nq85-2014"] }],
    [
      "the merger mapping",
      { communes: communes.map((c, i) => (i === 0 ? { ...c, mergedInto: "Xã khác" } : c)) },
    ],
    ["the campaign name", { campaign: { ...campaign, name: "Đợt khác" } }],
    ["two-officer pairing turned off", { campaign: { ...campaign, twoOfficerPairing: false } }],
  ])("configCommitment - changing %s changes the digest", (_what, change) => {
    expect(configCommitment({ ...model, ...change })).not.toBe(configCommitment(model));
  });

  const entries = [
    {
      fullName: "Võ Văn Dũng",
      birthYear: 1952,
      birthDate: null,
      gender: "Nam",
      cccd: "059083016613",
      householdCode: "H1",
      relation: "Chủ hộ",
    },
    {
      fullName: "Lê Diệu Lan",
      birthYear: 1979,
      birthDate: null,
      gender: "Nữ",
      cccd: null,
      householdCode: "H1",
      relation: "Vợ",
    },
    {
      fullName: "Bùi Thế Hùng",
      birthYear: 1955,
      birthDate: null,
      gender: null,
      cccd: "039099603082",
      householdCode: null,
      relation: null,
    },
  ];

  it("rosterCommitment - independent of row order, and NFC-normalized", () => {
    const a = rosterCommitment("HQ-T1", entries);
    const nfd = entries.map((e) => ({ ...e, fullName: e.fullName.normalize("NFD") }));
    expect(rosterCommitment("HQ-T1", [...entries].reverse())).toBe(a);
    expect(rosterCommitment("HQ-T1", nfd)).toBe(a);
  });

  it("rosterCommitment - any change, addition or removal changes it", () => {
    const a = rosterCommitment("HQ-T1", entries);
    expect(rosterCommitment("HQ-T1", entries.slice(1))).not.toBe(a);
    expect(
      rosterCommitment("HQ-T1", [
        ...entries,
        { ...entries[1], fullName: "Lê Diệu Lan" } as (typeof entries)[number],
      ]),
    ).not.toBe(a);
    expect(
      rosterCommitment(
        "HQ-T1",
        entries.map((e, i) => (i === 2 ? { ...e, birthYear: 1956 } : e)),
      ),
    ).not.toBe(a);
    expect(rosterCommitment("HQ-T2", entries)).not.toBe(a);
  });

  it("rosterCommitment - covers a date of birth; an entry without one keeps the digest it had before dates were stored", () => {
    const a = rosterCommitment("HQ-T1", entries);
    const dated = entries.map((e, i) => (i === 0 ? { ...e, birthDate: "1952-03-12" } : e));
    expect(rosterCommitment("HQ-T1", dated)).not.toBe(a);
    expect(
      rosterCommitment(
        "HQ-T1",
        entries.map((e, i) => (i === 0 ? { ...e, birthDate: "1952-03-13" } : e)),
      ),
    ).not.toBe(rosterCommitment("HQ-T1", dated));
    // The canonical form before migration 0008 had no birthDate member at all.
    const before = entries
      .map(({ birthDate: _date, ...e }) => e)
      .map((e) => ({ e, key: JSON.stringify(e) }))
      .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
      .map(({ e }) => e);
    expect(a).toBe(digestOf({ point: "HQ-T1", entries: before }));
  });
});

describe("campaign form", () => {
  const base = {
    code: "VQ-2026",
    name: "Đợt lấy phiếu",
    aggregator: "Ban Tổ chức Huyện ủy",
    district: "Huyện mẫu",
    days: "27/10/2026, 28/10/2026",
    onePer: "resident",
    ruleSet: "qd96-2023",
    minTurnoutPercent: "",
    smallPointThreshold: "5",
  };

  it("CampaignFormSchema - Vietnamese dates become sorted ISO days; empty turnout is none", () => {
    const r = CampaignFormSchema.safeParse({ ...base, days: "28/10/2026 27/10/2026" });
    expect(r.success && r.data.days).toEqual(["2026-10-27", "2026-10-28"]);
    expect(r.success && r.data.minTurnoutPercent).toBe(null);
    // Left out (an older form): the kiosk asks after the default two minutes.
    expect(r.success && r.data.kioskIdleMinutes).toBe(2);
    const thirty = CampaignFormSchema.safeParse({ ...base, kioskIdleMinutes: " 30 " });
    expect(thirty.success && thirty.data.kioskIdleMinutes).toBe(30);
  });

  it.each([
    ["days", "31/02/2026", "Ngày không có thật."],
    ["days", "", "Cần ít nhất một ngày lấy phiếu."],
    ["minTurnoutPercent", "120", "Tỉ lệ tối thiểu là số nguyên từ 1 đến 100, hoặc để trống."],
    ["smallPointThreshold", "năm", "Ngưỡng cảnh báo là số nguyên từ 0 đến 1000."],
    ["name", "   ", "Không được để trống."],
    ["kioskIdleMinutes", "0", "Thời gian chờ là số phút nguyên từ 1 đến 30."],
    ["kioskIdleMinutes", "31", "Thời gian chờ là số phút nguyên từ 1 đến 30."],
    ["kioskIdleMinutes", "1,5", "Thời gian chờ là số phút nguyên từ 1 đến 30."],
  ])("CampaignFormSchema - bad %s (%s) → %s", (field, value, message) => {
    const r = CampaignFormSchema.safeParse({ ...base, [field]: value });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.find((i) => i.path[0] === field)?.message).toBe(message);
  });

  it("DayListSchema - removes duplicates", () => {
    expect(DayListSchema.parse("2026-10-27, 27/10/2026")).toEqual(["2026-10-27"]);
  });

  it.each([
    ["1/2", { numerator: 1, denominator: 2 }],
    [" 2 / 3 ", { numerator: 2, denominator: 3 }],
    ["0,5", null],
    ["1/", null],
  ])("parseFraction - %s", (text, expected) => {
    expect(parseFraction(text)).toEqual(expected);
  });
});

describe("roster against current settings", () => {
  it("rosterSettingProblems - an entry too young for the current days, and missing household codes", async () => {
    const { rosterSettingProblems } = await import("../../server/domain/setup.ts");
    const point = { code: "HQ-T1", name: "Thôn 1" };
    const entries = [
      { birthYear: 2008, birthDate: null, householdCode: "H1" },
      { birthYear: 2009, birthDate: null, householdCode: null },
    ];
    expect(rosterSettingProblems(point, entries, { days: ["2026-10-27"], onePer: "resident" })).toEqual([
      "Điểm HQ-T1 (Thôn 1): 1 người trong danh sách chưa đủ 18 tuổi theo ngày lấy phiếu hiện tại; hãy nhập lại danh sách.",
    ]);
    expect(rosterSettingProblems(point, entries, { days: ["2027-03-01"], onePer: "household" })).toEqual([
      "Điểm HQ-T1 (Thôn 1): 1 người không có mã hộ, mà đợt này mỗi hộ một phiếu; hãy nhập lại danh sách có cột “Mã hộ”.",
    ]);
  });

  // Issue #8: the stamp's re-check judges a stored date of birth to the day, as the import did.
  it.each([
    ["2026-03-01", 1, "first day moved to 01/03/2026: born 01/09/2008 is 17"],
    ["2026-08-31", 1, "31/08/2026: the day before the 18th birthday"],
    ["2026-09-01", 0, "01/09/2026: the 18th birthday itself"],
    ["2026-12-06", 0, "06/12/2026: the day the list was imported for"],
  ])(
    "rosterSettingProblems - born 01/09/2008, first voting day %s: %i flagged (%s)",
    async (day, flagged) => {
      const { rosterSettingProblems } = await import("../../server/domain/setup.ts");
      const point = { code: "HQ-T1", name: "Thôn 1" };
      const entries = [
        { birthYear: 2008, birthDate: "2008-09-01", householdCode: "H1" },
        // Year only: judged by the year (turns 18 during 2026), as the import judges it.
        { birthYear: 2008, birthDate: null, householdCode: "H2" },
        { birthYear: 1952, birthDate: "1952-03-12", householdCode: "H3" },
      ];
      // Later days of the campaign do not matter: the first one does.
      const problems = rosterSettingProblems(point, entries, {
        days: ["2026-12-07", day],
        onePer: "resident",
      });
      expect(problems).toEqual(
        flagged === 0
          ? []
          : [
              `Điểm HQ-T1 (Thôn 1): ${flagged} người trong danh sách chưa đủ 18 tuổi theo ngày lấy phiếu hiện tại; hãy nhập lại danh sách.`,
            ],
      );
    },
  );

  it("rosterSettingProblems - a year alone is judged by the year: 2008 is old enough all through 2026", async () => {
    const { rosterSettingProblems } = await import("../../server/domain/setup.ts");
    const point = { code: "HQ-T1", name: "Thôn 1" };
    const entries = [{ birthYear: 2008, birthDate: null, householdCode: null }];
    for (const day of ["2026-01-01", "2026-03-01", "2026-12-31"]) {
      expect(rosterSettingProblems(point, entries, { days: [day], onePer: "resident" })).toEqual([]);
    }
    expect(rosterSettingProblems(point, entries, { days: ["2025-12-31"], onePer: "resident" })).toHaveLength(
      1,
    );
  });
});
