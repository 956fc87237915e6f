/** @jsxImportSource hono/jsx */

import { AUDIT_ACTION_LABELS, isAuditAction } from "../server/domain/audit.ts";
import type { AuditEntry, ChainCheck } from "../server/domain/audit-chain.ts";
import { formatDateTime } from "../server/domain/calendar.ts";
import { formatCount } from "../server/domain/format.ts";
import { paths } from "../server/http/paths.ts";

const REASONS: Record<string, string> = {
  prev_mismatch: "không khớp với mục liền trước",
  hash_mismatch: "nội dung đã bị sửa",
  seq_gap: "thiếu mục trước đó",
};

/** An action in the board's words; an unknown name (from a newer version) is shown as written. */
export const actionLabel = (action: string): string =>
  isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : action;

/** The log's filters as the query string carries them (names in Vietnamese, like every path). */
export type AuditFilter = { action: string; actor: string; point: number | null };

export type AuditModel = {
  check: ChainCheck;
  entries: (AuditEntry & { words: string[]; subjectName: string | null })[];
  filter: AuditFilter;
  /** Choices for the filters: what the log holds, and the campaign's points. */
  actions: string[];
  actors: string[];
  points: { id: number; code: string; name: string }[];
  page: number;
  pages: number;
  total: number;
  /** The head when the first page was shown: pages stay put while new entries arrive. */
  upTo: number;
};

/** The query string of a page of the log with the same filters. */
export function auditHref(filter: AuditFilter, page: number, upTo: number): string {
  const q = new URLSearchParams();
  if (filter.action) q.set("thao-tac", filter.action);
  if (filter.actor) q.set("nguoi", filter.actor);
  if (filter.point !== null) q.set("diem", String(filter.point));
  if (page > 1) {
    q.set("trang", String(page));
    q.set("den", String(upTo));
  }
  const s = q.toString();
  return s ? `${paths.board.audit}?${s}` : paths.board.audit;
}

/**
 * Nhật ký thao tác (issue #14): every entry in words — the action's Vietnamese label, the kiosk
 * ("Máy 3") and day where one is involved — newest first, 50 to a page, filtered by action, actor
 * and point; the raw details stay one click away for an auditor.
 */
export function AuditPage({ m }: { m: AuditModel }) {
  const { filter } = m;
  const filtered = filter.action !== "" || filter.actor !== "" || filter.point !== null;
  return (
    <section class="card" id="audit" aria-labelledby="audit-title">
      <h1 id="audit-title">Nhật ký thao tác</h1>
      {m.check.ok ? (
        <p class="alert alert-ok" role="status">
          Chuỗi nhật ký nguyên vẹn: {formatCount(m.check.count)} mục, mã băm cuối{" "}
          <code>{m.check.head.slice(0, 16)}…</code>
        </p>
      ) : (
        <p class="alert alert-error" role="alert">
          Chuỗi nhật ký bị phá vỡ tại mục số {m.check.error.seq}: {REASONS[m.check.error.reason]}.
        </p>
      )}
      <form method="get" action={paths.board.audit} class="audit-filters">
        <div class="field">
          <label for="f-action">Thao tác</label>
          <select id="f-action" name="thao-tac">
            <option value="">Mọi thao tác</option>
            {m.actions
              .map((a) => ({ a, label: actionLabel(a) }))
              .sort((x, y) => x.label.localeCompare(y.label, "vi"))
              .map(({ a, label }) => (
                <option value={a} selected={a === filter.action}>
                  {label}
                </option>
              ))}
          </select>
        </div>
        <div class="field">
          <label for="f-actor">Người thực hiện</label>
          <select id="f-actor" name="nguoi">
            <option value="">Mọi người</option>
            {m.actors.map((a) => (
              <option value={a} selected={a === filter.actor}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-point">Điểm lấy phiếu</label>
          <select id="f-point" name="diem">
            <option value="">Mọi điểm</option>
            {m.points.map((p) => (
              <option value={String(p.id)} selected={p.id === filter.point}>
                {p.code} — {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-small">
            Lọc
          </button>
          {filtered ? (
            <a class="btn btn-small btn-quiet" href={paths.board.audit}>
              Bỏ lọc
            </a>
          ) : null}
        </div>
      </form>
      <p class="muted" data-audit-total={m.total}>
        {m.total === 0
          ? "Không có mục nào khớp."
          : `${formatCount(m.total)} mục${filtered ? " khớp" : ""}, mới nhất trước · trang ${m.page}/${m.pages}`}
      </p>
      {m.entries.length > 0 ? (
        <div class="table-scroll">
          <table class="audit-table">
            <thead>
              <tr>
                <th class="num">Số</th>
                <th>Thời điểm</th>
                <th>Người thực hiện</th>
                <th>Thao tác</th>
                <th>Đối tượng</th>
                <th>Chi tiết</th>
              </tr>
            </thead>
            <tbody>
              {m.entries.map((e) => (
                <tr data-seq={e.seq} data-action={e.action}>
                  <td class="num">{e.seq}</td>
                  <td class="nowrap">{formatDateTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>{actionLabel(e.action)}</td>
                  <td>
                    {e.subject}
                    {e.subjectName ? <span class="muted"> ({e.subjectName})</span> : null}
                  </td>
                  <td>
                    {e.words.length > 0 ? e.words.join(" · ") : null}
                    {Object.keys(e.details).length > 0 ? (
                      <details class="raw-details">
                        <summary>dữ liệu gốc</summary>
                        <code>{JSON.stringify(e.details)}</code>
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {m.pages > 1 ? (
        <nav class="pager" aria-label="Trang nhật ký">
          {m.page > 1 ? (
            <a class="btn btn-small btn-quiet" href={auditHref(filter, m.page - 1, m.upTo)} rel="prev">
              ← Mới hơn
            </a>
          ) : null}
          <span>
            Trang {m.page}/{m.pages}
          </span>
          {m.page < m.pages ? (
            <a class="btn btn-small btn-quiet" href={auditHref(filter, m.page + 1, m.upTo)} rel="next">
              Cũ hơn →
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
