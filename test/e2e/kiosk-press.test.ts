import type { Page, Request, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerOnPage, screenNow, serverAndBrowser, textNow } from "./harness.ts";
import {
  fullyInView,
  type KioskDay,
  kioskDay,
  officialPosition,
  onScreen,
  setDisplay,
  shot,
} from "./kiosk-harness.ts";

/**
 * What a resident sees the moment they press on an official's screen (newcomer trial): the choice
 * and the button below show the press before the server's answer comes; where a choice goes is
 * said under the choices; the button forward is quiet until something is chosen and keeps its size
 * through every state; the other buttons look unavailable while a choice settles. The review: on an
 * upright tablet its "Sửa" buttons are one column and its count one line; at the largest text on a
 * tablet lying flat it shows enough rows.
 */

const e2e = serverAndBrowser();
let day: KioskDay;

beforeAll(async () => {
  day = await kioskDay(e2e.browser.browser, e2e.server);
}, 90_000);

afterAll(async () => {
  await day?.close();
});

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
] as const;
const CHOICES = "**/kiosk/chon";
const SIZES = ["Vừa", "Lớn", "Rất lớn"] as const;

/**
 * Holds the kiosk's choices on their way to the server until `release()` (a slow network, or the
 * second the answer takes on a busy day): what the screen shows meanwhile is the browser's alone.
 */
async function holdChoices(kiosk: Page): Promise<{ release: () => Promise<void> }> {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const held: Promise<void>[] = [];
  const handler = (route: Route) => {
    const sent = opened.then(() => route.continue());
    held.push(sent);
    return sent;
  };
  await kiosk.route(CHOICES, handler);
  return {
    release: async () => {
      open();
      // Every held request on its way before the route goes (Playwright: "already handled").
      await Promise.all(held);
      await kiosk.unroute(CHOICES, handler);
    },
  };
}

/** The choices shown as chosen ("high", "medium", "low"). */
const pressed = (kiosk: Page) =>
  kiosk
    .locator('#kiosk button.choice[aria-pressed="true"]')
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute("value")));

/**
 * The button forward as a person sees it — its label, and whether it is filled (the main button:
 * its background is its border's colour) or only outlined (quiet) — and the boxes of both bottom
 * buttons.
 */
const bottom = (kiosk: Page) =>
  kiosk.evaluate(() => {
    const next = document.querySelector<HTMLElement>("#kiosk .screen-nav .next-button");
    const style = next ? getComputedStyle(next) : null;
    return {
      label: next?.textContent?.trim(),
      filled: style ? style.backgroundColor === style.borderTopColor : null,
      boxes: Array.from(document.querySelectorAll("#kiosk .screen-nav .big-button")).map((b) => {
        const r = b.getBoundingClientRect();
        return [r.left, r.top, r.width, r.height].map(Math.round).join(",");
      }),
    };
  });

/** The line under the choices as it reads, without its keyboard half. */
const hint = (kiosk: Page) =>
  kiosk.locator("#kiosk .choice-hint").evaluate((p) => {
    const line = p.cloneNode(true) as HTMLElement;
    for (const keys of Array.from(line.querySelectorAll(".keys-only"))) keys.remove();
    return (line.textContent ?? "").replace(/\s+/g, " ").trim();
  });

/** Presses the button forward until the screen is the review (blank rows left blank). */
/** The review's rows (by position, 1-based) wholly in view: inside the list and above "Còn người ở dưới". */
const rowsInView = (kiosk: Page): Promise<number[]> =>
  kiosk.evaluate(() => {
    const list = document.querySelector(".review-scroll")?.getBoundingClientRect();
    const note = document.querySelector<HTMLElement>("[data-more-below]");
    const bottom = note && !note.hidden ? note.getBoundingClientRect().top : (list?.bottom ?? 0);
    return Array.from(document.querySelectorAll(".review-row"))
      .map((r, i) => ({ box: r.getBoundingClientRect(), position: i + 1 }))
      .filter(({ box }) => list && box.top >= list.top - 1 && box.bottom <= bottom + 1)
      .map(({ position }) => position);
  });

async function onToReview(kiosk: Page): Promise<void> {
  for (let i = 0; i < 10; i++) {
    if ((await screenNow(kiosk)) === "review") return;
    const before = await textNow(kiosk, "#kiosk h1");
    await kiosk.locator("#kiosk .next-button").click();
    await expect.poll(() => textNow(kiosk, "#kiosk h1")).not.toBe(before);
  }
  await onScreen(kiosk, "review");
}

const LEVEL_NAMES = ["Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp"] as const;

/**
 * A fresh ballot to the review as the newcomer trial had it: the first five officials chosen, each
 * row's choice of another length ("Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp"), the last left
 * blank ("Đã chọn 5/6 người · để trống 1").
 */
async function reviewWithOneBlank(kiosk: Page): Promise<void> {
  await kiosk.setViewportSize(VIEWPORTS[0]);
  await day.issue();
  for (let p = 1; p <= 5; p++) {
    await kiosk.getByRole("button", { name: LEVEL_NAMES[(p - 1) % 3], exact: true }).click();
    await expect.poll(() => officialPosition(kiosk)).toBe(p + 1);
  }
  await kiosk.getByRole("button", { name: "Xem lại phiếu ▶" }).click();
  await onScreen(kiosk, "review");
}

/**
 * Every button of the screen as a resident sees it: its label, whether it says it is unavailable
 * (aria-disabled), its text and background colours (the background the nearest painted one behind
 * it), and the contrast between them (WCAG 2.x).
 */
const buttonsLook = (kiosk: Page) =>
  kiosk.evaluate(() => {
    const rgb = (css: string): number[] => {
      const m = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [m[0] ?? 0, m[1] ?? 0, m[2] ?? 0, m[3] ?? 1];
    };
    const lum = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    const behind = (el: Element | null): number[] => {
      for (let p = el; p; p = p.parentElement) {
        const c = rgb(getComputedStyle(p).backgroundColor);
        if ((c[3] ?? 0) > 0) return c;
      }
      return [255, 255, 255, 1];
    };
    return Array.from(document.querySelectorAll<HTMLButtonElement>("#kiosk button")).map((b) => {
      const style = getComputedStyle(b);
      const text = rgb(style.color);
      const back = behind(b);
      const [x, y] = [lum(text), lum(back)].sort((p, q) => q - p);
      return {
        label: (b.textContent ?? "").replace(/\s+/g, " ").trim(),
        value: b.value,
        disabled: b.disabled,
        held: b.getAttribute("aria-disabled") === "true",
        color: style.color,
        background: style.backgroundColor,
        border: style.borderTopColor,
        opacity: style.opacity,
        contrast: Math.round((((x ?? 0) + 0.05) / ((y ?? 0) + 0.05)) * 10) / 10,
      };
    });
  });

/**
 * Before a retried test: a ticket the failed attempt left on the kiosk is voided and the kiosk
 * reloaded, so the attempt starts as the first did (an idle kiosk, "Phát phiếu" offered).
 */
async function kioskLeftIdle(): Promise<void> {
  const { officer, kiosk } = day;
  // Choices a failed attempt held on their way (holdChoices) are let go of with the page below.
  await kiosk.unrouteAll({ behavior: "ignoreErrors" });
  await officer.bringToFront();
  await officer.reload();
  const left = officer.locator("#live").getByRole("button", { name: "Không thu về" });
  if ((await left.count()) > 0) await voidTicket();
  await kiosk.goto(`${e2e.server.url}/kiosk`);
  await expect.poll(() => kiosk.locator("#kiosk").textContent()).toContain("Xin chào");
}

/** The officer voids the kiosk's ticket; the kiosk is sent back to its idle screen at once. */
async function voidTicket(): Promise<void> {
  const { officer, kiosk } = day;
  await officer.bringToFront();
  await officer.locator("#live").getByRole("button", { name: "Không thu về" }).click();
  await answerOnPage(officer, "Không thu về");
  await kiosk.bringToFront();
  await expect
    .poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 15_000 })
    .toContain("Phiếu này đã được tổ công tác hủy");
  await kiosk.goto(`${e2e.server.url}/kiosk`);
  await expect.poll(() => kiosk.locator("#kiosk").textContent()).toContain("Xin chào");
}

describe("an official's screen", () => {
  it("a choice shows at once - while the choice is on its way to the server the pressed choice is marked and 'Để trống ▶' is already the main 'Tiếp ▶'; a second choice pressed meanwhile (which htmx drops) is not shown; a press that never reached the server is taken back", async () => {
    const { kiosk } = day;
    await kiosk.setViewportSize(VIEWPORTS[0]);
    await day.issue();
    expect(await bottom(kiosk)).toMatchObject({ label: "Để trống ▶", filled: false });
    const hold = await holdChoices(kiosk);
    await kiosk.getByRole("button", { name: "Tín nhiệm cao" }).click();
    // No answer yet: the screen shows the press.
    expect(await pressed(kiosk)).toEqual(["high"]);
    expect(await bottom(kiosk)).toMatchObject({ label: "Tiếp ▶", filled: true });
    await shot(kiosk, "kiosk-choice-on-its-way");
    // Pressed though it says it is unavailable (aria-disabled), as a resident may: Playwright would
    // wait for it to become available.
    await kiosk.getByRole("button", { name: "Tín nhiệm thấp" }).click({ force: true });
    expect(await pressed(kiosk)).toEqual(["high"]);
    await hold.release();
    await expect.poll(() => officialPosition(kiosk)).toBe(2);
    // What the server kept is what the screen showed.
    await kiosk.getByRole("button", { name: /Quay lại/ }).click();
    await expect.poll(() => officialPosition(kiosk)).toBe(1);
    expect(await pressed(kiosk)).toEqual(["high"]);
    await kiosk.getByRole("button", { name: "Tiếp ▶" }).click();
    await expect.poll(() => officialPosition(kiosk)).toBe(2);

    // The connection drops as the resident presses: nothing was chosen, and the screen says so.
    const beforeDrop = day.errors.length;
    await kiosk.route(CHOICES, (route) => route.abort());
    await kiosk.getByRole("button", { name: "Tín nhiệm", exact: true }).click();
    await expect.poll(() => kiosk.locator("[data-offline]").isVisible()).toBe(true);
    expect(await pressed(kiosk)).toEqual([]);
    expect(await bottom(kiosk)).toMatchObject({ label: "Để trống ▶", filled: false });
    await kiosk.unroute(CHOICES);
    // The browser logs the dropped request (and htmx its failure): expected here, and only that.
    const dropped = day.errors.splice(beforeDrop);
    expect(dropped.length).toBeGreaterThan(0);
    for (const error of dropped) expect(error).toMatch(/ERR_FAILED|Failed to fetch/);
    await kiosk.getByRole("button", { name: "Tín nhiệm", exact: true }).click();
    await expect.poll(() => officialPosition(kiosk)).toBe(3);
    expect(day.errors).toEqual([]);
    await voidTicket();
  }, 90_000);

  it("a choice's moment is seen - while a choice settles (on its way, then shown 700 ms) the screen's other buttons say they are unavailable (aria-disabled) and look it (greyed), their labels still at least 4.5:1, the focus order unchanged, in both contrasts; a choice that never reached the server gives them back as they were", async () => {
    const { kiosk } = day;
    await kiosk.setViewportSize(VIEWPORTS[0]);
    await day.issue();
    for (const contrast of ["Thường", "Cao"] as const) {
      await setDisplay(kiosk, "Tương phản", contrast);
      const from = await officialPosition(kiosk);
      const before = await buttonsLook(kiosk);
      const hold = await holdChoices(kiosk);
      await kiosk.getByRole("button", { name: "Tín nhiệm cao" }).click();
      const during = await buttonsLook(kiosk);
      // The same buttons in the same order: nothing leaves the focus order (aria-disabled, not disabled).
      expect(during.map((b) => [b.value, b.disabled])).toEqual(before.map((b) => [b.value, b.disabled]));
      const problems: string[] = [];
      for (const [i, b] of during.entries()) {
        const was = before[i];
        const chosen = b.value === "high";
        // "Nghe hướng dẫn" still plays (it sends nothing); "◀ Quay lại" on the first official is
        // disabled as before.
        const stays = chosen || b.label === "Nghe hướng dẫn" || b.disabled;
        if (b.held === stays) problems.push(`${b.label}: aria-disabled ${b.held}`);
        if (stays) continue;
        if (b.color === was?.color && b.background === was?.background)
          problems.push(`${b.label}: looks as before (${b.color} on ${b.background})`);
        // Still readable: measured on opaque colours, so no fading by opacity.
        if (b.opacity !== "1") problems.push(`${b.label}: opacity ${b.opacity}`);
        if (b.contrast < 4.5)
          problems.push(`${b.label}: contrast ${b.contrast} (${b.color} on ${b.background})`);
      }
      expect(problems, contrast).toEqual([]);
      // The keyboard goes on from the choice to the next button as before (it is pressable: the
      // press sends nothing until the next screen).
      await kiosk.keyboard.press("Tab");
      expect(await kiosk.evaluate(() => document.activeElement?.getAttribute("value"))).toBe("medium");
      const mode = contrast === "Cao" ? "-contrast" : "";
      for (const viewport of VIEWPORTS) {
        await kiosk.setViewportSize(viewport);
        await shot(kiosk, `kiosk-choice-settling-${viewport.width}x${viewport.height}${mode}`);
      }
      await kiosk.setViewportSize(VIEWPORTS[0]);
      await hold.release();
      await expect.poll(() => officialPosition(kiosk)).toBe(from + 1);
      expect((await buttonsLook(kiosk)).filter((b) => b.held)).toEqual([]);
    }

    // The connection drops as the resident presses: the screen's buttons are theirs again, as they were.
    await setDisplay(kiosk, "Tương phản", "Thường");
    const before = await buttonsLook(kiosk);
    const beforeDrop = day.errors.length;
    await kiosk.route(CHOICES, (route) => route.abort());
    await kiosk.getByRole("button", { name: "Tín nhiệm thấp" }).click();
    await expect.poll(() => kiosk.locator("[data-offline]").isVisible()).toBe(true);
    await kiosk.unroute(CHOICES);
    expect(await buttonsLook(kiosk)).toEqual(before);
    day.errors.splice(beforeDrop);
    expect(day.errors).toEqual([]);
    await voidTicket();
  }, 90_000);

  it("a press in a choice's moment - 'Cỡ chữ' or 'Quay lại' pressed while the chosen answer is still on screen sends nothing: the screen that follows and the server agree on the official and the text size", async () => {
    const { kiosk } = day;
    await kiosk.setViewportSize(VIEWPORTS[0]);
    await day.issue();
    /** What the screen shows: the official and the text size of the page. */
    const shown = async () => ({
      position: await officialPosition(kiosk),
      size: await kiosk.evaluate(() => document.documentElement.className.match(/text-\d/)?.[0] ?? ""),
    });
    for (const second of [/^Cỡ chữ:/, /Quay lại/]) {
      const from = await officialPosition(kiosk);
      // Resolves once the choice's own screen is in: htmx ends a request after its swap, on the same
      // context object it started with (the form itself is gone from the page by then).
      const choiceDone = kiosk.evaluate(
        () =>
          new Promise<void>((resolve) => {
            let ctx: unknown = null;
            document.addEventListener("htmx:config:request", (event) => {
              const detail = (event as CustomEvent<{ ctx?: unknown }>).detail;
              if (event.target instanceof Element && event.target.classList.contains("choices-form"))
                ctx ??= detail?.ctx;
            });
            document.addEventListener("htmx:finally:request", (event) => {
              if (ctx !== null && (event as CustomEvent<{ ctx?: unknown }>).detail?.ctx === ctx) resolve();
            });
          }),
      );
      const hold = await holdChoices(kiosk);
      await kiosk.getByRole("button", { name: "Tín nhiệm cao" }).click();
      await hold.release();
      // In the choice's moment: its answer is in or nearly, its screen waits 700 ms. The button says
      // it is unavailable then (aria-disabled); pressed all the same, as a resident may (Playwright
      // would wait for it, and press the next screen's).
      await kiosk.getByRole("button", { name: second }).click({ force: true });
      await choiceDone;
      await expect.poll(() => kiosk.locator("#kiosk form.htmx-request").count()).toBe(0);
      const screen = await shown();
      expect(screen.position, String(second)).toBe(from + 1);
      // The server's ballot, as a reload draws it: the same official at the same size.
      await kiosk.reload();
      expect(await shown(), String(second)).toEqual(screen);
    }
    expect(day.errors).toEqual([]);
    await voidTicket();
  }, 90_000);

  it("a press the moment the choice's screen is in - 'Sửa' pressed as the review appears, before htmx has finished the choice's request, opens that official (it was dropped: a CI run saw the review stay)", async () => {
    const { kiosk } = day;
    await kiosk.setViewportSize(VIEWPORTS[0]);
    await day.issue();
    for (let p = 1; p < 6; p++) {
      await kiosk.getByRole("button", { name: "Để trống ▶" }).click();
      await expect.poll(() => officialPosition(kiosk)).toBe(p + 1);
    }
    const hold = await holdChoices(kiosk);
    await kiosk.getByRole("button", { name: "Tín nhiệm thấp" }).click();
    // The resident's next press, as early as it can be: in the same turn as the review's arrival
    // in the page, before htmx ends the choice's request (its last event comes a few awaits later).
    await kiosk.evaluate(() => {
      const root = document.getElementById("kiosk");
      if (!root) return;
      const seen = new MutationObserver(() => {
        const edit = root.querySelector<HTMLButtonElement>(".review-row .edit-button");
        if (!edit) return;
        seen.disconnect();
        root.setAttribute("data-test-pressed", edit.textContent?.trim() ?? "");
        edit.click();
      });
      seen.observe(root, { childList: true, subtree: true });
    });
    await hold.release();
    await expect.poll(() => kiosk.locator("#kiosk").getAttribute("data-test-pressed")).toMatch(/Sửa/);
    await onScreen(kiosk, "official");
    expect(await officialPosition(kiosk)).toBe(1);
    expect(day.errors).toEqual([]);
    await voidTicket();
  }, 90_000);

  // Retried once (with the kiosk set idle again first): in three of eight runs of the suite or of
  // the browser tests on 2026-12-01 its first round failed — twice its "Sửa" on the review, pressed
  // once the review was in, left the review in place, once no kiosk was ready for its first "Phát
  // phiếu". The cause found since: each screen read for 3 s left its held "still valid?" poll
  // behind, and presses waited behind them for the browser's connections; now a screen's poll ends
  // with it and a kiosk holds one (README, Decisions; test/e2e/kiosk-left-polls.test.ts). The retry
  // and the second "Sửa" (which prints what the page held) stay until runs show the flake gone.
  it("bottom buttons - the button forward is quiet before a choice and the main button after one, the last official's 'Xem lại phiếu ▶' too; the line under the choices says where a choice goes; both buttons keep their size through every state, at 1280×800 and 800×1280, at the default and the largest text", {
    retry: 1,
    timeout: 180_000,
  }, async () => {
    const { kiosk } = day;
    await kioskLeftIdle();
    const errorsBefore = day.errors.length;
    // What the page and the network did, printed only when "Sửa" leaves the review in place.
    const net: string[] = [];
    const t0 = Date.now();
    const onRequest = (r: Request) =>
      net.push(`${Date.now() - t0} > ${r.method()} ${r.url().replace(/^.*\/kiosk/, "/kiosk")}`);
    const onDone = (r: Request) =>
      net.push(`${Date.now() - t0} < ${r.method()} ${r.url().replace(/^.*\/kiosk/, "/kiosk")}`);
    const onFailed = (r: Request) =>
      net.push(`${Date.now() - t0} x ${r.failure()?.errorText} ${r.url().replace(/^.*\/kiosk/, "/kiosk")}`);
    kiosk.on("request", onRequest);
    kiosk.on("requestfinished", onDone);
    kiosk.on("requestfailed", onFailed);
    await kiosk.evaluate(() => {
      const w = window as unknown as { __trace: string[] };
      w.__trace = [];
      const t = () => (performance.now() / 1000).toFixed(2);
      const name = (e: EventTarget | null) =>
        e instanceof Element
          ? `${e.tagName}.${e.getAttribute("class") ?? ""}${e.isConnected ? "" : "(gone)"}`
          : String(e);
      for (const ev of ["click", "pointerdown"])
        document.addEventListener(ev, (e) => w.__trace.push(`${t()} ${ev} ${name(e.target)}`), true);
      for (const ev of [
        "config:request",
        "before:request",
        "after:request",
        "finally:request",
        "error",
        "before:swap",
        "before:settle",
        "before:cleanup",
      ]) {
        document.addEventListener(`htmx:${ev}`, (e) => {
          const ctx = (e as CustomEvent).detail?.ctx;
          w.__trace.push(
            `${t()} htmx:${ev} ${name(e.target)} ${ctx ? `${ctx.request?.method ?? ""} ${ctx.request?.action ?? ""} ${ctx.response?.status ?? ""}` : ""} prevented=${e.defaultPrevented}`,
          );
        });
      }
    });
    for (const size of ["Vừa", "Rất lớn"] as const) {
      await kiosk.setViewportSize(VIEWPORTS[0]);
      await day.issue();
      await setDisplay(kiosk, "Cỡ chữ", size);
      const boxes = new Map<string, Map<string, string>>(
        VIEWPORTS.map((v) => [`${v.width}×${v.height}`, new Map()]),
      );
      /** The button forward in this state, and both buttons' boxes at each viewport. */
      const look = async (state: string, want: { label: string; filled: boolean }) => {
        for (const viewport of VIEWPORTS) {
          await kiosk.setViewportSize(viewport);
          const seen = await bottom(kiosk);
          expect({ label: seen.label, filled: seen.filled }, `${size} ${state}`).toEqual(want);
          boxes.get(`${viewport.width}×${viewport.height}`)?.set(state, seen.boxes.join(" | "));
          if (size === "Rất lớn" || viewport.width === 1280) {
            const name = state.replace(/[^a-z0-9]+/gi, "-");
            await shot(
              kiosk,
              `kiosk-bottom-${name}-${viewport.width}x${viewport.height}-${size === "Vừa" ? 0 : 2}`,
            );
          }
        }
        await kiosk.setViewportSize(VIEWPORTS[0]);
      };
      const back = async () => {
        const from = await officialPosition(kiosk);
        await kiosk.getByRole("button", { name: /Quay lại/ }).click();
        await expect.poll(() => officialPosition(kiosk)).toBe(from - 1);
      };

      await look("first nothing chosen", { label: "Để trống ▶", filled: false });
      const first = await holdChoices(kiosk);
      await kiosk.getByRole("button", { name: "Tín nhiệm", exact: true }).click();
      await look("first just chosen", { label: "Tiếp ▶", filled: true });
      await first.release();
      await expect.poll(() => officialPosition(kiosk)).toBe(2);
      await look("second nothing chosen", { label: "Để trống ▶", filled: false });
      for (let p = 2; p < 6; p++) {
        await kiosk.getByRole("button", { name: "Để trống ▶" }).click();
        await expect.poll(() => officialPosition(kiosk)).toBe(p + 1);
      }
      // The last official: a choice goes to the review, and the button there waits for a choice too.
      expect(await hint(kiosk)).toBe("Chạm vào một ô để chọn: máy tự sang trang xem lại phiếu.");
      await look("last nothing chosen", { label: "Xem lại phiếu ▶", filled: false });
      const last = await holdChoices(kiosk);
      await kiosk.getByRole("button", { name: "Tín nhiệm thấp" }).click();
      await look("last just chosen", { label: "Xem lại phiếu ▶", filled: true });
      await last.release();
      await onScreen(kiosk, "review");
      const edit = kiosk.locator(".review-row").last().getByRole("button", { name: /Sửa/ });
      await edit.click();
      try {
        await onScreen(kiosk, "official");
      } catch {
        // The unexplained case (see above): the review stayed. What the page held is printed for the
        // next look, and "Sửa" is pressed again, as the resident would.
        const state = await kiosk.evaluate(() => ({
          busy: Array.from(document.querySelectorAll(".htmx-request")).map((e) => e.className),
          offline: !document.querySelector("[data-offline]")?.hasAttribute("hidden"),
          screen: document.querySelector("#kiosk [data-screen]")?.getAttribute("data-screen"),
        }));
        console.warn(`kiosk-press: "Sửa" left the review in place: ${JSON.stringify(state)}`);
        const trace = await kiosk.evaluate(() => (window as unknown as { __trace?: string[] }).__trace ?? []);
        console.warn(`kiosk-press: network (ms since the test began):\n${net.slice(-30).join("\n")}`);
        console.warn(`kiosk-press: page events (s):\n${trace.slice(-60).join("\n")}`);
        await edit.click();
        await onScreen(kiosk, "official");
      }
      expect(await hint(kiosk)).toBe(
        "Đã chọn: Tín nhiệm thấp. Muốn đổi, chạm vào ô khác: máy tự quay về trang xem lại phiếu.",
      );
      await look("last from the review", { label: "Xem lại phiếu ▶", filled: true });
      await back();
      await look("fifth nothing chosen", { label: "Để trống ▶", filled: false });
      for (let p = 5; p > 1; p--) await back();
      expect(await hint(kiosk)).toBe(
        "Đã chọn: Tín nhiệm. Muốn đổi, chạm vào ô khác: máy tự sang người tiếp theo.",
      );
      await look("first chosen", { label: "Tiếp ▶", filled: true });
      // Another choice pressed there: the line names it at once, beside its ✓ (the clip "chosen"
      // and the level's say what the line says), before the server's answer comes.
      const again = await holdChoices(kiosk);
      await kiosk.getByRole("button", { name: "Tín nhiệm cao" }).click();
      expect(await pressed(kiosk)).toEqual(["high"]);
      expect(await hint(kiosk)).toBe(
        "Đã chọn: Tín nhiệm cao. Muốn đổi, chạm vào ô khác: máy tự sang người tiếp theo.",
      );
      await again.release();
      await expect.poll(() => officialPosition(kiosk)).toBe(2);

      for (const [viewport, states] of boxes) {
        const [firstState] = states.values();
        const moved = [...states]
          .filter(([, box]) => box !== firstState)
          .map(([state, box]) => `${state}: ${box}`);
        expect(moved, `${size} ${viewport}: unlike "first nothing chosen" (${firstState})`).toEqual([]);
      }
      await voidTicket();
    }
    expect(day.errors.slice(errorsBefore)).toEqual([]);
  });
});

describe("the review", () => {
  it("upright 'Sửa' column - on an upright tablet (800×1280) the review's 'Sửa' buttons are one column, one left edge and one width, whatever each row says, at every text size and in both contrasts (lying flat too)", async () => {
    const { kiosk } = day;
    await kioskLeftIdle();
    await reviewWithOneBlank(kiosk);
    const problems: string[] = [];
    for (const contrast of ["Thường", "Cao"] as const) {
      for (const [sizeIndex, size] of SIZES.entries()) {
        await kiosk.setViewportSize(VIEWPORTS[0]);
        await setDisplay(kiosk, "Cỡ chữ", size);
        await setDisplay(kiosk, "Tương phản", contrast);
        for (const viewport of [VIEWPORTS[1], VIEWPORTS[0]]) {
          await kiosk.setViewportSize(viewport);
          const where = `${viewport.width}×${viewport.height} ${size} ${contrast}`;
          const edits = await kiosk.evaluate(() => {
            const list = document.querySelector(".review-scroll")?.getBoundingClientRect();
            return Array.from(document.querySelectorAll(".review-row .edit-button")).map((b) => {
              const r = b.getBoundingClientRect();
              return {
                left: Math.round(r.left),
                width: Math.round(r.width),
                inside: r.right <= (list?.right ?? 0),
              };
            });
          });
          expect(edits, where).toHaveLength(6);
          const lefts = new Set(edits.map((e) => e.left));
          const widths = new Set(edits.map((e) => e.width));
          if (lefts.size > 1) problems.push(`${where}: left edges ${[...lefts].join(", ")}`);
          if (widths.size > 1) problems.push(`${where}: widths ${[...widths].join(", ")}`);
          if (edits.some((e) => !e.inside)) problems.push(`${where}: a "Sửa" past the list's edge`);
          const mode = `${sizeIndex}${contrast === "Cao" ? "-contrast" : ""}`;
          await shot(kiosk, `kiosk-review-columns-${viewport.width}x${viewport.height}-text${mode}`);
        }
      }
    }
    expect(problems).toEqual([]);
    await kiosk.setViewportSize(VIEWPORTS[0]);
    await setDisplay(kiosk, "Cỡ chữ", "Vừa");
    await setDisplay(kiosk, "Tương phản", "Thường");
    expect(day.errors).toEqual([]);
    await voidTicket();
  }, 120_000);

  it("progress line - 'Đã chọn 5/6 người' is one line, never broken inside '5/6 người', wholly beside 'Gửi phiếu', at every text size on 800×1280 and 1280×800", async () => {
    const { kiosk } = day;
    await kioskLeftIdle();
    await reviewWithOneBlank(kiosk);
    const problems: string[] = [];
    for (const size of SIZES) {
      await kiosk.setViewportSize(VIEWPORTS[0]);
      await setDisplay(kiosk, "Cỡ chữ", size);
      for (const viewport of VIEWPORTS) {
        await kiosk.setViewportSize(viewport);
        // The words from "Đã chọn" to "người", whatever elements they are in: their lines, and how
        // far right they reach against "Gửi phiếu".
        const line = await kiosk.evaluate(() => {
          const summary = document.querySelector("[data-summary]");
          if (!summary) return null;
          const nodes: Text[] = [];
          const walk = document.createTreeWalker(summary, NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) nodes.push(n as Text);
          const whole = nodes.map((n) => n.data).join("");
          const start = whole.indexOf("Đã chọn");
          const end = whole.indexOf("người") + "người".length;
          const at = (offset: number): [Text, number] => {
            let seen = 0;
            for (const n of nodes) {
              if (offset <= seen + n.data.length) return [n, offset - seen];
              seen += n.data.length;
            }
            throw new Error(`no text at ${offset}`);
          };
          const range = document.createRange();
          range.setStart(...at(start));
          range.setEnd(...at(end));
          const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
          const send = document.querySelector(".send-form .send")?.getBoundingClientRect();
          return {
            text: range.toString().replace(/\s+/g, " "),
            lines: new Set(rects.map((r) => Math.round(r.top))).size,
            right: Math.max(...rects.map((r) => r.right)),
            left: Math.min(...rects.map((r) => r.left)),
            sendLeft: send?.left ?? 0,
          };
        });
        const where = `${viewport.width}×${viewport.height} ${size}`;
        if (!line) {
          problems.push(`${where}: no summary`);
          continue;
        }
        if (line.text !== "Đã chọn 5/6 người") problems.push(`${where}: reads "${line.text}"`);
        if (line.lines !== 1) problems.push(`${where}: on ${line.lines} lines`);
        if (line.left < 0 || line.right > line.sendLeft)
          problems.push(`${where}: ${line.left}–${line.right}, "Gửi phiếu" from ${line.sendLeft}`);
        // Kept whole, the line does not push "Gửi phiếu" off the screen.
        const send = await fullyInView(kiosk, ".send-form .send");
        if (!send.ok) problems.push(`${where}: ${send.detail}`);
        if (size !== "Lớn")
          await shot(
            kiosk,
            `kiosk-review-count-${viewport.width}x${viewport.height}-${size === "Vừa" ? 0 : 2}`,
          );
      }
    }
    expect(problems).toEqual([]);
    await kiosk.setViewportSize(VIEWPORTS[0]);
    await setDisplay(kiosk, "Cỡ chữ", "Vừa");
    expect(day.errors).toEqual([]);
    await voidTicket();
  }, 120_000);

  it("largest text lying flat - at 'Rất lớn' on 1280×800 at least four of the six rows are wholly in view above 'Còn người ở dưới', with the text at the size the setting promises and 'Sửa' at its full height; all six at the default size, blank rows as tall as chosen ones", async () => {
    const { kiosk } = day;
    await kiosk.setViewportSize(VIEWPORTS[0]);
    await day.issue();
    await setDisplay(kiosk, "Cỡ chữ", "Rất lớn");
    await kiosk.getByRole("button", { name: "Tín nhiệm cao" }).click();
    await expect.poll(() => officialPosition(kiosk)).toBe(2);
    await onToReview(kiosk);
    const seen = await kiosk.evaluate(() => {
      const size = (selector: string) => {
        const el = document.querySelector(selector);
        return el ? Number.parseFloat(getComputedStyle(el).fontSize) : 0;
      };
      return {
        rows: document.querySelectorAll(".review-row").length,
        root: size("html"),
        name: size(".review-row .name"),
        chosen: size(".review-row .chosen"),
        position: size(".review-row .position"),
        edit: Math.min(
          ...Array.from(document.querySelectorAll(".edit-button")).map(
            (b) => b.getBoundingClientRect().height,
          ),
        ),
      };
    });
    await shot(kiosk, "kiosk-review-text2-1280x800");
    expect(seen.rows).toBe(6);
    const whole = await rowsInView(kiosk);
    expect(whole.length, JSON.stringify({ seen, whole })).toBeGreaterThanOrEqual(4);
    // "Rất lớn" is 1.45 times the base, which is 1.6vmin + 10 px on this screen (kiosk.css).
    expect(seen.root).toBeCloseTo(1.45 * (0.016 * 800 + 10), 1);
    expect(seen.name).toBe(seen.root);
    expect(seen.chosen).toBe(seen.root);
    expect(seen.position).toBeCloseTo(0.8 * seen.root, 1);
    expect(seen.edit).toBeGreaterThanOrEqual(64);
    // "Sửa" on the last row, a new choice: the review comes back with that row in view, above the
    // note, not scrolled to its top with the change out of sight (newcomer trial).
    await kiosk.locator(".review-row").last().getByRole("button", { name: /Sửa/ }).click();
    await onScreen(kiosk, "official");
    await kiosk.getByRole("button", { name: "Tín nhiệm", exact: true }).click();
    await onScreen(kiosk, "review");
    expect(await kiosk.locator(".review-row").last().textContent()).toContain("Tín nhiệm");
    expect(await rowsInView(kiosk)).toContain(6);
    // On the smallest upright screen the kiosk supports (600×800), where the display buttons' labels
    // must wrap, their values stay whole: "Cỡ chữ:" / "Rất lớn", never "Rất" / "lớn".
    await kiosk.setViewportSize({ width: 600, height: 800 });
    const valueLines = await kiosk.evaluate(() =>
      Array.from(document.querySelectorAll(".mode-button strong")).map((s) => {
        const range = document.createRange();
        range.selectNodeContents(s);
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
      }),
    );
    const countLines = await kiosk.evaluate(() => {
      const range = document.createRange();
      const keep = document.querySelector("[data-summary] .keep");
      if (!keep) return 0;
      range.selectNodeContents(keep);
      return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
    });
    await shot(kiosk, "kiosk-review-text2-600x800");
    expect(valueLines).toEqual([1, 1]);
    // "1/6 người" stays together: "người" is never left alone on a line.
    expect(countLines).toBe(1);
    // At the default size, lying flat, the rows are one line too and all six are wholly in view, the
    // five blank ones as tall as the chosen one (four in view when each took two lines; five while a
    // blank row's thicker border made it taller).
    await kiosk.setViewportSize(VIEWPORTS[0]);
    await setDisplay(kiosk, "Cỡ chữ", "Vừa");
    expect(await rowsInView(kiosk)).toEqual([1, 2, 3, 4, 5, 6]);
    const heights = await kiosk.evaluate(() =>
      Array.from(document.querySelectorAll(".review-row")).map((r) =>
        Math.round(r.getBoundingClientRect().height),
      ),
    );
    expect(new Set(heights).size, heights.join(", ")).toBe(1);
    expect(day.errors).toEqual([]);
  }, 90_000);
});
