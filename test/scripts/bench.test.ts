import { join } from "node:path";
import { expect, it } from "vitest";
import {
  districtMetric,
  msUntilVietnamMidnight,
  secondsClearOfVietnamMidnight,
} from "../../scripts/bench-support.ts";
import { vietnamDate } from "../../server/domain/calendar.ts";

// import.meta.dir is undefined under vitest; vitest runs from the project root (test/vitest.config.ts).
const SCRIPT = join(process.cwd(), "scripts/bench.ts");

/** The names issue #12 §3 fixes, in any order. */
const NAMES = [
  "cast",
  "kiosk_page",
  "close_3000x20",
  "verify",
  "results_100k",
  "results_1m",
  "import_10k",
  "rss",
  "district",
];

it("bench --json - one object with every named metric and its value, unit, target and pass (toy sizes, no timing asserted)", async () => {
  const proc = Bun.spawn([process.execPath, SCRIPT, "--tiny", "--json"], { stdout: "pipe", stderr: "pipe" });
  const [out, err] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  const code = await proc.exited;
  // On a failure, what the script said (its last lines), not only that it failed.
  expect({ code, err: code !== 0 || err.includes("error") ? err.slice(-3000) : "" }).toEqual({
    code: 0,
    err: "",
  });
  // Exactly one JSON object on stdout: a consumer can parse the whole output.
  const parsed = JSON.parse(out) as { metrics: Record<string, Record<string, unknown>> };
  expect(Object.keys(parsed)).toEqual(["metrics"]);
  expect(Object.keys(parsed.metrics).sort()).toEqual([...NAMES].sort());
  for (const [name, m] of Object.entries(parsed.metrics)) {
    expect(typeof m["value"], name).toBe("number");
    expect(Number.isFinite(m["value"]), name).toBe(true);
    expect(typeof m["unit"], name).toBe("string");
    expect(typeof m["target"], name).toBe("string");
    expect(typeof m["pass"], name).toBe("boolean");
    for (const key of Object.keys(m))
      expect(["value", "unit", "ceiling", "ratio", "target", "pass"]).toContain(key);
  }
  // The figures measured against a ceiling carry it and their ratio to it.
  for (const name of ["cast", "kiosk_page", "results_1m"]) {
    const m = parsed.metrics[name] ?? {};
    expect(typeof m["ceiling"], name).toBe("number");
    // The ratio is of the unrounded figures; value and ceiling are printed to 0.1 at most, so the
    // ratio lies between what their rounding allows (at toy sizes a 0.05 is a large part of a figure).
    const [v, c, r] = [m["value"], m["ceiling"], m["ratio"]].map(Number) as [number, number, number];
    const half = 0.05;
    expect(r, name).toBeGreaterThanOrEqual((v - half) / (c + half) - 0.005);
    expect(r, name).toBeLessThanOrEqual((v + half) / Math.max(c - half, 1e-9) + 0.005);
  }
}, 180_000);

it("msUntilVietnamMidnight - a load window is measured to 17:00 UTC, the day's end in Vietnam", () => {
  expect(msUntilVietnamMidnight(new Date("2026-11-30T16:59:00.000Z"))).toBe(60_000);
  expect(msUntilVietnamMidnight(new Date("2026-11-30T17:00:00.000Z"))).toBe(24 * 3_600_000);
  expect(msUntilVietnamMidnight(new Date("2026-11-30T00:00:00.000Z"))).toBe(17 * 3_600_000);
  expect(msUntilVietnamMidnight(new Date("2026-12-31T23:30:00.000Z"))).toBe(17.5 * 3_600_000);
});

it("secondsClearOfVietnamMidnight - a run that would cross Vietnam's midnight starts a minute past it; any other is left alone", () => {
  const window = 15 * 60_000;
  // 23:50 in Vietnam: ten minutes left, inside the window; moved to 00:01 of the next day.
  const late = new Date("2026-11-30T16:50:00.000Z");
  const moved = secondsClearOfVietnamMidnight(late, window);
  expect(moved).toBe(600 + 60);
  expect(vietnamDate(new Date(late.getTime() + moved * 1000))).toBe("2026-12-01");
  expect(vietnamDate(new Date(late.getTime() + moved * 1000 + window))).toBe("2026-12-01");
  // More than the window away, and any earlier hour of the evening: unchanged.
  expect(secondsClearOfVietnamMidnight(new Date("2026-11-30T16:44:59.000Z"), window)).toBe(0);
  expect(secondsClearOfVietnamMidnight(new Date("2026-11-30T09:00:00.000Z"), window)).toBe(0);
  // Just past midnight the whole day is ahead: unchanged.
  expect(secondsClearOfVietnamMidnight(new Date("2026-11-30T17:00:01.000Z"), window)).toBe(0);
  // A second before: a minute and a second.
  expect(secondsClearOfVietnamMidnight(new Date("2026-11-30T16:59:59.000Z"), window)).toBe(61);
});

it("districtMetric - load.ts's last stdout line is the figure; a failed run is a failed measure with its reason, not a JSON error", () => {
  const report = JSON.stringify({ points: 3, worstP99: 56.84, pass: true });
  expect(districtMetric(3, 0, `building…\n${report}\n`)).toEqual({
    value: 56.8,
    unit: "ms (worst p99, 3 points)",
    target: "< 200 ms",
    pass: true,
  });
  // A run over the target is a figure that does not pass, not a failure of the measure.
  expect(districtMetric(3, 0, JSON.stringify({ worstP99: 250, pass: false }))).toMatchObject({
    value: 250,
    pass: false,
  });
  expect(districtMetric(3, 0, JSON.stringify({ worstP99: 250, pass: false }))).not.toHaveProperty("error");
  const failures: [number | null, string, RegExp][] = [
    [1, "", /^scripts\/load\.ts exited with code 1 \(its messages are on stderr above\)$/],
    // A crash after the report was printed still fails the measure.
    [1, report, /exited with code 1/],
    [null, "", /exited with a signal/],
    [0, "", /printed no JSON report/],
    [0, "error: generator printed no report", /printed no JSON report \(last line: "error: generator/],
    [0, JSON.stringify({ points: 3 }), /has no worstP99 and pass/],
  ];
  for (const [code, out, reason] of failures) {
    const m = districtMetric(3, code, out);
    expect(m, `${code} ${out}`).toMatchObject({ value: 0, unit: "ms (worst p99, 3 points)", pass: false });
    expect(m.error, `${code} ${out}`).toMatch(reason);
  }
});
