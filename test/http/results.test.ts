import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../server/crypto/digest.ts";
import { verifyBytes } from "../../server/crypto/keys.ts";
import { paths } from "../../server/http/paths.ts";
import { reopenMinutes } from "../../server/services/close.ts";
import { signMinutes } from "../../server/services/minutes.ts";
import { excusePointDay } from "../../server/services/results.ts";
import { verifyPointDay } from "../../server/services/verify-points.ts";
import { openPoint } from "../../server/services/voting.ts";
import { aggregateCampaign, DAY, NEXT_DAY, tamperOneBallot } from "../aggregate-helpers.ts";
import { Client, makeApp, PASSWORD, type TestApp, unwrap } from "../helpers.ts";
import { htmx } from "../voting-helpers.ts";

async function boardClient(t: TestApp): Promise<Client> {
  const board = new Client(t, "192.0.2.30");
  const res = await board.login("bantochuc");
  if (res.status !== 303) throw new Error(`board login failed: ${res.status}`);
  return board;
}

type Official = {
  code: string;
  points: number;
  collected: number;
  valid: number;
  blank: number;
  high: number;
  medium: number;
  low: number;
  denominator: number;
  band: string;
  percent: { high: string | null; medium: string | null; low: string | null };
};

/** The figures a board member's results page shows (the certify form's SHA-256 of results.json). */
async function shownDigest(board: Client): Promise<string> {
  const html = await (await board.get(paths.results.page)).text();
  return html.match(/name="digest" value="([0-9a-f]{64})"/)?.[1] ?? "";
}

/** A "Không tính" form as the results page fills it: the reason typed, and the state its row showed. */
async function seenRow(
  board: Client,
  code: string,
  fields: Record<string, string>,
): Promise<Record<string, string>> {
  const html = await (await board.get(paths.results.page)).text();
  const row = html.match(new RegExp(`<tr data-missing-point="${code}">[\\s\\S]*?</tr>`))?.[0] ?? "";
  return { ...fields, "tinh-trang": row.match(/name="tinh-trang" value="(\w+)"/)?.[1] ?? "" };
}

/** "Không tính" pressed for point `code` on `day` on the results page as it reads now. */
async function excuseFrom(
  board: Client,
  pointId: number,
  code: string,
  day: string,
  fields: Record<string, string>,
) {
  return board.post(paths.results.excuse(pointId, day), await seenRow(board, code, fields), htmx);
}

/** To 09:00 of the next voting day in Vietnam (NEXT_DAY; T0 is 08:00 of DAY), the board logged in again. */
async function passToNextDay(t: TestApp, board: Client): Promise<void> {
  t.clock.advance(25 * 60 * 60_000);
  expect((await board.login("bantochuc")).status).toBe(303);
}

describe("the board's results (issue #11 §3–5)", () => {
  it("results page - totals over verified minutes, the over-half official flagged with the rule quoted, missing points listed, filters and drill-down", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll(["PD-T1"]);
    const board = await boardClient(t);
    const html = await (await board.get(paths.results.page)).text();
    // HQ-02: 5 of 8 "tín nhiệm thấp" over two points → over half, with the QĐ 96 consequence quoted.
    expect(html).toMatch(/data-official="HQ-02" data-band="over_half"/);
    expect(html).toContain('data-rule-for="HQ-02"');
    expect(html).toContain("Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị");
    expect(html).toContain("Đưa ra khỏi quy hoạch các chức vụ cao hơn");
    // HQ-01: exactly half over three points of two old communes → not flagged.
    expect(html).toMatch(/data-official="HQ-01" data-band="none"/);
    expect(html).not.toContain('data-rule-for="HQ-01"');
    // PD-T1 (closed, unsigned) and HQ-T3 (tomorrow) are missing, with their reasons.
    expect(html).toContain('data-missing-point="PD-T1"');
    expect(html).toContain("Biên bản chưa đủ chữ ký");
    expect(html).toContain('data-missing-point="HQ-T3"');
    expect(html).toContain("Điểm chưa mở trong ngày này.");
    // A link to each point's minutes page, whose way back leads here (from Tiến độ, back there).
    const link = `${paths.boardMinutes.view(c.pointId("HQ-T1"), DAY)}?tu=ket-qua`;
    expect(html).toContain(link);
    const back = (page: string) =>
      /<a [^>]*href="([^"]+)"[^>]*>[^<]*Quay lại trang (kết quả|tiến độ)/.exec(page);
    expect(back(await (await board.get(link)).text())?.slice(1)).toEqual([paths.results.page, "kết quả"]);
    const fromProgress = await (await board.get(paths.boardMinutes.view(c.pointId("HQ-T1"), DAY))).text();
    expect(back(fromProgress)?.slice(1)).toEqual([paths.board.progress, "tiến độ"]);

    // Filters: the new commune Xã Phong Thu holds only PD; the old commune HT only HT-01.
    const phongThu = await (
      await board.get(`${paths.results.page}?xa-moi=${encodeURIComponent("Xã Phong Thu")}`)
    ).text();
    expect(phongThu).toContain('data-official="PD-01"');
    expect(phongThu).not.toContain('data-official="HQ-01"');
    expect(phongThu).not.toContain('data-point="HQ-T1"');
    // A commune the campaign does not have: said, and the whole campaign shown.
    const unknown = await (
      await board.get(`${paths.results.page}?xa=${encodeURIComponent("<b>ZZ</b>")}`)
    ).text();
    expect(unknown).toContain(
      "Không có xã “&lt;b&gt;ZZ&lt;/b&gt;” trong đợt lấy phiếu này, nên bộ lọc đó không được dùng.",
    );
    expect(unknown).toContain('data-official="HQ-01"');
    const ht = await (await board.get(`${paths.results.page}?xa=HT`)).text();
    expect(ht).toContain('data-official="HT-01"');
    expect(ht).not.toContain('data-official="HQ-02"');
    expect(ht).toContain('data-point="HT-T1"');
    // "Kiểm tra tất cả" under a filter answers with the section under the same filter.
    expect(ht).toContain(`action="${paths.results.verifyAll}?xa=HT"`);
    const rechecked = await (await board.post(`${paths.results.verifyAll}?xa=HT`, {}, htmx)).text();
    expect(rechecked).toContain('data-official="HT-01"');
    expect(rechecked).not.toContain('data-official="HQ-02"');

    // Drill-down: HQ-01 at three points, two-thirds at two of them, none in the aggregate.
    const hq01 = await (await board.get(paths.results.official("HQ-01"))).text();
    expect(hq01.match(/data-contribution="/g)).toHaveLength(3);
    expect(hq01).toContain('data-contribution="HT-T1"');
    expect(hq01).toContain("Từ hai phần ba trở lên");
    expect(hq01).toContain('data-result="none"');
    // Two point-days are missing (PD-T1 unsigned, HQ-T3 tomorrow); only HQ-T3's ballot rates HQ-01,
    // and none of them rates HT-01: each page counts only what its result lacks.
    expect(hq01).toContain("Kết quả dưới đây không gồm 1 điểm lấy phiếu (theo ngày) có người này trên phiếu");
    const ht01 = await (await board.get(paths.results.official("HT-01"))).text();
    expect(ht01).not.toContain("không gồm");
    expect((await board.get(paths.results.official("KHONG-CO"))).status).toBe(404);

    // "Kiểm tra tất cả" over htmx: the section comes back with the outcome.
    tamperOneBallot(t, c.pointId("HT-T1"), DAY);
    const checked = await board.post(paths.results.verifyAll, {}, htmx);
    expect(checked.status).toBe(200);
    const after = await checked.text();
    expect(after).toContain("1 có sai lệch");
    expect(after).toContain('data-missing-point="HT-T1"');
    expect(after).toContain("Có sai lệch — Cam kết phiếu trong hòm phiếu");
  });

  it("results filter - two choices that contradict each other say so and how to choose again; under a filter the status line, downloads and SHA-256 say they are the whole campaign's", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll(["PD-T1"]);
    const board = await boardClient(t);
    const page = async (query: string) => (await board.get(`${paths.results.page}${query}`)).text();
    /** What a person reads: the page's text without its tags. */
    const words = (html: string) =>
      html
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .replace(/ ([.,:;])/g, "$1");
    const json = await (await board.get(paths.results.json)).text();

    // Xã Hương Quang (HQ) became part of Xã Quang Thọ, not of Xã Phong Thu: nothing can match both.
    const contradiction = await page(`?xa-moi=${encodeURIComponent("Xã Phong Thu")}&xa=HQ`);
    expect(words(contradiction)).toContain(
      "Bộ lọc không chọn được xã nào, nên không có kết quả nào để hiện. Xã Hương Quang (trước sáp nhập) thuộc Xã Quang Thọ, không thuộc Xã Phong Thu. Hãy chọn lại một trong hai ô, hoặc: Xem riêng Xã Hương Quang Xem riêng Xã Phong Thu Bỏ lọc, xem toàn đợt",
    );
    expect(contradiction).toContain(`href="${paths.results.page}?xa=HQ"`);
    // No empty tables under it.
    expect(contradiction).not.toContain("<table data-officials");
    expect(contradiction).not.toContain("<table data-points");

    // A filter that keeps something: the tables follow it, and the page says what does not.
    const phongThu = await page(`?xa-moi=${encodeURIComponent("Xã Phong Thu")}`);
    const filtered = words(phongThu);
    expect(filtered).toMatch(/\d+\/5 điểm lấy phiếu \(theo ngày\) của toàn đợt, không theo bộ lọc\./);
    expect(filtered).toContain(
      "Các tệp tải về (PDF, Excel, CSV, JSON) luôn gồm toàn đợt, không theo bộ lọc bên dưới.",
    );
    expect(filtered).toContain(
      "Đang lọc: Xã Phong Thu. Các bảng dưới đây chỉ gồm xã đã chọn; dòng trạng thái ở trên, các tệp tải về và mã số liệu SHA-256 vẫn tính cho toàn đợt.",
    );
    expect(filtered).toContain(
      `Mã số liệu của toàn đợt, không theo bộ lọc (SHA-256 của results.json): ${sha256Hex(json)}`,
    );
    expect(filtered).not.toContain("Bộ lọc không chọn được xã nào");
    expect(phongThu).toContain('data-point="PD-T1"');
    expect(phongThu).not.toContain('data-point="HQ-T1"');
    // The downloads are the whole campaign's whatever the page shows.
    expect(await (await board.get(paths.results.json)).text()).toBe(json);

    // Without a filter the page does not talk about one.
    const all = words(await page(""));
    expect(all).toMatch(/\d+\/5 điểm lấy phiếu \(theo ngày\) của toàn đợt\. /);
    expect(all).not.toContain("không theo bộ lọc");
    expect(all).not.toContain("Đang lọc");
    expect(all).toContain(`Mã số liệu (SHA-256 của results.json): ${sha256Hex(json)}`);
  });

  it("exports - results.json has exactly the contract's shape; the CSV and the XLSX read back give the same numbers; the PDF's text", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll(["PD-T1"]);
    const board = await boardClient(t);
    const res = await board.get(paths.results.json);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    const text = await res.text();
    const doc = JSON.parse(text);
    expect(Object.keys(doc).sort()).toEqual([
      "campaign",
      "missing",
      "officials",
      "points",
      "ruleSet",
      "version",
    ]);
    expect(doc.campaign).toEqual({
      code: "VQ-AGG",
      name: "Lấy phiếu tín nhiệm các xã sáp nhập",
      aggregator: "Ban Tổ chức Huyện ủy",
    });
    expect(doc.ruleSet).toEqual({
      id: "qd96-2023",
      denominator: "collected",
      source: "Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị",
    });
    const byCode = new Map<string, Official>(doc.officials.map((o: Official) => [o.code, o]));
    expect(Object.keys(doc.officials[0]).sort()).toEqual(
      [
        "code",
        "name",
        "position",
        "commune",
        "points",
        "collected",
        "valid",
        "blank",
        "high",
        "medium",
        "low",
        "denominator",
        "band",
        "percent",
      ].sort(),
    );
    expect(byCode.get("HQ-01")).toMatchObject({
      commune: "HQ",
      points: 3,
      collected: 12,
      valid: 11,
      blank: 1,
      high: 5,
      medium: 0,
      low: 6,
      denominator: 12,
      band: "none",
      percent: { high: "41,67", medium: "0,00", low: "50,00" },
    });
    expect(byCode.get("HQ-02")).toMatchObject({
      points: 2,
      collected: 8,
      low: 5,
      band: "over_half",
      percent: { low: "62,50" },
    });
    // PD-T1 unsigned: PD-01 has no verified minutes, so no votes and no percentage.
    expect(byCode.get("PD-01")).toMatchObject({
      points: 0,
      collected: 0,
      denominator: 0,
      band: "no_votes",
      percent: { high: null, medium: null, low: null },
    });
    expect(doc.points).toHaveLength(5);
    expect(Object.keys(doc.points[0]).sort()).toEqual(
      ["code", "day", "state", "roster", "issued", "collected", "minutesDigest", "verified"].sort(),
    );
    expect(doc.points.find((p: { code: string }) => p.code === "HQ-T1")).toMatchObject({
      day: DAY,
      state: "verified",
      roster: 10,
      issued: 4,
      collected: 4,
      verified: true,
    });
    expect(
      doc.missing.map((m: { code: string; day: string; state: string }) => [m.code, m.day, m.state]),
    ).toEqual([
      ["HQ-T3", NEXT_DAY, "not_opened"],
      ["PD-T1", DAY, "unsigned"],
    ]);
    for (const o of doc.officials) {
      for (const k of ["points", "collected", "valid", "blank", "high", "medium", "low", "denominator"]) {
        expect(Number.isSafeInteger(o[k])).toBe(true);
      }
    }

    // CSV: BOM, the same numbers, a formula-looking name neutralised.
    const csvRes = await board.get(paths.results.csv);
    expect(csvRes.headers.get("Content-Type")).toContain("text/csv");
    const csvBytes = new Uint8Array(await csvRes.arrayBuffer());
    expect([...csvBytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(new TextDecoder().decode(csvBytes), {
      bom: true,
      relax_column_count: true,
    });
    const header = rows[0] ?? [];
    const col = (name: string) => header.indexOf(name);
    const csvOfficials = rows.slice(1, 1 + doc.officials.length);
    for (const row of csvOfficials) {
      const o = byCode.get(row[col("Mã")] ?? "");
      if (!o) throw new Error(`unknown official ${row[0]}`);
      expect(Number(row[col("Phiếu thu về")])).toBe(o.collected);
      expect(Number(row[col("Tín nhiệm thấp")])).toBe(o.low);
      expect(Number(row[col("Mẫu số")])).toBe(o.denominator);
      expect(row[col("Tỉ lệ tín nhiệm thấp (%)")]).toBe(o.percent.low ?? "");
      expect(row[col("Mã mức")]).toBe(o.band);
    }
    const pd = csvOfficials.find((r) => r[0] === "PD-01");
    expect(pd?.[col("Họ và tên")]).toBe("'=Ngô Văn Ẩn");
    expect(pd?.[col("Chức vụ")]).toBe("'+Phó Chủ tịch UBND xã");
    expect(rows.flat()).toContain(
      "Biên bản chưa đủ chữ ký (mới có 0; cần ít nhất 2 cán bộ, trong đó có Tổ trưởng).",
    );

    // XLSX read back with exceljs.
    const xlsxRes = await board.get(paths.results.xlsx);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsxRes.arrayBuffer());
    const sheet = book.getWorksheet("Kết quả");
    if (!sheet) throw new Error("no results sheet");
    const xHeader = (sheet.getRow(1).values as unknown[]).slice(1);
    const xcol = (name: string) => xHeader.indexOf(name) + 1;
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const o = byCode.get(String(row.getCell(xcol("Mã")).value));
      if (!o) throw new Error(`unknown official at row ${r}`);
      expect(row.getCell(xcol("Phiếu thu về")).value).toBe(o.collected);
      expect(row.getCell(xcol("Tín nhiệm thấp")).value).toBe(o.low);
      expect(row.getCell(xcol("Hợp lệ")).value).toBe(o.valid);
      expect(row.getCell(xcol("Tỉ lệ tín nhiệm thấp (%)")).value).toBe(o.percent.low ?? "");
    }
    expect(sheet.rowCount - 1).toBe(doc.officials.length);
    // Dates built with Date.UTC: 27/10/2026 stays 27/10/2026.
    const points = book.getWorksheet("Điểm lấy phiếu");
    const day = points?.getRow(2).getCell(4).value;
    expect(day instanceof Date && day.toISOString()).toBe("2026-10-27T00:00:00.000Z");
    expect(book.getWorksheet("Chưa tổng hợp")?.rowCount).toBe(3);
    expect(book.getWorksheet("Căn cứ")?.getRow(7).getCell(2).value).toBe(sha256Hex(text));

    // The aggregate PDF: deterministic, its text read back by poppler.
    const pdf1 = new Uint8Array(await (await board.get(paths.results.pdf)).arrayBuffer());
    const pdf2 = new Uint8Array(await (await board.get(paths.results.pdf)).arrayBuffer());
    expect(sha256Hex(pdf1)).toBe(sha256Hex(pdf2));
    const dir = mkdtempSync(join(tmpdir(), "tn-results-"));
    try {
      writeFileSync(join(dir, "r.pdf"), pdf1);
      const pdfText = execFileSync("pdftotext", ["-raw", join(dir, "r.pdf"), "-"], { encoding: "utf8" });
      expect(pdfText).toContain("BIÊN BẢN TỔNG HỢP KẾT QUẢ LẤY PHIẾU TÍN NHIỆM");
      expect(pdfText).toContain("BẢN DỰ THẢO - CHƯA ĐƯỢC XÁC NHẬN");
      expect(pdfText).toContain("Đặng Quang Long");
      expect(pdfText).toContain("Quá nửa đến dưới hai phần ba");
      expect(pdfText).toContain("2 điểm lấy phiếu chưa có trong số liệu tổng hợp");
      expect(pdfText).toContain("Thôn Tây, Xã Phong Điền (PD-T1)");
      expect(pdfText).toContain("HUYỆN ỦY HƯƠNG TRÀ");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("certification - wrong passwords at “Tạo khóa ký” and at certifying are audited and slowed per member: the second warns, the third starts the wait", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll();
    const board = await boardClient(t);
    expect((await board.post(paths.results.makeKey, { password: "sai-1" }, htmx)).status).toBe(409);
    const warned = await (await board.post(paths.results.makeKey, { password: "sai-2" }, htmx)).text();
    expect(warned).toContain("Nếu nhập sai thêm 1 lần, phải chờ 30 giây");
    // Said under the password just typed, in the "Xác nhận kết quả" section, not at the page's top.
    expect(warned.indexOf("Nếu nhập sai thêm")).toBeGreaterThan(warned.indexOf('id="certify-title"'));
    expect(warned.indexOf("Kiểm tra tất cả")).toBeGreaterThan(-1);
    expect(warned.indexOf("Nếu nhập sai thêm")).toBeGreaterThan(warned.indexOf("Kiểm tra tất cả"));
    // The right password makes the key and forgets the two mistakes.
    expect((await board.post(paths.results.makeKey, { password: PASSWORD }, htmx)).status).toBe(200);
    await passToNextDay(t, board);
    await excuseFrom(board, c.pointId("HQ-T3"), "HQ-T3", NEXT_DAY, {
      reason: "Thôn 3 bị ngập lụt, không tổ chức lấy phiếu được",
    });
    const certify = async (password: string) =>
      board.post(paths.results.certify, { digest: await shownDigest(board), password }, htmx);
    expect(await (await certify("sai-3")).text()).not.toContain("Nếu nhập sai thêm");
    expect(await (await certify("sai-4")).text()).toContain("Nếu nhập sai thêm 1 lần");
    const third = await certify("sai-5");
    expect(third.status).toBe(409);
    expect(await third.text()).toContain("vui lòng chờ 30 giây");
    const locked = await certify(PASSWORD);
    expect(locked.status).toBe(429);
    expect(await locked.clone().text()).toContain(
      "Mật khẩu đã bị nhập sai nhiều lần (khi xác nhận kết quả, tạo khóa ký hoặc đổi mật khẩu).",
    );
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(t.store.campaigns.current()?.state).not.toBe("certified");
    const actions = t.store.audit.list().map((e) => e.action);
    expect(actions.filter((a) => a === "board.key.create.failed")).toHaveLength(2);
    expect(actions.filter((a) => a === "campaign.certify.failed")).toHaveLength(3);
    t.clock.advance(31_000);
    expect((await certify(PASSWORD)).status).toBe(200);
    expect(t.store.campaigns.current()?.state).toBe("certified");
  });

  it("certification - refused while a point is unverified and not excused; with every point verified or excused, a board member signs with their own key and the campaign is read-only", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll(["PD-T1"]);
    const board = await boardClient(t);

    // No key yet: the page offers "Tạo khóa ký"; a wrong password makes none.
    expect(await (await board.get(paths.results.page)).text()).toContain("Tạo khóa ký");
    expect((await board.post(paths.results.makeKey, { password: "sai" }, htmx)).status).toBe(409);
    const made = await board.post(paths.results.makeKey, { password: PASSWORD }, htmx);
    expect(made.status).toBe(200);
    const madeHtml = await made.text();
    expect(madeHtml).toContain("Đã tạo khóa ký");
    // The new key's fingerprint is said once, beside "Khóa ký của bạn", not again in the answer.
    const fingerprint = /Khóa ký của bạn: ([0-9A-F]{4}(?: [0-9A-F]{4})+)/.exec(madeHtml)?.[1] ?? "";
    expect(fingerprint).not.toBe("");
    expect(madeHtml.split(fingerprint).length - 1).toBe(1);

    // PD-T1 unsigned and HQ-T3 not opened: refused, naming both.
    const refused = await board.post(paths.results.certify, { password: PASSWORD }, htmx);
    expect(refused.status).toBe(409);
    const why = await refused.text();
    expect(why).toContain("PD-T1");
    expect(why).toContain("HQ-T3");
    // HQ-T3 votes tomorrow: the advice is to wait for it, not to leave it out; "Không tính" is
    // offered only for a point that could not vote (PD-T1's minutes just lack a signature).
    expect(why).toContain(
      "1 điểm chưa đến ngày lấy phiếu (HQ-T3 ngày 28/10/2026): chờ các điểm này lấy phiếu, kết thúc và ký biên bản rồi mới xác nhận.",
    );
    expect(why).toContain(
      "1 điểm đã kết thúc nhưng biên bản chưa lập hoặc chưa đủ chữ ký (PD-T1 ngày 27/10/2026): chờ tổ công tác lập và ký đủ biên bản, rồi bấm “Kiểm tra tất cả”.",
    );
    expect(why).not.toContain("chưa được Ban Tổ chức cho phép không tính");
    expect(t.store.campaigns.current()?.state).toBe("voting");

    // HQ-T3 votes tomorrow: it cannot be left out yet (certifying would end the campaign before
    // its day).
    const early = await excuseFrom(board, c.pointId("HQ-T3"), "HQ-T3", NEXT_DAY, {
      reason: "Thôn 3 bị ngập lụt, không tổ chức lấy phiếu được",
    });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain(
      "Điểm HQ-T3 lấy phiếu ngày 28/10/2026: chỉ không tính được điểm đó từ 08:00 ngày ấy nếu điểm chưa mở.",
    );
    expect(t.store.results.excusals().size).toBe(0);
    // The page offers no "Không tính" for it yet, and says why.
    const before = await (await board.get(paths.results.page)).text();
    expect(before).toContain("Chưa đến ngày lấy phiếu");
    expect(before).not.toContain(`action="${paths.results.excuse(c.pointId("HQ-T3"), NEXT_DAY)}"`);

    // Just after midnight of its day it is not late yet either: its team opens in the morning.
    t.clock.advance((16 * 60 + 5) * 60_000);
    expect((await board.login("bantochuc")).status).toBe(303);
    const midnight = await excuseFrom(board, c.pointId("HQ-T3"), "HQ-T3", NEXT_DAY, {
      reason: "Thôn 3 bị ngập lụt, không tổ chức lấy phiếu được",
    });
    expect(midnight.status).toBe(409);
    expect(await midnight.text()).toContain("Chưa đến 08:00");
    // At 09:00 HQ-T3 still has not opened. An excusal needs a reason: excused with one. PD-T1's team signs.
    t.clock.advance((8 * 60 + 55) * 60_000);
    expect((await board.login("bantochuc")).status).toBe(303);
    const noReason = await excuseFrom(board, c.pointId("HQ-T3"), "HQ-T3", NEXT_DAY, { reason: "x" });
    expect(noReason.status).toBe(409);
    // The answer is under the row whose "Không tính" was pressed, not at the top of the long page,
    // and what was typed is still in the field.
    const at = `excuse:${c.pointId("HQ-T3")}:${NEXT_DAY}`;
    const answerRow = (html: string) =>
      html.slice(html.indexOf(`data-missing-point="HQ-T3"`)).split("</tr>")[1] ?? "";
    const refusedHtml = await noReason.text();
    expect(answerRow(refusedHtml)).toContain(`data-excuse-answer="${at}"`);
    expect(answerRow(refusedHtml)).toContain("Ghi rõ lý do không tính điểm này (ít nhất 10 ký tự).");
    expect(refusedHtml.split("Ghi rõ lý do không tính điểm này").length - 1).toBe(1);
    expect(refusedHtml).toMatch(/id="reason-\d+-2026-10-28"[^>]*value="x"[^>]*autofocus/);
    const excused = await excuseFrom(board, c.pointId("HQ-T3"), "HQ-T3", NEXT_DAY, {
      reason: "Thôn 3 bị ngập lụt, không tổ chức lấy phiếu được",
    });
    expect(excused.status).toBe(200);
    const excusedHtml = await excused.text();
    expect(answerRow(excusedHtml)).toContain("Đã ghi: điểm này không tính vào số liệu tổng hợp");
    // Focused after the swap, which brings it into view where the section was redrawn.
    expect(answerRow(excusedHtml)).toMatch(/<p class="alert alert-ok row-note"[^>]*autofocus/);
    expect(excusedHtml.split("Đã ghi: điểm này không tính").length - 1).toBe(1);
    // Its row says so beside its state, as Tiến độ does.
    const excusedRow = excusedHtml.match(/<tr data-missing-point="HQ-T3">[\s\S]*?<\/tr>/)?.[0] ?? "";
    expect(excusedRow).toContain("· Không tính (có lý do)");
    // Left out by the board, HQ-T3 cannot open afterwards and take ballots that would then count.
    const lateOpen = openPoint(
      t,
      { name: "hq-t3-1", address: null },
      { campaignId: c.campaign.id, pointId: c.pointId("HQ-T3") },
    );
    expect(lateOpen.ok ? "opened" : lateOpen.error.code).toBe("excused");
    if (!lateOpen.ok)
      expect(lateOpen.error.message).toContain(
        "Ban Tổ chức đã quyết định không tính điểm này trong ngày hôm nay",
      );
    expect(t.store.voting.pointDay(c.pointId("HQ-T3"), NEXT_DAY)).toBeNull();
    await c.sign("PD-T1");
    // "Tiến độ" says it too, beside the state.
    const progress = await (await board.get(paths.board.progress)).text();
    const row =
      progress.slice(progress.indexOf(`data-point-day="HQ-T3 ${NEXT_DAY}"`)).split("</tr>")[0] ?? "";
    expect(row).toContain("Không tính (có lý do)");

    const certified = await board.post(
      paths.results.certify,
      { digest: await shownDigest(board), password: PASSWORD },
      htmx,
    );
    expect(certified.status).toBe(200);
    expect(await certified.text()).toContain("Đã xác nhận kết quả tổng hợp");
    const campaign = t.store.campaigns.current();
    expect(campaign?.state).toBe("certified");
    expect(t.store.audit.list().map((e) => e.action)).toEqual(
      expect.arrayContaining(["point.excuse", "board.key.create", "campaign.close", "campaign.certify"]),
    );

    // The excusal's reason is on every output.
    const json = await (await board.get(paths.results.json)).text();
    expect(JSON.parse(json).missing).toEqual([
      {
        code: "HQ-T3",
        day: NEXT_DAY,
        state: "not_opened",
        reason:
          "Ban Tổ chức cho phép không tính: Thôn 3 bị ngập lụt, không tổ chức lấy phiếu được (Điểm chưa mở trong ngày này.)",
        excused: {
          reason: "Thôn 3 bị ngập lụt, không tổ chức lấy phiếu được",
          by: "bantochuc",
          at: "2026-10-28T02:00:00.000Z",
        },
      },
    ]);
    expect(await (await board.get(paths.results.csv)).text()).toContain("Thôn 3 bị ngập lụt");

    // The signed aggregate: the results document plus the member's Ed25519 signature over its JCS.
    const signed = JSON.parse(await (await board.get(paths.results.signed)).text());
    const { signatures, ...unsigned } = signed;
    expect(unsigned).toEqual(JSON.parse(json));
    expect(sha256Hex(json)).toBe(t.store.results.certification(campaign?.id ?? 0)?.digest);
    expect(signatures).toHaveLength(1);
    expect(signatures[0].member).toBe("bantochuc");
    const keys = JSON.parse(await (await board.get(paths.results.boardKeys)).text());
    expect(keys[0].publicKey).toBe(signatures[0].publicKey);
    expect(
      await verifyBytes(signatures[0].publicKey, new TextEncoder().encode(json), signatures[0].signature),
    ).toBe(true);

    // The certified PDF says so and has no draft mark.
    const dir = mkdtempSync(join(tmpdir(), "tn-results-"));
    try {
      writeFileSync(
        join(dir, "r.pdf"),
        new Uint8Array(await (await board.get(paths.results.pdf)).arrayBuffer()),
      );
      const pdfText = execFileSync("pdftotext", ["-raw", join(dir, "r.pdf"), "-"], { encoding: "utf8" });
      expect(pdfText).not.toContain("BẢN DỰ THẢO");
      expect(pdfText.replace(/\s+/g, " ")).toContain("Thôn 3 bị ngập lụt, không tổ chức lấy phiếu được");
      // scripts/verify.ts checks the signed results like minutes: keys, arithmetic, the PDF's digest.
      writeFileSync(join(dir, "signed.json"), JSON.stringify(signed, null, 2));
      writeFileSync(join(dir, "keys.json"), JSON.stringify(keys));
      const verify = (...args: string[]) => {
        const proc = Bun.spawnSync([process.execPath, join(process.cwd(), "scripts/verify.ts"), ...args], {
          stdout: "pipe",
          stderr: "pipe",
        });
        return { code: proc.exitCode, out: proc.stdout.toString() };
      };
      const good = verify(
        join(dir, "signed.json"),
        "--keys",
        join(dir, "keys.json"),
        "--pdf",
        join(dir, "r.pdf"),
      );
      expect(good.out).toContain("KẾT LUẬN: KẾT QUẢ TỔNG HỢP HỢP LỆ.");
      expect(good.code).toBe(0);
      const forged = {
        ...signed,
        officials: signed.officials.map((o: Official) =>
          o.code === "HQ-02" ? { ...o, low: 4, medium: 1 } : o,
        ),
      };
      writeFileSync(join(dir, "forged.json"), JSON.stringify(forged));
      const bad = verify(join(dir, "forged.json"), "--keys", join(dir, "keys.json"));
      expect(bad.code).toBe(1);
      expect(bad.out).toContain('first failing check "signature"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // A second "Xác nhận" from a page left open says why it is refused, where it was pressed.
    const again = await board.post(paths.results.certify, { password: PASSWORD }, htmx);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Kết quả đã được xác nhận: đợt lấy phiếu chỉ còn để xem.");
    // Read-only: no reopening, no late signature, no excusal, no second certification.
    const boardActor = { name: "bantochuc", address: null };
    const reopen = reopenMinutes(t, boardActor, {
      campaignId: campaign?.id ?? 0,
      pointId: c.pointId("HQ-T1"),
      day: DAY,
      reason: "Thử mở lại sau khi xác nhận",
    });
    expect(!reopen.ok && reopen.error.code).toBe("certified");
    // …and the board's minutes page no longer offers it.
    const minutesPage = await (await board.get(paths.boardMinutes.view(c.pointId("HQ-T1"), DAY))).text();
    expect(minutesPage).toContain("Biên bản");
    expect(minutesPage).not.toContain("Mở lại biên bản");
    const extra = c.officersOf("HQ-T1")[0];
    const late = await signMinutes(t, boardActor, {
      userId: extra?.userId ?? 0,
      pointId: c.pointId("HQ-T1"),
      day: DAY,
      password: PASSWORD,
    });
    expect(!late.ok && late.error.code).toBe("certified");
    expect((await board.post(paths.results.certify, { password: PASSWORD }, htmx)).status).toBe(409);
    expect(() => t.store.db.run("DELETE FROM certifications")).toThrow(/immutable/);

    // A later check still runs, and a tampering after certification shows on the page.
    tamperOneBallot(t, c.pointId("HQ-T1"), DAY);
    const page = await (await board.post(paths.results.verifyAll, {}, htmx)).text();
    expect(page).toContain("KHÁC bản đã xác nhận");
  });

  it("certification refused - each point-day in the way with what to do about it: a day to come or a point opening this morning is waited for, a point not open on its day may still open, a day passed without opening is left out, unsigned minutes are signed, discrepant ones reopened", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    // 08:00 of DAY: PD-T1's minutes are unsigned, HT-T1's found discrepant; HQ-T3 votes tomorrow.
    await c.closeAndSignAll(["PD-T1"]);
    tamperOneBallot(t, c.pointId("HT-T1"), DAY);
    const board = await boardClient(t);
    expect((await board.post(paths.results.verifyAll, {}, htmx)).status).toBe(200);
    expect((await board.post(paths.results.makeKey, { password: PASSWORD }, htmx)).status).toBe(200);
    /** The refusal as the "Xác nhận kết quả" section says it, after moving the clock on. */
    const refusal = async (minutes: number) => {
      t.clock.advance(minutes * 60_000);
      expect((await board.login("bantochuc")).status).toBe(303);
      const res = await board.post(paths.results.certify, { password: PASSWORD }, htmx);
      expect(res.status).toBe(409);
      const html = await res.text();
      return html.slice(html.indexOf('id="certify-title"'));
    };

    const today = await refusal(0);
    expect(today).toContain(
      "1 điểm có biên bản sai lệch khi kiểm tra (HT-T1 ngày 27/10/2026): mở biên bản của điểm (bấm tên điểm), bấm “Mở lại biên bản” và ghi lý do; tổ công tác ký lại phiên bản mới, rồi bấm “Kiểm tra tất cả”. Nếu sai lệch không thể khắc phục, bấm “Không tính” ở dòng của điểm và ghi lý do.",
    );
    expect(today).toContain(
      "1 điểm đã kết thúc nhưng biên bản chưa lập hoặc chưa đủ chữ ký (PD-T1 ngày 27/10/2026): chờ tổ công tác lập và ký đủ biên bản, rồi bấm “Kiểm tra tất cả”.",
    );
    expect(today).toContain("1 điểm chưa đến ngày lấy phiếu (HQ-T3 ngày 28/10/2026)");
    // The button the advice names is the board's on that minutes page.
    const minutesPage = await (await board.get(paths.boardMinutes.view(c.pointId("HT-T1"), DAY))).text();
    expect(minutesPage).toContain("Mở lại biên bản");

    // 07:00 of HQ-T3's day: it is its day, its team opens this morning; nothing to leave out.
    const morning = await refusal(23 * 60);
    expect(morning).toContain(
      "1 điểm lấy phiếu hôm nay, từ 08:00 (HQ-T3 ngày 28/10/2026): chờ các điểm này mở, lấy phiếu, kết thúc và ký biên bản rồi mới xác nhận.",
    );
    expect(morning).not.toContain("chưa đến ngày lấy phiếu");

    // 09:00: not open yet on its day; it still can open today, or the board leaves it out.
    const late = await refusal(2 * 60);
    expect(late).toContain(
      "1 điểm chưa mở trong ngày lấy phiếu hôm nay (HQ-T3 ngày 28/10/2026): chờ tổ công tác mở điểm, lấy phiếu, kết thúc và ký biên bản; nếu điểm không thể lấy phiếu hôm nay, bấm “Không tính” ở dòng của điểm và ghi lý do.",
    );

    // The day after: it never opened and cannot any more; "Không tính" with a reason is the way.
    const after = await refusal(24 * 60);
    expect(after).toContain(
      "1 điểm đã qua ngày lấy phiếu mà không mở (HQ-T3 ngày 28/10/2026), nay không mở được nữa: bấm “Không tính” ở dòng của điểm và ghi lý do.",
    );
    expect(after).not.toContain("chờ các điểm này");
    expect(t.store.campaigns.current()?.state).toBe("voting");
  });

  it("results PDF - a draft printed after a point's day passed without opening says 'Không mở' as Tiến độ and Kết quả do, though its figures were drawn up before that day", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    // Every minutes of DAY checked at 08:00 of DAY: the figures are drawn up then.
    await c.closeAndSignAll();
    const board = await boardClient(t);
    const draftText = async () => {
      const dir = mkdtempSync(join(tmpdir(), "tn-results-draft-"));
      try {
        const res = await board.get(paths.results.pdf);
        expect(res.status).toBe(200);
        writeFileSync(join(dir, "r.pdf"), new Uint8Array(await res.arrayBuffer()));
        return execFileSync("pdftotext", ["-raw", join(dir, "r.pdf"), "-"], { encoding: "utf8" }).replace(
          /\s+/g,
          " ",
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    // On DAY, HQ-T3 (NEXT_DAY) is still to come.
    const before = await draftText();
    expect(before).toContain("(HQ-T3) Xã Hương Quang 28/10/2026 Chưa đến ngày");
    // Two days on, HQ-T3's day passed without opening; nothing was checked or excused since.
    t.clock.advance(49 * 60 * 60_000);
    expect((await board.login("bantochuc")).status).toBe(303);
    const after = await draftText();
    expect(after).toContain("BẢN DỰ THẢO - CHƯA ĐƯỢC XÁC NHẬN");
    expect(after).toContain("số liệu chốt lúc 08 giờ 00 phút, ngày 27/10/2026");
    expect(after).toContain("(HQ-T3) Xã Hương Quang 28/10/2026 Không mở Điểm chưa mở trong ngày này.");
    expect(after).not.toContain("Chưa đến ngày");
    // The pages say the same.
    const page = await (await board.get(paths.results.page)).text();
    const row = page.match(/<tr data-missing-point="HQ-T3">[\s\S]*?<\/tr>/)?.[0] ?? "";
    expect(row).toContain("Không mở");
    expect(row).not.toContain("Chưa đến ngày");
    // The downloads say it too (the state in the pages' words on the day downloaded).
    const csv = await (await board.get(paths.results.csv)).text();
    expect(csv.split("\n").find((l) => l.startsWith('"HQ-T3"'))).toContain('"Không mở"');
    const progress = await (await board.get(paths.board.progress)).text();
    const progressRow =
      progress.match(/<tr data-point-day="HQ-T3 2026-10-28"[^>]*>[\s\S]*?<\/tr>/)?.[0] ?? "";
    expect(progressRow).toContain('data-state-badge="not_opened">Không mở<');
  });

  it("Không tính refused where the row has no reason's field any more: the answer itself takes the focus (another member left the point out meanwhile, the point is open, its hour has not come, the row is gone from the list)", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll(["PD-T1"]);
    const board = await boardClient(t);
    const reason = { reason: "Thôn bị ngập lụt, không tổ chức lấy phiếu được" };
    /** The answer's row under the point's row, and the point's own row. */
    const rows = (html: string, code: string) => {
      const own = html.match(new RegExp(`<tr data-missing-point="${code}">[\\s\\S]*?</tr>`))?.[0] ?? "";
      const answer =
        html
          .slice(html.indexOf(own) + own.length)
          .match(/^\s*<tr class="excuse-answer"[\s\S]*?<\/tr>/)?.[0] ?? "";
      return { own, answer };
    };
    const focusedAnswer = /<p class="alert alert-error row-note" role="alert" tabindex="-1" autofocus/;

    // 00:05 of HQ-T3's day: not yet due; the row offers no field ("Chưa đến 08:00").
    t.clock.advance((16 * 60 + 5) * 60_000);
    expect((await board.login("bantochuc")).status).toBe(303);
    const early = await excuseFrom(board, c.pointId("HQ-T3"), "HQ-T3", NEXT_DAY, reason);
    expect(early.status).toBe(409);
    const earlyRows = rows(await early.text(), "HQ-T3");
    expect(earlyRows.own).toContain("Chưa đến 08:00");
    expect(earlyRows.own).not.toContain("<input");
    expect(earlyRows.answer).toMatch(focusedAnswer);

    // 09:00: HQ-T3 opens; a "Không tính" from a page loaded before is refused, the row shows "—".
    t.clock.advance((8 * 60 + 55) * 60_000);
    expect((await board.login("bantochuc")).status).toBe(303);
    unwrap(
      openPoint(
        t,
        { name: "hq-t3-1", address: null },
        { campaignId: c.campaign.id, pointId: c.pointId("HQ-T3") },
      ),
    );
    const open = await excuseFrom(board, c.pointId("HQ-T3"), "HQ-T3", NEXT_DAY, reason);
    expect(open.status).toBe(409);
    const openRows = rows(await open.text(), "HQ-T3");
    expect(openRows.own).toContain("Đang lấy phiếu");
    expect(openRows.answer).toContain("Điểm đang lấy phiếu trong ngày này");
    expect(openRows.own).not.toContain("<input");
    expect(openRows.answer).toMatch(focusedAnswer);

    // PD-T1 (closed, unsigned): two board members press "Không tính" at once; the second is told
    // it is done already, with no field left in the row to focus.
    unwrap(
      excusePointDay(
        t,
        { name: "bantochuc2", address: null },
        { pointId: c.pointId("PD-T1"), day: DAY, ...reason },
      ),
    );
    const already = await excuseFrom(board, c.pointId("PD-T1"), "PD-T1", DAY, reason);
    expect(already.status).toBe(409);
    const alreadyHtml = await already.text();
    const alreadyRows = rows(alreadyHtml, "PD-T1");
    expect(alreadyRows.answer).toContain("Điểm này đã được ghi không tính vào tổng hợp.");
    expect(alreadyRows.own).toContain("Không tính (có lý do)");
    expect(alreadyRows.own).not.toContain("<input");
    expect(alreadyRows.answer).toMatch(focusedAnswer);
    expect(alreadyHtml.match(/autofocus/g)).toHaveLength(1);

    // A refusal in a row that still has its field focuses the field, not the answer.
    t.clock.advance(24 * 60 * 60_000);
    expect((await board.login("bantochuc")).status).toBe(303);
    tamperOneBallot(t, c.pointId("HT-T1"), DAY);
    expect((await board.post(paths.results.verifyAll, {}, htmx)).status).toBe(200);
    const short = await excuseFrom(board, c.pointId("HT-T1"), "HT-T1", DAY, { reason: "x" });
    const shortHtml = await short.text();
    const shortRows = rows(shortHtml, "HT-T1");
    expect(shortRows.own).toMatch(/<input[^>]*autofocus/);
    expect(shortRows.answer).not.toContain("autofocus");
    expect(shortHtml.match(/autofocus/g)).toHaveLength(1);

    // Pressed under a filter that no longer lists the row (HT-T1 is not in Xã Phong Điền): the answer
    // is said, and focused, at the top.
    const elsewhere = await board.post(
      `${paths.results.excuse(c.pointId("HT-T1"), DAY)}?xa=PD`,
      { reason: "x" },
      htmx,
    );
    const elsewhereHtml = await elsewhere.text();
    expect(elsewhereHtml).not.toContain('data-missing-point="HT-T1"');
    expect(elsewhereHtml).toMatch(
      /<p class="alert alert-error" role="alert" tabindex="-1" autofocus="">Ghi rõ lý do không tính điểm này/,
    );
  });

  it("Không tính is final: the team may still sign the excused minutes, but they are never checked nor counted, and the board's reason stays on the results", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll(["HQ-T1"]);
    const board = await boardClient(t);
    const json = async () => JSON.parse(await (await board.get(paths.results.json)).text());
    const hq01 = (doc: { officials: Official[] }) => doc.officials.find((o) => o.code === "HQ-01");
    const before = await json();
    const reason = { reason: "Hòm phiếu bị nghi ngờ, không tính điểm này" };
    // Not on the day its ballots were cast (the row offers it from the next day on).
    await passToNextDay(t, board);
    expect((await excuseFrom(board, c.pointId("HQ-T1"), "HQ-T1", DAY, reason)).status).toBe(200);
    // The team signs afterwards: their signatures are kept (the minutes are their record) …
    await c.sign("HQ-T1");
    expect(t.store.minutes.current(c.pointId("HQ-T1"), DAY)?.signatures).toHaveLength(2);
    // … but no check makes them "verified", neither the one after the last signature nor the board's.
    const refused = await verifyPointDay(
      t,
      { name: "bantochuc", address: null },
      { pointId: c.pointId("HQ-T1"), day: DAY },
    );
    expect(refused.ok ? "verified" : refused.error.code).toBe("excused");
    expect((await board.post(paths.results.verifyAll, {}, htmx)).status).toBe(200);
    const minutesId = t.store.minutes.current(c.pointId("HQ-T1"), DAY)?.id ?? 0;
    expect(t.store.results.latestVerification(minutesId)).toBeFalsy();
    // The totals are those from before the signatures; the point-day is missing with the board's reason.
    const after = await json();
    expect(hq01(after)).toEqual(hq01(before));
    const missing = after.missing.find(
      (m: { code: string; day: string }) => m.code === "HQ-T1" && m.day === DAY,
    );
    expect(missing?.excused?.reason).toBe(reason.reason);
    expect(missing?.state).toBe("signed");
    expect(after.points.find((p: { code: string }) => p.code === "HQ-T1")?.verified).toBe(false);
    const page = await (await board.get(paths.results.page)).text();
    expect(page).toContain(reason.reason);
    // The team reads it on their minutes page, where they signed (not only in the totals).
    const team = new Client(t, "192.0.2.41");
    await team.login(c.officersOf("HQ-T1")[0]?.username ?? "");
    const minutesPage = await (await team.get(paths.officer.minutes(c.pointId("HQ-T1"), DAY))).text();
    expect(minutesPage).toContain(
      `Ban Tổ chức đã quyết định không tính ngày này vào số liệu tổng hợp (lý do: “${reason.reason}”)`,
    );
  });

  it("certification - a member certifies the figures their page showed or nothing: another member's reopening and leaving out a point meanwhile is refused, then the new figures are certified", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll();
    const board = await boardClient(t);
    expect((await board.post(paths.results.makeKey, { password: PASSWORD }, htmx)).status).toBe(200);
    await passToNextDay(t, board);
    const reason = { reason: "Thôn 3 bị ngập lụt, không tổ chức lấy phiếu được" };
    expect((await excuseFrom(board, c.pointId("HQ-T3"), "HQ-T3", NEXT_DAY, reason)).status).toBe(200);
    const seen = await shownDigest(board);
    expect(seen).toMatch(/^[0-9a-f]{64}$/);
    // Another member reopens PD-T1's minutes and leaves the point out: still ready, other figures.
    const other = { name: "bantochuc2", address: null };
    unwrap(
      reopenMinutes(t, other, {
        campaignId: c.campaign.id,
        pointId: c.pointId("PD-T1"),
        day: DAY,
        reason: "Sai sót cần xem lại",
      }),
    );
    unwrap(
      excusePointDay(t, other, {
        pointId: c.pointId("PD-T1"),
        day: DAY,
        reason: "Biên bản không khắc phục được",
      }),
    );
    const refused = await board.post(paths.results.certify, { digest: seen, password: PASSWORD }, htmx);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(
      "Số liệu tổng hợp đã thay đổi kể từ khi trang này được mở: chưa xác nhận gì.",
    );
    expect(t.store.campaigns.current()?.state).toBe("voting");
    // A form without the figures (a page too old) is refused the same way.
    const bare = await board.post(paths.results.certify, { password: PASSWORD }, htmx);
    expect(await bare.text()).toContain("chưa xác nhận gì");
    // Read again: the new figures are certified.
    const now = await shownDigest(board);
    expect(now).not.toBe(seen);
    expect((await board.post(paths.results.certify, { digest: now, password: PASSWORD }, htmx)).status).toBe(
      200,
    );
    expect(t.store.campaigns.current()?.state).toBe("certified");
    expect(t.store.results.certification(c.campaign.id)?.digest).toBe(now);
    // HQ-01's page: HQ-T3 (which rates HQ-01) was left out for good, and nothing changes any more.
    const hq01 = (await (await board.get(paths.results.official("HQ-01"))).text()).replace(/\s+/g, " ");
    expect(hq01).not.toContain("còn có thể thay đổi");
    expect(hq01).toContain(
      "Không tính 1 điểm lấy phiếu (theo ngày) có người này trên phiếu, theo quyết định của Ban Tổ chức",
    );
  });

  it("Không tính from a row that showed 'Chưa mở', pressed after the point opened, voted and closed: refused, nothing left out", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll();
    const board = await boardClient(t);
    await passToNextDay(t, board);
    const reason = { reason: "Thôn 3 không mở được, không tổ chức lấy phiếu" };
    const seen = await seenRow(board, "HQ-T3", reason);
    expect(seen["tinh-trang"]).toBe("not_opened");
    // Meanwhile the team opens, and closes: the row now reads "Đã kết thúc", minutes waiting.
    unwrap(
      openPoint(
        t,
        { name: "hq-t3-1", address: null },
        { campaignId: c.campaign.id, pointId: c.pointId("HQ-T3") },
      ),
    );
    c.close("HQ-T3");
    const stale = await board.post(paths.results.excuse(c.pointId("HQ-T3"), NEXT_DAY), seen, htmx);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Tình trạng của điểm đã đổi từ khi trang được mở");
    expect(t.store.results.excusals().size).toBe(0);
  });

  it("certification - evidence changed after the last check: minutes edited in the database leave the totals at once; a ballot changed is found by the check 'Xác nhận' runs first; nothing is certified", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll();
    const board = await boardClient(t);
    expect((await board.post(paths.results.makeKey, { password: PASSWORD }, htmx)).status).toBe(200);
    await passToNextDay(t, board);
    expect(
      (
        await excuseFrom(board, c.pointId("HQ-T3"), "HQ-T3", NEXT_DAY, {
          reason: "Thôn 3 bị ngập lụt, không tổ chức lấy phiếu được",
        })
      ).status,
    ).toBe(200);
    const official = async (code: string): Promise<Official | undefined> =>
      JSON.parse(await (await board.get(paths.results.json)).text()).officials.find(
        (o: Official) => o.code === code,
      );
    expect(await official("HQ-02")).toMatchObject({ low: 5, band: "over_half" });

    // 1. HQ-T2's stored minutes rewritten (triggers dropped, as someone with the file could): HQ-02
    // 4 low → 0 low. Its check no longer matches the document: out of the totals, not counted.
    const hq2 = t.store.minutes.current(c.pointId("HQ-T2"), DAY);
    if (!hq2) throw new Error("no minutes");
    const edited = JSON.parse(hq2.document);
    for (const o of edited.officials)
      if (o.code === "HQ-02") Object.assign(o, { high: 4, low: 0, band: "none" });
    t.store.db.run("DROP TRIGGER minutes_no_edit");
    t.store.db.run("UPDATE minutes SET document = ? WHERE id = ?", [JSON.stringify(edited), hq2.id]);
    const now = JSON.parse(await (await board.get(paths.results.json)).text());
    expect(now.points.find((p: { code: string }) => p.code === "HQ-T2")).toMatchObject({ verified: false });
    expect(await official("HQ-02")).toMatchObject({ points: 1, low: 1 });
    // The progress page says the same: HQ-T2 is no longer "Đã kiểm tra".
    const progress = await (await board.get(paths.board.progress)).text();
    expect(progress).toMatch(new RegExp(`data-point-day="HQ-T2 ${DAY}" data-state="signed"`));
    expect(progress).toMatch(new RegExp(`data-point-day="HQ-T1 ${DAY}" data-state="verified"`));
    const refused = await board.post(paths.results.certify, { password: PASSWORD }, htmx);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("HQ-T2");
    expect(t.store.campaigns.current()?.state).toBe("voting");

    // 2. A fresh campaign: every point checked, then one ballot changed in the ballot file. The
    // stored outcomes still say "Khớp"; "Xác nhận" checks again first, finds it, refuses, and the
    // discrepancy stays recorded.
    const u = makeApp();
    const d = await aggregateCampaign(u);
    await d.closeAndSignAll();
    const member = await boardClient(u);
    expect((await member.post(paths.results.makeKey, { password: PASSWORD }, htmx)).status).toBe(200);
    await passToNextDay(u, member);
    await excuseFrom(member, d.pointId("HQ-T3"), "HQ-T3", NEXT_DAY, {
      reason: "Thôn 3 bị ngập lụt, không tổ chức lấy phiếu được",
    });
    const seen = await shownDigest(member);
    tamperOneBallot(u, d.pointId("HQ-T1"), DAY);
    const stale = await member.post(paths.results.certify, { digest: seen, password: PASSWORD }, htmx);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("HQ-T1");
    expect(u.store.campaigns.current()?.state).toBe("voting");
    expect(u.store.results.certification(u.store.campaigns.current()?.id ?? 0)).toBeNull();
    const hq1 = u.store.minutes.current(d.pointId("HQ-T1"), DAY);
    expect(u.store.results.latestVerification(hq1?.id ?? 0)).toMatchObject({
      outcome: "discrepant",
      failedCheck: "ballots",
    });
  });

  it("board key - a password change re-seals the member's key: the same public key, opened by the new password", async () => {
    const t = makeApp();
    await aggregateCampaign(t);
    const board = await boardClient(t);
    await board.post(paths.results.makeKey, { password: PASSWORD }, htmx);
    const before = t.store.boardKeys.list()[0]?.publicKey;
    const changed = await board.post(paths.changePassword, {
      current: PASSWORD,
      next: "mat-khau-moi-2",
      confirm: "mat-khau-moi-2",
    });
    expect(changed.status).toBeLessThan(400);
    expect(t.store.boardKeys.list()[0]?.publicKey).toBe(before);
    const { unsealBoardKey } = await import("../../server/services/board-keys.ts");
    const user = t.store.users.credentials("bantochuc")?.user;
    expect((await unsealBoardKey(t.store, user?.id ?? 0, "mat-khau-moi-2")).ok).toBe(true);
    expect((await unsealBoardKey(t.store, user?.id ?? 0, PASSWORD)).ok).toBe(false);
  });
});
