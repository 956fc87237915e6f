/** @jsxImportSource hono/jsx */

import { formatDate } from "../server/domain/calendar.ts";
import type { Campaign } from "../server/domain/campaign.ts";
import type { FieldErrors, FormValues } from "../server/domain/setup.ts";
import {
  BUILT_IN_RULE_SET_IDS,
  citeRuleSet,
  DENOMINATOR_LABELS,
  RULE_SETS,
} from "../server/domain/threshold.ts";
import { paths } from "../server/http/paths.ts";
import { Field, HxForm, LockedNotice, Notice, Select } from "./components.tsx";

export type CampaignField =
  | "code"
  | "name"
  | "aggregator"
  | "district"
  | "days"
  | "onePer"
  | "ruleSet"
  | "customDenominator"
  | "customFirst"
  | "customSecond"
  | "minTurnoutPercent"
  | "smallPointThreshold"
  | "twoOfficerPairing"
  | "requiredSigners"
  | "kioskIdleMinutes";

export type CampaignFormModel = {
  /** null: no campaign yet, the form creates one. */
  campaign: Campaign | null;
  editable: boolean;
  csrfToken: string;
  values?: FormValues<CampaignField>;
  errors?: FieldErrors<CampaignField>;
  message?: { kind: "ok" | "error"; text: string };
};

/** Defaults for a new campaign: what the law leaves open, set to the common practice (DESIGN §3). */
const NEW_CAMPAIGN: FormValues<CampaignField> = {
  aggregator: "Ban Tổ chức Huyện ủy",
  onePer: "resident",
  ruleSet: "qd96-2023",
  customDenominator: "collected",
  customFirst: "1/2",
  customSecond: "2/3",
  minTurnoutPercent: "",
  smallPointThreshold: "5",
  twoOfficerPairing: "1",
  requiredSigners: "2",
  kioskIdleMinutes: "2",
};

export function campaignValues(c: Campaign | null): FormValues<CampaignField> {
  if (!c) return NEW_CAMPAIGN;
  const custom = typeof c.ruleSet === "string" ? null : c.ruleSet;
  const frac = (t: { numerator: number; denominator: number } | undefined) =>
    t ? `${t.numerator}/${t.denominator}` : "";
  return {
    code: c.code,
    name: c.name,
    aggregator: c.aggregator,
    district: c.district,
    days: c.days.map(formatDate).join(", "),
    onePer: c.onePer,
    ruleSet: custom ? "custom" : String(c.ruleSet),
    customDenominator: custom?.denominator ?? "collected",
    customFirst: frac(custom?.thresholds.over_half) || "1/2",
    customSecond: frac(custom?.thresholds.two_thirds) || "2/3",
    minTurnoutPercent: c.minTurnoutPercent === null ? "" : String(c.minTurnoutPercent),
    smallPointThreshold: String(c.smallPointThreshold),
    twoOfficerPairing: c.twoOfficerPairing ? "1" : "0",
    requiredSigners: String(c.requiredSigners),
    kioskIdleMinutes: String(c.kioskIdleMinutes),
  };
}

/** The campaign's settings, each with the default stated on screen where the law leaves it open. */
export function CampaignSection({ m }: { m: CampaignFormModel }) {
  const v = m.values ?? campaignValues(m.campaign);
  const e = m.errors ?? {};
  return (
    <section class="card" id="campaign" aria-labelledby="campaign-form-title">
      <h1 id="campaign-form-title">{m.campaign ? "Đợt lấy phiếu" : "Tạo đợt lấy phiếu"}</h1>
      {m.message ? <Notice kind={m.message.kind}>{m.message.text}</Notice> : null}
      {m.editable ? null : <LockedNotice />}
      <HxForm action={paths.board.campaign} target="#campaign" csrfToken={m.csrfToken}>
        <fieldset disabled={!m.editable} class="plain">
          <div class="form-grid">
            <Field name="name" label="Tên đợt lấy phiếu" value={v.name} error={e.name} />
            <Field name="code" label="Mã đợt" value={v.code} error={e.code} />
            <Field
              name="aggregator"
              label="Cơ quan tổng hợp"
              value={v.aggregator}
              error={e.aggregator}
              hint="Mặc định: Ban Tổ chức Huyện ủy; sửa được vì từ năm 2025 không còn cấp huyện."
            />
            <Field name="district" label="Địa bàn" value={v.district} error={e.district} />
            <Field
              name="days"
              label="Các ngày lấy phiếu"
              value={v.days}
              error={e.days}
              hint="Ghi dạng ngày/tháng/năm, cách nhau bằng dấu phẩy. Ví dụ: 27/10/2026, 28/10/2026"
            />
            <Select
              name="onePer"
              label="Mỗi phiếu dành cho"
              value={v.onePer}
              error={e.onePer}
              options={[
                { value: "resident", label: "Mỗi cử tri một phiếu (mặc định)" },
                { value: "household", label: "Mỗi hộ gia đình một phiếu (người đại diện hộ)" },
              ]}
            />
            <Field
              name="minTurnoutPercent"
              label="Tỉ lệ cử tri tham gia tối thiểu (%)"
              value={v.minTurnoutPercent}
              error={e.minTurnoutPercent}
              hint="Chỉ để cảnh báo, không chặn. Mặc định: để trống (không cảnh báo)."
            />
            <Field
              name="smallPointThreshold"
              label="Cảnh báo điểm có ít phiếu (số phiếu)"
              value={v.smallPointThreshold}
              error={e.smallPointThreshold}
              hint="Khi một điểm thu về ít hơn số này, kết quả riêng của điểm có thể làm lộ lựa chọn của từng người. Mặc định: 5."
            />
            <Field
              name="requiredSigners"
              label="Số cán bộ ký biên bản kiểm phiếu"
              value={v.requiredSigners}
              error={e.requiredSigners}
              hint="Trong đó luôn có Tổ trưởng. Từ 2 đến 9. Mặc định: 2."
            />
            <Field
              name="kioskIdleMinutes"
              label="Máy ghi phiếu hỏi cử tri sau (phút không chạm)"
              value={v.kioskIdleMinutes}
              error={e.kioskIdleMinutes}
              hint="Máy hỏi “Bạn còn đang ghi phiếu không?”; không ai trả lời thì báo tổ công tác. Không tự gửi hay hủy phiếu. Từ 1 đến 30. Mặc định: 2."
            />
          </div>
          <Select
            name="ruleSet"
            label="Quy định áp dụng để tính kết quả"
            value={v.ruleSet}
            error={e.ruleSet}
            options={[
              ...BUILT_IN_RULE_SET_IDS.map((id) => ({
                value: id,
                label: `${citeRuleSet(RULE_SETS[id])} — tính trên ${DENOMINATOR_LABELS[RULE_SETS[id].denominator]}`,
              })),
              { value: "custom", label: "Quy định riêng của đợt (tự đặt mẫu số và ngưỡng)" },
            ]}
          />
          <div class="form-grid">
            <Select
              name="customDenominator"
              label="Quy định riêng: tính tỉ lệ trên"
              value={v.customDenominator}
              error={e.customDenominator}
              options={(["collected", "roster", "valid"] as const).map((k) => ({
                value: k,
                label: DENOMINATOR_LABELS[k],
              }))}
            />
            <Field
              name="customFirst"
              label="Quy định riêng: ngưỡng thứ nhất (quá …)"
              value={v.customFirst}
              error={e.customFirst}
            />
            <Field
              name="customSecond"
              label="Quy định riêng: ngưỡng thứ hai (từ … trở lên)"
              value={v.customSecond}
              error={e.customSecond}
            />
          </div>
          <p class="hint">Ba ô “quy định riêng” chỉ dùng khi chọn “Quy định riêng của đợt”.</p>
          <div class={e.twoOfficerPairing ? "field has-error" : "field"}>
            {/* Unchecked boxes send nothing: the hidden "0" makes "off" an explicit answer. */}
            <input type="hidden" name="twoOfficerPairing" value="0" />
            <label class="check">
              <input
                type="checkbox"
                name="twoOfficerPairing"
                value="1"
                checked={v.twoOfficerPairing !== "0"}
                aria-describedby="twoOfficerPairing-hint"
              />{" "}
              Kết nối máy ghi phiếu cần cán bộ thứ hai của tổ xác nhận
            </label>
            <p class="hint" id="twoOfficerPairing-hint">
              Mặc định: có. Một cán bộ nhập mã hiện trên máy, một cán bộ khác của cùng tổ bấm “Xác nhận” trên
              máy của mình; đến lúc đó máy chưa nhận phiếu. Nhờ vậy một người không thể tự kết nối một “máy”
              giả để ghi phiếu thay cử tri vắng mặt.
            </p>
            {e.twoOfficerPairing ? <p class="field-error">{e.twoOfficerPairing}</p> : null}
          </div>
          {m.editable ? (
            <div class="form-actions">
              <button type="submit" class="btn">
                {m.campaign ? "Lưu" : "Tạo đợt lấy phiếu"}
              </button>
            </div>
          ) : null}
        </fieldset>
      </HxForm>
    </section>
  );
}
