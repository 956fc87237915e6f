// Crash test (issue #12 §5): a real server, killed with SIGKILL at a random moment and started again
// on the same database, in three phases:
//   casting  — 20 kiosks at 5 points casting at once through the real routes;
//   close    — every point's "Kết thúc và kiểm phiếu" at once (each round on a copy of the database);
//   signing  — two officers of every point signing its minutes at once (each round on a copy).
//   bun scripts/crash-test.ts [--rounds 6] [--seed N] [--short]
// --short (the version `npm test` runs: test/scripts/crash-test.test.ts) is the same test made small:
// 2 points of 3 kiosks, 2 rounds per phase unless --rounds says otherwise (the full run has at least 5).
// After each kill the files are opened as they are and checked: integrity; every ballot whose cast was
// answered "đã ghi nhận" is stored, and no more ballots than casts sent; the collected count equals the
// ballots; issued equals the check-ins; a ticket is never consumed twice (collected ≤ issued +
// re-issued − voided) and the tickets lost (a documented incident: tickets live in memory, see
// server/db/ticket-book.ts) are at most the kiosks' one each; the audit chain verifies; a point-day
// is still open with no minutes, or closed with its minutes — never closed without them; every stored
// signature has its audit entry and verifies. Then the server must start again on those files, and
// after a casting round the casts sent before the kill, sent again to it, are all refused: a ticket
// consumed before the crash (or lost with it) is never consumed after it.
// Exit 1 on any violation. Loopback only; each round is bounded (a few seconds).

import { Database } from "bun:sqlite";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { systemClock } from "../server/clock.ts";
import { verifyEd25519 } from "../server/crypto/ed25519.ts";
import { hashPassword } from "../server/crypto/password.ts";
import { verifyMinutes } from "../server/crypto/verify-minutes.ts";
import { BallotBox } from "../server/db/ballot-box.ts";
import { signedDocument } from "../server/db/minutes-repo.ts";
import { Store } from "../server/db/store.ts";
import { SYSTEM_ACTOR } from "../server/domain/audit.ts";
import { vietnamDate } from "../server/domain/calendar.ts";
import { mulberry32 } from "../server/domain/seeded-random.ts";
import { csrfTokenFor } from "../server/http/auth.ts";
import { paths } from "../server/http/paths.ts";
import { buildScenario, oneDayTrial } from "../server/scenario-builder.ts";
import { openSession } from "../server/services/sessions.ts";
import { lostTickets } from "../server/services/voting.ts";
import { KIOSK_CSRF, startAfterVietnamMidnight, startServer } from "./bench-support.ts";
import { readCommandLine } from "./command-line.ts";

const USAGE = [
  "Cách dùng: bun scripts/crash-test.ts [--rounds N] [--seed N] [--short]",
  "  --rounds N  số vòng mỗi giai đoạn (mặc định 6, ít nhất 5; với --short mặc định 2)",
  "  --seed N    số khởi đầu chọn các thời điểm tắt máy chủ: cùng số, cùng các thời điểm (chạy lại được)",
  "  --short     bản ngắn mà npm test chạy: 2 điểm, 3 máy mỗi điểm",
].join("\n");
/** A refused command line: one line naming the flag, the usage, exit 2 (no stack trace). */
function refuse(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}
const { values } = readCommandLine(
  {
    args: process.argv.slice(2),
    options: {
      rounds: { type: "string" },
      seed: { type: "string" },
      short: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  },
  USAGE,
  "--rounds 6",
);
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const SHORT = values.short;
/** A whole number from a flag, or the command line is refused naming the flag. */
function wholeNumber(flag: string, text: string | undefined, fallback: number, least: number): number {
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < least)
    refuse(`--${flag}: cần một số nguyên từ ${least} trở lên, không phải “${text}”.`);
  return n;
}
// Issue #12 §5: at least 5 rounds in the script; the short version in `npm test` runs fewer.
const ROUNDS = wholeNumber("rounds", values.rounds, SHORT ? 2 : 6, SHORT ? 1 : 5);
const seed = wholeNumber("seed", values.seed, Date.now() % 1_000_000, 0);
console.log(`seed ${seed} (repeat with --seed ${seed})`);
/** The kill moments are reproducible from the seed (the machine's timing is not). */
const random = mulberry32(seed);

const POINTS = SHORT ? 2 : 5;
const KIOSKS_PER_POINT = SHORT ? 3 : 4;
/** Ballots cast at each point by the fixture before the rounds, and the roster they come from. */
const CAST_BEFORE = SHORT ? 50 : 200;
/** Enough residents for every round: a round checks in up to ≈ 160 per point (at most 600 allowed). */
const ROSTER = Math.max(SHORT ? 1500 : 5000, CAST_BEFORE + 600 * ROUNDS);
const PASSWORD = "crash-test-password";
const violations: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) violations.push(what);
};

type Officer = { username: string; session: string; csrf: string };
type CrashPoint = { id: number; code: string; officers: Officer[]; kiosks: { id: string; token: string }[] };

// --- the fixture: 5 points open today, 4 kiosks each, 20 officials, 200 ballots cast each (--short:
// 2 points, 3 kiosks, 50 ballots) -----------------------------------------------------------------
// Every round restarts the server on today's point-days: the run must not cross Vietnam's midnight.
// A casting round can take up to 33 s (30 s for a first answer, 2.5 s to the kill) before its checks.
await startAfterVietnamMidnight(60_000 * ROUNDS + 30_000, (line) => console.log(line));
const dir = mkdtempSync(join(tmpdir(), "tn-crash-"));
const dbPath = join(dir, "crash.sqlite");
const today = vietnamDate(systemClock.now());
const points: CrashPoint[] = await (async () => {
  const store = Store.open(dbPath);
  const officials = Array.from({ length: 20 }, (_, i) => ({
    code: `CB-${String(i + 1).padStart(2, "0")}`,
    name: `Cán Bộ ${i + 1}`,
    position: "Cán bộ xã",
    commune: "X1",
  }));
  const marks = Object.fromEntries(
    officials.map((o, i) => [o.code, (["high", "medium", "low"] as const)[i % 3] ?? null]),
  );
  const built = await buildScenario(
    { store, clock: systemClock },
    SYSTEM_ACTOR,
    {
      ...oneDayTrial("CRASH", "Đợt thử sập nguồn", today),
      officials,
      points: Array.from({ length: POINTS }, (_, p) => ({
        code: `C${p + 1}`,
        name: `Thôn ${p + 1}`,
        commune: "X1",
        day: today,
        roster: ROSTER,
        officers: [
          { name: "Tổ Trưởng", role: "Tổ trưởng" },
          { name: "Thư Ký", role: "Thư ký" },
        ],
        ballots: [{ count: CAST_BEFORE, marks }],
        kiosks: KIOSKS_PER_POINT,
      })),
    },
    {
      until: "voting",
      officers: {
        password: PASSWORD,
        mustChangePassword: false,
        passwordHash: await hashPassword(PASSWORD),
        seal: { kdf: { name: "scrypt", N: 1024, r: 8, p: 1 } },
      },
    },
  );
  if (!built.ok) throw new Error(built.error.message);
  const policy = { idleMinutes: 600, maxHours: 12 };
  const result = built.value.points.map((point) => ({
    id: point.id,
    code: point.code,
    officers: built.value.officers
      .filter((o) => o.pointCode === point.code)
      .map((o) => {
        const session = openSession({ store, clock: systemClock }, { id: o.userId }, policy);
        return { username: o.username, session, csrf: csrfTokenFor(session) };
      }),
    kiosks: built.value.kiosks
      .filter((k) => k.pointCode === point.code)
      .map(({ id, token }) => ({ id, token })),
  }));
  store.close();
  return result;
})();

const officerHeaders = (o: Officer) => ({
  Cookie: `tn_session=${o.session}; tn_csrf=${o.csrf}`,
  "X-CSRF-Token": o.csrf,
  "HX-Request": "true",
  "Content-Type": "application/x-www-form-urlencoded",
});
const kioskHeaders = (token: string) => ({
  Cookie: `tn_kiosk=${token}; tn_csrf=${KIOSK_CSRF}`,
  "X-CSRF-Token": KIOSK_CSRF,
  "HX-Request": "true",
  "Content-Type": "application/x-www-form-urlencoded",
});

/** The database's files (main, WAL, shared memory, ballot file, its journal) copied beside. */
function copyDatabase(from: string, to: string): void {
  for (const name of readdirSync(dirname(from))) {
    // Files only: a folder beside the database (the spoken guidance's clips) is not the database.
    if (name.startsWith(basename(from)) && statSync(join(dirname(from), name)).isFile())
      copyFileSync(join(dirname(from), name), join(dirname(to), name.replace(basename(from), basename(to))));
  }
}

/** Integrity of both files and the audit chain; the store opened on them, or null. */
function openChecked(path: string, label: string): Store | null {
  for (const file of [path, BallotBox.pathBeside(path)]) {
    const raw = new Database(file);
    const integrity = raw.query<{ integrity_check: string }, []>("PRAGMA integrity_check").get();
    raw.close();
    check(
      integrity?.integrity_check === "ok",
      `${label}: ${basename(file)} integrity ${integrity?.integrity_check}`,
    );
  }
  const store = Store.open(path);
  const chain = store.audit.verify();
  check(chain.ok, `${label}: the audit chain does not verify`);
  return store;
}

/** The server must start on the files a kill left, and answer; `then` runs against it before it stops. */
async function restartWorks(
  path: string,
  label: string,
  then?: (url: string) => Promise<void>,
): Promise<void> {
  const server = await startServer(path);
  try {
    const health = await fetch(`${server.url}/healthz`);
    check(health.status === 200, `${label}: restarted server answers ${health.status} on /healthz`);
    await then?.(server.url);
  } finally {
    await server.stop();
  }
}

/** Ballots stored in the ballot file beside `path` (filled slots), all points. */
function storedBallots(path: string): number {
  const box = BallotBox.open(BallotBox.pathBeside(path));
  const n = box.db.query<{ n: number }, []>("SELECT count(*) AS n FROM slots WHERE filled = 1").get()?.n ?? 0;
  box.db.close();
  return n;
}

/** The casts sent last before a kill, kept to be sent again after the restart. */
const REPLAYED = 30;
type SentCast = { token: string; form: string };

// --- phase 1: casting -----------------------------------------------------------------------
type CastRound = { killedAt: number; acknowledged: number; sent: number; issued: number; lost: number };
const castRounds: CastRound[] = [];
let replayed = 0;
{
  let acknowledgedTotal = 0;
  let sentTotal = 0;
  const nextEntry = new Map<number, number>();
  const entriesOf = (() => {
    const store = Store.open(dbPath);
    const q = store.db.query<{ id: number }, [number]>(
      "SELECT id FROM roster_entries WHERE point_id = ? AND id NOT IN (SELECT roster_entry_id FROM check_ins) ORDER BY id",
    );
    const map = new Map(points.map((p) => [p.id, q.all(p.id).map((r) => r.id)]));
    store.close();
    return map;
  })();
  let lostBefore = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const server = await startServer(dbPath);
    let acknowledged = 0;
    let sent = 0;
    let issued = 0;
    let alive = true;
    const sentCasts: SentCast[] = [];
    // The random moment is counted from the first acknowledged cast, so that it falls while kiosks
    // cast, however slowly a busy machine starts the server and the first ballots (30 s at most).
    let casting = () => {};
    const started = new Promise<void>((resolve) => {
      casting = resolve;
    });
    const loop = async (point: CrashPoint, kiosk: { id: string; token: string }) => {
      const officer = point.officers[0];
      if (!officer) return;
      while (alive) {
        const list = entriesOf.get(point.id) ?? [];
        const i = nextEntry.get(point.id) ?? 0;
        nextEntry.set(point.id, i + 1);
        const entry = list[i];
        if (entry === undefined) return;
        try {
          const issue = await fetch(`${server.url}${paths.officer.issue(point.id)}`, {
            method: "POST",
            headers: officerHeaders(officer),
            body: new URLSearchParams({ entryId: String(entry), kioskId: kiosk.id }),
          });
          await issue.arrayBuffer();
          if (issue.status !== 200) continue;
          issued++;
          const poll = await fetch(`${server.url}${paths.kiosk.wait}`, {
            headers: kioskHeaders(kiosk.token),
          });
          const ticket = (await poll.text()).match(/name="t" value="([0-9a-f]+)"/)?.[1] ?? "";
          const form = new URLSearchParams({ t: ticket, confirmBlank: "1", "m.CB-01": "high" });
          sent++;
          sentCasts.push({ token: kiosk.token, form: form.toString() });
          const cast = await fetch(`${server.url}${paths.kiosk.cast}`, {
            method: "POST",
            headers: kioskHeaders(kiosk.token),
            body: form,
          });
          if (cast.status === 200 && (await cast.text()).includes("đã được ghi nhận")) {
            acknowledged++;
            casting();
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    const loops = points.flatMap((p) => p.kiosks.map((k) => loop(p, k)));
    // A timer, not Bun.sleep: one left pending would keep the script alive 30 s after its last round.
    let cap: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([started, new Promise<void>((resolve) => (cap = setTimeout(resolve, 30_000)))]);
    clearTimeout(cap);
    const killAfter = random() * 2500;
    await Bun.sleep(killAfter);
    server.proc.kill("SIGKILL");
    await server.proc.exited;
    alive = false;
    await Promise.all(loops);
    acknowledgedTotal += acknowledged;
    sentTotal += sent;
    const label = `casting round ${round}`;
    // A round with no answered cast checks nothing (the cast route broken, or the roster used up).
    check(acknowledged > 0, `${label}: no cast was answered "đã được ghi nhận" in 30 s`);
    const store = openChecked(dbPath, label);
    if (!store) continue;
    let stored = 0;
    let lost = 0;
    for (const p of points) {
      const record = store.voting.pointDay(p.id, today);
      const ballots = store.ballots.collected(p.id, today);
      const rows =
        store.ballots.db
          .query<{ n: number }, [number, string]>(
            "SELECT count(*) AS n FROM slots WHERE point_id = ? AND day = ? AND filled = 1",
          )
          .get(p.id, today)?.n ?? 0;
      const checkIns =
        store.db
          .query<{ n: number }, [number]>("SELECT count(*) AS n FROM check_ins WHERE point_id = ?")
          .get(p.id)?.n ?? 0;
      check(rows === ballots, `${label}: ${p.code} collected count ${ballots} ≠ ${rows} ballots stored`);
      check(
        record?.issued === checkIns,
        `${label}: ${p.code} issued ${record?.issued} ≠ ${checkIns} check-ins`,
      );
      const spent = (record?.issued ?? 0) + (record?.reissued ?? 0) - (record?.voided ?? 0);
      check(
        ballots <= spent,
        `${label}: ${p.code} ${ballots} ballots for ${spent} tickets (a ticket used twice)`,
      );
      stored += rows;
      lost += lostTickets(store, p.id, today).lost;
    }
    store.close();
    // CAST_BEFORE ballots per point were cast by the fixture before the rounds.
    const cast = stored - POINTS * CAST_BEFORE;
    check(cast >= acknowledgedTotal, `${label}: ${cast} ballots stored < ${acknowledgedTotal} acknowledged`);
    check(cast <= sentTotal, `${label}: ${cast} ballots stored > ${sentTotal} casts sent`);
    check(
      lost - lostBefore <= POINTS * KIOSKS_PER_POINT,
      `${label}: ${lost - lostBefore} tickets lost, more than the kiosks`,
    );
    castRounds.push({ killedAt: Math.round(killAfter), acknowledged, sent, issued, lost: lost - lostBefore });
    lostBefore = lost;
    // The last casts sent before the kill (acknowledged, stored without an answer, or lost with the
    // tickets in memory), sent again by the same kiosks to the restarted server: none may be taken.
    // Tickets live in memory only (ticket-book.ts), so today every one is unknown after a restart:
    // this guards that design — a ticket kept on disk or restored at start would be caught here.
    const replay = sentCasts.filter((c) => new URLSearchParams(c.form).get("t")).slice(-REPLAYED);
    await restartWorks(dbPath, label, async (url) => {
      for (const c of replay) {
        const res = await fetch(`${url}${paths.kiosk.cast}`, {
          method: "POST",
          headers: kioskHeaders(c.token),
          body: c.form,
        });
        const text = await res.text();
        check(res.status < 500, `${label}: a cast sent again after the restart answered ${res.status}`);
        check(
          !text.includes("đã được ghi nhận"),
          `${label}: a ticket sent before the kill was taken again after the restart`,
        );
      }
    });
    const after = storedBallots(dbPath);
    check(
      after === stored,
      `${label}: ${after - stored} ballots stored by casts sent again after the restart`,
    );
    replayed += replay.length;
  }
}

// --- phases 2 and 3: a kill during the close, during signing -------------------------------------
/** Sends the same request for every point at once and kills the server after `killAfter` ms. */
async function killDuring(
  path: string,
  killAfter: number,
  send: (url: string, point: CrashPoint) => Promise<Response>,
): Promise<number> {
  const server = await startServer(path);
  let answered = 0;
  const requests = points.map(async (p) => {
    try {
      const res = await send(server.url, p);
      await res.arrayBuffer();
      if (res.ok) answered++;
    } catch {
      // cut off by the kill
    }
  });
  await Bun.sleep(killAfter);
  server.proc.kill("SIGKILL");
  await server.proc.exited;
  await Promise.all(requests);
  return answered;
}

// The database after phase 1, cleanly stopped (the secrecy sweep checkpoints it): the close rounds start
// from copies of it.
{
  const server = await startServer(dbPath);
  await server.stop();
}
type CloseRound = {
  killedAt: number;
  answered: number;
  open: number;
  closedWithMinutes: number;
  half: number;
};
const closeRounds: CloseRound[] = [];
const closeMs = await (async () => {
  // One close of every point without a kill: how long the window to aim at is.
  const copy = join(dir, "closed.sqlite");
  copyDatabase(dbPath, copy);
  const server = await startServer(copy);
  const t0 = performance.now();
  await Promise.all(
    points.map(async (p) => {
      const officer = p.officers[0];
      if (!officer) return;
      const res = await fetch(`${server.url}${paths.officer.close(p.id)}`, {
        method: "POST",
        headers: officerHeaders(officer),
        body: new URLSearchParams({ day: today, incidents: "" }),
      });
      await res.arrayBuffer();
      check(res.ok, `calibration close of ${p.code}: ${res.status}`);
    }),
  );
  const ms = performance.now() - t0;
  await server.stop();
  return ms;
})();
for (let round = 1; round <= ROUNDS; round++) {
  const path = join(dir, `close-${round}.sqlite`);
  copyDatabase(dbPath, path);
  const killAfter = random() * closeMs * 1.2;
  const answered = await killDuring(path, killAfter, (url, p) =>
    fetch(`${url}${paths.officer.close(p.id)}`, {
      method: "POST",
      headers: officerHeaders(p.officers[0] ?? { username: "", session: "", csrf: "" }),
      body: new URLSearchParams({ day: today, incidents: "" }),
    }),
  );
  const label = `close round ${round}`;
  const store = openChecked(path, label);
  const r: CloseRound = { killedAt: Math.round(killAfter), answered, open: 0, closedWithMinutes: 0, half: 0 };
  if (store) {
    for (const p of points) {
      const record = store.voting.pointDay(p.id, today);
      const minutes = store.minutes.current(p.id, today);
      if (!record?.closedAt && !minutes) r.open++;
      else if (record?.closedAt && minutes) r.closedWithMinutes++;
      else r.half++;
    }
    check(
      r.half === 0,
      `${label}: ${r.half} point-days closed without their minutes (or minutes of an open day)`,
    );
    check(
      r.closedWithMinutes >= answered,
      `${label}: ${answered} closes answered, ${r.closedWithMinutes} closed`,
    );
    store.close();
  }
  closeRounds.push(r);
  await restartWorks(path, label);
  rmSync(path, { force: true });
}

type SignRound = {
  killedAt: number;
  answered: number;
  signatures: number;
  complete: number;
  verified: number;
};
const signRounds: SignRound[] = [];
const closedPath = join(dir, "closed.sqlite");
const signMs = await (async () => {
  const copy = join(dir, "signed.sqlite");
  copyDatabase(closedPath, copy);
  const server = await startServer(copy);
  const t0 = performance.now();
  await Promise.all(points.flatMap((p) => p.officers.map((o) => sign(server.url, p, o))));
  const ms = performance.now() - t0;
  await server.stop();
  return ms;
})();
function sign(url: string, p: CrashPoint, o: Officer): Promise<Response> {
  return fetch(`${url}${paths.officer.minutesSign(p.id, today)}`, {
    method: "POST",
    headers: officerHeaders(o),
    // Version 1: the minutes the close just made (the sign form sends the version read).
    body: new URLSearchParams({ version: "1", password: PASSWORD }),
  });
}
for (let round = 1; round <= ROUNDS; round++) {
  const path = join(dir, `sign-${round}.sqlite`);
  copyDatabase(closedPath, path);
  const killAfter = random() * signMs * 1.2;
  const server = await startServer(path);
  let answered = 0;
  const requests = points.flatMap((p) =>
    p.officers.map(async (o) => {
      try {
        const res = await sign(server.url, p, o);
        await res.arrayBuffer();
        if (res.status === 200) answered++;
      } catch {
        // cut off by the kill
      }
    }),
  );
  await Bun.sleep(killAfter);
  server.proc.kill("SIGKILL");
  await server.proc.exited;
  await Promise.all(requests);
  const label = `signing round ${round}`;
  const store = openChecked(path, label);
  const r: SignRound = { killedAt: Math.round(killAfter), answered, signatures: 0, complete: 0, verified: 0 };
  if (store) {
    const keys = new Map(store.officers.list().map((o) => [o.username, o.publicKey]));
    for (const p of points) {
      const minutes = store.minutes.current(p.id, today);
      if (!minutes) {
        check(false, `${label}: ${p.code} lost its minutes`);
        continue;
      }
      const audited = p.officers
        .flatMap((o) => store.audit.about(o.username, ["minutes.sign"]))
        .filter((e) => e.details["point"] === p.id);
      check(
        audited.length === minutes.signatures.length,
        `${label}: ${p.code} has ${minutes.signatures.length} signatures but ${audited.length} "minutes.sign" entries`,
      );
      r.signatures += minutes.signatures.length;
      // Each stored signature is over the exact stored bytes, by its officer's registered key.
      for (const sig of minutes.signatures) {
        const good =
          keys.get(sig.officer) === sig.publicKey &&
          (await verifyEd25519(sig.publicKey, new TextEncoder().encode(minutes.document), sig.signature)).ok;
        check(good, `${label}: ${p.code} signature of ${sig.officer} does not verify`);
      }
      if (minutes.signatures.length === 2) {
        const verified = await verifyMinutes(signedDocument(minutes), { registeredKeys: keys });
        check(verified.ok, `${label}: ${p.code} complete minutes do not verify`);
      }
      if (minutes.signatures.length === 2) r.complete++;
      if (store.results.latestVerification(minutes.id)) r.verified++;
    }
    check(r.signatures >= answered, `${label}: ${answered} signatures answered, ${r.signatures} stored`);
    store.close();
  }
  signRounds.push(r);
  await restartWorks(path, label);
  rmSync(path, { force: true });
}

rmSync(dir, { recursive: true, force: true });

console.log(
  `\nCasting (${POINTS * KIOSKS_PER_POINT} kiosks at ${POINTS} points, SIGKILL at a random moment, restart on the same files; ${replayed} casts sent again after the restarts, none taken):`,
);
console.log(
  "| round | killed after ms (from the first answered cast) | casts answered | casts sent | issued | tickets lost |\n|---|---|---|---|---|---|",
);
for (const [i, r] of castRounds.entries())
  console.log(`| ${i + 1} | ${r.killedAt} | ${r.acknowledged} | ${r.sent} | ${r.issued} | ${r.lost} |`);
console.log(`\nClose of ${POINTS} points at once (one close of all took ${closeMs.toFixed(0)} ms):`);
console.log(
  "| round | killed after ms | closes answered | still open | closed with minutes | half |\n|---|---|---|---|---|---|",
);
for (const [i, r] of closeRounds.entries())
  console.log(
    `| ${i + 1} | ${r.killedAt} | ${r.answered} | ${r.open} | ${r.closedWithMinutes} | ${r.half} |`,
  );
console.log(`\nSigning, 2 officers × ${POINTS} points at once (all took ${signMs.toFixed(0)} ms):`);
console.log(
  "| round | killed after ms | signatures answered | stored | minutes complete | checked |\n|---|---|---|---|---|---|",
);
for (const [i, r] of signRounds.entries())
  console.log(
    `| ${i + 1} | ${r.killedAt} | ${r.answered} | ${r.signatures} | ${r.complete} | ${r.verified} |`,
  );
if (violations.length > 0) {
  console.error(`\n✖ ${violations.length} violation(s):\n${violations.join("\n")}`);
  process.exit(1);
}
console.log(
  "\n✔ every round holds: acknowledged ballots stored, counts reconcile, no half-closed day, signatures audited",
);
