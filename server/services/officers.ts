import type { Clock } from "../clock.ts";
import { createSealedKeyPair, resealKey, SealedKeySchema, type SealOptions } from "../crypto/keys.ts";
import type { Store } from "../db/store.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { TeamRole } from "../domain/setup.ts";
import { hashPassword } from "../http/auth.ts";

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

/**
 * Creates an officer account with its Ed25519 key pair sealed under the first password
 * (issue #4 §3). The slow work (argon2id, scrypt) happens before the write transaction.
 */
export async function createOfficer(
  store: Store,
  clock: Clock,
  actor: string,
  officer: NewOfficer,
  options: { password?: string; mustChangePassword?: boolean; seal?: SealOptions } = {},
): Promise<{ userId: number; password: string; publicKey: string }> {
  const password = options.password ?? initialPassword();
  const [passwordHash, sealed] = await Promise.all([
    hashPassword(password),
    createSealedKeyPair(password, options.seal),
  ]);
  const at = clock.now().toISOString();
  const userId = store.withTransaction(() => {
    const user = store.users.create({
      username: officer.username,
      displayName: officer.displayName,
      role: "officer",
      passwordHash,
      mustChangePassword: options.mustChangePassword ?? true,
      createdAt: at,
    });
    store.officers.create(
      user.id,
      officer.teamRole,
      sealed.publicKey,
      JSON.stringify(sealed),
      officer.pointIds,
    );
    store.audit.append({
      at,
      actor,
      action: "officer.create",
      subject: officer.username,
      details: {
        displayName: officer.displayName,
        teamRole: officer.teamRole,
        points: officer.pointIds,
        publicKey: sealed.publicKey,
      },
    });
    return user.id;
  });
  return { userId, password, publicKey: sealed.publicKey };
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
): Promise<Result<string | null>> {
  const stored = store.officers.sealedKey(userId);
  if (stored === null) return ok(null);
  const parsed = SealedKeySchema.safeParse(JSON.parse(stored));
  if (!parsed.success)
    return fail("sealed_key_corrupt", "Khóa ký của cán bộ bị hỏng; đề nghị Ban Tổ chức cấp khóa mới.");
  const resealed = await resealKey(parsed.data, oldPassword, newPassword);
  if (!resealed.ok) return resealed;
  return ok(JSON.stringify(resealed.value));
}
