import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { SealedKeySchema, unsealPrivateKey } from "../../server/crypto/keys.ts";
import { paths } from "../../server/http/paths.ts";
import { createOfficer } from "../../server/services/officers.ts";
import { amendRoster, storeImportedRoster } from "../../server/services/rosters.ts";
import {
  addUser,
  BOARD_ACTOR,
  CHEAP_SEAL,
  Client,
  dataAttr,
  draftCampaign,
  makeApp,
  stampForm,
  type TestApp,
  unwrap,
} from "../helpers.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

let t: TestApp;
let board: Client;
let setup: Awaited<ReturnType<typeof draftCampaign>>;

beforeEach(async () => {
  t = makeApp();
  setup = await draftCampaign(t);
  await addUser(t, "bantochuc", "board");
  board = new Client(t);
  await board.login("bantochuc");
});

const htmx = { "HX-Request": "true" };

async function upload(
  client: Client,
  pointId: number,
  name: string,
  bytes: Uint8Array,
  headers: Record<string, string> = {},
) {
  const token = await client.csrf();
  const form = new FormData();
  form.set("_csrf", token);
  form.set("file", new File([bytes as Uint8Array<ArrayBuffer>], name));
  return client.request(paths.board.rosterImport(pointId), { method: "POST", body: form, headers });
}

/** The sample roster of HQ-T1 (200 residents) as CSV. */
const sampleCsv = () => readFileSync(fixture("roster-hq-t1.csv"));

/** Uploads through htmx and follows the progress fragment until the check is over. */
async function uploadAndWait(
  pointId: number,
  name: string,
  bytes: Uint8Array,
): Promise<{ status: number; html: string }> {
  const first = await upload(board, pointId, name, bytes, htmx);
  let html = await first.text();
  let status = first.status;
  for (let i = 0; i < 200 && html.includes('hx-trigger="load delay:500ms"'); i++) {
    const job = dataAttr(html, "job-id");
    if (!job) break;
    await new Promise((r) => setTimeout(r, 20));
    const res = await board.get(paths.board.rosterJob(pointId, job), htmx);
    status = res.status;
    html = await res.text();
  }
  return { status, html };
}

async function readyToStamp() {
  await uploadAndWait(setup.point.id, "roster-hq-t1.csv", sampleCsv());
  for (const [username, teamRole] of [
    ["hq-t1-1", "Tổ trưởng"],
    ["hq-t1-2", "Thư ký"],
  ] as const) {
    unwrap(
      await createOfficer(
        t,
        BOARD_ACTOR,
        { username, displayName: username, teamRole, pointIds: [setup.point.id] },
        { seal: CHEAP_SEAL },
      ),
    );
  }
}

describe("set-up pages", () => {
  it.each([
    paths.board.home,
    paths.board.campaign,
    paths.board.communes,
    paths.board.officials,
    paths.board.points,
    paths.board.officers,
    paths.board.stamp,
  ])("GET %s - a full Vietnamese page for the board", async (path) => {
    const res = await board.get(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain("Chuẩn bị đợt lấy phiếu");
  });

  it("GET with HX-Request - only the section, for htmx to swap", async () => {
    const res = await board.get(paths.board.communes, htmx);
    const html = await res.text();
    expect(html.startsWith('<section class="card" id="communes"')).toBe(true);
  });
});

describe("communes", () => {
  it("create - valid form adds the commune and audits it", async () => {
    const res = await board.post(
      paths.board.communes,
      { code: "ST", name: "Xã Sơn Thọ", mergedInto: "Xã Điền Thọ" },
      htmx,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Đã lưu xã Xã Sơn Thọ.");
    expect(t.store.campaigns.communes(setup.campaign.id).map((c) => c.code)).toContain("ST");
    expect(t.store.audit.list().at(-1)?.action).toBe("commune.create");
  });

  it("create - a plain form (no htmx) is redirected after success", async () => {
    const res = await board.post(paths.board.communes, {
      code: "ST",
      name: "Xã Sơn Thọ",
      mergedInto: "Xã Điền Thọ",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(paths.board.communes);
  });

  it("create - invalid fields answer 422 with messages next to the fields and save nothing", async () => {
    const before = t.store.campaigns.communes(setup.campaign.id).length;
    const res = await board.post(
      paths.board.communes,
      { code: "có dấu", name: "", mergedInto: "Xã Điền Thọ" },
      htmx,
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Mã chỉ gồm chữ không dấu, số, dấu chấm hoặc gạch.");
    expect(html).toContain("Không được để trống.");
    expect(html).toContain('value="Xã Điền Thọ"'); // what was typed is kept
    expect(t.store.campaigns.communes(setup.campaign.id)).toHaveLength(before);
  });

  it("create - a duplicate code is refused next to the field", async () => {
    const res = await board.post(
      paths.board.communes,
      { code: "HQ", name: "Xã khác", mergedInto: "Xã mới" },
      htmx,
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Mã xã này đã có.");
  });

  it("update - edits the merger mapping; NFD input is stored NFC", async () => {
    const res = await board.post(
      paths.board.commune(setup.ht.id),
      { code: "HT", name: "Xã Hương Thọ", mergedInto: "Xã Điền Thọ".normalize("NFD") },
      htmx,
    );
    expect(res.status).toBe(200);
    expect(t.store.campaigns.commune(setup.campaign.id, setup.ht.id)?.mergedInto).toBe(
      "Xã Điền Thọ".normalize("NFC"),
    );
  });

  it("delete - refused while officials or points belong to the commune", async () => {
    const res = await board.post(`${paths.board.commune(setup.hq.id)}/xoa`, {}, htmx);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Không xóa được xã Xã Hương Quang");
    expect(t.store.campaigns.commune(setup.campaign.id, setup.hq.id)).not.toBeNull();
  });

  it("delete - an unused commune goes", async () => {
    const extra = unwrap(
      t.store.campaigns.addCommune(setup.campaign.id, {
        code: "X",
        name: "Xã X",
        mergedInto: "Xã Y",
      }),
    );
    expect((await board.post(`${paths.board.commune(extra.id)}/xoa`, {}, htmx)).status).toBe(200);
    expect(t.store.campaigns.commune(setup.campaign.id, extra.id)).toBeNull();
  });

  it("unknown id - a Vietnamese 404", async () => {
    const res = await board.get(`${paths.board.commune(99999)}/sua`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Không tìm thấy xã này.");
  });
});

describe("officials", () => {
  it("create - goes to the end of its commune's ballot", async () => {
    const res = await board.post(
      paths.board.officials,
      {
        code: "HQ-03",
        name: "Võ Ngọc Hoa",
        position: "Phó Chủ tịch UBND xã",
        communeId: String(setup.hq.id),
      },
      htmx,
    );
    expect(res.status).toBe(200);
    const hq = t.store.campaigns.officials(setup.campaign.id).filter((o) => o.communeId === setup.hq.id);
    expect(hq.map((o) => [o.code, o.displayOrder])).toEqual([
      ["HQ-01", 1],
      ["HQ-02", 2],
      ["HQ-03", 3],
    ]);
  });

  it("create - missing commune and position are reported", async () => {
    const res = await board.post(
      paths.board.officials,
      { code: "HQ-09", name: "A", position: "", communeId: "" },
      htmx,
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Chọn xã.");
    expect(html).toContain("Không được để trống.");
  });

  it("reorder - moving down swaps with the next official; the top one cannot go further up", async () => {
    const [o1] = setup.officials;
    if (!o1) throw new Error("fixture");
    await board.post(`${paths.board.official(o1.id)}/xuong`, {}, htmx);
    const order = () =>
      t.store.campaigns
        .officials(setup.campaign.id)
        .filter((o) => o.communeId === setup.hq.id)
        .map((o) => o.code);
    expect(order()).toEqual(["HQ-02", "HQ-01"]);
    await board.post(`${paths.board.official(o1.id)}/len`, {}, htmx);
    await board.post(`${paths.board.official(o1.id)}/len`, {}, htmx);
    expect(order()).toEqual(["HQ-01", "HQ-02"]);
  });
});

describe("points and ballot styles", () => {
  it("create - with its days; a day outside the campaign is refused", async () => {
    const ok = await board.request(paths.board.points, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...htmx },
      body: `_csrf=${await board.csrf()}&code=HQ-T2&name=Th%C3%B4n%202&communeId=${setup.hq.id}&days=2026-10-27&days=2026-10-28`,
    });
    expect(ok.status).toBe(200);
    const created = t.store.points.list(setup.campaign.id).find((p) => p.code === "HQ-T2");
    expect(created?.days).toEqual(["2026-10-27", "2026-10-28"]);
    const bad = await board.post(
      paths.board.points,
      { code: "HQ-T3", name: "Thôn 3", communeId: String(setup.hq.id), days: "2026-12-01" },
      htmx,
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Chỉ chọn trong các ngày của đợt.");
  });

  it("create - no day chosen is refused", async () => {
    const bad = await board.post(
      paths.board.points,
      { code: "HQ-T3", name: "Thôn 3", communeId: String(setup.hq.id) },
      htmx,
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Chọn ít nhất một ngày lấy phiếu của điểm.");
  });

  it("ballot - a custom list replaces the default, and back", async () => {
    const [o1, , o3] = setup.officials;
    if (!o1 || !o3) throw new Error("fixture");
    const res = await board.request(`${paths.board.point(setup.point.id)}/phieu`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...htmx },
      body: `_csrf=${await board.csrf()}&mode=custom&officialIds=${o3.id}&officialIds=${o1.id}`,
    });
    expect(res.status).toBe(200);
    expect(t.store.points.get(setup.campaign.id, setup.point.id)?.customOfficialIds).toEqual([o1.id, o3.id]);
    await board.post(`${paths.board.point(setup.point.id)}/phieu`, { mode: "default" }, htmx);
    expect(t.store.points.get(setup.campaign.id, setup.point.id)?.customOfficialIds).toBeNull();
  });

  it("ballot - an empty custom list is refused", async () => {
    const res = await board.post(`${paths.board.point(setup.point.id)}/phieu`, { mode: "custom" }, htmx);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Phiếu riêng cần ít nhất một người được lấy phiếu.");
  });
});

describe("campaign settings", () => {
  const form = {
    code: "VQ-TEST",
    name: "Đợt lấy phiếu thử",
    aggregator: "Ban Tổ chức Đảng ủy xã",
    district: "Huyện mẫu",
    days: "27/10/2026, 28/10/2026",
    onePer: "household",
    ruleSet: "nq96-2023",
    minTurnoutPercent: "60",
    smallPointThreshold: "7",
  };

  it("update - saves the aggregator name, per-household ballots, rule set and warnings", async () => {
    const res = await board.post(paths.board.campaign, form, htmx);
    expect(res.status).toBe(200);
    const c = t.store.campaigns.current();
    expect(c).toMatchObject({
      aggregator: "Ban Tổ chức Đảng ủy xã",
      onePer: "household",
      ruleSet: "nq96-2023",
      minTurnoutPercent: 60,
      smallPointThreshold: 7,
    });
  });

  it("update - two-officer pairing (issue #9 §4): on by default, the box unchecked turns it off, checked again on", async () => {
    expect(t.store.campaigns.current()?.twoOfficerPairing).toBe(true);
    const page = await (await board.get(paths.board.campaign)).text();
    expect(page).toContain("Kết nối máy ghi phiếu cần cán bộ thứ hai của tổ xác nhận");
    expect(page).toMatch(/<input type="checkbox" name="twoOfficerPairing" value="1" checked=""/);
    // Unchecked, the browser sends only the hidden "0".
    expect((await board.post(paths.board.campaign, { ...form, twoOfficerPairing: "0" }, htmx)).status).toBe(
      200,
    );
    expect(t.store.campaigns.current()?.twoOfficerPairing).toBe(false);
    expect(t.store.audit.list().at(-1)).toMatchObject({
      action: "campaign.update",
      details: { twoOfficerPairing: false },
    });
    const off = await (await board.get(paths.board.campaign)).text();
    expect(off).not.toMatch(/name="twoOfficerPairing" value="1" checked/);
    // Checked: the hidden "0" and then the box's "1"; the last one counts.
    const checked = await board.request(paths.board.campaign, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...htmx },
      body: new URLSearchParams([
        ["_csrf", await board.csrf()],
        ...Object.entries(form),
        ["twoOfficerPairing", "0"],
        ["twoOfficerPairing", "1"],
      ]).toString(),
    });
    expect(checked.status).toBe(200);
    expect(t.store.campaigns.current()?.twoOfficerPairing).toBe(true);
  });

  it("update - a custom rule set is validated by the engine's schema", async () => {
    const bad = await board.post(
      paths.board.campaign,
      { ...form, ruleSet: "custom", customDenominator: "valid", customFirst: "2/3", customSecond: "1/2" },
      htmx,
    );
    expect(bad.status).toBe(422);
    expect(t.store.campaigns.current()?.ruleSet).toBe("qd96-2023");
    const good = await board.post(
      paths.board.campaign,
      { ...form, ruleSet: "custom", customDenominator: "valid", customFirst: "3/5", customSecond: "4/5" },
      htmx,
    );
    expect(good.status).toBe(200);
    const ruleSet = t.store.campaigns.current()?.ruleSet;
    expect(typeof ruleSet === "object" && ruleSet.denominator).toBe("valid");
    expect(typeof ruleSet === "object" && ruleSet.thresholds.over_half).toMatchObject({
      numerator: 3,
      denominator: 5,
    });
  });
});

describe("officers", () => {
  it("create - account with a sealed key pair; the first password is shown once and opens the key", async () => {
    const res = await board.request(paths.board.officers, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...htmx },
      body: new URLSearchParams([
        ["_csrf", await board.csrf()],
        ["displayName", "Phan Xuân Kỷ"],
        ["username", "hq-t1-1"],
        ["teamRole", "Tổ trưởng"],
        ["pointIds", String(setup.point.id)],
      ]).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const html = await res.text();
    const password = html.match(/<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/code>/)?.[1];
    expect(password).toBeDefined();
    const officer = t.store.officers.list()[0];
    expect(officer).toMatchObject({
      username: "hq-t1-1",
      teamRole: "Tổ trưởng",
      pointIds: [setup.point.id],
      mustChangePassword: true,
    });
    const sealed = SealedKeySchema.parse(
      JSON.parse(t.store.officers.sealedKey(officer?.userId ?? 0) ?? "null"),
    );
    expect(sealed.publicKey).toBe(officer?.publicKey);
    expect((await unsealPrivateKey(sealed, password ?? "")).ok).toBe(true);
    expect((await unsealPrivateKey(sealed, "sai-mat-khau")).ok).toBe(false);
    expect(JSON.stringify(t.store.audit.list())).not.toContain(password);

    // First login: forced to change the password. The board knew the first password, so the officer
    // gets a fresh key pair that only the new password opens.
    const officerClient = new Client(t, "192.0.2.77");
    const login = await officerClient.login("hq-t1-1", password);
    expect(login.headers.get("Location")).toBe(paths.changePassword);
    const change = await officerClient.post(paths.changePassword, {
      current: password ?? "",
      next: "mật khẩu mới của tôi",
      confirm: "mật khẩu mới của tôi",
    });
    expect(change.status).toBe(303);
    const stored = () =>
      SealedKeySchema.parse(JSON.parse(t.store.officers.sealedKey(officer?.userId ?? 0) ?? "null"));
    const rotated = stored();
    expect(rotated.publicKey).not.toBe(sealed.publicKey);
    expect(t.store.officers.get(officer?.userId ?? 0)?.publicKey).toBe(rotated.publicKey);
    expect((await unsealPrivateKey(rotated, "mật khẩu mới của tôi")).ok).toBe(true);
    expect((await unsealPrivateKey(rotated, password ?? "")).ok).toBe(false);
    expect(t.store.audit.list().map((e) => e.action)).toContain("officer.key.rotate");

    // A later change re-seals the same key pair under the new password.
    const later = await officerClient.post(paths.changePassword, {
      current: "mật khẩu mới của tôi",
      next: "mật khẩu thứ ba",
      confirm: "mật khẩu thứ ba",
    });
    expect(later.status).toBe(200);
    const resealed = stored();
    expect(resealed.publicKey).toBe(rotated.publicKey);
    expect(resealed.kdf.salt).not.toBe(rotated.kdf.salt);
    expect((await unsealPrivateKey(resealed, "mật khẩu thứ ba")).ok).toBe(true);
    expect((await unsealPrivateKey(resealed, "mật khẩu mới của tôi")).ok).toBe(false);
    // Eight production-cost scrypt derivations (≈300 ms each on an idle core): allow for a busy machine.
  }, 90_000);

  it("create - refuses a taken username, no point, unknown role", async () => {
    await addUser(t, "hq-t1-1", "officer");
    const res = await board.post(
      paths.board.officers,
      { displayName: "A", username: "hq-t1-1", teamRole: "Chủ tịch" },
      htmx,
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Chọn vai trò trong tổ.");
    expect(html).toContain("Chọn ít nhất một điểm lấy phiếu.");
    expect(t.store.officers.list()).toHaveLength(0);
  });

  it("edit - role and points change; an unknown point is refused", async () => {
    const created = unwrap(
      await createOfficer(
        t,
        BOARD_ACTOR,
        {
          username: "hq-t1-3",
          displayName: "Bùi Thế Hùng",
          teamRole: "Thành viên",
          pointIds: [setup.point.id],
        },
        { seal: CHEAP_SEAL },
      ),
    );
    const other = unwrap(
      t.store.points.create(setup.campaign.id, {
        code: "HQ-T2",
        name: "Thôn 2",
        communeId: setup.hq.id,
        days: ["2026-10-27"],
      }),
    );
    const res = await board.request(paths.board.officer(created.userId), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...htmx },
      body: new URLSearchParams([
        ["_csrf", await board.csrf()],
        ["displayName", "Bùi Thế Hùng"],
        ["teamRole", "Thư ký"],
        ["pointIds", String(other.id)],
      ]).toString(),
    });
    expect(res.status).toBe(200);
    expect(t.store.officers.get(created.userId)).toMatchObject({ teamRole: "Thư ký", pointIds: [other.id] });
    const bad = await board.post(
      paths.board.officer(created.userId),
      { displayName: "A", teamRole: "Thư ký", pointIds: "99999" },
      htmx,
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Chọn trong các điểm của đợt.");
  });

  it("reset - a forgotten password: new first password and a new key; the old logins end", async () => {
    const created = unwrap(
      await createOfficer(
        t,
        BOARD_ACTOR,
        {
          username: "hq-t1-4",
          displayName: "Ngô Thị Quên",
          teamRole: "Thành viên",
          pointIds: [setup.point.id],
        },
        { seal: CHEAP_SEAL, password: "mat-khau-cu-1", mustChangePassword: false },
      ),
    );
    const officerClient = new Client(t, "192.0.2.88");
    await officerClient.login("hq-t1-4", "mat-khau-cu-1");
    // Wrong guesses at the forgotten password (at "Ký biên bản") before asking for a reset.
    t.store.throttle.put(`key-password:${created.userId}`, {
      failures: 5,
      lastFailureAt: t.clock.now().getTime(),
      lockedUntil: t.clock.now().getTime() + 8 * 60_000,
    });
    const res = await board.post(`${paths.board.officer(created.userId)}/cap-lai`, {}, htmx);
    expect(res.status).toBe(200);
    const html = await res.text();
    const password = html.match(/<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/code>/)?.[1] ?? "";
    expect(password).not.toBe("");
    const officer = t.store.officers.get(created.userId);
    expect(officer?.publicKey).not.toBe(created.publicKey);
    expect(officer?.mustChangePassword).toBe(true);
    expect((await officerClient.get(paths.officer.home)).status).toBe(302);
    // Where the old password was used is forgotten: that address is a stranger's again.
    expect(t.store.throttle.isKnown(created.userId, "192.0.2.88", 0)).toBe(false);
    // …and the old password's mistakes do not hold up the first change to a password of their own.
    expect(t.store.throttle.get(`key-password:${created.userId}`)).toBeNull();
    const again = new Client(t, "192.0.2.89");
    expect((await again.login("hq-t1-4", password)).headers.get("Location")).toBe(paths.changePassword);
    expect(t.store.audit.list().at(-2)).toMatchObject({ action: "officer.reset", subject: "hq-t1-4" });
  });

  it("detail - shows the fingerprint and the public key", async () => {
    const created = unwrap(
      await createOfficer(
        t,
        BOARD_ACTOR,
        { username: "hq-t1-2", displayName: "Trần Xuân Nam", teamRole: "Thư ký", pointIds: [setup.point.id] },
        { seal: CHEAP_SEAL },
      ),
    );
    const html = await (await board.get(paths.board.officer(created.userId))).text();
    expect(html).toContain(created.publicKey);
    expect(html).toMatch(/[0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4}/);
  });
});

describe("roster import", () => {
  it("a CCCD already on another point's list is refused row by row at import (one indexed look per row); the other rows' numbers pass, and a list's own numbers", async () => {
    await uploadAndWait(setup.point.id, "roster-hq-t1.csv", sampleCsv());
    const made = await board.request(paths.board.points, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...htmx },
      body: `_csrf=${await board.csrf()}&code=HQ-T2&name=Th%C3%B4n%202&communeId=${setup.hq.id}&days=2026-10-27`,
    });
    expect(made.status).toBe(200);
    const other = t.store.points.list(setup.campaign.id).find((p) => p.code === "HQ-T2");
    if (!other) throw new Error("fixture");
    const header = "STT,Họ và tên,Năm sinh,Giới tính,Số CCCD,Mã hộ,Quan hệ với chủ hộ,Thôn/Tổ dân phố";
    const csv = (cccd: string) =>
      new TextEncoder().encode(
        `${header}\r\n1,Hồ Văn Mới,1961,Nam,001161000001,HQ-T2-001,Chủ hộ,Thôn 2\r\n2,Võ Văn Dũng,1952,Nam,${cccd},HQ-T2-002,Chủ hộ,Thôn 2\r\n`,
      );
    // 059083016613 is on HQ-T1's list (the sample's first row).
    const refused = await uploadAndWait(other.id, "thon-2.csv", csv("059083016613"));
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("có 1 dòng không hợp lệ");
    expect(refused.html).toContain("đã có trong danh sách của một điểm lấy phiếu khác trong đợt này");
    expect(t.store.rosters.count(other.id)).toBe(0);
    const accepted = await uploadAndWait(other.id, "thon-2.csv", csv("059083016699"));
    expect(accepted.status).toBe(200);
    expect(t.store.rosters.count(other.id)).toBe(2);
    // Re-importing HQ-T1's own list meets its own numbers: not "another point's".
    expect((await uploadAndWait(setup.point.id, "roster-hq-t1.csv", sampleCsv())).status).toBe(200);
    expect(t.store.rosters.count(setup.point.id)).toBe(200);
  });

  it("xlsx with title rows - imports every row", async () => {
    const { status, html } = await uploadAndWait(
      setup.point.id,
      "roster-hq-t1.xlsx",
      readFileSync(fixture("roster-hq-t1.xlsx")),
    );
    expect(status).toBe(200);
    expect(html).toContain("Đã nhập 200 người");
    expect(t.store.rosters.count(setup.point.id)).toBe(200);
    const first = t.store.rosters.list(setup.point.id, 1)[0];
    expect(first).toMatchObject({
      fullName: "Võ Văn Dũng",
      birthYear: 1952,
      gender: "Nam",
      cccd: "059083016613",
      householdCode: "HQ-T1-001",
    });
    expect(t.store.audit.list().at(-1)).toMatchObject({ action: "roster.import", subject: "HQ-T1" });
  });

  it("csv - the same 200 residents", async () => {
    const { html } = await uploadAndWait(setup.point.id, "roster-hq-t1.csv", sampleCsv());
    expect(html).toContain("Đã nhập 200 người");
  });

  it("file with errors - a list whose every row is wrong shows the first 200 errors and how many more", async () => {
    const lines = [
      "Họ và tên,Năm sinh",
      ...Array.from({ length: 250 }, (_, i) => `Người ${i + 1},19x${i % 10}`),
    ];
    const { status, html } = await uploadAndWait(
      setup.point.id,
      "sai-het.csv",
      new TextEncoder().encode(lines.join("\n")),
    );
    expect(status).toBe(422);
    expect(html).toContain("có 250 dòng không hợp lệ");
    expect(html).toContain("Các dòng có lỗi (250)");
    expect(html.match(/<td class="num">/g)).toHaveLength(200);
    expect(html).toContain('<td class="num">201</td>');
    expect(html).not.toContain('<td class="num">202</td>');
    expect(html).toMatch(/data-more-errors[^>]*>\s*Còn 50 lỗi nữa ở các dòng sau/);
  });

  it("file with errors - imports nothing and lists each bad row with column, value and reason", async () => {
    await uploadAndWait(setup.point.id, "roster-hq-t1.csv", sampleCsv());
    const { status, html } = await uploadAndWait(
      setup.point.id,
      "roster-with-errors.csv",
      readFileSync(fixture("roster-with-errors.csv")),
    );
    expect(status).toBe(422);
    expect(html).toContain("có 5 dòng không hợp lệ");
    for (const [row, value, reason] of [
      ["4", "19x5", "Năm sinh phải là số có 4 chữ số"],
      ["6", "(trống)", "Thiếu họ và tên."],
      ["8", "097114710497", "Số CCCD trùng với dòng 7."],
      ["10", "2015", "Chưa đủ 18 tuổi"],
      ["12", "Khác?", "Giới tính phải là"],
    ]) {
      expect(html).toMatch(
        new RegExp(
          `<td class="num">${row}</td><td>[^<]+</td><td>(<span class="muted">)?${(value ?? "").replace(/[?()]/g, "\\$&")}`,
        ),
      );
      expect(html).toContain(reason);
    }
    // The previous, valid roster is untouched.
    expect(t.store.rosters.count(setup.point.id)).toBe(200);
  });

  it("wrong type, empty file, no file - clear messages, nothing stored", async () => {
    const pdf = await uploadAndWait(
      setup.point.id,
      "danh-sach.pdf",
      new TextEncoder().encode("%PDF-1.7 ..."),
    );
    expect(pdf.status).toBe(422);
    expect(pdf.html).toContain("PDF");
    const empty = await upload(board, setup.point.id, "rong.csv", new Uint8Array(0), htmx);
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Tệp trống.");
    const noHeader = await uploadAndWait(setup.point.id, "x.csv", new TextEncoder().encode("a,b,c\n1,2,3\n"));
    expect(noHeader.status).toBe(422);
    expect(noHeader.html).toContain("Không nhập tệp x.csv");
    expect(t.store.rosters.count(setup.point.id)).toBe(0);
  });

  it("oversized upload - 413 in Vietnamese before anything is read", async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 200_000).fill(65);
    const res = await upload(board, setup.point.id, "lon.csv", big, htmx);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Tệp quá lớn: tối đa 10 MB.");
  });

  it("without htmx - the upload waits for the check and shows the outcome page", async () => {
    const res = await upload(board, setup.point.id, "roster-hq-t1.csv", sampleCsv());
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Đã nhập 200 người");
  });

  it("a generated 10,000-row file shows progress and imports", async () => {
    const lines = ["Họ và tên,Năm sinh,Số CCCD"];
    for (let i = 0; i < 10_000; i++)
      lines.push(`Người Thứ ${i},${1940 + (i % 60)},0011${String(i).padStart(8, "0")}`);
    const first = await upload(
      board,
      setup.point.id,
      "lon.csv",
      new TextEncoder().encode(lines.join("\n")),
      htmx,
    );
    expect(first.status).toBe(202);
    // Follow the progress fragment: the counts shown grow until the check ends.
    let html = await first.text();
    const seen: number[] = [];
    for (let i = 0; i < 500 && html.includes("Đang kiểm tra"); i++) {
      const checked = html.match(/đã kiểm tra ([\d.]+)\//)?.[1];
      if (checked) seen.push(Number(checked.replaceAll(".", "")));
      const job = paths.board.rosterJob(setup.point.id, dataAttr(html, "job-id") ?? "");
      // The fragment asks for its own progress at that address.
      expect(html).toContain(`hx-get="${job}"`);
      await new Promise((r) => setTimeout(r, 10));
      html = await (await board.get(job, htmx)).text();
    }
    expect(html).toContain("Đã nhập 10.000 người");
    expect(seen.length).toBeGreaterThan(0);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(t.store.rosters.count(setup.point.id)).toBe(10_000);
  });
});

describe("stamp and amendments", () => {
  it("stamp - refused with the list of what is missing", async () => {
    const res = await board.post(paths.board.stamp, await stampForm(board), htmx);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("chưa có danh sách người ghi phiếu");
    expect(t.store.campaigns.current()?.state).toBe("draft");
  });

  it("stamp - records the configuration and roster digests, then editing is refused with an explanation", async () => {
    await readyToStamp();
    const res = await board.post(paths.board.stamp, await stampForm(board), htmx);
    expect(res.status).toBe(200);
    const campaign = t.store.campaigns.current();
    expect(campaign?.state).toBe("stamped");
    expect(campaign?.configDigest).toMatch(/^[0-9a-f]{64}$/);
    const commitments = t.store.rosters.commitments(setup.point.id);
    expect(commitments).toHaveLength(1);
    expect(commitments[0]).toMatchObject({ version: 1, entries: 200 });
    expect(t.store.audit.list().at(-1)?.action).toBe("campaign.stamp");

    const edit = await board.post(
      paths.board.communes,
      { code: "ST", name: "Xã Sơn Thọ", mergedInto: "Xã Điền Thọ" },
      htmx,
    );
    expect(edit.status).toBe(409);
    expect(await edit.text()).toContain("Danh sách đã được đóng dấu");
    const page = await (await board.get(paths.board.officials)).text();
    expect(page).toContain("Danh sách đã được đóng dấu: không sửa trực tiếp được nữa.");
    const reimport = await upload(board, setup.point.id, "roster-hq-t1.csv", sampleCsv(), htmx);
    expect(reimport.status).toBe(409);
    const again = await board.post(paths.board.stamp, await stampForm(board), htmx);
    expect(again.status).toBe(409);
  });

  it("stamp - freezes the lists its page showed or nothing: a roster imported by another member meanwhile is not frozen unseen", async () => {
    await readyToStamp();
    const seen = await stampForm(board);
    expect(seen["ban-xem"]).toMatch(/^[0-9a-f]{64}$/);
    // Another member imports a new list for the point while this one has the page open.
    const lines = ["Họ và tên,Năm sinh", "Lê Văn Mới,1960", "Trần Thị Mới,1970", "Phạm Văn Mới,1980"];
    await uploadAndWait(setup.point.id, "danh-sach-moi.csv", new TextEncoder().encode(lines.join("\n")));
    const stale = await board.post(paths.board.stamp, seen, htmx);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("đã thay đổi kể từ khi trang này được mở: chưa đóng dấu");
    expect(t.store.campaigns.current()?.state).toBe("draft");
    expect(t.store.rosters.commitments(setup.point.id)).toHaveLength(0);
    // A form without it (a page too old) is refused too; read again, the lists shown are frozen.
    expect((await board.post(paths.board.stamp, {}, htmx)).status).toBe(409);
    expect((await board.post(paths.board.stamp, await stampForm(board), htmx)).status).toBe(200);
    expect(t.store.rosters.commitments(setup.point.id)[0]).toMatchObject({ entries: lines.length - 1 });
  });

  it("stamp - refused when the campaign switched to one ballot per household after the import", async () => {
    await readyToStamp();
    const lines = ["Họ và tên,Năm sinh", "Lê Văn Không Hộ,1960"];
    await uploadAndWait(setup.point.id, "khong-ma-ho.csv", new TextEncoder().encode(lines.join("\n")));
    const c = t.store.campaigns.current();
    if (!c) throw new Error("no campaign");
    unwrap(t.store.campaigns.update(c.id, { ...c, onePer: "household" }));
    const res = await board.post(paths.board.stamp, await stampForm(board), htmx);
    expect(res.status).toBe(409);
    expect(t.store.campaigns.current()?.state).toBe("draft");
    const page = await (await board.get(paths.board.stamp)).text();
    expect(page).toContain("1 người không có mã hộ");
  });

  it("stamp race - a form whose body arrives after the stamp changes nothing (checked inside the write)", async () => {
    await readyToStamp();
    const token = await board.csrf();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const FORM = new TextEncoder().encode("code=HQ&name=X%C3%A3+%C4%91%C3%A3+s%E1%BB%ADa&mergedInto=Sau");
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        await gate;
        controller.enqueue(FORM);
        controller.close();
      },
    });
    // The token travels in the header, so nothing reads the body before the handler does.
    const pending = board.request(paths.board.commune(setup.hq.id), {
      method: "POST",
      // With a declared length the body limit does not buffer it: the handler itself waits for it.
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": String(FORM.byteLength),
        "X-CSRF-Token": token,
        ...htmx,
      },
      body,
      duplex: "half",
    } as RequestInit);
    await new Promise((r) => setTimeout(r, 20));
    expect((await board.post(paths.board.stamp, await stampForm(board), htmx)).status).toBe(200);
    release();
    const res = await pending;
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Danh sách đã được đóng dấu");
    expect(t.store.campaigns.commune(setup.campaign.id, setup.hq.id)?.name).toBe("Xã Hương Quang");
  });

  it.each([
    [
      "officials",
      () => paths.board.officials,
      () => ({ code: "HQ-09", name: "A", position: "B", communeId: String(setup.hq.id) }),
    ],
    ["official move", () => `${paths.board.official(setup.officials[0]?.id ?? 0)}/xuong`, () => ({})],
    ["official delete", () => `${paths.board.official(setup.officials[0]?.id ?? 0)}/xoa`, () => ({})],
    [
      "points",
      () => paths.board.points,
      () => ({ code: "HQ-T5", name: "Thôn 5", communeId: String(setup.hq.id), days: "2026-10-27" }),
    ],
    ["point delete", () => `${paths.board.point(setup.point.id)}/xoa`, () => ({})],
    ["ballot style", () => `${paths.board.point(setup.point.id)}/phieu`, () => ({ mode: "default" })],
    ["commune delete", () => `${paths.board.commune(setup.ht.id)}/xoa`, () => ({})],
    [
      "campaign",
      () => paths.board.campaign,
      () => ({
        code: "X",
        name: "Y",
        aggregator: "Z",
        district: "W",
        days: "27/10/2026",
        onePer: "resident",
        ruleSet: "qd96-2023",
        smallPointThreshold: "5",
      }),
    ],
  ])(
    "stamp lock - %s after the stamp: 409 with the explanation, nothing changed",
    async (_what, path, fields) => {
      await readyToStamp();
      await board.post(paths.board.stamp, await stampForm(board), htmx);
      const before = t.store.campaigns.current()?.configDigest;
      const auditBefore = t.store.audit.list().length;
      const res = await board.post(path(), fields(), htmx);
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("Danh sách đã được đóng dấu");
      expect(t.store.audit.list()).toHaveLength(auditBefore);
      const model = (await import("../../server/services/setup.ts")).loadSetupModel(
        t.store,
        t.store.campaigns.current() as never,
      );
      if (!model.ok) throw new Error(model.error.message);
      const { configCommitment } = await import("../../server/domain/setup.ts");
      expect(configCommitment(model.value)).toBe(before);
    },
  );

  it("stamp lock - without script the refusal is a page titled 'Không thực hiện được', not 'invalid request'", async () => {
    await readyToStamp();
    await board.post(paths.board.stamp, await stampForm(board), htmx);
    const res = await upload(board, setup.point.id, "roster-hq-t1.csv", sampleCsv());
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html.match(/<title>[^<]*<\/title>/)?.[0]).toBe("<title>Không thực hiện được · Tín Nhiệm</title>");
    expect(html).toContain("Danh sách đã được đóng dấu");
  });

  it("amend - adding a missed resident needs a reason, makes version 2 and keeps version 1", async () => {
    await readyToStamp();
    await board.post(paths.board.stamp, await stampForm(board), htmx);
    const noReason = await board.post(
      paths.board.rosterAmend(setup.point.id),
      { fullName: "Ngô Văn Mới", birthYear: "1970", reason: "" },
      htmx,
    );
    expect(noReason.status).toBe(422);
    expect(t.store.rosters.count(setup.point.id)).toBe(200);
    const young = await board.post(
      paths.board.rosterAmend(setup.point.id),
      { fullName: "Ngô Văn Mới", birthYear: "2012", reason: "Bị sót khi lập danh sách" },
      htmx,
    );
    expect(young.status).toBe(422);
    expect(await young.text()).toContain("Chưa đủ 18 tuổi");
    const res = await board.post(
      paths.board.rosterAmend(setup.point.id),
      { fullName: "Ngô Văn Mới", birthYear: "1970", gender: "Nam", reason: "Bị sót khi lập danh sách" },
      htmx,
    );
    expect(res.status).toBe(200);
    expect(t.store.rosters.count(setup.point.id)).toBe(201);
    const history = t.store.rosters.commitments(setup.point.id);
    expect(history.map((h) => h.version)).toEqual([1, 2]);
    expect(history[1]?.digest).not.toBe(history[0]?.digest);
    expect(history[1]).toMatchObject({ reason: "Bị sót khi lập danh sách", entries: 201 });
    expect(t.store.audit.list().at(-1)).toMatchObject({ action: "roster.amend.add", subject: "HQ-T1" });
  });

  it("amend - correcting a typo changes that entry and the digest", async () => {
    await readyToStamp();
    await board.post(paths.board.stamp, await stampForm(board), htmx);
    const entry = t.store.rosters.list(setup.point.id, 1)[0];
    if (!entry) throw new Error("fixture");
    const res = await board.post(
      paths.board.rosterAmend(setup.point.id),
      {
        entryId: String(entry.id),
        fullName: "Võ Văn Dũng",
        birthYear: "1953",
        gender: "Nam",
        cccd: entry.cccd ?? "",
        householdCode: entry.householdCode ?? "",
        relation: entry.relation ?? "",
        reason: "Sửa năm sinh theo CCCD",
      },
      htmx,
    );
    expect(res.status).toBe(200);
    expect(t.store.rosters.entry(entry.id)?.birthYear).toBe(1953);
    expect(t.store.rosters.count(setup.point.id)).toBe(200);
    expect(t.store.rosters.commitments(setup.point.id)).toHaveLength(2);
  });

  it("amend - a CCCD already on this point's list is refused next to the field; nothing changes", async () => {
    await readyToStamp();
    await board.post(paths.board.stamp, await stampForm(board), htmx);
    const [first, second] = t.store.rosters.list(setup.point.id, 2);
    if (!first?.cccd || !second) throw new Error("fixture");
    const auditBefore = t.store.audit.list().length;
    const attempts: Record<string, string>[] = [
      { fullName: "Ngô Văn Mới", birthYear: "1970", cccd: first.cccd, reason: "Bị sót khi lập danh sách" },
      {
        entryId: String(second.id),
        fullName: second.fullName,
        birthYear: String(second.birthYear),
        cccd: first.cccd,
        reason: "Sửa số CCCD",
      },
    ];
    for (const fields of attempts) {
      const res = await board.post(paths.board.rosterAmend(setup.point.id), fields, htmx);
      expect(res.status).toBe(422);
      expect(await res.text()).toContain("Số CCCD này đã có trong danh sách.");
    }
    expect(t.store.rosters.count(setup.point.id)).toBe(200);
    expect(t.store.rosters.entry(second.id)?.cccd).toBe(second.cccd);
    expect(t.store.rosters.commitments(setup.point.id)).toHaveLength(1);
    expect(t.store.audit.list()).toHaveLength(auditBefore);
  });

  it("import - a CCCD another point took meanwhile: refused as a value, the old list untouched", async () => {
    await uploadAndWait(setup.point.id, "roster-hq-t1.csv", sampleCsv());
    const taken = t.store.rosters.list(setup.point.id, 1)[0];
    const other = unwrap(
      t.store.points.create(setup.campaign.id, {
        code: "HQ-T2",
        name: "Thôn 2",
        communeId: setup.hq.id,
        days: ["2026-10-27"],
      }),
    );
    const entry = {
      row: 2,
      fullName: "Lê Văn Hai",
      birthYear: 1960,
      birthDate: null,
      gender: null,
      cccd: "001160000009",
    };
    const rest = { householdCode: null, relation: null, village: null };
    unwrap(
      storeImportedRoster(t, BOARD_ACTOR, {
        campaignId: setup.campaign.id,
        pointId: other.id,
        fileName: "t2.csv",
        entries: [{ ...entry, ...rest }],
      }),
    );
    const stored = storeImportedRoster(t, BOARD_ACTOR, {
      campaignId: setup.campaign.id,
      pointId: other.id,
      fileName: "t2-lai.csv",
      entries: [
        { ...entry, fullName: "Lê Văn Ba", cccd: "001160000010", ...rest },
        { ...entry, row: 3, cccd: taken?.cccd ?? "", ...rest },
      ],
    });
    expect(stored).toMatchObject({ ok: false, error: { code: "cccd_taken" } });
    expect(t.store.rosters.list(other.id).map((e) => e.fullName)).toEqual(["Lê Văn Hai"]);
    expect(t.store.audit.list().at(-1)).toMatchObject({
      action: "roster.import",
      details: { fileName: "t2.csv" },
    });
  });

  it("amend - refused before the stamp (import instead)", async () => {
    const res = await board.post(
      paths.board.rosterAmend(setup.point.id),
      { fullName: "A B", birthYear: "1970", reason: "Bị sót khi lập" },
      htmx,
    );
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Danh sách chưa đóng dấu");
  });
});

describe("age rule to the day (issue #8)", () => {
  /** Moves the campaign's only voting day, and the point's with it, the way a draft can be edited. */
  const moveDays = (day: string) => {
    const campaign = t.store.campaigns.current();
    if (!campaign) throw new Error("no campaign");
    t.store.campaigns.update(campaign.id, { ...campaign, days: [day] });
    const { code, name, communeId } = setup.point;
    t.store.points.update(setup.point.id, { code, name, communeId, days: [day] });
  };

  it("stamp - born 01/09/2008, imported for 06/12/2026, refused once the first day moves to 01/03/2026", async () => {
    moveDays("2026-12-06");
    await readyToStamp();
    const lines = ["Họ và tên,Ngày sinh", "Nguyễn Văn Trẻ,01/09/2008", "Võ Văn Dũng,12/03/1952"];
    const imported = await uploadAndWait(
      setup.point.id,
      "ngay-sinh.csv",
      new TextEncoder().encode(lines.join("\n")),
    );
    expect(imported.status).toBe(200);
    expect(t.store.rosters.list(setup.point.id).map((e) => [e.birthYear, e.birthDate])).toEqual([
      [2008, "2008-09-01"],
      [1952, "1952-03-12"],
    ]);

    moveDays("2026-03-01");
    const refused = await board.post(paths.board.stamp, await stampForm(board), htmx);
    expect(refused.status).toBe(409);
    expect(t.store.campaigns.current()?.state).toBe("draft");
    const page = await (await board.get(paths.board.stamp)).text();
    expect(page).toContain("1 người trong danh sách chưa đủ 18 tuổi theo ngày lấy phiếu hiện tại");

    moveDays("2026-09-01");
    expect((await board.get(paths.board.stamp)).status).toBe(200);
    const stamped = await board.post(paths.board.stamp, await stampForm(board), htmx);
    expect(stamped.status).toBe(200);
    expect(t.store.campaigns.current()?.state).toBe("stamped");
  });

  it("stamp - a year alone is still judged by the year when the first day moves within that year", async () => {
    moveDays("2026-12-06");
    await readyToStamp();
    const lines = ["Họ và tên,Năm sinh", "Nguyễn Văn Trẻ,2008"];
    await uploadAndWait(setup.point.id, "nam-sinh.csv", new TextEncoder().encode(lines.join("\n")));
    expect(t.store.rosters.list(setup.point.id).map((e) => [e.birthYear, e.birthDate])).toEqual([
      [2008, null],
    ]);
    moveDays("2026-03-01");
    expect((await board.post(paths.board.stamp, await stampForm(board), htmx)).status).toBe(200);
  });

  it("amend - a date of birth is kept, and judged to the day against the first voting day (27/10/2026)", async () => {
    await readyToStamp();
    await board.post(paths.board.stamp, await stampForm(board), htmx);
    const young = await board.post(
      paths.board.rosterAmend(setup.point.id),
      { fullName: "Trần Văn Sát Ngày", birthYear: "28/10/2008", reason: "Bị sót khi lập danh sách" },
      htmx,
    );
    expect(young.status).toBe(422);
    expect(await young.text()).toContain(
      "Chưa đủ 18 tuổi vào ngày lấy phiếu đầu tiên (27/10/2026): sinh ngày 28/10/2008.",
    );
    expect(t.store.rosters.count(setup.point.id)).toBe(200);
    const res = await board.post(
      paths.board.rosterAmend(setup.point.id),
      { fullName: "Trần Văn Sát Ngày", birthYear: "27/10/2008", reason: "Bị sót khi lập danh sách" },
      htmx,
    );
    expect(res.status).toBe(200);
    expect(t.store.rosters.list(setup.point.id).at(-1)).toMatchObject({
      fullName: "Trần Văn Sát Ngày",
      birthYear: 2008,
      birthDate: "2008-10-27",
      amended: true,
    });
  });

  it("amendRoster - the service itself refuses a resident under 18 on the first voting day", async () => {
    await readyToStamp();
    await board.post(paths.board.stamp, await stampForm(board), htmx);
    const campaign = t.store.campaigns.current();
    if (!campaign) throw new Error("no campaign");
    const entry = (birthDate: string) => ({
      row: 0,
      fullName: "Trần Văn Sát Ngày",
      birthYear: 2008,
      birthDate,
      gender: null,
      cccd: null,
      householdCode: null,
      relation: null,
      village: null,
    });
    const amend = (birthDate: string) =>
      amendRoster(t, BOARD_ACTOR, {
        campaign,
        point: setup.point,
        amendment: { kind: "add", entry: entry(birthDate) },
        reason: "Bị sót khi lập danh sách",
      });
    const refused = amend("2008-10-28");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe("not_adult");
    expect(t.store.rosters.count(setup.point.id)).toBe(200);
    expect(t.store.rosters.commitments(setup.point.id)).toHaveLength(1);
    expect(amend("2008-10-27").ok).toBe(true);
    expect(t.store.rosters.count(setup.point.id)).toBe(201);
  });
});

describe("bad input (review)", () => {
  it("amend - a garbled entryId is refused, never turned into an addition", async () => {
    await readyToStamp();
    await board.post(paths.board.stamp, await stampForm(board), htmx);
    for (const entryId of ["abc", "0x1", "-3", "1.5"]) {
      const res = await board.post(
        paths.board.rosterAmend(setup.point.id),
        { entryId, fullName: "Ngô Văn Mới", birthYear: "1970", reason: "Sửa lỗi đánh máy" },
        htmx,
      );
      expect(res.status, entryId).toBe(422);
      expect(await res.text()).toContain("Không tìm thấy người cần sửa");
    }
    expect(t.store.rosters.count(setup.point.id)).toBe(200);
    expect(t.store.rosters.commitments(setup.point.id)).toHaveLength(1);
  });

  it("roster search - reaches a resident beyond the first 200 rows", async () => {
    const lines = ["Họ và tên,Năm sinh"];
    for (let i = 0; i < 450; i++) lines.push(`Người Số ${i},1960`);
    lines.push("Đinh Thị Cuối Danh Sách,1961");
    await uploadAndWait(setup.point.id, "dai.csv", new TextEncoder().encode(lines.join("\n")));
    const plain = await (await board.get(paths.board.roster(setup.point.id))).text();
    expect(plain).not.toContain("Đinh Thị Cuối Danh Sách");
    const found = await (await board.get(`${paths.board.roster(setup.point.id)}?q=dinh+thi+cuoi`)).text();
    expect(found).toContain("Đinh Thị Cuối Danh Sách");
    expect(found).toContain("1 người khớp");
  });

  it.each([
    ["smallPointThreshold", "2.5"],
    ["smallPointThreshold", "5.5"],
    ["minTurnoutPercent", "50.0"],
  ])("campaign - %s %s is refused, not read as thousands", async (field, value) => {
    const res = await board.post(
      paths.board.campaign,
      {
        code: "VQ-TEST",
        name: "Đợt",
        aggregator: "Ban",
        district: "Huyện",
        days: "27/10/2026",
        onePer: "resident",
        ruleSet: "qd96-2023",
        smallPointThreshold: "5",
        [field]: value,
      },
      htmx,
    );
    expect(res.status).toBe(422);
  });

  it("campaign - a custom rule set works for a code with a dot", async () => {
    const res = await board.post(
      paths.board.campaign,
      {
        code: "VQ.2026_A",
        name: "Đợt",
        aggregator: "Ban",
        district: "Huyện",
        days: "27/10/2026, 28/10/2026",
        onePer: "resident",
        ruleSet: "custom",
        customDenominator: "collected",
        customFirst: "1/2",
        customSecond: "3/4",
        smallPointThreshold: "5",
      },
      htmx,
    );
    expect(res.status).toBe(200);
    const ruleSet = t.store.campaigns.current()?.ruleSet;
    expect(typeof ruleSet === "object" && ruleSet.id).toBe("custom");
  });

  it("forms - zod's own messages are Vietnamese too (a field missing altogether)", async () => {
    const res = await board.post(paths.board.communes, {}, htmx);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toMatch(/Invalid|expected/);
  });

  it("codes - differ only by case is a duplicate", async () => {
    const res = await board.post(
      paths.board.communes,
      { code: "hq", name: "Xã khác", mergedInto: "Xã mới" },
      htmx,
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Mã xã này đã có.");
  });

  it("points - a day sent twice is stored once", async () => {
    const res = await board.request(paths.board.points, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...htmx },
      body: `_csrf=${await board.csrf()}&code=HQ-T7&name=Th%C3%B4n%207&communeId=${setup.hq.id}&days=2026-10-27&days=2026-10-27`,
    });
    expect(res.status).toBe(200);
    expect(t.store.points.list(setup.campaign.id).find((p) => p.code === "HQ-T7")?.days).toEqual([
      "2026-10-27",
    ]);
  });

  it("upload without JavaScript and without a file - the page says why", async () => {
    const token = await board.csrf();
    const form = new FormData();
    form.set("_csrf", token);
    const res = await board.request(paths.board.rosterImport(setup.point.id), { method: "POST", body: form });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Chưa chọn tệp danh sách.");
  });

  it("upload cut off half-way (a multipart body that cannot be read) - said as such, nothing imported", async () => {
    const token = await board.csrf();
    const before = t.store.rosters.count(setup.point.id);
    const res = await board.request(paths.board.rosterImport(setup.point.id), {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=ranh-gioi", "X-CSRF-Token": token, ...htmx },
      body: '--ranh-gioi\r\nContent-Disposition: form-data; name="file"; filename="ds.csv"\r\n\r\nHọ và tên,Năm si',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Tệp gửi lên không đọc được");
    expect(html).not.toContain("Chưa chọn tệp danh sách.");
    expect(t.store.rosters.count(setup.point.id)).toBe(before);
  });
});
