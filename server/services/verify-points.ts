import { canonicalJson, sha256Hex } from "../crypto/digest.ts";
import { verifyMinutes } from "../crypto/verify-minutes.ts";
import { type StoredMinutes, signedDocument, storedMinutesHash } from "../db/minutes-repo.ts";
import type { StoredVerification } from "../db/results-repo.ts";
import type { Store } from "../db/store.ts";
import type { Actor } from "../domain/audit.ts";
import type { Campaign } from "../domain/campaign.ts";
import { formatCount } from "../domain/format.ts";
import { ballotsCommitment, minutesDigest } from "../domain/minutes.ts";
import type { MinutesDocument } from "../domain/minutes-document.ts";
import { fail, ok, type Refusal, type Result } from "../domain/result.ts";
import { ballotFor, configCommitment, LEADER_ROLE, type Point, rosterCommitment } from "../domain/setup.ts";
import { evaluateTally, tallyBallots } from "../domain/tally.ts";
import { citeRuleSet, denominatorWords, type RuleSet, ruleSetById } from "../domain/threshold.ts";
import {
  check,
  compareTally,
  type KeyRegistration,
  keyInForce,
  outcomeOf,
  type VerificationCheck,
} from "../domain/verification.ts";
import { rosterBallots, rosterUnitOfVersion } from "../domain/voting.ts";
import { record, type ServiceDeps } from "./deps.ts";
import { loadSetupModel } from "./setup.ts";
import { isMinutesComplete, requiredSigners } from "./signers.ts";

/**
 * A rule set named in a document, as people read it (the board reads these details on the minutes
 * page): the campaign's own or a built-in one by its citation, never by its code; one this version
 * does not know by what the document says.
 */
const ruleSetWords = (id: string, campaign: RuleSet): string => {
  if (id === campaign.id) return citeRuleSet(campaign);
  const known = ruleSetById(id);
  return known.ok ? citeRuleSet(known.value) : `quy định “${id}”`;
};

/**
 * Kiểm tra (issue #11 §2): every complete (signed) current minutes checked against the store —
 * signatures against the officers' registered keys, the stored bytes and their digest, the
 * commitments recomputed from the stored configuration, roster, ballots and previous minutes, the
 * counts, and the tallies recomputed from the ballots — each outcome stored (append-only, migration
 * 0013) with an audit entry. Runs by itself when minutes become complete (services/minutes.ts) and
 * on demand for all ("Kiểm tra tất cả"). The reading and hashing happen before the write
 * transaction; inside it, minutes that changed meanwhile (reopened, signed again) are skipped.
 */

/** What every check of a campaign's minutes shares, read once. */
type Context = {
  campaign: Campaign;
  ruleSet: RuleSet;
  /** The configuration digest recomputed now from the stored set-up. */
  configNow: string;
  officials: ReturnType<Store["campaigns"]["officials"]>;
  registrations: KeyRegistration[];
  currentKeys: Map<string, string>;
};

const KEY_ACTIONS = ["officer.create", "officer.key.rotate", "officer.reset"] as const;

function loadContext(store: Store): Result<Context, Refusal<"no_campaign" | "not_stamped">> {
  const campaign = store.campaigns.current();
  if (!campaign) return fail("no_campaign", "Chưa có đợt lấy phiếu.");
  const model = loadSetupModel(store, campaign);
  if (!model.ok || !campaign.configDigest) {
    return fail("not_stamped", "Đợt lấy phiếu chưa được đóng dấu hoặc quy định áp dụng bị hỏng.");
  }
  // The registry of officer keys: every key an officer was given, when (audit log, hash-chained).
  const registrations = store.audit
    .byActions(KEY_ACTIONS)
    .flatMap((e): KeyRegistration[] =>
      typeof e.details["publicKey"] === "string"
        ? [{ officer: e.subject, publicKey: e.details["publicKey"], at: e.at }]
        : [],
    );
  return ok({
    campaign,
    ruleSet: model.value.ruleSet,
    configNow: configCommitment(model.value),
    officials: model.value.officials,
    registrations,
    currentKeys: new Map(store.officers.list().map((o) => [o.username, o.publicKey])),
  });
}

/** The signed document as it stood at an instant: the signatures gathered by then. */
function _digestAt(m: StoredMinutes, at: string): string {
  const doc = signedDocument({ ...m, signatures: m.signatures.filter((s) => s.signedAt <= at) });
  return minutesDigest(doc as MinutesDocument);
}

/**
 * What `commitments.previous` had to be when these minutes were built (services/close.ts
 * `digestOfStored`: the SHA-256 of the previous minutes' unsigned canonical bytes, stable under later
 * signatures): for a reopened version, the superseded one; for version 1, the point's latest current
 * minutes of an earlier day at that moment; null on the point's first day.
 */
function expectedPrevious(all: readonly StoredMinutes[], m: StoredMinutes): string | null | undefined {
  if (m.version > 1) {
    const before = all.find((x) => x.day === m.day && x.version === m.version - 1);
    return before ? before.signingDigest : undefined;
  }
  let found: StoredMinutes | null = null;
  for (const x of all) {
    const currentThen =
      x.day < m.day &&
      x.createdAt <= m.createdAt &&
      (x.supersededAt === null || x.supersededAt > m.createdAt);
    if (currentThen && (!found || x.day > found.day || (x.day === found.day && x.version > found.version)))
      found = x;
  }
  return found ? found.signingDigest : null;
}

const short = (digest: string | null | undefined): string =>
  digest ? `${digest.slice(0, 16)}…` : digest === null ? "không có" : "không xác định";

/**
 * Every check of one minutes version, in order, and the document's digest. Stored minutes that no
 * longer parse (the database's triggers forbid editing them, so only someone working on the file
 * itself could do this) are one failed `document` check, not a crash of the whole "Kiểm tra".
 */
async function checkMinutes(
  store: Store,
  ctx: Context,
  point: Point,
  m: StoredMinutes,
): Promise<{ checks: VerificationCheck[]; digest: string }> {
  try {
    return await runChecks(store, ctx, point, m);
  } catch (e) {
    return {
      checks: [
        check(
          "document",
          false,
          `Biên bản lưu trữ không đọc được: ${e instanceof Error ? e.message : String(e)}.`,
        ),
      ],
      digest: sha256Hex(m.document),
    };
  }
}

async function runChecks(
  store: Store,
  ctx: Context,
  point: Point,
  m: StoredMinutes,
): Promise<{ checks: VerificationCheck[]; digest: string }> {
  const checks: VerificationCheck[] = [];
  const signed = signedDocument(m) as MinutesDocument;

  // 1. Signatures, each against the key registered to its officer when they signed.
  const registered = new Map<string, string>();
  for (const s of m.signatures) {
    const key = keyInForce(ctx.registrations, s.officer, s.signedAt) ?? ctx.currentKeys.get(s.officer);
    if (key !== undefined) registered.set(s.officer, key);
  }
  const verified = await verifyMinutes(signed, {
    registeredKeys: registered,
    requiredSigners: ctx.campaign.requiredSigners,
  });
  // A document with no canonical form has no minutes digest: name it by its stored bytes instead.
  const digest = verified.ok
    ? verified.value.digest
    : (verified.error.digest ?? sha256Hex(JSON.stringify(signed)));
  if (!verified.ok) {
    checks.push(check("signatures", false, `${verified.error.code}: ${verified.error.message}`));
  } else {
    // verifyMinutes has checked the number of signers and the Tổ trưởng among them.
    checks.push(
      check(
        "signatures",
        true,
        `${verified.value.signers.length} chữ ký hợp lệ với khóa đã đăng ký (${verified.value.signers.join(", ")}), có ${LEADER_ROLE}.`,
      ),
    );
  }

  // 1b. The signed numbers add up (DESIGN §4 step 3): issued ≤ roster, collected ≤ issued, not
  // collected = issued − collected, every official's marks = collected, denominator and band. The
  // close shows a failed reconciliation and lets the team sign what it found; what the officers
  // signed is kept, but it never counts as checked: a stuffed box (more ballots than tickets) or a
  // lost mark must reach the board as a discrepancy, not as "Khớp".
  const arithmetic = verified.ok ? verified.value.reconciliation : verified.error.reconciliation;
  const unbalanced = arithmetic.find((c) => !c.ok);
  checks.push(
    check(
      "reconciliation",
      arithmetic.length > 0 && unbalanced === undefined,
      unbalanced !== undefined
        ? `Số liệu trong biên bản không khớp: ${unbalanced.detail}`
        : arithmetic.length === 0
          ? "Biên bản không đúng cấu trúc: không đối chiếu được số liệu."
          : "Số phiếu phát ra, thu về và số dấu của từng người khớp nhau; mức theo ngưỡng đúng.",
    ),
  );

  // 2. The stored bytes: canonical, hashed as recorded, and about this point-day.
  const unsigned = JSON.parse(m.document) as MinutesDocument;
  const canonical = canonicalJson(unsigned) === m.document;
  const hashed = sha256Hex(m.document) === m.signingDigest;
  const scope =
    unsigned.campaign.code === ctx.campaign.code &&
    unsigned.point.code === point.code &&
    unsigned.day === m.day;
  checks.push(
    check(
      "document",
      canonical && hashed && scope,
      !canonical
        ? "Biên bản lưu trữ không ở dạng chuẩn JCS."
        : !hashed
          ? "Mã SHA-256 lưu kèm biên bản khác mã tính lại từ nội dung biên bản."
          : !scope
            ? `Biên bản ghi đợt ${unsigned.campaign.code}, điểm ${unsigned.point.code}, ngày ${unsigned.day}: không phải của điểm ${point.code} ngày ${m.day}.`
            : `Biên bản ở dạng chuẩn JCS; mã ${short(digest)}.`,
    ),
  );

  // 3. The configuration as stored now, as stamped, and as the minutes committed to it.
  const ruleOk =
    unsigned.ruleSet.id === ctx.ruleSet.id && unsigned.ruleSet.denominator === ctx.ruleSet.denominator;
  checks.push(
    check(
      "config",
      ctx.configNow === ctx.campaign.configDigest && unsigned.commitments.config === ctx.configNow && ruleOk,
      ctx.configNow !== ctx.campaign.configDigest
        ? `Cấu hình đang lưu (${short(ctx.configNow)}) khác cấu hình đã đóng dấu (${short(ctx.campaign.configDigest)}).`
        : unsigned.commitments.config !== ctx.configNow
          ? `Biên bản cam kết cấu hình ${short(unsigned.commitments.config)}, cấu hình đã đóng dấu là ${short(ctx.configNow)}.`
          : !ruleOk
            ? `Biên bản áp dụng ${ruleSetWords(unsigned.ruleSet.id, ctx.ruleSet)} (tỉ lệ tính trên ${denominatorWords(unsigned.ruleSet.denominator)}), đợt áp dụng ${citeRuleSet(ctx.ruleSet)} (tỉ lệ tính trên ${denominatorWords(ctx.ruleSet.denominator)}).`
            : `Đúng cấu hình đã đóng dấu (${short(ctx.configNow)}), căn cứ ${citeRuleSet(ctx.ruleSet)}.`,
    ),
  );

  // 4. The roster: the version the minutes name is one the board recorded, with that many entries,
  // and the list as stored now is the latest recorded version.
  const versions = store.rosters.commitments(point.id);
  const named = versions.find((v) => v.digest === unsigned.commitments.roster);
  const latest = versions.at(-1);
  const rosterNow = rosterCommitment(point.code, store.rosters.list(point.id));
  // What that version allows: its entries, or its households when one ballot per household.
  const allowed = named ? rosterBallots(ctx.campaign.onePer, named) : 0;
  const unit = rosterUnitOfVersion(ctx.campaign.onePer, named);
  checks.push(
    check(
      "roster",
      named !== undefined && latest?.digest === rosterNow && allowed === unsigned.counts.roster,
      latest?.digest !== rosterNow
        ? `Danh sách đang lưu (${short(rosterNow)}) khác phiên bản đã ghi nhận gần nhất (${short(latest?.digest)}).`
        : named === undefined
          ? `Biên bản cam kết danh sách ${short(unsigned.commitments.roster)}, không phải phiên bản nào Ban Tổ chức đã ghi nhận.`
          : allowed !== unsigned.counts.roster
            ? `Biên bản ghi ${formatCount(unsigned.counts.roster)} ${unit} trong danh sách, phiên bản ${named.version} có ${formatCount(allowed)}.`
            : `Danh sách phiên bản ${named.version} (${formatCount(allowed)} ${unit}), đúng danh sách đang lưu.`,
    ),
  );

  // 5. The ballots as stored now, committed to order-free.
  const ballots = store.ballots.ballots(point.id, m.day);
  const ballotsNow = ballotsCommitment(
    { campaign: ctx.campaign.code, point: point.code, day: m.day },
    ballots,
  );
  checks.push(
    check(
      "ballots",
      ballotsNow === unsigned.commitments.ballots,
      ballotsNow === unsigned.commitments.ballots
        ? `${formatCount(ballots.length)} phiếu trong hòm phiếu đúng cam kết của biên bản.`
        : `Phiếu đang lưu trong hòm phiếu (${formatCount(ballots.length)} phiếu, ${short(ballotsNow)}) khác phiếu biên bản đã cam kết (${short(unsigned.commitments.ballots)}): phiếu đã bị sửa, thêm hoặc xóa sau khi kiểm phiếu.`,
    ),
  );

  // 6. The chain to the minutes before.
  const previous = expectedPrevious(store.minutes.ofPoint(point.id), m);
  checks.push(
    check(
      "previous",
      previous === unsigned.commitments.previous,
      previous === unsigned.commitments.previous
        ? previous === null
          ? "Biên bản đầu tiên của điểm: không có biên bản trước."
          : `Nối đúng với biên bản trước (${short(previous)}).`
        : `Biên bản ghi biên bản trước là ${short(unsigned.commitments.previous)}, theo dữ liệu lưu trữ phải là ${short(previous)}.`,
    ),
  );

  // 7. Counts: issued from the point-day's counter, collected from the ballot file (rows and counter).
  const record = store.voting.pointDay(point.id, m.day);
  const counter = store.ballots.collected(point.id, m.day);
  const issuedOk = record?.issued === unsigned.counts.issued;
  const collectedOk = unsigned.counts.collected === ballots.length && ballots.length === counter;
  checks.push(
    check(
      "counts",
      issuedOk && collectedOk,
      !issuedOk
        ? `Biên bản ghi ${formatCount(unsigned.counts.issued)} phiếu phát ra, số đếm của điểm là ${formatCount(record?.issued ?? 0)}.`
        : !collectedOk
          ? `Biên bản ghi ${formatCount(unsigned.counts.collected)} phiếu thu về; hòm phiếu có ${formatCount(ballots.length)} phiếu, số đếm ${formatCount(counter)}.`
          : `${formatCount(unsigned.counts.issued)} phiếu phát ra, ${formatCount(unsigned.counts.collected)} phiếu thu về: đúng số đang lưu.`,
    ),
  );

  // 8. The tallies recomputed from the ballots, through the same engine as at close.
  const ballot = ballotFor(point, ctx.officials).map((o) => ({
    code: o.code,
    name: o.name,
    position: o.position,
  }));
  const tally = tallyBallots(
    ballot.map((o) => o.code),
    ballots,
  );
  const results = tally.ok
    ? evaluateTally(
        tally.value,
        { roster: unsigned.counts.roster, issued: unsigned.counts.issued },
        ctx.ruleSet,
        ballot,
      )
    : tally;
  checks.push(
    results.ok
      ? compareTally(unsigned.officials, results.value)
      : check("tally", false, `Không tính lại được từ phiếu: ${results.error.message}`),
  );
  return { checks, digest };
}

/** The outcome of one check as stored and reported. */
export type PointVerification = {
  readonly point: string;
  readonly day: string;
  readonly minutesId: number;
  readonly outcome: "verified" | "discrepant";
  readonly failed: VerificationCheck | null;
  readonly checks: readonly VerificationCheck[];
  readonly digest: string;
};

type Checked = { point: Point; minutes: StoredMinutes; checks: VerificationCheck[]; digest: string };

/**
 * Whether a stored check still speaks for these minutes: it saw the same signatures and the same
 * stored bytes (`storedHash`, migration 0017; a check from before it compares the signed document's
 * digest). A later signature, or minutes rewritten in the database after the check, make it stale:
 * the point-day is "signed but not checked" on the progress page and out of the totals.
 */
export function checkStillHolds(
  m: StoredMinutes,
  v: StoredVerification | null | undefined,
): v is StoredVerification {
  if (!v || v.signatures !== m.signatures.length) return false;
  const stored = storedMinutesHash(m);
  if (v.storedHash !== null) return v.storedHash === stored;
  // A check from before migration 0017 (the table is append-only, so it is never given its hash):
  // the signed document's digest is compared, a re-canonicalisation too slow to repeat for every
  // point-day on every load, so its answer is remembered for these very bytes.
  // The answer depends only on these two: the digest the check saw and the bytes stored now.
  const key = `${v.minutesDigest} ${stored}`;
  const known = legacyAnswers.get(key);
  if (known !== undefined) return known;
  const holds = v.minutesDigest === minutesDigest(signedDocument(m) as MinutesDocument);
  if (legacyAnswers.size >= LEGACY_ANSWERS_MAX) legacyAnswers.clear();
  legacyAnswers.set(key, holds);
  return holds;
}

/** Answers of checkStillHolds for pre-0017 checks, by (checked digest, stored bytes' hash). */
const legacyAnswers = new Map<string, boolean>();
const LEGACY_ANSWERS_MAX = 20_000;

/**
 * Whether the board left this point-day out of the totals ("Không tính", excusePointDay). Its
 * minutes are never checked after that: a check would make them "verified", and verified minutes
 * are counted — the team's signatures would undo the board's decision (found by an attack,
 * 2026-12-01). The excusal refuses verified point-days, so excused ones are never counted.
 */
const isExcused = (store: Store, pointId: number, day: string): boolean =>
  store.results.excusal(pointId, day) !== null;

/**
 * Writes one outcome if the minutes are still current with the same signatures and the point-day
 * was not excused meanwhile; null otherwise.
 */
function recordOutcome(deps: ServiceDeps, actor: Actor, c: Checked): PointVerification | null {
  const { store, clock } = deps;
  if (isExcused(store, c.point.id, c.minutes.day)) return null;
  const fresh = store.minutes.current(c.point.id, c.minutes.day);
  if (!fresh || fresh.id !== c.minutes.id || fresh.signatures.length !== c.minutes.signatures.length)
    return null;
  const outcome = outcomeOf(c.checks);
  const row: Omit<StoredVerification, "id"> = {
    minutesId: c.minutes.id,
    signatures: c.minutes.signatures.length,
    minutesDigest: c.digest,
    storedHash: storedMinutesHash(c.minutes),
    outcome: outcome.outcome,
    failedCheck: outcome.failed?.id ?? null,
    detail: outcome.failed?.detail ?? "Biên bản khớp với dữ liệu lưu trữ ở mọi bước kiểm tra.",
    checks: c.checks,
    checkedAt: clock.now().toISOString(),
    checkedBy: actor.name,
  };
  store.results.addVerification(row);
  return {
    point: c.point.code,
    day: c.minutes.day,
    minutesId: c.minutes.id,
    outcome: outcome.outcome,
    failed: outcome.failed,
    checks: c.checks,
    digest: c.digest,
  };
}

export type VerifyPointError = Refusal<
  "no_campaign" | "not_stamped" | "gone" | "no_minutes" | "not_complete" | "excused" | "changed"
>;

const EXCUSED =
  "Ban Tổ chức đã quyết định không tính điểm này trong ngày này vào số liệu tổng hợp: biên bản không được kiểm tra để đưa vào tổng hợp.";

/**
 * Checks the current minutes of one point-day and stores the outcome ("verified", or "discrepant"
 * naming the first failing check) with an audit entry. Refused: no such point, no minutes, minutes
 * not complete yet (two officers incl. the Tổ trưởng), a point-day the board excused (isExcused), or
 * minutes changed while being checked.
 */
export async function verifyPointDay(
  deps: ServiceDeps,
  actor: Actor,
  input: { pointId: number; day: string },
): Promise<Result<PointVerification, VerifyPointError>> {
  const { store } = deps;
  const ctx = loadContext(store);
  if (!ctx.ok) return ctx;
  const point = store.points.get(ctx.value.campaign.id, input.pointId);
  if (!point) return fail("gone", "Không tìm thấy điểm lấy phiếu.");
  const minutes = store.minutes.current(point.id, input.day);
  if (!minutes) return fail("no_minutes", "Chưa có biên bản kiểm phiếu của điểm trong ngày này.");
  if (isExcused(store, point.id, input.day)) return fail("excused", EXCUSED);
  if (!isMinutesComplete(store, minutes)) {
    return fail(
      "not_complete",
      `Biên bản chưa đủ chữ ký (ít nhất ${requiredSigners(store)} cán bộ, trong đó có Tổ trưởng).`,
    );
  }
  const { checks, digest } = await checkMinutes(store, ctx.value, point, minutes);
  return store.withTransaction((): Result<PointVerification, VerifyPointError> => {
    const done = recordOutcome(deps, actor, { point, minutes, checks, digest });
    if (!done && isExcused(store, point.id, input.day)) return fail("excused", EXCUSED);
    if (!done) return fail("changed", "Biên bản vừa thay đổi trong lúc kiểm tra; vui lòng kiểm tra lại.");
    record(deps, actor, "minutes.verify", point.code, {
      day: done.day,
      version: minutes.version,
      outcome: done.outcome,
      failedCheck: done.failed?.id ?? null,
      minutesDigest: digest,
    });
    return ok(done);
  });
}

export type VerifyAllReport = {
  readonly verified: number;
  readonly discrepant: readonly PointVerification[];
  /** Complete minutes that changed while being checked: not recorded this time. */
  readonly skipped: number;
};

/**
 * Kiểm tra tất cả: checks every complete current minutes of the campaign (but those of point-days
 * the board excused, isExcused) and stores each outcome in one transaction, with one audit entry
 * naming the discrepant point-days. Allowed in every state,
 * certified included: a check changes no result, and a later tampering must still be caught.
 */
export async function verifyAll(
  deps: ServiceDeps,
  actor: Actor,
): Promise<Result<VerifyAllReport, Refusal<"no_campaign" | "not_stamped">>> {
  const { store } = deps;
  const ctx = loadContext(store);
  if (!ctx.ok) return ctx;
  const points = new Map(store.points.list(ctx.value.campaign.id).map((p) => [p.id, p]));
  const checked: Checked[] = [];
  const excused = store.results.excusals();
  for (const minutes of store.minutes.allCurrent()) {
    const point = points.get(minutes.pointId);
    if (!point || excused.has(`${point.id}:${minutes.day}`) || !isMinutesComplete(store, minutes)) continue;
    checked.push({ point, minutes, ...(await checkMinutes(store, ctx.value, point, minutes)) });
  }
  return store.withTransaction((): Result<VerifyAllReport, Refusal<"no_campaign" | "not_stamped">> => {
    const done = checked.map((c) => recordOutcome(deps, actor, c));
    const stored = done.filter((d): d is PointVerification => d !== null);
    const discrepant = stored.filter((d) => d.outcome === "discrepant");
    record(deps, actor, "minutes.verify.all", ctx.value.campaign.code, {
      checked: stored.length,
      verified: stored.length - discrepant.length,
      discrepant: discrepant.map((d) => ({ point: d.point, day: d.day, failedCheck: d.failed?.id ?? null })),
    });
    return ok({
      verified: stored.length - discrepant.length,
      discrepant,
      skipped: done.length - stored.length,
    });
  });
}
