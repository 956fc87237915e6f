// Child process for the crash tests: writes as fast as it can and prints each committed sequence
// number (the "acknowledged" line, printed only after the commit returned), until killed -9.
//   crash-writer.ts DB_PATH audit   — audit entries
//   crash-writer.ts DB_PATH ballots — a whole voting loop: check-in, ticket, cast
import { systemClock, vietnamDate } from "../../server/clock.ts";
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
      action: "test.write",
      subject: `mục ${i}`,
      details: { i },
    });
    process.stdout.write(`${entry.seq}\n`);
  }
}

const today = vietnamDate(systemClock.now());
const campaign = store.campaigns.create({
  code: "CRASH",
  name: "Thử mất điện",
  ruleSet: "qd96-2023",
  aggregator: "Ban Tổ chức",
  district: "Huyện",
  days: [today],
  onePer: "resident",
  minTurnoutPercent: null,
  smallPointThreshold: 5,
  isSample: false,
  createdAt: new Date().toISOString(),
});
store.db.run("UPDATE campaigns SET state = 'voting'");
const commune = store.campaigns.addCommune(campaign.id, { code: "A", name: "Xã A", mergedInto: "Xã B" });
store.campaigns.addOfficial(campaign.id, {
  code: "A-01",
  name: "Người A",
  position: "Chủ tịch",
  communeId: commune.id,
  displayOrder: 1,
});
const point = store.points.create(campaign.id, {
  code: "A-T1",
  name: "Thôn 1",
  communeId: commune.id,
  days: [today],
});
store.withTransaction(() =>
  store.rosters.replace(
    campaign.id,
    point.id,
    Array.from({ length: 20_000 }, (_, i) => ({
      sourceRow: i + 2,
      fullName: `Cử tri ${i}`,
      birthYear: 1960,
      gender: null,
      cccd: null,
      householdCode: null,
      relation: null,
      village: null,
    })),
  ),
);
store.voting.openPointDay(point.id, today, new Date().toISOString(), "crash-test");
store.voting.createKiosk("k1", "hash", "000000", new Date().toISOString(), new Date().toISOString());
store.voting.pair("k1", point.id, "Máy 1", new Date().toISOString(), "crash-test");
const fresh = store.campaigns.byId(campaign.id);
if (!fresh) throw new Error("campaign vanished");
const entries = store.db.query<{ id: number }, []>("SELECT id FROM roster_entries ORDER BY id").all();
process.stdout.write("ready\n");
for (let i = 0; i < entries.length; i++) {
  const issued = issueBallot(store, systemClock, "crash-test", fresh, point, entries[i]?.id ?? 0, "k1");
  if (!issued.ok) throw new Error(issued.error.message);
  const ticket = store.voting.ticketForKiosk("k1");
  const cast = castBallot(store, "k1", ticket?.id ?? "", { "m.A-01": i % 2 === 0 ? "high" : "low" });
  if (!cast.ok) throw new Error(cast.error.message);
  // "đã ghi nhận": printed only after the commit returned.
  process.stdout.write(`${i + 1}\n`);
}
