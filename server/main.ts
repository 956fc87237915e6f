import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createApp } from "./app.ts";
import { systemClock } from "./clock.ts";
import { loadConfig } from "./config.ts";
import { MigrationError } from "./db/migrate.ts";
import { Store } from "./db/store.ts";
import { SYSTEM_ACTOR } from "./domain/audit.ts";
import { jsonLogger } from "./logger.ts";
import { type DemoLogin, parseScenario, seedScenario } from "./seed.ts";
import { prepareDemo } from "./services/demo.ts";
import { startSecrecySweep } from "./services/sweep.ts";

/** The committed copy of the sample campaign (shared/scenarios/demo.json). */
export const DEMO_SCENARIO_PATH = fileURLToPath(new URL("../scripts/scenarios/demo.json", import.meta.url));

function fatal(message: string): never {
  process.stderr.write(`\n✖ ${message}\n\n`);
  process.exit(1);
}

const config = loadConfig(process.env);
if (!config.ok) fatal(`Cấu hình không hợp lệ:\n${config.error}`);

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
const demo = prepareDemo({ store, clock: systemClock }, { demo: config.value.DEMO, fresh });
if (config.value.DEMO && !demo.demoDatabase) {
  process.stdout.write(
    "Cơ sở dữ liệu này không được tạo ở chế độ dữ liệu mẫu nên không nạp dữ liệu mẫu (DEMO chỉ áp dụng cho cơ sở dữ liệu mới).\n",
  );
}
if (demo.seed) {
  const scenario = parseScenario(JSON.parse(readFileSync(DEMO_SCENARIO_PATH, "utf8")));
  if (!scenario.ok) fatal(`Tệp dữ liệu mẫu không hợp lệ:\n${scenario.error.join("\n")}`);
  process.stdout.write("Đang nạp đợt lấy phiếu mẫu lần đầu…\n");
  const seeded = await seedScenario({ store, clock: systemClock }, SYSTEM_ACTOR, {
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

const logger = jsonLogger();
const app = createApp({ store, clock: systemClock, config: config.value, logger });
// Before serving: a run that crashed between sweeps left the order of its last ballots in the file.
const sweep = startSecrecySweep(store, logger);
sweep.sweepNow();

const server = Bun.serve({
  port: config.value.PORT,
  hostname: config.value.HOST,
  // A held kiosk poll (POLL_HOLD_SECONDS) must outlive Bun's default 10 s idle cut-off.
  idleTimeout: Math.min(255, config.value.POLL_HOLD_SECONDS + 30),
  fetch: (req, srv) => app.fetch(req, { ip: srv.requestIP(req)?.address }),
});

const url = `http://${config.value.HOST}:${server.port}`;
const lines = [
  "",
  `Tín Nhiệm đang chạy tại ${url}`,
  `Máy ghi phiếu (máy tính bảng của cử tri) mở: ${config.value.PUBLIC_URL ?? url}/kiosk`,
  `Cơ sở dữ liệu: ${config.value.DATABASE_PATH} (phiếu ở tệp riêng bên cạnh, *-ballots.sqlite)`,
];
if (logins.length > 0) {
  lines.push(
    "",
    `Đã nạp đợt lấy phiếu mẫu. Tài khoản dùng thử (mật khẩu chung: ${logins[0]?.password ?? ""}):`,
  );
  for (const login of logins.filter((l) => l.role === "board" || l.username.endsWith("-1"))) {
    lines.push(`  ${login.username.padEnd(12)} ${login.note}`);
  }
  lines.push("  (mỗi điểm có ba tài khoản tổ công tác: <mã điểm>-1, -2, -3)");
} else if (store.campaigns.current()?.isSample) {
  // Only for the sample campaign: a real database never gets its logins printed.
  lines.push(
    "",
    "Đợt lấy phiếu mẫu đã có sẵn; tài khoản dùng thử: bantochuc và <mã điểm>-1/2/3, mật khẩu tinnhiem-demo.",
  );
}
process.stdout.write(`${lines.join("\n")}\n\n`);

const shutdown = () => {
  sweep.stop();
  server.stop();
  // The ballots of the last minutes before a stop are swept too (DESIGN §5).
  sweep.sweepNow();
  store.close();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
