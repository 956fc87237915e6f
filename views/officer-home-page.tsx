/** @jsxImportSource hono/jsx */
import { publicKeyFingerprint } from "../server/crypto/keys.ts";
import { formatDate } from "../server/domain/calendar.ts";
import type { Campaign } from "../server/domain/campaign.ts";
import type { Officer, Point } from "../server/domain/setup.ts";
import type { User } from "../server/domain/users.ts";
import type { PointDayStatus } from "../server/domain/voting.ts";
import { paths } from "../server/http/paths.ts";
import type { MinutesSignatures } from "../server/services/signers.ts";
import { signatureCount } from "./components.tsx";

/** One of the point's days up to today: its state and, once closed, where its minutes stand. */
export type OfficerDay = {
  day: string;
  status: PointDayStatus;
  /** The board left this point-day out of the totals ("Không tính"). */
  excused: boolean;
  minutes: MinutesSignatures | null;
};

export function OfficerHomePage(props: {
  user: User;
  officer: Officer | null;
  /** The officer's points, each with its days up to today. */
  points: { point: Point; days: OfficerDay[] }[];
  today: string;
  campaign: Campaign | null;
}) {
  const { user, officer, points, campaign } = props;
  return (
    <section class="card" aria-labelledby="officer-title">
      {campaign?.isSample ? (
        <p class="alert alert-warn" role="status">
          Đây là dữ liệu mẫu để làm quen với hệ thống: mọi tên người đều là giả định.
        </p>
      ) : null}
      <h1 id="officer-title">Tổ công tác</h1>
      <p>
        Xin chào {user.displayName}
        {officer ? ` — ${officer.teamRole}` : ""}.
      </p>
      {campaign ? (
        <p>
          Đợt lấy phiếu: <strong>{campaign.name}</strong>.
        </p>
      ) : (
        <p class="muted">Chưa có đợt lấy phiếu nào.</p>
      )}
      {points.length > 0 ? (
        <>
          <h2>Điểm lấy phiếu của bạn</h2>
          <ul class="officer-points">
            {points.map(({ point, days }) => (
              <li data-officer-point={point.code}>
                <a href={paths.officer.point(point.id)}>
                  {point.code} — {point.name}
                </a>
                , ngày {point.days.map(formatDate).join(", ")}
                {days.length > 0 ? (
                  <ul>
                    {days.map((d) => (
                      <DayLine point={point} d={d} today={props.today} />
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {officer ? (
        <p>
          Dấu vân tay khóa ký của bạn: <code>{publicKeyFingerprint(officer.publicKey)}</code>. Dấu này sẽ in
          trên biên bản bạn ký; hãy so với bản Ban Tổ chức giữ.
        </p>
      ) : null}
    </section>
  );
}

/**
 * Where one day of the point stands, in one line, with the one thing to do when there is one: a
 * day left open, minutes waiting for this officer's signature (the officer's home is where they land
 * after logging in on a later day, so unsigned minutes must be reachable from here).
 */
function DayLine({ point, d, today }: { point: Point; d: OfficerDay; today: string }) {
  const when = d.day === today ? `Hôm nay (${formatDate(d.day)})` : `Ngày ${formatDate(d.day)}`;
  const minutes = paths.officer.minutes(point.id, d.day);
  const m = d.minutes;
  return (
    <li data-officer-day={d.day}>
      {when}:{" "}
      {d.status === "not_opened" ? (
        d.excused ? (
          d.day === today ? (
            "điểm không lấy phiếu."
          ) : (
            "điểm không mở."
          )
        ) : d.day === today ? (
          "chưa mở điểm."
        ) : (
          "điểm không mở."
        )
      ) : d.status === "open" || d.status === "paused" ? (
        <>
          {d.day < today ? (
            // Its day is over: nothing more is cast; it is not "đang lấy phiếu" (Tiến độ says the same).
            <>
              quá ngày, chưa kết thúc: <a href={paths.officer.close(point.id)}>Kết thúc và kiểm phiếu</a>
            </>
          ) : d.status === "open" ? (
            "đang lấy phiếu"
          ) : (
            "đang tạm dừng"
          )}
          .
        </>
      ) : !m ? (
        <>
          đã kết thúc, chưa có biên bản: <a href={paths.officer.point(point.id)}>xem điểm</a>.
        </>
      ) : m.complete ? (
        <>
          đã kết thúc; <a href={minutes}>biên bản</a> đã chuyển về Ban Tổ chức. {signatureCount(m)}.
        </>
      ) : !m.canSign ? (
        <>
          đã kết thúc;{" "}
          {m.viewerSigned ? (
            <>
              bạn đã ký <a href={minutes}>biên bản</a>
            </>
          ) : (
            <>
              <a href={minutes}>biên bản</a> chưa đủ chữ ký
            </>
          )}
          . {signatureCount(m)}.
        </>
      ) : (
        <>
          đã kết thúc; <strong>biên bản chờ bạn ký</strong>: <a href={minutes}>Xem lại và ký biên bản</a>.{" "}
          {signatureCount(m)}.
        </>
      )}
      {/* The board's decision, as the console says it: the team must not learn it from the totals. */}
      {d.excused ? " Ban Tổ chức đã quyết định không tính ngày này vào số liệu tổng hợp." : null}
    </li>
  );
}
