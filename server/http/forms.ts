import type { Context } from "hono";
import { stripInvisible } from "../domain/text.ts";
import type { AppEnv } from "./context.ts";

/** What every submitted text goes through: NFC, and no invisible format characters (`stripInvisible`). */
const formText = (value: string): string => stripInvisible(value.normalize("NFC"));

/**
 * The submitted form as plain strings (a repeated field keeps its last value), NFC-normalized so that
 * Vietnamese typed on different keyboards compares equal, and without invisible format characters (a
 * soft hyphen pasted into a name would make it unfindable). An unreadable body is an empty form: the
 * schema that follows then reports what is missing, in Vietnamese.
 */
export async function readForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const type = c.req.header("Content-Type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data"))
    return {};
  try {
    const body = await c.req.parseBody();
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === "string") out[key] = formText(value);
    }
    return out;
  } catch {
    return {};
  }
}

/** Like readForm, but the named fields (checkbox groups) come back as arrays of every value sent. */
export async function readFormWithLists<K extends string>(
  c: Context<AppEnv>,
  lists: readonly K[],
): Promise<Record<string, string> & Record<K, string[]>> {
  const out: Record<string, string | string[]> = {};
  for (const key of lists) out[key] = [];
  const type = c.req.header("Content-Type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    return out as Record<string, string> & Record<K, string[]>;
  }
  try {
    const body = await c.req.parseBody({ all: true });
    for (const [key, raw] of Object.entries(body)) {
      const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
      const normalized = values.map(formText);
      out[key] = (lists as readonly string[]).includes(key) ? normalized : (normalized.at(-1) ?? "");
    }
  } catch {
    // An unreadable body is an empty form; the schema reports what is missing.
  }
  return out as Record<string, string> & Record<K, string[]>;
}
