import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../server/crypto/digest.ts";
import { BallotBox } from "../../server/db/ballot-box.ts";
import { Store } from "../../server/db/store.ts";
import { buildScenario, byCode } from "../../server/scenario-builder.ts";
import { launchBrowser, type RunningServer, SCREENSHOTS, startServer } from "../e2e/harness.ts";
import { BOARD_ACTOR, CHEAP_SEAL, PASSWORD, T0, testPasswordHash, testScenario, unwrap } from "../helpers.ts";
import { RESIDENTS } from "../voting-helpers.ts";

/**
 * kiosk/assets/speech.js in Debian's Chromium against the real server: the server makes the clips
 * of a stamped campaign at start-up (SPEECH=1); a paired kiosk plays the clips a "Nghe hướng dẫn"
 * button names, skips a missing one, fetches the four choice words together, stops on a second
 * press, and reads a new screen by itself once the device reports headphones.
 */
const TOKEN = "s".repeat(64);
const BUSY = "Đang đọc… — bấm để dừng";

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let prepared: string;

beforeAll(async () => {
  // A stamped three-official campaign with a kiosk paired to its point, made before the server starts.
  prepared = mkdtempSync(join(tmpdir(), "tn-speech-db-"));
  const path = join(prepared, "db.sqlite");
  const store = Store.open(path);
  const built = unwrap(
    await buildScenario(
      { store, clock: { now: () => T0 } },
      BOARD_ACTOR,
      testScenario({ residents: RESIDENTS, officers: true, extraOfficials: 1 }),
      {
        officers: {
          password: PASSWORD,
          mustChangePassword: false,
          seal: CHEAP_SEAL,
          passwordHash: await testPasswordHash(PASSWORD),
        },
      },
    ),
  );
  const point = byCode(built.points, "HQ-T1");
  store.voting.createKiosk(
    "k1",
    sha256Hex(TOKEN),
    { code: "12345678", pointId: point.id, expiresAt: T0.toISOString() },
    T0.toISOString(),
  );
  store.voting.pair("k1", point.id, T0.toISOString(), "test");
  store.close();
  server = await startServer({ DEMO: "0", SPEECH: "1" }, (db) => {
    copyFileSync(path, db);
    if (existsSync(BallotBox.pathBeside(path)))
      copyFileSync(BallotBox.pathBeside(path), BallotBox.pathBeside(db));
  });
  // The start-up run for the stamped campaign: its log line says when the files are there.
  for (let i = 0; i < 600 && !server.log().includes('"speech.synthesized"'); i++) await Bun.sleep(100);
  expect(server.log()).toContain('"speech.synthesized"');
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (prepared) rmSync(prepared, { recursive: true, force: true });
});

/**
 * A kiosk page with a "Nghe hướng dẫn" button as the kiosk screens draw it (`together`: its
 * data-speak-together), the clip requests it makes, and the status each clip was answered with.
 */
async function kioskPage(
  context: BrowserContext,
  keys: string,
  together?: string,
): Promise<{ page: Page; clips: string[]; statuses: Map<string, number> }> {
  await context.addCookies([{ name: "tn_kiosk", value: TOKEN, url: server.url }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const clips: string[] = [];
  page.on("request", (r) => {
    const m = /\/kiosk\/am-thanh\/(.+)\.wav$/.exec(new URL(r.url()).pathname);
    if (m?.[1]) clips.push(m[1]);
  });
  const statuses = new Map<string, number>();
  page.on("response", (r) => {
    const m = /\/kiosk\/am-thanh\/(.+)\.wav$/.exec(new URL(r.url()).pathname);
    if (m?.[1]) statuses.set(m[1], r.status());
  });
  await page.goto(`${server.url}/kiosk`);
  await page.evaluate(
    ([k, with_]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "speak";
      button.dataset["speak"] = k;
      if (with_) button.dataset["speakTogether"] = with_;
      button.textContent = "Nghe hướng dẫn";
      // The idle screen has its own button ("waiting"): this one stands for the screen under test.
      for (const other of Array.from(document.querySelectorAll("#kiosk [data-speak]"))) other.remove();
      document.querySelector("#kiosk")?.append(button);
    },
    [keys, together ?? ""] as const,
  );
  expect(errors).toEqual([]);
  return { page, clips, statuses };
}

describe("speech.js", () => {
  it("speech.js - plays the named clips in order, skips a missing one, fetches the four choice words together, a second press stops", async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const { page, clips } = await kioskPage(context, "name-HQ-02 level-low nothing name-HQ-01");
      const button = page.locator("button.speak");
      await button.click();
      await expect.poll(() => button.textContent()).toBe(BUSY);
      expect(await button.getAttribute("aria-pressed")).toBe("true");
      await page.screenshot({ path: join(SCREENSHOTS, "speech-playing-1280x800.png") });
      // Played to the end: the label comes back by itself.
      await page.waitForFunction(
        () => document.querySelector("button.speak")?.textContent === "Nghe hướng dẫn",
        null,
        {
          timeout: 30_000,
        },
      );
      expect(await button.getAttribute("aria-pressed")).toBe("false");
      expect([...clips].sort()).toEqual(
        [
          "level-blank",
          "level-high",
          "level-low",
          "level-medium",
          "name-HQ-01",
          "name-HQ-02",
          "nothing",
        ].sort(),
      );

      // Again: the clips are in memory, nothing is asked for, and a second press stops at once.
      const before = clips.length;
      await button.click();
      await expect.poll(() => button.textContent()).toBe(BUSY);
      await button.click();
      expect(await button.textContent()).toBe("Nghe hướng dẫn");
      // "nothing" is asked for again (a clip still being made may be there now); nothing else is.
      expect(clips.slice(before).filter((k) => k !== "nothing")).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("speech.js - the blank-row question says its number: every count's clip up to the ballot's length, and both meanings, are fetched together and made, so the requests do not tell how many rows were left blank", async () => {
    // HQ-T1's ballot here has three officials: counts 1 to 3 (as BlankRowsScreen lists them).
    const GROUP = [
      "blank-count-1",
      "blank-count-2",
      "blank-count-3",
      "blank-meaning-one",
      "blank-meaning-many",
    ];
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      for (const keys of ["blank-count-1 blank-meaning-one", "blank-count-3 blank-meaning-many"]) {
        const { page, clips, statuses } = await kioskPage(context, keys, GROUP.join(" "));
        const button = page.locator("button.speak");
        await button.click();
        await expect.poll(() => button.textContent()).toBe(BUSY);
        await expect.poll(() => [...new Set(clips)].sort()).toEqual([...GROUP].sort());
        // Every one of them was made after the stamp: the number is heard, not skipped.
        await expect.poll(() => GROUP.map((k) => statuses.get(k))).toEqual(GROUP.map(() => 200));
        await button.click();
        expect(await button.textContent()).toBe("Nghe hướng dẫn");
        await page.close();
      }
    } finally {
      await context.close();
    }
  }, 60_000);

  it("speech.js - what a touch does on an official's screen is fetched as one group: the requests do not tell whether a row gone back to was already chosen", async () => {
    const TOUCH = [
      "chosen",
      "hint-next",
      "hint-review",
      "hint-back",
      "change-next",
      "change-review",
      "change-back",
    ];
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      for (const key of ["hint-back", "chosen change-back"]) {
        const { page, clips } = await kioskPage(context, key);
        const button = page.locator("button.speak");
        await button.click();
        await expect.poll(() => button.textContent()).toBe(BUSY);
        await expect.poll(() => [...new Set(clips)].sort()).toEqual([...TOUCH].sort());
        await button.click();
        await page.close();
      }
    } finally {
      await context.close();
    }
  }, 60_000);

  it("speech.js - headphones reported by the device: a new screen is read by itself; unplugged, it stops", async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      // The device's outputs as a browser with the microphone permission lists them.
      await context.addInitScript(() => {
        const outputs = [{ kind: "audiooutput", label: "Loa trong (Speakers)", deviceId: "a", groupId: "a" }];
        const devices = new EventTarget();
        Object.assign(devices, {
          enumerateDevices: async () => outputs.slice(),
        });
        Object.defineProperty(navigator, "mediaDevices", { value: devices });
        Object.assign(window, {
          plugHeadphones: (on: boolean) => {
            if (on)
              outputs.push({
                kind: "audiooutput",
                label: "Tai nghe (Headphones)",
                deviceId: "b",
                groupId: "b",
              });
            else outputs.splice(1);
            devices.dispatchEvent(new Event("devicechange"));
          },
        });
      });
      const { page } = await kioskPage(context, "instruction");
      const button = page.locator("button.speak");
      // Speakers only: a new screen is not read.
      await page.evaluate(() => document.dispatchEvent(new Event("htmx:after:swap")));
      expect(await button.textContent()).toBe("Nghe hướng dẫn");
      // Headphones plugged in: the screen is read at once.
      await page.evaluate(() =>
        (window as unknown as { plugHeadphones: (on: boolean) => void }).plugHeadphones(true),
      );
      await expect.poll(() => button.textContent()).toBe(BUSY);
      // Pulled out: reading stops rather than go on aloud.
      await page.evaluate(() =>
        (window as unknown as { plugHeadphones: (on: boolean) => void }).plugHeadphones(false),
      );
      await expect.poll(() => button.textContent()).toBe("Nghe hướng dẫn");
    } finally {
      await context.close();
    }
  }, 60_000);
});
