import { latestAdultBirthYear } from "./calendar.ts";
import type { OnePer } from "./campaign.ts";
import type { RosterEntry } from "./roster.ts";
import { mulberry32 } from "./seeded-random.ts";

/**
 * Invented residents for a sample or simulated campaign, when a scenario gives only a roster size
 * (DESIGN §6). Deterministic: the same point code gives the same people, so digests and screenshots
 * are stable. Every name is invented from common parts; none is a real person.
 */
const FAMILY = [
  "Nguyễn",
  "Trần",
  "Lê",
  "Phạm",
  "Hoàng",
  "Huỳnh",
  "Phan",
  "Vũ",
  "Võ",
  "Đặng",
  "Bùi",
  "Đỗ",
  "Hồ",
  "Ngô",
  "Dương",
  "Lý",
];
const MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Xuân", "Công", "Đình", "Thế"];
const MIDDLE_F = ["Thị", "Ngọc", "Thu", "Diệu", "Thanh", "Kim", "Bích", "Hồng", "Mỹ", "Minh"];
const GIVEN_M = [
  "An",
  "Bình",
  "Cường",
  "Dũng",
  "Hải",
  "Hùng",
  "Khang",
  "Long",
  "Nam",
  "Phúc",
  "Quân",
  "Sơn",
  "Tài",
  "Thắng",
  "Tuấn",
  "Việt",
];
const GIVEN_F = [
  "Anh",
  "Châu",
  "Dung",
  "Giang",
  "Hà",
  "Hạnh",
  "Hoa",
  "Hương",
  "Lan",
  "Linh",
  "Mai",
  "Nga",
  "Phương",
  "Thảo",
  // The console's search example ("thuy 1980") finds someone on an invented roster too.
  "Thủy",
  "Trang",
  "Yến",
];
const SPOUSE = { Nam: "Chồng", Nữ: "Vợ" } as const;

/** A seeded generator for invented sample data, its seed an FNV-1a hash of `seedText`. */
function rng(seedText: string): () => number {
  let seed = 2166136261;
  for (const ch of seedText) seed = Math.imul(seed ^ ch.charCodeAt(0), 16777619);
  return mulberry32(seed);
}

export type SyntheticOptions = {
  pointCode: string;
  village: string;
  size: number;
  onePer: OnePer;
  /**
   * "YYYY-MM-DD": the campaign's first voting day. Residents are given birth years alone, each one
   * the age rule accepts on that day (`latestAdultBirthYear`, which asks `isAdultOn`) or up to 61
   * years earlier.
   */
  firstVotingDay: string;
  /** CCCDs used elsewhere in the campaign; new ones avoid them, and are added to it. */
  usedCccd: Set<string>;
};

export function synthesizeRoster(o: SyntheticOptions): RosterEntry[] {
  const next = rng(o.pointCode);
  const latestBirthYear = latestAdultBirthYear(o.firstVotingDay);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const entries: RosterEntry[] = [];
  let household = 0;
  let membersLeft = 0;
  // The household as an officer would expect it (a newcomer found two wives, and a "son" born in
  // 1949): one spouse at most, of the other sex and an age near the head's; children at least 20
  // years younger than the head, with the father's family name (the head's, or the husband's of a
  // woman head; one drawn for the household when no husband is listed); a head too young for adult
  // children lives with younger brothers and sisters (born after the head) instead.
  let head = { gender: "Nam" as "Nam" | "Nữ", birthYear: 0, family: "" };
  let paternal = "";
  let hasSpouse = false;
  for (let i = 0; i < o.size; i++) {
    // Per household: one representative per household; otherwise households of 1–4 adults.
    const newHousehold = o.onePer === "household" || membersLeft === 0;
    if (newHousehold) {
      household++;
      membersLeft = o.onePer === "household" ? 1 : 1 + Math.floor(next() * 4);
      hasSpouse = false;
    }
    membersLeft--;
    let relation: string;
    let gender: "Nam" | "Nữ";
    let birthYear: number;
    let family = pick(FAMILY);
    if (newHousehold) {
      relation = "Chủ hộ";
      gender = next() < 0.5 ? "Nam" : "Nữ";
      // A head has at least one younger year after them (room for a younger brother or sister).
      birthYear = latestBirthYear - 1 - Math.floor(next() * 61);
      head = { gender, birthYear, family };
      paternal = gender === "Nam" ? family : pick(FAMILY);
    } else if (!hasSpouse && next() < 0.5) {
      hasSpouse = true;
      gender = head.gender === "Nam" ? "Nữ" : "Nam";
      relation = SPOUSE[gender];
      birthYear = Math.min(latestBirthYear, head.birthYear + Math.floor(next() * 13) - 6);
      // A woman head's husband carries the family name their children have.
      if (gender === "Nam") family = paternal;
    } else {
      gender = next() < 0.5 ? "Nam" : "Nữ";
      const childFrom = head.birthYear + 20;
      if (childFrom <= latestBirthYear) {
        relation = "Con";
        birthYear = Math.min(latestBirthYear, childFrom + Math.floor(next() * 16));
        family = paternal;
      } else {
        relation = "Em";
        // Strictly younger than the head (born at the latest the last year that votes).
        birthYear = Math.min(latestBirthYear, head.birthYear + 1 + Math.floor(next() * 8));
        family = head.family;
      }
    }
    const name = `${family} ${pick(gender === "Nam" ? MIDDLE_M : MIDDLE_F)} ${pick(gender === "Nam" ? GIVEN_M : GIVEN_F)}`;
    let cccd = "";
    do {
      // 3-digit province, century-gender digit, 2-digit year, 6 random digits (the CCCD layout).
      const centuryGender = (birthYear >= 2000 ? 2 : 0) + (gender === "Nữ" ? 1 : 0);
      const random = String(Math.floor(next() * 1_000_000)).padStart(6, "0");
      cccd = `046${centuryGender}${String(birthYear % 100).padStart(2, "0")}${random}`;
    } while (o.usedCccd.has(cccd));
    o.usedCccd.add(cccd);
    entries.push({
      row: i + 2,
      fullName: name,
      birthYear,
      birthDate: null,
      gender,
      cccd,
      householdCode: `${o.pointCode}-${String(household).padStart(3, "0")}`,
      relation,
      village: o.village,
    });
  }
  return entries;
}
