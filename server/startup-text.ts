import type { Store } from "./db/store.ts";
import { formatDate } from "./domain/calendar.ts";
import type { KioskAddress } from "./http/kiosk-address.ts";
import { qrTerminal } from "./http/kiosk-address.ts";
import { DEMO_BOARD_USERNAME, DEMO_PASSWORD, type DemoLogin } from "./seed.ts";

/**
 * What `npm start` prints for the person at the terminal (issue #14 "the first start"): where to
 * open the app, where the tablets must go (with a QR code), which points vote today and with which
 * accounts. Human text only, on stdout; request logs are JSON lines on stderr (server/logger.ts), so
 * neither stream mixes two formats.
 */
export type StartupModel = {
  /** The app on this machine ("http://127.0.0.1:3000"). */
  localUrl: string;
  /** PUBLIC_URL when set: what users type. */
  publicUrl: string | null;
  kiosk: KioskAddress;
  databasePath: string;
  /** One line about the kiosk's spoken guidance (its voice and folder, or that it is off), when known. */
  speech?: string;
  /** Vietnam date of today, "YYYY-MM-DD". */
  today: string;
  campaign: {
    code: string;
    name: string;
    days: string[];
    isSample: boolean;
    /** The points voting today, each with the officer accounts assigned to it. */
    pointsToday: { code: string; name: string; accounts: string[] }[];
    /** The next voting day after today, when none votes today. */
    nextDay: string | null;
  } | null;
  /** The sample accounts made at this start (their shared password is printed once, here). */
  logins: DemoLogin[];
  /** The sample campaign was loaded earlier: its published password is recalled, never a real one. */
  sampleAlready: boolean;
  /** The sample's board accounts still in the database, named again at a later start. */
  sampleBoard?: string[];
  /** The database was not made as a demo, so DEMO=1 did not load the sample. */
  demoRefused: boolean;
};

/**
 * The sample's board account when the database still has it, enabled (read only): the sample
 * campaign's other board accounts, if someone added any, have passwords of their own and are not
 * printed under the shared one.
 */
export function sampleBoardAccounts(store: Store): string[] {
  return store.users
    .list()
    .filter((u) => u.role === "board" && u.username === DEMO_BOARD_USERNAME && !u.disabled)
    .map((u) => u.username);
}

/** Reads what the start-up text needs from the store (read only). */
export function startupCampaign(store: Store, today: string): StartupModel["campaign"] {
  const campaign = store.campaigns.current();
  if (!campaign) return null;
  const points = store.points.list(campaign.id);
  const officers = store.officers.list();
  const pointsToday = points
    .filter((p) => p.days.includes(today))
    .map((p) => ({
      code: p.code,
      name: p.name,
      accounts: officers.filter((o) => o.pointIds.includes(p.id)).map((o) => o.username),
    }));
  const later = points
    .flatMap((p) => p.days)
    .filter((d) => d > today)
    .sort();
  return {
    code: campaign.code,
    name: campaign.name,
    days: campaign.days,
    isSample: campaign.isSample,
    pointsToday,
    nextDay: pointsToday.length === 0 ? (later[0] ?? null) : null,
  };
}

/** Where the teams' accounts are: listed above when points vote today, else how they are named. */
const teamAccountsLine = (listedAbove: boolean): string =>
  listedAbove
    ? "  Tổ công tác: các tài khoản ghi ở từng điểm trên (mỗi điểm có Tổ trưởng <mã điểm>-1 và các thành viên)."
    : "  Tổ công tác: mỗi điểm có Tổ trưởng <mã điểm>-1 và các thành viên <mã điểm>-2, <mã điểm>-3 (ví dụ hq-t1-1).";

/** The start-up text; pure, so a test reads exactly what the terminal shows. */
export function startupText(m: StartupModel, options: { qr?: boolean } = {}): string {
  const lines: string[] = ["", "Tín Nhiệm đang chạy.", `  Mở trên máy này:        ${m.localUrl}`];
  const kioskUrl = m.kiosk.urls[0];
  if (m.publicUrl) lines.push(`  Địa chỉ cho người dùng: ${m.publicUrl}`);
  // Listening on the room's network without a PUBLIC_URL: the other laptops (the second officer's,
  // the board's) open the app at the address the tablets use (newcomer trial: only 127.0.0.1 was
  // printed, and they had to guess it from the kiosk line).
  else if (kioskUrl) lines.push(`  Máy khác trong mạng mở: ${new URL(kioskUrl).origin}`);
  if (kioskUrl) {
    lines.push(`  Máy ghi phiếu (máy tính bảng của cử tri) mở: ${kioskUrl}`);
    for (const other of m.kiosk.urls.slice(1)) lines.push(`    hoặc: ${other}`);
    if (options.qr ?? true)
      lines.push(
        "",
        ...qrTerminal(kioskUrl)
          .split("\n")
          .map((l) => `  ${l}`),
      );
  } else {
    lines.push(
      `  Máy ghi phiếu: máy chủ chỉ nhận kết nối từ chính máy này (${m.kiosk.local}).`,
      "    Để máy tính bảng trong phòng kết nối được, khởi động với HOST=0.0.0.0 (ví dụ: HOST=0.0.0.0 npm start).",
    );
  }
  lines.push(`  Cơ sở dữ liệu: ${m.databasePath} (phiếu ở tệp riêng bên cạnh, *-ballots.sqlite)`);
  if (m.speech) lines.push(`  ${m.speech}`);
  if (m.demoRefused) {
    lines.push(
      "",
      "Cơ sở dữ liệu này không được tạo ở chế độ dữ liệu mẫu nên không nạp dữ liệu mẫu (DEMO chỉ áp dụng cho cơ sở dữ liệu mới).",
    );
  }

  const c = m.campaign;
  lines.push("");
  if (!c) {
    lines.push("Chưa có đợt lấy phiếu: Ban Tổ chức đăng nhập để tạo đợt.");
  } else {
    lines.push(`Đợt lấy phiếu: ${c.name} (mã ${c.code}), ngày ${c.days.map(formatDate).join(", ")}.`);
    if (c.pointsToday.length === 0) {
      lines.push(
        c.nextDay
          ? `Hôm nay (${formatDate(m.today)}) không có điểm nào lấy phiếu; ngày lấy phiếu tiếp theo: ${formatDate(c.nextDay)}.`
          : `Hôm nay (${formatDate(m.today)}) không có điểm nào lấy phiếu.`,
      );
    } else {
      lines.push(
        `Hôm nay (${formatDate(m.today)}) lấy phiếu ở ${c.pointsToday.length} điểm; tài khoản tổ công tác:`,
      );
      const width = Math.max(...c.pointsToday.map((p) => p.code.length));
      for (const p of c.pointsToday) {
        const accounts = p.accounts.length > 0 ? p.accounts.join(", ") : "chưa có cán bộ nào được phân công";
        lines.push(`  ${p.code.padEnd(width)}  ${p.name}: ${accounts}`);
      }
    }
  }

  const teamLine = teamAccountsLine((m.campaign?.pointsToday.length ?? 0) > 0);
  const password = m.logins[0]?.password;
  if (m.logins.length > 0 && password) {
    const board = m.logins.filter((l) => l.role === "board").map((l) => l.username);
    lines.push(
      "",
      `Đã nạp đợt lấy phiếu mẫu. Mật khẩu chung của mọi tài khoản dùng thử: ${password}`,
      `  Ban Tổ chức: ${board.join(", ")}`,
      teamLine,
    );
  } else if (m.sampleAlready) {
    // Only for the sample campaign: a real database never gets a password printed.
    // Named again at every start (newcomer trial: after a restart only the password was printed,
    // and the board's account had to be remembered from the first start).
    lines.push(
      "",
      `Đợt lấy phiếu mẫu đã có sẵn; mật khẩu chung của các tài khoản dùng thử: ${DEMO_PASSWORD} (tài khoản đã đổi mật khẩu thì dùng mật khẩu mới).`,
    );
    if (m.sampleBoard && m.sampleBoard.length > 0) lines.push(`  Ban Tổ chức: ${m.sampleBoard.join(", ")}`);
    lines.push(teamLine);
  }
  lines.push("", "Nhật ký các yêu cầu (JSON, mỗi dòng một yêu cầu) ghi ra stderr.", "");
  return `${lines.join("\n")}\n`;
}
