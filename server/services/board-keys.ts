import {
  createSealedKeyPair,
  resealKey,
  type SealedKey,
  SealedKeySchema,
  type SealOptions,
  unsealPrivateKey,
} from "../crypto/keys.ts";
import { verifyPassword } from "../crypto/password.ts";
import type { Store } from "../db/store.ts";
import type { Actor } from "../domain/audit.ts";
import { err, fail, ok, type Refusal, type Result } from "../domain/result.ts";
import type { User } from "../domain/users.ts";
import { record, type ServiceDeps } from "./deps.ts";
import {
  clearKeyPassword,
  type KeyPasswordWait,
  keyPasswordWait,
  recordWrongKeyPassword,
  withKeyPassword,
} from "./key-password.ts";

/**
 * Board members' signing keys (issue #11 §5): the member who certifies the aggregate signs it with
 * an Ed25519 key of their own, sealed under their own password exactly as officers' keys are
 * (crypto/keys.ts: scrypt, AES-256-GCM). Made on request ("Tạo khóa ký", password re-entered), never
 * at account creation: a board account starts with a password someone else handed out, and the
 * first thing it must do is choose its own (the login forces it), so a key made afterwards is sealed
 * under a password only its member knows. A later password change re-seals the same pair.
 */

export type CreateBoardKeyError = Refusal<"not_board" | "wrong_password" | "exists"> | KeyPasswordWait;

/**
 * Tạo khóa ký: a new key pair for a board member, sealed under their password (re-entered and
 * checked). Wrong passwords count against the member's key-password limit (services/key-password.ts)
 * and are audited. Refused: not a board member, already has a key, wrong password, must wait.
 */
export async function createBoardKey(
  deps: ServiceDeps,
  actor: Actor,
  input: { userId: number; password: string },
  options: { seal?: SealOptions } = {},
): Promise<Result<{ publicKey: string }, CreateBoardKeyError>> {
  const { store } = deps;
  const user = store.users.byId(input.userId);
  if (user?.role !== "board") return fail("not_board", "Chỉ thành viên Ban Tổ chức mới tạo khóa ký ở đây.");
  if (store.boardKeys.get(user.id)) return fail("exists", "Bạn đã có khóa ký.");
  return withKeyPassword(user.id, async () => {
    const waiting = keyPasswordWait(deps, user.id);
    if (waiting !== null) return err(waiting);
    const creds = store.users.credentials(user.username);
    if (!creds || !(await verifyPassword(input.password, creds.passwordHash))) {
      const notice = recordWrongKeyPassword(deps, user.id, () =>
        record(deps, actor, "board.key.create.failed", user.username),
      );
      return fail("wrong_password", `Mật khẩu không đúng: chưa tạo khóa ký. ${notice}`.trim());
    }
    return createSealed(deps, actor, user, input.password, options);
  });
}

async function createSealed(
  deps: ServiceDeps,
  actor: Actor,
  user: User,
  password: string,
  options: { seal?: SealOptions },
): Promise<Result<{ publicKey: string }, CreateBoardKeyError>> {
  const { store, clock } = deps;
  const sealed = await createSealedKeyPair(password, options.seal);
  return store.withTransaction((): Result<{ publicKey: string }, CreateBoardKeyError> => {
    if (
      !store.boardKeys.create(user.id, sealed.publicKey, JSON.stringify(sealed), clock.now().toISOString())
    ) {
      return fail("exists", "Bạn đã có khóa ký.");
    }
    clearKeyPassword(deps, user.id);
    record(deps, actor, "board.key.create", user.username, { publicKey: sealed.publicKey });
    return ok({ publicKey: sealed.publicKey });
  });
}

/** The member's sealed key as stored, or null (none yet, or a damaged record). */
export function boardSealedKey(store: Store, userId: number): SealedKey | null {
  const stored = store.boardKeys.get(userId);
  if (!stored) return null;
  const parsed = SealedKeySchema.safeParse(JSON.parse(stored.sealedKey));
  return parsed.success ? parsed.data : null;
}

/** The member's private key, unsealed by their password, for one signature. */
export async function unsealBoardKey(
  store: Store,
  userId: number,
  password: string,
): Promise<Result<{ key: CryptoKey; publicKey: string }, Refusal<"no_key" | "wrong_password">>> {
  const sealed = boardSealedKey(store, userId);
  if (!sealed) return fail("no_key", "Bạn chưa có khóa ký: bấm “Tạo khóa ký” trước.");
  const unsealed = await unsealPrivateKey(sealed, password);
  if (!unsealed.ok) return fail("wrong_password", "Mật khẩu không đúng: chưa ký.");
  return ok({ key: unsealed.value, publicKey: sealed.publicKey });
}

/**
 * A board member's password change: their key, if they have one, sealed again under the new
 * password (same pair). Null when there is nothing to re-seal.
 */
export async function resealBoardKey(
  store: Store,
  userId: number,
  oldPassword: string,
  newPassword: string,
): Promise<Result<string | null>> {
  const stored = store.boardKeys.get(userId);
  if (!stored) return ok(null);
  const parsed = SealedKeySchema.safeParse(JSON.parse(stored.sealedKey));
  if (!parsed.success) return fail("sealed_key_corrupt", "Khóa ký bị hỏng; không đổi được mật khẩu.");
  const resealed = await resealKey(parsed.data, oldPassword, newPassword);
  if (!resealed.ok) return resealed;
  return ok(JSON.stringify(resealed.value));
}
