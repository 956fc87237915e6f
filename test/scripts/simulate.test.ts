import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../../server/crypto/digest.ts";

// import.meta.dir is undefined under vitest; vitest runs from the project root (test/vitest.config.ts).
const SIMULATE = join(process.cwd(), "scripts/simulate.ts");
const VERIFY = join(process.cwd(), "scripts/verify.ts");

function run(script: string, ...args: string[]) {
  const proc = Bun.spawnSync([process.execPath, script, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}

const HQ = ["HQ-01", "HQ-02"] as const;

/**
 * Two points over two days: HQ-T1 votes on both (the `days` form; day 2's ballots leave HQ-02
 * blank), HQ-T2 on the second only (the one-day form), with voided tickets on both days.
 */
function scenario() {
  return {
    campaign: {
      code: "SIM-TEST",
      name: "Đợt mô phỏng thử",
      ruleSet: "qd96-2023",
      aggregator: "Ban Tổ chức Huyện ủy",
      district: "Huyện mẫu",
      days: ["2026-10-27", "2026-10-28"],
      onePer: "resident",
    },
    communes: [{ code: "HQ", name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" }],
    officials: [
      { code: HQ[0], name: "Đỗ Thanh Hường", position: "Bí thư Đảng ủy xã", commune: "HQ" },
      { code: HQ[1], name: "Đặng Quang Long", position: "Chủ tịch UBND xã", commune: "HQ" },
    ],
    points: [
      {
        code: "HQ-T1",
        name: "Thôn 1, Xã Hương Quang",
        commune: "HQ",
        roster: 20,
        officers: [
          { name: "Lê Văn Tổ", role: "Tổ trưởng" },
          { name: "Phạm Thị Thư", role: "Thư ký" },
        ],
        days: [
          {
            day: "2026-10-27",
            ballots: [
              { count: 3, marks: { "HQ-01": "high", "HQ-02": "low" } },
              { count: 2, marks: { "HQ-01": "medium", "HQ-02": "low" } },
            ],
            voided: 1,
          },
          { day: "2026-10-28", ballots: [{ count: 2, marks: { "HQ-01": "low", "HQ-02": null } }], voided: 0 },
        ],
      },
      {
        code: "HQ-T2",
        name: "Thôn 2, Xã Hương Quang",
        commune: "HQ",
        day: "2026-10-28",
        roster: 10,
        officers: [
          { name: "Võ Văn Trưởng", role: "Tổ trưởng" },
          { name: "Bùi Thị Ký", role: "Thư ký" },
        ],
        ballots: [{ count: 4, marks: { "HQ-01": "high" } }],
        voided: 2,
      },
    ],
  };
}

describe("scripts/simulate.ts", () => {
  const dir = mkdtempSync(join(tmpdir(), "tn-simulate-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content, null, 2));
    return path;
  };

  it("simulate - a two-day campaign over HTTP: every minutes passes verify.ts with the officers' keys, the results are the scenario's", () => {
    const out = join(dir, "out");
    const r = run(
      SIMULATE,
      "--scenario",
      file("two-days.json", scenario()),
      "--out",
      out,
      "--concurrency",
      "2",
    );
    expect(r.err).toContain("Kết quả khớp kịch bản");
    expect(r.code).toBe(0);
    // Each day's server has its clock moved, and says so loudly: that announcement reaches whoever
    // runs the simulator (once per day's server), and nothing else of the server's output does.
    const warnings = r.err
      .split("\n")
      .filter((line) => line.includes("⚠ ĐỒNG HỒ GIẢ (CLOCK_OFFSET_SECONDS="));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/giờ máy chủ là .*27\/10\/2026/);
    expect(warnings[1]).toMatch(/giờ máy chủ là .*28\/10\/2026/);
    expect(r.err).toContain(
      "Chỉ dùng để chạy thử hoặc mô phỏng; không bao giờ dùng cho một đợt lấy phiếu thật.",
    );

    const pointDays = ["HQ-T1-2026-10-27", "HQ-T1-2026-10-28", "HQ-T2-2026-10-28"];
    for (const name of pointDays) {
      const minutes = join(out, "minutes", `${name}.json`);
      const v = run(
        VERIFY,
        minutes,
        "--keys",
        join(out, "officers.json"),
        "--pdf",
        join(out, "minutes", `${name}.pdf`),
      );
      expect(v.out, name).toContain("KẾT LUẬN: BIÊN BẢN HỢP LỆ.");
      expect(v.out, name).not.toContain("✗");
      expect(v.code, name).toBe(0);
    }
    // Day 2 of HQ-T1 chains to its day 1 (commitments.previous), which a one-day point never does.
    const day2 = JSON.parse(readFileSync(join(out, "minutes", "HQ-T1-2026-10-28.json"), "utf8"));
    expect(day2.commitments.previous).toMatch(/^[0-9a-f]{64}$/);
    expect(day2.counts).toMatchObject({ roster: 20, issued: 2, collected: 2 });
    const t2 = JSON.parse(readFileSync(join(out, "minutes", "HQ-T2-2026-10-28.json"), "utf8"));
    expect(t2.commitments.previous).toBeNull();
    expect(t2.counts).toMatchObject({ issued: 6, collected: 4, notCollected: 2 });

    // results.json is the served bytes: the canonical form (JCS), not a re-serialisation.
    const bytes = readFileSync(join(out, "results.json"), "utf8");
    const results = JSON.parse(bytes);
    expect(bytes).toBe(canonicalJson(results));
    const official = (code: string) => results.officials.find((o: { code: string }) => o.code === code);
    // HQ-01: 3 high + 4 high; 2 medium; 2 low — over 11 collected ballots at both points.
    expect(official("HQ-01")).toMatchObject({ collected: 11, high: 7, medium: 2, low: 2, blank: 0 });
    // HQ-02: 5 low on day 1; blank on day 2 (null) and at HQ-T2 (left out of marks).
    expect(official("HQ-02")).toMatchObject({ collected: 11, high: 0, medium: 0, low: 5, blank: 6 });
    expect(results.missing).toEqual([]);
    expect(results.points.map((p: { code: string; day: string }) => `${p.code}-${p.day}`).sort()).toEqual(
      pointDays,
    );

    const keys = JSON.parse(readFileSync(join(out, "officers.json"), "utf8"));
    expect(keys.map((k: { code: string }) => k.code).sort()).toEqual([
      "hq-t1-1",
      "hq-t1-2",
      "hq-t2-1",
      "hq-t2-2",
    ]);
  }, 180_000);

  it("simulate - an invalid scenario stops before anything runs, naming each place in the file", () => {
    const bad = scenario();
    const [t1, t2] = bad.points;
    if (!t1?.days?.[1] || !t2) throw new Error("fixture");
    t1.days[1].ballots = [{ count: 30, marks: { "HQ-01": "low", "HQ-02": null, "HT-09": "high" } as never }];
    t2.day = "2026-11-02";
    const out = join(dir, "bad");
    const r = run(SIMULATE, "--scenario", file("bad.json", bad), "--out", out);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "points[0].days[1].ballots[0].marks.HT-09: người này không có trên phiếu của điểm",
    );
    // Day 1's 5 + 1 fit the roster of 20; day 2's 30 ballots take it past: that is the place named.
    expect(r.err).toContain(
      "points[0].days[1].ballots: số phiếu (mọi ngày của điểm cộng lại) là 35 thu về + 1 không thu về = 36, vượt số người trong danh sách của điểm (roster: 20)",
    );
    expect(r.err).toContain("points[1].day: not one of the campaign's days");
    expect(existsSync(join(out, "results.json"))).toBe(false);
  });

  it("simulate --help - the usage on stdout, every flag with what it does, exit 0; an unknown option is named, with the usage, exit 2", () => {
    for (const flag of ["--help", "-h"]) {
      const r = run(SIMULATE, flag);
      expect(r.code, flag).toBe(0);
      expect(r.err, flag).toBe("");
      expect(r.out, flag).toMatch(/^Cách dùng: bun scripts\/simulate\.ts --scenario TỆP --out THƯ_MỤC/);
      for (const name of [
        "--scenario",
        "--out",
        "--db",
        "--url",
        "--board-user",
        "--board-password",
        "--concurrency",
      ]) {
        expect(r.out, `${flag} ${name}`).toMatch(new RegExp(`^  ${name} `, "m"));
      }
      expect(r.out.normalize("NFC")).toBe(r.out);
    }
    const r = run(SIMULATE, "--scenario", "x.json", "--out", join(dir, "unknown"), "--nope");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.split("\n")[0]).toBe("Không có tùy chọn --nope.");
    expect(r.err).toContain("Cách dùng: bun scripts/simulate.ts");
    expect(r.err).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
  });

  it("simulate - a missing or invalid flag names itself, with the usage, exit 2 and no stack trace", () => {
    const cases: [string[], string[]][] = [
      [[], ["--scenario: thiếu tệp kịch bản", "--out: thiếu thư mục ghi kết quả"]],
      [["--scenario", "x.json"], ["--out: thiếu thư mục ghi kết quả"]],
      [["--out", join(dir, "o"), "--scenario="], ["--scenario: thiếu tệp kịch bản"]],
      [["--scenario", "x.json", "--out"], ["--out: thiếu giá trị"]],
      [
        ["--scenario", "x.json", "--out", join(dir, "o"), "--concurrency", "0"],
        ["--concurrency: phải từ 1 đến 64"],
      ],
      [
        ["--scenario", "x.json", "--out", join(dir, "o"), "--url", "ftp://x"],
        ["--url: phải là địa chỉ http:// hoặc https://"],
      ],
    ];
    for (const [args, messages] of cases) {
      const r = run(SIMULATE, ...args);
      const what = args.join(" ") || "(không có tham số)";
      expect(r.code, what).toBe(2);
      for (const m of messages) expect(r.err, what).toContain(m);
      expect(r.err, what).toContain("Cách dùng: bun scripts/simulate.ts");
      expect(r.err, what).not.toContain("Thiếu thông tin này.");
      expect(r.err, what).not.toMatch(/\n\s+at /);
    }
  });

  it("simulate - with --url only one day, the server's own, can run: a two-day scenario is refused with the reason", () => {
    const r = run(
      SIMULATE,
      ...["--scenario", file("two-days-url.json", scenario()), "--out", join(dir, "url")],
      ...["--url", "http://127.0.0.1:9", "--board-user", "bantochuc", "--board-password", "x"],
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain("với --url chỉ chạy được một ngày");
    expect(r.err).toContain("2026-10-27, 2026-10-28");
  });
});
