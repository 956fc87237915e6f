import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Store } from "../../server/db/store.ts";
import { kioskAddress, lanAddresses, localUrl } from "../../server/http/kiosk-address.ts";
import { parseScenario, sampleOnToday } from "../../server/seed.ts";
import { type StartupModel, sampleBoardAccounts, startupText } from "../../server/startup-text.ts";

const iface = (address: string, internal = false, family: "IPv4" | "IPv6" = "IPv4") => ({
  address,
  netmask: "255.255.255.0",
  family,
  mac: "00:00:00:00:00:00",
  internal,
  cidr: null,
  scopeid: 0,
});

describe("kiosk address", () => {
  it("lanAddresses - non-loopback IPv4 only, private ranges first, no link-local", () => {
    const found = lanAddresses({
      lo: [iface("127.0.0.1", true), iface("::1", true, "IPv6")],
      docker0: [iface("172.17.0.1")],
      eth0: [iface("10.1.2.3"), iface("fe80::1", false, "IPv6")],
      wlan0: [iface("192.168.1.20")],
      usb0: [iface("169.254.3.4")],
    } as never);
    expect(found).toEqual(["192.168.1.20", "10.1.2.3", "172.17.0.1"]);
  });

  it.each([
    // [listen host, request URL, expected kiosk URLs, reachable]
    [
      "0.0.0.0",
      "http://192.168.1.20:3000/x",
      ["http://192.168.1.20:3000/kiosk", "http://10.0.0.5:3000/kiosk"],
      true,
    ],
    [
      "0.0.0.0",
      "http://localhost:3000/x",
      ["http://192.168.1.20:3000/kiosk", "http://10.0.0.5:3000/kiosk"],
      true,
    ],
    [
      "0.0.0.0",
      "http://diem-hq.local:3000/x",
      ["http://diem-hq.local:3000/kiosk", "http://192.168.1.20:3000/kiosk", "http://10.0.0.5:3000/kiosk"],
      true,
    ],
    ["192.168.1.20", undefined, ["http://192.168.1.20:3000/kiosk"], true],
    ["127.0.0.1", "http://127.0.0.1:3000/x", [], false],
    ["localhost", undefined, [], false],
  ] as const)("kioskAddress - listening on %s, asked at %s", (listenHost, requestUrl, urls, reachable) => {
    const a = kioskAddress({ listenHost, port: 3000, requestUrl, lan: ["192.168.1.20", "10.0.0.5"] });
    expect(a.urls).toEqual(urls);
    expect(a.reachable).toBe(reachable);
    expect(a.urls.join(" ")).not.toContain("0.0.0.0");
  });

  it("kioskAddress - PUBLIC_URL wins: behind a proxy it is the only address that works", () => {
    const a = kioskAddress({
      publicUrl: "https://tinnhiem.example.vn",
      listenHost: "127.0.0.1",
      port: 3000,
      lan: ["192.168.1.20"],
    });
    expect(a.urls).toEqual(["https://tinnhiem.example.vn/kiosk"]);
  });

  it("localUrl - 127.0.0.1 unless the server listens on one address", () => {
    expect(localUrl("0.0.0.0", 3000)).toBe("http://127.0.0.1:3000");
    expect(localUrl("127.0.0.1", 3000)).toBe("http://127.0.0.1:3000");
    expect(localUrl("192.168.1.20", 3000)).toBe("http://192.168.1.20:3000");
  });
});

const MODEL: StartupModel = {
  localUrl: "http://127.0.0.1:3000",
  publicUrl: null,
  kiosk: { urls: ["http://192.168.1.20:3000/kiosk"], reachable: true, local: "http://127.0.0.1:3000/kiosk" },
  databasePath: "./data/tin-nhiem.sqlite",
  today: "2026-11-30",
  campaign: {
    code: "VQ-2026-SN",
    name: "Lấy phiếu tín nhiệm (dữ liệu mẫu)",
    days: ["2026-11-30", "2026-12-01"],
    isSample: true,
    pointsToday: [
      { code: "HQ-T1", name: "Thôn 1, Xã Hương Quang", accounts: ["hq-t1-1", "hq-t1-2", "hq-t1-3"] },
      { code: "HT-T12", name: "Thôn 12, Xã Hương Thọ", accounts: [] },
    ],
    nextDay: null,
  },
  logins: [
    { username: "bantochuc", password: "tinnhiem-demo", role: "board", name: "Ban", note: "Ban Tổ chức" },
  ],
  sampleAlready: false,
  demoRefused: false,
};

describe("startupText", () => {
  it("startupText - today's points with their accounts, the kiosk address with a QR code, the demo password once", () => {
    const text = startupText(MODEL);
    expect(text).toContain("Mở trên máy này:        http://127.0.0.1:3000");
    expect(text).toContain("Máy ghi phiếu (máy tính bảng của cử tri) mở: http://192.168.1.20:3000/kiosk");
    // The officers' and the board's other laptops: the same machine, the app's own address.
    expect(text).toContain("  Máy khác trong mạng mở: http://192.168.1.20:3000\n");
    expect(text).toContain(
      "Đợt lấy phiếu: Lấy phiếu tín nhiệm (dữ liệu mẫu) (mã VQ-2026-SN), ngày 30/11/2026, 01/12/2026.",
    );
    expect(text).toContain("Hôm nay (30/11/2026) lấy phiếu ở 2 điểm; tài khoản tổ công tác:");
    expect(text).toContain("  HQ-T1   Thôn 1, Xã Hương Quang: hq-t1-1, hq-t1-2, hq-t1-3");
    expect(text).toContain("  HT-T12  Thôn 12, Xã Hương Thọ: chưa có cán bộ nào được phân công");
    expect(text.match(/tinnhiem-demo/g)).toHaveLength(1);
    // The QR code in block characters, and no JSON log line among the human text.
    expect(text).toMatch(/[▀▄█]{7}/);
    expect(text).not.toContain('{"level"');
    expect(text.normalize("NFC")).toBe(text);
  });

  it("startupText - no point today names the next day; a loopback server says how to let tablets in; a real database prints no password", () => {
    const text = startupText({
      ...MODEL,
      kiosk: { urls: [], reachable: false, local: "http://127.0.0.1:3000/kiosk" },
      campaign: MODEL.campaign && {
        ...MODEL.campaign,
        isSample: false,
        pointsToday: [],
        nextDay: "2026-12-01",
      },
      logins: [],
    });
    expect(text).toContain(
      "Hôm nay (30/11/2026) không có điểm nào lấy phiếu; ngày lấy phiếu tiếp theo: 01/12/2026.",
    );
    expect(text).toContain("HOST=0.0.0.0");
    expect(text).not.toContain("0.0.0.0/kiosk");
    // Nobody else can reach it: no address for other machines.
    expect(text).not.toContain("Máy khác trong mạng");
    expect(text).not.toContain("tinnhiem-demo");
    expect(text).not.toMatch(/[▀▄█]{7}/);
  });
});

describe("a later start of the sample", () => {
  it("startupText - the sample already loaded: its shared password once, the board's account and the teams' hint (newcomer trial)", () => {
    const text = startupText({ ...MODEL, logins: [], sampleAlready: true, sampleBoard: ["bantochuc"] });
    expect(text).toContain("mật khẩu chung của các tài khoản dùng thử: tinnhiem-demo");
    expect(text).toContain("  Ban Tổ chức: bantochuc\n");
    expect(text).toContain("  Tổ công tác: các tài khoản ghi ở từng điểm trên");
    expect(text.match(/tinnhiem-demo/g)).toHaveLength(1);
    // No point votes today: nothing is listed above, so the line says how the accounts are named.
    const quiet = startupText({
      ...MODEL,
      campaign: MODEL.campaign && { ...MODEL.campaign, pointsToday: [], nextDay: "2026-12-01" },
      logins: [],
      sampleAlready: true,
      sampleBoard: ["bantochuc"],
    });
    expect(quiet).not.toContain("ở từng điểm trên");
    expect(quiet).toContain("  Tổ công tác: mỗi điểm có Tổ trưởng <mã điểm>-1");
    // Without the sample's board account (removed, disabled) no board line is printed.
    expect(startupText({ ...MODEL, logins: [], sampleAlready: true, sampleBoard: [] })).not.toContain(
      "Ban Tổ chức:",
    );
  });

  it("sampleBoardAccounts - the sample's board account only, enabled; another board account keeps its own password", () => {
    const store = Store.memory();
    const add = (username: string, role: "board" | "officer", disabled = 0) =>
      store.db.run(
        "INSERT INTO users (username, display_name, role, password_hash, created_at, disabled) VALUES (?, 'X', ?, 'x', '', ?)",
        [username, role, disabled],
      );
    expect(sampleBoardAccounts(store)).toEqual([]);
    add("bantochuc", "board");
    add("truongban", "board");
    add("hq-t1-1", "officer");
    expect(sampleBoardAccounts(store)).toEqual(["bantochuc"]);
    store.db.run("UPDATE users SET disabled = 1 WHERE username = 'bantochuc'");
    expect(sampleBoardAccounts(store)).toEqual([]);
    store.close();
  });
});

describe("the sample campaign's code and days", () => {
  const demo = () => {
    const path = fileURLToPath(new URL("../../scripts/scenarios/demo.json", import.meta.url));
    const parsed = parseScenario(JSON.parse(readFileSync(path, "utf8")));
    if (!parsed.ok) throw new Error(parsed.error.join("\n"));
    return parsed.value;
  };

  it("demo.json - the year in the code is the year of the days", () => {
    const s = demo();
    const year = /\b(19|20)\d{2}\b/.exec(s.campaign.code)?.[0];
    expect(year).toBeDefined();
    for (const day of s.campaign.days) expect(day.slice(0, 4)).toBe(year);
  });

  it.each(["2026-11-30", "2027-03-02", "2026-12-31"])(
    "sampleOnToday - seeded on %s, code and days agree",
    (today) => {
      const s = sampleOnToday(demo(), today);
      expect([...s.campaign.days].sort()[0]).toBe(today);
      expect(s.campaign.code).toBe(`VQ-${today.slice(0, 4)}-SN`);
    },
  );
});
