// Benchmark of the voting hot path against a real server on loopback (issue #5 §8):
// 50 kiosks at once, each looping "officer issues a ticket → kiosk poll picks it up → cast".
//   bun scripts/bench.ts [--kiosks 50] [--ballots 3000]
// Prints p50/p95/p99 latency per request kind and the cast throughput. Bounded: it stops after the
// given number of ballots or 120 s, whichever comes first, and only ever talks to 127.0.0.1.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Store } from "../server/db/store.ts";
import { votingFixture } from "./voting-fixture.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { kiosks: { type: "string", default: "50" }, ballots: { type: "string", default: "3000" } },
});
const KIOSKS = Number(values.kiosks);
const BALLOTS = Number(values.ballots);
const DEADLINE = Date.now() + 120_000;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tn-bench-"));
const dbPath = join(dir, "bench.sqlite");

// --- a voting day: one point, six officials, a roster big enough, 50 paired kiosks ------------
const store = Store.open(dbPath);
const {
  point,
  today,
  officialCodes: codes,
  officers,
  kiosks: kioskTokens,
} = await votingFixture(store, {
  code: "BENCH",
  officials: 6,
  roster: BALLOTS + KIOSKS,
  kiosks: KIOSKS,
  password: "bench-password",
});
const entryIds = store.db
  .query<{ id: number }, []>("SELECT id FROM roster_entries ORDER BY id")
  .all()
  .map((r) => r.id);
store.close();

// --- the real server ------------------------------------------------------------------------
const server = Bun.spawn([process.execPath, join(ROOT, "server/main.ts")], {
  env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: dbPath, DEMO: "0" },
  stdout: "pipe",
  stderr: "inherit",
});
let url = "";
{
  const reader = server.stdout.getReader();
  let out = "";
  while (!url) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited:\n${out}`);
    out += new TextDecoder().decode(value);
    url = out.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0] ?? "";
  }
  // Drain the request log so the server never blocks on a full pipe.
  void (async () => {
    for (;;) if ((await reader.read()).done) return;
  })();
}

const CSRF = "c".repeat(64);
const headers = (cookies: string) => ({
  Cookie: `tn_csrf=${CSRF}; ${cookies}`,
  "X-CSRF-Token": CSRF,
  "HX-Request": "true",
});

const login = await fetch(`${url}/dang-nhap`, {
  method: "POST",
  redirect: "manual",
  headers: { ...headers(""), "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ username: officers[0]?.username ?? "", password: "bench-password" }),
});
const session = login.headers
  .getSetCookie()
  .find((c) => c.startsWith("tn_session="))
  ?.split(";")[0];
if (!session) throw new Error(`login failed: ${login.status}`);
// A logged-in request carries the token bound to its session (issue #9 §3): the login answer sets it.
const officerCsrf =
  login.headers
    .getSetCookie()
    .find((c) => c.startsWith("tn_csrf="))
    ?.split(";")[0]
    ?.slice("tn_csrf=".length) ?? CSRF;
const officerHeaders = {
  Cookie: `tn_csrf=${officerCsrf}; ${session}`,
  "X-CSRF-Token": officerCsrf,
  "HX-Request": "true",
};

const timings: Record<"issue" | "poll" | "cast", number[]> = { issue: [], poll: [], cast: [] };
async function timed<T>(kind: keyof typeof timings, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  timings[kind].push(performance.now() - start);
  return result;
}

let next = 0;
let cast = 0;
let failures = 0;
const started = performance.now();

async function kioskLoop(kiosk: { id: string; token: string }) {
  const kioskHeaders = headers(`tn_kiosk=${kiosk.token}`);
  while (next < BALLOTS && Date.now() < DEADLINE) {
    const entry = entryIds[next++];
    if (entry === undefined) return;
    const issued = await timed("issue", () =>
      fetch(`${url}/to-cong-tac/diem/${point.id}/phat-phieu`, {
        method: "POST",
        headers: { ...officerHeaders, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ entryId: String(entry), kioskId: kiosk.id }),
      }),
    );
    await issued.arrayBuffer();
    if (issued.status !== 200) {
      failures++;
      continue;
    }
    const poll = await timed("poll", () => fetch(`${url}/kiosk/cho`, { headers: kioskHeaders }));
    const ticket = (await poll.text()).match(/name="t" value="([0-9a-f]+)"/)?.[1] ?? "";
    const form = new URLSearchParams({ t: ticket, confirmBlank: "1" });
    codes.forEach((code, i) => {
      if ((entry + i) % 7 !== 0)
        form.set(`m.${code}`, ["high", "medium", "low"][(entry * (i + 1)) % 3] ?? "high");
    });
    const res = await timed("cast", () =>
      fetch(`${url}/kiosk/phieu`, {
        method: "POST",
        headers: { ...kioskHeaders, "Content-Type": "application/x-www-form-urlencoded" },
        body: form,
      }),
    );
    const body = await res.text();
    if (res.status === 200 && body.includes("đã được ghi nhận")) cast++;
    else failures++;
  }
}

await Promise.all(kioskTokens.map(kioskLoop));
const seconds = (performance.now() - started) / 1000;

// Idle polling alone: what 50 kiosks waiting for residents cost (one request per kiosk per second).
const idle: number[] = [];
await Promise.all(
  kioskTokens.map(async (kiosk) => {
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      const res = await fetch(`${url}/kiosk/cho`, { headers: headers(`tn_kiosk=${kiosk.token}`) });
      await res.arrayBuffer();
      idle.push(performance.now() - start);
    }
  }),
);

server.kill("SIGTERM");
await server.exited;
const check = Store.open(dbPath);
const stored = check.ballots.collected(point.id, today);
const counts = check.voting.pointDay(point.id, today);
check.close();
rmSync(dir, { recursive: true, force: true });

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const row = (name: string, xs: number[]) =>
  `| ${name} | ${xs.length} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} | ${pct(xs, 99).toFixed(1)} |`;
console.log(
  `\n${KIOSKS} kiosks, ${cast} ballots cast in ${seconds.toFixed(1)} s → ${(cast / seconds).toFixed(0)} ballots/s (${failures} refused)`,
);
console.log(
  `stored ballots: ${stored}; point counts: issued ${counts?.issued}, collected ${counts?.collected}\n`,
);
console.log("| request | n | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|");
console.log(row("cast (POST /kiosk/phieu)", timings.cast));
console.log(row("issue (POST …/phat-phieu)", timings.issue));
console.log(row("poll with ticket (GET /kiosk/cho)", timings.poll));
console.log(row("idle poll (GET /kiosk/cho → 204)", idle));
if (stored !== cast || counts?.collected !== cast) {
  console.error("MISMATCH: acknowledged casts and stored ballots differ");
  process.exit(1);
}
