// The board's results page speed (issue #11 §6): 500 points × 20 officials, every point-day's
// minutes signed and verified, with 100,000 and then 1,000,000 ballots in the ballot file. The page
// reads the per-point tallies stored in the minutes, never the ballots, so both should cost the same.
//   bun scripts/bench-results.ts [--points 500] [--officials 20] [--ballots 100000,1000000] [--runs 30]
// The store is filled through the repositories (not the voting services: a million casts through
// the kiosk path is the voting benchmark's job), with minutes built by the real buildMinutes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../server/app.ts";
import { systemClock } from "../server/clock.ts";
import { defaultConfig } from "../server/config.ts";
import { signedDocument, storedMinutesHash } from "../server/db/minutes-repo.ts";
import { Store } from "../server/db/store.ts";
import { encodeMarks, LEVELS } from "../server/domain/ballot.ts";
import { buildMinutes, minutesDigest, minutesSigningBytes } from "../server/domain/minutes.ts";
import type { MinutesDocument } from "../server/domain/minutes-document.ts";
import { expectOk } from "../server/domain/result.ts";
import { RULE_SETS } from "../server/domain/threshold.ts";
import { paths } from "../server/http/paths.ts";
import { loadAggregate } from "../server/services/results.ts";
import { openSession } from "../server/services/sessions.ts";
import { verifyAll } from "../server/services/verify-points.ts";

let POINTS = 500;
let OFFICIALS = 20;
let RUNS = 30;
const DAY = "2026-10-27";
const AT = "2026-10-27T10:00:00.000Z";
const HEX = (c: string) => c.repeat(64);

function fill(store: Store, ballotsTotal: number): void {
  const at = "2026-10-20T00:00:00.000Z";
  const campaign = expectOk(
    store.campaigns.create({
      code: "BENCH",
      name: "Đợt lấy phiếu đo tốc độ",
      ruleSet: "qd96-2023",
      aggregator: "Ban Tổ chức Huyện ủy",
      district: "Huyện Hương Trà",
      days: [DAY],
      onePer: "resident",
      minTurnoutPercent: null,
      smallPointThreshold: 5,
      twoOfficerPairing: true,
      isSample: false,
      createdAt: at,
    }),
  );
  const communes = Array.from({ length: 5 }, (_, i) =>
    expectOk(
      store.campaigns.addCommune(campaign.id, {
        code: `X${i}`,
        name: `Xã Số ${i + 1}`,
        mergedInto: `Xã Mới ${(i % 2) + 1}`,
      }),
    ),
  );
  const officials = Array.from({ length: OFFICIALS }, (_, i) =>
    expectOk(
      store.campaigns.addOfficial(campaign.id, {
        code: `CB-${String(i + 1).padStart(2, "0")}`,
        name: `Người Được Lấy Phiếu ${i + 1}`,
        position: "Cán bộ xã",
        communeId: communes[i % communes.length]?.id ?? 0,
        displayOrder: i + 1,
      }),
    ),
  );
  const users = ["to-truong", "thu-ky"].map((username) =>
    expectOk(
      store.users.create({
        username,
        displayName: username,
        role: "officer",
        passwordHash: "x",
        mustChangePassword: false,
        createdAt: at,
      }),
    ),
  );
  // Stamped (a digest of our own: the verification below finds it discrepant, which is what it times).
  store.campaigns.recordStamp(campaign.id, HEX("a"), at, "bench");
  const codes = officials.map((o) => o.code);
  const perPoint = Math.floor(ballotsTotal / POINTS);
  const box = store.ballots.db;
  const insertSlot = box.prepare<unknown, [number, string, number, string]>(
    "INSERT INTO slots (point_id, day, key, filled, marks) VALUES (?, ?, ?, 1, ?)",
  );
  const insertCount = box.prepare<unknown, [number, string, number, number, number]>(
    "INSERT INTO counts (point_id, day, width, slots, collected) VALUES (?, ?, ?, ?, ?)",
  );
  const marksOf = (p: number, b: number): string =>
    encodeMarks(
      codes,
      Object.fromEntries(codes.map((code, d) => [code, LEVELS[(b * 7 + d * 3 + p) % 4] ?? null])),
    );
  for (let p = 0; p < POINTS; p++) {
    const commune = communes[p % communes.length];
    const point = expectOk(
      store.points.create(campaign.id, {
        code: `D-${String(p + 1).padStart(3, "0")}`,
        name: `Thôn Số ${p + 1}`,
        communeId: commune?.id ?? 0,
        days: [DAY],
      }),
    );
    store.points.setBallot(
      point.id,
      officials.map((o) => o.id),
    );
    const encoded = Array.from({ length: perPoint }, (_, b) => marksOf(p, b));
    box.transaction(() => {
      for (const [b, marks] of encoded.entries()) insertSlot.run(point.id, DAY, p * 1_000_000 + b + 1, marks);
      insertCount.run(point.id, DAY, codes.length, perPoint, perPoint);
    })();
    store.withTransaction(() => {
      store.voting.openPointDay(point.id, DAY, at, "bench");
      store.voting.addCounts(point.id, DAY, { issued: perPoint });
      store.voting.closePointDay(point.id, DAY, "open", AT);
      const built = buildMinutes({
        campaign: { code: campaign.code, name: campaign.name, aggregator: campaign.aggregator },
        point: { code: point.code, name: point.name, commune: commune?.code ?? "" },
        day: DAY,
        ballot: officials.map((o) => ({ code: o.code, name: o.name, position: o.position })),
        ballots: encoded,
        counts: {
          roster: perPoint + 10,
          checkIns: perPoint,
          issued: perPoint,
          reissued: 0,
          collected: perPoint,
          voided: 0,
          lost: 0,
        },
        ruleSet: RULE_SETS["qd96-2023"],
        settings: { smallPointThreshold: 5, minTurnoutPercent: null },
        commitments: { config: HEX("a"), roster: HEX("b"), previous: null },
        officers: [
          { code: "to-truong", name: "Tổ Trưởng", role: "Tổ trưởng" },
          { code: "thu-ky", name: "Thư Ký", role: "Thư ký" },
        ],
        incidents: [],
        openedAt: at,
        closedAt: AT,
      });
      if (!built.ok) throw new Error(built.error.message);
      const text = new TextDecoder().decode(minutesSigningBytes(built.value.document));
      const id = store.minutes.insert({
        pointId: point.id,
        day: DAY,
        version: 1,
        document: text,
        signingDigest: HEX("c"),
        checks: built.value.checks,
        at: AT,
      });
      for (const u of users) {
        store.minutes.addSignature({
          minutesId: id,
          officerId: u.id,
          officerCode: u.username,
          publicKey: "A".repeat(43),
          signature: "B".repeat(86),
          at: AT,
        });
      }
      const stored = store.minutes.byId(id);
      if (!stored) throw new Error("no minutes");
      store.results.addVerification({
        minutesId: id,
        signatures: 2,
        minutesDigest: minutesDigest(signedDocument(stored) as MinutesDocument),
        storedHash: storedMinutesHash(stored),
        outcome: "verified",
        failedCheck: null,
        detail: "Khớp.",
        checks: [],
        checkedAt: AT,
        checkedBy: "bench",
      });
    });
  }
}

type Bench = {
  total: number;
  stored: number;
  fillMs: number;
  store: Store;
  dir: string;
  get: (path: string) => Promise<Response>;
};

function setUp(ballotsTotal: number): Bench {
  const dir = mkdtempSync(join(tmpdir(), "tn-bench-results-"));
  const store = Store.open(join(dir, "bench.sqlite"));
  const started = performance.now();
  fill(store, ballotsTotal);
  const fillMs = performance.now() - started;
  const board = expectOk(
    store.users.create({
      username: "bantochuc",
      displayName: "Ban Tổ chức",
      role: "board",
      passwordHash: "x",
      mustChangePassword: false,
      createdAt: AT,
    }),
  );
  const token = openSession({ store, clock: systemClock }, board, { idleMinutes: 120, maxHours: 12 });
  const app = createApp({ store, clock: systemClock, config: defaultConfig() });
  const get = async (path: string) =>
    app.request(path, { headers: { Cookie: `tn_session=${token}`, Host: "127.0.0.1" } }, { ip: "127.0.0.1" });
  return { total: ballotsTotal, stored: store.collectedTotal(), fillMs, store, dir, get };
}

const percentile = (xs: number[], q: number): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)] ?? 0;

/**
 * Each store's requests alternate with the other's, so that the machine's load (other work on a
 * shared box) weighs on both alike.
 */
async function interleaved(benches: Bench[], run: (b: Bench) => Promise<void>): Promise<number[][]> {
  for (const b of benches) for (let i = 0; i < 3; i++) await run(b);
  const times = benches.map((): number[] => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, b] of benches.entries()) {
      const t0 = performance.now();
      await run(b);
      times[k]?.push(performance.now() - t0);
    }
  }
  return times;
}

const fetchAll = async (b: Bench, path: string) => {
  const res = await b.get(path);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
};

/** The results page's p50 (ms) for each store, and the stores' ballot counts. */
export type ResultsBench = {
  stored: number;
  pageP50: number;
  pageP95: number;
  jsonP50: number;
  loadP50: number;
  fillMs: number;
};

/**
 * Fills one store per entry of `ballots` (500 points × 20 officials by default) and times the
 * results page, results.json and loadAggregate on each, interleaved. `print` also times "Kiểm tra
 * tất cả" (reads every ballot) and prints a report.
 */
export async function benchResults(options: {
  points: number;
  officials: number;
  ballots: number[];
  runs: number;
  print?: boolean;
}): Promise<ResultsBench[]> {
  POINTS = options.points;
  OFFICIALS = options.officials;
  RUNS = options.runs;
  const benches = options.ballots.map(setUp);
  // The fill's garbage (a million ballot strings) is not the page's cost.
  Bun.gc(true);
  const bytes = await Promise.all(
    benches.map(async (b) => (await (await b.get(paths.results.page)).arrayBuffer()).byteLength),
  );
  const pages = await interleaved(benches, (b) => fetchAll(b, paths.results.page));
  const jsons = await interleaved(benches, (b) => fetchAll(b, paths.results.json));
  const loads = await interleaved(benches, async (b) => {
    if (!loadAggregate(b.store).ok) throw new Error("no aggregate");
  });
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  const out: ResultsBench[] = [];
  for (const [k, b] of benches.entries()) {
    out.push({
      stored: b.stored,
      pageP50: percentile(pages[k] ?? [], 0.5),
      pageP95: percentile(pages[k] ?? [], 0.95),
      jsonP50: percentile(jsons[k] ?? [], 0.5),
      loadP50: percentile(loads[k] ?? [], 0.5),
      fillMs: b.fillMs,
    });
    if (!options.print) {
      b.store.close();
      rmSync(b.dir, { recursive: true, force: true });
      continue;
    }
    // Last, since it records outcomes: "Kiểm tra tất cả" reads every ballot and hashes every roster.
    const t0 = performance.now();
    const report = await verifyAll({ store: b.store, clock: systemClock }, { name: "bench", address: null });
    const verifyMs = performance.now() - t0;
    if (!report.ok) throw new Error(report.error.message);
    const page = pages[k] ?? [];
    process.stdout.write(
      `${POINTS} points × ${OFFICIALS} officials, ${b.stored.toLocaleString("en")} ballots stored (filled in ${(b.fillMs / 1000).toFixed(1)} s):\n` +
        `  GET ${paths.results.page}: p50 ${fmt(percentile(page, 0.5))}, p95 ${fmt(percentile(page, 0.95))} (${Math.round((bytes[k] ?? 0) / 1024)} KiB; target < 100 ms)\n` +
        `  GET ${paths.results.json}: p50 ${fmt(percentile(jsons[k] ?? [], 0.5))}, p95 ${fmt(percentile(jsons[k] ?? [], 0.95))}\n` +
        `  loadAggregate alone: p50 ${fmt(percentile(loads[k] ?? [], 0.5))}\n` +
        `  Kiểm tra tất cả (${POINTS} minutes, every ballot re-tallied): ${(verifyMs / 1000).toFixed(1)} s\n`,
    );
    b.store.close();
    rmSync(b.dir, { recursive: true, force: true });
  }
  const [small, large] = benches.map((_, k) => percentile(pages[k] ?? [], 0.5));
  if (options.print && small !== undefined && large !== undefined && benches.length === 2) {
    process.stdout.write(
      `page p50 at ${benches[1]?.stored.toLocaleString("en")} / at ${benches[0]?.stored.toLocaleString("en")} ballots: ${(large / small).toFixed(2)}× (target ≤ 1.3×)\n`,
    );
  }
  return out;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      points: { type: "string", default: "500" },
      officials: { type: "string", default: "20" },
      ballots: { type: "string", default: "100000,1000000" },
      runs: { type: "string", default: "30" },
    },
  });
  await benchResults({
    points: Number(values.points),
    officials: Number(values.officials),
    ballots: values.ballots.split(",").map(Number),
    runs: Number(values.runs),
    print: true,
  });
}
