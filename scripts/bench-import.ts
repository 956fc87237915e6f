// Benchmark of roster import's memory and responsiveness (issue #14 "Memory and stalls").
//   bun scripts/bench-import.ts [--rows 300000] [--file WORKBOOK.xlsx]
// Builds the workbook the issue describes — three residents, borders down to row N — with
// test/fixtures/real-world/make-formatted-rows.py (python3), starts the real server on loopback with a
// fresh database holding a draft campaign, uploads the workbook as the board does, and while the
// server reads it asks /healthz every 20 ms. Prints the server's peak resident memory (VmHWM, from
// /proc), its resident memory before and after, the slowest /healthz answer during the read and
// before it (the machine's own noise), the read's duration and its outcome. Targets: peak < 300 MB,
// /healthz < 200 ms throughout. Only ever talks to 127.0.0.1.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { systemClock } from "../server/clock.ts";
import { Store } from "../server/db/store.ts";
import { buildScenario } from "../server/scenario-builder.ts";
import { parseScenario } from "../server/seed.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { rows: { type: "string", default: "300000" }, file: { type: "string" } },
});
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tn-bench-import-"));
const PASSWORD = "bench-import-password";

try {
  // --- the workbook --------------------------------------------------------------------------
  let workbook = values.file ?? "";
  if (!workbook) {
    workbook = join(dir, `formatted-${values.rows}.xlsx`);
    const made = Bun.spawnSync([
      "python3",
      join(ROOT, "test/fixtures/real-world/make-formatted-rows.py"),
      String(Number(values.rows)),
      workbook,
    ]);
    if (made.exitCode !== 0) throw new Error(`make-formatted-rows.py failed:\n${made.stderr.toString()}`);
  }
  const bytes = readFileSync(workbook);

  // --- a draft campaign and a board account ----------------------------------------------------
  const dbPath = join(dir, "bench.sqlite");
  const store = Store.open(dbPath);
  const scenario = parseScenario(JSON.parse(readFileSync(join(ROOT, "scripts/scenarios/demo.json"), "utf8")));
  if (!scenario.ok) throw new Error(scenario.error.join("\n"));
  const built = await buildScenario(
    { store, clock: systemClock },
    { name: "bench", address: null },
    scenario.value,
    {
      until: "draft",
      board: { username: "bench-board", password: PASSWORD, mustChangePassword: false },
      officers: { seal: { kdf: { name: "scrypt", N: 1024, r: 8, p: 1 } } },
    },
  );
  if (!built.ok) throw new Error(built.error.message);
  const point = built.value.points[0];
  if (!point) throw new Error("the demo scenario has no point");
  store.close();

  // --- the real server -------------------------------------------------------------------------
  const server = Bun.spawn([process.execPath, join(ROOT, "server/main.ts")], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: dbPath, DEMO: "0", SPEECH: "0" },
    stdout: "pipe",
    stderr: "ignore",
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
    void (async () => {
      for (;;) if ((await reader.read()).done) return;
    })();
  }
  const memory = (field: "VmRSS" | "VmHWM"): number => {
    const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  };

  const CSRF = "c".repeat(64);
  const login = await fetch(`${url}/dang-nhap`, {
    method: "POST",
    redirect: "manual",
    headers: {
      Cookie: `tn_csrf=${CSRF}`,
      "X-CSRF-Token": CSRF,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ username: "bench-board", password: PASSWORD }),
  });
  const set = login.headers.getSetCookie();
  const session = set.find((c) => c.startsWith("tn_session="))?.split(";")[0];
  if (!session) throw new Error(`login failed: ${login.status}`);
  // A logged-in request carries the token bound to its session: the login answer sets it.
  const csrf =
    set
      .find((c) => c.startsWith("tn_csrf="))
      ?.split(";")[0]
      ?.slice("tn_csrf=".length) ?? CSRF;
  const headers = () => ({
    Cookie: `tn_csrf=${csrf}; ${session}`,
    "X-CSRF-Token": csrf,
    "HX-Request": "true",
  });

  // --- /healthz sampler ----------------------------------------------------------------------
  const sampleHealth = async (until: () => boolean): Promise<number[]> => {
    const latencies: number[] = [];
    while (!until()) {
      const started = performance.now();
      await (await fetch(`${url}/healthz`)).arrayBuffer();
      latencies.push(performance.now() - started);
      await Bun.sleep(20);
    }
    return latencies;
  };
  const baselineEnd = performance.now() + 2_000;
  const baseline = await sampleHealth(() => performance.now() > baselineEnd);
  const rssBefore = memory("VmRSS");

  // --- the upload and the read --------------------------------------------------------------
  let finished = false;
  const sampling = sampleHealth(() => finished);
  const started = performance.now();
  const form = new FormData();
  form.append("file", new File([bytes], "danh-sach-vien-ke.xlsx"));
  const upload = await fetch(`${url}/ban-to-chuc/danh-sach/${point.id}/nhap`, {
    method: "POST",
    headers: headers(),
    body: form,
  });
  const answer = await upload.text();
  const job = /data-job-id="([0-9a-f]+)"/.exec(answer)?.[1];
  if (!job) throw new Error(`upload refused: ${upload.status} ${answer.slice(0, 300)}`);
  let outcome = "";
  while (job) {
    const res = await fetch(`${url}/ban-to-chuc/danh-sach/${point.id}/nhap/${job}`, { headers: headers() });
    const html = await res.text();
    if (!html.includes("data-job-id")) {
      outcome = html
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .trim();
      break;
    }
    await Bun.sleep(100);
  }
  const seconds = (performance.now() - started) / 1000;
  finished = true;
  const during = await sampling;
  const peak = memory("VmHWM");
  const rssAfter = memory("VmRSS");
  server.kill();
  await server.exited;

  const max = (xs: number[]) => Math.max(...xs);
  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const mb = (n: number) => `${n.toFixed(0)} MB`;
  console.log(`workbook: ${workbook} (${(statSync(workbook).size / 1048576).toFixed(1)} MB)`);
  console.log(`read and checked in ${seconds.toFixed(2)} s: ${outcome.slice(0, 160)}`);
  console.log(
    `server memory: before ${mb(rssBefore)}, peak ${mb(peak)} (target < 300 MB), after ${mb(rssAfter)}`,
  );
  console.log(
    `/healthz during the read: ${during.length} answers, p50 ${p50(during).toFixed(1)} ms, max ${max(during).toFixed(1)} ms (target < 200 ms)`,
  );
  console.log(
    `/healthz before the upload (machine noise): ${baseline.length} answers, p50 ${p50(baseline).toFixed(1)} ms, max ${max(baseline).toFixed(1)} ms`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
