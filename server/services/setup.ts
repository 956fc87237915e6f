import { canonicalJson, sha256Hex } from "../crypto/digest.ts";
import type { Store } from "../db/store.ts";
import type { Actor } from "../domain/audit.ts";
import type { Campaign } from "../domain/campaign.ts";
import { err, ok, type Refusal, type Result } from "../domain/result.ts";
import {
  configCommitment,
  nextState,
  resolveRuleSet,
  rosterCommitment,
  rosterSettingProblems,
  type SetupModel,
  stampProblems,
} from "../domain/setup.ts";
import { pageTooOld } from "../domain/text.ts";
import { householdsOn } from "../domain/voting.ts";
import { record, type ServiceDeps } from "./deps.ts";

/**
 * Set-up operations shared by the board's pages and the scenario loader. Each runs in one
 * transaction with its audit entry, so a refused or failed step leaves nothing half-saved.
 */
export function loadSetupModel(
  store: Store,
  campaign: Campaign,
): Result<SetupModel, Refusal<"rule_set_unknown" | "rule_set_invalid">> {
  const ruleSet = resolveRuleSet(campaign.ruleSet);
  if (!ruleSet.ok) return ruleSet;
  return ok({
    campaign,
    ruleSet: ruleSet.value,
    communes: store.campaigns.communes(campaign.id),
    officials: store.campaigns.officials(campaign.id),
    points: store.points.list(campaign.id),
    officers: store.officers.list(),
    rosterSizes: store.rosters.sizes(campaign.id),
  });
}

/** Everything that still stops the stamp: the set-up itself, and rosters the settings no longer accept. */
export function stampReadiness(store: Store, model: SetupModel): string[] {
  return [
    ...stampProblems(model),
    ...model.points.flatMap((p) =>
      rosterSettingProblems(p, store.rosters.settingFields(p.id), model.campaign),
    ),
  ];
}

export type StampReceipt = {
  configDigest: string;
  rosters: { pointCode: string; digest: string; entries: number }[];
};

/** Why the stamp was refused; `problems` lists what is still missing (code "not_ready"). */
export type StampError = Refusal<
  "no_campaign" | "wrong_state" | "rule_set_unknown" | "rule_set_invalid" | "not_ready" | "changed"
> & { readonly problems: string[] };

/**
 * What the stamp would freeze now, as one SHA-256 (64 hex digits): the configuration digest and every
 * point's code with its list's revision (RosterRepo.revisions: a fresh random number with every
 * change of a list, given in the change's transaction). The stamp page carries it in its form and the stamp compares it inside its
 * transaction, so a member freezes the lists they read or nothing (an attack had another member's
 * import of 3 rows frozen over the 40 the page showed). Revisions rather than the lists' digests: the
 * same guarantee without hashing every list on every load of the page (8 s at a district's 420,000
 * rows); a list re-imported with the same rows counts as changed, which only asks for a reload.
 */
export function stampPreviewDigest(store: Store, model: SetupModel): string {
  const revisions = store.rosters.revisions(model.campaign.id);
  return sha256Hex(
    canonicalJson({
      config: configCommitment(model),
      rosters: model.points.map((p) => {
        const revision = revisions.get(p.id);
        if (revision === undefined) throw new Error(`point ${p.id} has no list revision`);
        return [p.code, revision];
      }),
    }),
  );
}

/**
 * Đóng dấu: freezes the lists and records their commitments — the configuration digest on the
 * campaign and version 1 of every point's roster digest (DESIGN §4 set-up, §5 commitments).
 */
export function stampCampaign(
  deps: ServiceDeps,
  actor: Actor,
  input: { seen?: string } = {},
): Result<StampReceipt, StampError> {
  const { store, clock } = deps;
  return store.withTransaction(() => {
    const campaign = store.campaigns.current();
    if (!campaign) return err({ code: "no_campaign", message: "Chưa có đợt lấy phiếu.", problems: [] });
    const next = nextState(campaign.state, "stamp");
    if (!next.ok) return err({ ...next.error, problems: [] });
    const model = loadSetupModel(store, campaign);
    if (!model.ok) return err({ ...model.error, problems: [] });
    const problems = stampReadiness(store, model.value);
    if (problems.length > 0) {
      return err({
        code: "not_ready",
        message: "Chưa đóng dấu được: còn những việc sau chưa xong.",
        problems,
      });
    }
    if (input.seen !== undefined && input.seen !== stampPreviewDigest(store, model.value)) {
      return err({
        code: "changed",
        message:
          input.seen === ""
            ? pageTooOld("chưa đóng dấu", "Xin tải lại trang rồi mới đóng dấu.")
            : "Danh sách hoặc cấu hình đã thay đổi kể từ khi trang này được mở: chưa đóng dấu. Xin xem lại rồi mới đóng dấu.",
        problems: [],
      });
    }
    // Every roster read and hashed once, for the commitments recorded.
    const configDigest = configCommitment(model.value);
    const lists = model.value.points.map((point) => {
      const entries = store.rosters.list(point.id);
      return { point, entries, digest: rosterCommitment(point.code, entries) };
    });
    const at = clock.now().toISOString();
    const rosters = lists.map(({ point, entries, digest }) => {
      store.rosters.addCommitment(point.id, {
        version: 1,
        digest,
        entries: entries.length,
        households: householdsOn(
          point.id,
          entries.map((e) => e.householdCode),
        ),
        reason: "Đóng dấu danh sách",
        createdAt: at,
        createdBy: actor.name,
      });
      return { pointCode: point.code, digest, entries: entries.length };
    });
    if (!store.campaigns.setState(campaign.id, campaign.state, next.value)) {
      throw new Error("campaign state changed inside the stamp transaction");
    }
    store.campaigns.recordStamp(campaign.id, configDigest, at, actor.name);
    record(deps, actor, "campaign.stamp", campaign.code, { configDigest, rosters });
    return ok({ configDigest, rosters });
  });
}
