import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Aggregate, AggregateOfficial } from "../../server/domain/aggregate.ts";
import { toMinutesPdfModel } from "../../server/domain/minutes.ts";
import { CustomRuleSetSchema, RULE_SETS } from "../../server/domain/threshold.ts";
import type { MinutesPdfModel } from "../../server/pdf/minutes-pdf.ts";
import { renderMinutesPdf } from "../../server/pdf/minutes-pdf.ts";
import { makeOfficer, sampleMinutes, signMinutes } from "../minutes-helpers.ts";
import { requirePoppler } from "../pdf/poppler.ts";
import { certifiedResults } from "./results-fixture.ts";

// scripts/verify.ts --pdf: the printed PDF must say what the signed JSON says. Every forged PDF here
// is rendered by the app's own PDF code from altered data under the genuine digest (so its /ID and
// printed code match), never edited byte by byte.

// import.meta.dir is undefined under vitest; vitest runs from the project root (test/vitest.config.ts).
const SCRIPT = join(process.cwd(), "scripts/verify.ts");

function run(...args: string[]) {
  const proc = Bun.spawnSync([process.execPath, SCRIPT, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}

beforeAll(requirePoppler);

const dir = mkdtempSync(join(tmpdir(), "tn-verify-pdf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let serial = 0;
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, `${serial++}-${name}`);
  writeFileSync(path, content);
  return path;
};

/** The official of `a` with this code, changed by `change`; every other row as it was. */
const changeOfficial =
  (code: string, change: (o: AggregateOfficial) => Partial<AggregateOfficial>) =>
  (a: Aggregate): Aggregate => ({
    ...a,
    officials: a.officials.map((o) => (o.code === code ? { ...o, ...change(o) } : o)),
  });

describe("verify CLI --pdf - the board's aggregate PDF beside the certified results", async () => {
  const results = await certifiedResults();
  const json = file("ket-qua-da-ky.json", JSON.stringify(results.signed, null, 2));
  const keys = file("khoa-ban-to-chuc.json", JSON.stringify(results.keys));
  const verifyWith = async (change?: (a: Aggregate) => Aggregate, draft = false) =>
    run(json, "--keys", keys, "--pdf", file("tong-hop.pdf", await results.pdf(change, draft)));
  const [, pct, pct2] = results.aggregate.officials;
  if (!pct || !pct2) throw new Error("fixture");

  it("verify CLI --pdf - the genuine aggregate PDF: every point, the missing one, each official's row with name and outcome, the summary by band; exit 0", async () => {
    const r = await verifyWith();
    expect(r.out).toContain("✓ Mã định danh của tệp PDF khớp");
    expect(r.out).toContain("✓ Mã xác thực in trên PDF khớp");
    // 2 points, their sum, the missing point's count and row, 4 officials, 4 bands.
    expect(r.out).toContain("✓ Số liệu in trên PDF đúng số liệu đã ký (14 mục).");
    expect(r.out).toContain("KẾT LUẬN: KẾT QUẢ TỔNG HỢP HỢP LỆ.");
    // The excused point's day as Vietnamese write it, never ISO.
    expect(r.out).toMatch(/^ {2}- \S+ ngày \d{2}\/\d{2}\/\d{4}: Ban Tổ chức cho phép không tính/mu);
    expect(r.out).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(r.code).toBe(0);
  });

  it("verify CLI --pdf - the draft print of the same numbers (“BẢN DỰ THẢO”) beside the certified results: refused", async () => {
    const r = await verifyWith(undefined, true);
    expect(r.code).toBe(1);
    expect(r.out).toContain("bản in ghi “BẢN DỰ THẢO - CHƯA ĐƯỢC XÁC NHẬN” (phải là bản đã xác nhận)");
  });

  it("verify CLI --pdf - aggregate PDF with a count changed (two marks moved from low to high): refused, naming the official's row", async () => {
    const r = await verifyWith(changeOfficial("PCT", (o) => ({ high: o.high + 2, low: o.low - 2 })));
    expect(r.out).toContain("✓ Mã định danh của tệp PDF khớp");
    expect(r.out).toContain("✓ Mã xác thực in trên PDF khớp");
    expect(r.out).toContain(
      "✗ Số liệu in trên PDF khác số liệu đã ký: dòng của Trần Thị Bích Ngọc (phải là “1 1.234 1.200 34 1.234 300 24,31% 200 16,21% 700 56,73% Quá nửa đến dưới hai phần ba”).",
    );
    expect(r.out).toContain('BẢN PDF KHÔNG PHẢI CỦA KẾT QUẢ NÀY — INVALID: first failing check "pdf_digest"');
    expect(r.code).toBe(1);
  });

  it("verify CLI --pdf - aggregate PDF with the names of two officials of the same position swapped: refused, naming both rows", async () => {
    const r = await verifyWith((a) => ({
      ...a,
      officials: a.officials.map((o) =>
        o.code === "PCT" ? { ...o, name: pct2.name } : o.code === "PCT2" ? { ...o, name: pct.name } : o,
      ),
    }));
    // Rows are found by name wherever the print lists them (the board's order): each name now stands
    // over the other's figures, and both rows are named.
    expect(r.out).toContain(
      "dòng của Trần Thị Bích Ngọc (phải là “1 1.234 1.200 34 1.234 300 24,31% 200 16,21% 700 56,73% Quá nửa đến dưới hai phần ba”)",
    );
    expect(r.out).toContain(
      "dòng của Lê Quốc Hưng (phải là “2 1.332 1.295 37 1.332 210 15,77% 105 7,88% 980 73,57% Từ hai phần ba trở lên”)",
    );
    expect(r.out).toContain(
      "tổng hợp theo mức “Quá nửa đến dưới hai phần ba” (phải là “- Quá nửa đến dưới hai phần ba: 1 người: Trần Thị Bích Ngọc.”)",
    );
    expect(r.code).toBe(1);
  });

  it("verify CLI --pdf - aggregate PDF printing another outcome for the same counts: refused, naming the outcome", async () => {
    const r = await verifyWith(changeOfficial("PCT", () => ({ band: "none" })));
    expect(r.out).toContain(
      "mức phiếu tín nhiệm thấp của Trần Thị Bích Ngọc (phải là “Quá nửa đến dưới hai phần ba”)",
    );
    expect(r.out).toContain("tổng hợp theo mức “Không quá nửa” (phải là “- Không quá nửa: 1 người.”)");
    expect(r.code).toBe(1);
  });

  // The figures used to be searched as substrings: "1 1.234 …" was found inside "11 1.234 …" and
  // inside "1.001 1.234 …" (a dot between thousands, as the PDFs print counts).
  it.each([
    ["11", 11],
    ["1.001", 1001],
  ])(
    "verify CLI --pdf - aggregate PDF whose point count reads %s where the results say 1: refused (numbers are whole tokens)",
    async (_printed, points) => {
      const r = await verifyWith(changeOfficial("CT", () => ({ points })));
      expect(r.out).toContain(
        "✗ Số liệu in trên PDF khác số liệu đã ký: dòng của Nguyễn Văn Ấn (phải là “1 1.234 1.210 24 1.234 1.000 81,04% 150 12,16% 60 4,86% Không quá nửa”)",
      );
      expect(r.code).toBe(1);
    },
  );

  it("verify CLI --pdf - aggregate PDF with a point's count changed, or the missing point left out: refused, naming the point", async () => {
    const point = await verifyWith((a) => ({
      ...a,
      pointDays: a.pointDays.map((p) => (p.code === "HB-01" ? { ...p, collected: 1243 } : p)),
    }));
    expect(point.out).toContain(
      "số liệu của điểm HB-01 ngày 27/10/2026 (phải là “27/10/2026 1.500 1.300 1.234 ",
    );
    expect(point.code).toBe(1);
    const complete = await verifyWith((a) => ({ ...a, missing: [] }));
    expect(complete.out).toContain(
      "số điểm chưa có trong số liệu tổng hợp (phải là “1 điểm lấy phiếu chưa có trong số liệu tổng hợp:”)",
    );
    expect(complete.code).toBe(1);
  });
});

describe("verify CLI --pdf - aggregate PDF under a campaign's own thresholds", async () => {
  // Two-fifths and three-fifths, both "quá": the captions "Quá 2/5 đến không quá 3/5" and "Quá 3/5".
  const ruleSet = CustomRuleSetSchema.parse({
    denominator: "collected",
    thresholds: {
      over_half: { numerator: 2, denominator: 5 },
      two_thirds: { numerator: 3, denominator: 5, comparison: "more_than" },
    },
  });
  const results = await certifiedResults(ruleSet);
  const json = file("ket-qua-rieng.json", JSON.stringify(results.signed));
  const verifyWith = async (change?: (a: Aggregate) => Aggregate) =>
    run(json, "--pdf", file("tong-hop-rieng.pdf", await results.pdf(change)));

  it("verify CLI --pdf - own thresholds: the genuine PDF passes; one printing the lower band's caption over the higher one's counts is refused", async () => {
    const ok = await verifyWith();
    expect(ok.out).toContain("✓ Số liệu in trên PDF đúng số liệu đã ký (14 mục).");
    expect(ok.code).toBe(0);
    // "Quá 2/5 đến không quá 3/5" starts like "Quá 2/5": it must not pass for "Quá 3/5".
    const bad = await verifyWith(changeOfficial("PCT2", () => ({ band: "over_half" })));
    expect(bad.out).toContain("mức phiếu tín nhiệm thấp của Lê Quốc Hưng (phải là “Từ hai phần ba trở lên");
    expect(bad.code).toBe(1);
  });
});

describe("verify CLI --pdf - two officials of the same name and position in different communes", async () => {
  // PCT (Xã Hòa Bình) and PCT2 (Xã Đông Thành) both "Trần Thị Bích Ngọc, Phó Chủ tịch UBND xã", with
  // other figures: the print lists Đông Thành's first, the signed file Hòa Bình's. Each must be read
  // at a row of its own, not both at the first printed.
  const results = await certifiedResults(RULE_SETS["qd96-2023"], { twins: true });
  const json = file("ket-qua-trung-ten.json", JSON.stringify(results.signed));
  const twins = results.aggregate.officials.filter((o) => o.name === "Trần Thị Bích Ngọc");

  it("verify CLI --pdf - same name and position in two communes: the genuine PDF passes; a count changed in one twin's row is refused", async () => {
    expect(twins.map((o) => o.commune)).toEqual(["HB", "DT"]);
    const ok = run(json, "--pdf", file("tong-hop-trung-ten.pdf", await results.pdf()));
    expect(ok.out).toContain("✓ Số liệu in trên PDF đúng số liệu đã ký (14 mục).");
    expect(ok.out).toContain("KẾT LUẬN: KẾT QUẢ TỔNG HỢP HỢP LỆ.");
    expect(ok.code).toBe(0);
    // One twin's row printed with a count changed: still refused, naming the row.
    const bad = run(
      json,
      "--pdf",
      file(
        "tong-hop-trung-ten-sai.pdf",
        await results.pdf(changeOfficial("PCT", (o) => ({ high: o.high + 2, low: o.low - 2 }))),
      ),
    );
    expect(bad.out).toContain("✗ Số liệu in trên PDF khác số liệu đã ký");
    expect(bad.code).toBe(1);
  });
});

describe("verify CLI --pdf - a comparison sign in what the board typed", async () => {
  // The PDF spells "≤" out ("không quá", Noto Serif has no glyph for it): the check expects the
  // same words, not the sign.
  const results = await certifiedResults(RULE_SETS["qd96-2023"], {
    excusalReason: "Số người đến ≤ 10, số cán bộ ≠ đủ; thôn bị ngập lụt",
  });
  const json = file("ket-qua-dau.json", JSON.stringify(results.signed));

  it("verify CLI --pdf - an excusal reason holding '≤' and '≠': the genuine PDF passes", async () => {
    const r = run(json, "--pdf", file("tong-hop-dau.pdf", await results.pdf()));
    expect(r.out).toContain("✓ Số liệu in trên PDF đúng số liệu đã ký (14 mục).");
    expect(r.out).toContain("KẾT LUẬN: KẾT QUẢ TỔNG HỢP HỢP LỆ.");
    expect(r.code).toBe(0);
  });
});

describe("verify CLI --pdf - the minutes PDF", async () => {
  const [tt01, tk02] = await Promise.all([makeOfficer("tt01"), makeOfficer("tk02")]);
  const valid = await signMinutes(sampleMinutes(), [tt01, tk02]);
  const json = file("bien-ban.json", JSON.stringify(valid));
  const extra = {
    issuer: { superior: "Ủy ban nhân dân xã Hòa Bình", name: "Tổ công tác thôn Đồng Tâm", party: false },
    communeName: "xã Hòa Bình cũ",
    newCommuneName: "Xã Hòa Bình",
    ruleSet: RULE_SETS["qd96-2023"],
    checks: [],
  };
  const genuine = toMinutesPdfModel(valid, extra);
  const verifyWith = async (model: MinutesPdfModel) =>
    run(json, "--pdf", file("bien-ban.pdf", await renderMinutesPdf(model)));

  it("verify CLI --pdf - minutes of a one-ballot-per-household campaign (roster in hộ): the genuine PDF passes", async () => {
    const r = await verifyWith(toMinutesPdfModel(valid, { ...extra, rosterUnit: "hộ" }));
    expect(r.out).toContain("✓ Số liệu in trên PDF đúng số liệu đã ký (16 mục).");
    expect(r.code).toBe(0);
  });

  it("verify CLI --pdf - minutes PDF with another roster count: refused, naming the roster line", async () => {
    const r = await verifyWith({ ...genuine, counts: { ...genuine.counts, roster: 1200 } });
    expect(r.out).toContain(
      "số người (hộ) trong danh sách (phải là “Số người trong danh sách ghi phiếu 120 100,00%”)",
    );
    expect(r.code).toBe(1);
  });

  it("verify CLI --pdf - minutes PDF with names swapped between rows, or another outcome printed: refused", async () => {
    const [first, second, ...rest] = genuine.officials;
    if (!first || !second) throw new Error("fixture");
    const swapped = await verifyWith({
      ...genuine,
      officials: [{ ...first, name: second.name }, { ...second, name: first.name }, ...rest],
    });
    expect(swapped.out).toContain("dòng 1: họ tên, chức vụ (phải là “1 Nguyễn Văn Ấn Chủ tịch UBND xã”)");
    expect(swapped.code).toBe(1);
    const outcome = await verifyWith({
      ...genuine,
      officials: [{ ...first, band: "over_half" }, second, ...rest],
    });
    expect(outcome.out).toContain(
      "✗ Số liệu in trên PDF khác số liệu đã ký: mức phiếu tín nhiệm thấp của Nguyễn Văn Ấn (phải là “Không quá nửa”).",
    );
    expect(outcome.code).toBe(1);
  });

  it.each([
    [
      "another point",
      (m: MinutesPdfModel) => ({ ...m, point: { ...m.point, code: "HB-02" } }),
      "tên và mã điểm lấy phiếu",
    ],
    [
      "another day",
      (m: MinutesPdfModel) => ({ ...m, day: "2026-10-28" }),
      "ngày lấy phiếu (phải là “Ngày lấy phiếu: 27/10/2026.”)",
    ],
    [
      "another officer",
      (m: MinutesPdfModel) => ({
        ...m,
        officers: m.officers.map((o) => (o.code === "tk02" ? { ...o, name: "Đỗ Văn Khác" } : o)),
      }),
      "cán bộ tk02 trong tổ công tác (phải là “2 Đỗ Thị Thư tk02 Thư ký”)",
    ],
    [
      "another ballots commitment",
      (m: MinutesPdfModel) => ({
        ...m,
        commitments: {
          config: "a".repeat(64),
          roster: "b".repeat(64),
          ballots: "d".repeat(64),
          previous: null,
        },
      }),
      "mã băm các phiếu",
    ],
  ])("verify CLI --pdf - minutes PDF naming %s: refused", async (_name, forge, message) => {
    const r = await verifyWith(forge(genuine));
    expect(r.out).toContain(`✗ Số liệu in trên PDF khác số liệu đã ký: ${message}`);
    expect(r.code).toBe(1);
  });
});
