/** @jsxImportSource hono/jsx */

import { AUDIT_ACTION_LABELS, isAuditAction } from "../server/domain/audit.ts";
import type { AuditEntry, ChainCheck } from "../server/domain/audit-chain.ts";
import { formatDateTime } from "../server/domain/calendar.ts";

const REASONS: Record<string, string> = {
  prev_mismatch: "không khớp với mục liền trước",
  hash_mismatch: "nội dung đã bị sửa",
  seq_gap: "thiếu mục trước đó",
};

export function AuditPage({ check, entries }: { check: ChainCheck; entries: AuditEntry[] }) {
  return (
    <section class="card" aria-labelledby="audit-title">
      <h1 id="audit-title">Nhật ký thao tác</h1>
      {check.ok ? (
        <p class="alert alert-ok" role="status">
          Chuỗi nhật ký nguyên vẹn: {check.count} mục, mã băm cuối <code>{check.head.slice(0, 16)}…</code>
        </p>
      ) : (
        <p class="alert alert-error" role="alert">
          Chuỗi nhật ký bị phá vỡ tại mục số {check.error.seq}: {REASONS[check.error.reason]}.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th class="num">Số</th>
            <th>Thời điểm</th>
            <th>Người thực hiện</th>
            <th>Thao tác</th>
            <th>Đối tượng</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td class="num">{e.seq}</td>
              <td>{formatDateTime(e.at)}</td>
              <td>{e.actor}</td>
              <td>
                {isAuditAction(e.action) ? AUDIT_ACTION_LABELS[e.action] : e.action}{" "}
                <code class="muted">{e.action}</code>
              </td>
              <td>{e.subject}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
