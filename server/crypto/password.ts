/**
 * Account passwords: Argon2id with the OWASP minimum parameters (19 MiB, 2 passes): strong, and
 * quick enough on a laptop. Hashes are PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$…`).
 */
export const hashPassword = (password: string): Promise<string> =>
  Bun.password.hash(password, { algorithm: "argon2id", memoryCost: 19_456, timeCost: 2 });

/** True when password matches the stored PHC hash; false otherwise (never throws on a mismatch). */
export const verifyPassword = (password: string, hash: string): Promise<boolean> =>
  Bun.password.verify(password, hash);

/** Compared against when the account does not exist, so a wrong name takes as long as a wrong password. */
let dummyHash: Promise<string> | null = null;
export const dummyPasswordHash = (): Promise<string> => {
  dummyHash ??= hashPassword("không-có-tài-khoản-này");
  return dummyHash;
};
