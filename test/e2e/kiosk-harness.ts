import { Database } from "bun:sqlite";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { BallotBox } from "../../server/db/ballot-box.ts";
import { answerOnPage, type RunningServer, SCREENSHOTS, screenNow, screenshot, textNow } from "./harness.ts";

/**
 * A point day for the kiosk's browser tests (issue #13): the demo's point HQ-T1 opened by its
 * officer, one kiosk paired and confirmed by a second officer, and `issue()` handing that kiosk the
 * next ticket from the officer's console, as the officers do it.
 */
export type KioskDay = {
  officer: Page;
  kiosk: Page;
  kioskContext: BrowserContext;
  /** Page errors and console errors of both pages. */
  errors: string[];
  /** "Phát phiếu" for the next resident; resolves when the kiosk shows the first official. */
  issue: () => Promise<void>;
  close: () => Promise<void>;
};

export const TABLET = { width: 1280, height: 800 } as const;

/**
 * Polls `read` every 100 ms until `ok` holds (set-up outside a test, where expect.poll is not
 * allowed); throws with the last value seen after `timeoutMs`.
 */
export async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 8_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const contains = (text: string) => (value: string | null) => (value ?? "").includes(text);

async function login(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/dang-nhap`);
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill("tinnhiem-demo");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/dang-nhap"));
}

export async function kioskDay(
  browser: Browser,
  server: RunningServer,
  viewport: { width: number; height: number } = TABLET,
): Promise<KioskDay> {
  const errors: string[] = [];
  const officerContext = await browser.newContext({
    viewport: { width: 1200, height: 900 },
    locale: "vi-VN",
  });
  const kioskContext = await browser.newContext({ viewport, locale: "vi-VN", hasTouch: true });
  const officer = await officerContext.newPage();
  const kiosk = await kioskContext.newPage();
  for (const page of [officer, kiosk]) {
    page.on("pageerror", (e) => errors.push(e.message));
    // What the browser's console shows as an error is a defect too: a screen answered with a 4xx
    // status ("Failed to load resource"), a style or script the CSP refused.
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    page.on("dialog", (d) => d.accept());
  }
  await login(officer, server.url, "hq-t1-1");
  await officer.getByRole("link", { name: /HQ-T1/ }).click();
  const open = officer.getByRole("button", { name: "Mở điểm lấy phiếu" });
  await open.click();
  await answerOnPage(officer, "Mở điểm lấy phiếu");
  await until(() => officer.locator("#live").textContent(), contains("Báo cáo số 0"));
  await officer.getByRole("button", { name: "Kết nối máy mới" }).click();
  await until(() => officer.locator("#pair-form").textContent(), contains("Đang mở kết nối đến"));

  await kiosk.goto(`${server.url}/kiosk`);
  const codeOnKiosk = kiosk.locator("[data-pairing-code]");
  await until(
    () => codeOnKiosk.count(),
    (n) => n === 1,
  );
  const code = (await codeOnKiosk.getAttribute("data-pairing-code")) ?? "";
  await officer.getByLabel(/Nhập mã 8 số/).fill(code);
  await officer.getByRole("button", { name: "Kết nối máy", exact: true }).click();
  await until(() => officer.locator("#pair-form").textContent(), contains("Đã kết nối"));

  const secondContext = await browser.newContext({ locale: "vi-VN" });
  const second = await secondContext.newPage();
  second.on("dialog", (d) => d.accept());
  await login(second, server.url, "hq-t1-2");
  await second.getByRole("link", { name: /HQ-T1/ }).click();
  await second.locator("#live").getByRole("button", { name: "Xác nhận" }).first().click();
  await answerOnPage(second, "Xác nhận");
  await until(() => second.locator("#kiosk-message").textContent(), contains("Đã xác nhận"));
  await secondContext.close();
  await until(() => kiosk.locator("#kiosk").textContent(), contains("Xin chào"));

  const issue = async () => {
    await officer.bringToFront();
    await officer.getByLabel(/Tìm trong danh sách/).fill("");
    await officer.getByLabel(/Tìm trong danh sách/).fill("n");
    const button = officer.locator("#results").getByRole("button", { name: "Phát phiếu" }).first();
    await until(
      () => button.count(),
      (n) => n > 0,
    );
    await button.click();
    await answerOnPage(officer, /Phát phiếu ở Máy 1/);
    await until(() => officer.locator("#checkin").textContent(), contains("Đã phát phiếu cho"));
    await kiosk.bringToFront();
    await until(
      () => screenNow(kiosk),
      (s) => s === "official",
    );
  };

  return {
    officer,
    kiosk,
    kioskContext,
    errors,
    issue,
    close: async () => {
      await officerContext.close();
      await kioskContext.close();
    },
  };
}

/** The screen the kiosk shows now (its data-screen), once it is there. */
export async function onScreen(kiosk: Page, screen: string): Promise<void> {
  await until(
    () => screenNow(kiosk),
    (s) => s === screen,
  );
}

/** The official the kiosk shows now ("Người thứ 2 / 6" → 2), 0 on any other screen. */
export async function officialPosition(kiosk: Page): Promise<number> {
  const text = await textNow(kiosk, "#kiosk h1 .step");
  return Number(text.match(/(\d+)\s*\//)?.[1] ?? "0");
}

/**
 * Whether every element matching `selector` lies wholly inside the viewport and is not cut off by a
 * scrolling ancestor (nothing hidden, nothing to scroll to).
 */
export async function fullyInView(page: Page, selector: string): Promise<{ ok: boolean; detail: string }> {
  return page.evaluate((sel) => {
    const items = Array.from(document.querySelectorAll(sel));
    if (items.length === 0) return { ok: false, detail: `nothing matches ${sel}` };
    const box = (r: DOMRect) =>
      `${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`;
    for (const el of items) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return { ok: false, detail: `${sel}: not shown` };
      const inside =
        r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
      if (!inside) {
        return { ok: false, detail: `${sel}: ${box(r)} in ${window.innerWidth}×${window.innerHeight}` };
      }
      for (let p = el.parentElement; p; p = p.parentElement) {
        if (getComputedStyle(p).overflowY === "visible" && getComputedStyle(p).overflowX === "visible")
          continue;
        const c = p.getBoundingClientRect();
        // One pixel of slack for rounding of fractional layouts.
        if (r.top < c.top - 1 || r.bottom > c.bottom + 1 || r.left < c.left - 1 || r.right > c.right + 1) {
          return { ok: false, detail: `${sel}: ${box(r)} cut by .${p.className} ${box(c)}` };
        }
      }
    }
    return { ok: true, detail: "" };
  }, selector);
}

/** Presses a display button until its label says `state` ("Cỡ chữ: Rất lớn", "Tương phản: Cao"). */
export async function setDisplay(kiosk: Page, what: "Cỡ chữ" | "Tương phản", state: string): Promise<void> {
  const button = kiosk.getByRole("button", { name: new RegExp(`^${what}:`) });
  for (let i = 0; i < 4; i++) {
    const label = (await button.textContent()) ?? "";
    if (label.includes(state)) return;
    await button.click();
    // The server answers with the screen redrawn: wait for the new label before looking again.
    await expect.poll(async () => (await button.textContent()) ?? "").not.toBe(label);
  }
  expect(await button.textContent()).toContain(state);
}

export const shot = (page: Page, name: string) =>
  screenshot(page, { path: join(SCREENSHOTS, `${name}.png`) });

/** axe-core's source, injected into the page under test (npm axe-core, a devDependency). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations on the page as it is now (WCAG 2.x A and AA rules and best practices). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global by the script above
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map(
      (v: { id: string; nodes: { target: string[] }[] }) =>
        `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
  });
  return violations as string[];
}

/** Officials on HQ-T1's ballot in the demo campaign. */
export const OFFICIALS = 6;

/**
 * The file's kiosk day (`kioskDay`), started before its tests on the file's server and browser and
 * closed after them. Read `.day` inside tests.
 */
export function kioskDayOf(e2e: { readonly server: RunningServer; readonly browser: { browser: Browser } }): {
  readonly day: KioskDay;
} {
  let day: KioskDay | undefined;
  beforeAll(async () => {
    day = await kioskDay(e2e.browser.browser, e2e.server);
  }, 90_000);
  afterAll(async () => {
    await day?.close();
  });
  return {
    get day() {
      if (!day) throw new Error("the kiosk day is not started yet");
      return day;
    },
  };
}

/** The ballots stored so far in the server's ballot file, as their one-letter-per-official text (H, M, L, _ for blank). */
export function storedBallots(databasePath: string): string[] {
  const db = new Database(BallotBox.pathBeside(databasePath), { readonly: true });
  try {
    return db
      .query<{ marks: string }, []>("SELECT marks FROM slots WHERE filled = 1")
      .all()
      .map((r) => r.marks)
      .sort();
  } finally {
    db.close();
  }
}

/** Moves the ballot to official `position` (1-based; OFFICIALS + 1 is the review) the way "Quay lại"/"Tiếp" do. */
export async function goTo(kiosk: Page, position: number): Promise<void> {
  if ((await screenNow(kiosk)) === "official" && (await officialPosition(kiosk)) === position) return;
  await kiosk.evaluate(async (den) => {
    const ticket = document.querySelector("[data-ticket-id]")?.getAttribute("data-ticket-id") ?? "";
    const headers = JSON.parse(document.body.getAttribute("hx-headers:inherited") ?? "{}");
    await fetch("/kiosk/buoc", {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true" },
      body: new URLSearchParams({ t: ticket, den: String(den) }),
    });
  }, position);
  // A reload shows where the ballot is now (the ballot in progress is the server's).
  await kiosk.reload();
  await onScreen(kiosk, position > OFFICIALS ? "review" : "official");
}

/**
 * Focuses every button of the screen in turn and measures its focus ring: the outline's colour
 * against the background behind the button (WCAG 1.4.11: at least 3:1), and whether the focused
 * button is wholly in the viewport.
 */
export async function ringReport(
  kiosk: Page,
): Promise<{ what: string; ratio: number; inView: boolean; ok: boolean }[]> {
  return kiosk.evaluate(() => {
    const rgb = (css: string): [number, number, number, number] => {
      const m = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [m[0] ?? 0, m[1] ?? 0, m[2] ?? 0, m[3] ?? 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const c = [r, g, b].map((v) => {
        const s = (v ?? 0) / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (c[0] ?? 0) + 0.7152 * (c[1] ?? 0) + 0.0722 * (c[2] ?? 0);
    };
    const contrast = (a: number[], b: number[]) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return ((x ?? 0) + 0.05) / ((y ?? 0) + 0.05);
    };
    const behind = (el: Element): number[] => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const c = rgb(getComputedStyle(p).backgroundColor);
        if (c[3] > 0) return c;
      }
      return rgb(getComputedStyle(document.documentElement).backgroundColor);
    };
    const out: { what: string; ratio: number; inView: boolean; ok: boolean }[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("#kiosk button:not([disabled])"))) {
      el.focus({ focusVisible: true } as FocusOptions);
      const style = getComputedStyle(el);
      const ratio = Math.round(contrast(rgb(style.outlineColor), behind(el)) * 10) / 10;
      const r = el.getBoundingClientRect();
      const inView =
        r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
      const ring = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 3;
      out.push({ what: (el.textContent ?? "").trim(), ratio, inView, ok: ring && ratio >= 3 && inView });
    }
    return out;
  });
}
