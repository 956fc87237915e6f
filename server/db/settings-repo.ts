import type { Database } from "bun:sqlite";

/** Facts about the database itself (table settings, migration 0010), e.g. that it was made as a demo. */
export class SettingsRepo {
  constructor(private readonly db: Database) {}

  get(key: string): string | null {
    return (
      this.db.query<{ value: string }, [string]>("SELECT value FROM settings WHERE key = ?").get(key)
        ?.value ?? null
    );
  }

  set(key: string, value: string): void {
    this.db.run(
      "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [key, value],
    );
  }
}
