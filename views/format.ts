/** "27/10/2026": dates as Vietnamese readers write them. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** "14:05 27/10/2026" in Vietnam time (UTC+7, no daylight saving). */
export function formatDateTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
  return `${t.slice(11, 16)} ${formatDate(t)}`;
}
