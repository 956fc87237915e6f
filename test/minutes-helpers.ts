import { createSealedKeyPair, signDocument, unsealPrivateKey } from "../server/crypto/keys.ts";
import type { MinutesDocument, UnsignedMinutes } from "../server/domain/minutes-document.ts";
import { CHEAP_SEAL } from "./helpers.ts";

export type TestOfficer = { code: string; publicKey: string; privateKey: CryptoKey };

/** An officer key pair made the way the app makes them (sealed, then unsealed to sign). */
export async function makeOfficer(code: string): Promise<TestOfficer> {
  const sealed = await createSealedKeyPair("mật khẩu thử", CHEAP_SEAL);
  const unsealed = await unsealPrivateKey(sealed, "mật khẩu thử");
  if (!unsealed.ok) throw new Error(unsealed.error.code);
  return { code, publicKey: sealed.publicKey, privateKey: unsealed.value };
}

/**
 * A realistic day at one point: 120 on the roster, 100 ballots issued, 98 collected, three officials
 * under QĐ 96 (denominator: collected): one in no band, one over half, one at two-thirds or more.
 */
export function sampleMinutes(): UnsignedMinutes {
  return {
    version: 1,
    campaign: {
      code: "HB-2026",
      name: "Lấy phiếu tín nhiệm xã Hòa Bình 2026",
      aggregator: "Ban Tổ chức Huyện ủy",
    },
    point: { code: "HB-01", name: "Thôn Đồng Tâm", commune: "HB-CU" },
    day: "2026-10-27",
    counts: { roster: 120, issued: 100, collected: 98, notCollected: 2 },
    officials: [
      {
        code: "CT",
        name: "Nguyễn Văn Ấn",
        position: "Chủ tịch UBND xã",
        high: 60,
        medium: 25,
        low: 10,
        blank: 3,
        denominator: 98,
        band: "none",
      },
      {
        code: "PCT",
        name: "Trần Thị Bích Ngọc",
        position: "Phó Chủ tịch UBND xã",
        high: 10,
        medium: 20,
        low: 50,
        blank: 18,
        denominator: 98,
        band: "over_half",
      },
      {
        code: "CHT",
        name: "Lê Quốc Hưng",
        position: "Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
        high: 5,
        medium: 5,
        low: 66,
        blank: 22,
        denominator: 98,
        band: "two_thirds",
      },
    ],
    ruleSet: { id: "qd96-2023", denominator: "collected" },
    commitments: {
      config: "a".repeat(64),
      roster: "b".repeat(64),
      ballots: "c".repeat(64),
      previous: null,
    },
    officers: [
      { code: "tt01", name: "Phạm Văn Tổ", role: "Tổ trưởng" },
      { code: "tk02", name: "Đỗ Thị Thư", role: "Thư ký" },
      { code: "tv03", name: "Vũ Đức Thành", role: "Thành viên" },
    ],
    incidents: [{ code: "KIOSK-2", message: "Máy 2 tạm dừng 10 phút do mất điện; không mất phiếu." }],
    openedAt: "2026-10-27T00:30:00.000Z",
    closedAt: "2026-10-27T10:15:00.000Z",
  };
}

/** The document signed by each officer in turn, each over the same unsigned bytes (DESIGN §6). */
export async function signMinutes(
  unsigned: UnsignedMinutes,
  officers: TestOfficer[],
): Promise<MinutesDocument> {
  const signatures = [];
  for (const officer of officers) {
    signatures.push({
      officer: officer.code,
      publicKey: officer.publicKey,
      signature: await signDocument(officer.privateKey, unsigned),
    });
  }
  return { ...unsigned, signatures };
}
