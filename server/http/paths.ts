/**
 * Every route path in one place: links, redirects, forms and tests use these, so a renamed route
 * cannot leave a dead link behind.
 */
export const paths = {
  home: "/",
  health: "/healthz",
  login: "/dang-nhap",
  logout: "/dang-xuat",
  changePassword: "/doi-mat-khau",
  board: {
    home: "/ban-to-chuc",
    audit: "/ban-to-chuc/nhat-ky",
    campaign: "/ban-to-chuc/dot",
    communes: "/ban-to-chuc/xa",
    commune: (id: number | string) => `/ban-to-chuc/xa/${id}`,
    officials: "/ban-to-chuc/can-bo",
    official: (id: number | string) => `/ban-to-chuc/can-bo/${id}`,
    points: "/ban-to-chuc/diem",
    point: (id: number | string) => `/ban-to-chuc/diem/${id}`,
    officers: "/ban-to-chuc/to-cong-tac",
    officer: (id: number | string) => `/ban-to-chuc/to-cong-tac/${id}`,
    roster: (pointId: number | string) => `/ban-to-chuc/danh-sach/${pointId}`,
    rosterImport: (pointId: number | string) => `/ban-to-chuc/danh-sach/${pointId}/nhap`,
    rosterJob: (pointId: number | string, job: string) => `/ban-to-chuc/danh-sach/${pointId}/nhap/${job}`,
    rosterJobConfirm: (pointId: number | string, job: string) =>
      `/ban-to-chuc/danh-sach/${pointId}/nhap/${job}/xac-nhan`,
    rosterAmend: (pointId: number | string) => `/ban-to-chuc/danh-sach/${pointId}/dieu-chinh`,
    stamp: "/ban-to-chuc/dong-dau",
    progress: "/ban-to-chuc/tien-do",
    progressKiosks: "/ban-to-chuc/tien-do/may",
  },
  officer: {
    home: "/to-cong-tac",
    point: (id: number | string) => `/to-cong-tac/diem/${id}`,
    open: (id: number | string) => `/to-cong-tac/diem/${id}/mo`,
    pause: (id: number | string) => `/to-cong-tac/diem/${id}/tam-dung`,
    resume: (id: number | string) => `/to-cong-tac/diem/${id}/tiep-tuc`,
    live: (id: number | string) => `/to-cong-tac/diem/${id}/so-lieu`,
    search: (id: number | string) => `/to-cong-tac/diem/${id}/tim`,
    issue: (id: number | string) => `/to-cong-tac/diem/${id}/phat-phieu`,
    pairingWindow: (id: number | string) => `/to-cong-tac/diem/${id}/mo-ket-noi`,
    pair: (id: number | string) => `/to-cong-tac/diem/${id}/ket-noi`,
    voidTicket: (id: number | string, kiosk: string) => `/to-cong-tac/diem/${id}/may/${kiosk}/khong-thu-ve`,
    unpair: (id: number | string, kiosk: string) => `/to-cong-tac/diem/${id}/may/${kiosk}/ngat`,
    confirmKiosk: (id: number | string, kiosk: string) => `/to-cong-tac/diem/${id}/may/${kiosk}/xac-nhan`,
    reissue: (id: number | string, kiosk: string) => `/to-cong-tac/diem/${id}/may/${kiosk}/phat-lai`,
    cleanUpKiosks: (id: number | string) => `/to-cong-tac/diem/${id}/don-may`,
    close: (id: number | string) => `/to-cong-tac/diem/${id}/ket-thuc`,
    minutes: (id: number | string, day: string) => `/to-cong-tac/diem/${id}/bien-ban/${day}`,
    minutesSign: (id: number | string, day: string) => `/to-cong-tac/diem/${id}/bien-ban/${day}/ky`,
    minutesMake: (id: number | string, day: string) => `/to-cong-tac/diem/${id}/bien-ban/${day}/lap`,
    minutesJson: (id: number | string, day: string) =>
      `/to-cong-tac/diem/${id}/bien-ban/${day}/bien-ban.json`,
    minutesPdf: (id: number | string, day: string) => `/to-cong-tac/diem/${id}/bien-ban/${day}/bien-ban.pdf`,
  },
  boardMinutes: {
    view: (id: number | string, day: string) => `/ban-to-chuc/diem/${id}/bien-ban/${day}`,
    json: (id: number | string, day: string) => `/ban-to-chuc/diem/${id}/bien-ban/${day}/bien-ban.json`,
    pdf: (id: number | string, day: string) => `/ban-to-chuc/diem/${id}/bien-ban/${day}/bien-ban.pdf`,
    reopen: (id: number | string, day: string) => `/ban-to-chuc/diem/${id}/bien-ban/${day}/mo-lai`,
    /** The registered officer keys, in the format `scripts/verify.ts --keys` reads. */
    keys: "/ban-to-chuc/khoa-can-bo.json",
  },
  results: {
    page: "/ban-to-chuc/ket-qua",
    /** One official's result, point by point (codes are URL-safe: CodeSchema). */
    official: (code: string) => `/ban-to-chuc/ket-qua/nguoi/${code}`,
    verifyAll: "/ban-to-chuc/ket-qua/kiem-tra",
    excuse: (pointId: number | string, day: string) =>
      `/ban-to-chuc/ket-qua/diem/${pointId}/${day}/khong-tinh`,
    certify: "/ban-to-chuc/ket-qua/xac-nhan",
    json: "/ban-to-chuc/ket-qua/results.json",
    csv: "/ban-to-chuc/ket-qua/ket-qua.csv",
    xlsx: "/ban-to-chuc/ket-qua/ket-qua.xlsx",
    pdf: "/ban-to-chuc/ket-qua/ket-qua.pdf",
    /** The certified results with the board member's signature (404 before certification). */
    signed: "/ban-to-chuc/ket-qua/ket-qua-da-ky.json",
    /** Board members' registered public keys (what a reader of the signed results trusts). */
    boardKeys: "/ban-to-chuc/khoa-ban-to-chuc.json",
    /** "Tạo khóa ký": a board member makes their signing key. */
    makeKey: "/ban-to-chuc/khoa-ky",
  },
  kiosk: {
    home: "/kiosk",
    pairing: "/kiosk/ket-noi",
    wait: "/kiosk/cho",
    still: "/kiosk/phieu/con",
    /** The resident's ballot, one step at a time (issue #13): choose, move, review, change a row. */
    choose: "/kiosk/chon",
    go: "/kiosk/buoc",
    review: "/kiosk/xem-lai",
    edit: "/kiosk/sua-lai",
    display: "/kiosk/hien-thi",
    present: "/kiosk/dang-ghi",
    cast: "/kiosk/phieu",
  },
  assets: {
    htmx: "/assets/htmx.min.js",
    css: "/assets/app.css",
    icon: "/assets/icon.svg",
    kioskCss: "/assets/kiosk.css",
    kioskJs: "/assets/kiosk.js",
    consoleJs: "/assets/console.js",
    consoleCss: "/assets/console.css",
    speechJs: "/assets/speech.js",
    fontRegular: "/assets/fonts/be-vietnam-pro-400.ttf",
    fontSemiBold: "/assets/fonts/be-vietnam-pro-600.ttf",
    fontBold: "/assets/fonts/be-vietnam-pro-700.ttf",
  },
} as const;

/** Only same-site relative paths may be used as a post-login destination (no open redirect). */
export function safeNext(next: string | undefined | null): string | null {
  if (!next) return null;
  // Browsers drop tabs and newlines and read a backslash as "/": "/<tab>/evil" would become "//evil".
  if ([...next].some((ch) => ch <= " " || ch === "\u007f" || ch === "\\")) return null;
  if (!next.startsWith("/") || next.startsWith("//")) return null;
  const base = "http://tin-nhiem.invalid";
  const url = new URL(next, base);
  const path = `${url.pathname}${url.search}`;
  // Normalising can itself produce "//host" ("/.//evil", "/a/..//evil"): refuse that too.
  return url.origin === base && !path.startsWith("//") ? path : null;
}
