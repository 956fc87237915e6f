// Shared by the benchmark, load and crash scripts: start the real server on loopback, read a
// process's CPU time and RSS from /proc, percentiles, and the district fixture (N points × 3 kiosks).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { systemClock } from "../server/clock.ts";
import { hashPassword } from "../server/crypto/password.ts";
import type { Store } from "../server/db/store.ts";
import { SYSTEM_ACTOR } from "../server/domain/audit.ts";
import { addDays, vietnamDate } from "../server/domain/calendar.ts";
import { csrfTokenFor } from "../server/http/auth.ts";
import { buildScenario } from "../server/scenario-builder.ts";
import { openSession } from "../server/services/sessions.ts";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A server process started by a script, with the address it printed. */
export type RunningServer = {
  url: string;
  proc: Bun.Subprocess<"ignore", "pipe", "inherit">;
  /** Graceful stop (SIGTERM: the server sweeps and closes its database). */
  stop: () => Promise<void>;
};

/**
 * Starts `server/main.ts` on 127.0.0.1 with a free port on the database at `dbPath` (DEMO off) and
 * waits for the address it prints. Its request log is drained so a full pipe never blocks it.
 */
export async function startServer(dbPath: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const proc = Bun.spawn([process.execPath, join(ROOT, "server/main.ts")], {
    // SPEECH=0: the clips are made once after a stamp, in another process, and would only take CPU
    // from what is being measured.
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_PATH: dbPath,
      DEMO: "0",
      SPEECH: "0",
      ...env,
    },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let out = "";
  let url = "";
  while (!url) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited before listening:\n${out}`);
    out += decoder.decode(value);
    url = out.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0] ?? "";
  }
  void (async () => {
    for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) return;
  })();
  return {
    url,
    proc,
    stop: async () => {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}

/** User + system CPU seconds a process has used so far (Linux /proc; 100 ticks a second). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size of a process in MiB (VmRSS). */
export function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? Number.NaN);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

/**
 * Milliseconds from `now` until the next midnight in Vietnam (UTC+7, 17:00 UTC). A load whose
 * point-days opened before it would see its tickets refused after it, as another day's (correct,
 * and not what a load measures).
 */
export function msUntilVietnamMidnight(now: Date): number {
  return Date.parse(`${addDays(vietnamDate(now), 1)}T00:00:00+07:00`) - now.getTime();
}

/**
 * Seconds to move the clock of a short run (`CLOCK_OFFSET_SECONDS` for a server, `offsetClock` in
 * process) so that the run does not cross Vietnam's midnight: 0 when midnight is more than
 * `windowMs` away from `now`; otherwise the time left to it plus a minute, so that the whole run
 * lives in the new day. For tests, whose server seeds the sample campaign for its "today": one that
 * opened a point at 23:59 and pressed its next button at 00:01 would meet another day's refusal.
 */
export function secondsClearOfVietnamMidnight(now: Date, windowMs: number): number {
  const left = msUntilVietnamMidnight(now);
  return left > windowMs ? 0 : Math.ceil(left / 1000) + 60;
}

/**
 * Waits past Vietnam's midnight when a run of `windowMs` would cross it, saying so; returns at once
 * otherwise. The wait is at most `windowMs` (plus 5 s).
 */
export async function startAfterVietnamMidnight(
  windowMs: number,
  log: (line: string) => void,
): Promise<void> {
  const left = msUntilVietnamMidnight(new Date());
  if (left > windowMs) return;
  log(
    `Nửa đêm giờ Việt Nam (17:00 UTC) rơi vào giữa lần chạy: chờ ${Math.ceil((left + 5000) / 1000)} s rồi mới bắt đầu (ngày-điểm thuộc về ngày nó mở).`,
  );
  await Bun.sleep(left + 5000);
}

/** The q-quantile (0..1) of xs by the nearest-rank rule; NaN when empty. */
export function percentile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

/** The CSRF pair a logged-out client (a kiosk) sends: any 64-hex cookie echoed in the header. */
export const KIOSK_CSRF = "c".repeat(64);

/** One point of the district fixture, as the load generator needs it. */
export type DistrictPoint = {
  id: number;
  code: string;
  /** The first officer's session token (tn_session cookie) and its CSRF token. */
  session: string;
  csrf: string;
  kiosks: { id: string; token: string }[];
  /** Roster entries (ids and names) to check in, in roster order. */
  entries: { id: number; name: string }[];
  officialCodes: string[];
};

export type District = {
  today: string;
  board: { session: string };
  points: DistrictPoint[];
};

/**
 * A district's voting day built into `store` through the scenario builder: `points` points in
 * communes of 10 points each, `officials` officials per commune (every point rates its commune's
 * officials), `roster` residents and 3 officers per point, every point open today with `kiosks`
 * kiosks paired and confirmed, one session for each point's first officer and one for the board.
 * Sessions are written straight into the store (a login's argon2id per officer would only time the
 * set-up); the CSRF token is the one the server derives from each session.
 */
export async function buildDistrict(
  store: Store,
  options: { points: number; kiosks: number; roster: number; officials: number },
): Promise<District> {
  const today = vietnamDate(systemClock.now());
  const communes = Math.ceil(options.points / 10);
  const communeCode = (c: number) => `X${String(c + 1).padStart(3, "0")}`;
  const officials = Array.from({ length: communes }, (_, c) =>
    Array.from({ length: options.officials }, (_, i) => ({
      code: `${communeCode(c)}-CB${String(i + 1).padStart(2, "0")}`,
      name: `Nguyễn Văn Cán Bộ ${c + 1}.${i + 1}`,
      position: i === 0 ? "Bí thư Đảng ủy" : "Phó Chủ tịch Ủy ban nhân dân",
      commune: communeCode(c),
    })),
  ).flat();
  const password = "tai-phu-huyen";
  // Only while building: one commit at the end, durability of a throw-away fixture is not measured.
  store.db.run("PRAGMA synchronous = OFF");
  const built = await buildScenario(
    { store, clock: systemClock },
    SYSTEM_ACTOR,
    {
      campaign: {
        code: "HUYEN",
        name: "Đợt lấy phiếu toàn huyện",
        ruleSet: "qd96-2023",
        aggregator: "Ban Tổ chức Huyện ủy",
        district: "Huyện Hương Trà",
        days: [today],
        onePer: "resident",
      },
      communes: Array.from({ length: communes }, (_, c) => ({
        code: communeCode(c),
        name: `Xã Số ${c + 1}`,
        mergedInto: `Xã Mới ${Math.floor(c / 2) + 1}`,
      })),
      officials,
      points: Array.from({ length: options.points }, (_, p) => ({
        code: `D${String(p + 1).padStart(4, "0")}`,
        name: `Thôn ${p + 1}`,
        commune: communeCode(Math.floor(p / 10)),
        day: today,
        roster: options.roster,
        officers: [
          { name: "Trần Thị Tổ Trưởng", role: "Tổ trưởng" },
          { name: "Lê Văn Thư Ký", role: "Thư ký" },
        ],
        kiosks: options.kiosks,
      })),
    },
    {
      until: "voting",
      board: { username: "bantochuc", password, mustChangePassword: false },
      officers: {
        password,
        mustChangePassword: false,
        passwordHash: await hashPassword(password),
        seal: { kdf: { name: "scrypt", N: 1024, r: 8, p: 1 } },
      },
    },
  );
  if (!built.ok) throw new Error(`district fixture refused: ${built.error.message}`);
  store.db.run("PRAGMA synchronous = FULL");
  const policy = { idleMinutes: 120, maxHours: 12 };
  const deps = { store, clock: systemClock };
  const boardUser = store.users.credentials("bantochuc")?.user;
  if (!boardUser) throw new Error("no board account");
  const entriesOf = store.db.query<{ id: number; name: string }, [number]>(
    "SELECT id, full_name AS name FROM roster_entries WHERE point_id = ? ORDER BY id",
  );
  const points = built.value.points.map((point): DistrictPoint => {
    const officer = built.value.officers.find((o) => o.pointCode === point.code);
    if (!officer) throw new Error(`no officer at ${point.code}`);
    const session = openSession(deps, { id: officer.userId }, policy);
    const commune = point.code && communeCode(Math.floor((Number(point.code.slice(1)) - 1) / 10));
    return {
      id: point.id,
      code: point.code,
      session,
      csrf: csrfTokenFor(session),
      kiosks: built.value.kiosks
        .filter((k) => k.pointCode === point.code)
        .map(({ id, token }) => ({ id, token })),
      entries: entriesOf.all(point.id),
      officialCodes: officials.filter((o) => o.commune === commune).map((o) => o.code),
    };
  });
  return { today, board: { session: openSession(deps, boardUser, policy) }, points };
}

/** One figure of `bench.ts --json`; `error` when the measure itself failed (then `pass` is false). */
export type Metric = {
  value: number;
  unit: string;
  ceiling?: number;
  ratio?: number;
  target: string;
  pass: boolean;
  error?: string;
};

/**
 * The `district` figure from a run of `scripts/load.ts --points N --json`: its exit code and its
 * stdout, whose last line is the report. A run that failed (a non-zero exit, no report, a report
 * without its figures) is a failed measure with the reason, not a figure: value 0, pass false.
 */
export function districtMetric(points: number, exitCode: number | null, stdout: string): Metric {
  const unit = `ms (worst p99, ${points} points)`;
  const target = "< 200 ms";
  const failed = (error: string): Metric => ({ value: 0, unit, target, pass: false, error });
  if (exitCode !== 0) {
    return failed(
      `scripts/load.ts exited with ${exitCode === null ? "a signal" : `code ${exitCode}`} (its messages are on stderr above)`,
    );
  }
  const last = stdout.trim().split("\n").at(-1) ?? "";
  let report: unknown;
  try {
    report = JSON.parse(last);
  } catch {
    return failed(
      `scripts/load.ts printed no JSON report (last line: ${JSON.stringify(last.slice(0, 200))})`,
    );
  }
  const { worstP99, pass } = (report ?? {}) as { worstP99?: unknown; pass?: unknown };
  if (typeof worstP99 !== "number" || !Number.isFinite(worstP99) || typeof pass !== "boolean") {
    return failed("scripts/load.ts's report has no worstP99 and pass");
  }
  return { value: round(worstP99), unit, target, pass };
}
