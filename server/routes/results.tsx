/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  excuseAt,
  OfficialResultSection,
  type ResultsFilter,
  type ResultsModel,
  ResultsSection,
} from "../../views/results-page.tsx";
import { publicKeyFingerprint } from "../crypto/keys.ts";
import { filterAggregate, preparedAtOf, resultsDocument, toAggregatePdfModel } from "../domain/aggregate.ts";
import { vietnamDate, vietnamTime } from "../domain/calendar.ts";
import { resultsCsv } from "../export/results-csv.ts";
import { resultsXlsx } from "../export/results-xlsx.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { paths } from "../http/paths.ts";
import { renderError } from "../http/respond.tsx";
import { boardSection } from "../http/section.tsx";
import { renderAggregatePdf } from "../pdf/aggregate-pdf.ts";
import type { PdfSignature } from "../pdf/document.ts";
import { createBoardKey } from "../services/board-keys.ts";
import {
  certifyResults,
  excusePointDay,
  type LoadedAggregate,
  loadAggregate,
  missingOfficials,
  readinessOf,
  resultsBytes,
  signedResults,
} from "../services/results.ts";
import { verifyAll } from "../services/verify-points.ts";
import { idParam, toCampaignCreation } from "./setup-shared.ts";

type Message = NonNullable<ResultsModel["message"]>;

/** Filters from the query string, kept only when they name a commune that exists. */
function filterOf(c: Context<AppEnv>, loaded: LoadedAggregate): ResultsFilter {
  const communes = loaded.input.communes;
  const newCommune = c.req.query("xa-moi")?.normalize("NFC");
  const commune = c.req.query("xa");
  return {
    newCommune: communes.some((x) => x.mergedInto === newCommune) ? newCommune : undefined,
    commune: communes.some((x) => x.code === commune) ? commune : undefined,
  };
}

/**
 * A filter in the address that names no commune of the campaign (a stale bookmark, a typo) is
 * dropped, and said: the page shows the whole campaign rather than pretend to filter.
 */
function unknownFilterMessage(c: Context<AppEnv>, filter: ResultsFilter): Message | undefined {
  const asked = [
    [c.req.query("xa-moi"), filter.newCommune],
    [c.req.query("xa"), filter.commune],
  ] as const;
  const unknown = asked
    .filter(([given, kept]) => given && kept === undefined)
    .map(([given]) => (given ?? "").normalize("NFC").slice(0, 40));
  if (unknown.length === 0) return undefined;
  return {
    kind: "warn",
    text: `Không có xã “${unknown.join("”, “")}” trong đợt lấy phiếu này, nên bộ lọc đó không được dùng.`,
  };
}

function model(c: Context<AppEnv>, loaded: LoadedAggregate, given?: Message): ResultsModel {
  const { store } = c.get("deps");
  const a = loaded.aggregate;
  const filter = filterOf(c, loaded);
  const message = given ?? unknownFilterMessage(c, filter);
  const readiness = readinessOf(loaded, c.get("deps").clock.now());
  const { digest } = readiness.ok ? readiness.value : resultsBytes(resultsDocument(a));
  const cert = loaded.certification;
  const user = c.get("user");
  const key = user ? store.boardKeys.get(user.id) : null;
  return {
    campaign: { code: loaded.campaign.code, name: loaded.campaign.name, state: loaded.campaign.state },
    aggregate: a,
    communes: loaded.input.communes,
    filter,
    shown: filterAggregate(a, loaded.input.communes, filter),
    missingOf: missingOfficials(c.get("deps").store, loaded),
    certification: cert
      ? {
          member: cert.memberCode,
          at: cert.certifiedAt,
          digest: cert.digest,
          matches: cert.digest === digest,
        }
      : null,
    notReady: readiness.ok ? null : readiness.error.message,
    keyFingerprint: key ? publicKeyFingerprint(key.publicKey) : null,
    digest,
    today: vietnamDate(c.get("deps").clock.now()),
    time: vietnamTime(c.get("deps").clock.now()),
    csrfToken: c.get("csrfToken"),
    ...(message ? { message } : {}),
  };
}

/** The results section (htmx) or page, after loading the aggregate afresh. */
function respond(c: Context<AppEnv>, message?: Message, status: ContentfulStatusCode = 200) {
  const loaded = loadAggregate(c.get("deps").store);
  if (!loaded.ok) {
    if (loaded.error.code === "no_campaign") return toCampaignCreation(c);
    return renderError(c, 409, loaded.error.message);
  }
  return boardSection(
    c,
    "Kết quả tổng hợp",
    "results",
    <ResultsSection m={model(c, loaded.value, message)} />,
    status,
  );
}

/**
 * A refused key-password action (certify, make a key): the results section with the reason, 429 and
 * Retry-After while the member must wait after wrong passwords, 409 otherwise.
 */
function refuse(c: Context<AppEnv>, error: { code: string; message: string; waitMs?: number }) {
  // Said under the password just typed ("Xác nhận kết quả" section), not at the top of the page.
  const message = { kind: "error", text: error.message, near: "certify" } as const;
  if (error.code === "wait" && error.waitMs !== undefined) {
    c.header("Retry-After", String(Math.ceil(error.waitMs / 1000)));
    return respond(c, message, 429);
  }
  return respond(c, message, 409);
}

/** Loads the aggregate for a download, or answers with the reason it cannot be made. */
function loadedOr(c: Context<AppEnv>): LoadedAggregate | Response | Promise<Response> {
  const loaded = loadAggregate(c.get("deps").store);
  if (!loaded.ok)
    return renderError(c, loaded.error.code === "no_campaign" ? 404 : 409, loaded.error.message);
  return loaded.value;
}

/**
 * The Vietnam day the aggregate's point-day states stand for: the certification's for the certified
 * report (its states are the certified ones), today for a draft (read now, whatever the date of the
 * last check or excusal it is dated by).
 */
const statesDay = (c: Context<AppEnv>, certifiedAt: string | null): string =>
  vietnamDate(certifiedAt === null ? c.get("deps").clock.now() : new Date(certifiedAt));

const attachment = (c: Context<AppEnv>, name: string) =>
  c.header("Content-Disposition", `attachment; filename="${name}"`);

/**
 * The PDF's date, signature lines and digest, from the stored data only (same data, same bytes; the
 * words for a point-day not opened also depend on the day, `statesDay`).
 */
function pdfExtra(c: Context<AppEnv>, loaded: LoadedAggregate) {
  const { store } = c.get("deps");
  const { digest } = resultsBytes(resultsDocument(loaded.aggregate));
  const cert = loaded.certification?.digest === digest ? loaded.certification : null;
  const members = new Map(store.users.list().map((u) => [u.username, u.displayName]));
  const signatures: PdfSignature[] = cert
    ? [
        {
          officer: members.get(cert.memberCode) ?? cert.memberCode,
          role: "Thành viên Ban Tổ chức",
          fingerprint: publicKeyFingerprint(cert.publicKey),
          signed: true,
        },
      ]
    : store.boardKeys.list().map((k) => ({
        officer: k.name,
        role: "Thành viên Ban Tổ chức",
        fingerprint: publicKeyFingerprint(k.publicKey),
        signed: false,
      }));
  return {
    communes: loaded.input.communes,
    district: loaded.campaign.district,
    preparedAt:
      cert?.certifiedAt ??
      preparedAtOf(loaded.aggregate, loaded.campaign.stampedAt ?? "1970-01-01T00:00:00.000Z"),
    certifiedAt: cert?.certifiedAt ?? null,
    signatures,
    digest,
    missingOf: missingOfficials(c.get("deps").store, loaded),
  };
}

export const resultsRoutes = new Hono<AppEnv>()
  .get(paths.results.page, allow("board"), (c) => respond(c))

  .get(paths.results.official(":code"), allow("board"), (c) => {
    const loaded = loadAggregate(c.get("deps").store);
    if (!loaded.ok) return renderError(c, 404, loaded.error.message);
    const code = c.req.param("code");
    const official = loaded.value.aggregate.officials.find((o) => o.code === code);
    if (!official) return renderError(c, 404, "Không tìm thấy người được lấy phiếu này.");
    const commune = loaded.value.input.communes.find((x) => x.code === official.commune);
    return boardSection(
      c,
      `Kết quả — ${official.name}`,
      "results",
      <OfficialResultSection
        m={{
          official,
          ruleSet: loaded.value.aggregate.ruleSet,
          communeName: commune ? `${commune.name} (nay thuộc ${commune.mergedInto})` : official.commune,
          communes: loaded.value.input.communes,
          missing: missingOfficials(c.get("deps").store, loaded.value).get(official.code) ?? {
            pending: 0,
            excused: 0,
          },
        }}
      />,
    );
  })

  .post(paths.results.verifyAll, allow("board"), async (c) => {
    const report = await verifyAll(c.get("deps"), c.get("actor"));
    if (!report.ok) return respond(c, { kind: "error", text: report.error.message }, 409);
    const { verified, discrepant, skipped } = report.value;
    const text =
      `Đã kiểm tra ${verified + discrepant.length} biên bản: ${verified} khớp` +
      (discrepant.length > 0
        ? `, ${discrepant.length} có sai lệch (${discrepant.map((d) => `${d.point}: ${d.failed?.label ?? ""}`).join("; ")}).`
        : ".") +
      (skipped > 0 ? ` ${skipped} biên bản vừa thay đổi trong lúc kiểm tra, chưa ghi kết quả.` : "");
    return respond(c, { kind: discrepant.length > 0 ? "error" : "ok", text });
  })

  .post(paths.results.excuse(":id", ":day"), allow("board"), async (c) => {
    const form = await readForm(c);
    const day = c.req.param("day") ?? "";
    const pointId = idParam(c);
    const excused = excusePointDay(c.get("deps"), c.get("actor"), {
      pointId,
      day: /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : "",
      reason: form["reason"] ?? "",
      // The state the row showed: a point-day that changed since is not left out on it.
      seenState: form["tinh-trang"] ?? "",
    });
    // Said under the row whose "Không tính" was pressed, not at the top of a long page.
    const near = excuseAt(pointId, day);
    if (!excused.ok)
      return respond(
        c,
        { kind: "error", text: excused.error.message, near, reason: (form["reason"] ?? "").slice(0, 500) },
        excused.error.code === "gone" ? 404 : 409,
      );
    // Its own day, before it opened: it does not vote today, which the row's question said.
    const today = vietnamDate(c.get("deps").clock.now());
    const noVotingToday = day === today && form["tinh-trang"] === "not_opened";
    return respond(c, {
      kind: "ok",
      text: noVotingToday
        ? "Đã ghi: điểm này không tính vào số liệu tổng hợp và không lấy phiếu hôm nay (tổ công tác không mở được điểm nữa); lý do in trên mọi bản kết quả."
        : "Đã ghi: điểm này không tính vào số liệu tổng hợp, lý do in trên mọi bản kết quả.",
      near,
    });
  })

  .post(paths.results.makeKey, allow("board"), async (c) => {
    const form = await readForm(c);
    const user = c.get("user");
    if (!user) return renderError(c, 401, "Cần đăng nhập.");
    const made = await createBoardKey(c.get("deps"), c.get("actor"), {
      userId: user.id,
      password: form["password"] ?? "",
    });
    if (!made.ok) return refuse(c, made.error);
    return respond(c, {
      kind: "ok",
      // Its fingerprint is on the section's "Khóa ký của bạn" line, right under this answer.
      text: "Đã tạo khóa ký.",
      near: "certify",
    });
  })

  .post(paths.results.certify, allow("board"), async (c) => {
    const form = await readForm(c);
    const user = c.get("user");
    if (!user) return renderError(c, 401, "Cần đăng nhập.");
    // The figures the page showed (its SHA-256): nothing else is certified; a form without it (a page
    // too old) is refused as changed, after what readiness says.
    const digest = /^[0-9a-f]{64}$/.test(form["digest"] ?? "") ? (form["digest"] ?? "") : "";
    const certified = await certifyResults(c.get("deps"), c.get("actor"), {
      userId: user.id,
      password: form["password"] ?? "",
      digest,
    });
    if (!certified.ok) return refuse(c, certified.error);
    return respond(c, { kind: "ok", text: "Đã xác nhận kết quả tổng hợp. Đợt lấy phiếu chỉ còn để xem." });
  })

  .get(paths.results.json, allow("board"), (c) => {
    const loaded = loadedOr(c);
    if (loaded instanceof Response || loaded instanceof Promise) return loaded;
    attachment(c, `ket-qua-${loaded.campaign.code}.json`);
    return c.body(resultsBytes(resultsDocument(loaded.aggregate)).text, 200, {
      "Content-Type": "application/json; charset=utf-8",
    });
  })

  .get(paths.results.csv, allow("board"), (c) => {
    const loaded = loadedOr(c);
    if (loaded instanceof Response || loaded instanceof Promise) return loaded;
    attachment(c, `ket-qua-${loaded.campaign.code}.csv`);
    const extra = pdfExtra(c, loaded);
    const statesOn = statesDay(c, extra.certifiedAt);
    return c.body(resultsCsv(loaded.aggregate, loaded.input.communes, statesOn, extra.missingOf), 200, {
      "Content-Type": "text/csv; charset=utf-8",
    });
  })

  .get(paths.results.xlsx, allow("board"), async (c) => {
    const loaded = loadedOr(c);
    if (loaded instanceof Response || loaded instanceof Promise) return loaded;
    const extra = pdfExtra(c, loaded);
    const bytes = await resultsXlsx(loaded.aggregate, loaded.input.communes, {
      digest: extra.digest,
      preparedAt: extra.preparedAt,
      statesOn: statesDay(c, extra.certifiedAt),
      missingOf: extra.missingOf,
    });
    attachment(c, `ket-qua-${loaded.campaign.code}.xlsx`);
    return c.body(bytes.slice().buffer as ArrayBuffer, 200, {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
  })

  .get(paths.results.pdf, allow("board"), async (c) => {
    const loaded = loadedOr(c);
    if (loaded instanceof Response || loaded instanceof Promise) return loaded;
    const extra = pdfExtra(c, loaded);
    const pdf = await renderAggregatePdf(
      toAggregatePdfModel(loaded.aggregate, extra),
      statesDay(c, extra.certifiedAt),
    );
    attachment(c, `bien-ban-tong-hop-${loaded.campaign.code}.pdf`);
    return c.body(pdf.slice().buffer as ArrayBuffer, 200, { "Content-Type": "application/pdf" });
  })

  .get(paths.results.signed, allow("board"), (c) => {
    const { store } = c.get("deps");
    const campaign = store.campaigns.current();
    const cert = campaign ? store.results.certification(campaign.id) : null;
    if (!campaign || !cert) return renderError(c, 404, "Kết quả chưa được xác nhận.");
    attachment(c, `ket-qua-da-ky-${campaign.code}.json`);
    return c.body(signedResults(cert), 200, { "Content-Type": "application/json; charset=utf-8" });
  })

  .get(paths.results.boardKeys, allow("board"), (c) => {
    attachment(c, "khoa-ban-to-chuc.json");
    return c.body(`${JSON.stringify(c.get("deps").store.boardKeys.list(), null, 2)}\n`, 200, {
      "Content-Type": "application/json; charset=utf-8",
    });
  });
