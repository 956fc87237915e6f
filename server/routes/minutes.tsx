/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as z from "zod";
import {
  CLOSE_INCIDENTS_QUERY,
  CLOSE_INCIDENTS_TAG_QUERY,
  CloseConfirm,
  type CloseModel,
  CloseStale,
  INCIDENTS_MAX_CHARS,
  MinutesMissing,
  type MinutesModel,
  MinutesView,
} from "../../views/minutes-page.tsx";
import { canonicalJson, hmacSha256Hex, sameSecret } from "../crypto/digest.ts";
import { type StoredMinutes, signedDocument } from "../db/minutes-repo.ts";
import type { Store } from "../db/store.ts";
import { teamIssuerOf } from "../domain/aggregate.ts";
import { isIsoDay, vietnamDate } from "../domain/calendar.ts";
import type { Campaign } from "../domain/campaign.ts";
import { toMinutesPdfModel } from "../domain/minutes.ts";
import type { MinutesDocument } from "../domain/minutes-document.ts";
import { fail } from "../domain/result.ts";
import { type Point, resolveRuleSet } from "../domain/setup.ts";
import { pageTooOld } from "../domain/text.ts";
import { DENOMINATOR_LABELS } from "../domain/threshold.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { isHtmx } from "../http/htmx.ts";
import { paths } from "../http/paths.ts";
import { page, renderError } from "../http/respond.tsx";
import { boardSection } from "../http/section.tsx";
import { renderMinutesPdf } from "../pdf/minutes-pdf.ts";
import { closePointDay, dayToClose, ensureMinutes, reopenMinutes } from "../services/close.ts";
import { signMinutes } from "../services/minutes.ts";
import { rosterBallotsOf, rosterUnitAt } from "../services/rosters.ts";
import { isMinutesComplete, minutesSignatures, requiredSigners } from "../services/signers.ts";
import { checkStillHolds } from "../services/verify-points.ts";
import { lostTickets } from "../services/voting.ts";
import { NOT_YOURS, officerPoint } from "./officer-point.ts";
import { idParam } from "./setup-shared.ts";

const NO_MINUTES = "Chưa có biên bản kiểm phiếu của điểm trong ngày này.";

/** The minutes' version a sign or reopen form was read at, or null for a form without it (too old). */
const formVersion = (form: Record<string, string>): number | null =>
  /^[1-9]\d{0,5}$/.test(form["version"] ?? "") ? Number(form["version"]) : null;

/** The outcome of the last check made over the signatures these minutes have now, or null. */
const checkedOutcome = (store: Store, minutes: StoredMinutes): "verified" | "discrepant" | null => {
  const last = store.results.latestVerification(minutes.id);
  return checkStillHolds(minutes, last) ? last.outcome : null;
};

/** The board's reason for leaving the point-day out of the totals, if it did ("Không tính"). */
const excusedReasonOf = (store: Store, pointId: number, day: string): { excusedReason?: string } => {
  const excusal = store.results.excusal(pointId, day);
  return excusal ? { excusedReason: excusal.reason } : {};
};

const STALE_PAGE = pageTooOld("chưa có gì thay đổi", "Xin xem lại biên bản dưới đây rồi làm lại.");

/** A day in the path, or null (→ 404). */
const dayParam = (c: Context<AppEnv>): string | null => {
  const day = c.req.param("day") ?? "";
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null;
};

/** What the officer typed as the day's incidents, as a form or the close page's address brings it back. */
const IncidentsSchema = z
  .string()
  // One form of line break: a browser sends CR LF in a GET form's address and LF through htmx, and
  // the tag that brings the text back is computed over exactly these characters.
  .transform((s) => s.replace(/\r\n?/g, "\n").normalize("NFC").slice(0, INCIDENTS_MAX_CHARS))
  .catch("");

/** The tag that binds incidents text to this login (keyed by its CSRF token, a secret of the login). */
const incidentsTag = (c: Context<AppEnv>, text: string): string => hmacSha256Hex(c.get("csrfToken"), text);

/**
 * The close page's model. `incidents`: what the officer had typed, kept when the close is refused
 * (a kiosk took a ticket meanwhile) so that it is not typed twice.
 */

function closeModel(c: Context<AppEnv>, point: Point, error?: string, incidents = ""): CloseModel {
  const { store, clock } = c.get("deps");
  const day = dayToClose(store, point.id, vietnamDate(clock.now()));
  const record = store.voting.pointDay(point.id, day);
  const campaign = store.campaigns.current();
  return {
    pointId: point.id,
    pointName: point.name,
    day,
    counts: {
      roster: campaign ? rosterBallotsOf(store, campaign, point.id) : store.rosters.count(point.id),
      rosterUnit: campaign ? rosterUnitAt(store, campaign, point.id) : "người",
      issued: record?.issued ?? 0,
      collected: record?.collected ?? 0,
      voided: record?.voided ?? 0,
      reissued: record?.reissued ?? 0,
      lost: lostTickets(store, point.id, day).lost,
    },
    requiredSigners: requiredSigners(store),
    busyKiosks: store.voting
      .kiosksAt(point.id)
      .filter((k) => store.tickets.forKiosk(k.id)?.day === day)
      .map((k) => k.label ?? k.id),
    csrfToken: c.get("csrfToken"),
    incidents,
    incidentsTag: incidents ? incidentsTag(c, incidents) : "",
    ...(error ? { error } : {}),
  };
}

function minutesResponse(
  c: Context<AppEnv>,
  point: Point,
  minutes: StoredMinutes,
  message?: MinutesModel["message"],
  status: ContentfulStatusCode = 200,
) {
  const { store } = c.get("deps");
  const campaign = store.campaigns.current();
  const ruleSet = campaign ? resolveRuleSet(campaign.ruleSet) : null;
  const doc = signedDocument(minutes) as MinutesDocument;
  const user = c.get("user");
  const signatures =
    user?.role === "officer" ? minutesSignatures(store, point.id, minutes.day, user.username) : null;
  const view = (
    <MinutesView
      m={{
        pointId: point.id,
        pointName: point.name,
        day: minutes.day,
        doc,
        checks: minutes.checks,
        version: minutes.version,
        complete: isMinutesComplete(store, minutes),
        requiredSigners: requiredSigners(store),
        rosterUnit: campaign ? rosterUnitAt(store, campaign, point.id, doc.commitments.roster) : "người",
        ...(ruleSet?.ok
          ? {
              thresholds: ruleSet.value.thresholds,
              denominatorLabel: DENOMINATOR_LABELS[ruleSet.value.denominator],
            }
          : {}),
        ...(user?.role === "officer" ? { viewer: user.username } : {}),
        // Only the team the minutes list, each once, until they are complete (minutesSignatures).
        canSign: signatures?.canSign === true,
        signatures,
        links:
          user?.role === "board"
            ? {
                json: paths.boardMinutes.json(point.id, minutes.day),
                pdf: paths.boardMinutes.pdf(point.id, minutes.day),
                // Back where the board member came from: Kết quả links here with ?tu=ket-qua.
                ...(c.req.query("tu") === "ket-qua"
                  ? { back: paths.results.page, backLabel: "Quay lại trang kết quả" }
                  : { back: paths.board.progress, backLabel: "Quay lại trang tiến độ" }),
              }
            : {
                json: paths.officer.minutesJson(point.id, minutes.day),
                pdf: paths.officer.minutesPdf(point.id, minutes.day),
                back: paths.officer.point(point.id),
                backLabel: "Quay lại trang điểm",
              },
        // A certified campaign is read-only: no reopening is offered (the service refuses it too).
        ...(user?.role === "board" && campaign?.state !== "certified"
          ? { reopen: paths.boardMinutes.reopen(point.id, minutes.day) }
          : {}),
        ...excusedReasonOf(store, point.id, minutes.day),
        ...(user?.role === "board" ? { checked: checkedOutcome(store, minutes) } : {}),
        csrfToken: c.get("csrfToken"),
        ...(message ? { message } : {}),
      }}
    />
  );
  // The board reads minutes from Tiến độ: its own pages' tabs stay above them.
  if (user?.role === "board") return boardSection(c, "Biên bản kiểm phiếu", "progress", view, status);
  if (isHtmx(c)) return c.html(view, status);
  return page(c, "Biên bản kiểm phiếu", view, status);
}

export const minutesRoutes = new Hono<AppEnv>()
  .get(paths.officer.close(":id"), allow("officer"), (c) => {
    const found = officerPoint(c);
    if (!found) return renderError(c, 404, NOT_YOURS);
    // "Xem lại" after a refusal brings back the incidents typed before it (CLOSE_INCIDENTS_QUERY),
    // only with this login's tag of exactly that text.
    const brought = IncidentsSchema.parse(c.req.query(CLOSE_INCIDENTS_QUERY) ?? "");
    const tag = c.req.query(CLOSE_INCIDENTS_TAG_QUERY) ?? "";
    const typed = brought && sameSecret(tag, incidentsTag(c, brought)) ? brought : "";
    return page(
      c,
      "Kết thúc và kiểm phiếu",
      <CloseConfirm m={closeModel(c, found.point, undefined, typed)} />,
    );
  })

  .post(paths.officer.close(":id"), allow("officer"), async (c) => {
    const found = officerPoint(c);
    if (!found) return renderError(c, 404, NOT_YOURS);
    const form = await readForm(c);
    // The day the page showed: a confirmation is for that day only (a second officer's, or a form
    // sent twice, must not close the next day). A form without it is from a page too old to trust.
    const day = form["day"] ?? "";
    const closed = isIsoDay(day)
      ? closePointDay(c.get("deps"), c.get("actor"), {
          campaignId: found.campaign.id,
          pointId: found.point.id,
          day,
          incidents: [form["incidents"] ?? ""],
        })
      : fail("stale", pageTooOld("chưa có gì thay đổi", "Xin xem lại trước khi kết thúc."));
    if (!closed.ok && closed.error.code === "stale") {
      // No close form again: the day to close now is another one (today's, still voting, perhaps),
      // and the incidents typed were for the day refused. The officer goes back on purpose.
      const shownDay = isIsoDay(day) ? day : null;
      const view = (
        <CloseStale
          pointId={found.point.id}
          message={closed.error.message}
          minutesDay={
            shownDay && c.get("deps").store.minutes.current(found.point.id, shownDay) ? shownDay : null
          }
        />
      );
      return isHtmx(c) ? c.html(view, 409) : page(c, "Kết thúc và kiểm phiếu", view, 409);
    }
    if (!closed.ok) {
      const typed = IncidentsSchema.parse(form["incidents"] ?? "");
      // A kiosk holding a ticket is said once, by the panel that replaces the button.
      const error = closed.error.code === "tickets_outstanding" ? undefined : closed.error.message;
      const view = <CloseConfirm m={closeModel(c, found.point, error, typed)} />;
      return isHtmx(c) ? c.html(view, 409) : page(c, "Kết thúc và kiểm phiếu", view, 409);
    }
    const to = paths.officer.minutes(found.point.id, closed.value.minutes.day);
    if (isHtmx(c)) {
      c.header("HX-Redirect", to);
      return c.body(null, 204);
    }
    return c.redirect(to, 303);
  })

  .get(paths.officer.minutes(":id", ":day"), allow("officer"), (c) => {
    const found = officerPoint(c);
    const day = dayParam(c);
    if (!found || !day) return renderError(c, 404, NOT_YOURS);
    const { store } = c.get("deps");
    const minutes = store.minutes.current(found.point.id, day);
    if (!minutes) {
      // Closed, but the minutes were not made (a crash between the two steps): offer to finish.
      if (store.voting.pointDay(found.point.id, day)?.status === "closed") {
        return page(
          c,
          "Biên bản kiểm phiếu",
          <MinutesMissing pointId={found.point.id} day={day} csrfToken={c.get("csrfToken")} />,
        );
      }
      return renderError(c, 404, NO_MINUTES);
    }
    return minutesResponse(c, found.point, minutes);
  })

  // After a crash between the close and the minutes: finish the job (idempotent).
  .post(paths.officer.minutesMake(":id", ":day"), allow("officer"), (c) => {
    const found = officerPoint(c);
    const day = dayParam(c);
    if (!found || !day) return renderError(c, 404, NOT_YOURS);
    const made = ensureMinutes(c.get("deps"), c.get("actor"), {
      campaignId: found.campaign.id,
      pointId: found.point.id,
      day,
    });
    if (!made.ok) return renderError(c, 409, made.error.message);
    return minutesResponse(c, found.point, made.value);
  })

  .post(paths.officer.minutesSign(":id", ":day"), allow("officer"), async (c) => {
    const found = officerPoint(c);
    const day = dayParam(c);
    const user = c.get("user");
    if (!found || !day || !user) return renderError(c, 404, NOT_YOURS);
    const form = await readForm(c);
    // The version the page showed (a reopen since makes a new one); a form without it is too old.
    const version = formVersion(form);
    const signed =
      version === null
        ? fail("no_minutes", STALE_PAGE)
        : await signMinutes(c.get("deps"), c.get("actor"), {
            userId: user.id,
            pointId: found.point.id,
            day,
            password: form["password"] ?? "",
            version,
          });
    const minutes = c.get("deps").store.minutes.current(found.point.id, day);
    if (!minutes) return renderError(c, 404, NO_MINUTES);
    if (!signed.ok) {
      const { error } = signed;
      if (error.code === "wait") c.header("Retry-After", String(Math.ceil(error.waitMs / 1000)));
      return minutesResponse(
        c,
        found.point,
        minutes,
        { kind: "error", text: error.message, at: "sign" },
        error.code === "wait" ? 429 : 409,
      );
    }
    // The view says, where the form was, what the signature changed and what comes next.
    return minutesResponse(c, found.point, minutes, { kind: "ok", text: "Bạn đã ký biên bản.", at: "sign" });
  })

  .get(paths.officer.minutesJson(":id", ":day"), allow("officer"), (c) => minutesJson(c, officerPoint(c)))

  .get(paths.officer.minutesPdf(":id", ":day"), allow("officer"), (c) => minutesPdf(c, officerPoint(c)))

  .get(paths.boardMinutes.view(":id", ":day"), allow("board"), (c) => {
    const found = boardPoint(c);
    const day = dayParam(c);
    if (!found || !day) return renderError(c, 404, NO_POINT);
    const minutes = c.get("deps").store.minutes.current(found.point.id, day);
    if (!minutes) return renderError(c, 404, NO_MINUTES);
    return minutesResponse(c, found.point, minutes);
  })

  .get(paths.boardMinutes.json(":id", ":day"), allow("board"), (c) => minutesJson(c, boardPoint(c)))

  .get(paths.boardMinutes.keys, allow("board"), (c) => officerKeys(c))

  .get(paths.boardMinutes.pdf(":id", ":day"), allow("board"), (c) => minutesPdf(c, boardPoint(c)))

  .post(paths.boardMinutes.reopen(":id", ":day"), allow("board"), async (c) => {
    const found = boardPoint(c);
    const day = dayParam(c);
    if (!found || !day) return renderError(c, 404, NO_POINT);
    const form = await readForm(c);
    // The version the page showed: a second reopen (another member, or the form sent twice) is refused.
    const version = formVersion(form);
    const reopened =
      version === null || !/^\d{1,2}$/.test(form["ky"] ?? "")
        ? fail("stale", STALE_PAGE)
        : reopenMinutes(c.get("deps"), c.get("actor"), {
            campaignId: found.campaign.id,
            pointId: found.point.id,
            day,
            reason: form["reason"] ?? "",
            version,
            // The signatures the page showed.
            signatures: Number(form["ky"]),
          });
    const current = c.get("deps").store.minutes.current(found.point.id, day);
    if (!reopened.ok) {
      if (!current) return renderError(c, 404, reopened.error.message);
      return minutesResponse(
        c,
        found.point,
        current,
        { kind: "error", text: reopened.error.message, at: "reopen" },
        409,
      );
    }
    return minutesResponse(c, found.point, reopened.value, {
      kind: "ok",
      text: `Đã mở lại: phiên bản ${reopened.value.version} chờ tổ công tác ký lại.`,
      at: "reopen",
    });
  });

const NO_POINT = "Không tìm thấy điểm này.";

/** Officer keys as registered (not as carried in a document): what `verify.ts --keys` trusts. */
function officerKeys(c: Context<AppEnv>) {
  const keys = c
    .get("deps")
    .store.officers.list()
    .map((o) => ({ code: o.username, name: o.displayName, publicKey: o.publicKey }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  c.header("Content-Disposition", 'attachment; filename="khoa-can-bo.json"');
  return c.body(`${JSON.stringify(keys, null, 2)}\n`, 200, {
    "Content-Type": "application/json; charset=utf-8",
  });
}

/** The point for the board: any point of the current campaign. */
function boardPoint(c: Context<AppEnv>): { campaign: Campaign; point: Point } | null {
  const { store } = c.get("deps");
  const campaign = store.campaigns.current();
  const point = campaign ? store.points.get(campaign.id, idParam(c)) : null;
  return campaign && point ? { campaign, point } : null;
}

/** The signed minutes as canonical JSON (RFC 8785), byte for byte what the verifier checks. */
function minutesJson(c: Context<AppEnv>, found: { campaign: Campaign; point: Point } | null) {
  const day = dayParam(c);
  if (!found || !day) return renderError(c, 404, NOT_YOURS);
  const minutes = c.get("deps").store.minutes.current(found.point.id, day);
  if (!minutes) return renderError(c, 404, NO_MINUTES);
  c.header("Content-Disposition", `attachment; filename="bien-ban-${found.point.code}-${day}.json"`);
  return c.body(canonicalJson(signedDocument(minutes)), 200, {
    "Content-Type": "application/json; charset=utf-8",
  });
}

async function minutesPdf(c: Context<AppEnv>, found: { campaign: Campaign; point: Point } | null) {
  const day = dayParam(c);
  if (!found || !day) return renderError(c, 404, NOT_YOURS);
  const { store } = c.get("deps");
  const minutes = store.minutes.current(found.point.id, day);
  if (!minutes) return renderError(c, 404, NO_MINUTES);
  const ruleSet = resolveRuleSet(found.campaign.ruleSet);
  if (!ruleSet.ok) return renderError(c, 409, ruleSet.error.message);
  const commune = store.campaigns.commune(found.campaign.id, found.point.communeId);
  const doc = signedDocument(minutes) as MinutesDocument;
  const model = toMinutesPdfModel(doc, {
    issuer: teamIssuerOf(found.campaign.aggregator, found.point.name),
    communeName: commune?.name ?? "",
    newCommuneName: commune?.mergedInto ?? "",
    ruleSet: ruleSet.value,
    checks: minutes.checks,
    rosterUnit: rosterUnitAt(store, found.campaign, found.point.id, doc.commitments.roster),
    publicKeys: new Map(store.officers.list().map((o) => [o.username, o.publicKey])),
  });
  const pdf = await renderMinutesPdf({
    ...model,
    status: { version: minutes.version, complete: isMinutesComplete(store, minutes) },
  });
  c.header("Content-Disposition", `attachment; filename="bien-ban-${found.point.code}-${day}.pdf"`);
  return c.body(pdf.slice().buffer as ArrayBuffer, 200, { "Content-Type": "application/pdf" });
}
