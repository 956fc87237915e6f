import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../server/crypto/base64url.ts";
import { toMinutesPdfModel } from "../../server/domain/minutes.ts";
import type { MinutesDocument } from "../../server/domain/minutes-document.ts";
import { RULE_SETS } from "../../server/domain/threshold.ts";
import { renderMinutesPdf } from "../../server/pdf/minutes-pdf.ts";
import { makeOfficer, sampleMinutes, signMinutes } from "../minutes-helpers.ts";

// import.meta.dir is undefined under vitest; vitest runs from the project root (test/vitest.config.ts).
const SCRIPT = join(process.cwd(), "scripts/verify.ts");

function run(...args: string[]) {
  const proc = Bun.spawnSync([process.execPath, SCRIPT, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}

describe("scripts/verify.ts", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tn-verify-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return path;
  };

  const [tt01, tk02] = await Promise.all([makeOfficer("tt01"), makeOfficer("tk02")]);
  const valid = await signMinutes(sampleMinutes(), [tt01, tk02]);
  const validPath = file("valid.json", valid);
  const keysPath = file("keys.json", [
    { code: "tt01", publicKey: tt01.publicKey },
    { code: "tk02", publicKey: tk02.publicKey, name: "Đỗ Thị Thư" },
  ]);
  const spoiled = (change: (d: MinutesDocument) => void) => {
    const doc = structuredClone(valid);
    change(doc);
    return doc;
  };

  it("verify CLI - valid minutes: each check with ✓, the digest, exit 0", () => {
    const r = run(validPath);
    expect(r.code).toBe(0);
    // Read by people: the day as Vietnamese write it, never ISO.
    expect(r.out).toContain("Điểm HB-01 (Thôn Đồng Tâm) · ngày 27/10/2026");
    expect(r.out).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(r.out).toContain("✓ Dạng chuẩn JSON (RFC 8785)");
    expect(r.out).toContain("✓ Chữ ký: Chữ ký của tt01 (Tổ trưởng Phạm Văn Tổ): hợp lệ.");
    expect(r.out).toContain("✓ Đủ cán bộ ký, có Tổ trưởng");
    expect(r.out).toContain("✓ Tổng số dấu = thu về");
    // The base in words, not the document's code ("collected").
    expect(r.out).toContain("Mẫu số của mỗi người đúng theo bộ quy tắc (tổng số phiếu thu về).");
    expect(r.out).not.toContain("(collected)");
    expect(r.out).toMatch(/Mã băm biên bản \(SHA-256 của dạng chuẩn\): [0-9a-f]{64}/);
    expect(r.out).toContain("⚠ Chưa đối chiếu khóa công khai");
    expect(r.out).toContain("KẾT LUẬN: BIÊN BẢN HỢP LỆ.");
    expect(r.out).not.toContain("✗");
  });

  it("verify CLI - with --keys (a list, or { officers }), the registered keys are checked and the warning goes", () => {
    const wrapped = file("keys-wrapped.json", {
      officers: [
        { code: "tt01", publicKey: tt01.publicKey },
        { code: "tk02", publicKey: tk02.publicKey },
      ],
    });
    for (const keys of [keysPath, wrapped]) {
      const r = run(validPath, "--keys", keys);
      expect(r.code).toBe(0);
      expect(r.out).toContain("✓ Khóa đã đăng ký: Khóa của tk02 đúng là khóa đã đăng ký.");
      expect(r.out).not.toContain("⚠ Chưa đối chiếu");
    }
  });

  it("verify CLI - a count changed after signing: ✗ on the signatures, exit 1", () => {
    const r = run(
      file(
        "tampered-count.json",
        spoiled((d) => {
          d.counts.collected = 97;
        }),
      ),
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain("✗ Chữ ký: Chữ ký của tt01 (Tổ trưởng Phạm Văn Tổ): Chữ ký không khớp");
    expect(r.out).toContain("✗ Tổng số dấu = thu về");
    expect(r.out).toContain("KẾT LUẬN: BIÊN BẢN KHÔNG HỢP LỆ (Chữ ký:");
  });

  it("verify CLI - a damaged signature: exit 1", () => {
    const doc = spoiled((d) => {
      const s = d.signatures[1];
      if (!s) return;
      const raw = fromBase64Url(s.signature);
      raw[5] = (raw[5] ?? 0) ^ 0x10;
      s.signature = toBase64Url(raw);
    });
    const r = run(file("tampered-signature.json", doc));
    expect(r.code).toBe(1);
    expect(r.out).toContain("✓ Chữ ký: Chữ ký của tt01");
    expect(r.out).toContain("✗ Chữ ký: Chữ ký của tk02 (Thư ký Đỗ Thị Thư): Chữ ký không khớp");
    expect(r.out).toContain("✗ Đủ cán bộ ký, có Tổ trưởng: Chỉ có 1 cán bộ ký hợp lệ (tt01)");
  });

  it("verify CLI - a missing signer: exit 1", async () => {
    const r = run(file("one-signer.json", await signMinutes(sampleMinutes(), [tt01])));
    expect(r.code).toBe(1);
    expect(r.out).toContain("✗ Đủ cán bộ ký, có Tổ trưởng");
    expect(r.out).toContain("KẾT LUẬN: BIÊN BẢN KHÔNG HỢP LỆ (Đủ cán bộ ký, có Tổ trưởng:");
  });

  it("verify CLI - --signers: the campaign's number of signers is held; two members without their Tổ trưởng never pass", async () => {
    const three = await makeOfficer("tv03");
    const byThree = file("three.json", await signMinutes(sampleMinutes(), [tt01, tk02, three]));
    expect(run(byThree, "--signers", "3").code).toBe(0);
    const short = run(validPath, "--signers", "3");
    expect(short.code).toBe(1);
    expect(short.out).toContain(
      "✗ Đủ cán bộ ký, có Tổ trưởng: Chỉ có 2 cán bộ ký hợp lệ (tt01, tk02); cần ít nhất 3",
    );
    const noLeader = run(file("no-leader.json", await signMinutes(sampleMinutes(), [tk02, three])));
    expect(noLeader.code).toBe(1);
    expect(noLeader.out).toContain("nhưng không có chữ ký của Tổ trưởng");
  });

  it("verify CLI - non-canonical keys: padded, or a second spelling of the identity point: exit 1", () => {
    const padded = spoiled((d) => {
      const s = d.signatures[0];
      if (s) s.publicKey = `${s.publicKey}=`;
    });
    const r1 = run(file("padded-key.json", padded));
    expect(r1.code).toBe(1);
    expect(r1.out).toContain("✗ Cấu trúc biên bản");
    expect(r1.out).toContain("signatures[0].publicKey");

    const alias = new Uint8Array(32);
    alias[0] = 1;
    alias[31] = 0x80;
    const forged = new Uint8Array(64);
    forged[0] = 1;
    const doc = spoiled((d) => {
      for (const s of d.signatures)
        Object.assign(s, { publicKey: toBase64Url(alias), signature: toBase64Url(forged) });
    });
    const r2 = run(file("identity-key.json", doc));
    expect(r2.code).toBe(1);
    expect(r2.out).toContain("Khóa công khai được mã hóa không chuẩn");
  });

  it("verify CLI - a key other than the registered one: exit 1", async () => {
    const impostor = await makeOfficer("tk02");
    const doc = await signMinutes(sampleMinutes(), [tt01, impostor]);
    const path = file("impostor.json", doc);
    expect(run(path).code).toBe(0);
    const r = run(path, "--keys", keysPath);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "✗ Khóa đã đăng ký: Khóa công khai ghi trong biên bản cho tk02 khác khóa đã đăng ký",
    );
  });

  it("verify CLI - signed but the numbers do not reconcile: signatures ✓, arithmetic ✗, exit 1", async () => {
    const unsigned = sampleMinutes();
    unsigned.counts.notCollected = 7;
    const r = run(file("unreconciled.json", await signMinutes(unsigned, [tt01, tk02])));
    expect(r.code).toBe(1);
    expect(r.out).toContain("✓ Đủ cán bộ ký, có Tổ trưởng");
    expect(r.out).toContain("✗ Không thu về = phát ra − thu về");
    expect(r.out).toContain("CHỮ KÝ HỢP LỆ NHƯNG SỐ LIỆU KHÔNG KHỚP");
  });

  it("verify CLI - files that are not one unambiguous JSON document: exit 1", () => {
    const text = JSON.stringify(valid);
    const duplicate = text.replace('"roster":120', '"roster":120,"roster":999');
    expect(duplicate).not.toBe(text);
    const r1 = run(file("duplicate.json", duplicate));
    expect(r1.code).toBe(1);
    expect(r1.out).toContain("✗ Đọc tệp JSON: Tại counts: thuộc tính “roster” xuất hiện hai lần");
    const r2 = run(file("not-json.json", "biên bản"));
    expect(r2.code).toBe(1);
    expect(r2.out).toContain("Tệp không phải JSON hợp lệ");
    const nfd = spoiled((d) => {
      const o = d.officials[0];
      if (o) o.name = o.name.normalize("NFD");
    });
    const r3 = run(file("nfd.json", nfd));
    expect(r3.code).toBe(1);
    expect(r3.out).toContain("✗ Chuẩn Unicode NFC: Tại officials[0].name");
  });

  it("verify CLI - the genuine PDF prints the signed numbers and passes; a PDF made to carry the same code over other numbers is refused, naming the row", async () => {
    const extra = {
      issuer: { superior: "Ủy ban nhân dân xã Hòa Bình", name: "Tổ công tác thôn Đồng Tâm", party: false },
      communeName: "xã Hòa Bình cũ",
      newCommuneName: "Xã Hòa Bình",
      ruleSet: RULE_SETS["qd96-2023"],
      checks: [],
    };
    /** verify.ts on the valid minutes with the registered keys and this rendering as its PDF. */
    const withPdf = async (name: string, model: typeof genuine) => {
      const path = join(dir, name);
      writeFileSync(path, await renderMinutesPdf(model));
      return run(validPath, "--keys", keysPath, "--pdf", path);
    };
    const genuine = toMinutesPdfModel(valid, extra);
    const ok = await withPdf("genuine.pdf", genuine);
    expect(ok.out).toContain("✓ Số liệu in trên PDF đúng số liệu đã ký");
    expect(ok.code).toBe(0);
    // The forger keeps the code (the /ID and the printed digest) and moves two marks.
    const [first, ...rest] = genuine.officials;
    if (!first) throw new Error("fixture");
    const forged = {
      ...genuine,
      officials: [{ ...first, high: first.high + 2, low: first.low - 2 }, ...rest],
    };
    const bad = await withPdf("forged.pdf", forged);
    expect(bad.out).toContain("✓ Mã định danh của tệp PDF khớp");
    expect(bad.out).toContain(`✗ Số liệu in trên PDF khác số liệu đã ký: dòng của ${first.name}`);
    expect(bad.code).toBe(1);
  });

  it("verify CLI - a PDF that does not carry the minutes' digest is refused", () => {
    const pdf = file(
      "minutes.pdf",
      "%PDF-1.7\ntrailer << /ID [<00112233445566778899aabbccddeeff> <00>] >>\n",
    );
    const r = run(validPath, "--pdf", pdf);
    expect(r.code).toBe(1);
    expect(r.out).toContain("✗ Mã định danh của tệp PDF không khớp");
    expect(r.out).toContain("BẢN PDF KHÔNG PHẢI CỦA BIÊN BẢN NÀY");
  });

  it.each([
    ["no argument", []],
    ["two minutes files", ["a.json", "b.json"]],
    ["an unknown option", ["x.json", "--bogus"]],
    ["a file that does not exist", [join(tmpdir(), "khong-co-bien-ban.json")]],
    ["a keys file that does not exist", ["VALID", "--keys", join(tmpdir(), "khong-co-khoa.json")]],
    ["a pdf that does not exist", ["VALID", "--pdf", join(tmpdir(), "khong-co.pdf")]],
    ["a keys file of the wrong shape", ["VALID", "--keys", "BADKEYS"]],
    ["--signers below two", ["VALID", "--signers", "1"]],
    ["--signers not a number", ["VALID", "--signers", "ba"]],
    ["--signers above nine", ["VALID", "--signers", "10"]],
  ])("verify CLI - usage error or unreadable file (%s): exit 2 with a message", (_name, args) => {
    const badKeys = file("bad-keys.json", { tt01: "x" });
    const r = run(...args.map((a) => (a === "VALID" ? validPath : a === "BADKEYS" ? badKeys : a)));
    expect(r.code).toBe(2);
    expect(r.err.length).toBeGreaterThan(0);
    expect(r.out).toBe("");
  });
});
