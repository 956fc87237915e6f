import type { Context } from "hono";
import type { AppEnv } from "./context.ts";

/**
 * The submitted form as plain strings (a repeated field keeps its last value), NFC-normalized so that
 * Vietnamese typed on different keyboards compares equal. An unreadable body is an empty form: the
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
      if (typeof value === "string") out[key] = value.normalize("NFC");
    }
    return out;
  } catch {
    return {};
  }
}
