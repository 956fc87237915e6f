// Loads a scenario file (DESIGN §6) into a fresh database up to the stamped state.
//   bun scripts/seed.ts --scenario FILE [--db PATH] [--sample]
// An invalid file is refused with one line per problem, naming its path in the file, and a
// non-zero exit; nothing is written.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { systemClock } from "../server/clock.ts";
import { Store } from "../server/db/store.ts";
import { SYSTEM_ACTOR } from "../server/domain/audit.ts";
import { parseScenario, seedScenario } from "../server/seed.ts";
import { readCommandLine } from "./command-line.ts";

const USAGE = "Cách dùng: bun scripts/seed.ts --scenario TỆP.json [--db ĐƯỜNG_DẪN] [--sample]";
const { values } = readCommandLine(
  {
    args: process.argv.slice(2),
    options: {
      scenario: { type: "string" },
      db: { type: "string", default: "./data/tin-nhiem.sqlite" },
      sample: { type: "boolean", default: false },
    },
  },
  USAGE,
  "--scenario TỆP.json",
);

function fail(lines: string[]): never {
  process.stderr.write(`${lines.join("\n")}\n`);
  process.exit(1);
}

if (!values.scenario) fail([USAGE]);
const dbPath = values.db ?? "./data/tin-nhiem.sqlite";
let json: unknown;
try {
  json = JSON.parse(readFileSync(values.scenario, "utf8"));
} catch (e) {
  fail([`Không đọc được ${values.scenario}: ${e instanceof Error ? e.message : String(e)}`]);
}
const scenario = parseScenario(json);
if (!scenario.ok)
  fail([`Tệp kịch bản ${values.scenario} không hợp lệ:`, ...scenario.error.map((l) => `  ${l}`)]);
if (existsSync(dbPath)) fail([`Đã có cơ sở dữ liệu ${dbPath}; chỉ nạp kịch bản vào cơ sở dữ liệu mới.`]);

const store = Store.open(dbPath);
try {
  const seeded = await seedScenario({ store, clock: systemClock }, SYSTEM_ACTOR, {
    scenario: scenario.value,
    sample: values.sample ?? false,
    onProgress: (m) => process.stdout.write(`${m}\n`),
  });
  if (!seeded.ok) throw new Error(seeded.error.message);
  store.close();
  process.stdout.write(
    `Đã nạp ${values.scenario} vào ${dbPath} (${seeded.value.length} tài khoản, đã đóng dấu).\n`,
  );
} catch (e) {
  store.close();
  // A half-loaded database is worse than none: remove it so the next run starts clean.
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${dbPath}${suffix}`, { force: true });
  fail([`Không nạp được kịch bản: ${e instanceof Error ? e.message : String(e)}`]);
}
