/**
 * Calendar days as the polling points live them. A day is an ISO string "YYYY-MM-DD" (such strings
 * sort the way days do); the day of an instant is the day in Vietnam (UTC+7 all year, no daylight
 * saving), where the points are; a day is shown "27/10/2026", the way Vietnamese readers write it.
 * Pure: an instant is always passed in, never read from a clock (DESIGN §7).
 */

/** Vietnam's offset from UTC, all year round. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant as Vietnam's wall clock, in `toISOString` form: "2026-10-27T14:05:00.000Z" is 14:05 there. */
const vietnamWallClock = (instant: Date): string =>
  new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString();

/** The UTC midnight that starts a day, in milliseconds; a day that is not "YYYY-MM-DD" is a bug. */
const startOf = (day: string): number => {
  if (!isIsoDay(day)) throw new RangeError(`a day must be YYYY-MM-DD, got ${day}`);
  return Date.parse(`${day}T00:00:00Z`);
};

/**
 * The Vietnam calendar day ("YYYY-MM-DD") of an instant: the day a point votes on, "today" at a
 * point. 16:59:59 UTC is still the same day there; 17:00 UTC is the next. An invalid Date is a bug
 * (RangeError).
 */
export function vietnamDate(instant: Date): string {
  return vietnamWallClock(instant).slice(0, 10);
}

/** Vietnam's wall-clock time of an instant, "HH:MM" (such strings sort the way times of day do). */
export function vietnamTime(instant: Date): string {
  return vietnamWallClock(instant).slice(11, 16);
}

/** Whether the text is "YYYY-MM-DD" naming a day that exists ("2026-02-30" does not). */
export function isIsoDay(text: string): boolean {
  if (!ISO_DAY.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text);
}

/** The day `days` days after `day` (before it when negative), both "YYYY-MM-DD". */
export function addDays(day: string, days: number): string {
  return new Date(startOf(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` ("YYYY-MM-DD"), negative when `to` comes first. */
export function daysBetween(from: string, to: string): number {
  return Math.round((startOf(to) - startOf(from)) / DAY_MS);
}

/**
 * A campaign's first voting day: the earliest of its days ("YYYY-MM-DD"), the day against which a
 * rater's age is judged (`isAdultOn`). null when the campaign has no day yet.
 */
export function firstVotingDay(days: readonly string[]): string | null {
  return [...days].sort()[0] ?? null;
}

/** "27/10/2026" for "2026-10-27" (anything after the first ten characters is ignored). */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/**
 * "14:05 27/10/2026": an instant given as an ISO timestamp ("2026-10-27T07:05:00.000Z"), shown in
 * Vietnam time, as the app shows stamps, audit entries and zero reports. An unreadable timestamp is
 * a bug (RangeError).
 */
export function formatDateTime(iso: string): string {
  const t = vietnamWallClock(new Date(Date.parse(iso)));
  return `${t.slice(11, 16)} ${formatDate(t)}`;
}

/** "14:05": the time of day of an instant, in Vietnam time (a deadline within the day). */
export function formatTime(iso: string): string {
  return formatDateTime(iso).slice(0, 5);
}

// ---------------------------------------------------------------------------------------------
// Age
// ---------------------------------------------------------------------------------------------

/**
 * Raters are 18 or older ("đủ mười tám tuổi trở lên"), the age at which the Constitution gives the
 * vote (Hiến pháp 2013, Điều 27); NQ 96 and QĐ 96 (DESIGN §3) set no age of their own.
 */
export const ADULT_AGE = 18;

/**
 * A date of birth as a roster gives it: always the year; the whole day ("YYYY-MM-DD", in that same
 * year) when the list has a "Ngày sinh" column, otherwise null.
 */
export type Birth = { readonly year: number; readonly date: string | null };

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad4 = (y: number): string => String(y).padStart(4, "0");

/**
 * The first day ("YYYY-MM-DD") on which someone born at `birth` counts as 18.
 *
 * Full date: the 18th birthday itself. Born on 29 February: in a year without a 29th the 18 years
 * end on 28 February (Bộ luật Dân sự 2015, Điều 148: a term whose last month has no matching day
 * ends on that month's last day).
 *
 * Year only: 1 January of the year the person turns 18, i.e. everyone who turns 18 during the voting
 * year is old enough (voting year − birth year ≥ 18), as the roster import has always judged it.
 * Lists often give only the year; refusing those who turn 18 later in that year would also shut out
 * the ones already 18, with no way to tell them apart, and the point's team checks the identity card
 * on the day anyway.
 */
function adultFrom(birth: Birth): string {
  const year = birth.year + ADULT_AGE;
  if (birth.date === null) return `${pad4(year)}-01-01`;
  if (!isIsoDay(birth.date)) throw new RangeError(`a date of birth must be YYYY-MM-DD, got ${birth.date}`);
  const monthDay = birth.date.slice(5);
  return `${pad4(year)}-${monthDay === "02-29" && !isLeapYear(year) ? "02-28" : monthDay}`;
}

/**
 * The age rule, and the one place it is computed: whether someone born at `birth` is 18 or older on
 * `day` ("YYYY-MM-DD": the campaign's first voting day, `firstVotingDay`). The 18th birthday counts
 * (born 27/10/2008: adult on 27/10/2026, not on 26/10/2026); a year-only birth and 29 February as
 * `adultFrom` above says. Used by the roster import and amendments, the stamp's re-check of the
 * lists and the invented sample rosters. A malformed day or date of birth is a bug (RangeError).
 */
export function isAdultOn(birth: Birth, day: string): boolean {
  if (!isIsoDay(day)) throw new RangeError(`a day must be YYYY-MM-DD, got ${day}`);
  return adultFrom(birth) <= day;
}

/**
 * The latest birth year that a list giving only the year may hold for a rater voting on `day`: what
 * `isAdultOn` accepts (asked, not recomputed), for messages ("phải sinh từ năm … trở về trước") and
 * invented sample rosters.
 */
export function latestAdultBirthYear(day: string): number {
  let year = Number(day.slice(0, 4));
  while (!isAdultOn({ year, date: null }, day)) year -= 1;
  return year;
}
