import type { Database } from "bun:sqlite";
import type { Result } from "../domain/result.ts";
import type { AccountRole, User } from "../domain/users.ts";
import { type Duplicate, uniqueWrite } from "./unique.ts";

type UserRow = {
  id: number;
  username: string;
  display_name: string;
  role: AccountRole;
  must_change_password: number;
  disabled: number;
};

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  mustChangePassword: row.must_change_password === 1,
  disabled: row.disabled === 1,
});

const COLUMNS = "id, username, display_name, role, must_change_password, disabled";

export type NewUser = {
  username: string;
  displayName: string;
  role: AccountRole;
  passwordHash: string;
  mustChangePassword: boolean;
  createdAt: string;
};

export class UserRepo {
  constructor(private readonly db: Database) {}

  /** A new account; a username already taken (in any case) is reported as a duplicate. */
  create(user: NewUser): Result<User, Duplicate<"username">> {
    return uniqueWrite("username", () => this.insert(user));
  }

  private insert(user: NewUser): User {
    const row = this.db
      .query<UserRow, Record<string, string | number>>(
        `INSERT INTO users (username, display_name, role, password_hash, must_change_password, created_at)
         VALUES ($username, $displayName, $role, $passwordHash, $mustChange, $createdAt)
         RETURNING ${COLUMNS}`,
      )
      .get({
        username: user.username,
        displayName: user.displayName.normalize("NFC"),
        role: user.role,
        passwordHash: user.passwordHash,
        mustChange: user.mustChangePassword ? 1 : 0,
        createdAt: user.createdAt,
      });
    if (!row) throw new Error("INSERT … RETURNING gave no row");
    return toUser(row);
  }

  byId(id: number): User | null {
    const row = this.db.query<UserRow, [number]>(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id);
    return row ? toUser(row) : null;
  }

  /** The display name of the account `username` ("Phan Xuân Kỷ"), or null for none. */
  displayName(username: string): string | null {
    return (
      this.db
        .query<{ display_name: string }, [string]>("SELECT display_name FROM users WHERE username = ?")
        .get(username)?.display_name ?? null
    );
  }

  /** The user and their password hash, for checking a login. */
  credentials(username: string): { user: User; passwordHash: string } | null {
    const row = this.db
      .query<UserRow & { password_hash: string }, [string]>(
        `SELECT ${COLUMNS}, password_hash FROM users WHERE username = ?`,
      )
      .get(username);
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  setPassword(id: number, passwordHash: string, mustChangePassword: boolean): void {
    this.db.run("UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?", [
      passwordHash,
      mustChangePassword ? 1 : 0,
      id,
    ]);
  }

  count(): number {
    return this.db.query<{ n: number }, []>("SELECT count(*) AS n FROM users").get()?.n ?? 0;
  }

  list(): User[] {
    return this.db
      .query<UserRow, []>(`SELECT ${COLUMNS} FROM users ORDER BY role, username`)
      .all()
      .map(toUser);
  }
}
