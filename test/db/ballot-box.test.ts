import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BallotBox } from "../../server/db/ballot-box.ts";
import { decodeMarks, encodeMarks } from "../../server/domain/ballot.ts";
import { allRecords, snapshotFiles, spearman } from "../support/forensic.ts";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "tn-ballot-box-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const DAY = "2026-10-27";
const CODES = ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"];
/** The i-th ballot of a run: its marks spell i in base 4, so each stored ballot tells its cast order. */
const nthBallot = (i: number): string =>
  CODES.map((_, d) => "HML_".charAt(Math.floor(i / 4 ** d) % 4)).join("");

describe("encodeMarks / decodeMarks", () => {
  it("encodeMarks - one character per official in ballot order, blank as _", () => {
    expect(encodeMarks(["A", "B", "C", "D"], { A: "high", B: null, D: "low" })).toBe("H__L");
    expect(decodeMarks(["A", "B", "C", "D"], "H__L")).toEqual({ A: "high", B: null, C: null, D: "low" });
  });

  it("encodeMarks - an official not on the ballot is a bug", () => {
    expect(() => encodeMarks(["A"], { B: "high" })).toThrow("not on this ballot");
  });

  it("decodeMarks - a row of another width or with a stray character is refused", () => {
    expect(decodeMarks(["A", "B"], "H")).toBeNull();
    expect(decodeMarks(["A", "B"], "HX")).toBeNull();
    expect(decodeMarks(["A", "B"], "..")).toBeNull();
  });
});

describe("BallotBox", () => {
  it("cast - fills a slot and counts it in the same file", () => {
    const box = BallotBox.memory();
    expect(box.ensureSlots(1, DAY, 2, 3)).toBe(3);
    expect(box.ensureSlots(1, DAY, 2, 3)).toBe(0);
    expect(box.cast(1, DAY, "HL")).toBe(1);
    expect(box.cast(1, DAY, "_M")).toBe(2);
    expect(box.collected(1, DAY)).toBe(2);
    expect(box.collected(2, DAY)).toBe(0);
    expect(box.ballots(1, DAY).sort()).toEqual(["HL", "_M"]);
    expect(box.collectedAll()).toEqual([{ pointId: 1, day: DAY, collected: 2 }]);
    expect(box.collectedTotal()).toBe(2);
  });

  it("cast - when every slot is full, fresh slots are added and nothing is lost", () => {
    const box = BallotBox.memory();
    box.ensureSlots(1, DAY, 1, 2);
    for (let i = 0; i < 25; i++) box.cast(1, DAY, "H");
    expect(box.collected(1, DAY)).toBe(25);
    expect(box.ballots(1, DAY)).toHaveLength(25);
  });

  it("cast - a point-day that never opened, or a ballot of the wrong width, is a bug and changes nothing", () => {
    const box = BallotBox.memory();
    expect(() => box.cast(1, DAY, "H")).toThrow("never opened");
    box.ensureSlots(1, DAY, 2, 2);
    expect(() => box.cast(1, DAY, "H")).toThrow("width");
    expect(box.collected(1, DAY)).toBe(0);
    expect(() => box.ensureSlots(1, DAY, 3, 4)).toThrow("width");
  });

  it("open - a ballot acknowledged is in the file when it is opened again", () => {
    const path = join(tempDir(), "db-ballots.sqlite");
    const box = BallotBox.open(path);
    box.ensureSlots(7, DAY, 2, 4);
    box.cast(7, DAY, "LL");
    box.close();
    const again = BallotBox.open(path);
    expect(again.ballots(7, DAY)).toEqual(["LL"]);
    expect(again.collected(7, DAY)).toBe(1);
    again.close();
  });

  it("pathBeside - the ballot file sits beside the main database", () => {
    expect(BallotBox.pathBeside("data/tin-nhiem.sqlite")).toBe("data/tin-nhiem-ballots.sqlite");
    expect(BallotBox.pathBeside("/x/db")).toBe("/x/db-ballots.sqlite");
  });

  it("raw file - no WAL, no journal left after a cast, and cell positions do not give the casting order", () => {
    const path = join(tempDir(), "x-ballots.sqlite");
    const box = BallotBox.open(path);
    const cast = 400;
    box.ensureSlots(3, DAY, CODES.length, 500);
    for (let i = 0; i < cast; i++) {
      box.cast(3, DAY, nthBallot(i));
      if (i % 100 === 0) {
        // A copy taken right after the kiosk was told "đã ghi nhận".
        const files = snapshotFiles(path);
        expect(files.wal).toBeUndefined();
        expect(files.journal).toBeUndefined();
        expect(existsSync(`${path}-shm`)).toBe(false);
      }
    }
    const order = new Map(Array.from({ length: cast }, (_, i) => [nthBallot(i), i]));
    const found = allRecords(snapshotFiles(path)).filter(
      (r) => r.tree === "slots" && r.live && typeof r.values[4] === "string" && order.has(r.values[4]),
    );
    expect(found).toHaveLength(cast);
    const rho = spearman(
      found.map((r) => order.get(r.values[4] as string) ?? -1),
      found.map((r) => r.offset),
    );
    expect(Math.abs(rho)).toBeLessThan(0.2);
    box.close();
  });
});
