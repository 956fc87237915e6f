import { type SealedKey, SealedKeySchema, signBytes, unsealPrivateKey } from "../crypto/keys.ts";
import type { Actor } from "../domain/audit.ts";
import type { UnsignedMinutes } from "../domain/minutes-document.ts";
import { err, fail, ok, type Refusal, type Result } from "../domain/result.ts";
import type { Officer } from "../domain/setup.ts";
import { record, type ServiceDeps } from "./deps.ts";
import {
  clearKeyPassword,
  type KeyPasswordWait,
  keyPasswordWait,
  recordWrongKeyPassword,
  withKeyPassword,
} from "./key-password.ts";
import { isMinutesComplete } from "./signers.ts";
import { verifyPointDay } from "./verify-points.ts";

export type SignMinutesError =
  | Refusal<
      "no_minutes" | "not_yours" | "already_signed" | "complete" | "no_key" | "wrong_password" | "certified"
    >
  | KeyPasswordWait;

/**
 * Ký biên bản: an officer of the point signs the current minutes of a point-day with their own key,
 * unsealed by re-entering their password (the server never keeps an unsealed key). Ed25519 over the
 * stored canonical JSON of the unsigned minutes (DESIGN §6). Refused: no minutes to sign, or not
 * the `version` the officer read (when given: a reopen since made a new one), not an officer of this
 * point, already signed, no key, wrong password (counted and audited; after three, a doubling wait:
 * "wait" with waitMs). Returns how many have signed and whether the minutes are now
 * complete: the campaign's number of officers (services/signers.ts), the Tổ trưởng among them.
 */
export async function signMinutes(
  deps: ServiceDeps,
  actor: Actor,
  input: { userId: number; pointId: number; day: string; password: string; version?: number },
): Promise<Result<{ signers: number; complete: boolean }, SignMinutesError>> {
  const { store } = deps;
  const officer = store.officers.get(input.userId);
  if (!officer?.pointIds.includes(input.pointId)) {
    return fail("not_yours", "Bạn không thuộc tổ công tác của điểm này.");
  }
  // A certified campaign is read-only (issue #11 §5): a late signature would change signed minutes.
  if (store.campaigns.current()?.state === "certified") {
    return fail("certified", "Kết quả đợt lấy phiếu đã được xác nhận: biên bản không ký thêm được.");
  }
  const minutes = store.minutes.current(input.pointId, input.day);
  if (!minutes) return fail("no_minutes", "Chưa có biên bản kiểm phiếu của điểm trong ngày này.");
  // The version the officer read: a signature confirms the figures on the page, so minutes reopened
  // since (a new version, other figures perhaps) are not signed on a click given for the old ones.
  if (input.version !== undefined && input.version !== minutes.version) {
    return fail(
      "no_minutes",
      `Biên bản vừa được mở lại (nay là phiên bản ${minutes.version}): chưa ký gì. Xin đọc lại các số liệu dưới đây rồi mới ký.`,
    );
  }
  if (minutes.signatures.some((s) => s.officerId === officer.userId)) {
    return fail("already_signed", "Bạn đã ký biên bản này rồi.");
  }
  if (isMinutesComplete(store, minutes)) return fail("complete", COMPLETE);
  // Only the team the minutes list may sign them, in the roles they list (the verifier checks the
  // same list): an officer assigned to the point after the close cannot.
  const team = (JSON.parse(minutes.document) as UnsignedMinutes).officers;
  if (!team.some((o) => o.code === officer.username)) {
    return fail("not_yours", "Bạn không có tên trong tổ công tác ghi ở biên bản này nên không ký được.");
  }
  // One attempt at a time per officer (services/key-password.ts): parallel guesses would all pass
  // the wait check below before the first wrong password is counted.
  return withKeyPassword(officer.userId, () => signWithKey(deps, actor, input, officer, minutes.id, team));
}

/**
 * Complete minutes (enough signatures, the Tổ trưởng among them) are final: the board has them and
 * checks them at once, and the team prints them with their code. A further signature would change
 * that code (it is the digest of the whole document, signatures included) under a printed copy.
 */
const COMPLETE =
  "Biên bản đã đủ chữ ký và đã chuyển về Ban Tổ chức: không ký thêm được (mỗi chữ ký thêm sẽ làm đổi mã xác thực đã in trên biên bản).";

async function signWithKey(
  deps: ServiceDeps,
  actor: Actor,
  input: { pointId: number; day: string; password: string },
  officer: Officer,
  minutesId: number,
  _team: UnsignedMinutes["officers"],
): Promise<Result<{ signers: number; complete: boolean }, SignMinutesError>> {
  const { store, clock } = deps;
  const minutes = store.minutes.byId(minutesId);
  if (!minutes || minutes.supersededAt !== null) {
    return fail("no_minutes", "Biên bản vừa được mở lại; vui lòng tải lại trang.");
  }
  if (minutes.signatures.some((s) => s.officerId === officer.userId)) {
    return fail("already_signed", "Bạn đã ký biên bản này rồi.");
  }
  const waiting = keyPasswordWait(deps, officer.userId);
  if (waiting !== null) return err(waiting);
  const sealed = parseSealed(store.officers.sealedKey(officer.userId));
  if (!sealed) return fail("no_key", "Tài khoản chưa có khóa ký; đề nghị Ban Tổ chức cấp lại.");
  const unsealed = await unsealPrivateKey(sealed, input.password);
  if (!unsealed.ok) {
    const notice = recordWrongKeyPassword(deps, officer.userId, () =>
      record(deps, actor, "minutes.sign.failed", officer.username, { point: input.pointId, day: input.day }),
    );
    return fail("wrong_password", `Mật khẩu không đúng: biên bản chưa được ký. ${notice}`.trim());
  }
  const signature = await signBytes(unsealed.value, new TextEncoder().encode(minutes.document));
  const signed = store.withTransaction(
    (): Result<{ signers: number; complete: boolean }, SignMinutesError> => {
      // The minutes may have been reopened, or signed from another screen, while the key was unsealed.
      if (store.campaigns.current()?.state === "certified") {
        return fail("certified", "Kết quả đợt lấy phiếu đã được xác nhận: biên bản không ký thêm được.");
      }
      const fresh = store.minutes.current(input.pointId, input.day);
      if (!fresh || fresh.id !== minutes.id)
        return fail("no_minutes", "Biên bản vừa được mở lại; vui lòng tải lại trang.");
      if (fresh.signatures.some((s) => s.officerId === officer.userId)) {
        return fail("already_signed", "Bạn đã ký biên bản này rồi.");
      }
      if (isMinutesComplete(store, fresh)) return fail("complete", COMPLETE);
      store.minutes.addSignature({
        minutesId: minutes.id,
        officerId: officer.userId,
        officerCode: officer.username,
        publicKey: sealed.publicKey,
        signature,
        at: clock.now().toISOString(),
      });
      clearKeyPassword(deps, officer.userId);
      record(deps, actor, "minutes.sign", officer.username, {
        point: input.pointId,
        day: input.day,
        version: minutes.version,
        signingDigest: minutes.signingDigest,
        publicKey: sealed.publicKey,
      });
      const after = store.minutes.byId(minutes.id);
      if (!after) throw new Error("minutes vanished inside their own transaction");
      return ok({ signers: after.signatures.length, complete: isMinutesComplete(store, after) });
    },
  );
  // Complete minutes are checked against the store at once (issue #11 §2); the outcome is recorded
  // by the check itself and shown to the board, never a reason to undo the signature.
  if (signed.ok && signed.value.complete)
    await verifyPointDay(deps, actor, { pointId: input.pointId, day: input.day });
  return signed;
}

function parseSealed(text: string | null): SealedKey | null {
  if (text === null) return null;
  const parsed = SealedKeySchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}
