import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { vietnamDate } from "../../server/domain/calendar.ts";
import type { Client } from "../helpers.ts";
import { TEST_CLOCK_OFFSET_SECONDS } from "../support/clock.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SCREENSHOTS = join(ROOT, "test-results", "screenshots");
export const CHROMIUM = "/usr/bin/chromium";

export type RunningServer = {
  url: string;
  databasePath: string;
  stop: () => Promise<void>;
  /** What the server printed on stdout: the human start-up text. */
  output: () => string;
  /**
   * What it wrote on stderr: JSON lines (request log, sweep), after a few lines of banner when its
   * clock was moved (`clockOffsetSeconds` not 0).
   */
  log: () => string;
  /** Seconds the harness moved the server's clock to keep the file clear of midnight (0 mostly). */
  clockOffsetSeconds: number;
  /** Sends the server a signal and waits for its exit code; its files stay until `stop`. */
  signal: (signal: "SIGTERM" | "SIGINT") => Promise<number>;
};

/**
 * Starts the real server (`bun server/main.ts`) on a free port with a fresh database. Its clock is
 * the machine's, except near Vietnam's midnight: the sample campaign is seeded for the server's
 * "today", so a file started at 23:55 gets a server already in the new day (test/support/clock.ts)
 * rather than a day that ends under its tests. An `env` that sets `CLOCK_OFFSET_SECONDS` decides
 * for itself.
 *
 * A server with the sample campaign (no `before`, no `DEMO` in `env`) starts on a copy of the one
 * seeded once for the run (`sampleCopy`), unless `freshSample`: seeding makes 30 officers' keys,
 * 4 s of both cores on a quiet machine and 15–30 s under the suite, which every such test file paid
 * before. Only a fresh one prints the sample's logins.
 */
export async function startServer(
  env: Record<string, string> = {},
  before?: (databasePath: string) => void,
  options: { freshSample?: boolean } = {},
): Promise<RunningServer> {
  const clockOffsetSeconds =
    env["CLOCK_OFFSET_SECONDS"] === undefined
      ? TEST_CLOCK_OFFSET_SECONDS
      : Number(env["CLOCK_OFFSET_SECONDS"]);
  const dir = mkdtempSync(join(tmpdir(), "tn-e2e-"));
  if (before) before(join(dir, "db.sqlite"));
  else if (env["DEMO"] === undefined && !options.freshSample) {
    const sample = await sampleCopy(clockOffsetSeconds);
    if (sample) for (const file of readdirSync(sample)) copyFileSync(join(sample, file), join(dir, file));
  }
  const child = Bun.spawn([process.execPath, join(ROOT, "server/main.ts")], {
    cwd: dir, // proves the server does not depend on the working directory
    // SPEECH=0 unless asked: a stamped campaign would otherwise start the synthesizer (≈ 200 MB,
    // seconds of CPU) in every browser test; test/speech/ turns it on.
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_PATH: join(dir, "db.sqlite"),
      SPEECH: "0",
      ...(clockOffsetSeconds !== 0 ? { CLOCK_OFFSET_SECONDS: String(clockOffsetSeconds) } : {}),
      ...env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  let output = "";
  const reader = child.stdout.getReader();
  // One decoder per stream, each streaming: a Vietnamese letter split between two chunks stays whole.
  const decoder = new TextDecoder();
  const errDecoder = new TextDecoder();
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  // A server that does not start in time, or a start that fails, is stopped before the error: left
  // running it outlived the test run, orphaned, on its port (seen on a machine too busy to start it
  // within the deadline).
  const giveUp = async (message: string): Promise<never> => {
    child.kill("SIGKILL");
    await child.exited;
    rmSync(dir, { recursive: true, force: true });
    throw new Error(message);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), deadline - Date.now());
  });
  while (!url) {
    const read = await Promise.race([reader.read(), late]);
    if (read === "late") return giveUp(`server did not start:\n${output}`);
    if (read.done) return giveUp(`server exited:\n${output}\n${await new Response(child.stderr).text()}`);
    output += decoder.decode(read.value, { stream: true });
    url = output.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
  }
  clearTimeout(timer);
  // Keep draining stdout, and stderr (the JSON request log), so the server never blocks on a full pipe.
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      output += decoder.decode(value, { stream: true });
    }
  })();
  let log = "";
  void (async () => {
    const errReader = child.stderr.getReader();
    for (;;) {
      const { value, done } = await errReader.read();
      if (done) return;
      log += errDecoder.decode(value, { stream: true });
    }
  })();
  return {
    url,
    databasePath: join(dir, "db.sqlite"),
    output: () => output,
    log: () => log,
    clockOffsetSeconds,
    signal: async (signal) => {
      child.kill(signal);
      return child.exited;
    },
    stop: async () => {
      child.kill("SIGTERM");
      await child.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The run's seeded sample, once this worker has it: its folder and the server's day it was seeded for. */
let sample: Promise<{ dir: string; day: string } | null> | null = null;

/**
 * A folder holding the database files of a server that seeded the sample campaign and stopped
 * cleanly (swept: no WAL beside them), made once per run by the first worker to need it while the
 * others wait for it; null when it was seeded for another day than a server with this clock offset
 * would see (a run across Vietnam's midnight) or its seeding failed, and that server seeds its own. A copy is what the
 * real server makes at its first start, for the same day; only its creation times are older.
 */
async function sampleCopy(clockOffsetSeconds: number): Promise<string | null> {
  const dayOf = (offset: number) => vietnamDate(new Date(Date.now() + offset * 1000));
  sample ??= (async () => {
    // Removed with the run's folder (test/support/global-setup.ts).
    const runDir = process.env["TN_TEST_RUN_DIR"];
    if (!runDir) throw new Error("TN_TEST_RUN_DIR is not set: run the tests through test/vitest.config.ts");
    const dir = join(runDir, "sample");
    const ready = join(runDir, "sample.json");
    let mine = true;
    try {
      mkdirSync(dir); // the claim: only one worker makes the folder
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      mine = false;
    }
    if (!mine) {
      const deadline = Date.now() + 180_000;
      while (!existsSync(ready)) {
        if (Date.now() > deadline) throw new Error("another worker's sample was not ready within 3 minutes");
        await new Promise((r) => setTimeout(r, 200));
      }
      const said = JSON.parse(readFileSync(ready, "utf8")) as { day?: string; failed?: string };
      // A seed that failed (too slow on a busy machine) costs no other file: each seeds its own.
      return said.day ? { dir, day: said.day } : null;
    }
    const day = dayOf(TEST_CLOCK_OFFSET_SECONDS);
    // Written whole under another name, then renamed: a waiting worker never reads half of it.
    const say = (what: { day: string } | { failed: string }) => {
      writeFileSync(`${ready}.part`, JSON.stringify(what));
      renameSync(`${ready}.part`, ready);
    };
    try {
      const seeded = await startServer({}, undefined, { freshSample: true });
      try {
        // Answering means main.ts has run to its end, its stop handlers in place: a SIGTERM sent the
        // moment the address is printed could come before them and kill it unswept (exit 143).
        await fetch(`${seeded.url}/healthz`);
        const code = await seeded.signal("SIGTERM");
        if (code !== 0) throw new Error(`the sample's server stopped with ${code}:\n${seeded.output()}`);
        for (const file of readdirSync(dirname(seeded.databasePath))) {
          copyFileSync(join(dirname(seeded.databasePath), file), join(dir, file));
        }
      } finally {
        await seeded.stop();
      }
    } catch (error) {
      say({ failed: String(error) });
      return null;
    }
    say({ day });
    return { dir, day };
  })();
  const seeded = await sample;
  return seeded && dayOf(clockOffsetSeconds) === seeded.day ? seeded.dir : null;
}

/** Debian's chromium, headless, with the flags this closed network needs and a throw-away profile. */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      "Chromium is missing: run `apt-get update && apt-get install -y chromium` (npm test does it as root).",
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Two contexts stand for two devices on two desks: neither may be throttled as a hidden tab.
      "--disable-background-timer-throttling",
      "--disable-renderer-backgrounding",
      "--disable-backgrounding-occluded-windows",
    ],
  });
  return {
    browser,
    // chromium.launch() makes its own fresh profile folder and removes it on close.
    close: () => browser.close(),
  };
}

/**
 * Answers an in-page question (issue #14: popovers, never the browser's confirm()) that the button
 * just clicked opened, with its button `name`.
 */
/** The origin under which `serveAppWithoutScript` answers a page from the in-process test app. */
export const IN_PROCESS = "http://tn.test";

/**
 * Answers every request of `page` under IN_PROCESS from the in-process test app as `client` (its
 * login and cookies): the pages with their CSS and fonts, but no script (htmx would poll the app).
 * Returns the paths of the requests other than GET, as they come (a form the page should not send).
 */
export async function serveAppWithoutScript(page: Page, client: Pick<Client, "get">): Promise<string[]> {
  const sent: string[] = [];
  await page.route(`${IN_PROCESS}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (route.request().method() !== "GET") sent.push(url.pathname);
    if (url.pathname.endsWith(".js")) return route.abort();
    const res = await client.get(url.pathname + url.search);
    await route.fulfill({
      status: res.status,
      contentType: res.headers.get("Content-Type") ?? "text/html",
      body: Buffer.from(await res.arrayBuffer()),
    });
  });
  return sent;
}

/**
 * The text of the first element matching `selector` as the page is now, "" when there is none; for
 * reads inside a poll. A locator's textContent() or getAttribute() waits up to Playwright's 30 s for
 * an element to appear: a poll that looked for the kiosk's "Người thứ 3 / 3" just as the review
 * replaced the last official waited the whole 30 s for an element that never came back, and the
 * resident's test seemed to wait for the review (walkthrough, 2 of 3 runs).
 */
export const textNow = (page: Page, selector: string): Promise<string> =>
  page.evaluate((s) => document.querySelector(s)?.textContent ?? "", selector);

/** The kiosk's screen now (its `data-screen`: "official", "review", …), null between screens; see textNow. */
export const screenNow = (kiosk: Page): Promise<string | null> =>
  kiosk.evaluate(() => document.querySelector("#kiosk [data-screen]")?.getAttribute("data-screen") ?? null);

export async function answerOnPage(page: Page, name: string | RegExp): Promise<void> {
  await page.locator("[popover]:popover-open").getByRole("button", { name }).click();
}

/**
 * A screenshot for people to look at (test-results/screenshots). Chromium under load now and then
 * answers "Unable to capture screenshot" for a page that is fine; that is retried, so a busy CI
 * machine does not fail a test over the picture rather than over what the page does.
 */
export async function screenshot(
  page: Page,
  options: NonNullable<Parameters<Page["screenshot"]>[0]>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot(options);
      return;
    } catch (error) {
      if (attempt >= 4 || !String(error).includes("Unable to capture screenshot")) throw error;
      await page.waitForTimeout(250 * attempt);
    }
  }
}

/**
 * A test file's real server (`startServer(env, before)`) and Chromium, started before its tests and
 * stopped after them. Read `.server` and `.browser` inside tests (before the hook ran they throw).
 */
export function serverAndBrowser(
  env: Record<string, string> = {},
  before?: (databasePath: string) => void,
  options: { freshSample?: boolean } = {},
): { readonly server: RunningServer; readonly browser: Awaited<ReturnType<typeof launchBrowser>> } {
  let server: RunningServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  beforeAll(async () => {
    server = await startServer(env, before, options);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error("the e2e server is not started yet");
      return server;
    },
    get browser() {
      if (!browser) throw new Error("the e2e browser is not started yet");
      return browser;
    },
  };
}
