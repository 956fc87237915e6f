import { hostname, networkInterfaces } from "node:os";
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { Config } from "../config.ts";
import type { AppEnv } from "./context.ts";
import { renderError } from "./respond.tsx";

/** "LocalHost." → "localhost"; "::1" → "[::1]" (how URL.hostname writes IPv6); zone ids dropped. */
export function normalizeHost(host: string): string {
  const name = host.trim().toLowerCase().replace(/\.$/, "");
  if (name.startsWith("[")) return name;
  if (name.includes(":")) return `[${name.replace(/%.*$/, "")}]`;
  return name;
}

export type Machine = { hostname: string; addresses: string[] };

/** This machine's name and every address of its network interfaces, read once at start. */
export const thisMachine = (): Machine => ({
  hostname: hostname(),
  addresses: Object.values(networkInterfaces())
    .flat()
    .flatMap((a) => (a ? [a.address] : [])),
});

/**
 * The host names the app answers to: ALLOWED_HOSTS when set, else localhost, 127.0.0.1, [::1], this
 * machine's name (also as name.local, mDNS) and addresses, and HOST unless it listens everywhere;
 * always PUBLIC_URL's host.
 */
export function allowedHosts(config: Config, machine: Machine = thisMachine()): Set<string> {
  const hosts = [
    ...(config.ALLOWED_HOSTS ?? [
      "localhost",
      "127.0.0.1",
      "::1",
      machine.hostname,
      `${machine.hostname}.local`,
      ...machine.addresses,
      ...(["0.0.0.0", "::", "[::]"].includes(config.HOST) ? [] : [config.HOST]),
    ]),
  ];
  if (config.PUBLIC_URL) hosts.push(new URL(config.PUBLIC_URL).hostname);
  return new Set(hosts.filter((h) => h !== "").map(normalizeHost));
}

/**
 * Refuses a request for any other Host before anything else runs (issue #9 §3). Without it, a page
 * on another site whose name an attacker re-points at this server's LAN address (DNS rebinding)
 * would be "same origin" with us in the browser: it could read our pages and their CSRF tokens.
 * The port is not compared: the proxy or a port mapping may change it.
 */
export function hostGuard(allowed: Set<string>): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const host = hostOf(c.req.url);
    // A Host header no URL can be made of ("localhost:evil", a port over 65535, empty): the
    // request names no server at all.
    if (host === null)
      return renderError(c, 400, "Yêu cầu ghi sai địa chỉ máy chủ (Host), không xử lý được.");
    const normal = normalizeHost(host);
    if (allowed.has(normal)) {
      c.set("host", normal);
      return next();
    }
    return renderError(
      c,
      421,
      `Máy chủ này không phục vụ địa chỉ “${host}”. Hãy mở đúng địa chỉ Ban Tổ chức đã thông báo. ` +
        "(Người quản trị: thêm tên này vào biến ALLOWED_HOSTS nếu đó đúng là địa chỉ của máy chủ.)",
    );
  });
}

/** Loopback names: a browser trusts these origins over plain HTTP as it trusts HTTPS. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Whether the browser counts the origin users reach us at as potentially trustworthy (W3C Secure
 * Contexts): HTTPS, or a loopback host. Only there do Cross-Origin-Opener-Policy and
 * Origin-Agent-Cluster take effect.
 */
export const trustworthyOrigin = (https: boolean, host: string | undefined): boolean =>
  https || (host !== undefined && LOOPBACK.test(host));

/** The host name of a request URL, or null when the URL cannot be parsed (a malformed Host header). */
function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}
