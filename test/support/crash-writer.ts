// Child process for the crash tests: writes as fast as it can and prints each committed sequence
// number (the "acknowledged" line, printed only after the commit returned), until killed -9.
//   crash-writer.ts DB_PATH audit   — audit entries
//   crash-writer.ts DB_PATH ballots — a whole voting loop: check-in, ticket, cast
//   crash-writer.ts DB_PATH close   — 12 open points with ballots, closed one after another
//   crash-writer.ts DB_PATH sign    — 12 closed points, each signed by its two officers in turn
import { votingFixture } from "../../scripts/voting-fixture.ts";
import { Store } from "../../server/db/store.ts";
import { SYSTEM_ACTOR } from "../../server/domain/audit.ts";
import { vietnamDate } from "../../server/domain/calendar.ts";
import { buildScenario, oneDayTrial } from "../../server/scenario-builder.ts";
import { closePointDay } from "../../server/services/close.ts";
import { signMinutes } from "../../server/services/minutes.ts";
import { castBallot, issueBallot } from "../../server/services/voting.ts";
import { testClock } from "./clock.ts";

const [path, mode = "audit"] = process.argv.slice(2);
if (!path) throw new Error("usage: crash-writer.ts DB_PATH [audit|ballots|close|sign]");
const store = Store.open(path);

if (mode === "audit") {
  for (let i = 0; ; i++) {
    const entry = store.audit.append({
      at: new Date().toISOString(),
      actor: "crash-test",
      action: "scenario.load",
      subject: `mục ${i}`,
      details: { i },
    });
    process.stdout.write(`${entry.seq}\n`);
  }
}

if (mode === "close" || mode === "sign") {
  const deps = { store, clock: testClock };
  const today = vietnamDate(testClock.now());
  const built = await buildScenario(
    deps,
    SYSTEM_ACTOR,
    {
      ...oneDayTrial("CRASH", "Đợt thử sập nguồn", today),
      officials: Array.from({ length: 6 }, (_, i) => ({
        code: `CB-${i + 1}`,
        name: `Cán Bộ ${i + 1}`,
        position: "Cán bộ xã",
        commune: "X1",
      })),
      points: Array.from({ length: 12 }, (_, p) => ({
        code: `C${p + 1}`,
        name: `Thôn ${p + 1}`,
        commune: "X1",
        day: today,
        roster: 40,
        officers: [
          { name: "Tổ Trưởng", role: "Tổ trưởng" as const },
          { name: "Thư Ký", role: "Thư ký" as const },
        ],
        ballots: [{ count: 30, marks: { "CB-1": "high" as const, "CB-2": "low" as const } }],
      })),
    },
    {
      until: "voting",
      officers: {
        password: "crash-password",
        mustChangePassword: false,
        seal: { kdf: { name: "scrypt", N: 1024, r: 8, p: 1 } },
      },
    },
  );
  if (!built.ok) throw new Error(built.error.message);
  const { campaign, points, officers } = built.value;
  const close = (pointId: number) => {
    const closed = closePointDay(deps, SYSTEM_ACTOR, { campaignId: campaign.id, pointId });
    if (!closed.ok) throw new Error(closed.error.message);
  };
  if (mode === "sign") for (const p of points) close(p.id);
  process.stdout.write("ready\n");
  let acknowledged = 0;
  for (const p of points) {
    if (mode === "close") {
      close(p.id);
      process.stdout.write(`${++acknowledged}\n`);
      continue;
    }
    for (const o of officers.filter((o) => o.pointCode === p.code)) {
      const signed = await signMinutes(deps, SYSTEM_ACTOR, {
        userId: o.userId,
        pointId: p.id,
        day: today,
        password: "crash-password",
      });
      if (!signed.ok) throw new Error(signed.error.message);
      process.stdout.write(`${++acknowledged}\n`);
    }
  }
  await Bun.sleep(60_000);
}

const { campaign, point, kiosks } = await votingFixture(store, {
  code: "CRASH",
  officials: 1,
  roster: 20_000,
  kiosks: 1,
  clock: testClock,
});
const entries = store.db.query<{ id: number }, []>("SELECT id FROM roster_entries ORDER BY id").all();
const kioskId = kiosks[0]?.id ?? "";
const deps = { store, clock: testClock };
const actor = { name: "crash-test", address: null };
process.stdout.write("ready\n");
for (let i = 0; i < entries.length; i++) {
  const rosterEntryId = entries[i]?.id ?? 0;
  const issued = issueBallot(deps, actor, { campaign, point, rosterEntryId, kioskId });
  if (!issued.ok) throw new Error(issued.error.message);
  const ticket = store.tickets.forKiosk(kioskId);
  // For the test only: the ticket id, so it can look for it in the files after the kill.
  process.stdout.write(`t ${ticket?.id ?? ""}\n`);
  const cast = castBallot(deps, actor, {
    kioskId,
    ticketId: ticket?.id ?? "",
    form: { "m.A-01": i % 2 === 0 ? "high" : "low" },
  });
  if (!cast.ok) throw new Error(cast.error.message);
  // "đã ghi nhận": printed only after the commit returned.
  process.stdout.write(`${i + 1}\n`);
}
