// Close-of-day speed (issue #10 §7): a point of 3,000 ballots × 20 officials — close (tally,
// reconciliation, JCS, commitments, the secrecy sweep), the PDF, two signatures, and the
// independent verification of the signed minutes.
//   bun scripts/bench-close.ts [--ballots 3000] [--officials 20]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { systemClock } from "../server/clock.ts";
import { verifyMinutes } from "../server/crypto/verify-minutes.ts";
import { signedDocument } from "../server/db/minutes-repo.ts";
import { Store } from "../server/db/store.ts";
import { teamIssuerOf } from "../server/domain/aggregate.ts";
import { SYSTEM_ACTOR } from "../server/domain/audit.ts";
import { toMinutesPdfModel } from "../server/domain/minutes.ts";
import type { MinutesDocument } from "../server/domain/minutes-document.ts";
import { resolveRuleSet } from "../server/domain/setup.ts";
import { renderMinutesPdf } from "../server/pdf/minutes-pdf.ts";
import { closePointDay } from "../server/services/close.ts";
import { signMinutes } from "../server/services/minutes.ts";
import { castBallot, issueBallot } from "../server/services/voting.ts";
import { votingFixture } from "./voting-fixture.ts";

/** Times one point's close of `ballots` ballots × `officials` officials, its PDF and verification. */
export async function benchClose(options: { ballots: number; officials: number }): Promise<{
  closeMs: number;
  pdfMs: number;
  verifyMs: number;
}> {
  const BALLOTS = options.ballots;
  const dir = mkdtempSync(join(tmpdir(), "tn-bench-close-"));
  const store = Store.open(join(dir, "bench.sqlite"));
  const deps = { store, clock: systemClock };
  const { campaign, point, officialCodes, kiosks, officers } = await votingFixture(store, {
    code: "CLOSE",
    officials: options.officials,
    roster: BALLOTS,
    kiosks: 1,
    password: "bench-password",
  });
  const kioskId = kiosks[0]?.id ?? "";
  const entries = store.db.query<{ id: number }, []>("SELECT id FROM roster_entries ORDER BY id").all();
  const levels = ["high", "medium", "low", ""];
  for (const [i, entry] of entries.entries()) {
    // The kiosk "polls" (issuing refuses a kiosk unseen for 15 s; a loaded machine fills slowly).
    if (i % 200 === 0) store.voting.touchKiosk(kioskId, new Date().toISOString());
    const issued = issueBallot(deps, SYSTEM_ACTOR, { campaign, point, rosterEntryId: entry.id, kioskId });
    if (!issued.ok) throw new Error(issued.error.message);
    const form: Record<string, string> = { confirmBlank: "1" };
    for (const [d, code] of officialCodes.entries()) {
      const level = levels[(i * 7 + d * 3) % 4] ?? "";
      if (level) form[`m.${code}`] = level;
    }
    const cast = castBallot(deps, SYSTEM_ACTOR, {
      kioskId,
      ticketId: store.tickets.forKiosk(kioskId)?.id ?? "",
      form,
    });
    if (!cast.ok) throw new Error(cast.error.message);
  }

  const time = async <T>(f: () => T | Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const value = await f();
    return [value, performance.now() - start];
  };
  const [closed, closeMs] = await time(() =>
    closePointDay(deps, SYSTEM_ACTOR, { campaignId: campaign.id, pointId: point.id }),
  );
  if (!closed.ok) throw new Error(closed.error.message);
  const ruleSet = resolveRuleSet(campaign.ruleSet);
  if (!ruleSet.ok) throw new Error(ruleSet.error.message);
  const [, pdfMs] = await time(() =>
    renderMinutesPdf(
      toMinutesPdfModel(signedDocument(closed.value.minutes) as MinutesDocument, {
        issuer: teamIssuerOf(campaign.aggregator, point.name),
        communeName: "Xã A",
        newCommuneName: "Xã B",
        ruleSet: ruleSet.value,
        checks: closed.value.minutes.checks,
      }),
    ),
  );
  for (const o of officers.slice(0, 2)) {
    const signed = await signMinutes(deps, SYSTEM_ACTOR, {
      userId: o.userId,
      pointId: point.id,
      day: closed.value.minutes.day,
      password: "bench-password",
    });
    if (!signed.ok) throw new Error(signed.error.message);
  }
  const stored = store.minutes.current(point.id, closed.value.minutes.day);
  if (!stored) throw new Error("no minutes");
  const doc = signedDocument(stored);
  const keys = new Map(officers.map((o) => [o.username, o.publicKey]));
  await verifyMinutes(doc, { registeredKeys: keys }); // warm
  const runs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const [verified, ms] = await time(() => verifyMinutes(doc, { registeredKeys: keys }));
    if (!verified.ok) throw new Error(verified.error.message);
    runs.push(ms);
  }
  runs.sort((a, b) => a - b);
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return { closeMs, pdfMs, verifyMs: runs[Math.floor(runs.length / 2)] ?? 0 };
}
if (import.meta.main) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { ballots: { type: "string", default: "3000" }, officials: { type: "string", default: "20" } },
  });
  const BALLOTS = Number(values.ballots);
  const { closeMs, pdfMs, verifyMs } = await benchClose({
    ballots: BALLOTS,
    officials: Number(values.officials),
  });
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  process.stdout.write(
    `${[
      `close of ${BALLOTS} ballots × ${values.officials} officials (sweep, tally, JCS, commitments): ${fmt(closeMs)}`,
      `minutes PDF: ${fmt(pdfMs)}  → close + PDF ${fmt(closeMs + pdfMs)} (target < 1 s)`,
      `verify one signed minutes (median of 20): ${fmt(verifyMs)} (target < 50 ms)`,
    ].join("\n")}\n`,
  );
}
