import { join } from "node:path";
import { expect, it } from "vitest";

// import.meta.dir is undefined under vitest; vitest runs from the project root (test/vitest.config.ts).
const SCRIPT = join(process.cwd(), "scripts/crash-test.ts");

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const proc = Bun.spawn([process.execPath, SCRIPT, ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, err] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  return { code: await proc.exited, out, err };
}

/** The rows of the table printed under the line starting with `heading`, as numbers. */
function table(out: string, heading: string): number[][] {
  const lines = out.split("\n");
  const start = lines.findIndex((l) => l.startsWith(heading));
  if (start < 0) return [];
  const rows: number[][] = [];
  for (const line of lines.slice(start + 3)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .split("|")
        .slice(1, -1)
        .map((c) => Number(c.trim())),
    );
  }
  return rows;
}

it("crash test, short (issue #12 §5) - a real server under casting from 6 kiosks, then during the close, then during signing, is killed with SIGKILL at a random moment and restarted on the same files: every check holds in every round", async () => {
  const { code, out, err } = await run(["--short", "--seed", "20261202"]);
  // On a failure, the script's own list of violations.
  expect({ code, err: code === 0 ? "" : err.slice(-3000) }).toEqual({ code: 0, err: "" });
  expect(out).toContain("✔ every round holds");
  const casting = table(out, "Casting (6 kiosks at 2 points");
  expect(casting).toHaveLength(2);
  for (const [round, , answered, sent, issued] of casting) {
    // Not vacuous: the kill fell while kiosks were casting (it is timed from the first answered
    // cast), and answered casts were checked.
    expect(answered, `casting round ${round}`).toBeGreaterThan(0);
    expect(answered, `casting round ${round}`).toBeLessThanOrEqual(sent ?? 0);
    expect(sent, `casting round ${round}`).toBeLessThanOrEqual(issued ?? 0);
  }
  const replayed = Number(out.match(/; (\d+) casts sent again after the restarts, none taken/)?.[1]);
  expect(replayed).toBeGreaterThan(0);
  const close = table(out, "Close of 2 points at once");
  expect(close).toHaveLength(2);
  for (const [round, , , open, closed, half] of close) {
    expect(half, `close round ${round}`).toBe(0);
    expect((open ?? 0) + (closed ?? 0), `close round ${round}`).toBe(2);
  }
  expect(table(out, "Signing, 2 officers × 2 points at once")).toHaveLength(2);
}, 180_000);

it("crash test's command line - a round count that is not a whole number, or under 5 for the full run, and an unknown flag are refused in one Vietnamese line naming the flag, exit 2, before anything runs", async () => {
  for (const [args, says] of [
    [["--rounds", "abc"], "--rounds: cần một số nguyên từ 5 trở lên, không phải “abc”."],
    [["--rounds", "3"], "--rounds: cần một số nguyên từ 5 trở lên, không phải “3”."],
    [["--short", "--rounds", "0"], "--rounds: cần một số nguyên từ 1 trở lên, không phải “0”."],
    [["--rouds", "6"], "Không có tùy chọn --rouds."],
  ] as const) {
    const { code, out, err } = await run([...args]);
    expect({ code, first: err.split("\n")[0], out }, args.join(" ")).toEqual({
      code: 2,
      first: says,
      out: "",
    });
    expect(err).toContain("Cách dùng: bun scripts/crash-test.ts");
  }
});
