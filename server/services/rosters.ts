import type { Store } from "../db/store.ts";
import type { Actor } from "../domain/audit.ts";
import { ADULT_AGE, firstVotingDay, formatDate, isAdultOn } from "../domain/calendar.ts";
import type { Campaign } from "../domain/campaign.ts";
import { formatCount } from "../domain/format.ts";
import { fail, ok, type Refusal, type Result } from "../domain/result.ts";
import {
  applyLookAlikeDecisions,
  birthOf,
  type LookAlikeDecision,
  mayBeSamePerson,
  type NewRosterEntry,
  type RosterContext,
  type RosterEntry,
} from "../domain/roster.ts";
import { checkEditable, type Point, type RosterCommitmentEntry, rosterCommitment } from "../domain/setup.ts";
import {
  householdKey,
  householdsOn,
  type RosterUnit,
  rosterBallots,
  rosterUnitOfVersion,
} from "../domain/voting.ts";
import { record, type ServiceDeps } from "./deps.ts";

export function rosterContext(store: Store, campaign: Campaign, point: Point): RosterContext {
  return {
    firstVotingDay: firstVotingDay(campaign.days) ?? "1970-01-01",
    onePer: campaign.onePer,
    takenCccd: { has: (cccd) => store.rosters.cccdTakenOutside(campaign.id, point.id, cccd) },
  };
}

export const toNewEntry = (e: RosterEntry): NewRosterEntry => ({
  sourceRow: e.row,
  fullName: e.fullName,
  birthYear: e.birthYear,
  birthDate: e.birthDate,
  gender: e.gender,
  cccd: e.cccd,
  householdCode: e.householdCode,
  relation: e.relation,
  village: e.village,
});

export type ImportRosterError = Refusal<"gone" | "stamped" | "cccd_taken" | "look_alikes">;

/**
 * Replaces a point's roster with a validated file's entries, while the campaign is a draft. Rows that
 * may be the same person without a CCCD to tell (`findLookAlikes`) must each have the board's
 * decision in `lookAlikes` (keep all: two different people; or keep one row); until every group is
 * decided nothing is stored (`look_alikes`). The audit entry records the decisions and the sheet.
 * Returns the number of residents stored.
 */
export function storeImportedRoster(
  deps: ServiceDeps,
  actor: Actor,
  input: {
    campaignId: number;
    pointId: number;
    fileName: string;
    entries: RosterEntry[];
    lookAlikes?: readonly LookAlikeDecision[];
    sheet?: string | null;
  },
): Result<number, ImportRosterError> {
  const { store } = deps;
  const decided = applyLookAlikeDecisions(input.entries, input.lookAlikes ?? []);
  if (!decided.ok) {
    const groups = decided.error.undecided;
    const rows = groups.map((g) => g.map((e) => e.row).join(", ")).join("; ");
    return fail(
      "look_alikes",
      `Còn ${formatCount(groups.length)} nhóm người có thể trùng nhau chưa được xác nhận (dòng ${rows}). Hãy chọn cho từng nhóm: là những người khác nhau, hoặc chỉ giữ một dòng.`,
    );
  }
  const entries = decided.value.entries;
  return store.withTransaction(() => {
    // Checked again at write time: the board may have stamped while the file was being checked.
    const campaign = store.campaigns.byId(input.campaignId);
    const point = campaign ? store.points.get(campaign.id, input.pointId) : null;
    if (!campaign || !point) return fail("gone", "Điểm lấy phiếu không còn nữa.");
    const editable = checkEditable(campaign);
    if (!editable.ok) return editable;
    const replaced = store.rosters.replace(campaign.id, point.id, entries.map(toNewEntry));
    if (!replaced.ok) {
      // Another point's list took one of these CCCDs while this file was being checked.
      return fail(
        "cccd_taken",
        "Trong lúc kiểm tra tệp, một số CCCD của tệp đã được nhập vào danh sách của điểm khác. Chưa có gì được lưu; hãy nhập lại tệp để xem dòng bị trùng.",
      );
    }
    record(deps, actor, "roster.import", point.code, {
      fileName: input.fileName,
      entries: entries.length,
      ...(input.sheet ? { sheet: input.sheet } : {}),
      ...(input.lookAlikes && input.lookAlikes.length > 0
        ? {
            lookAlikes: input.lookAlikes.map((d) => ({ rows: [...d.rows], keep: d.keep })),
            droppedRows: decided.value.dropped,
          }
        : {}),
    });
    return ok(entries.length);
  });
}

/** Amendments are possible from the stamp until the voting ends (a resident missed by the list). */
export function checkAmendable(campaign: Campaign): Result<true, Refusal<"draft" | "closed">> {
  if (campaign.state === "stamped" || campaign.state === "voting") return ok(true);
  if (campaign.state === "draft") {
    return fail(
      "draft",
      "Danh sách chưa đóng dấu: hãy sửa trực tiếp bằng cách nhập lại tệp danh sách của điểm.",
    );
  }
  return fail("closed", "Đợt lấy phiếu đã kết thúc: không điều chỉnh danh sách được nữa.");
}

export type Amendment =
  | { kind: "add"; entry: RosterEntry }
  | { kind: "correct"; entryId: number; entry: RosterEntry };

export type AmendRosterError = Refusal<
  "gone" | "draft" | "closed" | "no_entry" | "already_issued" | "duplicate" | "not_adult" | "look_alike"
>;

/** Shown next to the CCCD field when an amendment would put a resident on two lists. */
export const DUPLICATE_CCCD_MESSAGE = "Số CCCD này đã có trong danh sách.";

/**
 * Điều chỉnh danh sách after the stamp: add a missed resident or correct a typo, with a reason. The
 * point's roster commitment gets a new version; the old ones stay in the history (issue #4 §5).
 * The added or corrected resident must be 18 on the first voting day (`isAdultOn`), as on import:
 * refused with `not_adult` otherwise. An added or corrected resident who may be someone already on the
 * point's list (same folded name, birth and household, no CCCD to tell: `mayBeSamePerson`) is
 * refused with `look_alike`, naming them, unless the board confirmed `distinct` ("là hai người khác
 * nhau"); the confirmation is in the audit entry.
 */
export function amendRoster(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaign: Campaign; point: Point; amendment: Amendment; reason: string; distinct?: boolean },
): Result<{ version: number; digest: string }, AmendRosterError> {
  const { store, clock } = deps;
  const { campaign, point, amendment, reason } = input;
  return store.withTransaction((): Result<{ version: number; digest: string }, AmendRosterError> => {
    const fresh = store.campaigns.byId(campaign.id);
    if (!fresh) return fail("gone", "Không còn đợt lấy phiếu này.");
    const amendable = checkAmendable(fresh);
    if (!amendable.ok) return amendable;
    const firstDay = firstVotingDay(fresh.days);
    if (firstDay !== null && !isAdultOn(birthOf(amendment.entry), firstDay)) {
      return fail(
        "not_adult",
        `Chưa đủ ${ADULT_AGE} tuổi vào ngày lấy phiếu đầu tiên (${formatDate(firstDay)}): không đưa vào danh sách được.`,
      );
    }
    const lookAlikes = store.rosters
      .list(point.id)
      .filter((e) => (amendment.kind === "correct" ? e.id !== amendment.entryId : true))
      .filter((e) => mayBeSamePerson(e, amendment.entry));
    if (lookAlikes.length > 0 && input.distinct !== true) {
      const names = lookAlikes
        .map(
          (e) =>
            `${e.fullName} (${e.birthDate ? formatDate(e.birthDate) : e.birthYear}${e.householdCode ? `, hộ ${e.householdCode}` : ""}${e.sourceRow ? `, dòng ${e.sourceRow}` : ", người bổ sung"})`,
        )
        .join("; ");
      return fail(
        "look_alike",
        `Danh sách đã có người có thể là người này: ${names}. Nếu là hai người khác nhau, đánh dấu “Là hai người khác nhau” rồi ghi lại; nếu là cùng một người thì không cần bổ sung.`,
      );
    }
    const at = clock.now().toISOString();
    const after: RosterCommitmentEntry = {
      fullName: amendment.entry.fullName,
      birthYear: amendment.entry.birthYear,
      birthDate: amendment.entry.birthDate,
      gender: amendment.entry.gender,
      cccd: amendment.entry.cccd,
      householdCode: amendment.entry.householdCode,
      relation: amendment.entry.relation,
    };
    let entryId: number;
    let before: RosterCommitmentEntry | null = null;
    if (amendment.kind === "add") {
      const added = store.rosters.add(
        campaign.id,
        point.id,
        { ...toNewEntry(amendment.entry), sourceRow: null },
        true,
      );
      if (!added.ok) return fail("duplicate", DUPLICATE_CCCD_MESSAGE);
      entryId = added.value;
    } else {
      const old = store.rosters.entry(amendment.entryId);
      if (!old || old.pointId !== point.id)
        return fail("no_entry", "Không tìm thấy người này trong danh sách của điểm.");
      // The household already received its ballot under the old code: changing the code would let
      // the household be issued a second one.
      const sameHousehold =
        householdKey(point.id, old.householdCode) === householdKey(point.id, after.householdCode);
      if (!sameHousehold && store.voting.checkedIn(old.id)) {
        return fail("already_issued", "Người này đã nhận phiếu: không sửa mã hộ được nữa.");
      }
      before = {
        fullName: old.fullName,
        birthYear: old.birthYear,
        birthDate: old.birthDate,
        gender: old.gender,
        cccd: old.cccd,
        householdCode: old.householdCode,
        relation: old.relation,
      };
      if (!store.rosters.correct(old.id, after).ok) return fail("duplicate", DUPLICATE_CCCD_MESSAGE);
      entryId = old.id;
    }
    store.rosters.addAmendment({
      pointId: point.id,
      kind: amendment.kind,
      entryId,
      before,
      after,
      reason,
      createdAt: at,
      createdBy: actor.name,
    });
    const history = store.rosters.commitments(point.id);
    const entries = store.rosters.list(point.id);
    const digest = rosterCommitment(point.code, entries);
    const version = (history.at(-1)?.version ?? 0) + 1;
    store.rosters.addCommitment(point.id, {
      version,
      digest,
      entries: entries.length,
      households: householdsOn(
        point.id,
        entries.map((e) => e.householdCode),
      ),
      reason,
      createdAt: at,
      createdBy: actor.name,
    });
    record(deps, actor, amendment.kind === "add" ? "roster.amend.add" : "roster.amend.correct", point.code, {
      entryId,
      reason,
      version,
      digest,
      previous: history.at(-1)?.digest ?? null,
      ...(lookAlikes.length > 0 ? { confirmedDistinctFrom: lookAlikes.map((e) => e.id) } : {}),
    });
    return ok({ version, digest });
  });
}

/**
 * The ballots each point's list allows now (`rosterBallots`: entries, or households when one
 * ballot per household), from its latest stamped version; a list not stamped yet counts its entries.
 * Read-only: the progress page's turnout, the aggregate's roster, the zero report, the close form.
 */
export function rosterBallotsByPoint(
  store: Store,
  campaign: Pick<Campaign, "id" | "onePer">,
): Map<number, number> {
  const sizes = store.rosters.sizes(campaign.id);
  for (const [pointId, version] of store.rosters.latestCommitments(campaign.id)) {
    sizes.set(pointId, rosterBallots(campaign.onePer, version));
  }
  return sizes;
}

/** `rosterBallotsByPoint` for one point. */
export function rosterBallotsOf(store: Store, campaign: Pick<Campaign, "onePer">, pointId: number): number {
  const latest = store.rosters.commitments(pointId).at(-1);
  return latest ? rosterBallots(campaign.onePer, latest) : store.rosters.count(pointId);
}

/**
 * What a point's roster count counts ("người" or "hộ", `rosterUnitOfVersion`): for minutes, the
 * version they name by digest (`commitments.roster`); without one, the latest version — the count
 * a close would put in new minutes.
 */
export function rosterUnitAt(
  store: Store,
  campaign: Pick<Campaign, "onePer">,
  pointId: number,
  rosterDigest?: string,
): RosterUnit {
  const versions = store.rosters.commitments(pointId);
  const version =
    rosterDigest === undefined ? versions.at(-1) : versions.find((v) => v.digest === rosterDigest);
  return rosterUnitOfVersion(campaign.onePer, version);
}
