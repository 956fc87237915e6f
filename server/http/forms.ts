import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { stripInvisible } from "../domain/text.ts";
import type { AppEnv } from "./context.ts";
import { renderError } from "./respond.tsx";

const isFormType = (type: string): boolean =>
  type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");

/**
 * Every page of ours submits forms (urlencoded, or multipart for the roster file); a request that
 * sends a body of another kind (JSON, plain text) was not made by them. Refused before any route
 * reads it as an empty form — a close would otherwise go through with the incidents it carried
 * silently dropped. 415, nothing changed.
 */
export const formBodiesOnly: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return next();
  const length = c.req.header("Content-Length");
  const hasBody =
    length !== undefined
      ? Number(length) > 0
      : c.req.header("Transfer-Encoding") !== undefined || c.req.raw.body !== null;
  if (hasBody && !isFormType(c.req.header("Content-Type") ?? "")) {
    return renderError(
      c,
      415,
      "Dữ liệu gửi lên không phải biểu mẫu của trang nên không được xử lý. Không có gì bị thay đổi; hãy dùng biểu mẫu trên trang.",
    );
  }
  return next();
});

/** A form body that cannot be read (a broken multipart, bad encoding): 400, before any change. */
const unreadable = (): never => {
  throw new HTTPException(400, { message: "unreadable form" });
};

/** What every submitted text goes through: NFC, and no invisible format characters (`stripInvisible`). */
const formText = (value: string): string => stripInvisible(value.normalize("NFC"));

/**
 * The submitted form as plain strings (a repeated field keeps its last value), NFC-normalized so that
 * Vietnamese typed on different keyboards compares equal, and without invisible format characters (a
 * soft hyphen pasted into a name would make it unfindable). No body is an empty form (the schema that
 * follows reports what is missing, in Vietnamese); a form body that cannot be read is a 400 before
 * anything changes (formBodiesOnly has refused bodies of other kinds).
 */
export async function readForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  if (!isFormType(c.req.header("Content-Type") ?? "")) return {};
  let body: Awaited<ReturnType<typeof c.req.parseBody>>;
  try {
    body = await c.req.parseBody();
  } catch {
    return unreadable();
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") out[key] = formText(value);
  }
  return out;
}

/** Like readForm, but the named fields (checkbox groups) come back as arrays of every value sent. */
export async function readFormWithLists<K extends string>(
  c: Context<AppEnv>,
  lists: readonly K[],
): Promise<Record<string, string> & Record<K, string[]>> {
  const out: Record<string, string | string[]> = {};
  for (const key of lists) out[key] = [];
  if (!isFormType(c.req.header("Content-Type") ?? "")) {
    return out as Record<string, string> & Record<K, string[]>;
  }
  let body: Awaited<ReturnType<typeof c.req.parseBody>>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    return unreadable();
  }
  for (const [key, raw] of Object.entries(body)) {
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
    const normalized = values.map(formText);
    out[key] = (lists as readonly string[]).includes(key) ? normalized : (normalized.at(-1) ?? "");
  }
  return out as Record<string, string> & Record<K, string[]>;
}
