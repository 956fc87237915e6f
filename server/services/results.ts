import { canonicalJson, sha256Hex } from "../crypto/digest.ts";
import { signBytes } from "../crypto/keys.ts";
import { signedDocument } from "../db/minutes-repo.ts";
import type { StoredCertification } from "../db/results-repo.ts";
import type { Store } from "../db/store.ts";
import {
  type Aggregate,
  type AggregateInput,
  aggregate,
  type PointDayInput,
  type ResultsDocument,
  resultsDocument,
} from "../domain/aggregate.ts";
import type { Actor } from "../domain/audit.ts";
import { formatDate, vietnamDate, vietnamTime } from "../domain/calendar.ts";
import type { Campaign } from "../domain/campaign.ts";
import { minutesDigest } from "../domain/minutes.ts";
import type { MinutesDocument } from "../domain/minutes-document.ts";
import {
  excuseBlockedBy,
  listPointDays,
  OPEN_EXPECTED_BY,
  pointDayStateText,
  waitingAdvice,
} from "../domain/progress.ts";
import { type MissingOfOfficial, missingByOfficial, pendingUntilCertified } from "../domain/provisional.ts";
import { err, fail, ok, type Refusal, type Result } from "../domain/result.ts";
import { ballotFor, nextState, resolveRuleSet } from "../domain/setup.ts";
import { pageTooOld } from "../domain/text.ts";
import type { User } from "../domain/users.ts";
import type { VerificationCheckId } from "../domain/verification.ts";
import { minutesComplete } from "../domain/verification.ts";
import { unsealBoardKey } from "./board-keys.ts";
import { record, type ServiceDeps } from "./deps.ts";
import {
  clearKeyPassword,
  type KeyPasswordWait,
  keyPasswordWait,
  recordWrongKeyPassword,
  withKeyPassword,
} from "./key-password.ts";
import { rosterBallotsByPoint } from "./rosters.ts";
import { requiredSigners } from "./signers.ts";
import { checkStillHolds, verifyAll } from "./verify-points.ts";

/**
 * The board's aggregate (issue #11 §3–5): reading it from the store, excusing a point-day, and
 * certifying. The reading costs a constant number of queries and one parse per point-day's minutes
 * (the per-point tallies stored at close), whatever the number of ballots.
 */

export type LoadedAggregate = {
  readonly campaign: Campaign;
  readonly input: AggregateInput;
  readonly aggregate: Aggregate;
  readonly certification: StoredCertification | null;
};

/**
 * For every official, how many of the aggregate's missing point-days rate them (their point's ballot
 * holds that official: its old commune's officials, or its own list), `{ pending, excused }`: those
 * that may still come in, and those the board left out for good (domain/provisional.ts). A result
 * is "Tạm tính" while any is pending; once the campaign is certified nothing is
 * (`pendingUntilCertified`), decided here once for the results page, an official's page, the PDF,
 * the CSV and the XLSX. Reads the points and officials once. Read only.
 */
export function missingOfficials(
  store: Store,
  loaded: LoadedAggregate,
): ReadonlyMap<string, MissingOfOfficial> {
  const points = new Map(store.points.list(loaded.campaign.id).map((p) => [p.id, p]));
  const officials = store.campaigns.officials(loaded.campaign.id);
  const ballots = new Map<number, string[]>();
  const missing = missingByOfficial(loaded.aggregate.missing, (pointId) => {
    let codes = ballots.get(pointId);
    if (codes === undefined) {
      const point = points.get(pointId);
      codes = point === undefined ? [] : ballotFor(point, officials).map((o) => o.code);
      ballots.set(pointId, codes);
    }
    return codes;
  });
  return pendingUntilCertified(missing, loaded.campaign.state === "certified");
}

export function loadAggregate(store: Store): Result<LoadedAggregate, Refusal<"no_campaign" | "rule_set">> {
  const campaign = store.campaigns.current();
  if (!campaign) return fail("no_campaign", "Chưa có đợt lấy phiếu.");
  const ruleSet = resolveRuleSet(campaign.ruleSet);
  if (!ruleSet.ok) return fail("rule_set", ruleSet.error.message);
  const communes = store.campaigns.communes(campaign.id);
  const communeCode = new Map(communes.map((c) => [c.id, c.code]));
  const key = (pointId: number, day: string) => `${pointId}:${day}`;
  const records = new Map(store.voting.pointDaysOf(campaign.id).map((r) => [key(r.pointId, r.day), r]));
  const collected = new Map(store.ballots.collectedAll().map((r) => [key(r.pointId, r.day), r.collected]));
  const minutes = new Map(store.minutes.allCurrent().map((m) => [key(m.pointId, m.day), m]));
  const verifications = store.results.latestVerifications();
  const excusals = store.results.excusals();
  const sizes = rosterBallotsByPoint(store, campaign);
  const signersNeeded = requiredSigners(store);
  const pointDays: PointDayInput[] = store.points.list(campaign.id).flatMap((point) =>
    point.days.map((day): PointDayInput => {
      const k = key(point.id, day);
      const m = minutes.get(k);
      const excusal = excusals.get(k);
      let stored: PointDayInput["minutes"] = null;
      if (m) {
        const document = signedDocument(m) as MinutesDocument;
        const v = verifications.get(m.id);
        // A check counts only for the minutes it saw, byte for byte (checkStillHolds).
        const fresh = checkStillHolds(m, v);
        stored = {
          document,
          digest: fresh ? v.minutesDigest : minutesDigest(document),
          complete: minutesComplete(document, signersNeeded),
          verification: fresh
            ? {
                outcome: v.outcome,
                failedCheck: v.failedCheck as VerificationCheckId | null,
                detail: v.detail,
                checkedAt: v.checkedAt,
              }
            : null,
        };
      }
      const r = records.get(k);
      return {
        pointId: point.id,
        point: { code: point.code, name: point.name, commune: communeCode.get(point.communeId) ?? "" },
        day,
        status: r?.status ?? "not_opened",
        roster: sizes.get(point.id) ?? 0,
        issued: r?.issued ?? 0,
        collected: collected.get(k) ?? 0,
        minutes: stored,
        excusal: excusal ? { reason: excusal.reason, by: excusal.excusedBy, at: excusal.excusedAt } : null,
      };
    }),
  );
  const input: AggregateInput = {
    campaign: { code: campaign.code, name: campaign.name, aggregator: campaign.aggregator },
    ruleSet: ruleSet.value,
    communes: communes.map((c) => ({ code: c.code, name: c.name, mergedInto: c.mergedInto })),
    officials: store.campaigns.officials(campaign.id).map((o) => ({
      code: o.code,
      name: o.name,
      position: o.position,
      commune: communeCode.get(o.communeId) ?? "",
    })),
    pointDays,
    requiredSigners: signersNeeded,
  };
  return ok({
    campaign,
    input,
    aggregate: aggregate(input),
    certification: store.results.certification(campaign.id),
  });
}

/** The results document's canonical JSON (RFC 8785) and its SHA-256: what the board signs. */
export function resultsBytes(doc: ResultsDocument): { text: string; digest: string } {
  const text = canonicalJson(doc);
  return { text, digest: sha256Hex(text) };
}

export type ExcuseError = Refusal<
  | "no_campaign"
  | "certified"
  | "gone"
  | "no_reason"
  | "open"
  | "today"
  | "verified"
  | "already"
  | "future"
  | "changed"
>;

/**
 * Không tính điểm vào tổng hợp: the board leaves a point-day out on purpose (it never voted, its
 * box was lost, its minutes cannot be repaired), with a written reason printed on every output. It
 * stays out of the totals; the excusal only lets the board certify without it. Once, never undone.
 * Refused: no reason (at least 10 characters), a point-day that is open or paused (close it first),
 * one that opened today and has closed ("today": its ballots are not set aside on the day they were
 * cast — the team's minutes come first; from the next day it may be left out), one that never opened and is not yet due to (`openingDue`: before 08:00 of its day; certifying
 * without it would end the campaign before its team could open: "future"), one already verified,
 * one already excused, after certification, or — `seenState`, the state the board member's row
 * showed — when the point-day's state changed since (it opened, voted and closed meanwhile: the
 * reason written for "Chưa mở" would be printed on every output over a point that voted).
 */
export function excusePointDay(
  deps: ServiceDeps,
  actor: Actor,
  input: { pointId: number; day: string; reason: string; seenState?: string },
): Result<true, ExcuseError> {
  const { store, clock } = deps;
  const reason = input.reason.normalize("NFC").trim().replace(/\s+/g, " ");
  if (reason.length < 10) return fail("no_reason", "Ghi rõ lý do không tính điểm này (ít nhất 10 ký tự).");
  if (reason.length > 500) return fail("no_reason", "Lý do quá dài (tối đa 500 ký tự).");
  return store.withTransaction((): Result<true, ExcuseError> => {
    const campaign = store.campaigns.current();
    if (!campaign) return fail("no_campaign", "Chưa có đợt lấy phiếu.");
    if (campaign.state === "certified") return fail("certified", CERTIFIED);
    const point = store.points.get(campaign.id, input.pointId);
    if (!point?.days.includes(input.day))
      return fail("gone", "Không tìm thấy điểm lấy phiếu trong ngày này.");
    const status = store.voting.pointDay(point.id, input.day)?.status ?? "not_opened";
    const blocked = excuseBlockedBy(status, input.day, vietnamDate(clock.now()), vietnamTime(clock.now()));
    if (blocked === "open") {
      return fail("open", "Điểm đang lấy phiếu trong ngày này: tổ công tác cần kết thúc trước.");
    }
    if (blocked === "future") {
      return fail(
        "future",
        `Điểm ${point.code} lấy phiếu ngày ${formatDate(input.day)}: chỉ không tính được điểm đó từ ${OPEN_EXPECTED_BY} ngày ấy nếu điểm chưa mở.`,
      );
    }
    const loaded = loadAggregate(store);
    const pd = loaded.ok
      ? loaded.value.aggregate.pointDays.find((p) => p.pointId === point.id && p.day === input.day)
      : undefined;
    if (pd?.verified)
      return fail("verified", "Biên bản của điểm đã được kiểm tra: điểm đã có trong số liệu tổng hợp.");
    if (store.results.excusal(point.id, input.day)) return fail("already", ALREADY_EXCUSED);
    if (input.seenState === "") {
      return fail("changed", pageTooOld("chưa ghi gì", "Xin tải lại trang kết quả rồi mới quyết định."));
    }
    if (input.seenState !== undefined && pd?.state !== input.seenState) {
      return fail(
        "changed",
        `Tình trạng của điểm đã đổi từ khi trang được mở (nay: ${pd ? pointDayStateText(pd.state, pd.day, vietnamDate(clock.now())) : "không rõ"}): chưa ghi gì. Xin xem lại dòng của điểm rồi mới quyết định.`,
      );
    }
    // After the stale-page checks: a form read before the point voted is told what changed.
    if (blocked === "today") {
      return fail(
        "today",
        "Điểm đã lấy phiếu hôm nay: chờ biên bản của tổ công tác. Không tính được từ ngày mai, nếu cần.",
      );
    }
    const at = clock.now().toISOString();
    if (
      !store.results.addExcusal({
        pointId: point.id,
        day: input.day,
        reason,
        excusedBy: actor.name,
        excusedAt: at,
      })
    ) {
      return fail("already", ALREADY_EXCUSED);
    }
    record(deps, actor, "point.excuse", point.code, { day: input.day, reason, state: pd?.state ?? null });
    return ok(true);
  });
}

const CERTIFIED = "Kết quả đã được xác nhận: đợt lấy phiếu chỉ còn để xem.";

const ALREADY_EXCUSED = "Điểm này đã được ghi không tính vào tổng hợp.";

export type CertifyError =
  | Refusal<
      | "no_campaign"
      | "rule_set"
      | "certified"
      | "wrong_state"
      | "not_ready"
      | "still_open"
      | "no_key"
      | "wrong_password"
      | "changed"
      | "not_stamped"
    >
  | KeyPasswordWait;

/**
 * Xác nhận kết quả (issue #11 §5): a board member signs the results document with their sealed key
 * (password re-entered) and the campaign becomes `certified` — read-only everywhere. Allowed when
 * every point-day is verified or excused and none is still open; a campaign still `voting` is
 * closed first (nextState "close", then "certify"), both audited. The signature is Ed25519 over the
 * results document's canonical JSON, stored with it (migration 0013). Wrong passwords are throttled
 * as for minutes. Once the password is right, every complete minutes is checked again against the
 * stored data ("Kiểm tra tất cả", its own audited transaction), so a certificate is never issued
 * over evidence changed since the last check: a discrepancy found then refuses ("not_ready",
 * naming the point-day) and stays recorded. Refused too when the results changed while the key was
 * being unsealed.
 */
export async function certifyResults(
  deps: ServiceDeps,
  actor: Actor,
  input: { userId: number; password: string; digest?: string },
): Promise<Result<{ digest: string }, CertifyError>> {
  const { store, clock } = deps;
  const ready = certifyReadiness(store, clock.now());
  if (!ready.ok) return ready;
  // The figures the member read (the page's SHA-256 of results.json): a signature confirms them, so
  // an aggregate changed since (another member reopened or left out a point) is not signed on it.
  if (input.digest === "") return fail("changed", PAGE_TOO_OLD);
  if (input.digest !== undefined && input.digest !== ready.value.digest) return fail("changed", SEEN_CHANGED);
  const user = store.users.byId(input.userId);
  if (user?.role !== "board") return fail("no_key", "Chỉ thành viên Ban Tổ chức mới xác nhận kết quả.");
  // One attempt at a time per board member, sharing the limit on their key password
  // (services/key-password.ts).
  return withKeyPassword(user.id, () => certifyWithKey(deps, actor, user, input.password, input.digest));
}

const PAGE_TOO_OLD = pageTooOld("chưa xác nhận gì", "Xin tải lại trang kết quả rồi mới xác nhận.");

const SEEN_CHANGED =
  "Số liệu tổng hợp đã thay đổi kể từ khi trang này được mở: chưa xác nhận gì. Xin xem lại kết quả dưới đây (mã xác thực mới) rồi mới xác nhận.";

async function certifyWithKey(
  deps: ServiceDeps,
  actor: Actor,
  user: User,
  password: string,
  seen: string | undefined,
): Promise<Result<{ digest: string }, CertifyError>> {
  const { store, clock } = deps;
  const waiting = keyPasswordWait(deps, user.id);
  if (waiting !== null) return err(waiting);
  const unsealed = await unsealBoardKey(store, user.id, password);
  if (!unsealed.ok) {
    if (unsealed.error.code === "wrong_password") {
      const notice = recordWrongKeyPassword(deps, user.id, () =>
        record(deps, actor, "campaign.certify.failed", user.username),
      );
      return err({
        ...unsealed.error,
        message: `Mật khẩu không đúng: kết quả chưa được xác nhận. ${notice}`.trim(),
      });
    }
    return unsealed;
  }
  const rechecked = await verifyAll(deps, actor);
  if (!rechecked.ok) return rechecked;
  const checked = certifyReadiness(store, clock.now());
  if (!checked.ok) return checked;
  const { text, digest } = checked.value;
  const signature = await signBytes(unsealed.value.key, new TextEncoder().encode(text));
  return store.withTransaction((): Result<{ digest: string }, CertifyError> => {
    const again = certifyReadiness(store, clock.now());
    if (!again.ok) return again;
    if (again.value.digest !== digest) {
      return fail("changed", "Số liệu tổng hợp vừa thay đổi trong lúc ký; vui lòng xem lại rồi xác nhận.");
    }
    if (seen !== undefined && again.value.digest !== seen) return fail("changed", SEEN_CHANGED);
    const campaign = again.value.campaign;
    let state = campaign.state;
    if (state === "voting") {
      const closed = nextState(state, "close");
      if (!closed.ok || !store.campaigns.setState(campaign.id, state, closed.value))
        throw new Error("close failed");
      record(deps, actor, "campaign.close", campaign.code, { reason: "Xác nhận kết quả tổng hợp" });
      state = closed.value;
    }
    const certified = nextState(state, "certify");
    if (!certified.ok) return certified;
    if (!store.campaigns.setState(campaign.id, state, certified.value)) throw new Error("certify failed");
    const at = clock.now().toISOString();
    store.results.addCertification({
      campaignId: campaign.id,
      document: text,
      digest,
      memberId: user.id,
      memberCode: user.username,
      publicKey: unsealed.value.publicKey,
      signature,
      certifiedAt: at,
    });
    clearKeyPassword(deps, user.id);
    record(deps, actor, "campaign.certify", campaign.code, {
      digest,
      member: user.username,
      publicKey: unsealed.value.publicKey,
      excused: again.value.excused,
    });
    return ok({ digest });
  });
}

/**
 * Whether the aggregate may be certified now, with the bytes to sign: every point-day verified or
 * excused, none open or paused, the campaign voting or closed.
 */
export function certifyReadiness(
  store: Store,
  now: Date,
): Result<
  { campaign: Campaign; text: string; digest: string; excused: number },
  Refusal<"no_campaign" | "rule_set" | "certified" | "wrong_state" | "not_ready" | "still_open">
> {
  const loaded = loadAggregate(store);
  if (!loaded.ok) return loaded;
  return readinessOf(loaded.value, now);
}

/**
 * certifyReadiness over an aggregate already loaded (the results page shows why not yet). The
 * refusal says what to do about each point-day in the way (`waitingAdvice`).
 */
export function readinessOf(
  loaded: LoadedAggregate,
  now: Date,
): Result<
  { campaign: Campaign; text: string; digest: string; excused: number },
  Refusal<"certified" | "wrong_state" | "not_ready" | "still_open">
> {
  const { campaign, aggregate: a } = loaded;
  if (campaign.state === "certified") return fail("certified", CERTIFIED);
  if (campaign.state !== "voting" && campaign.state !== "closed") {
    return fail("wrong_state", "Chỉ xác nhận kết quả được sau khi đã lấy phiếu.");
  }
  const open = a.pointDays.filter((p) => p.status === "open" || p.status === "paused");
  if (open.length > 0) {
    return fail(
      "still_open",
      `Còn điểm đang lấy phiếu: ${listPointDays(open)}. Tổ công tác cần kết thúc trước.`,
    );
  }
  const waiting = a.missing.filter((p) => p.excusal === null);
  if (waiting.length > 0) {
    const advice = waitingAdvice(waiting, vietnamDate(now), vietnamTime(now));
    return fail("not_ready", `Chưa xác nhận được: ${advice.map((g) => g.text).join(" ")}`);
  }
  const { text, digest } = resultsBytes(resultsDocument(a));
  return ok({ campaign, text, digest, excused: a.missing.length });
}

/** The signed results as downloaded: the certified document with the board member's signature. */
export function signedResults(c: StoredCertification): string {
  const doc = JSON.parse(c.document) as Record<string, unknown>;
  return canonicalJson({
    ...doc,
    signatures: [{ member: c.memberCode, publicKey: c.publicKey, signature: c.signature }],
  });
}
