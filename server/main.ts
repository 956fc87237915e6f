import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createApp } from "./app.ts";
import { type Clock, offsetClock, systemClock } from "./clock.ts";
import { loadConfig } from "./config.ts";
import { dummyPasswordHash } from "./crypto/password.ts";
import { MigrationError } from "./db/migrate.ts";
import { Store } from "./db/store.ts";
import { SYSTEM_ACTOR } from "./domain/audit.ts";
import { formatDateTime, vietnamDate } from "./domain/calendar.ts";
import { kioskAddress, lanAddresses, localUrl } from "./http/kiosk-address.ts";
import { jsonLogger } from "./logger.ts";
import { type DemoLogin, parseScenario, seedScenario } from "./seed.ts";
import { prepareDemo } from "./services/demo.ts";
import { startSecrecySweep } from "./services/sweep.ts";
import { prepareCampaignSpeech, speechFromConfig } from "./speech/speech.ts";
import { sampleBoardAccounts, startupCampaign, startupText } from "./startup-text.ts";

/** The committed copy of the sample campaign (shared/scenarios/demo.json). */
export const DEMO_SCENARIO_PATH = fileURLToPath(new URL("../scripts/scenarios/demo.json", import.meta.url));

function fatal(message: string): never {
  process.stderr.write(`\n✖ ${message}\n\n`);
  process.exit(1);
}

const config = loadConfig(process.env);
if (!config.ok) fatal(`Cấu hình không hợp lệ:\n${config.error}`);

// A moved clock (tests and the simulator only; refused in production) is said loudly, on stderr, so
// nobody mistakes such a server for a real one.
const offsetSeconds = config.value.CLOCK_OFFSET_SECONDS ?? 0;
const clock: Clock = offsetSeconds === 0 ? systemClock : offsetClock(offsetSeconds * 1000);
if (offsetSeconds !== 0) {
  // In Vietnam time, as every page shows it: the day the server believes it is, not a UTC evening.
  const shown = formatDateTime(clock.now().toISOString());
  process.stderr.write(
    `\n⚠ ĐỒNG HỒ GIẢ (CLOCK_OFFSET_SECONDS=${offsetSeconds}): máy chủ lệch ${offsetSeconds > 0 ? "+" : ""}${offsetSeconds} giây so với giờ của máy, giờ máy chủ là ${shown} (giờ Việt Nam).\n` +
      "  Chỉ dùng để chạy thử hoặc mô phỏng; không bao giờ dùng cho một đợt lấy phiếu thật.\n\n",
  );
}

// A database made now (no file yet, or an empty one) may become a demo; an existing one never does.
const fresh = !existsSync(config.value.DATABASE_PATH) || statSync(config.value.DATABASE_PATH).size === 0;

let store: Store;
try {
  store = Store.open(config.value.DATABASE_PATH);
} catch (e) {
  if (e instanceof MigrationError) fatal(e.message);
  fatal(
    `Không mở được cơ sở dữ liệu ${config.value.DATABASE_PATH}: ${e instanceof Error ? e.message : String(e)}`,
  );
}

let logins: DemoLogin[] = [];
const demo = prepareDemo({ store, clock }, { demo: config.value.DEMO, fresh });
if (config.value.DEMO && !demo.demoDatabase) {
  process.stdout.write(
    "Cơ sở dữ liệu này không được tạo ở chế độ dữ liệu mẫu nên không nạp dữ liệu mẫu (DEMO chỉ áp dụng cho cơ sở dữ liệu mới).\n",
  );
}
if (demo.seed) {
  const scenario = parseScenario(JSON.parse(readFileSync(DEMO_SCENARIO_PATH, "utf8")));
  if (!scenario.ok) fatal(`Tệp dữ liệu mẫu không hợp lệ:\n${scenario.error.join("\n")}`);
  process.stdout.write("Đang nạp đợt lấy phiếu mẫu lần đầu…\n");
  const seeded = await seedScenario({ store, clock }, SYSTEM_ACTOR, {
    scenario: scenario.value,
    sample: true,
    // The sample accounts share a published password, so a memory-hard KDF protects nothing here;
    // PBKDF2-SHA-256 at 600,000 iterations keeps the first start quick. Real officers get scrypt.
    seal: { kdf: { name: "PBKDF2-SHA-256", iterations: 600_000 } },
    // On a terminal the progress line rewrites itself; in a log file each step is a line.
    onProgress: (m) => process.stdout.write(`  ${m}${process.stdout.isTTY ? "\r" : "\n"}`),
  });
  if (!seeded.ok) fatal(seeded.error.message);
  logins = seeded.value;
}

// One format per stream: people read stdout (the start-up text below), machines read stderr (JSON lines).
const logger = jsonLogger((line) => process.stderr.write(`${line}\n`));
const speech = speechFromConfig(config.value, logger);
const app = createApp({ store, clock, config: config.value, logger, speech });
// Before serving: a run that crashed between sweeps left the order of its last ballots in the file.
const sweep = startSecrecySweep(store, logger);
// Made now, before anyone logs in: otherwise the first unknown name's login would make it as well as
// check against it, and take longer than a wrong password (services/accounts.ts).
void dummyPasswordHash();
sweep.sweepNow();

const server = Bun.serve({
  port: config.value.PORT,
  hostname: config.value.HOST,
  // A held kiosk poll (POLL_HOLD_SECONDS) must outlive Bun's default 10 s idle cut-off.
  idleTimeout: Math.min(255, config.value.POLL_HOLD_SECONDS + 30),
  fetch: (req, srv) => app.fetch(req, { ip: srv.requestIP(req)?.address }),
});

// A stamped campaign whose audio files are missing (a new database, a crash during the first run,
// another voice configured): made in the background, the server answers meanwhile.
void prepareCampaignSpeech({ store, speech });

const port = server.port ?? config.value.PORT;
process.stdout.write(
  startupText({
    localUrl: localUrl(config.value.HOST, port),
    publicUrl: config.value.PUBLIC_URL ?? null,
    kiosk: kioskAddress({
      publicUrl: config.value.PUBLIC_URL,
      listenHost: config.value.HOST,
      port,
      lan: lanAddresses(),
    }),
    databasePath: config.value.DATABASE_PATH,
    speech: speech
      ? `Âm thanh hướng dẫn (giọng ${speech.settings.voice}): ${speech.settings.dir}`
      : "Âm thanh hướng dẫn: tắt (SPEECH=0)",
    today: vietnamDate(clock.now()),
    campaign: startupCampaign(store, vietnamDate(clock.now())),
    logins,
    sampleAlready: logins.length === 0 && (store.campaigns.current()?.isSample ?? false),
    sampleBoard: sampleBoardAccounts(store),
    demoRefused: config.value.DEMO && !demo.demoDatabase,
  }),
);

const shutdown = () => {
  sweep.stop();
  server.stop();
  // The last minutes before a stop are swept too (DESIGN §5). On a district's database this
  // rebuilds a file of a hundred megabytes or more, seconds of work: said, so that whoever stops the
  // server waits for it rather than killing it (a kill leaves the sweep to the next start, which
  // sweeps before it answers).
  process.stdout.write("Đang dừng: dọn cơ sở dữ liệu, có thể mất vài giây…\n");
  sweep.sweepNow();
  store.close();
  process.stdout.write("Đã dừng.\n");
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
