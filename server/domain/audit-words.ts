import { formatDate, formatTime } from "./calendar.ts";

/**
 * The details of an audit entry in words for the board's log (issue #14): "Máy 3", "ngày
 * 30/11/2026", "lý do: …" instead of a JSON object. Only known members are worded; the page keeps
 * the raw details beside for an auditor. Pure: `pointName` turns a point id (some entries, e.g.
 * signatures, are about an officer and name their point by id) into its name.
 */
export function auditDetailWords(
  details: Record<string, unknown>,
  pointName: (id: number) => string | null = () => null,
): string[] {
  const words: string[] = [];
  const d = details;
  const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
  const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

  // The kiosk comes first: it is what an auditor looks for in a pairing, a void or an alert.
  const kiosk = text(d["kiosk"]);
  if (kiosk) words.push(kiosk);
  if (Array.isArray(d["kiosks"])) {
    const labels = d["kiosks"].filter((k): k is string => typeof k === "string");
    if (labels.length > 0) words.push(`các máy ${labels.join(", ")}`);
  }
  const pointId = num(d["point"]);
  if (pointId !== null) words.push(pointName(pointId) ?? `điểm số ${pointId}`);
  const day = text(d["day"]);
  if (day && /^\d{4}-\d{2}-\d{2}$/.test(day)) words.push(`ngày ${formatDate(day)}`);
  const version = num(d["version"]);
  if (version !== null) words.push(`phiên bản ${version}`);
  if (d["awaitingConfirmation"] === true) words.push("chờ cán bộ thứ hai xác nhận");
  const pairedBy = text(d["pairedBy"]);
  if (pairedBy) words.push(`kết nối bởi ${pairedBy}`);
  const until = text(d["until"]);
  if (until && !Number.isNaN(Date.parse(until))) words.push(`mở đến ${formatTime(until)}`);
  const silent = num(d["silentMinutes"]);
  if (silent !== null) words.push(`im lặng quá ${silent} phút`);
  if (d["zeroReport"] && typeof d["zeroReport"] === "object")
    words.push("báo cáo số 0: chưa phát, chưa thu phiếu nào");
  const roster = num(d["roster"]);
  if (roster !== null) words.push(`${roster} người trong danh sách`);
  const fast = num(d["fast"]);
  const of = num(d["of"]);
  if (fast !== null && of !== null) words.push(`${fast}/${of} phiếu gần nhất gửi nhanh bất thường`);
  const lost = num(d["lost"]);
  if (lost !== null) words.push(`${lost} phiếu bị mất`);
  // A close's counts: what was handed out, came back, was voided and handed out again.
  const issued = num(d["issued"]);
  const collected = num(d["collected"]);
  const voided = num(d["voided"]);
  if (issued !== null) words.push(`${issued} phiếu phát ra`);
  if (collected !== null) words.push(`${collected} phiếu thu về`);
  if (voided !== null && voided > 0) words.push(`${voided} lượt hủy`);
  const reissued = num(d["reissued"]);
  // A re-issue (it names the lost tickets) is the n-th; elsewhere it is a count, said when not 0.
  if (reissued !== null && lost !== null) words.push(`lần phát lại thứ ${reissued}`);
  else if (reissued !== null && reissued > 0) words.push(`${reissued} phiếu phát lại`);
  const failures = num(d["failures"]);
  if (failures !== null) words.push(`sai ${failures} lần`);
  if (d["locked"] === true) words.push("đã tạm khóa");
  const entries = num(d["entries"]);
  if (entries !== null) words.push(`${entries} người`);
  const reason = text(d["reason"]);
  if (reason) words.push(`lý do: “${reason}”`);
  return words;
}
