/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as z from "zod";
import {
  type ConversionView,
  type ImportJobView,
  ImportStatus,
  type LookAlikeRow,
  lookAlikeField,
  ROSTER_PAGE_ROWS,
  type RosterPageModel,
  RosterSection,
} from "../../views/roster-page.tsx";
import { randomHex } from "../crypto/digest.ts";
import { formatDate } from "../domain/calendar.ts";
import { formatCount } from "../domain/format.ts";
import { LEGACY_ENCODING_NAMES } from "../domain/legacy-encoding.ts";
import {
  findLookAlikes,
  type LookAlikeDecision,
  type RosterEntry,
  rosterRowSchemaFor,
} from "../domain/roster.ts";
import { AmendmentReasonSchema, checkEditable, fieldErrors, type Point } from "../domain/setup.ts";
import { stripInvisible } from "../domain/text.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { isHtmx } from "../http/htmx.ts";
import { paths } from "../http/paths.ts";
import { renderError } from "../http/respond.tsx";
import { afterChange, boardSection } from "../http/section.tsx";
import { importRosterFile, type LegacyConversion } from "../import/roster-import.ts";
import { amendRoster, checkAmendable, rosterContext, storeImportedRoster } from "../services/rosters.ts";
import { currentCampaign, idParam } from "./setup-shared.ts";

/** Uploads are the one large body the app accepts (issue #4 "uploads over a size limit"). */
export const ROSTER_UPLOAD_PATH = /^\/ban-to-chuc\/danh-sach\/\d+\/nhap$/;

function findPoint(c: Context<AppEnv>): Point | null {
  const campaign = currentCampaign(c);
  return campaign ? c.get("deps").store.points.get(campaign.id, idParam(c)) : null;
}

function render(
  c: Context<AppEnv>,
  point: Point,
  extra: Partial<RosterPageModel> = {},
  status: ContentfulStatusCode = 200,
) {
  const { store } = c.get("deps");
  const campaign = currentCampaign(c);
  if (!campaign) return renderError(c, 404, "Chưa có đợt lấy phiếu.");
  const editable = checkEditable(campaign);
  const amendable = checkAmendable(campaign);
  const correctId = Number(c.req.query("sua") ?? 0);
  const query = stripInvisible((c.req.query("q") ?? "").normalize("NFC"))
    .trim()
    .slice(0, 100);
  const correcting = correctId ? store.rosters.entry(correctId) : null;
  const m: RosterPageModel = {
    point,
    // A search reaches any resident of a long list (to correct a typo by amendment).
    entries: query
      ? store.rosters.search(point.id, query, ROSTER_PAGE_ROWS)
      : store.rosters.list(point.id, ROSTER_PAGE_ROWS),
    query,
    total: store.rosters.count(point.id),
    commitments: store.rosters.commitments(point.id),
    importable: editable.ok,
    amendable: amendable.ok,
    lockedReason: editable.ok ? null : amendable.ok ? null : amendable.error.message,
    csrfToken: c.get("csrfToken"),
    onePer: campaign.onePer,
    correcting: correcting && correcting.pointId === point.id ? correcting : null,
    ...extra,
  };
  return boardSection(c, `Danh sách ${point.name}`, "roster", <RosterSection m={m} />, status);
}

/**
 * An import in progress or waiting for the board's decisions. `pending` holds the checked entries
 * while the look-alike review is open (in memory only, for this app instance, 30 minutes).
 */
type Job = {
  pointId: number;
  view: ImportJobView;
  finished: Promise<void>;
  expires: number;
  pending?: { entries: RosterEntry[]; sheet: string | null; conversions: ConversionView[] };
};

const conversionView = (c: LegacyConversion): ConversionView => ({
  row: c.row,
  encoding: LEGACY_ENCODING_NAMES[c.encoding],
  before: c.before,
  after: c.after,
});

const lookAlikeRow = (e: RosterEntry): LookAlikeRow => ({
  row: e.row,
  fullName: e.fullName,
  birth: e.birthDate ? formatDate(e.birthDate) : String(e.birthYear),
  gender: e.gender,
  cccd: e.cccd,
  householdCode: e.householdCode,
  relation: e.relation,
});

/** One group's answer in the review form: "all" (different people) or the row number to keep. */
const LookAlikeChoiceSchema = z.union([
  z.literal("all"),
  z
    .string()
    .regex(/^[1-9]\d{0,6}$/)
    .transform(Number),
]);

/** Roster pages; the import jobs live with the app instance (one map per createApp). */
export function rosterRoutes() {
  const jobs = new Map<string, Job>();

  const forget = (now: number) => {
    for (const [id, job] of jobs) if (job.expires < now) jobs.delete(id);
  };

  return (
    new Hono<AppEnv>()
      .get(`${paths.board.roster(":id")}`, allow("board"), (c) => {
        const point = findPoint(c);
        if (!point) return renderError(c, 404, "Không tìm thấy điểm này.");
        return render(c, point);
      })

      .post(paths.board.rosterImport(":id"), allow("board"), async (c) => {
        const { store, clock } = c.get("deps");
        const campaign = currentCampaign(c);
        const point = findPoint(c);
        if (!campaign || !point) return renderError(c, 404, "Không tìm thấy điểm này.");
        const editable = checkEditable(campaign);
        if (!editable.ok) return renderError(c, 409, editable.error.message);
        // A body that cannot be read (an upload cut off half-way) is said as such, not as "no file".
        const body = await c.req.parseBody().catch(() => null);
        const file = body?.["file"];
        if (!(file instanceof File) || file.size === 0) {
          const view: ImportJobView = {
            state: "rejected",
            fileName: file instanceof File ? file.name : "",
            message:
              body === null
                ? "Tệp gửi lên không đọc được (có thể đường truyền bị ngắt giữa chừng). Vui lòng gửi lại."
                : file instanceof File
                  ? "Tệp trống."
                  : "Chưa chọn tệp danh sách.",
            rows: [],
          };
          return isHtmx(c)
            ? c.html(<ImportStatus pointId={point.id} job={view} />, 422)
            : render(c, point, { message: { kind: "error", text: view.message } }, 422);
        }
        const bytes = new Uint8Array(await file.arrayBuffer());
        const fileName = file.name.normalize("NFC");
        const actor = { name: c.get("user")?.username ?? "khách", address: null };
        const id = randomHex(8);
        const job: Job = {
          pointId: point.id,
          view: { state: "running", id, checked: 0, total: 0, fileName },
          finished: Promise.resolve(),
          expires: clock.now().getTime() + 30 * 60_000,
        };
        forget(clock.now().getTime());
        // A new file for a point replaces that point's earlier one: at most one job (and one list
        // of residents held in memory) per point, however often a file is sent again.
        for (const [other, held] of jobs) if (held.pointId === point.id) jobs.delete(other);
        jobs.set(id, job);
        job.finished = (async () => {
          const result = await importRosterFile(bytes, fileName, rosterContext(store, campaign, point), {
            onProgress: (p) => {
              job.view = { state: "running", id, checked: p.checked, total: p.total, fileName };
            },
          });
          if (!result.ok) {
            const rows = Array.isArray(result.error) ? result.error : [];
            const message = Array.isArray(result.error)
              ? `có ${formatCount(new Set(rows.map((r) => r.row)).size)} dòng không hợp lệ.`
              : result.error.message;
            job.view = { state: "rejected", fileName, message, rows };
            return;
          }
          const { entries, sheet } = result.value;
          const conversions = result.value.conversions.map(conversionView);
          const groups = findLookAlikes(entries);
          if (groups.length > 0) {
            // Possible duplicates: nothing is stored until the board has decided each group.
            job.pending = { entries, sheet, conversions };
            job.view = {
              state: "review",
              id,
              fileName,
              sheet,
              total: entries.length,
              groups: groups.map((g) => g.map(lookAlikeRow)),
              conversions,
            };
            return;
          }
          const stored = storeImportedRoster(c.get("deps"), actor, {
            campaignId: campaign.id,
            pointId: point.id,
            fileName,
            entries,
            sheet,
          });
          job.view = stored.ok
            ? { state: "done", imported: stored.value, fileName, sheet, conversions }
            : { state: "rejected", fileName, message: stored.error.message, rows: [] };
        })().catch((e: unknown) => {
          c.get("deps").logger.error("roster.import", {
            id: c.get("requestId"),
            error: e instanceof Error ? e.message : String(e),
          });
          job.view = { state: "rejected", fileName, message: "Hệ thống gặp sự cố khi đọc tệp.", rows: [] };
        });
        if (isHtmx(c))
          return c.html(
            <ImportStatus pointId={point.id} job={job.view} csrfToken={c.get("csrfToken")} />,
            202,
          );
        // Without JavaScript: wait for the check and show the whole page with its outcome.
        await job.finished;
        if (job.view.state !== "review") jobs.delete(id);
        const status = job.view.state === "done" || job.view.state === "review" ? 200 : 422;
        return boardSection(
          c,
          `Danh sách ${point.name}`,
          "roster",
          <>
            <ImportStatus pointId={point.id} job={job.view} csrfToken={c.get("csrfToken")} />
            <p>
              <a href={paths.board.roster(point.id)}>Về danh sách của điểm</a>
            </p>
          </>,
          status,
        );
      })

      .get(paths.board.rosterJob(":id", ":job"), allow("board"), (c) => {
        // A job past its 30 minutes is gone, whether or not another upload came since.
        forget(c.get("deps").clock.now().getTime());
        const job = jobs.get(c.req.param("job") ?? "");
        if (!job || job.pointId !== idParam(c))
          return renderError(c, 404, "Không còn thông tin về lần nhập này. Vui lòng nhập lại tệp.");
        if (job.view.state !== "running" && job.view.state !== "review")
          jobs.delete(c.req.param("job") ?? "");
        return c.html(
          <ImportStatus pointId={job.pointId} job={job.view} csrfToken={c.get("csrfToken")} />,
          job.view.state === "rejected" ? 422 : 200,
        );
      })

      // The board's decisions on a file's look-alikes: then, and only then, the file is stored.
      .post(paths.board.rosterJobConfirm(":id", ":job"), allow("board"), async (c) => {
        const campaign = currentCampaign(c);
        const point = findPoint(c);
        const jobId = c.req.param("job") ?? "";
        forget(c.get("deps").clock.now().getTime());
        const job = jobs.get(jobId);
        if (!campaign || !point) return renderError(c, 404, "Không tìm thấy điểm này.");
        if (!job || job.pointId !== point.id || job.view.state !== "review" || !job.pending) {
          return renderError(c, 404, "Không còn thông tin về lần nhập này. Vui lòng nhập lại tệp.");
        }
        const view = job.view;
        const pending = job.pending;
        const values = await readForm(c);
        // A second confirmation sent at once (a double click) was read while this one waited for
        // its form: if the first one has stored the file since, this one has nothing to confirm.
        if (jobs.get(jobId) !== job) {
          return renderError(c, 404, "Không còn thông tin về lần nhập này. Vui lòng nhập lại tệp.");
        }
        const decisions: LookAlikeDecision[] = [];
        const chosen: Record<string, string> = {};
        view.groups.forEach((group, i) => {
          const field = lookAlikeField(i);
          const choice = LookAlikeChoiceSchema.safeParse(values[field] ?? "");
          if (!choice.success) return;
          chosen[field] = String(choice.data);
          decisions.push({ rows: group.map((r) => r.row), keep: choice.data });
        });
        const actor = { name: c.get("user")?.username ?? "khách", address: null };
        const stored = storeImportedRoster(c.get("deps"), actor, {
          campaignId: campaign.id,
          pointId: point.id,
          fileName: view.fileName,
          entries: pending.entries,
          lookAlikes: decisions,
          sheet: pending.sheet,
        });
        const respond = (next: ImportJobView, status: ContentfulStatusCode) =>
          isHtmx(c)
            ? c.html(<ImportStatus pointId={point.id} job={next} csrfToken={c.get("csrfToken")} />, status)
            : boardSection(
                c,
                `Danh sách ${point.name}`,
                "roster",
                <>
                  <ImportStatus pointId={point.id} job={next} csrfToken={c.get("csrfToken")} />
                  <p>
                    <a href={paths.board.roster(point.id)}>Về danh sách của điểm</a>
                  </p>
                </>,
                status,
              );
        if (!stored.ok && stored.error.code === "look_alikes") {
          job.view = { ...view, chosen, error: stored.error.message };
          return respond(job.view, 422);
        }
        jobs.delete(jobId);
        if (!stored.ok) {
          return respond(
            { state: "rejected", fileName: view.fileName, message: stored.error.message, rows: [] },
            409,
          );
        }
        const kept = new Set(decisions.flatMap((d) => (d.keep === "all" ? [] : [d.keep])));
        const dropped = decisions
          .filter((d) => d.keep !== "all")
          .flatMap((d) => d.rows.filter((r) => !kept.has(r)))
          .sort((a, b) => a - b);
        return respond(
          {
            state: "done",
            imported: stored.value,
            fileName: view.fileName,
            sheet: pending.sheet,
            dropped,
            conversions: pending.conversions,
          },
          200,
        );
      })

      .post(paths.board.rosterAmend(":id"), allow("board"), async (c) => {
        const { store } = c.get("deps");
        const campaign = currentCampaign(c);
        const point = findPoint(c);
        if (!campaign || !point) return renderError(c, 404, "Không tìm thấy điểm này.");
        const amendable = checkAmendable(campaign);
        if (!amendable.ok)
          return render(c, point, { message: { kind: "error", text: amendable.error.message } }, 409);
        const values = await readForm(c);
        const context = rosterContext(store, campaign, point);
        const parsed = rosterRowSchemaFor(context).safeParse({
          fullName: values["fullName"] ?? "",
          birthYear: values["birthYear"] ?? "",
          gender: values["gender"] ?? "",
          cccd: values["cccd"] ?? "",
          householdCode: values["householdCode"] ?? "",
          relation: values["relation"] ?? "",
          village: "",
        });
        const reason = AmendmentReasonSchema.safeParse(values["reason"] ?? "");
        // Absent or empty: add a missed resident. Otherwise it must name an entry exactly: a garbled id
        // must never turn a correction into an addition (a duplicate resident could vote twice).
        const rawEntryId = (values["entryId"] ?? "").trim();
        const entryId = /^[1-9]\d{0,11}$/.test(rawEntryId) ? Number(rawEntryId) : rawEntryId === "" ? 0 : -1;
        const correcting = entryId > 0 ? store.rosters.entry(entryId) : null;
        const errors = {
          ...(parsed.success ? {} : fieldErrors(parsed.error)),
          ...(reason.success ? {} : { reason: reason.error.issues[0]?.message ?? "Cần ghi lý do." }),
          ...(entryId !== 0 && (!correcting || correcting.pointId !== point.id)
            ? { entryId: "Không tìm thấy người cần sửa trong danh sách của điểm." }
            : {}),
          ...(parsed.success && parsed.data.cccd && context.takenCccd.has(parsed.data.cccd)
            ? { cccd: "Số CCCD này đã có trong danh sách của một điểm khác." }
            : {}),
        };
        if (!parsed.success || !reason.success || Object.keys(errors).length > 0) {
          return render(c, point, { amendValues: values, amendErrors: errors, correcting }, 422);
        }
        const entry = { row: 0, ...parsed.data };
        const result = amendRoster(
          c.get("deps"),
          { name: c.get("user")?.username ?? "khách", address: null },
          {
            campaign,
            point,
            amendment: correcting
              ? { kind: "correct", entryId: correcting.id, entry }
              : { kind: "add", entry },
            reason: reason.data,
            distinct: values["distinct"] === "1",
          },
        );
        if (!result.ok && result.error.code === "duplicate") {
          const amendErrors = { cccd: result.error.message };
          return render(c, point, { amendValues: values, amendErrors, correcting }, 422);
        }
        if (!result.ok && result.error.code === "look_alike") {
          const amendErrors = { distinct: result.error.message };
          return render(c, point, { amendValues: values, amendErrors, correcting }, 422);
        }
        if (!result.ok)
          return render(c, point, { message: { kind: "error", text: result.error.message } }, 409);
        const text = `Đã ghi điều chỉnh; danh sách có mã băm mới (lần ${result.value.version}).`;
        return afterChange(c, paths.board.roster(point.id), () =>
          render(c, point, { message: { kind: "ok", text }, correcting: null }),
        );
      })
  );
}
