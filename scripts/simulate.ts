// A whole campaign run through the app's real HTTP interface, as its users would (issue #12 §1):
//   bun scripts/simulate.ts --scenario FILE --out DIR [--db PATH] [--url URL] [--concurrency N]
//   bun scripts/simulate.ts --help      (the flags and what they do; a wrong one exits 2 with the usage)
//
// The board sets the campaign up with its forms (rosters invented from the scenario's sizes and
// uploaded as CSV through the import route) and stamps; on each voting day the points' officers log
// in (changing their first password), open their point, pair a kiosk (pairing window, 8-digit code,
// a second officer's confirmation), check residents in and hand ballots to the kiosk, which casts the
// scenario's marks; they void the `voided` tickets, close and sign (as many signers as the campaign
// asks). After the last day the board verifies every point-day and downloads the results. Written to
// DIR: results.json (the bytes served), minutes/<point>-<day>.json and .pdf, officers.json (the
// registered keys, for `scripts/verify.ts --keys`). The totals are then compared with what the
// scenario says must come out; any difference, refusal or error exits 1.
//
// Without --url it starts its own server (bun server/main.ts) on a free loopback port with the
// database at --db (a new file; a temporary one when not given), restarting it for each voting day
// with CLOCK_OFFSET_SECONDS so that the server's date is that day (the server's "⚠ ĐỒNG HỒ GIẢ"
// announcement is passed through to this script's stderr); it trusts one proxy hop so that
// each simulated kiosk has an address of its own (X-Forwarded-For). With --url the server's own
// clock decides the day: only a scenario whose points all vote on one day, that server's today,
// can run, the database must hold no campaign yet, and the board account comes from --board-user
// and --board-password.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { systemClock } from "../server/clock.ts";
import { verifyMinutes } from "../server/crypto/verify-minutes.ts";
import { Store } from "../server/db/store.ts";
import { SYSTEM_ACTOR } from "../server/domain/audit.ts";
import { firstVotingDay, vietnamDate } from "../server/domain/calendar.ts";
import type { RosterEntry } from "../server/domain/roster.ts";
import {
  formatIssues,
  type Scenario,
  type ScenarioPointDay,
  ScenarioSchema,
  scenarioDays,
  scenarioPointDays,
} from "../server/domain/scenario.ts";
import { synthesizeRoster } from "../server/domain/synthetic-roster.ts";
import { paths } from "../server/http/paths.ts";
import { createBoardAccount } from "../server/services/accounts.ts";
import { readCommandLine } from "./command-line.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A step the simulation could not take: the message says where (point, day, step) and why. */
class SimulationError extends Error {}

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

/** What `--help` prints (on stdout, exit 0), and what follows a wrong argument (on stderr, exit 2). */
const USAGE = `Cách dùng: bun scripts/simulate.ts --scenario TỆP --out THƯ_MỤC [--db ĐƯỜNG_DẪN] [--url ĐỊA_CHỈ] [--concurrency N]

Chạy cả một đợt lấy phiếu theo kịch bản qua giao diện HTTP thật của ứng dụng (Ban Tổ chức thiết lập và
đóng dấu, tổ công tác mở điểm, ghép máy, phát phiếu, kết thúc và ký biên bản), rồi so kết quả với kịch bản.

  --scenario TỆP              tệp kịch bản (JSON); tệp không chạy được thì dừng trước khi chạy, nêu từng
                              chỗ sai trong tệp (ví dụ points[3].ballots: …)
  --out THƯ_MỤC               nơi ghi results.json, officers.json (khóa cán bộ, cho scripts/verify.ts --keys)
                              và minutes/<điểm>-<ngày>.json, .pdf
  --db ĐƯỜNG_DẪN              cơ sở dữ liệu mới cho máy chủ mà trình mô phỏng tự chạy (mặc định: một tệp
                              tạm, xóa khi xong)
  --url ĐỊA_CHỈ               dùng một máy chủ đang chạy (http:// hoặc https://) thay vì tự chạy máy chủ: chỉ
                              một ngày, ngày hiện tại của máy chủ đó, và cơ sở dữ liệu chưa có đợt nào
  --board-user TÊN            (cùng --url) tài khoản Ban Tổ chức có sẵn
  --board-password MẬT_KHẨU   (cùng --url) mật khẩu của tài khoản đó
  --concurrency N             số điểm chạy cùng lúc, từ 1 đến 64 (mặc định 8)
  -h, --help                  in hướng dẫn này

Không có --url, mỗi ngày lấy phiếu có một máy chủ riêng (bun server/main.ts) trên cùng cơ sở dữ liệu, đồng
hồ dời đến 9:00 ngày đó (CLOCK_OFFSET_SECONDS): dòng cảnh báo "⚠ ĐỒNG HỒ GIẢ" của máy chủ được in lại ở đây.
Mã thoát: 0 kết quả khớp kịch bản; 1 kịch bản không chạy được, một bước bị từ chối hoặc kết quả không khớp;
2 tham số dòng lệnh sai.`;

/** The command-line flag of each field, for messages that name the flag (`--out: …`). */
const FLAGS = {
  scenario: "--scenario",
  out: "--out",
  db: "--db",
  url: "--url",
  concurrency: "--concurrency",
  boardUser: "--board-user",
  boardPassword: "--board-password",
} as const;

/** A flag's value: given and not empty, or the message when it is missing (undefined) or empty. */
const flagValue = (missing: string) => z.string({ error: missing }).min(1, missing);

export const SimulateArgsSchema = z.object({
  scenario: flagValue("thiếu tệp kịch bản"),
  out: flagValue("thiếu thư mục ghi kết quả"),
  db: flagValue("thiếu đường dẫn cơ sở dữ liệu").optional(),
  url: z
    .url({ protocol: /^https?$/, error: "phải là địa chỉ http:// hoặc https://" })
    .transform((u) => new URL(u).origin)
    .optional(),
  concurrency: z.coerce
    .number({ error: "phải là một số" })
    .int("phải là số nguyên")
    .min(1, "phải từ 1 đến 64")
    .max(64, "phải từ 1 đến 64")
    .default(8),
  boardUser: flagValue("thiếu tên tài khoản Ban Tổ chức").optional(),
  boardPassword: flagValue("thiếu mật khẩu").optional(),
});

function readArgs(): z.infer<typeof SimulateArgsSchema> {
  const { values } = readCommandLine(
    {
      args: process.argv.slice(2),
      options: {
        scenario: { type: "string" },
        out: { type: "string" },
        db: { type: "string" },
        url: { type: "string" },
        concurrency: { type: "string" },
        "board-user": { type: "string" },
        "board-password": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    },
    USAGE,
    "--scenario TỆP",
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const parsed = SimulateArgsSchema.safeParse({
    ...values,
    boardUser: values["board-user"],
    boardPassword: values["board-password"],
  });
  if (!parsed.success) {
    usage(
      parsed.error.issues
        .map((i) => {
          const field = i.path[0];
          const flag = typeof field === "string" && field in FLAGS ? FLAGS[field as keyof typeof FLAGS] : "";
          return flag ? `${flag}: ${i.message}` : i.message;
        })
        .join("\n"),
    );
  }
  if (parsed.data.url && parsed.data.db) usage("--db chỉ dùng khi không có --url");
  if (parsed.data.url && (!parsed.data.boardUser || !parsed.data.boardPassword)) {
    usage("với --url cần --board-user và --board-password");
  }
  return parsed.data;
}

function usage(problem: string): never {
  process.stderr.write(`${problem}\n\n${USAGE}\n`);
  process.exit(2);
}

/** The scenario file, or exit 1 with one line per problem naming its place (`points[3].ballots: …`). */
function readScenario(file: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    process.stderr.write(`Không đọc được kịch bản ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    process.stderr.write(`Kịch bản ${file} không chạy được:\n${formatIssues(parsed.error).join("\n")}\n`);
    process.exit(1);
  }
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------
// HTTP: one browser-like agent per person or device
// ---------------------------------------------------------------------------------------------

type Fields = Record<string, string | readonly string[]>;

/** Time to the response headers of each request, per method and path shape (ids as `:n`), in ms. */
const timings = new Map<string, number[]>();

/** Visible text of an HTML answer, for error messages (tags dropped, spaces collapsed). */
function textOf(html: string): string {
  const main = html.match(/<main[\s\S]*<\/main>/)?.[0] ?? html;
  return main
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 400);
}

/** The first `data-<name>` attribute's value in a page or fragment (the views mark ids this way). */
const dataAttr = (html: string, name: string): string | null =>
  new RegExp(`\\sdata-${name}="([^"]*)"`).exec(html)?.[1] ?? null;

/**
 * A browser: keeps its cookies, sends the CSRF token the way the pages do (the `X-CSRF-Token` header
 * with the value of the `tn_csrf` cookie: a random one before login, the session-bound one after),
 * and, behind the simulator's one trusted proxy hop, its own client address.
 */
class Agent {
  readonly cookies = new Map<string, string>();
  requests = 0;
  constructor(
    /** The server's origin; a kiosk kept from an earlier day follows the new day's server. */
    public base: string,
    readonly address: string | null,
  ) {
    // Logged out, the token is double-submit: any random value the cookie and the header share.
    this.cookies.set("tn_csrf", crypto.getRandomValues(new Uint8Array(32)).toHex());
  }

  async request(
    method: "GET" | "POST",
    path: string,
    options: { form?: Fields; body?: FormData; htmx?: boolean } = {},
  ): Promise<Response> {
    const headers = new Headers();
    headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    if (this.address) headers.set("X-Forwarded-For", this.address);
    if (options.htmx) headers.set("HX-Request", "true");
    let body: BodyInit | undefined;
    if (method === "POST") {
      headers.set("X-CSRF-Token", this.cookies.get("tn_csrf") ?? "");
      if (options.body) body = options.body;
      else {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(options.form ?? {})) {
          for (const one of typeof v === "string" ? [v] : v) params.append(k, one);
        }
        body = params;
      }
    }
    this.requests++;
    const t0 = performance.now();
    const res = await fetch(`${this.base}${path}`, { method, headers, body, redirect: "manual" });
    const kind = `${method} ${path
      .replace(/\?.*$/, "")
      .replace(/\/may\/[0-9a-f]+/, "/may/:k")
      .replace(/\/\d[\d-]*/g, "/:n")}`;
    const list = timings.get(kind) ?? [];
    list.push(performance.now() - t0);
    timings.set(kind, list);
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || attrs.some((a) => /max-age=0/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** A download that must answer 200: its bytes exactly as served. */
  async bytes(what: string, path: string): Promise<Uint8Array> {
    const res = await this.request("GET", path);
    const body = new Uint8Array(await res.arrayBuffer());
    if (res.status !== 200) {
      throw new SimulationError(
        `${what}: GET ${path} → ${res.status}: ${textOf(new TextDecoder().decode(body))}`,
      );
    }
    return body;
  }

  /** A request that must answer one of `ok` statuses; its body as text. */
  async expect(
    what: string,
    method: "GET" | "POST",
    path: string,
    options: { form?: Fields; body?: FormData; htmx?: boolean; ok?: number[] } = {},
  ): Promise<{ status: number; html: string; res: Response }> {
    const res = await this.request(method, path, options);
    const html = await res.text();
    if (!(options.ok ?? [200]).includes(res.status)) {
      throw new SimulationError(`${what}: ${method} ${path} → ${res.status}: ${textOf(html)}`);
    }
    return { status: res.status, html, res };
  }

  /**
   * Logs in; a first login (the board hands out first passwords) sets `changeTo` as the account's
   * own password, as the app requires before anything else. Returns the password now in force.
   */
  async login(username: string, password: string, changeTo: string): Promise<string> {
    const res = await this.request("POST", paths.login, { form: { username, password } });
    await res.arrayBuffer();
    const to = res.headers.get("Location") ?? "";
    if (res.status !== 303) throw new SimulationError(`đăng nhập ${username}: ${res.status}`);
    if (to !== paths.changePassword) return password;
    await this.expect(`${username} đổi mật khẩu lần đầu`, "POST", paths.changePassword, {
      form: { current: password, next: changeTo, confirm: changeTo },
      ok: [303],
    });
    return changeTo;
  }
}

// ---------------------------------------------------------------------------------------------
// The server the simulator starts (one per voting day, same database)
// ---------------------------------------------------------------------------------------------

type Server = { url: string; stop: () => Promise<void> };

/** How server/main.ts begins its announcement of a moved clock (CLOCK_OFFSET_SECONDS), on stderr. */
const CLOCK_WARNING = "⚠ ĐỒNG HỒ GIẢ";

/** Seconds to add to the machine's clock so that the server's time is 09:00 of `day` in Vietnam. */
export const offsetForDay = (day: string, now: Date): number =>
  Math.round((Date.parse(`${day}T02:00:00.000Z`) - now.getTime()) / 1000);

async function startServer(databasePath: string, offsetSeconds: number): Promise<Server> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  delete env["NODE_ENV"];
  delete env["PUBLIC_URL"];
  delete env["ALLOWED_HOSTS"];
  // SIM_SERVER_FLAGS: options for the server's own bun, e.g. "--cpu-prof-md --cpu-prof-dir=DIR" to
  // profile the server under the simulated campaign (README, Simulator).
  const serverFlags = (process.env["SIM_SERVER_FLAGS"] ?? "").split(" ").filter(Boolean);
  const child = Bun.spawn([process.execPath, ...serverFlags, join(ROOT, "server/main.ts")], {
    env: {
      ...env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_PATH: databasePath,
      DEMO: "0",
      CLOCK_OFFSET_SECONDS: String(offsetSeconds),
      // The simulator stands for the LAN's proxy: each kiosk and officer has its own address.
      TRUSTED_PROXY_HOPS: "1",
      // No spoken guidance: its clips are made once after the stamp, in another process, and no
      // simulated kiosk plays them; synthesizing would only take CPU from the run being measured.
      SPEECH: "0",
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  // The server's stderr: kept until it has started (for the message if it cannot), and its clock
  // announcement ("⚠ ĐỒNG HỒ GIẢ …" and the indented lines under it) passed through to the
  // simulator's own stderr, so whoever runs a multi-day campaign sees that the server's clock is
  // moved; the rest of it stays quiet. Read from the start, so the server never blocks on the pipe.
  let started = false;
  let errors = "";
  const errorsDone = (async () => {
    const decoder = new TextDecoder();
    let pending = "";
    let passing = false;
    const line = (text: string) => {
      passing = text.includes(CLOCK_WARNING) || (passing && /^\s+\S/.test(text));
      if (passing) process.stderr.write(`${text}\n`);
      if (!started) errors += `${text}\n`;
    };
    const errReader = child.stderr.getReader();
    for (;;) {
      const { value, done } = await errReader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const text of lines) line(text);
    }
    if (pending) line(pending);
  })();
  errorsDone.catch(() => undefined);
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let output = "";
  let url = "";
  while (!url) {
    const { value, done } = await reader.read();
    if (done) {
      await errorsDone;
      throw new SimulationError(`máy chủ không khởi động được:\n${output}\n${errors}`);
    }
    output += decoder.decode(value);
    url = output.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0] ?? "";
  }
  started = true;
  errors = "";
  // Drain stdout (the request log) so the server never blocks on it.
  void (async () => {
    for (;;) if ((await reader.read()).done) return;
  })();
  // Interrupted (Ctrl-C), the simulator stops the server it started rather than leave it running.
  const interrupted = () => {
    child.kill("SIGTERM");
    process.exit(130);
  };
  process.on("SIGINT", interrupted);
  process.on("SIGTERM", interrupted);
  return {
    url,
    stop: async () => {
      process.off("SIGINT", interrupted);
      process.off("SIGTERM", interrupted);
      child.kill("SIGTERM");
      await child.exited;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Rosters: the scenario gives sizes; the residents are invented, as the seed does
// ---------------------------------------------------------------------------------------------

const csvCell = (v: string | number | null): string => {
  const s = v === null ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** A roster as the commune's CSV export would have it (header row named as the import knows). */
export function rosterCsv(entries: readonly RosterEntry[]): string {
  const header = "STT,Họ và tên,Năm sinh,Giới tính,Số CCCD,Mã hộ,Quan hệ với chủ hộ,Thôn/Tổ dân phố";
  const rows = entries.map((e, i) =>
    [i + 1, e.fullName, e.birthYear, e.gender, e.cccd, e.householdCode, e.relation, e.village]
      .map(csvCell)
      .join(","),
  );
  return `${[header, ...rows].join("\r\n")}\r\n`;
}

// ---------------------------------------------------------------------------------------------
// State carried across the days of a run
// ---------------------------------------------------------------------------------------------

type OfficerAccount = { username: string; role: string; password: string };
type PointState = {
  code: string;
  id: number;
  officers: OfficerAccount[];
  /** One voter per ballot: every resident, or one member per household; used in order over the days. */
  voters: RosterEntry[];
  next: number;
  kiosk: { agent: Agent; id: string } | null;
};

type Run = {
  scenario: Scenario;
  concurrency: number;
  base: string;
  board: { username: string; password: string };
  points: Map<string, PointState>;
  /** Fresh client addresses (10.x.y.z), one per simulated device or person. */
  address: () => string;
  stats: { requests: number; ballots: number; voided: number };
};

const officerUsername = (pointCode: string, n: number) => `${pointCode.toLowerCase()}-${n}`;
const ownPassword = (username: string) => `sim-${username}-mat-khau`;

/** Runs `work` over `items`, at most `limit` at a time; the first failure stops the others' next items. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const worker = async () => {
    while (failed === null && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== null) throw failed;
}

/** Table rows of a board page: each row's cells and the id in its first link matching `idPattern`. */
function rowIds(html: string, idPattern: RegExp, codes: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const row of html.split("<tr").slice(1)) {
    const id = idPattern.exec(row)?.[1];
    if (!id) continue;
    const cells = [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]?.trim());
    const code = codes.find((c) => cells.includes(c));
    if (code) found.set(code, Number(id));
  }
  const missing = codes.filter((c) => !found.has(c));
  if (missing.length > 0) throw new SimulationError(`không tìm thấy trên trang: ${missing.join(", ")}`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Set-up by the board
// ---------------------------------------------------------------------------------------------

async function setUp(run: Run, board: Agent): Promise<void> {
  const s = run.scenario;
  const c = s.campaign;
  await board.expect("tạo đợt lấy phiếu", "POST", paths.board.campaign, {
    htmx: true,
    form: {
      code: c.code,
      name: c.name,
      aggregator: c.aggregator,
      district: c.district,
      days: c.days.join(" "),
      onePer: c.onePer,
      ruleSet: c.ruleSet,
      minTurnoutPercent: "",
      smallPointThreshold: "5",
      twoOfficerPairing: ["0", "1"],
      requiredSigners: String(c.requiredSigners ?? 2),
    },
  });
  for (const commune of s.communes) {
    await board.expect(`thêm xã ${commune.code}`, "POST", paths.board.communes, {
      htmx: true,
      form: commune,
    });
  }
  const communes = rowIds(
    (await board.expect("danh sách xã", "GET", paths.board.communes)).html,
    /href="\/ban-to-chuc\/xa\/(\d+)\/sua"/,
    s.communes.map((x) => x.code),
  );
  for (const o of s.officials) {
    await board.expect(`thêm người được lấy phiếu ${o.code}`, "POST", paths.board.officials, {
      htmx: true,
      form: { code: o.code, name: o.name, position: o.position, communeId: String(communes.get(o.commune)) },
    });
  }
  const officials = rowIds(
    (await board.expect("danh sách người được lấy phiếu", "GET", paths.board.officials)).html,
    /href="\/ban-to-chuc\/can-bo\/(\d+)\/sua"/,
    s.officials.map((o) => o.code),
  );
  for (const p of s.points) {
    await board.expect(`thêm điểm ${p.code}`, "POST", paths.board.points, {
      htmx: true,
      form: {
        code: p.code,
        name: p.name,
        communeId: String(communes.get(p.commune)),
        days: scenarioPointDays(p).map((d) => d.day),
      },
    });
  }
  const pointIds = rowIds(
    (await board.expect("danh sách điểm", "GET", paths.board.points)).html,
    /href="\/ban-to-chuc\/danh-sach\/(\d+)"/,
    s.points.map((p) => p.code),
  );
  // Residents are invented per point from its code (deterministic), CCCDs unique over the campaign.
  const usedCccd = new Set<string>();
  const first = firstVotingDay(c.days) ?? c.days[0] ?? "1970-01-01";
  const rosters = new Map<string, RosterEntry[]>();
  for (const p of s.points) {
    rosters.set(
      p.code,
      synthesizeRoster({
        pointCode: p.code,
        village: p.name,
        size: p.roster,
        onePer: c.onePer,
        firstVotingDay: first,
        usedCccd,
      }),
    );
  }
  for (const p of s.points) {
    const id = pointIds.get(p.code) ?? 0;
    const entries = rosters.get(p.code) ?? [];
    const seen = new Set<string>();
    const voters = entries.filter((e) => {
      const key = c.onePer === "household" ? (e.householdCode ?? e.cccd ?? "") : (e.cccd ?? "");
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    run.points.set(p.code, {
      code: p.code,
      id,
      officers: p.officers.map((o, i) => ({
        username: officerUsername(p.code, i + 1),
        role: o.role,
        password: "",
      })),
      voters,
      next: 0,
      kiosk: null,
    });
  }
  // Per point: its ballot style, its officers (the first password is shown once, on the answer),
  // its roster file. Several points at once, as several people of the board might.
  await pool(s.points, run.concurrency, async (p) => {
    const state = run.points.get(p.code);
    if (!state) throw new Error(`no state for ${p.code}`);
    if (p.officials) {
      await board.expect(`phiếu của điểm ${p.code}`, "POST", `${paths.board.point(state.id)}/phieu`, {
        htmx: true,
        form: { mode: "custom", officialIds: p.officials.map((code) => String(officials.get(code))) },
      });
    }
    for (const [i, o] of p.officers.entries()) {
      const account = state.officers[i];
      if (!account) throw new Error("officer list out of step");
      const { html } = await board.expect(`tạo tài khoản ${account.username}`, "POST", paths.board.officers, {
        htmx: true,
        form: {
          username: account.username,
          displayName: o.name,
          teamRole: o.role,
          pointIds: String(state.id),
        },
      });
      const password = html.match(/Mật khẩu ban đầu<\/dt>\s*<dd>\s*<code>([^<]+)<\/code>/)?.[1];
      if (!password)
        throw new SimulationError(`tạo tài khoản ${account.username}: không thấy mật khẩu ban đầu`);
      account.password = password;
    }
    const form = new FormData();
    const csv = rosterCsv(rosters.get(p.code) ?? []);
    form.set("file", new File([csv], `danh-sach-${p.code}.csv`, { type: "text/csv" }));
    await board.expect(`nhập danh sách ${p.code}`, "POST", paths.board.rosterImport(state.id), {
      body: form,
    });
  });
  // The board reads the stamp page, whose form says what it will freeze, and stamps that.
  const stampPage = await board.expect("trang đóng dấu", "GET", paths.board.stamp);
  const seen = stampPage.html.match(/name="ban-xem" value="([0-9a-f]{64})"/)?.[1];
  if (!seen) throw new SimulationError(`chưa đóng dấu được: ${textOf(stampPage.html).slice(0, 300)}`);
  await board.expect("đóng dấu danh sách", "POST", paths.board.stamp, {
    htmx: true,
    form: { "ban-xem": seen },
  });
}

// ---------------------------------------------------------------------------------------------
// A point's voting day
// ---------------------------------------------------------------------------------------------

/** The officer logged in as themselves (first login: their own password set, key renewed). */
async function officerAgent(run: Run, account: OfficerAccount): Promise<Agent> {
  const agent = new Agent(run.base, run.address());
  const own = ownPassword(account.username);
  account.password = await agent.login(account.username, account.password, own);
  return agent;
}

/** A new browser at /kiosk, paired by the leader with the code it shows and confirmed by a second officer. */
async function pairKiosk(run: Run, state: PointState, leader: Agent, second: Agent): Promise<void> {
  const where = `Điểm ${state.code}`;
  if (state.kiosk) {
    state.kiosk.agent.base = run.base;
    // A kiosk paired on an earlier day stays paired (its device token is in its cookie).
    const { html } = await state.kiosk.agent.expect(`${where}: máy ghi phiếu`, "GET", paths.kiosk.home);
    if (!dataAttr(html, "pairing-code") && !dataAttr(html, "pairing-step")) return;
    state.kiosk = null;
  }
  await leader.expect(`${where}: mở kết nối máy mới`, "POST", paths.officer.pairingWindow(state.id), {
    htmx: true,
  });
  const kiosk = new Agent(run.base, run.address());
  // Other points may be pairing at the same moment: the kiosk is told which point it stands at.
  const { html } = await kiosk.expect(
    `${where}: máy ghi phiếu xin mã`,
    "GET",
    `${paths.kiosk.home}?diem=${state.id}`,
  );
  const code = dataAttr(html, "pairing-code");
  if (!code) throw new SimulationError(`${where}: máy ghi phiếu không hiện mã kết nối: ${textOf(html)}`);
  const paired = await leader.expect(`${where}: nhập mã máy`, "POST", paths.officer.pair(state.id), {
    htmx: true,
    form: { code },
  });
  const kioskId = paired.html.match(/class="kiosk kiosk-awaiting" data-kiosk-id="([^"]+)"/)?.[1];
  if (kioskId) {
    await second.expect(
      `${where}: cán bộ thứ hai xác nhận máy`,
      "POST",
      paths.officer.confirmKiosk(state.id, kioskId),
      {
        htmx: true,
      },
    );
    state.kiosk = { agent: kiosk, id: kioskId };
    return;
  }
  // The campaign does not ask for a second officer: the kiosk id is on the check-in form.
  const probe = await leader.expect(
    `${where}: máy đã kết nối`,
    "GET",
    `${paths.officer.search(state.id)}?q=${encodeURIComponent(state.voters[0]?.cccd ?? "")}`,
  );
  const id = probe.html.match(/<option value="([^"]+)">/)?.[1];
  if (!id) throw new SimulationError(`${where}: không thấy máy vừa kết nối`);
  state.kiosk = { agent: kiosk, id };
}

/** The officer finds the next voter by CCCD and hands a ballot to the kiosk; the entry id is on the result. */
async function issueNext(state: PointState, officer: Agent, day: string): Promise<void> {
  const where = `Điểm ${state.code} ngày ${day}`;
  const voter = state.voters[state.next++];
  if (!voter?.cccd) throw new SimulationError(`${where}: hết người trong danh sách`);
  const found = await officer.expect(
    `${where}: tìm cử tri`,
    "GET",
    `${paths.officer.search(state.id)}?q=${voter.cccd}`,
  );
  const entryId = found.html.match(/name="entryId" value="(\d+)"/)?.[1];
  if (!entryId)
    throw new SimulationError(`${where}: không tìm thấy cử tri ${voter.cccd}: ${textOf(found.html)}`);
  const issued = await officer.expect(`${where}: phát phiếu`, "POST", paths.officer.issue(state.id), {
    htmx: true,
    form: { entryId, kioskId: state.kiosk?.id ?? "", q: voter.cccd },
  });
  if (!issued.html.includes("Đã phát phiếu"))
    throw new SimulationError(`${where}: phát phiếu: ${textOf(issued.html)}`);
}

async function runPointDay(run: Run, code: string, d: ScenarioPointDay): Promise<void> {
  const state = run.points.get(code);
  if (!state) throw new Error(`no state for ${code}`);
  const where = `Điểm ${code} ngày ${d.day}`;
  const leaderAccount = state.officers.find((o) => o.role === "Tổ trưởng") ?? state.officers[0];
  const others = state.officers.filter((o) => o !== leaderAccount);
  const secondAccount = others[0];
  if (!leaderAccount || !secondAccount) throw new SimulationError(`${where}: cần hai cán bộ`);
  const leader = await officerAgent(run, leaderAccount);
  const second = await officerAgent(run, secondAccount);
  await leader.expect(`${where}: mở điểm`, "POST", paths.officer.open(state.id), { htmx: true });

  const casts = d.ballots.reduce((n, b) => n + b.count, 0);
  if (casts + d.voided > 0) await pairKiosk(run, state, leader, second);
  const kiosk = state.kiosk;
  // The kiosk waits for its ticket as the real one does: between ballots a poll of it is held open
  // by the server, answered at once when "Phát phiếu" hands it a ticket (or with 204 after the
  // hold, and it asks again). A kiosk waiting so is there for the console and "Phát phiếu" however
  // busy the server is (a district's closes, officers' first logins): one asking only after each
  // "Phát phiếu" was silent meanwhile, and at 64 points its console once called it gone.
  const ticketFor = async (): Promise<string> => {
    if (!kiosk) throw new Error("no kiosk");
    const deadline = performance.now() + 120_000;
    while (performance.now() < deadline) {
      const polled = await kiosk.agent.expect(`${where}: máy chờ phiếu`, "GET", paths.kiosk.wait, {
        htmx: true,
        ok: [200, 204],
      });
      const ticket = polled.status === 200 ? dataAttr(polled.html, "ticket-id") : null;
      if (ticket) return ticket;
      // Nothing yet: a server that does not hold polls (POLL_HOLD_SECONDS=0) answers at once, and
      // the kiosk asks again a moment later rather than in a tight loop.
      await Bun.sleep(50);
    }
    throw new SimulationError(`${where}: máy không nhận được phiếu trong 2 phút`);
  };
  // Tickets this kiosk will take today: the ballots cast, then the tickets voided.
  const tickets = casts + d.voided;
  let taken = 0;
  const startWaiting = (): Promise<string> => {
    const next = ticketFor();
    // Awaited after the next "Phát phiếu"; a failure meanwhile is not an unhandled rejection.
    next.catch(() => undefined);
    return next;
  };
  let waiting: Promise<string> | null = kiosk && tickets > 0 ? startWaiting() : null;
  /** The officer hands out the next ballot; the kiosk's waiting poll takes it. */
  const handOut = async (): Promise<string> => {
    if (!kiosk || !waiting) throw new Error("no kiosk");
    await issueNext(state, leader, d.day);
    const ticket = await waiting;
    taken++;
    return ticket;
  };
  /** The kiosk is done with its ticket (cast or voided) and waits for the next one, if any. */
  const doneWith = () => {
    waiting = taken < tickets ? startWaiting() : null;
  };
  for (const group of d.ballots) {
    const form: Record<string, string> = {};
    for (const [official, level] of Object.entries(group.marks)) if (level) form[`m.${official}`] = level;
    // Blank rows (an official left out or null) are cast only with the resident's confirmation.
    form["confirmBlank"] = "1";
    for (let i = 0; i < group.count; i++) {
      if (!kiosk) throw new Error("no kiosk");
      const ticket = await handOut();
      const answer = await kiosk.agent.expect(`${where}: gửi phiếu`, "POST", paths.kiosk.cast, {
        htmx: true,
        form: { t: ticket, ...form },
      });
      if (!answer.html.includes("đã được ghi nhận"))
        throw new SimulationError(`${where}: gửi phiếu: ${textOf(answer.html)}`);
      run.stats.ballots++;
      doneWith();
    }
  }
  for (let i = 0; i < d.voided; i++) {
    if (!kiosk) throw new Error("no kiosk");
    // The ballot reaches the kiosk (the resident walks away from it), and the officer voids it.
    await handOut();
    // The officer looks at the kiosk's tile, which names the ticket "Không thu về" is for.
    const panel = await leader.expect(`${where}: xem máy`, "GET", paths.officer.point(state.id));
    const phieu = panel.html.match(/name="phieu" value="([0-9a-f]{16})"/)?.[1];
    if (!phieu) throw new SimulationError(`${where}: không thấy phiếu ở ${textOf(panel.html).slice(0, 200)}`);
    await leader.expect(`${where}: không thu về`, "POST", paths.officer.voidTicket(state.id, kiosk.id), {
      htmx: true,
      form: { phieu },
    });
    run.stats.voided++;
    doneWith();
  }
  await leader.expect(`${where}: kết thúc và kiểm phiếu`, "POST", paths.officer.close(state.id), {
    htmx: true,
    form: { day: d.day, incidents: "" },
    ok: [204],
  });
  // The Tổ trưởng signs first, then as many others as the campaign's setting asks, each re-entering
  // their password to unseal their key.
  const needed = run.scenario.campaign.requiredSigners ?? 2;
  const signers: { agent: Agent; account: OfficerAccount }[] = [
    { agent: leader, account: leaderAccount },
    { agent: second, account: secondAccount },
  ];
  for (const account of others.slice(1, needed - 1)) {
    signers.push({ agent: await officerAgent(run, account), account });
  }
  for (const { agent, account } of signers.slice(0, needed)) {
    // Each reads the minutes first, as the page makes them: the form says which version they read.
    const read = await agent.expect(
      `${where}: ${account.username} xem biên bản`,
      "GET",
      paths.officer.minutes(state.id, d.day),
    );
    const version = read.html.match(/name="version" value="(\d+)"/)?.[1];
    if (!version)
      throw new SimulationError(`${where}: ${account.username} không thấy ô ký: ${textOf(read.html)}`);
    const signed = await agent.expect(
      `${where}: ${account.username} ký biên bản`,
      "POST",
      paths.officer.minutesSign(state.id, d.day),
      {
        htmx: true,
        form: { version, password: account.password },
      },
    );
    if (!signed.html.includes("Bạn đã ký biên bản")) {
      throw new SimulationError(`${where}: ${account.username} ký biên bản: ${textOf(signed.html)}`);
    }
  }
  for (const { agent } of signers) run.stats.requests += agent.requests;
  if (kiosk) {
    run.stats.requests += kiosk.agent.requests;
    kiosk.agent.requests = 0;
  }
}

// ---------------------------------------------------------------------------------------------
// The board's end of the campaign, and the check against the scenario
// ---------------------------------------------------------------------------------------------

type Expected = Map<string, { collected: number; high: number; medium: number; low: number; blank: number }>;

/** What results.json must say per official, summed straight from the scenario's ballot groups. */
export function expectedTotals(s: Scenario): Expected {
  const totals: Expected = new Map(
    s.officials.map((o) => [o.code, { collected: 0, high: 0, medium: 0, low: 0, blank: 0 }]),
  );
  for (const p of s.points) {
    const style = p.officials ?? s.officials.filter((o) => o.commune === p.commune).map((o) => o.code);
    for (const d of scenarioPointDays(p)) {
      for (const group of d.ballots) {
        for (const code of style) {
          const t = totals.get(code);
          if (!t) continue;
          t.collected += group.count;
          t[group.marks[code] ?? "blank"] += group.count;
        }
      }
    }
  }
  return totals;
}

const ResultsCheckSchema = z.object({
  officials: z.array(
    z.object({
      code: z.string(),
      collected: z.number(),
      high: z.number(),
      medium: z.number(),
      low: z.number(),
      blank: z.number(),
    }),
  ),
  points: z.array(
    z.object({
      code: z.string(),
      day: z.string(),
      collected: z.number(),
      issued: z.number(),
      verified: z.boolean(),
    }),
  ),
  missing: z.array(z.unknown()),
});

/** Differences between the served results and the scenario (empty: they agree). */
function compareResults(s: Scenario, served: unknown): string[] {
  const parsed = ResultsCheckSchema.safeParse(served);
  if (!parsed.success) return [`results.json không đúng dạng: ${parsed.error.message}`];
  const problems: string[] = [];
  const expected = expectedTotals(s);
  for (const [code, want] of expected) {
    const got = parsed.data.officials.find((o) => o.code === code);
    if (!got) {
      problems.push(`${code}: không có trong kết quả`);
      continue;
    }
    for (const key of ["collected", "high", "medium", "low", "blank"] as const) {
      if (got[key] !== want[key]) problems.push(`${code}.${key}: kết quả ${got[key]}, kịch bản ${want[key]}`);
    }
  }
  for (const p of s.points) {
    for (const d of scenarioPointDays(p)) {
      const got = parsed.data.points.find((x) => x.code === p.code && x.day === d.day);
      const collected = d.ballots.reduce((n, b) => n + b.count, 0);
      if (!got) problems.push(`${p.code} ${d.day}: không có trong kết quả`);
      else if (!got.verified || got.collected !== collected || got.issued !== collected + d.voided) {
        problems.push(
          `${p.code} ${d.day}: ${got.verified ? "" : "chưa kiểm tra khớp, "}thu về ${got.collected} (kịch bản ${collected}), phát ra ${got.issued} (kịch bản ${collected + d.voided})`,
        );
      }
    }
  }
  if (parsed.data.missing.length > 0) problems.push(`${parsed.data.missing.length} ngày-điểm chưa được tính`);
  return problems;
}

/** The board verifies everything, downloads the results, the officers' keys and every minutes. */
async function finish(run: Run, out: string): Promise<string[]> {
  const board = new Agent(run.base, run.address());
  run.board.password = await board.login(
    run.board.username,
    run.board.password,
    ownPassword(run.board.username),
  );
  const checked = await board.expect("Kiểm tra tất cả", "POST", paths.results.verifyAll, { htmx: true });
  const problems: string[] = [];
  if (/sai lệch/.test(checked.html)) problems.push(`Kiểm tra tất cả: ${textOf(checked.html)}`);
  const results = await board.bytes("tải results.json", paths.results.json);
  writeFileSync(join(out, "results.json"), results);
  const keys = await board.bytes("tải khóa cán bộ", paths.boardMinutes.keys);
  writeFileSync(join(out, "officers.json"), keys);
  const registeredKeys = new Map(
    z
      .array(z.object({ code: z.string(), publicKey: z.string() }))
      .parse(JSON.parse(new TextDecoder().decode(keys)))
      .map((k) => [k.code, k.publicKey] as const),
  );
  const pointDays = run.scenario.points.flatMap((p) =>
    scenarioPointDays(p).map((d) => ({ code: p.code, day: d.day })),
  );
  await pool(pointDays, run.concurrency, async ({ code, day }) => {
    const id = run.points.get(code)?.id ?? 0;
    const json = await board.bytes(`biên bản ${code} ${day}`, paths.boardMinutes.json(id, day));
    writeFileSync(join(out, "minutes", `${code}-${day}.json`), json);
    writeFileSync(
      join(out, "minutes", `${code}-${day}.pdf`),
      await board.bytes(`biên bản PDF ${code} ${day}`, paths.boardMinutes.pdf(id, day)),
    );
    // The same independent check as scripts/verify.ts, against the registered keys.
    const verified = await verifyMinutes(JSON.parse(new TextDecoder().decode(json)), {
      registeredKeys,
      requiredSigners: run.scenario.campaign.requiredSigners ?? 2,
    });
    if (!verified.ok) problems.push(`biên bản ${code} ${day}: ${verified.error.message}`);
    else if (!verified.value.reconciled) problems.push(`biên bản ${code} ${day}: số liệu không khớp`);
  });
  problems.push(...compareResults(run.scenario, JSON.parse(new TextDecoder().decode(results))));
  run.stats.requests += board.requests;
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const args = readArgs();
  const scenario = readScenario(args.scenario);
  const days = scenarioDays(scenario);
  const out = resolve(args.out);
  mkdirSync(join(out, "minutes"), { recursive: true });
  let n = 0;
  const run: Run = {
    scenario,
    concurrency: args.concurrency,
    base: args.url ?? "",
    board: { username: args.boardUser ?? "bantochuc", password: args.boardPassword ?? "" },
    points: new Map(),
    address: () => {
      n++;
      return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    },
    stats: { requests: 0, ballots: 0, voided: 0 },
  };
  const started = performance.now();
  const day = async (d: string, first: boolean, last: boolean): Promise<string[]> => {
    const t0 = performance.now();
    if (first) {
      const board = new Agent(run.base, run.address());
      run.board.password = await board.login(
        run.board.username,
        run.board.password,
        ownPassword(run.board.username),
      );
      await setUp(run, board);
      run.stats.requests += board.requests;
      say(`Thiết lập và đóng dấu: ${scenario.points.length} điểm, ${seconds(performance.now() - t0)}`);
    }
    const t1 = performance.now();
    const before = run.stats.ballots;
    const today = scenario.points.flatMap((p) =>
      scenarioPointDays(p)
        .filter((x) => x.day === d)
        .map((x) => ({ code: p.code, d: x })),
    );
    await pool(today, run.concurrency, ({ code, d: pd }) => runPointDay(run, code, pd));
    const cast = run.stats.ballots - before;
    const took = performance.now() - t1;
    say(
      `Ngày ${d}: ${today.length} điểm, ${cast} phiếu trong ${seconds(took)} (${(cast / (took / 1000)).toFixed(0)} phiếu/giây), đã đóng và ký`,
    );
    if (!last) return [];
    const t2 = performance.now();
    const problems = await finish(run, out);
    say(
      `Ban Tổ chức kiểm tra, tải kết quả và ${today.length > 0 ? "các" : ""} biên bản: ${seconds(performance.now() - t2)}`,
    );
    return problems;
  };

  let problems: string[];
  if (args.url) {
    const [only, ...more] = days;
    if (!only || more.length > 0) {
      throw new SimulationError(
        `với --url chỉ chạy được một ngày, ngày hiện tại của máy chủ (máy chủ tự giữ đồng hồ của mình); kịch bản có ${days.length} ngày: ${days.join(", ")}. Bỏ --url để trình mô phỏng tự chạy máy chủ cho từng ngày.`,
      );
    }
    if (only !== vietnamDate(new Date())) {
      say(
        `Lưu ý: ngày của kịch bản (${only}) khác hôm nay (${vietnamDate(new Date())}); chỉ chạy được nếu đồng hồ máy chủ đang ở ngày đó.`,
      );
    }
    problems = await day(only, true, true);
  } else {
    const temp = args.db ? null : mkdtempSync(join(tmpdir(), "tn-sim-"));
    const db = args.db ? resolve(args.db) : join(temp ?? "", "sim.sqlite");
    if (statSync(db, { throwIfNoEntry: false })?.size) {
      throw new SimulationError(`--db ${db} đã có dữ liệu: trình mô phỏng cần một cơ sở dữ liệu mới.`);
    }
    // How a real district starts: an operator creates the first board account on the database.
    const store = Store.open(db);
    run.board.password = crypto.getRandomValues(new Uint8Array(12)).toHex();
    const created = await createBoardAccount({ store, clock: systemClock }, SYSTEM_ACTOR, {
      username: run.board.username,
      displayName: scenario.campaign.aggregator,
      password: run.board.password,
    });
    store.close();
    if (!created.ok) throw new SimulationError(created.error.message);
    problems = [];
    try {
      for (const [i, d] of days.entries()) {
        // Each day its own server on the same database, its clock moved to 09:00 of that day.
        const server = await startServer(db, offsetForDay(d, new Date()));
        run.base = server.url;
        try {
          problems = await day(d, i === 0, i === days.length - 1);
        } finally {
          await server.stop();
        }
      }
    } finally {
      if (temp) rmSync(temp, { recursive: true, force: true });
    }
  }
  const total = performance.now() - started;
  if (process.env["SIM_TIMINGS"] === "1") {
    const pct = (xs: number[], q: number) =>
      [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] ?? 0;
    for (const [kind, xs] of [...timings].sort((a, b) => b[1].length - a[1].length)) {
      say(
        `  ${kind.padEnd(52)} n=${String(xs.length).padStart(7)} p50 ${pct(xs, 0.5).toFixed(1)} ms, p99 ${pct(xs, 0.99).toFixed(1)} ms`,
      );
    }
  }
  say(
    `Tổng cộng: ${run.stats.ballots} phiếu, ${run.stats.voided} phiếu không thu về, ${run.stats.requests} yêu cầu HTTP trong ${seconds(total)}.`,
  );
  if (problems.length > 0) {
    say(`KHÔNG KHỚP với kịch bản:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    return 1;
  }
  say(`Kết quả khớp kịch bản. Đã ghi ${out}/results.json, officers.json và minutes/.`);
  return 0;
}

try {
  process.exit(await main());
} catch (e) {
  if (e instanceof SimulationError) {
    process.stderr.write(`✖ ${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
