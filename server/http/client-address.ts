import type { Context } from "hono";
import { proxyHops } from "../config.ts";
import type { AppEnv } from "./context.ts";

/**
 * The client's address, for per-address limits and the audit log (issue #9 §3). Behind reverse
 * proxies that append to X-Forwarded-For, only the entries they added can be trusted: whatever the
 * client sent itself comes first ("forged, real"). With TRUSTED_PROXY_HOPS = n (default 1 with
 * PUBLIC_URL, else 0), the client is the n-th entry from the right, the one the outermost trusted
 * proxy added; with 0 the header is ignored and Bun.serve's view of the socket (main.ts passes it
 * in) is the client's. Several X-Forwarded-For headers read as one list.
 */
export const clientAddress = (c: Context<AppEnv>): string => {
  const socket = c.env?.ip || "không rõ";
  const config = c.get("deps")?.config;
  const hops = config ? proxyHops(config) : 0;
  if (hops === 0) return socket;
  const entries = (c.req.header("X-Forwarded-For") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) return socket;
  // Fewer entries than proxies: the request skipped the outer ones; the left-most was still added
  // by a trusted proxy (the client's own entries would come before it).
  const entry = entries[Math.max(0, entries.length - hops)] ?? socket;
  return entry.slice(0, 64);
};
