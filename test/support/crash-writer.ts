// Child process for the crash tests: writes as fast as it can and prints each committed sequence
// number (the "acknowledged" line, printed only after the commit returned), until killed -9.
//   crash-writer.ts DB_PATH audit   — audit entries
//   crash-writer.ts DB_PATH ballots — a whole voting loop: check-in, ticket, cast
import { votingFixture } from "../../scripts/voting-fixture.ts";
import { systemClock } from "../../server/clock.ts";
import { Store } from "../../server/db/store.ts";
import { castBallot, issueBallot } from "../../server/services/voting.ts";

const [path, mode = "audit"] = process.argv.slice(2);
if (!path) throw new Error("usage: crash-writer.ts DB_PATH [audit|ballots]");
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

const { campaign, point, kiosks } = await votingFixture(store, {
  code: "CRASH",
  officials: 1,
  roster: 20_000,
  kiosks: 1,
});
const entries = store.db.query<{ id: number }, []>("SELECT id FROM roster_entries ORDER BY id").all();
const kioskId = kiosks[0]?.id ?? "";
const deps = { store, clock: systemClock };
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
