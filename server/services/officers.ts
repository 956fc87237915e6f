import {
  createSealedKeyPair,
  resealKey,
  type SealedKey,
  SealedKeySchema,
  type SealOptions,
} from "../crypto/keys.ts";
import { hashPassword } from "../crypto/password.ts";
import type { Store } from "../db/store.ts";
import type { Actor } from "../domain/audit.ts";
import { fail, ok, type Refusal, type Result } from "../domain/result.ts";
import type { TeamRole } from "../domain/setup.ts";
import { record, type ServiceDeps } from "./deps.ts";
import { clearKeyPassword } from "./key-password.ts";

/** Letters and digits that cannot be misread when the board reads a password aloud (no 0/o, 1/l/i). */
const READABLE = "abcdefghjkmnpqrstuvwxyz23456789";

/** A first password for a new officer: three groups of four, e.g. "k7mq-x3ta-9wpe" (~62 bits). */
export function initialPassword(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  const chars = [...bytes].map((b) => READABLE[b % READABLE.length]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export type NewOfficer = {
  username: string;
  displayName: string;
  teamRole: TeamRole;
  pointIds: number[];
};

export type OfficerOptions = { password?: string; mustChangePassword?: boolean; seal?: SealOptions };

export type PreparedOfficer = {
  officer: NewOfficer;
  password: string;
  passwordHash: string;
  sealed: SealedKey;
  mustChangePassword: boolean;
};

/** The slow part of creating an officer (argon2id, key sealing), done outside any transaction. */
export async function prepareOfficer(
  officer: NewOfficer,
  options: OfficerOptions = {},
): Promise<PreparedOfficer> {
  const password = options.password ?? initialPassword();
  const [passwordHash, sealed] = await Promise.all([
    hashPassword(password),
    createSealedKeyPair(password, options.seal),
  ]);
  return { officer, password, passwordHash, sealed, mustChangePassword: options.mustChangePassword ?? true };
}

/** Why an officer account was not created: its username is taken (field `username`). */
export type CreateOfficerError = Refusal<"duplicate">;

export type CreatedOfficer = { userId: number; password: string; publicKey: string };

/**
 * Writes a prepared officer: the account, the sealed key and the audit entry (its user id). Joins
 * the caller's transaction when there is one; a taken username is refused and writes nothing.
 */
export function writeOfficer(
  deps: ServiceDeps,
  actor: Actor,
  prepared: PreparedOfficer,
): Result<number, CreateOfficerError> {
  const { store, clock } = deps;
  const { officer, sealed } = prepared;
  return store.withTransaction((): Result<number, CreateOfficerError> => {
    const created = store.users.create({
      username: officer.username,
      displayName: officer.displayName,
      role: "officer",
      passwordHash: prepared.passwordHash,
      mustChangePassword: prepared.mustChangePassword,
      createdAt: clock.now().toISOString(),
    });
    if (!created.ok) return fail("duplicate", "Tên đăng nhập này đã có người dùng.", "username");
    const user = created.value;
    store.officers.create(
      user.id,
      officer.teamRole,
      sealed.publicKey,
      JSON.stringify(sealed),
      officer.pointIds,
    );
    record(deps, actor, "officer.create", officer.username, {
      displayName: officer.displayName,
      teamRole: officer.teamRole,
      points: officer.pointIds,
      publicKey: sealed.publicKey,
    });
    return ok(user.id);
  });
}

/**
 * Creates an officer account with its Ed25519 key pair sealed under the first password
 * (issue #4 §3). The slow work (argon2id, scrypt) happens before the write transaction.
 */
export async function createOfficer(
  deps: ServiceDeps,
  actor: Actor,
  officer: NewOfficer,
  options: OfficerOptions = {},
): Promise<Result<CreatedOfficer, CreateOfficerError>> {
  const prepared = await prepareOfficer(officer, options);
  const written = writeOfficer(deps, actor, prepared);
  if (!written.ok) return written;
  return ok({ userId: written.value, password: prepared.password, publicKey: prepared.sealed.publicKey });
}

/**
 * Re-seals an officer's private key under a new password (a password change): same key pair,
 * new salt and IV. Non-officers have nothing to re-seal.
 */
export async function resealForPasswordChange(
  store: Store,
  userId: number,
  oldPassword: string,
  newPassword: string,
  options: { firstLogin: boolean },
): Promise<Result<{ sealed: string; publicKey: string; rotated: boolean } | null>> {
  const stored = store.officers.sealedKey(userId);
  if (stored === null) return ok(null);
  if (options.firstLogin) {
    // The board handed out the first password, so a key sealed under it is a key the board could
    // open. At the officer's first own password a fresh pair replaces it; from then on only the
    // officer can sign, and later changes re-seal this same pair.
    const fresh = await createSealedKeyPair(newPassword);
    return ok({ sealed: JSON.stringify(fresh), publicKey: fresh.publicKey, rotated: true });
  }
  const parsed = SealedKeySchema.safeParse(JSON.parse(stored));
  if (!parsed.success)
    return fail("sealed_key_corrupt", "Khóa ký của cán bộ bị hỏng; đề nghị Ban Tổ chức cấp khóa mới.");
  const resealed = await resealKey(parsed.data, oldPassword, newPassword);
  if (!resealed.ok) return resealed;
  return ok({ sealed: JSON.stringify(resealed.value), publicKey: resealed.value.publicKey, rotated: false });
}

export type ResetOfficerError = Refusal<"no_officer">;

/**
 * Cấp lại: a new first password and a new key pair, for an officer who forgot the password (the old
 * private key cannot be recovered: only that password opened it). Other logins of the account end,
 * and the officer must choose a password again, which renews the key once more.
 */
export async function resetOfficer(
  deps: ServiceDeps,
  actor: Actor,
  input: { userId: number },
  options: OfficerOptions = {},
): Promise<Result<{ password: string; publicKey: string }, ResetOfficerError>> {
  const { userId } = input;
  const { store } = deps;
  const officer = store.officers.get(userId);
  if (!officer) return fail("no_officer", "Không tìm thấy cán bộ này.");
  const password = options.password ?? initialPassword();
  const [passwordHash, sealed] = await Promise.all([
    hashPassword(password),
    createSealedKeyPair(password, options.seal),
  ]);
  return store.withTransaction(() => {
    store.users.setPassword(userId, passwordHash, true);
    store.officers.setKey(userId, sealed.publicKey, JSON.stringify(sealed));
    store.sessions.deleteForUser(userId);
    // Whoever knew the old password, wherever from, is a stranger again; the officer's own wrong
    // guesses at the old password no longer stand between them and the new one.
    store.throttle.forgetAll(userId);
    clearKeyPassword(deps, userId);
    record(deps, actor, "officer.reset", officer.username, {
      previousPublicKey: officer.publicKey,
      publicKey: sealed.publicKey,
    });
    return ok({ password, publicKey: sealed.publicKey });
  });
}

export type UpdateOfficerError = Refusal<"not_found" | "invalid">;

/**
 * Changes an officer's name, team role and points. Allowed after the stamp too: accounts are not
 * part of the stamped lists (a replacement on the day). Refused: no such officer, or a point that
 * is not one of the current campaign's (field `pointIds`).
 */
export function updateOfficer(
  deps: ServiceDeps,
  actor: Actor,
  input: { userId: number; displayName: string; teamRole: TeamRole; pointIds: number[] },
): Result<true, UpdateOfficerError> {
  const { store } = deps;
  return store.withTransaction((): Result<true, UpdateOfficerError> => {
    const officer = store.officers.get(input.userId);
    if (!officer) return fail("not_found", "Không tìm thấy cán bộ này.");
    const campaign = store.campaigns.current();
    const known = new Set(campaign ? store.points.list(campaign.id).map((p) => p.id) : []);
    if (input.pointIds.some((id) => !known.has(id))) {
      return fail("invalid", "Chọn trong các điểm của đợt.", "pointIds");
    }
    store.officers.update(input.userId, input.displayName, input.teamRole, input.pointIds);
    const { userId: _id, ...details } = input;
    record(deps, actor, "officer.update", officer.username, details);
    return ok(true);
  });
}
