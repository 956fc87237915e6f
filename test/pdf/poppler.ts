/**
 * Reading rendered PDFs back with poppler-utils: text as pdftotext extracts it, word boxes, and
 * pages rasterised by pdftoppm. Text alone is not enough (DESIGN §8: a broken font subset draws
 * blank glyphs that pdftotext still reads), so the ink helpers look at the pixels.
 *
 * Without poppler the tests fail with the command that installs it: a skipped PDF test would
 * let a broken render pass.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodePng, type Gray } from "./png.ts";

const INSTALL = "apt-get update && apt-get install -y poppler-utils";

export function requirePoppler(): void {
  for (const tool of ["pdftotext", "pdftoppm", "pdfinfo", "pdffonts"]) {
    try {
      execFileSync(tool, ["-v"], { stdio: "pipe" });
    } catch {
      throw new Error(`${tool} (poppler-utils) is required by the PDF tests. Install it: ${INSTALL}`);
    }
  }
}

/** Runs `work` with the PDF written to a fresh temporary folder, removed afterwards. */
function withPdf<T>(pdf: Uint8Array, work: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "tn-pdf-"));
  try {
    const file = join(dir, "doc.pdf");
    writeFileSync(file, pdf);
    return work(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const run = (tool: string, args: readonly string[]): string =>
  execFileSync(tool, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

/** `pdftotext -raw`, one string per page (content-stream order, as the DESIGN's checks use). */
export function pageTexts(pdf: Uint8Array): string[] {
  return withPdf(pdf, (file) => run("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"]))
    .split("\f")
    .slice(0, -1);
}

/** Whitespace collapsed, so a name wrapped onto two lines still reads as the name. */
export const flat = (text: string): string => text.replace(/\s+/g, " ");

export function pdfInfo(pdf: Uint8Array): Record<string, string> {
  const out = withPdf(pdf, (file) => run("pdfinfo", ["-isodates", file]));
  return Object.fromEntries(
    out
      .split("\n")
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] ?? "", m[2] ?? ""]),
  );
}

export function pdfFonts(pdf: Uint8Array): string {
  return withPdf(pdf, (file) => run("pdffonts", [file]));
}

export type Word = { page: number; text: string; xMin: number; yMin: number; xMax: number; yMax: number };

/** Word boxes in points from the top-left corner of each page (`pdftotext -bbox`). */
export function words(pdf: Uint8Array): Word[] {
  const html = withPdf(pdf, (file) => run("pdftotext", ["-bbox", "-enc", "UTF-8", file, "-"]));
  const result: Word[] = [];
  let page = 0;
  const pattern =
    /<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const m of html.matchAll(pattern)) {
    if (m[0] === "<page ") {
      page++;
      continue;
    }
    result.push({
      page,
      text: decodeEntities(m[5] ?? ""),
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
    });
  }
  return result;
}

const decodeEntities = (s: string): string =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** Every page as a grayscale image: `pdftoppm -r <dpi> -gray -png`, decoded here. */
export function rasterize(pdf: Uint8Array, dpi: number, pages?: { first: number; last: number }): Gray[] {
  return withPdf(pdf, (file, dir) => {
    const range = pages === undefined ? [] : ["-f", String(pages.first), "-l", String(pages.last)];
    run("pdftoppm", ["-r", String(dpi), "-gray", "-png", ...range, file, join(dir, "page")]);
    return readdirSync(dir)
      .filter((name) => name.endsWith(".png"))
      .sort((a, b) => pageNumber(a) - pageNumber(b))
      .map((name) => decodePng(readFileSync(join(dir, name))));
  });
}

const pageNumber = (name: string): number => Number(/-(\d+)\.png$/.exec(name)?.[1] ?? 0);

/**
 * Ink in a box given in points from the top-left corner: the sum of darkness (255 − gray) over the
 * pixels, so anti-aliased strokes count for what they cover.
 */
export function inkIn(
  image: Gray,
  dpi: number,
  box: { xMin: number; yMin: number; xMax: number; yMax: number },
): number {
  const k = dpi / 72;
  const x0 = Math.max(0, Math.floor(box.xMin * k));
  const x1 = Math.min(image.width, Math.ceil(box.xMax * k));
  const y0 = Math.max(0, Math.floor(box.yMin * k));
  const y1 = Math.min(image.height, Math.ceil(box.yMax * k));
  let ink = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) ink += 255 - (image.pixels[y * image.width + x] ?? 255);
  }
  return ink;
}

export const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
