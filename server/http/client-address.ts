import type { Context } from "hono";
import type { AppEnv } from "./context.ts";

/**
 * The client's address, for per-address limits. Behind the reverse proxy that PUBLIC_URL declares,
 * every request comes from the proxy, so the first address of X-Forwarded-For (set by that proxy)
 * is the client's; otherwise Bun.serve's own view (main.ts passes it in).
 */
export const clientAddress = (c: Context<AppEnv>): string => {
  const forwarded = c.var.deps?.config.PUBLIC_URL
    ? c.req.header("X-Forwarded-For")?.split(",")[0]?.trim()
    : undefined;
  return forwarded || c.env?.ip || "không rõ";
};
